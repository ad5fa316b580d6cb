//! # Stories (`#learn`)
//!
//! Each workflow told as a short story, moment by moment, with captions the engine writes
//! from its own plan and deliveries (`verify_engine::story`), a story of an SMS that never
//! arrives (its user answers the call that brings the PIN), and a last story comparing
//! the workflows for kinds of user. One story per address (`#learn/workflow-1`, with the
//! step: `#learn/workflow-1/3`), embeddable (`?embed#learn/workflow-1`).
//!
//! The story's session is a playground of its own (its own store, never saved): the
//! story's calls imported as a scenario and the clock moved to each moment, so the phone
//! and the timeline are the playground's own components. "Try it yourself" hands that
//! session to the playground.

mod steps;

use std::rc::Rc;

use gloo_timers::callback::Interval;
use verify_engine::scenario::step_line;
use verify_engine::story::{self, Story, COMPARISON, SMS_LOST, STORY_SEED};
use verify_engine::EventId;
use yew::prelude::*;

use crate::components::header::{header, View};
use crate::components::phone::{phone, PhoneView};
use crate::components::share::iframe;
use crate::components::timeline::timeline;
use crate::hooks::use_hash;
use crate::hooks::{use_store, StoreHandle};
use crate::platform::share::compress;
use crate::platform::Platform;
use crate::state::address;
use crate::state::phones::{CallState, ItemKind};
use crate::state::share::SHARE_VERSION;
use crate::state::timeline::model as timeline_model;
use crate::state::{share, Action, Playground};

pub use steps::{story_head, story_list};

/// How long "Play" shows each moment.
const MOMENT_MS: u32 = 3000;

/// The story and step an address names: `learn`, `learn/KEY`, `learn/KEY/STEP` (1-based).
pub fn route(hash: &str) -> (String, usize) {
    let mut parts = hash
        .trim_start_matches("learn")
        .trim_start_matches('/')
        .split('/');
    let key = parts
        .next()
        .filter(|k| !k.is_empty())
        .unwrap_or("workflow-1")
        .to_owned();
    let step = parts
        .next()
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(1);
    (key, step.max(1))
}

/// Properties of [`Learn`].
#[derive(Properties, PartialEq)]
pub struct LearnProps {
    /// The address's fragment (`learn/...`).
    pub hash: AttrValue,
    /// The page's address for an embedded story (`...?embed`).
    pub embed_address: AttrValue,
}

