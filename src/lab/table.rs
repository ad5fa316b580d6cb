//! The results table: one row per workflow, the best one for the goal marked in words
//! as well as in colour.

use verify_engine::lab::{Goal, LabResults, Population, WorkflowResult};
use verify_engine::Workflow;
use yew::prelude::*;

use super::format::{percent, seconds};

fn per_verified(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "–".into(), |v| format!("{v:.decimals$}"))
}

fn row(result: &WorkflowResult, population: &Population, best: bool) -> Html {
    let schedule = result
        .workflow()
        .map(|w| population.timings(w).describe().replace("->", "→"))
        .unwrap_or_default();
    let time = |ms: Option<u64>| ms.map_or_else(|| "–".into(), seconds);
    html! {
        <tr class={classes!(best.then_some("lab-best"))} data-workflow={result.workflow.to_string()}
            data-best={best.then_some("true")}>
            <th scope="row">
                <span class="lab-wf">{ format!("Workflow {}", result.workflow) }</span>
                <span class="lab-channels">{ schedule }</span>
                if best {
                    <span class="lab-badge">{ "Best" }</span>
                }
            </th>
            <td>{ percent(result.verification_rate()) }</td>
            <td>{ time(result.median_ms) }</td>
            <td>{ time(result.p90_ms) }</td>
            <td>{ per_verified(result.sms_per_verified(), 2) }</td>
            <td>{ per_verified(result.calls_per_verified(), 2) }</td>
            <td>{ per_verified(result.cost_per_verified(), 4) }</td>
            <td>{ percent(result.failed_share()) }</td>
            <td>{ percent(result.expired_share()) }</td>
            <td>{ percent(result.gave_up_share()) }</td>
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
                <thead>
                    <tr>
                        <th scope="col">{ "Workflow" }</th>
                        <th scope="col">{ "Verified" }</th>
                        <th scope="col">{ "Median time (s)" }</th>
                        <th scope="col">{ "90th percentile (s)" }</th>
                        <th scope="col">{ "SMS per verified" }</th>
                        <th scope="col">{ "Calls per verified" }</th>
                        <th scope="col">{ "Cost per verified (EUR)" }</th>
                        <th scope="col">{ "Failed: wrong codes" }</th>
                        <th scope="col">{ "Expired" }</th>
                        <th scope="col">{ "Gave up" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for results.workflows.iter().map(|r| row(r, &results.population, Some(r.workflow) == best)) }
                </tbody>
            </table>
        </div>
    }
}
