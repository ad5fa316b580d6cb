//! The selected request's timeline as SVG: events done and planned, each PIN's life, the
//! checks, the end, a moving now-cursor, and the same story in words beneath.

use std::fmt::Write;

use verify_engine::{Millis, SECOND};
use yew::prelude::*;

use super::{class_list, markup};

use crate::format;
use crate::state::signal::Fate;
use crate::state::timeline::TimelineModel;

// The drawing's own units: about one CSS pixel each in the playground's narrowest
// column, so that 12-unit text stays readable from a 375 px phone to a wide screen.
const WIDTH: f64 = 440.0;
const HEIGHT: f64 = 146.0;
const LEFT: f64 = 58.0;
const RIGHT: f64 = 16.0;
const EVENTS_Y: f64 = 40.0;
const PINS_Y: f64 = 56.0;
const PIN_HEIGHT: f64 = 20.0;
const CHECKS_Y: f64 = 98.0;
const AXIS_Y: f64 = 110.0;
/// Event labels closer than this (in drawing units) are staggered.
const LABEL_GAP: f64 = 26.0;

/// The "Timeline" region.
pub fn timeline(model: Option<&TimelineModel>) -> Html {
    html! {
        <section class="panel timeline" aria-label="Timeline">
            { markup(r#"<h2>Timeline</h2>"#) }
            { match model {
                None => html! { <p class="empty">{ "The selected request's events and PINs appear here." }</p> },
                Some(model) => chart(model),
            } }
        </section>
    }
}

struct Scale {
    start: Millis,
    span: f64,
}

impl Scale {
    fn x(&self, at: Millis) -> f64 {
        let offset = at.saturating_sub(self.start) as f64;
        LEFT + (offset / self.span).min(1.0) * (WIDTH - LEFT - RIGHT)
    }
}

fn tick_step(span: Millis) -> Millis {
    [15, 30, 60, 120, 300, 600, 1800, 3600]
        .into_iter()
        .map(|s| s * SECOND)
        .find(|step| span / step <= 6)
        .unwrap_or(7200 * SECOND)
}

/// A drawing coordinate with one decimal, written with integer arithmetic: the SVG needs
/// no more, and float formatting would add its whole machinery to the download.
fn px(value: f64) -> String {
    let tenths = (value * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths.abs() / 10, tenths.abs() % 10)
}

/// The chart as SVG text. It has no controls, so it is written as markup rather than
/// built node by node: far less code in the download, and one string to compare per
/// render. Every text in it is escaped.
fn svg(m: &TimelineModel) -> String {
    let length = (m.horizon - m.start).max(SECOND);
    let scale = Scale {
        start: m.start,
        span: length as f64 * 1.04,
    };
    let x = |at: Millis| px(scale.x(at));
    let mut out = String::with_capacity(4096);
    let description = format!(
        "Request {} ({}), sent at {}. {} events, {} PINs, {} checks; {} {}.",
        m.label,
        m.schedule,
        format::clock(m.start),
        m.events.len(),
        m.pins.len(),
        m.checks.len(),
        if m.ended.is_some() {
            "ended"
        } else {
            "planned to end"
        },
        format::clock(m.end),
    );
    let _ = write!(
        out,
        r#"<svg viewBox="0 0 {} {}" role="img" aria-labelledby="timeline-title timeline-desc" class="chart"><title id="timeline-title">Timeline of request {}</title><desc id="timeline-desc">{}</desc>"#,
        WIDTH as u32,
        HEIGHT as u32,
        format::escape_markup(&m.label),
        format::escape_markup(&description)
    );
    for (y, label) in [
        (EVENTS_Y + 4.0, "Events"),
        (PINS_Y + 14.0, "PINs"),
        (CHECKS_Y, "Checks"),
    ] {
        let _ = write!(
            out,
            r#"<text class="row-label" x="4" y="{}">{label}</text>"#,
            px(y)
        );
    }
    let _ = write!(
        out,
        r#"<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/>"#,
        px(LEFT),
        px(WIDTH - RIGHT),
        px(AXIS_Y),
        px(AXIS_Y)
    );
    let step = tick_step(length);
    for i in 0..=length / step {
        let at = m.start + i * step;
        let _ = write!(
            out,
            r#"<g class="tick"><line x1="{0}" x2="{0}" y1="{1}" y2="{2}"/><text x="{0}" y="{3}" text-anchor="middle">{4}</text></g>"#,
            x(at),
            px(AXIS_Y),
            px(AXIS_Y + 4.0),
            px(AXIS_Y + 14.0),
            format::clock(at)
        );
    }
    for pin in &m.pins {
        let (x0, x1) = (scale.x(pin.born), scale.x(pin.dies.min(m.end)));
        let _ = write!(
            out,
            r#"<g class="pin{}"><rect x="{}" y="{}" rx="4" width="{}" height="{}"/><text x="{}" y="{}">PIN {}</text></g>"#,
            if pin.planned { " planned" } else { "" },
            px(x0),
            px(PINS_Y),
            px((x1 - x0).max(2.0)),
            px(PIN_HEIGHT),
            px(x0 + 4.0),
            px(PINS_Y + 14.0),
            format::escape_markup(&pin.label)
        );
    }
    let mut previous = f64::NEG_INFINITY;
    let mut raised = false;
    for e in &m.events {
        let at = scale.x(e.at);
        raised = at - previous < LABEL_GAP && !raised;
        previous = at;
        let label_y = EVENTS_Y - if raised { 23.0 } else { 12.0 };
        let _ = write!(
            out,
            r#"<g class="event{}{}{}"><circle cx="{3}" cy="{4}" r="6"/><text x="{3}" y="{5}" text-anchor="middle">{6}{7}</text></g>"#,
            if e.planned { " planned" } else { "" },
            if e.new_pin { " new-pin" } else { "" },
            // A delivery the user did not get (or got late) is marked as such.
            match e.fate {
                Some(Fate::Lost | Fate::Missed) => " unreached",
                Some(Fate::Late(_)) => " late",
                None => "",
            },
            x(e.at),
            px(EVENTS_Y),
            px(label_y),
            e.channel,
            match e.fate {
                Some(Fate::Lost) => " lost",
                Some(Fate::Missed) => " missed",
                Some(Fate::Late(_)) => " late",
                None => "",
            }
        );
    }
    // Checks made at (nearly) the same moment are spread out so that each mark shows.
    let mut last_x = f64::NEG_INFINITY;
    for c in &m.checks {
        let at = scale.x(c.at).max(last_x + 10.0);
        last_x = at;
        let _ = write!(
            out,
            r#"<text class="check {}" x="{}" y="{}" text-anchor="middle">{}</text>"#,
            if c.valid { "right" } else { "wrong" },
            px(at),
            px(CHECKS_Y),
            if c.valid { "✓" } else { "✗" }
        );
    }
    // The end's word sits on the side of its line with room for it.
    let end = scale.x(m.end);
    let (word_x, anchor) = if end < WIDTH / 2.0 {
        (end + 4.0, "start")
    } else {
        (end - 4.0, "end")
    };
    let _ = write!(
        out,
        r#"<g class="end{}"><line x1="{1}" x2="{1}" y1="4" y2="{2}"/><text x="{3}" y="11" text-anchor="{4}">{5}</text></g>"#,
        if m.ended.is_none() { " planned" } else { "" },
        x(m.end),
        px(AXIS_Y),
        px(word_x),
        anchor,
        m.ended.map_or("expires", |s| s.as_str())
    );
    if m.now >= m.start && m.now <= m.start + length + length / 25 {
        let _ = write!(
            out,
            r#"<g class="now"><line x1="{0}" x2="{0}" y1="14" y2="{1}"/><text x="{0}" y="{2}" text-anchor="middle">now</text></g>"#,
            x(m.now),
            px(AXIS_Y + 18.0),
            px(HEIGHT - 2.0)
        );
    }
    out.push_str("</svg>");
    out
}

fn chart(m: &TimelineModel) -> Html {
    html! {
        <>
            <p class="schedule"><span class="label">{ format!("Request {}: ", m.label) }</span>
                <code>{ &m.schedule }</code></p>
            <p class="cost"><span class="label">{ "Messages: " }</span>{ &m.cost }
                { " (" }<code>{ "estimated_price_messages_sent" }</code>{ ")" }</p>
            <div class="chart-frame">{ Html::from_html_unchecked(AttrValue::from(svg(m))) }</div>
            { markup(r#"<p class="legend">Filled: done. Dashed: planned if nothing changes. Red line: now.</p>"#) }
            <ol class="notes">
                { for m.notes.iter().map(|n| html! {
                    <li ~className={class_list(&[n.planned.then_some("planned")])}>
                        <span class="at">{ format::clock(n.at) }</span>
                        { if n.planned { " (planned) " } else { " " } }
                        { &n.text }
                    </li>
                }) }
            </ol>
        </>
    }
}
