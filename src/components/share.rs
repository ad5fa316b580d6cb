//! Sharing: "Share session" makes a link that reproduces the whole session (copied to the
//! clipboard, and shown in the "Share link" field); "Copy embed code" gives an `<iframe>`
//! for documentation pages, with the session when it fits in a link.

use yew::prelude::*;

use super::markup;
use super::ui::Made;
use crate::platform::share::compress;
use crate::state::share::{MAX_LINK, SHARE_VERSION};

/// The link's fragment for a session's link data, `None` without a session, or why there
/// is no link.
pub async fn link_fragment(payload: Option<String>) -> Result<Option<String>, Made> {
    let Some(text) = payload else {
        return Ok(None);
    };
    let code = compress(&text).await.map_err(Made::Failed)?;
    let fragment = format!("#share={SHARE_VERSION}.{code}");
    if fragment.len() > MAX_LINK {
        return Err(Made::TooBig(fragment.len()));
    }
    Ok(Some(fragment))
}

/// The iframe snippet for `src`.
pub fn iframe(src: &str) -> String {
    format!(
        "<iframe src=\"{}\" title=\"Verify Playground\" width=\"100%\" height=\"720\" \
         style=\"border:0\" loading=\"lazy\"></iframe>",
        src.replace('&', "&amp;").replace('"', "&quot;")
    )
}

/// The "Share session" and "Copy embed code" buttons, and what they made.
pub fn share_controls(
    made: Option<&Made>,
    on_share: Callback<MouseEvent>,
    on_embed: Callback<MouseEvent>,
) -> Html {
    html! {
        <div class="share">
            <div class="button-row">
                <button type="button" onclick={on_share}>{ "Share session" }</button>
                <button type="button" onclick={on_embed}>{ "Copy embed code" }</button>
            </div>
            { match made {
                None => Html::default(),
                Some(Made::Link(link, copied)) => html! {
                    <div class="field">
                        { markup(r#"<label for="share-link">Share link</label>"#) }
                        <input id="share-link" type="text" readonly=true value={link.clone()} />
                        <p class="hint" aria-live="polite">{
                            if *copied {
                                "Copied. Anyone who opens it sees this session as it is now: the same requests, phones and API log."
                            } else {
                                "Copy it from the field: the browser did not let the page use the clipboard."
                            }
                        }</p>
                    </div>
                },
                Some(Made::TooBig(size)) => html! {
                    <p class="field-error" role="alert">{ format!(
                        "This session is too big for a link ({} KB compressed; links stay under {} KB). Export it as a scenario file instead: it replays the same session here or with verify-sim.",
                        size / 1024, MAX_LINK / 1024
                    ) }</p>
                },
                Some(Made::Failed(why)) => html! {
                    <p class="field-error" role="alert">{ format!("No link was made: {why}.") }</p>
                },
                Some(Made::Embed(code, copied)) => html! {
                    <div class="field">
                        { markup(r#"<label for="embed-code">Embed code</label>"#) }
                        <textarea id="embed-code" readonly=true rows="3" value={code.clone()} />
                        <p class="hint" aria-live="polite">{
                            if *copied { "Copied. " } else { "" }
                        }{ "Paste it into a documentation page: the playground lays itself out for the frame's size." }</p>
                    </div>
                },
            } }
        </div>
    }
}
