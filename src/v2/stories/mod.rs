//! # Verify v2's stories (`#learn/v2-...`)
//!
//! The v2 stories are a module of their own (`verify-v2-stories`, built with the `v2`
//! feature), not part of `verify-learn`: telling them needs v2's engine, which `#learn`
//! leaves out to keep its first load small; nor of `verify-v2`, which would outgrow its
//! 180 KB budget. The loader (Trunk.toml) sends `#learn/v2-...` addresses here.
//!
//! A story is the engine's (`verify_engine::story::v2`): its calls and moments with
//! captions written from what the engine did. Each moment is shown by replaying the
//! story's calls up to it into a [`V2Playground`] (a session's replay, through its
//! journal), so the phone, inbox, timeline, callbacks and API log are the `#v2` view's
//! own components showing exactly what the caption tells.
//!
//! - [`side`]: "v1 or v2?"'s table of what each version sent.

mod side;

use std::rc::Rc;

use gloo_timers::callback::Interval;
use verify_engine::story::{self, Story, STORY_SEED, V2_STORIES};
use verify_engine::{Journal, SessionConfig};
use yew::prelude::*;

use super::{api_log, callbacks, phone, timeline};
use crate::components::header::{header, View};
use crate::components::markup;
use crate::hooks::use_hash;
use crate::learn::{self as steps, story_head};
use crate::platform::clipboard::{BrowserClipboard, Clipboard};
use crate::platform::url::BrowserLocation;
use crate::platform::Location;
use crate::state::v2::V2Playground;

/// How long "Play story" shows each moment.
const MOMENT_MS: u32 = 3000;

/// The story and step an address names: `learn/KEY` or `learn/KEY/STEP` (1-based).
pub fn route(hash: &str) -> (String, usize) {
    let mut parts = hash
        .trim_start_matches("learn")
        .trim_start_matches('/')
        .split('/');
    let key = parts.next().unwrap_or_default().to_owned();
    let step = parts
        .next()
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(1);
    (key, step.max(1))
}

/// The story's session at moment `step` (1-based): its calls up to that moment replayed,
/// the clock at the moment.
pub fn session_at(story: &Story, step: usize) -> V2Playground {
    let at = story
        .moments
        .get(step.max(1) - 1)
        .or(story.moments.last())
        .map_or(0, |m| m.at);
    let mut journal = Journal::new(SessionConfig::new(STORY_SEED));
    for (when, call) in story.calls.iter().filter(|(when, _)| *when <= at) {
        // The engine's calls are in time order: a push cannot be refused.
        let _ = journal.push(*when, call.clone());
    }
    V2Playground::restore(journal, at).unwrap_or_else(|_| V2Playground::new(STORY_SEED))
}

/// The stories module's page: the story the address names (`#learn/v2-...`).
#[function_component]
pub fn V2StoriesRoot() -> Html {
    let hash = use_hash(Rc::new(BrowserLocation));
    html! { <V2Stories hash={hash} /> }
}

/// Mounts v2's stories on the document's body.
pub fn start() {
    yew::Renderer::<V2StoriesRoot>::new().render();
}

/// Properties of [`V2Stories`].
#[derive(Properties, PartialEq)]
pub struct V2StoriesProps {
    /// The address's fragment (`learn/v2-...`).
    pub hash: AttrValue,
}

/// One v2 story, moment by moment, with the stories' list.
#[function_component]
pub fn V2Stories(props: &V2StoriesProps) -> Html {
    let (key, wanted) = route(&props.hash);
    let story = use_memo(key.clone(), |key| story::v2::story(key).map(Rc::new));
    let step = use_state(|| wanted);
    let playing = use_state(|| false);
    let copied = use_state(|| None::<usize>);
    // A new story (or a step in the address): show that moment.
    {
        let (step, playing) = (step.clone(), playing.clone());
        use_effect_with((story.clone(), wanted), move |(story, wanted)| {
            if let Some(story) = story.as_ref() {
                step.set((*wanted).min(story.moments.len()));
                playing.set(false);
            }
        });
    }
    // Keep the address on the moment shown, so it can be shared.
    {
        let key = key.clone();
        use_effect_with(*step, move |step| {
            BrowserLocation.replace_hash(&format!("learn/{key}/{step}"))
        });
    }
    // Play: one moment every few seconds until the end.
    {
        let (step, playing, count) = (
            step.clone(),
            playing.clone(),
            story.as_ref().as_ref().map_or(0, |s| s.moments.len()),
        );
        use_effect_with((*playing, *step), move |(on, at)| {
            let (on, at) = (*on, *at);
            let timer = on.then(|| {
                Interval::new(MOMENT_MS, move || {
                    if at < count {
                        step.set(at + 1);
                    } else {
                        playing.set(false);
                    }
                })
            });
            move || drop(timer)
        });
    }
    let session = use_memo((story.clone(), *step), |(story, step)| {
        story.as_ref().as_ref().map(|s| session_at(s, *step))
    });
    let list = story_list(&key);
    let body = match (story.as_ref(), session.as_ref()) {
        (Some(story), Some(state)) => told(story, state, *step, &step, &playing, &copied),
        _ => html! { <p class="empty">{ format!("There is no story called \"{key}\".") }</p> },
    };
    html! {
        <div class="page v2-page">
            { header(View::Stories) }
            <main id="main" class="learn v2">
                { list }
                { body }
            </main>
        </div>
    }
}

/// The story at moment `step`: its caption, its buttons, and the session's panels.
fn told(
    story: &Story,
    state: &V2Playground,
    step: usize,
    set_step: &UseStateHandle<usize>,
    playing: &UseStateHandle<bool>,
    copied: &UseStateHandle<Option<usize>>,
) -> Html {
    let shown = step.clamp(1, story.moments.len().max(1));
    let at = story.moments.get(shown - 1).map_or(0, |m| m.at);
    let go = {
        let step = set_step.clone();
        Callback::from(move |to: usize| step.set(to))
    };
    let toggle = {
        let playing = playing.clone();
        Callback::from(move |_: MouseEvent| playing.set(!*playing))
    };
    let copy = {
        let (curls, copied) = (
            state.callbacks.iter().map(|c| c.curl()).collect::<Vec<_>>(),
            copied.clone(),
        );
        Callback::from(move |index: usize| {
            let Some(text) = curls.get(index).cloned() else {
                return;
            };
            let copied = copied.clone();
            BrowserClipboard.copy(
                text,
                Callback::from(move |done: bool| copied.set(done.then_some(index))),
            );
        })
    };
    let side = side::rows(story.key).map(|rows| side::table(&rows, at));
    html! {
        <>
            <section class="panel story" aria-labelledby="story-title">
                { story_head(story, shown, **playing, &go, toggle, Html::default()) }
                { markup(r##"<p><a href="#v2">Try Verify v2 yourself</a></p>"##) }
            </section>
            { side.unwrap_or_default() }
            <div class="grid v2-grid">
                <div class="column">
                    { phone::v2_phone(state, &Callback::noop()) }
                    { phone::v2_inbox(state) }
                </div>
                <div class="column">
                    { timeline::v2_timeline(state) }
                    { callbacks::v2_callbacks(state, &copy, **copied) }
                </div>
                <div class="column">
                    { api_log::v2_api_log(state) }
                </div>
            </div>
        </>
    }
}

/// Every story, v1's (in the `#learn` module) then v2's, the current one marked.
fn story_list(current: &str) -> Html {
    let mut titles: Vec<(&str, String)> = story::titles();
    titles.extend(V2_STORIES.iter().map(|(k, t)| (*k, (*t).to_owned())));
    steps::story_list(&titles, current)
}
