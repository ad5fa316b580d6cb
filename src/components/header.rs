//! The page's header: the title, the views (each its own module: moving between them
//! loads the other, see `index.html`), and what the playground is.

use yew::prelude::*;

use super::markup;

/// The views the header links to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum View {
    /// The playground (`#`).
    Playground,
    /// The stories (`#learn`).
    Stories,
    /// The Reach lab (`#lab`).
    Lab,
    /// Verify v2 (`#v2`).
    V2,
}

/// The header (not drawn in an embedded page).
pub fn header(current: View) -> Html {
    let link = |view: View, href: &'static str, label: &'static str| {
        html! {
            <a {href} aria-current={(view == current).then_some("page")}>{ label }</a>
        }
    };
    html! {
        <header class="top">
            { markup(r#"<h1>Verify Playground</h1>"#) }
            <nav aria-label="Views">
                { link(View::Playground, "#", "Playground") }
                { link(View::Stories, "#learn", "Stories") }
                { link(View::Lab, "#lab", "Reach lab") }
                { link(View::V2, "#v2", "Verify v2") }
            </nav>
            { markup(r#"<p class="tagline">The Verify API's workflows, simulated in your browser: send a request, watch the SMS and calls reach the phone, and see every call your backend would make.</p>"#) }
        </header>
    }
}
