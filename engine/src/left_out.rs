//! What every build knows of Verify v2, with the `v2` feature or without it: the names
//! of its calls. A build that leaves v2 out (the playground's v1 views) still recognises
//! them, so that a scenario, a share link or a saved session holding a v2 call is refused
//! by name, in words a reader can act on, rather than as an unknown key or not at all.

use thiserror::Error;

/// The scenario names of Verify v2's calls, in Part C's order (with the `v2` feature,
/// the names of `Endpoint::V2`).
pub const V2_CALLS: [&str; 6] = [
    "verify2",
    "check2",
    "cancel2",
    "next2",
    "silent_auth",
    "reply",
];

/// A Verify v2 call met by a build without the `v2` feature: it cannot be made, and
/// leaving it out silently would change what the rest of a session means.
#[derive(Clone, Copy, Debug, Error, PartialEq, Eq)]
#[error("`{call}` needs Verify v2, which this build leaves out")]
pub struct V2LeftOut {
    /// The call's scenario name (`verify2`, ..., `reply`).
    pub call: &'static str,
}

impl V2LeftOut {
    /// The refusal for a call named `name`: `Some` when `name` is a v2 call's and this
    /// build has no v2; `None` otherwise (a build with v2 makes the call, and any other
    /// name is not v2's to refuse).
    pub fn named(name: &str) -> Option<V2LeftOut> {
        if cfg!(feature = "v2") {
            return None;
        }
        V2_CALLS
            .into_iter()
            .find(|&call| call == name)
            .map(|call| V2LeftOut { call })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "v2")]
    #[test]
    fn the_names_are_the_v2_endpoints_and_a_build_with_v2_refuses_none() {
        let names = crate::Endpoint::V2.map(crate::Endpoint::name);
        assert_eq!(names, V2_CALLS);
        assert!(V2_CALLS.iter().all(|name| V2LeftOut::named(name).is_none()));
    }

    #[cfg(not(feature = "v2"))]
    #[test]
    fn a_build_without_v2_refuses_each_v2_call_by_name() {
        for name in V2_CALLS {
            let refusal = V2LeftOut::named(name).expect("a v2 call");
            assert_eq!(
                refusal.to_string(),
                format!("`{name}` needs Verify v2, which this build leaves out")
            );
        }
        assert_eq!(V2LeftOut::named("verify"), None);
        assert_eq!(V2LeftOut::named("psd2"), None);
    }
}
