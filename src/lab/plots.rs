//! The plots, drawn as SVG by the app: verification rate per workflow, and the time to
//! verify of each workflow as a histogram on a shared scale. Each plot is an image with a
//! text alternative that carries its numbers.

use verify_engine::lab::{Goal, LabResults, WorkflowResult};
use yew::prelude::*;

use super::format::{duration, percent};

const W: f64 = 720.0;
const H: f64 = 240.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 44.0;

fn f(v: f64) -> String {
    format!("{v:.1}")
}

/// Verification rate per workflow, as bars from 0 to 100 %, the best for `goal` marked.
/// (Plain functions rather than components: the plots only change with the results, and
/// every component costs the bundle a few KB.)
pub fn rate_chart(lab: &LabResults, goal: Goal) -> Html {
    let results = &lab.workflows;
    let best = lab.best(goal);
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let slot = plot_w / results.len().max(1) as f64;
    let y = |share: f64| TOP + plot_h * (1.0 - share.clamp(0.0, 1.0));
    let description = results
        .iter()
        .map(|r| {
            format!(
                "workflow {}: {}",
                r.workflow,
                percent(r.verification_rate())
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let ticks = [0.0, 0.25, 0.5, 0.75, 1.0];
    html! {
        <figure class="lab-figure">
            <figcaption id="lab-rate-title">{ "Verification rate by workflow" }</figcaption>
            <svg class="lab-rate" viewBox={format!("0 0 {W} {H}")} role="img"
                aria-labelledby="lab-rate-title lab-rate-desc" preserveAspectRatio="xMidYMid meet">
                <desc id="lab-rate-desc">{ format!("Share of users verified, {description}.") }</desc>
                { for ticks.iter().map(|&t| html! {
                    <g class="lab-tick">
                        <line x1={f(LEFT)} x2={f(W - RIGHT)} y1={f(y(t))} y2={f(y(t))} />
                        <text x={f(LEFT - 6.0)} y={f(y(t) + 4.0)} text-anchor="end">
                            { format!("{:.0} %", t * 100.0) }
                        </text>
                    </g>
                }) }
                { for results.iter().enumerate().map(|(i, r)| {
                    let rate = r.verification_rate();
                    let x = LEFT + slot * i as f64 + slot * 0.2;
                    let width = slot * 0.6;
                    let is_best = Some(r.workflow) == best;
                    let channels = r.workflow().map(|w| w.to_string().replace(" -> ", "→")).unwrap_or_default();
                    html! {
                        <g class={classes!("lab-bar", is_best.then_some("lab-bar-best"))}>
                            <rect x={f(x)} y={f(y(rate))} width={f(width)} height={f(y(0.0) - y(rate))}>
                                <title>{ format!("Workflow {}: {} verified", r.workflow, percent(rate)) }</title>
                            </rect>
                            <text class="lab-value" x={f(x + width / 2.0)} y={f(y(rate) - 5.0)} text-anchor="middle">
                                { percent(rate) }
                            </text>
                            <text x={f(x + width / 2.0)} y={f(H - BOTTOM + 16.0)} text-anchor="middle">
                                { format!("{}{}", r.workflow, if is_best { " (best)" } else { "" }) }
                            </text>
                            <text class="lab-small" x={f(x + width / 2.0)} y={f(H - BOTTOM + 32.0)} text-anchor="middle">
                                { channels }
                            </text>
                        </g>
                    }
                }) }
            </svg>
        </figure>
    }
}

const HW: f64 = 300.0;
const HH: f64 = 120.0;
const HPAD: f64 = 6.0;
const HTOP: f64 = 8.0;
const HBOTTOM: f64 = 20.0;

fn histogram(result: &WorkflowResult, peak: u64, best: bool) -> Html {
    let h = &result.histogram;
    let span = h.bucket_ms * h.counts.len() as u64;
    let plot_w = HW - 2.0 * HPAD;
    let plot_h = HH - HTOP - HBOTTOM;
    let bar_w = plot_w / h.counts.len().max(1) as f64;
    let x_of = |ms: u64| HPAD + plot_w * (ms as f64 / span.max(1) as f64).min(1.0);
    let summary = match (result.median_ms, result.p90_ms) {
        (Some(m), Some(p)) => format!(
            "Workflow {}: {} verified, median {}, 90th percentile {}",
            result.workflow,
            percent(result.verification_rate()),
            duration(m),
            duration(p)
        ),
        _ => format!("Workflow {}: nobody verified", result.workflow),
    };
    let marker = |ms: Option<u64>, class: &'static str, label: &'static str, row: f64| {
        ms.map(|ms| {
            let x = x_of(ms);
            html! {
                <g class={class}>
                    <line x1={f(x)} x2={f(x)} y1={f(HTOP)} y2={f(HTOP + plot_h)} />
                    <text x={f(x + 3.0)} y={f(HTOP + 9.0 + 11.0 * row)}>{ label }</text>
                </g>
            }
        })
    };
    html! {
        <figure class={classes!("lab-hist", best.then_some("lab-hist-best"))}>
            <figcaption>{ summary.clone() }</figcaption>
            <svg viewBox={format!("0 0 {HW} {HH}")} role="img" aria-label={format!("Time to verify. {summary}.")}>
                { for h.counts.iter().enumerate().filter(|(_, &c)| c > 0).map(|(i, &c)| {
                    let height = plot_h * c as f64 / peak.max(1) as f64;
                    html! {
                        <rect class="lab-hist-bar" x={f(HPAD + bar_w * i as f64)} y={f(HTOP + plot_h - height)}
                            width={f((bar_w - 0.5).max(0.5))} height={f(height)} />
                    }
                }) }
                <line class="lab-axis" x1={f(HPAD)} x2={f(HW - HPAD)} y1={f(HTOP + plot_h)} y2={f(HTOP + plot_h)} />
                { for marker(result.median_ms, "lab-median", "median", 0.0) }
                { for marker(result.p90_ms, "lab-p90", "p90", 1.0) }
                <text class="lab-small" x={f(HPAD)} y={f(HH - 5.0)}>{ "0" }</text>
                <text class="lab-small" x={f(HW / 2.0)} y={f(HH - 5.0)} text-anchor="middle">{ duration(span / 2) }</text>
                <text class="lab-small" x={f(HW - HPAD)} y={f(HH - 5.0)} text-anchor="end">{ duration(span) }</text>
            </svg>
        </figure>
    }
}

/// Time to verify, one histogram per workflow, all on the same axes.
pub fn histograms(lab: &LabResults, goal: Goal) -> Html {
    let results = &lab.workflows;
    let best = lab.best(goal);
    let peak = results
        .iter()
        .map(|r| r.histogram.peak())
        .max()
        .unwrap_or(0);
    let bucket = results.first().map_or(0, |r| r.histogram.bucket_ms / 1000);
    html! {
        <section class="lab-hists" aria-labelledby="lab-hists-title">
            <h3 id="lab-hists-title">{ "Time to verify" }</h3>
            <p class="lab-hint">
                { format!("Verified users per {bucket} s after the request, on the same scale for every workflow. Lines: median and 90th percentile.") }
            </p>
            <div class="lab-hist-grid">
                { for results.iter().map(|r| histogram(r, peak, Some(r.workflow) == best)) }
            </div>
        </section>
    }
}
