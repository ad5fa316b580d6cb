// The playground at any size (issue 8): a session of N requests stays responsive.
//
// For N = 100, 1,000 and 10,000: import a scenario of N requests (distinct numbers, all at
// 0 s, half of them checked right at 30 s) and replay it, click "Skip to next event" once
// (half the requests ring at 125 s), make single actions (send, check, cancel, select a
// request, switch phone, filter the log), reload and restore, measure the saved session,
// and play at 60x through the rest of the workflow. Each figure is the main thread's time
// from the click to the end of the work it caused (the task and the render after it), as
// the page's own performance.now() sees it. Figures are printed, not asserted against a
// clock; what is asserted is that the work was done (the right counts on screen).
//
// Also here: Verify v2's view at 10,000 requests (below), and a full storage, which the page must say out loud (and offer the export).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { useServerAndBrowser, newPage, screenshot, axeAudit } from './harness.mjs';
import { SIM_BIN } from './emulator.mjs';
import { assertPageClean, until, byLabel, button, region, statusWord, openFresh, paste } from './ui.mjs';

const env = useServerAndBrowser();

/** The scenario of the benchmark: `n` verifies at 0 s, the first half checked at 30 s. */
function crowdScenario(n) {
  const lines = [];
  for (let i = 0; i < n; i++) {
    lines.push(`{"at":0,"verify":{"number":"44770${String(i).padStart(7, '0')}","brand":"Acme"}}`);
  }
  for (let i = 1; i <= n / 2; i++) {
    lines.push(`{"at":30,"check":{"request_id":"$request_id.${i}","code":"$pin"}}`);
  }
  return lines.join('\n');
}

/**
 * Clicks the element `selector` (the first match) inside the page and returns the main
 * thread's time in ms until the click's work and the render it scheduled are done: the
 * click runs the handler synchronously, Yew renders in a microtask, and a zero timeout
 * runs after both.
 */
async function timedClick(page, selector) {
  return page.evaluate(async (selector) => {
    const element = document.querySelector(selector);
    if (!element) throw new Error(`nothing matches ${selector}`);
    const start = performance.now();
    element.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    return performance.now() - start;
  }, selector);
}

/** Types `text` into the input `selector` as one input event, timed like `timedClick`. */
async function timedInput(page, selector, text) {
  return page.evaluate(async ([selector, text]) => {
    const input = document.querySelector(selector);
    const start = performance.now();
    input.value = text;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    return performance.now() - start;
  }, [selector, text]);
}

/** A button by its exact text, as a CSS selector the page can click. */
const xButton = (text) => `xpath=//button[normalize-space(.)="${text}"]`;

async function clickButton(page, text) {
  const handle = await page.locator(xButton(text)).first().elementHandle();
  return page.evaluate(async (element) => {
    const start = performance.now();
    element.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
    return performance.now() - start;
  }, handle);
}

/** The API log's line saying what it shows ("Calls 1-10 of 153, newest first."). */
const logHint = (page) => region(page, 'API log').locator('p.hint[aria-live]').textContent();

const logCount = async (page) => Number((await logHint(page)).match(/of ([\d,]+)/)[1].replace(/,/g, ''));

/** The API log's entries on screen, newest first: each call's path and `number` parameter. */
const shownLog = (page) =>
  region(page, 'API log').locator('.log-entry').evaluateAll((entries) =>
    entries.map((entry) => {
      const row = [...entry.querySelectorAll('.params tr')].find((tr) => tr.querySelector('th')?.textContent === 'number');
      return { path: entry.querySelector('.path').textContent, number: row?.querySelector('td').textContent };
    }),
  );

const ms = (value) => `${Math.round(value)} ms`;

/**
 * How each view is played at 60x: its speed control, and the clock time (s, and as the
 * clock shows it) the play must pass.
 */
const VIEWS = {
  v1: { speed: (page) => byLabel(page, 'Speed'), until: 610, clock: '10:05', timeout: 30_000 },
  v2: { speed: (page) => page.locator('#v2-speed'), until: 370, clock: '6:10', timeout: 60_000 },
};

/**
 * Plays `view` (one of VIEWS) at 60x until its clock passes `view.until`, then pauses,
 * watching the main thread meanwhile; returns the longest long task (over 50 ms; 0 if
 * none) and the longest gap between frames, in ms.
 */
