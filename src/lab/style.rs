//! The lab's styles, scoped under `.reach-lab` so that the panel looks the same wherever
//! it is embedded. Colours follow the playground's theme variables, with fallbacks.

/// The stylesheet, put in a `<style>` element inside the panel.
pub const STYLE: &str = r#"
.reach-lab { --lab-accent: var(--accent, #0a58ca); --lab-line: var(--line, #d0d7de);
  --lab-muted: var(--muted, #555e68); --lab-text: var(--text, #1b1f24);
  --lab-best: #fff4d6; --lab-bad: var(--bad, #a40e26);
  background: var(--panel, #fff); color: var(--lab-text); border: 1px solid var(--lab-line);
  border-radius: var(--radius, 8px); padding: 14px 16px; }
.reach-lab h2 { margin: 0 0 6px; }
.reach-lab .lab-intro { margin: 0 0 10px; }
.reach-lab .lab-groups { display: grid; gap: 10px; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); margin: 10px 0; }
.reach-lab fieldset.lab-group { border: 1px solid var(--lab-line); border-radius: 6px; margin: 0; padding: 6px 10px 8px; min-width: 0; }
.reach-lab legend { font-weight: 600; padding: 0 4px; }
.reach-lab .lab-field { margin: 6px 0; }
.reach-lab .lab-field label { display: block; font-weight: 600; font-size: 0.9rem; margin-bottom: 2px; }
.reach-lab .lab-field input, .reach-lab .lab-field select { width: 100%; font: inherit; padding: 4px 6px;
  border: 1px solid #8c959f; border-radius: 4px; background: #fff; color: var(--lab-text); }
.reach-lab #lab-preset { max-width: 420px; }
.reach-lab input[aria-invalid="true"] { border-color: var(--lab-bad); box-shadow: 0 0 0 1px var(--lab-bad); }
.reach-lab .lab-hint { color: var(--lab-muted); font-size: 0.82rem; margin: 2px 0 0; }
.reach-lab .lab-error { color: var(--lab-bad); background: #ffebe9; border-radius: 4px; padding: 3px 6px; font-size: 0.85rem; margin: 3px 0 0; }
.reach-lab .lab-buttons { display: flex; gap: 8px; margin: 8px 0; }
.reach-lab button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid #8c959f; background: #f6f8fa; color: var(--lab-text); cursor: pointer; }
.reach-lab button.lab-run { background: var(--lab-accent); border-color: var(--lab-accent); color: #fff; font-weight: 600; }
.reach-lab button:disabled { opacity: 0.7; cursor: progress; }
.reach-lab .lab-status { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 8px 0; min-height: 1.6em; }
.reach-lab .lab-status p { margin: 0; }
.reach-lab progress { width: min(360px, 100%); height: 14px; }
.reach-lab .lab-table-wrap { overflow-x: auto; margin: 8px 0; }
.reach-lab table.lab-table { border-collapse: collapse; width: 100%; font-size: 0.88rem; font-variant-numeric: tabular-nums; }
.reach-lab .lab-table caption { text-align: left; font-weight: 600; padding: 4px 0 6px; }
.reach-lab .lab-table th, .reach-lab .lab-table td { border-bottom: 1px solid var(--lab-line); padding: 5px 8px; text-align: right; vertical-align: top; }
.reach-lab .lab-table thead th { font-size: 0.8rem; color: var(--lab-text); background: #f6f8fa; }
.reach-lab .lab-table th[scope="row"], .reach-lab .lab-table thead th:first-child { text-align: left; }
.reach-lab .lab-table .lab-wf { display: block; }
.reach-lab .lab-table .lab-channels { display: block; font-weight: 400; font-size: 0.78rem; color: var(--lab-muted); }
.reach-lab .lab-table .lab-user { display: block; white-space: nowrap; }
.reach-lab tr.lab-best th, .reach-lab tr.lab-best td { background: var(--lab-best); }
.reach-lab .lab-badge { display: inline-block; margin-top: 2px; padding: 0 6px; border-radius: 10px; background: var(--lab-accent); color: #fff; font-size: 0.75rem; font-weight: 600; }
.reach-lab .lab-plots { display: grid; gap: 12px; margin: 10px 0; }
.reach-lab figure { margin: 0; }
.reach-lab figcaption, .reach-lab .lab-hists h3 { font-weight: 600; font-size: 0.9rem; margin: 0 0 4px; }
.reach-lab svg { display: block; width: 100%; height: auto; font-size: 12px; }
.reach-lab svg.lab-rate { max-width: 760px; }
.reach-lab svg.lab-rate .lab-small { font-size: 9px; }
.reach-lab svg text { fill: var(--lab-text); }
.reach-lab svg .lab-small { font-size: 10px; fill: var(--lab-muted); }
.reach-lab .lab-tick line { stroke: #e1e4e8; }
.reach-lab .lab-bar rect { fill: #7d93b2; }
.reach-lab .lab-bar-best rect { fill: var(--lab-accent); }
.reach-lab .lab-bar-best text { font-weight: 700; }
.reach-lab .lab-hist-grid { display: grid; gap: 10px; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); }
.reach-lab .lab-hist { border: 1px solid var(--lab-line); border-radius: 6px; padding: 6px; }
.reach-lab .lab-hist figcaption { font-weight: 400; font-size: 0.8rem; }
.reach-lab .lab-hist-best { background: var(--lab-best); }
.reach-lab .lab-hist-bar { fill: #7d93b2; }
.reach-lab .lab-hist-best .lab-hist-bar { fill: var(--lab-accent); }
.reach-lab .lab-axis { stroke: #8c959f; }
.reach-lab .lab-median line { stroke: #1b1f24; stroke-width: 1.5; }
.reach-lab .lab-p90 line { stroke: #a40e26; stroke-width: 1.5; stroke-dasharray: 4 3; }
.reach-lab .lab-median text, .reach-lab .lab-p90 text { font-size: 9px; }
"#;
