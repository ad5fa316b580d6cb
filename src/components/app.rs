//! The playground's page: state, effects and layout (`#share=...` opens a shared session).
//! The stories and the Reach lab are modules of their own (`learn`, `lab`).

use yew::prelude::*;

use super::api_log::api_log;
use super::clock::{clock_bar, ClockBarProps};
use super::controls::controls;
use super::form::request_form;
use super::header::{header, View};
use super::markup;
use super::notices::{notices, offered_share, storage_warning};
use super::phone::{phone, PhoneView};
use super::requests::request_list;
use super::session::{session, SessionView};
use super::share::{iframe, link_fragment};
use super::timeline::timeline;
use super::ui::{Made, Ui, UiAction};
use super::{class_list, random_seed};
use crate::format;
use crate::hooks::load_session;
use crate::hooks::{use_clock, use_persist, use_store, use_url_sync, StoreHandle};
use crate::platform::download::DownloadUrl;
use crate::platform::{share, Platform};
use crate::state::address;
use crate::state::phones::{CallState, PhoneItem};
use crate::state::share::{fragment, Fragment, SHARE_VERSION};
use crate::state::timeline::model as timeline_model;
use crate::state::{saved, Action, Playground};

/// Properties of [`App`].
#[derive(Properties, PartialEq)]
pub struct AppProps {
    /// The browser services (fakes in tests).
    pub platform: Platform,
    /// The engine's seed for a fresh session; random when not given.
    #[prop_or_default]
    pub seed: Option<u64>,
}

/// The whole app.
#[function_component]
pub fn App(props: &AppProps) -> Html {
    let platform = props.platform.clone();
    let store = use_store({
        let platform = platform.clone();
        let seed = props.seed;
        move || {
            let settings = address::parse_query(&platform.location.query());
            let seed = seed.unwrap_or_else(random_seed);
            if let Some(emulator) = &platform.emulator {
                return saved::boot_connected(&settings, seed, emulator.address.clone());
            }
            let stored = if settings.embed {
                saved::Loaded::Nothing
            } else {
                load_session(&*platform.storage)
            };
            saved::boot(stored, &settings, seed)
        }
    });
    let dispatch = store.dispatcher();
    let (running, form, embed, namespace) = {
        let state = store.borrow();
        let namespace = state.remote().and_then(|r| r.namespace.clone());
        (state.running, state.form.clone(), state.embed, namespace)
    };
    use_clock(running, dispatch.clone());
    use_persist(store.clone(), platform.storage.clone());
    crate::hooks::use_emulator(store.clone(), platform.emulator.clone());
    use_url_sync(
        form.clone(),
        embed,
        namespace.clone(),
        platform.location.clone(),
    );
    use_shared_link(&platform, dispatch.clone());
    let ui = use_reducer(Ui::default);
    let import_text = use_node_ref();

    let base = platform.location.base();
    let with_query = |query: String| {
        if query.is_empty() {
            base.clone()
        } else {
            format!("{base}?{query}")
        }
    };
    let address = with_query(address::settings_query(&form, embed, namespace.as_deref()));
    let embed_address = with_query(address::settings_query(&form, true, namespace.as_deref()));
    let exported = store.borrow().exported.clone();
    let download = use_memo(exported, |text| {
        text.as_ref().and_then(|text| DownloadUrl::new(text))
    });
    let view = playground(&Page {
        store: &store,
        ui: &ui,
        platform: &platform,
        address,
        embed_address,
        import_text,
        download: download.as_ref().as_ref().map(|d| d.href().to_owned()),
    });
    // The emulator's page shows what Verify v2 calls made to it produced.
    #[cfg(feature = "v2")]
    let view = super::v2_mirror::with_v2_mirror(view, &store, &platform);
    html! {
        <div ~className={class_list(&[Some("page"), embed.then_some("embed")])}>
            if !embed {
                { header(View::Playground) }
            }
            { view }
        </div>
    }
}

/// Opens a shared session from the address (`#share=VERSION.CODE`) once the page is up:
/// it is decompressed (asynchronously, by the browser), offered to the state, and the
/// fragment is removed so that a reload does not open it again.
#[hook]
fn use_shared_link(platform: &Platform, dispatch: Callback<Action>) {
    let location = platform.location.clone();
    use_effect_with((), move |_| {
        if let Fragment::Share { version, code } = fragment(&location.hash()) {
            location.replace_hash("");
            if version != SHARE_VERSION {
                let text = crate::state::share::ShareError::OtherVersion(version).explain();
                dispatch.emit(Action::Tell(text));
            } else {
                yew::platform::spawn_local(async move {
                    match share::decompress(&code).await {
                        Ok(text) => dispatch.emit(Action::OfferShared(text)),
                        Err(why) => dispatch.emit(Action::Tell(
                            crate::state::share::ShareError::Damaged(why).explain(),
                        )),
                    }
                });
            }
        }
    });
}

/// What the playground's panels need besides the state: the page's own state, the
/// browser's services, and the addresses links are made from.
struct Page<'a> {
    store: &'a StoreHandle<Playground>,
    ui: &'a UseReducerHandle<Ui>,
    platform: &'a Platform,
    /// The page's address with its settings, for share links.
    address: String,
    /// The same, embedded, for embed codes.
    embed_address: String,
    /// The import text area.
    import_text: NodeRef,
    /// The address that downloads the exported scenario.
    download: Option<String>,
}

