//! The results table: one row per workflow, the best one for the goal marked in words
//! as well as in colour, and links that open the playground on one user the model says
//! the workflow misses (the SMS does not reach them, they do not answer calls): the
//! phone's Signal preset (`?signal=`) with the row's workflow and the model's timings.

use verify_engine::lab::{
    Goal, LabResults, Outcomes, Population, Sequence, SequenceResult, WorkflowResult,
};
use verify_engine::{Channel, Workflow};
use yew::prelude::*;

use super::format::{percent, seconds};
use crate::state::address::preset_query;
use crate::state::form::{Field, FormValues};
use crate::state::signal::Signal;

fn per_verified(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "–".into(), |v| format!("{v:.decimals$}"))
}

/// The columns of both tables: `first` (what the row is), the figures (`extra`, v2's
/// WhatsApp and emails, after the calls), and `last` (the links).
fn head(first: &'static str, extra: Option<&'static str>, last: &'static str) -> Html {
    html! {
        <thead>
            <tr>
                <th scope="col">{ first }</th>
                <th scope="col">{ "Verified" }</th>
                <th scope="col">{ "Median time (s)" }</th>
                <th scope="col">{ "90th percentile (s)" }</th>
                <th scope="col">{ "SMS per verified" }</th>
                <th scope="col">{ "Calls per verified" }</th>
                if let Some(extra) = extra {
                    <th scope="col">{ extra }</th>
                }
                <th scope="col">{ "Cost per verified (EUR)" }</th>
                <th scope="col">{ "Failed: wrong codes" }</th>
                <th scope="col">{ "Expired" }</th>
                <th scope="col">{ "Gave up" }</th>
                <th scope="col" class="lab-users">{ last }</th>
            </tr>
        </thead>
    }
}

/// A row's first cell: its `name`, what it sends when (`channels`), and "Best" in words.
fn row_head(name: String, channels: String, best: bool) -> Html {
    html! {
        <th scope="row">
            <span class="lab-wf">{ name }</span>
            <span class="lab-channels">{ channels }</span>
            if best {
                <span class="lab-badge">{ "Best" }</span>
            }
        </th>
    }
}

/// The figures of a row, as [`head`] names them (`extra`: v2's WhatsApp and emails per
/// verified).
fn figures(result: &impl Outcomes, extra: Option<Option<f64>>) -> Html {
    let time = |ms: Option<u64>| ms.map_or_else(|| "–".into(), seconds);
    html! {
        <>
            <td>{ percent(result.verification_rate()) }</td>
            <td>{ time(result.median()) }</td>
            <td>{ time(result.p90()) }</td>
            <td>{ per_verified(result.sms_per_verified(), 2) }</td>
            <td>{ per_verified(result.calls_per_verified(), 2) }</td>
            if let Some(extra) = extra {
                <td>{ per_verified(extra, 2) }</td>
            }
            <td>{ per_verified(result.cost_per_verified(), 4) }</td>
            <td>{ percent(result.failed_share()) }</td>
            <td>{ percent(result.expired_share()) }</td>
            <td>{ percent(result.gave_up_share()) }</td>
        </>
    }
}

/// The playground's address for `workflow` with the population's timings and `signal`.
fn playground_href(workflow: Workflow, population: &Population, signal: Signal) -> String {
    let mut form = FormValues::default();
    form.set(Field::Workflow, workflow.id().to_string());
    if let Some(wait) = population.next_event_wait {
        form.set(Field::NextEventWait, wait.to_string());
    }
    if let Some(expiry) = population.pin_expiry {
        form.set(Field::PinExpiry, expiry.to_string());
    }
    format!("?{}", preset_query(&form, signal))
}

/// The links to one user the workflow's channels miss, for the reach rates under 100 %:
/// SMS that do not reach (`sms_reach`), calls nobody answers (`call_answer`).
fn user_links(workflow: Option<Workflow>, population: &Population) -> Html {
    let Some(workflow) = workflow else {
        return html! {};
    };
    let channels = workflow.channels();
    let missed = [
        (
            Channel::Sms,
            Signal::SmsLost,
            1.0 - population.sms_reach,
            "a user the SMS does not reach",
        ),
        (
            Channel::Tts,
            Signal::CallsUnanswered,
            1.0 - population.call_answer,
            "a user who does not answer calls",
        ),
    ];
    let links: Vec<Html> = missed
        .into_iter()
        .filter(|(channel, _, share, _)| channels.contains(channel) && *share > 0.0)
        .map(|(_, signal, share, who)| {
            let label = format!(
                "{}: workflow {} in the playground, with {who} ({} of this population)",
                signal.label(),
                workflow.id(),
                percent(share)
            );
            html! {
                <a class="lab-user" href={playground_href(workflow, population, signal)}
                    aria-label={label}>{ signal.label() }</a>
            }
        })
        .collect();
    if links.is_empty() {
        return html! { { "–" } };
    }
    links.into_iter().collect::<Html>()
}