async function playWatched(page, view) {
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longest = Math.max(window.__longest, entry.duration);
    }).observe({ type: 'longtask' });
    window.__frameGap = 0;
    let last = performance.now();
    const frame = (now) => {
      window.__frameGap = Math.max(window.__frameGap, now - last);
      last = now;
      if (!window.__stopFrames) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await view.speed(page).selectOption('60');
  if (await button(page, 'Play').count()) await button(page, 'Play').click();
  const seconds = (clock) => clock.split(':').reduce((m, s) => m * 60 + Number(s), 0);
  await until(
    async () => seconds(await page.locator('#sim-time').textContent()) >= view.until,
    `time to pass ${view.clock}`,
    view.timeout,
  );
  await button(page, 'Pause').click();
  return page.evaluate(() => {
    window.__stopFrames = true;
    return { longTask: window.__longest, frameGap: window.__frameGap };
  });
}

/** The figures both views' lines end with: reload, saved size, playing at 60x. */
const lastFigures = (row) =>
  `reload+restore ${ms(row.restore)}, saved ${(row.saved / 1024).toFixed(0)} KB, ` +
  `playing at 60x: longest long task ${row.longTask ? ms(row.longTask) : 'none (all under 50 ms)'}, ` +
  `longest frame gap ${ms(row.frameGap)}`;

const figures = [];