impl Page<'_> {
    /// "Answer" on a call: marked answered, and spoken where the browser can.
    fn answer(&self) -> Callback<PhoneItem> {
        let (dispatch, ui, platform) = (
            self.store.dispatcher(),
            self.ui.clone(),
            self.platform.clone(),
        );
        Callback::from(move |item: PhoneItem| {
            dispatch.emit(Action::SetCall(item.event_id(), CallState::Answered));
            let spoke = platform.speech.speak(&item.text(), item.lang());
            ui.dispatch(UiAction::Spoke(if spoke {
                "Speaking the call aloud; the transcript is below."
            } else {
                "Speech is not available in this browser: read the transcript below."
            }));
        })
    }

    /// "Copy as curl" on log entry n.
    fn copy(&self) -> Callback<(usize, String)> {
        let (ui, clipboard) = (self.ui.clone(), self.platform.clipboard.clone());
        Callback::from(move |(entry, curl): (usize, String)| {
            let ui = ui.clone();
            clipboard.copy(
                curl,
                Callback::from(move |ok| ui.dispatch(UiAction::Copied(entry, ok))),
            );
        })
    }

    /// "Share session" (`embed: false`) or "Copy embed code" (`embed: true`): the link is
    /// made (compressed by the browser), copied, and shown.
    fn share(&self, embed: bool) -> Callback<MouseEvent> {
        let (store, ui, clipboard) = (
            self.store.clone(),
            self.ui.clone(),
            self.platform.clipboard.clone(),
        );
        let address = if embed {
            self.embed_address.clone()
        } else {
            self.address.clone()
        };
        Callback::from(move |_: MouseEvent| {
            let payload = {
                let state = store.borrow();
                (!state.session.log.is_empty()).then(|| crate::state::share::payload(&state))
            };
            if payload.is_none() && !embed {
                ui.dispatch(UiAction::Made(Made::Failed(
                    "there is nothing to share yet: send a verification first".into(),
                )));
                return;
            }
            let (ui, clipboard, address) = (ui.clone(), clipboard.clone(), address.clone());
            yew::platform::spawn_local(async move {
                let made = match (link_fragment(payload).await, embed) {
                    // A session too big for a link is embedded without it: the settings stay.
                    (Err(_), true) => Ok(iframe(&address)),
                    (Ok(fragment), true) => Ok(iframe(&format!(
                        "{address}{}",
                        fragment.unwrap_or_default()
                    ))),
                    (Ok(fragment), false) => {
                        Ok(format!("{address}{}", fragment.unwrap_or_default()))
                    }
                    (Err(problem), false) => Err(problem),
                };
                match made {
                    Ok(text) => {
                        let shown = text.clone();
                        clipboard.copy(
                            text,
                            Callback::from(move |ok| {
                                let made = if embed {
                                    Made::Embed(shown.clone(), ok)
                                } else {
                                    Made::Link(shown.clone(), ok)
                                };
                                ui.dispatch(UiAction::Made(made));
                            }),
                        );
                    }
                    Err(problem) => ui.dispatch(UiAction::Made(problem)),
                }
            });
        })
    }
}

/// The playground's panels, each given only the bounded slice of the state it shows.
fn playground(page: &Page<'_>) -> Html {
    let dispatch = page.store.dispatcher();
    let state = page.store.borrow();
    let ui = &**page.ui;
    let selected = state.selected_request();
    let model = selected.map(|r| {
        timeline_model(
            r,
            state.now(),
            &state.session.fates,
            state.signal(r.number()),
        )
    });
    let api_host = state
        .remote()
        .map_or(AttrValue::from(format::API_HOST), |r| {
            format!("http://{}", r.address).into()
        });
    html! {
        <main id="main">
            { notices(&state.notices, &dispatch) }
            if let Some(offered) = &state.offered {
                { offered_share(offered.calls(), offered.now(), &dispatch) }
            }
            if let Some(problem) = &state.storage_problem {
                if !state.embed {
                    { storage_warning(problem, state.exported.is_some(), &dispatch) }
                }
            }
            { clock_bar(&ClockBarProps {
                now: state.now(),
                running: state.running,
                speed: state.speed,
                speeds: state.speeds(),
                emulator: state.remote().map(|r| (AttrValue::from(r.address.clone()), r.link.clone())),
                next_due: state.session.next_due,
                dispatch: dispatch.clone(),
            }) }
            <div class="grid">
                <section class="panel app" aria-labelledby="app-title">
                    { markup(r#"<h2 id="app-title">Your app</h2>"#) }
                    { request_form(&state.form, &state.force, &dispatch) }
                    { controls(state.selected_label(), &state.pin, state.session.log.last().map(|e| &**e), &dispatch) }
                    { request_list(&state.request_page(), state.session.selected, &dispatch) }
                </section>
                { phone(&PhoneView::of(&state, false), ui.speech, &page.answer(), &dispatch) }
                <div class="column">
                    { timeline(model.as_ref()) }
                    { api_log(&state.log_page(), &dispatch, &api_host, ui.copied, &page.copy()) }
                </div>
            </div>
            if !state.embed {
                { session(SessionView {
                    exported: state.exported.clone().map(|text| (text, page.download.clone())),
                    progress: state.session.import.as_ref().map(|i| i.progress()),
                    import_error: state.import_error.as_deref(),
                    connected: state.is_connected(),
                    made: ui.made.as_ref(),
                    on_share: page.share(false),
                    on_embed: page.share(true),
                    import_text: page.import_text.clone(),
                    dispatch: &dispatch,
                }) }
            }
        </main>
    }
}
