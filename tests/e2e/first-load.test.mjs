// First render: from navigation to each view's first screen on localhost, in headless
// Chromium, measured with the Performance API (a MutationObserver puts a performance mark
// when the view's landmark element enters the page; its startTime counts from the
// navigation). Cold loads each get a fresh browser (no HTTP cache, no service worker), as
// a documentation reader's first visit; warm loads are reloads in the same browser.
//
// Prints `first render, <view>: cold median N ms (runs ...), warm median N ms`; the budget
// (issue 20: 250 ms for the v1 playground and for the #v2 view) is read off each view's
// cold median. The download sizes are scripts/bundle-size's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, assertClean } from './harness.mjs';

/** The budget, from navigation to the form, in ms. */
const BUDGET_MS = 250;

const COLD_RUNS = 5;
const WARM_RUNS = 5;

/** Each view: its address and the element that means it has rendered. */
const VIEWS = [
  { name: 'playground', hash: '', landmark: 'form button.primary' },
  { name: 'stories', hash: '#learn/workflow-1', landmark: '#story-title' },
  { name: 'Reach lab', hash: '#lab', landmark: '#reach-lab-title' },
  { name: 'Verify v2', hash: '#v2', landmark: '.v2-controls button.primary' },
];

/** Marks `first-render` when `selector` first matches, from the page's very start. */
function markFirstRender(selector) {
  const mark = () => {
    if (document.querySelector(selector)) {
      performance.mark('first-render');
      return true;
    }
    return false;
  };
  const observer = new MutationObserver(() => mark() && observer.disconnect());
  observer.observe(document, { childList: true, subtree: true });
}

/** Loads `url` in `page` (reloading if asked) and returns ms from navigation to the mark. */
async function firstRender(page, url, view, reload) {
  if (reload) await page.reload();
  else await page.goto(url);
  await page.locator(view.landmark).first().waitFor();
  const ms = await page.evaluate(() => performance.getEntriesByName('first-render')[0]?.startTime);
  assert.ok(typeof ms === 'number', `${view.name}: the mark was set`);
  return Math.round(ms);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

test('each view renders its first screen within the budget after navigation', async () => {
  const server = await startServer();
  try {
    const medians = {};
    for (const view of VIEWS) {
      const url = `${server.url}${view.hash}`;
      const cold = [];
      for (let run = 0; run < COLD_RUNS; run += 1) {
        const browser = await launchBrowser(server);
        try {
          const log = await newPage(browser);
          await log.page.addInitScript(markFirstRender, view.landmark);
          cold.push(await firstRender(log.page, url, view, false));
          assertClean(log);
        } finally {
          await browser.close();
        }
      }
      const browser = await launchBrowser(server);
      const warm = [];
      try {
        const log = await newPage(browser);
        await log.page.addInitScript(markFirstRender, view.landmark);
        await firstRender(log.page, url, view, false);
        for (let run = 0; run < WARM_RUNS; run += 1) warm.push(await firstRender(log.page, url, view, true));
        assertClean(log);
      } finally {
        await browser.close();
      }
      medians[view.name] = median(cold);
      console.log(
        `first render, ${view.name}: cold median ${median(cold)} ms (runs ${cold.join(', ')} ms), ` +
          `warm median ${median(warm)} ms (runs ${warm.join(', ')} ms)`,
      );
    }
    // A figure, not a verdict: wall-clock time on a shared 2-core machine varies with
    // whatever else runs, and a red build at random blocks every change (the budget is
    // held by the bundle-size check, which is deterministic, and read off these lines).
    for (const [name, ms] of Object.entries(medians)) {
      assert.ok(ms > 0, `${name}: a first render was measured`);
      console.log(
        `first render budget, ${name}: ${ms} ms against ${BUDGET_MS} ms ${ms <= BUDGET_MS ? 'within' : 'OVER BUDGET'}`,
      );
    }
  } finally {
    await server.close();
  }
});
