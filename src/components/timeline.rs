//! The selected request's timeline as SVG: events done and planned, each PIN's life, the
//! checks, the end, a moving now-cursor, and the same story in words beneath.

use verify_engine::{Millis, SECOND};
use yew::prelude::*;

use crate::format;
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

/// Properties of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The selected request's timeline, if a request is selected.
    pub model: Option<TimelineModel>,
}

/// The "Timeline" region.
#[function_component]
pub fn Timeline(props: &TimelineProps) -> Html {
    html! {
        <section class="panel timeline" aria-label="Timeline">
            <h2>{ "Timeline" }</h2>
            { match &props.model {
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

fn chart(m: &TimelineModel) -> Html {
    let length = (m.horizon - m.start).max(SECOND);
    let scale = Scale {
        start: m.start,
        span: length as f64 * 1.04,
    };
    let x = |at: Millis| px(scale.x(at));
    let step = tick_step(length);
    let ticks = (0..=length / step).map(|i| {
        let at = m.start + i * step;
        html! {
            <g class="tick">
                <line x1={x(at)} x2={x(at)} y1={px(AXIS_Y)} y2={px(AXIS_Y + 4.0)} />
                <text x={x(at)} y={px(AXIS_Y + 14.0)} text-anchor="middle">
                    { format::clock(at) }
                </text>
            </g>
        }
    });
    let pins = m.pins.iter().map(|pin| {
        let (x0, x1) = (scale.x(pin.born), scale.x(pin.dies.min(m.end)));
        html! {
            <g class={classes!("pin", pin.planned.then_some("planned"))}>
                <rect x={px(x0)} y={px(PINS_Y)} rx="4"
                    width={px((x1 - x0).max(2.0))} height={px(PIN_HEIGHT)} />
                <text x={px(x0 + 4.0)} y={px(PINS_Y + 14.0)}>
                    { format!("PIN {}", pin.label) }
                </text>
            </g>
        }
    });
    let mut previous = f64::NEG_INFINITY;
    let mut raised = false;
    let events = m.events.iter().map(|e| {
        let at = scale.x(e.at);
        raised = at - previous < LABEL_GAP && !raised;
        previous = at;
        let label_y = EVENTS_Y - if raised { 23.0 } else { 12.0 };
        html! {
            <g class={classes!("event", e.planned.then_some("planned"), e.new_pin.then_some("new-pin"))}>
                <circle cx={x(e.at)} cy={px(EVENTS_Y)} r="6" />
                <text x={x(e.at)} y={px(label_y)} text-anchor="middle">
                    { e.channel }
                </text>
            </g>
        }
    }).collect::<Vec<_>>();
    // Checks made at (nearly) the same moment are spread out so that each mark shows.
    let mut last_x = f64::NEG_INFINITY;
    let checks = m
        .checks
        .iter()
        .map(|c| {
            let at = scale.x(c.at).max(last_x + 10.0);
            last_x = at;
            html! {
                <text class={classes!("check", if c.valid { "right" } else { "wrong" })}
                    x={px(at)} y={px(CHECKS_Y)} text-anchor="middle">
                    { if c.valid { "✓" } else { "✗" } }
                </text>
            }
        })
        .collect::<Vec<_>>();
    let end_word = m.ended.map_or("expires", |s| s.as_str());
    let now_visible = m.now >= m.start && m.now <= m.start + length + length / 25;
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
    html! {
        <>
            <p class="schedule"><span class="label">{ format!("Request {}: ", m.label) }</span>
                <code>{ &m.schedule }</code></p>
            <p class="cost"><span class="label">{ "Messages: " }</span>{ &m.cost }
                { " (" }<code>{ "estimated_price_messages_sent" }</code>{ ")" }</p>
            <div class="chart-frame">
                <svg viewBox={format!("0 0 {} {}", WIDTH as u32, HEIGHT as u32)} role="img"
                    aria-labelledby="timeline-title timeline-desc" class="chart">
                    <title id="timeline-title">{ format!("Timeline of request {}", m.label) }</title>
                    <desc id="timeline-desc">{ description }</desc>
                    <text class="row-label" x="4" y={px(EVENTS_Y + 4.0)}>{ "Events" }</text>
                    <text class="row-label" x="4" y={px(PINS_Y + 14.0)}>{ "PINs" }</text>
                    <text class="row-label" x="4" y={px(CHECKS_Y)}>{ "Checks" }</text>
                    <line class="axis" x1={px(LEFT)} x2={px(WIDTH - RIGHT)}
                        y1={px(AXIS_Y)} y2={px(AXIS_Y)} />
                    { for ticks }
                    { for pins }
                    { for events }
                    { for checks }
                    <g class={classes!("end", m.ended.is_none().then_some("planned"))}>
                        <line x1={x(m.end)} x2={x(m.end)} y1="4" y2={px(AXIS_Y)} />
                        // The word sits on the side of the line with room for it.
                        if scale.x(m.end) < WIDTH / 2.0 {
                            <text x={px(scale.x(m.end) + 4.0)} y="11" text-anchor="start">
                                { end_word }
                            </text>
                        } else {
                            <text x={px(scale.x(m.end) - 4.0)} y="11" text-anchor="end">
                                { end_word }
                            </text>
                        }
                    </g>
                    if now_visible {
                        <g class="now">
                            <line x1={x(m.now)} x2={x(m.now)} y1="14" y2={px(AXIS_Y + 18.0)} />
                            <text x={x(m.now)} y={px(HEIGHT - 2.0)} text-anchor="middle">{ "now" }</text>
                        </g>
                    }
                </svg>
            </div>
            <p class="legend">{ "Filled: done. Dashed: planned if nothing changes. Red line: now." }</p>
            <ol class="notes">
                { for m.notes.iter().map(|n| html! {
                    <li class={classes!(n.planned.then_some("planned"))}>
                        <span class="at">{ format::clock(n.at) }</span>
                        { if n.planned { " (planned) " } else { " " } }
                        { &n.text }
                    </li>
                }) }
            </ol>
        </>
    }
}
