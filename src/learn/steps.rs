//! What both stories' modules show alike, v1's (`#learn`, module `verify-learn`) and
//! v2's (`#learn/v2-…`, module `verify-v2-stories`): the story's title, the moment shown
//! with its caption, the step buttons, and the list of stories. Written once so that the
//! two pages cannot drift apart (their e2e tests find the buttons by the same names).

use verify_engine::story::Story;
use yew::prelude::*;

/// One of the story's buttons (Back, Next, Play story or Pause story). Not inlined: each
/// call site would otherwise carry its own copy of the markup.
#[inline(never)]
fn step_button(
    label: &'static str,
    primary: bool,
    disabled: bool,
    onclick: Callback<MouseEvent>,
) -> Html {
    html! {
        <button type="button" class={primary.then_some("primary")} {disabled} {onclick}>{ label }</button>
    }
}

/// The story's title and intro, moment `shown` (1-based, clamped to the story) with its
/// caption, and the step buttons: Back and Next call `go` with the step to show, Play /
/// Pause calls `toggle`; `more` follows them in the same row (a page's own buttons).
pub fn story_head(
    story: &Story,
    shown: usize,
    playing: bool,
    go: &Callback<usize>,
    toggle: Callback<MouseEvent>,
    more: Html,
) -> Html {
    let count = story.moments.len();
    let shown = shown.clamp(1, count.max(1));
    let caption = story
        .moments
        .get(shown - 1)
        .map_or("", |m| m.caption.as_str());
    let (back, next) = (shown.saturating_sub(1).max(1), (shown + 1).min(count));
    html! {
        <>
            <h2 id="story-title">{ &story.title }</h2>
            <p class="intro">{ &story.intro }</p>
            <div class="moment" aria-live="polite">
                <p class="step">{ format!("Step {shown} of {count}") }</p>
                <p class="caption">{ caption }</p>
            </div>
            <div class="button-row">
                { step_button("Back", false, shown <= 1, go.reform(move |_| back)) }
                { step_button("Next", true, shown >= count, go.reform(move |_| next)) }
                { step_button(if playing { "Pause story" } else { "Play story" }, false, shown >= count && !playing, toggle) }
                { more }
            </div>
        </>
    }
}

/// The list of stories (`(key, title)`, each linked as `#learn/KEY`), the one whose key is
/// `current` marked as the page.
pub fn story_list(titles: &[(&str, String)], current: &str) -> Html {
    html! {
        <nav class="stories" aria-label="Stories">
            <ol>
                { for titles.iter().map(|(key, title)| html! {
                    <li>
                        <a href={format!("#learn/{key}")}
                            aria-current={(*key == current).then_some("page")}>{ title }</a>
                    </li>
                }) }
            </ol>
        </nav>
    }
}
