//! "v1 or v2?": v1's workflow 1 (SMS, call, call) beside v2's sms -> voice -> voice,
//! started at the same instant and never checked: when each sends what, and whether the
//! code stays the same.

use super::super::Story;
use super::patterns::title;
use super::{play, reaches, start_body, Act, Instant, Told};
use crate::time::{clock, Millis};
use crate::workflow::Channel as V1Channel;
use crate::{Engine, Happening, Workflow};

/// The story's key.
pub(super) const V1_OR_V2: &str = "v2-or-v1";

const V2_NUMBER: &str = "447700900501";
const V1_NUMBER: &str = "447700900502";

/// One message either version sent, for the view's side-by-side table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    /// When it was sent.
    pub at: Millis,
    /// `v1` or `v2`.
    pub version: &'static str,
    /// What it was: the channel and its code, or the request's end.
    pub what: String,
}

/// What v1 did at one instant, and its PIN so far (to say "same" or "new").
#[derive(Default)]
struct V1Told {
    pin: Option<String>,
}

impl V1Told {
    fn tell(&mut self, engine: &Engine, instant: &Instant, sent: &mut Vec<Sent>) -> String {
        let mut said = Vec::new();
        for happening in &instant.happened {
            match happening {
                Happening::Delivered(d) => {
                    let what = match d.channel {
                        V1Channel::Sms => "an SMS",
                        V1Channel::Tts => "a voice call",
                    };
                    let pin = d.pin.to_string();
                    let kind = match &self.pin {
                        None => "PIN",
                        Some(before) if *before == pin => "the same PIN",
                        Some(_) => "a new PIN",
                    };
                    said.push(format!("v1 sends {what} with {kind} {pin}."));
                    sent.push(Sent {
                        at: instant.at,
                        version: "v1",
                        what: format!("{what} with PIN {pin}"),
                    });
                    self.pin = Some(pin);
                }
                Happening::Ended { status, .. } => {
                    said.push(format!("v1's request ends {}.", status.as_str()));
                    sent.push(Sent {
                        at: instant.at,
                        version: "v1",
                        what: format!("ends {}", status.as_str()),
                    });
                }
                _ => {}
            }
        }
        let v1 = engine.requests().iter().find(|r| r.number() == V1_NUMBER);
        if said.is_empty() && instant.calls.is_empty() {
            if let Some(request) = v1.filter(|r| r.pin_dies() == instant.at) {
                said.push(format!(
                    "v1's PIN {} dies, its {} s lifetime over: v1's next call will bring a \
                     new one.",
                    request.current_pin(),
                    crate::DEFAULT_PIN_EXPIRY
                ));
            }
        }
        said.join(" ")
    }
}

/// Both versions from one engine, each instant captioned for both.
fn run(timeout: u32) -> (Story, Vec<Sent>) {
    let steps = [
        ("sms", V2_NUMBER),
        ("voice", V2_NUMBER),
        ("voice", V2_NUMBER),
    ];
    let body = start_body(&steps, timeout, None);
    let acts = vec![
        (0, Act::Start(body)),
        (0, Act::StartV1(V1_NUMBER.to_owned(), Workflow::ALL[0])),
    ];
    let (mut v1, mut v2) = (V1Told::default(), Told::default());
    let mut sent = Vec::new();
    let (calls, moments) = play(acts, &mut |engine, instant| {
        let mut parts = vec![clock(instant.at) + ":"];
        if !instant.calls.is_empty() {
            parts.push(
                "two requests to two phones: v1 workflow 1 (/verify/json) and v2 (/v2/verify)."
                    .to_owned(),
            );
        }
        let said = v2.v2(engine, instant, false);
        for happening in &instant.happened {
            if let Happening::V2Delivered(d) = happening {
                sent.push(Sent {
                    at: instant.at,
                    version: "v2",
                    what: format!(
                        "{} with code {}",
                        reaches(d.channel),
                        d.code.map(|c| c.to_string()).unwrap_or_default()
                    ),
                });
            }
            if let Happening::V2Ended { status, .. } = happening {
                sent.push(Sent {
                    at: instant.at,
                    version: "v2",
                    what: format!("ends {}", status.as_str()),
                });
            }
        }
        let v1_said = v1.tell(engine, instant, &mut sent);
        if !v1_said.is_empty() {
            parts.push(v1_said);
        }
        if !said.is_empty() {
            parts.push(format!("v2: {said}"));
        }
        (parts.len() > 1).then(|| parts.join(" "))
    });
    let story = Story {
        key: V1_OR_V2,
        title: title(V1_OR_V2),
        intro: format!(
            "The same question in both versions: an SMS, then two calls, and nobody types a \
             code. v1's workflow 1 has fixed gaps and a PIN that dies after {} s; v2's \
             steps each last channel_timeout ({timeout} s here) and share one code.",
            crate::DEFAULT_PIN_EXPIRY
        ),
        calls,
        moments,
    };
    (story, sent)
}

/// "v1 or v2?" with this v2 channel_timeout.
pub(super) fn v1_or_v2(timeout: u32) -> Story {
    run(timeout).0
}

/// What each version sent and when, in time order (v1 and v2 at one instant in the order
/// the engine ran them), for the default channel_timeout.
pub fn side_by_side() -> Vec<Sent> {
    run(180).1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SECOND;

    #[test]
    fn v1_changes_its_pin_where_v2_keeps_its_code() {
        let story = v1_or_v2(180);
        let times: Vec<u64> = story.moments.iter().map(|m| m.at / SECOND).collect();
        assert_eq!(times, [0, 125, 180, 300, 305, 360, 540, 605]);
        let c: Vec<&str> = story.moments.iter().map(|m| m.caption.as_str()).collect();
        assert!(c[0].contains("v1 sends an SMS with PIN "));
        assert!(c[0].contains("v2: Your backend POSTs /v2/verify"));
        assert!(c[1].starts_with("2:05: v1 sends a voice call with the same PIN "));
        assert!(c[2].contains("v2: A voice call brings the same code, "));
        assert!(c[3].contains("v1's PIN ") && c[3].contains("dies"));
        assert!(c[4].contains("v1 sends a voice call with a new PIN "));
        assert!(c[5].contains("v2: A voice call brings the same code, "));
        assert!(c[6].contains("The request ends expired."));
        assert!(c[7].contains("v1's request ends EXPIRED."));
        // v2's timings are its channel_timeout's: 120 s moves v2's moments, not v1's.
        let quicker: Vec<u64> = v1_or_v2(120)
            .moments
            .iter()
            .map(|m| m.at / SECOND)
            .collect();
        assert_eq!(quicker, [0, 120, 125, 240, 300, 305, 360, 605]);
        // v1's call is the one v1's own stories make.
        assert_eq!(
            story.calls[1].1,
            super::super::super::verify(V1_NUMBER, Workflow::ALL[0])
        );
    }

    #[test]
    fn the_side_by_side_table_lists_both_versions() {
        let sent = side_by_side();
        let v1: Vec<&Sent> = sent.iter().filter(|s| s.version == "v1").collect();
        let v2: Vec<&Sent> = sent.iter().filter(|s| s.version == "v2").collect();
        assert_eq!(v1.len(), 4);
        assert_eq!(v2.len(), 4);
        let codes: Vec<&str> = v2[..3]
            .iter()
            .map(|s| s.what.rsplit(' ').next().unwrap_or_default())
            .collect();
        assert!(codes.windows(2).all(|w| w[0] == w[1]));
        assert_eq!(v2[3].what, "ends expired");
        assert!(sent.windows(2).all(|w| w[0].at <= w[1].at));
    }
}
