//! The model form: preset, the population's fields, seed, users and goal, and the Run
//! and Stop buttons. Every control has a label; errors are tied to their field.

use verify_engine::lab::{Goal, Preset};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use super::fields::Field;
use super::state::{Action, LabState, CUSTOM};

/// One labelled text input, its hint and its error.
fn input(
    id: &str,
    label: &str,
    value: &str,
    hint: Option<&str>,
    error: Option<&str>,
    numeric: bool,
    onchange: Callback<String>,
) -> Html {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described: Vec<&str> = [
        hint.map(|_| hint_id.as_str()),
        error.map(|_| error_id.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let oninput = Callback::from(move |e: InputEvent| {
        onchange.emit(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    html! {
        <div class="lab-field">
            <label for={id.to_owned()}>{ label }</label>
            <input id={id.to_owned()} type="text" inputmode={if numeric { "decimal" } else { "text" }}
                autocomplete="off" spellcheck="false"
                value={value.to_owned()} {oninput}
                aria-invalid={error.map(|_| "true")}
                aria-describedby={(!described.is_empty()).then(|| described.join(" "))} />
            if let Some(hint) = hint {
                <p class="lab-hint" id={hint_id}>{ hint }</p>
            }
            if let Some(error) = error {
                <p class="lab-error" id={error_id}>{ error }</p>
            }
        </div>
    }
}

/// The form that describes a population and starts a run: edits go to `dispatch`, the
/// buttons to `on_run` and `on_stop`.
pub fn model_form(
    state: &LabState,
    dispatch: &Callback<Action>,
    on_run: &Callback<()>,
    on_stop: &Callback<()>,
) -> Html {
    let presets = Preset::all();
    let explanation = presets
        .iter()
        .find(|p| p.key == state.preset)
        .map_or("Your own model: edited from a preset.", |p| p.explanation);

    let on_preset = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let key = e.target_unchecked_into::<HtmlSelectElement>().value();
            dispatch.emit(Action::Preset(key));
        })
    };
    let on_goal = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let key = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(goal) = Goal::from_key(&key) {
                dispatch.emit(Action::Goal(goal));
            }
        })
    };
    let field = |f: Field| {
        let dispatch = dispatch.clone();
        let hint_note;
        let hint = if f == Field::PinExpiry {
            hint_note = state.pin_expiry_note();
            hint_note.as_deref().or(f.hint())
        } else {
            f.hint()
        };
        input(
            &f.id(),
            f.label(),
            state.value(f),
            hint,
            state.error(f.key()),
            true,
            Callback::from(move |text| dispatch.emit(Action::Edit(f, text))),
        )
    };
    let group = |legend: &str, fields: &[Field]| {
        html! {
            <fieldset class="lab-group">
                <legend>{ legend.to_owned() }</legend>
                { for fields.iter().map(|&f| field(f)) }
            </fieldset>
        }
    };
    let on_submit = {
        let on_run = on_run.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_run.emit(());
        })
    };
    let on_stop = {
        let on_stop = on_stop.clone();
        Callback::from(move |_| on_stop.emit(()))
    };
    let seed_dispatch = dispatch.clone();
    let users_dispatch = dispatch.clone();
    let running = state.running();

    html! {
        <form class="lab-form" onsubmit={on_submit} novalidate=true aria-label="Population model">
            <div class="lab-field">
                <label for="lab-preset">{ "Population preset" }</label>
                <select id="lab-preset" onchange={on_preset} aria-describedby="lab-preset-explanation">
                    { for presets.iter().map(|p| html! {
                        <option value={p.key} selected={p.key == state.preset}>{ p.name }</option>
                    }) }
                    <option value={CUSTOM} selected={state.preset == CUSTOM}>{ "Custom" }</option>
                </select>
                <p class="lab-hint" id="lab-preset-explanation">{ explanation }</p>
            </div>
            <div class="lab-groups">
                { group("SMS", &[Field::SmsReach, Field::SmsReadMedian, Field::SmsReadSpread]) }
                { group("Calls", &[Field::CallAnswer, Field::CallAnswerMedian, Field::CallAnswerSpread, Field::CallRing]) }
                { group("Typing and patience", &[Field::Mistype, Field::Retype, Field::Patience]) }
                { group("Request timings", &[Field::NextEventWait, Field::PinExpiry]) }
                { group("Prices", &[Field::PriceSms, Field::PriceCall]) }
                { group("Verify v2 channels", &[Field::WhatsappReach, Field::WhatsappReadMedian, Field::WhatsappReadSpread, Field::EmailReach, Field::EmailReadMedian, Field::EmailReadSpread, Field::SilentAuthSuccess, Field::SilentAuthTime, Field::ChannelTimeout, Field::PriceWhatsapp, Field::PriceEmail, Field::PriceSilentAuth]) }
                <fieldset class="lab-group">
                    <legend>{ "Run" }</legend>
                    { input("lab-users", "Users per workflow", &state.users,
                        Some("Each of the seven workflows and six Verify v2 sequences gets this many simulated users."),
                        state.error("users"), true,
                        Callback::from(move |t| users_dispatch.emit(Action::Users(t)))) }
                    { input("lab-seed", "Seed", &state.seed,
                        Some("The same seed gives the same table."),
                        state.error("seed"), true,
                        Callback::from(move |t| seed_dispatch.emit(Action::Seed(t)))) }
                    <div class="lab-field">
                        <label for="lab-goal">{ "Goal" }</label>
                        <select id="lab-goal" onchange={on_goal}>
                            { for Goal::ALL.iter().map(|g| html! {
                                <option value={g.key()} selected={*g == state.goal}>{ g.label() }</option>
                            }) }
                        </select>
                    </div>
                </fieldset>
            </div>
            if let Some(error) = state.error("population") {
                <p class="lab-error">{ error }</p>
            }
            <div class="lab-buttons">
                <button type="submit" class="lab-run" disabled={running}>
                    { if running { "Running…" } else { "Run" } }
                </button>
                if running {
                    <button type="button" onclick={on_stop}>{ "Stop" }</button>
                }
            </div>
        </form>
    }
}