/// The story's scenario text, as the playground imports it.
fn scenario(story: &Story) -> String {
    story
        .calls
        .iter()
        .map(|(at, call)| step_line(*at, call))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Sets the story's playground to moment `step` (1-based).
fn show(local: &StoreHandle<Playground>, story: &Story, step: usize) {
    let Some(moment) = story.moments.get(step - 1) else {
        return;
    };
    let dispatch = local.dispatcher();
    let now = local.borrow().now();
    if local.borrow().session.log.is_empty() || now > moment.at {
        // Going back: the story starts over and runs to the moment.
        dispatch.emit(Action::Import(scenario(story)));
    }
    if story.key != SMS_LOST {
        let now = local.borrow().now();
        dispatch.emit(Action::SkipBy(moment.at.saturating_sub(now)));
        return;
    }
    // Its user hears the call that reaches them: each moment in turn, calls answered.
    for passed in &story.moments[..step] {
        let now = local.borrow().now();
        if passed.at > now {
            dispatch.emit(Action::SkipBy(passed.at - now));
        }
        answer_ringing(local);
    }
}

/// Answers the calls ringing on the story's phone (the lost SMS's user picks up the call
/// that brings the PIN), so that it shows them answered, not missed.
fn answer_ringing(local: &StoreHandle<Playground>) {
    let ringing: Vec<EventId> = {
        let state = local.borrow();
        state
            .selected_request()
            .and_then(|r| state.session.phones.get(r.number()))
            .map(|phone| {
                phone
                    .items
                    .iter()
                    .filter(|item| matches!(item.kind, ItemKind::Call(CallState::Ringing)))
                    .map(|item| item.event_id())
                    .collect()
            })
            .unwrap_or_default()
    };
    for id in ringing {
        local
            .dispatcher()
            .emit(Action::SetCall(id, CallState::Answered));
    }
}

/// The stories view.
#[function_component]
pub fn Learn(props: &LearnProps) -> Html {
    let platform = use_context::<Platform>();
    let (key, wanted) = route(&props.hash);
    // v1's stories, then v2's (listed here, told by the `verify-v2` module: the loader
    // sends `#learn/v2-...` there).
    let titles = use_memo((), |_| {
        let mut all = story::titles();
        all.extend(story::V2_STORIES.iter().map(|(k, t)| (*k, (*t).to_owned())));
        all
    });
    let story = use_memo(key.clone(), |key| story::story(key).map(Rc::new));
    let step = use_state(|| wanted);
    let playing = use_state(|| false);
    let embed_code = use_state(|| None::<String>);
    let local = use_store(|| {
        let mut playground = Playground::new(STORY_SEED);
        playground.running = false;
        playground
    });
    // A new story (or a step in the address): show that moment.
    {
        let (local, step, playing) = (local.clone(), step.clone(), playing.clone());
        use_effect_with((story.clone(), wanted), move |(story, wanted)| {
            if let Some(story) = story.as_ref() {
                let first = (*wanted).min(story.moments.len());
                step.set(first);
                playing.set(false);
                // Start over for the new story.
                local.dispatcher().emit(Action::Reset(STORY_SEED));
                show(&local, story, first);
            }
        });
    }
    // Keep the address on the moment shown, so it can be shared or embedded.
    {
        let (platform, key) = (platform.clone(), key.clone());
        use_effect_with(*step, move |step| {
            if let Some(p) = &platform {
                p.location.replace_hash(&format!("learn/{key}/{step}"));
            }
        });
    }
    // Play: one moment every few seconds until the end.
    {
        let (local, step, playing, story) = (
            local.clone(),
            step.clone(),
            playing.clone(),
            story.as_ref().clone(),
        );
        use_effect_with((*playing, *step), move |(on, at)| {
            let (on, at) = (*on, *at);
            let timer = story.filter(|_| on).map(|story| {
                Interval::new(MOMENT_MS, move || {
                    if at < story.moments.len() {
                        show(&local, &story, at + 1);
                        step.set(at + 1);
                    } else {
                        playing.set(false);
                    }
                })
            });
            move || drop(timer)
        });
    }
    let Some(story) = story.as_ref().clone() else {
        return html! {
            <main id="main" class="learn">
                <p class="empty">{ format!("There is no story called \"{key}\".") }</p>
                { story_list(&titles, "") }
            </main>
        };
    };
    let go = {
        let (local, step, story) = (local.clone(), step.clone(), story.clone());
        Callback::from(move |to: usize| {
            show(&local, &story, to);
            step.set(to);
        })
    };
    let toggle = {
        let playing = playing.clone();
        Callback::from(move |_: MouseEvent| playing.set(!*playing))
    };
    // The story's session goes to the playground as a shared link does.
    let try_it = {
        let (local, platform) = (local.clone(), platform.clone());
        Callback::from(move |_: MouseEvent| {
            let payload = share::payload(&local.borrow());
            let platform = platform.clone();
            yew::platform::spawn_local(async move {
                if let (Ok(code), Some(p)) = (compress(&payload).await, &platform) {
                    p.location
                        .navigate(&format!("share={SHARE_VERSION}.{code}"));
                }
            });
        })
    };
    let copy_embed = {
        let (embed_code, platform) = (embed_code.clone(), platform.clone());
        let src = format!("{}#learn/{}/{}", props.embed_address, story.key, *step);
        Callback::from(move |_: MouseEvent| {
            let code = iframe(&src);
            if let Some(p) = &platform {
                p.clipboard.copy(code.clone(), Callback::noop());
            }
            embed_code.set(Some(code));
        })
    };
    let state = local.borrow();
    let model = state.selected_request().map(|r| {
        timeline_model(
            r,
            state.now(),
            &state.session.fates,
            state.signal(r.number()),
        )
    });
    html! {
        <main id="main" class="learn">
            { story_list(&titles, story.key) }
            <section class="panel story" aria-labelledby="story-title">
                { story_head(&story, *step, *playing, &go, toggle, html! {
                    <>
                        <button type="button" onclick={try_it}>{ "Try it yourself" }</button>
                        <button type="button" onclick={copy_embed}>{ "Copy embed code" }</button>
                    </>
                }) }
                if story.key == COMPARISON {
                    <p><a href="#lab">{ "Compare the workflows on a whole population in the Reach lab" }</a></p>
                }
                if let Some(code) = &*embed_code {
                    <div class="field">
                        <label for="embed-code">{ "Embed code" }</label>
                        <textarea id="embed-code" readonly=true rows="3" value={code.clone()} />
                    </div>
                }
            </section>
            <div class="grid story-grid">
                { phone(&PhoneView::of(&state, true), None, &Callback::noop(), &local.dispatcher()) }
                <div class="column">
                    { timeline(model.as_ref()) }
                </div>
            </div>
        </main>
    }
}

/// The stories' page: the header (unless embedded) and the story the address names.
#[function_component]
pub fn LearnRoot() -> Html {
    let platform = use_memo((), |_| Platform::browser());
    let hash = use_hash(platform.location.clone());
    let settings = address::parse_query(&platform.location.query());
    let base = platform.location.base();
    let query = address::settings_query(&Default::default(), true, None);
    let embed_address = format!("{base}?{query}");
    html! {
        <ContextProvider<Platform> context={(*platform).clone()}>
            <div class={classes!("page", settings.embed.then_some("embed"))}>
                if !settings.embed {
                    { header(View::Stories) }
                }
                <Learn hash={hash} embed_address={embed_address} />
            </div>
        </ContextProvider<Platform>>
    }
}

/// Mounts the stories' page on the document's body.
pub fn start() {
    yew::Renderer::<LearnRoot>::new().render();
}
