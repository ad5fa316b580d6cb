//! The plots, drawn as SVG by the app: verification rate per workflow, and the time to
//! verify of each workflow as a histogram on a shared scale. Each plot is an image with a
//! text alternative that carries its numbers.

use std::fmt::Write;

use verify_engine::lab::{Goal, LabResults, Outcomes, WorkflowResult};
use yew::prelude::*;

use super::format::{duration, percent};
use crate::format::escape_markup;

const W: f64 = 720.0;
const H: f64 = 240.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 44.0;

fn f(v: f64) -> String {
    format!("{v:.1}")
}

/// An `<svg>` element from its markup. The plots have no controls, so they are written as
/// text rather than built node by node: a fraction of the code, and the results (hundreds
/// of bars) appear in one short task, not a long one. Every text in them is escaped.
fn svg(markup: String) -> Html {
    Html::from_html_unchecked(AttrValue::from(markup))
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
    // Writing into a String cannot fail: the results of `write!` are ignored.
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        r#"<svg class="lab-rate" viewBox="0 0 {W} {H}" role="img" aria-labelledby="lab-rate-title lab-rate-desc" preserveAspectRatio="xMidYMid meet"><desc id="lab-rate-desc">Share of users verified, {}.</desc>"#,
        escape_markup(&description)
    );
    for t in [0.0, 0.25, 0.5, 0.75, 1.0] {
        let _ = write!(
            out,
            r#"<g class="lab-tick"><line x1="{}" x2="{}" y1="{y}" y2="{y}"/><text x="{}" y="{}" text-anchor="end">{:.0} %</text></g>"#,
            f(LEFT),
            f(W - RIGHT),
            f(LEFT - 6.0),
            f(y(t) + 4.0),
            t * 100.0,
            y = f(y(t)),
        );
    }
    for (i, r) in results.iter().enumerate() {
        let rate = r.verification_rate();
        let x = LEFT + slot * i as f64 + slot * 0.2;
        let width = slot * 0.6;
        let is_best = Some(r.workflow) == best;
        let channels = r
            .workflow()
            .map(|w| w.to_string().replace(" -> ", "→"))
            .unwrap_or_default();
        let middle = f(x + width / 2.0);
        let _ = write!(
            out,
            r#"<g class="lab-bar{}"><rect x="{}" y="{}" width="{}" height="{}"><title>Workflow {}: {} verified</title></rect><text class="lab-value" x="{middle}" y="{}" text-anchor="middle">{}</text><text x="{middle}" y="{}" text-anchor="middle">{}{}</text><text class="lab-small" x="{middle}" y="{}" text-anchor="middle">{}</text></g>"#,
            if is_best { " lab-bar-best" } else { "" },
            f(x),
            f(y(rate)),
            f(width),
            f(y(0.0) - y(rate)),
            r.workflow,
            percent(rate),
            f(y(rate) - 5.0),
            percent(rate),
            f(H - BOTTOM + 16.0),
            r.workflow,
            if is_best { " (best)" } else { "" },
            f(H - BOTTOM + 32.0),
            escape_markup(&channels),
        );
    }
    out.push_str("</svg>");
    html! {
        <figure class="lab-figure">
            <figcaption id="lab-rate-title">{ "Verification rate by workflow" }</figcaption>
            { svg(out) }
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
    let mut out = String::with_capacity(4096);
    let _ = write!(
        out,
        r#"<svg viewBox="0 0 {HW} {HH}" role="img" aria-label="Time to verify. {}.">"#,
        escape_markup(&summary)
    );
    for (i, &c) in h.counts.iter().enumerate().filter(|(_, &c)| c > 0) {
        let height = plot_h * c as f64 / peak.max(1) as f64;
        let _ = write!(
            out,
            r#"<rect class="lab-hist-bar" x="{}" y="{}" width="{}" height="{}"/>"#,
            f(HPAD + bar_w * i as f64),
            f(HTOP + plot_h - height),
            f((bar_w - 0.5).max(0.5)),
            f(height),
        );
    }
    let _ = write!(
        out,
        r#"<line class="lab-axis" x1="{}" x2="{}" y1="{y}" y2="{y}"/>"#,
        f(HPAD),
        f(HW - HPAD),
        y = f(HTOP + plot_h),
    );
    let markers = [
        (result.median_ms, "lab-median", "median", 0.0),
        (result.p90_ms, "lab-p90", "p90", 1.0),
    ];
    for (ms, class, label, row) in markers {
        if let Some(ms) = ms {
            let x = f(x_of(ms));
            let _ = write!(
                out,
                r#"<g class="{class}"><line x1="{x}" x2="{x}" y1="{}" y2="{}"/><text x="{}" y="{}">{label}</text></g>"#,
                f(HTOP),
                f(HTOP + plot_h),
                f(x_of(ms) + 3.0),
                f(HTOP + 9.0 + 11.0 * row),
            );
        }
    }
    let _ = write!(
        out,
        r#"<text class="lab-small" x="{}" y="{y}">0</text><text class="lab-small" x="{}" y="{y}" text-anchor="middle">{}</text><text class="lab-small" x="{}" y="{y}" text-anchor="end">{}</text></svg>"#,
        f(HPAD),
        f(HW / 2.0),
        duration(span / 2),
        f(HW - HPAD),
        duration(span),
        y = f(HH - 5.0),
    );
    html! {
        <figure class={classes!("lab-hist", best.then_some("lab-hist-best"))}>
            <figcaption>{ summary }</figcaption>
            { svg(out) }
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
