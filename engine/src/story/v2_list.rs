//! The keys and titles of Verify v2's stories, without the `v2` feature: the `#learn`
//! index (built without v2's code) lists them, and their addresses open the `#v2`
//! module, which tells them ([`super::v2`]).

/// Each v2 story's key (its address is `#learn/KEY`) and title, in the index's order.
pub const V2_STORIES: [(&str, &str); 6] = [
    ("v2-sms-voice", "Verify v2: SMS, then a voice call"),
    ("v2-whatsapp-sms", "Verify v2: WhatsApp, then SMS"),
    (
        "v2-silent-auth-sms",
        "Verify v2: silent authentication, then SMS",
    ),
    ("v2-email", "Verify v2: a code by email"),
    (
        "v2-or-v1",
        "v1 or v2? Workflow 1 beside sms -> voice -> voice",
    ),
    ("v2-webhook", "Verify v2: what my webhook receives"),
];

/// Whether `key` names a v2 story (its address belongs to the `#v2` module).
pub fn is_v2_story(key: &str) -> bool {
    V2_STORIES.iter().any(|(k, _)| *k == key)
}
