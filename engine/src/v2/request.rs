//! One v2 request: its steps, where it stands, and what its steps deliver.

use std::sync::Arc;

use serde::Serialize;

use super::body::{Channel, Recipient, StepSpec};
use super::code::Code;
use super::texts::{self, TextLang};
use crate::ids::Uuid;
use crate::time::{Millis, SECOND};

/// A silent_auth step lasts this long, whatever the channel_timeout (Part C3).
pub const SILENT_AUTH_STEP: Millis = 60 * SECOND;

/// Where a v2 request stands, in v2's words.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Still running its workflow.
    InProgress,
    /// A right code, a Yes, or a right code after a silent-auth hop.
    Completed,
    /// The third wrong code, or a failed silent-auth hop on the last step.
    Failed,
    /// The last step ended unconverted.
    Expired,
    /// A No, or a silent-auth hop rejected by the user, on the last step.
    UserRejected,
    /// Every step that could deliver was blocked (a later fault's outcome).
    Blocked,
    /// Cancelled (`DELETE`); no callback is sent.
    Cancelled,
}

impl Status {
    /// The word (`in_progress`, `completed`, `failed`, `expired`, `user_rejected`,
    /// `blocked`, `cancelled`); `in_progress` is the simulator's, no callback sends it.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::Failed => "failed",
            Status::Expired => "expired",
            Status::UserRejected => "user_rejected",
            Status::Blocked => "blocked",
            Status::Cancelled => "cancelled",
        }
    }
}

/// Where one step stands.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Never started.
    Unused,
    /// The current step.
    Active,
    /// Converted: a right code, a Yes.
    Completed,
    /// The third wrong code in it, or a failed silent-auth hop.
    Failed,
    /// Timed out, or moved on from with next_workflow.
    Expired,
    /// A No, or a silent-auth hop the user rejected.
    UserRejected,
    /// Skipped by a network block (a later fault's outcome).
    Blocked,
    /// The step running when the request was cancelled (never in a callback).
    Cancelled,
}

impl StepStatus {
    /// The word callbacks use.
    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Unused => "unused",
            StepStatus::Active => "active",
            StepStatus::Completed => "completed",
            StepStatus::Failed => "failed",
            StepStatus::Expired => "expired",
            StepStatus::UserRejected => "user_rejected",
            StepStatus::Blocked => "blocked",
            StepStatus::Cancelled => "cancelled",
        }
    }
}

/// One step of a request: what was asked, when it started, how it ended.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Step {
    /// The step as asked.
    pub spec: StepSpec,
    /// When it started (its callbacks' `initiated_at`, `triggered_at`).
    pub started: Option<Millis>,
    /// Where it stands.
    pub status: StepStatus,
    /// The network whose block skipped it (status `blocked`, A8/C7).
    pub blocked_on: Option<Arc<str>>,
}

impl Step {
    /// How long the step lasts once started: 60 s for silent_auth, else the request's
    /// channel_timeout.
    pub fn duration(&self, channel_timeout: u32) -> Millis {
        match self.spec.channel {
            Channel::SilentAuth => SILENT_AUTH_STEP,
            _ => Millis::from(channel_timeout) * SECOND,
        }
    }
}

/// A Verify v2 request and everything that happened to it.
#[derive(Clone, Debug)]
pub struct Request {
    pub(crate) id: Uuid,
    /// Its place among every request the engine started, v1 and v2: timers due at one
    /// instant run in this order.
    pub(crate) order: u32,
    pub(crate) brand: Arc<str>,
    pub(crate) lang: TextLang,
    pub(crate) channel_timeout: u32,
    pub(crate) code: Code,
    pub(crate) client_ref: Option<Arc<str>>,
    pub(crate) fraud_check: bool,
    pub(crate) steps: Vec<Step>,
    pub(crate) submitted: Millis,
    pub(crate) status: Status,
    pub(crate) finalized: Option<Millis>,
    /// Index of the current (or last run) step.
    pub(crate) current: usize,
    /// Bumped whenever the schedule changes, so that stale timers are ignored.
    pub(crate) generation: u32,
    pub(crate) wrong_codes: u8,
    /// The device's silent-auth hop completed in the current step.
    pub(crate) hopped: bool,
    /// silent_auth first: the URL the device opens.
    pub(crate) check_url: Option<Arc<str>>,
    /// Its retention ran out: its id is no longer known.
    pub(crate) forgotten: bool,
}