fn row(result: &WorkflowResult, population: &Population, best: bool) -> Html {
    let schedule = result
        .workflow()
        .map(|w| population.timings(w).describe().replace("->", "→"))
        .unwrap_or_default();
    html! {
        <tr class={classes!(best.then_some("lab-best"))} data-workflow={result.workflow.to_string()}
            data-best={best.then_some("true")}>
            { row_head(format!("Workflow {}", result.workflow), schedule, best) }
            { figures(result, None) }
            <td class="lab-users">{ user_links(result.workflow(), population) }</td>
        </tr>
    }
}

/// The results, one row per workflow, the best for `goal` marked.
pub fn results_table(results: &LabResults, goal: Goal) -> Html {
    let best = results.best(goal);
    let caption = match best.and_then(Workflow::from_id) {
        Some(w) => format!(
            "Results per workflow. Best for “{}”: workflow {} ({}).",
            goal.label().to_lowercase(),
            w.id(),
            w.to_string().replace("->", "→")
        ),
        None => format!(
            "Results per workflow. No workflow verified anyone, so none is best for “{}”.",
            goal.label().to_lowercase()
        ),
    };
    html! {
            <div class="lab-table-wrap">
                <table class="lab-table" data-testid="lab-results">
                    <caption>{ caption }</caption>
    { head("Workflow", None, "See one missed user") }
                    <tbody>
                        { for results.workflows.iter().map(|r| row(r, &results.population, Some(r.workflow) == best)) }
                    </tbody>
                </table>
            </div>
        }
}

fn sequence_row(result: &SequenceResult, channel_timeout: u32, best: bool) -> Html {
    let Some(sequence) = result.sequence() else {
        return html! {};
    };
    html! {
        <tr class={classes!(best.then_some("lab-best"))} data-sequence={sequence.name()}
            data-best={best.then_some("true")}>
            { row_head(sequence.name(), sequence.describe(channel_timeout), best) }
            { figures(result, Some(result.whatsapp_email_per_verified())) }
            <td class="lab-users">
                <a class="lab-user" href={v2_href(sequence, channel_timeout)}
                    aria-label={format!("Try it: {} in the Verify v2 playground", sequence.name())}>
                    { "Try it" }
                </a>
            </td>
        </tr>
    }
}

/// The `#v2` view's address with `sequence` as its workflow and the run's
/// `channel_timeout` (the form's keys: `channel1`..`channel3`, `channel_timeout`).
fn v2_href(sequence: Sequence, channel_timeout: u32) -> String {
    let mut href = String::from("#v2?");
    for (step, channel) in sequence.channels.iter().enumerate() {
        href.push_str(&format!("channel{}={}&", step + 1, channel.as_str()));
    }
    href.push_str(&format!("channel_timeout={channel_timeout}"));
    href
}

/// The Verify v2 channel sequences run on the same users, with the same figures (and
/// WhatsApp and email messages), the best for `goal` marked as v1's is; nothing when the
/// run had none.
pub fn sequences_table(results: &LabResults, goal: Goal) -> Html {
    if results.sequences.is_empty() {
        return html! {};
    }
    let timeout = results.population.channel_timeout_s();
    let best = results.best_sequence(goal);
    let best_name = best.and_then(Sequence::at).map_or_else(
        || {
            format!(
                "no sequence verified anyone, so none is best for “{}”",
                goal.label().to_lowercase()
            )
        },
        |s| format!("best for “{}”: {}", goal.label().to_lowercase(), s.name()),
    );
    html! {
            <div class="lab-table-wrap">
                <table class="lab-table" data-testid="lab-results-v2">
                    <caption>{ format!(
                        "Verify v2 channel sequences on the same users (channel_timeout {timeout} s); \
                         {best_name}. WhatsApp, email and silent authentication cost what you entered: the engine has no price for them."
                    ) }</caption>
    { head("Channel sequence", Some("WhatsApp and emails per verified"), "Open in the v2 playground") }
                    <tbody>
                        { for results.sequences.iter().map(|r| sequence_row(r, timeout, Some(r.sequence) == best)) }
                    </tbody>
                </table>
            </div>
        }
}
