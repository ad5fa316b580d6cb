//! The common v2 channel sequences, each from its start to its end, and what the app's
//! webhook receives on the way.

use super::super::{Story, V2_STORIES};
use super::{play, start_body, Act, Told};
use crate::time::{clock, Millis, SECOND};

/// `sms -> voice`, nobody checking.
pub(super) const SMS_VOICE: &str = "v2-sms-voice";
/// `whatsapp -> sms`, checked after the SMS.
pub(super) const WHATSAPP_SMS: &str = "v2-whatsapp-sms";
/// `silent_auth -> sms` on a number the sandbox fails.
pub(super) const SILENT_AUTH_SMS: &str = "v2-silent-auth-sms";
/// `email`, checked.
pub(super) const EMAIL: &str = "v2-email";
/// `whatsapp_interactive -> sms` with a client_ref: each callback's JSON.
pub(super) const WEBHOOK: &str = "v2-webhook";

/// The title [`V2_STORIES`] gives `key`.
pub(super) fn title(key: &str) -> String {
    V2_STORIES
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, t)| (*t).to_owned())
        .unwrap_or_default()
}

/// Tells each instant with [`Told::v2`], prefixed by its clock.
fn told(key: &'static str, intro: String, acts: Vec<(Millis, Act)>, json_callbacks: bool) -> Story {
    let mut memory = Told::default();
    let (calls, moments) = play(acts, &mut |engine, instant| {
        if instant.calls.is_empty() && instant.happened.is_empty() {
            return None;
        }
        Some(format!(
            "{}: {}",
            clock(instant.at),
            memory.v2(engine, instant, json_callbacks)
        ))
    });
    Story {
        key,
        title: title(key),
        intro,
        calls,
        moments,
    }
}

/// `sms -> voice`: nobody types the code, so the call comes at channel_timeout with the
/// same code; the request expires at the end of the call's step.
pub(super) fn sms_voice(timeout: u32) -> Story {
    let steps = [("sms", "447700900301"), ("voice", "447700900301")];
    told(
        SMS_VOICE,
        format!(
            "The commonest v2 workflow: an SMS first, a voice call if the code is not typed \
             within channel_timeout ({timeout} s here). Nobody types it: watch when the call \
             comes, what it says, and when the request ends."
        ),
        vec![(0, Act::Start(start_body(&steps, timeout, None)))],
        false,
    )
}

/// `whatsapp -> sms`: the WhatsApp message is not read, the SMS brings the same code and
/// the user types it 20 s later.
pub(super) fn whatsapp_sms(timeout: u32) -> Story {
    let steps = [("whatsapp", "447700900302"), ("sms", "447700900302")];
    let typed = Millis::from(timeout) * SECOND + 20 * SECOND;
    told(
        WHATSAPP_SMS,
        format!(
            "WhatsApp first (cheaper where users have it), SMS as the fallback after \
             {timeout} s. This user does not open WhatsApp, reads the SMS and types its code."
        ),
        vec![
            (0, Act::Start(start_body(&steps, timeout, None))),
            (typed, Act::CheckRight),
        ],
        false,
    )
}

/// `silent_auth -> sms` to a number whose sandbox outcome is failure: the device's check
/// fails at once and the SMS goes out; the user types its code.
pub(super) fn silent_auth_sms() -> Story {
    let steps = [("silent_auth", "447700900400"), ("sms", "447700900400")];
    told(
        SILENT_AUTH_SMS,
        "Silent authentication asks the mobile network whether the phone holding the number \
         is the one making the request, with nothing for the user to type. When the network \
         cannot tell (here a number the sandbox fails: it ends in 00), the next channel \
         takes over at once."
            .to_owned(),
        vec![
            (0, Act::Start(start_body(&steps, 180, None))),
            (2 * SECOND, Act::Hop),
            (40 * SECOND, Act::CheckRight),
        ],
        false,
    )
}

/// `email`: the code in the inbox, typed a minute later.
pub(super) fn email() -> Story {
    let steps = [("email", "ada@example.com")];
    told(
        EMAIL,
        "Email reaches users without a phone signal or a mobile number. The code arrives in \
         the inbox with its subject; the user types it a minute later."
            .to_owned(),
        vec![
            (0, Act::Start(start_body(&steps, 300, None))),
            (60 * SECOND, Act::CheckRight),
        ],
        false,
    )
}