for (const n of [100, 1000, 10000]) {
  test(`a session of ${n} requests stays responsive`, { timeout: 300_000 }, async () => {
    const log = await openFresh(env);
    const { page } = log;
    // Record when the restored-session notice appears after a reload, from navigation.
    await page.addInitScript(() => {
      new MutationObserver(() => {
        if (!window.__restoredAt && document.body?.textContent.includes('previous session is back')) {
          window.__restoredAt = performance.now();
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const row = { n };

    // Import and replay: the verifies run at once, the checks at 0:30.
    await paste(page, '#import-text', crowdScenario(n));
    row.import = await clickButton(page, 'Import scenario');
    row.replay = await clickButton(page, 'Skip to next event');
    assert.equal(await logCount(page), n + n / 2, 'every call of the scenario replayed');

    // One skip: the unchecked half rings at 2:05.
    row.skip = await clickButton(page, 'Skip to next event');
    assert.equal(await page.locator('#sim-time').textContent(), '2:05');

    // Single actions.
    await byLabel(page, 'Phone number').fill('447799999999');
    row.send = await clickButton(page, 'Send verification');
    assert.equal((await statusWord(page).textContent()).trim(), 'IN PROGRESS');
    await byLabel(page, 'PIN').fill('0000');
    row.check = await clickButton(page, 'Check');
    row.cancel = await clickButton(page, 'Cancel request');
    row.select = await timedClick(page, '.requests .request-choice[aria-pressed="false"]');
    row.phone = await timedClick(page, '.switcher button[aria-pressed="false"]');
    // The filter: the numbers 447700000000-447700000099 contain "4477000000", so it
    // matches the scenario's first min(n, 100) verifies and no other call (the checks
    // carry only a request id, which is hexadecimal and random).
    const filter = '4477000000';
    const calls = n + n / 2 + 3;
    const matching = Math.min(n, 100);
    row.filter = await timedInput(page, '#log-filter', filter);
    assert.equal(
      await logHint(page),
      `${matching} of ${calls} calls mention "${filter}"; page 1 of ${Math.ceil(matching / 10)}, newest first.`,
    );
    // The page shows the newest ten of them, each the verify of a number containing it.
    assert.deepEqual(await shownLog(page), Array.from({ length: 10 }, (_, i) => ({
      path: '/verify/json',
      number: `44770${String(matching - 1 - i).padStart(7, '0')}`,
    })));
    if (n === 10000) await screenshot(page, 'scale-10000-after-actions');
    // A filter nothing matches shows no entry, and says so.
    await timedInput(page, '#log-filter', '447711111111');
    assert.equal(await logHint(page), 'No call mentions "447711111111".');
    assert.deepEqual(await shownLog(page), []);
    await timedInput(page, '#log-filter', '');
    assert.equal(await logCount(page), calls, 'no filter: every call again');
    assert.equal((await shownLog(page)).length, 10);

    // The saved session: only what replays it.
    row.saved = await page.evaluate(() => {
      let size = 0;
      for (let i = 0; i < localStorage.length; i++) {
        const key = localStorage.key(i);
        if (key.startsWith('verify-playground.session')) size += key.length + localStorage.getItem(key).length;
      }
      return size;
    });

    // Reload and restore.
    await page.reload();
    await page.locator('.notices').getByText(/previous session is back/).waitFor({ timeout: 60_000 });
    row.restore = await page.evaluate(() => window.__restoredAt);
    assert.equal(await logCount(page), n + n / 2 + 3);

    // Play at 60x through 2:05 -> 10:05 (new PINs at 5:05, expiry at 10:05).
    Object.assign(row, await playWatched(page, VIEWS.v1));
    const expired = await page.evaluate(() => document.body.textContent.includes('EXPIRED'));
    assert.ok(expired, 'the unchecked requests expired while playing');
    if (n === 10000) {
      await screenshot(page, 'scale-10000-played');
      assert.deepEqual(await axeAudit(page), [], 'axe: a session of 10,000 requests');
    }

    figures.push(row);
    console.log(
      `scale: ${String(n).padStart(5)} requests: import ${ms(row.import)} + replay ${ms(row.replay)}, ` +
        `skip ${ms(row.skip)}, send ${ms(row.send)}, check ${ms(row.check)}, cancel ${ms(row.cancel)}, ` +
        `select ${ms(row.select)}, switch phone ${ms(row.phone)}, filter log ${ms(row.filter)}, ` +
        lastFigures(row),
    );
    assertPageClean(log);
    await page.close();
  });
}

// Verify v2 (#v2) at 10,000 requests: the same figures as v1's table where the view has
// the action (it has no request list, phone switcher or log filter). The session is built
// as the page keeps it (its saved session in localStorage, replayed on open): n starts at
// 0 s (sms then voice, distinct numbers), the first half checked with their codes at 30 s.
// Ids and codes come from the real verify-sim run on the same calls with the same seed
// (the engine is deterministic, so the page's replay gives the same ones).
const V2_SEED = 7;
const V2_KEY = 'verify-playground-v2';

/** The saved v2 session of the benchmark (what state/src/v2/saved.rs writes), at 0:30. */
function v2CrowdSession(n) {
  const body = (i) => {
    const to = `44770${String(i).padStart(7, '0')}`;
    return { brand: 'Acme', workflow: [{ channel: 'sms', to }, { channel: 'voice', to }] };
  };
  const scenario = [];
  for (let i = 0; i < n; i++) scenario.push(JSON.stringify({ at: 0, verify2: body(i) }));
  const out = execFileSync(SIM_BIN, ['--seed', String(V2_SEED), '-'], {
    input: scenario.join('\n') + '\n',
    maxBuffer: 1 << 28,
  }).toString();
  const ids = [];
  const codes = new Map();
  for (const line of out.trim().split('\n')) {
    const event = JSON.parse(line);
    if (event.call === 'verify2') ids.push(event.response.request_id);
    if (event.event === 'sms') codes.set(event.request_id, event.text.match(/code is (\d+)/)[1]);
  }
  assert.equal(ids.length, n, 'verify-sim started every request');
  const calls = ids.map((id, i) => [0, 'verify2', '', body(i)]);
  for (const id of ids.slice(0, n / 2)) calls.push([30_000, 'check2', id, { code: codes.get(id) }]);
  return JSON.stringify({ version: 1, seed: V2_SEED, start: '2026-01-01 00:00:00', retention: null, now: 30_000, form: {}, calls });
}

/** Opens `#v2` (its session from localStorage) and returns ms from navigation until the
 * API log says it holds `calls` calls. */
async function v2Open(page, url, calls, reload) {
  const hint = `of ${calls.toLocaleString('en-US')} calls`;
  await page.evaluate((hint) => sessionStorage.setItem('v2-hint', hint), hint);
  if (reload) await page.reload();
  else await page.goto(url);
  const apiLog = page.locator('.v2-log');
  await apiLog.getByText(hint).waitFor({ timeout: 120_000 });
  return page.evaluate(() => window.__openedAt);
}

for (const n of [10000]) {
  test(`Verify v2: a session of ${n} requests stays responsive`, { timeout: 300_000, skip: !fs.existsSync(SIM_BIN) && 'no target/native/verify-sim' }, async () => {
    const log = await newPage(env.browser);
    const { page } = log;
    await page.setViewportSize({ width: 1280, height: 900 });
    // When the API log first says how many calls it holds, from navigation.
    await page.addInitScript(() => {
      new MutationObserver(() => {
        const hint = sessionStorage.getItem('v2-hint');
        if (!window.__openedAt && hint && document.body?.textContent.includes(hint)) window.__openedAt = performance.now();
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const url = `${env.server.url}#v2`;
    await page.goto(url);
    await page.locator('.v2-controls button.primary').waitFor();
    await page.evaluate(([key, text]) => localStorage.setItem(key, text), [V2_KEY, v2CrowdSession(n)]);
    const row = { n };
    let calls = n + n / 2;
    row.open = await v2Open(page, url, calls, true);
    assert.equal(await page.locator('#sim-time').textContent(), '0:30');
    assert.equal(
      (await page.locator('.v2-callbacks p.hint').last().textContent()).trim(),
      `The newest 20 of ${(n / 2).toLocaleString('en-US')} callbacks.`,
      'a summary for each request checked',
    );

    // One skip: the unchecked half's voice steps start at 3:00 (channel_timeout 180 s).
    row.skip = await clickButton(page, 'Skip to next event');
    assert.equal(await page.locator('#sim-time').textContent(), '3:00');
    assert.equal(await page.locator('.v2-phone .v2-call').count(), 20, 'a page of the calls ringing');

    // Single actions on a new request (the form's defaults: sms then voice).
    row.send = await clickButton(page, 'Start verification');
    calls += 1;
    assert.equal((await page.locator('.v2-current strong').textContent()).trim(), 'in_progress');
    await page.locator('#v2-code-typed').fill('0000');
    row.check = await clickButton(page, 'Check code');
    row.next = await clickButton(page, 'Next workflow');
    row.cancel = await clickButton(page, 'Cancel');
    calls += 3;
    assert.equal((await page.locator('.v2-current strong').textContent()).trim(), 'cancelled');

    // The header and its chunks (state/src/v2/saved.rs keeps the calls in chunks, as v1's).
    row.saved = await page.evaluate((key) => Object.keys(localStorage).filter((k) => k === key || k.startsWith(`${key}.`))
      .reduce((sum, k) => sum + k.length + localStorage.getItem(k).length, 0), V2_KEY);

    // Reload and restore.
    await page.evaluate(() => { delete window.__openedAt; });
    row.restore = await v2Open(page, url, calls, true);
    assert.equal(await page.locator('#sim-time').textContent(), '3:00');

    // Play at 60x through 3:00 -> 6:10 (the unchecked half expires at 6:00).
    Object.assign(row, await playWatched(page, VIEWS.v2));
    assert.equal(
      (await page.locator('.v2-callbacks p.hint').last().textContent()).trim(),
      `The newest 20 of ${n.toLocaleString('en-US')} callbacks.`,
      'a summary for every request of the crowd (the cancelled one has none)',
    );
    assert.match(await page.locator('.v2-callbacks .v2-callback').first().textContent(), /"status":"expired"/);
    await screenshot(page, `scale-v2-${n}-played`);
    assert.deepEqual(await axeAudit(page), [], `axe: a v2 session of ${n} requests`);

    console.log(
      `scale, Verify v2: ${String(n).padStart(5)} requests: open (replay) ${ms(row.open)}, ` +
        `skip ${ms(row.skip)}, start ${ms(row.send)}, check ${ms(row.check)}, next workflow ${ms(row.next)}, ` +
        `cancel ${ms(row.cancel)}, select/switch phone/filter log: none in this view, ` +
        lastFigures(row),
    );
    assertPageClean(log);
    await page.close();
  });
}

test('a full storage is said out loud, the export is offered, and saving resumes', async () => {
  const log = await openFresh(env);
  const { page } = log;
  // Fill the origin's storage with other data until the browser refuses more.
  const filled = await page.evaluate(() => {
    let chunk = 'x'.repeat(1 << 20);
    let i = 0;
    while (chunk.length > 16) {
      try {
        localStorage.setItem(`filler-${i++}`, chunk);
      } catch {
        chunk = chunk.slice(chunk.length / 2);
      }
    }
    return i;
  });
  assert.ok(filled > 1);
  await button(page, 'Send verification').click();
  const warning = page.locator('.storage-warning');
  await warning.waitFor();
  assert.match(await warning.textContent(), /This session is not being kept: .*full/);
  assert.equal(await warning.getAttribute('role'), 'alert');
  await screenshot(page, 'playground-1280-storage-full');
  assert.deepEqual(await axeAudit(page), [], 'axe: the storage warning');
  await button(page, 'Export the session').click();
  const exported = await byLabel(page, 'Exported scenario').inputValue();
  assert.match(exported, /"verify":\{"brand":"Acme"/);
  // Room again: the next change is saved, the warning goes, and a reload restores it.
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('filler-')) localStorage.removeItem(key);
  });
  await button(page, 'Skip 30 seconds').click();
  await until(async () => (await warning.count()) === 0, 'the warning to go');
  await page.reload();
  await page.locator('.notices').getByText(/previous session is back/).waitFor();
  assert.equal((await statusWord(page).textContent()).trim(), 'IN PROGRESS');
  assertPageClean(log);
  await page.close();
});

test('storage the browser blocks is said at start', async () => {
  const log = await newPage(env.browser);
  const { page } = log;
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The user denied storage', 'SecurityError');
      },
    });
  });
  await page.goto(env.server.url);
  await button(page, 'Send verification').waitFor();
  assert.match(await page.locator('.storage-warning').textContent(), /not being kept: the browser blocks/);
  await button(page, 'Send verification').click();
  await until(async () => (await statusWord(page).textContent()).trim() === 'IN PROGRESS', 'the page to work');
  assertPageClean(log);
  await page.close();
});
