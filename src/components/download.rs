//! A link that downloads a text as a file.

use std::rc::Rc;

use yew::prelude::*;

use crate::platform::download::DownloadUrl;

/// Properties of [`DownloadLink`].
#[derive(Properties, PartialEq)]
pub struct DownloadLinkProps {
    /// The file's contents.
    pub text: Rc<str>,
    /// The file's name.
    pub file: AttrValue,
}

/// "Download FILE": a `blob:` link made once per text and released with it.
#[function_component]
pub fn DownloadLink(props: &DownloadLinkProps) -> Html {
    let url = use_memo(props.text.clone(), |text| DownloadUrl::new(text));
    match url.as_ref() {
        Some(url) => html! {
            <a href={url.href().to_owned()} download={props.file.clone()}>
                { format!("Download {}", props.file) }
            </a>
        },
        None => html! {
            <span class="hint">{ "This browser cannot offer the file: copy the text instead." }</span>
        },
    }
}
