//! Sharing: "Share session" makes a link that reproduces the whole session (copied to the
//! clipboard, and shown in the "Share link" field); "Copy embed code" gives an `<iframe>`
//! for documentation pages, with the session when it fits in a link.

use yew::prelude::*;

use crate::platform::share::compress;
use crate::platform::Platform;
use crate::state::share::{MAX_LINK, SHARE_VERSION};

/// Properties of [`Share`].
#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// Writes the session's link data (JSON) when asked; `None` when there is no session
    /// to share (the embed code then carries the settings only).
    pub payload: Callback<(), Option<String>>,
    /// The page's address with its settings (query), without a fragment.
    pub address: AttrValue,
    /// The address of the same settings, embedded (`?embed`).
    pub embed_address: AttrValue,
}

#[derive(Clone, PartialEq)]
enum Made {
    Link(String, bool),
    TooBig(usize),
    Embed(String, bool),
    Failed(String),
}

/// The link's fragment for `payload`, or why there is none.
async fn fragment(payload: Option<String>) -> Result<Option<String>, Made> {
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

/// The share and embed controls.
#[function_component]
pub fn Share(props: &ShareProps) -> Html {
    let platform = use_context::<Platform>();
    let made = use_state(|| None::<Made>);
    let on_share = {
        let (payload, address, made, platform) = (
            props.payload.clone(),
            props.address.clone(),
            made.clone(),
            platform.clone(),
        );
        let platform = platform.clone();
        Callback::from(move |_: MouseEvent| {
            let text = payload.emit(());
            let (address, made, platform) = (address.clone(), made.clone(), platform.clone());
            if text.is_none() {
                made.set(Some(Made::Failed(
                    "there is nothing to share yet: send a verification first".into(),
                )));
                return;
            }
            yew::platform::spawn_local(async move {
                match fragment(text).await {
                    Ok(fragment) => {
                        let link = format!("{address}{}", fragment.unwrap_or_default());
                        let copied = made.clone();
                        let shown = link.clone();
                        match &platform {
                            Some(p) => p.clipboard.copy(
                                link,
                                Callback::from(move |ok| {
                                    copied.set(Some(Made::Link(shown.clone(), ok)))
                                }),
                            ),
                            None => made.set(Some(Made::Link(link, false))),
                        }
                    }
                    Err(problem) => made.set(Some(problem)),
                }
            });
        })
    };
    let on_embed = {
        let (payload, embed, made) = (
            props.payload.clone(),
            props.embed_address.clone(),
            made.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let text = payload.emit(());
            let (embed, made, platform) = (embed.clone(), made.clone(), platform.clone());
            yew::platform::spawn_local(async move {
                // A session too big for a link is embedded without it: the settings stay.
                let fragment = fragment(text).await.ok().flatten().unwrap_or_default();
                let code = iframe(&format!("{embed}{fragment}"));
                let shown = code.clone();
                match &platform {
                    Some(p) => p.clipboard.copy(
                        code,
                        Callback::from(move |ok| made.set(Some(Made::Embed(shown.clone(), ok)))),
                    ),
                    None => made.set(Some(Made::Embed(code, false))),
                }
            });
        })
    };
    html! {
        <div class="share">
            <div class="button-row">
                <button type="button" onclick={on_share}>{ "Share session" }</button>
                <button type="button" onclick={on_embed}>{ "Copy embed code" }</button>
            </div>
            { match &*made {
                None => Html::default(),
                Some(Made::Link(link, copied)) => html! {
                    <div class="field">
                        <label for="share-link">{ "Share link" }</label>
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
                        <label for="embed-code">{ "Embed code" }</label>
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