impl Request {
    /// Its id.
    pub fn id(&self) -> Uuid {
        self.id
    }
    /// The brand named in texts.
    pub fn brand(&self) -> &str {
        &self.brand
    }
    /// The texts' language.
    pub fn lang(&self) -> TextLang {
        self.lang
    }
    /// Seconds each step (but silent_auth) lasts.
    pub fn channel_timeout(&self) -> u32 {
        self.channel_timeout
    }
    /// The request's one code, used by every step (what the user would type).
    pub fn code(&self) -> Code {
        self.code
    }
    /// `client_ref`, if given.
    pub fn client_ref(&self) -> Option<&str> {
        self.client_ref.as_deref()
    }
    /// Whether network blocks apply to it (`fraud_check`, default true).
    pub fn fraud_check(&self) -> bool {
        self.fraud_check
    }
    /// Its steps, in order (none once its retention has run out and it is forgotten).
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }
    /// The index of the current step (the last one run, once ended).
    pub fn current(&self) -> usize {
        self.current
    }
    /// When it was started.
    pub fn submitted(&self) -> Millis {
        self.submitted
    }
    /// Where it stands.
    pub fn status(&self) -> Status {
        self.status
    }
    /// Whether the phone can answer it now (Yes or No on WhatsApp): it is in progress and
    /// its current step is whatsapp_interactive. The engine's rule for a reply, which the
    /// pages' Yes and No buttons follow too.
    pub fn awaits_reply(&self) -> bool {
        self.status == Status::InProgress
            && self.steps[self.current].spec.channel == Channel::WhatsappInteractive
    }
    /// When it ended, if it has.
    pub fn finalized(&self) -> Option<Millis> {
        self.finalized
    }
    /// Wrong codes so far (the third ends it; moving on does not reset the count).
    pub fn wrong_codes(&self) -> u8 {
        self.wrong_codes
    }
    /// The `check_url` of a request whose first step is silent_auth.
    pub fn check_url(&self) -> Option<&str> {
        self.check_url.as_deref()
    }
    /// What is still to come if nothing interrupts it: the current step and the later
    /// ones with their start times, and when it ends; no steps once it has ended.
    pub fn plan(&self) -> Plan {
        if let Some(end) = self.finalized {
            return Plan {
                steps: Vec::new(),
                end,
            };
        }
        let mut at = self.steps[self.current].started.unwrap_or(self.submitted);
        let mut steps = Vec::with_capacity(self.steps.len() - self.current);
        for step in &self.steps[self.current..] {
            steps.push((step.spec.channel, at));
            at += step.duration(self.channel_timeout);
        }
        Plan { steps, end: at }
    }
    pub(crate) fn in_progress(&self) -> bool {
        self.status == Status::InProgress
    }
}

/// A v2 request's projected future: step starts, and the end if nothing interrupts it.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Plan {
    /// Each step still to run (the current one first) and when it starts.
    pub steps: Vec<(Channel, Millis)>,
    /// When the request expires, unconverted.
    pub end: Millis,
}

/// A message a v2 step sends: a code (sms, voice, whatsapp, email, rcs) or the
/// whatsapp_interactive question.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Delivery {
    /// When it was sent.
    pub at: Millis,
    /// The request it belongs to.
    pub request_id: Uuid,
    /// Its channel.
    pub channel: Channel,
    /// Where it goes: the number's digits or the address as given.
    pub to: Recipient,
    /// The code it carries; `None` for the whatsapp_interactive question.
    pub code: Option<Code>,
    /// The brand named in it.
    pub brand: Arc<str>,
    /// Its language.
    pub lang: TextLang,
    /// The step's lifetime in seconds, as the text states it.
    pub channel_timeout: u32,
    /// A phone fault kept it from the phone (A8): Verify sent it all the same.
    pub lost: bool,
    /// A phone fault delayed it (`sms-delay`): when it reached the phone.
    pub delivered_at: Option<Millis>,
}

impl Delivery {
    /// What the phone shows, the call speaks, the email's body says, or the WhatsApp
    /// question asks. Made on demand: the engine's hot path formats no text.
    pub fn text(&self) -> String {
        match (self.channel, &self.code) {
            (Channel::Voice, Some(code)) => texts::voice(self.lang, &self.brand, code),
            (_, Some(code)) => {
                texts::code_sentence(self.lang, &self.brand, code, self.channel_timeout)
            }
            (_, None) => texts::question(self.lang, &self.brand),
        }
    }

    /// An email's subject; `None` for the other channels.
    pub fn subject(&self) -> Option<String> {
        (self.channel == Channel::Email).then(|| texts::email_subject(self.lang, &self.brand))
    }

    /// The answers a whatsapp_interactive question offers (Yes, No in its language).
    pub fn answers(&self) -> Option<[&'static str; 2]> {
        (self.channel == Channel::WhatsappInteractive).then(|| texts::answers(self.lang))
    }
}