/// `whatsapp_interactive -> sms` with a client_ref: the user taps No, the SMS follows,
/// the user types its code; every callback's exact JSON when it is sent.
pub(super) fn webhook() -> Story {
    let steps = [
        ("whatsapp_interactive", "447700900303"),
        ("sms", "447700900303"),
    ];
    told(
        WEBHOOK,
        "Your webhook hears about a request at two kinds of moment: an event when a \
         WhatsApp question or a silent check ends (or a silent check starts), and a summary \
         when the request ends (never on cancel). Here the user taps No on WhatsApp, then \
         types the SMS's code: each callback's JSON is exactly what is POSTed."
            .to_owned(),
        vec![
            (0, Act::Start(start_body(&steps, 180, Some("order-42")))),
            (30 * SECOND, Act::Reply("no")),
            (75 * SECOND, Act::CheckRight),
        ],
        true,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn captions(story: &Story) -> Vec<(u64, &str)> {
        story
            .moments
            .iter()
            .map(|m| (m.at / SECOND, m.caption.as_str()))
            .collect()
    }

    #[test]
    fn sms_then_voice_calls_at_channel_timeout_with_the_same_code() {
        let story = sms_voice(180);
        let told = captions(&story);
        assert_eq!(told.iter().map(|t| t.0).collect::<Vec<_>>(), [0, 180, 360]);
        assert!(told[0].1.starts_with("0:00: Your backend POSTs /v2/verify"));
        assert!(told[0].1.contains("An SMS brings the code "));
        assert!(told[0]
            .1
            .contains("the next step, a voice call, starts at 3:00."));
        assert!(told[1]
            .1
            .starts_with("3:00: A voice call brings the same code, "));
        assert!(told[1].1.contains("the request expires at 6:00."));
        assert!(told[2].1.contains("status expired"));
        assert!(told[2].1.contains("The request ends expired."));
        // The timing is the engine's: a shorter channel_timeout moves every moment.
        let quicker = sms_voice(120);
        let told = captions(&quicker);
        assert_eq!(told.iter().map(|t| t.0).collect::<Vec<_>>(), [0, 120, 240]);
        assert!(told[0].1.contains("starts at 2:00."));
        assert!(told[1].1.contains("expires at 4:00."));
    }

    #[test]
    fn whatsapp_then_sms_is_checked_with_the_same_code() {
        let story = whatsapp_sms(180);
        let told = captions(&story);
        assert_eq!(told.iter().map(|t| t.0).collect::<Vec<_>>(), [0, 180, 200]);
        assert!(told[0].1.contains("A WhatsApp message brings the code "));
        assert!(told[1].1.contains("An SMS brings the same code, "));
        assert!(told[2].1.contains(": 200, status completed."));
        assert!(told[2].1.contains("summary callback, status completed."));
        assert_eq!(whatsapp_sms(60).moments[1].at, 60 * SECOND);
    }

    #[test]
    fn silent_auth_fails_on_a_00_number_and_the_sms_takes_over() {
        let story = silent_auth_sms();
        let told = captions(&story);
        assert_eq!(told.iter().map(|t| t.0).collect::<Vec<_>>(), [0, 2, 40]);
        assert!(told[0].1.contains("and a check_url for the device"));
        assert!(told[0].1.contains("event callback, status action_pending"));
        assert!(told[1]
            .1
            .contains("the sandbox answers failed for a number ending 00"));
        assert!(told[1].1.contains("event callback, status failed"));
        assert!(told[1].1.contains("An SMS brings the code "));
        assert!(told[1].1.contains("expires at 3:02."));
        assert!(told[2].1.contains("status completed"));
    }

    #[test]
    fn email_is_read_and_checked() {
        let story = email();
        let told = captions(&story);
        assert_eq!(told.iter().map(|t| t.0).collect::<Vec<_>>(), [0, 60]);
        assert!(told[0].1.contains("An email brings the code "));
        assert!(told[0].1.contains("expires at 5:00."));
        assert!(told[1].1.contains("summary callback, status completed."));
    }

    #[test]
    fn the_webhook_story_quotes_each_callback_as_posted() {
        let story = webhook();
        let told = captions(&story);
        assert_eq!(told.iter().map(|t| t.0).collect::<Vec<_>>(), [0, 30, 75]);
        assert!(told[0].1.contains("A WhatsApp question reaches the phone"));
        assert!(told[1].1.contains("The user taps No."));
        assert!(told[1].1.contains(
            r#""triggered_at":"2026-01-01T00:00:00.000Z","type":"event","channel":"whatsapp_interactive","status":"user_rejected","finalized_at":"2026-01-01T00:00:30.000Z","client_ref":"order-42"}"#
        ));
        assert!(told[2]
            .1
            .contains(r#""status":"completed","type":"summary""#));
        assert!(told[2]
            .1
            .contains(r#""price":"0.05000000","client_ref":"order-42"}"#));
    }
}
