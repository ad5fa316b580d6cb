// Helpers for driving the playground the way a person does: by accessible names, the
// phone's messages and the API log. Shared by the end-to-end test files.
import assert from 'node:assert/strict';
import { newPage } from './harness.mjs';

// Chromium's own background services sometimes call Google hosts despite the harness's
// flags (the network time tracker, the component updater's redirector; autofill lookups
// before the harness sent them to a dead port), and the harness's proxy refuses and records
// them. They are not the page's: every request the page itself makes is in
// `offOriginRequests`, which must stay empty. Only these service hosts are tolerated in the
// proxy's list.
const CHROMIUM_SERVICES = /^(CONNECT |GET https?:\/\/)(content-autofill\.googleapis\.com|clients2\.google\.com|redirector\.gvt1\.com)[:/]/;

export function assertPageClean(log) {
  assert.deepEqual(log.consoleErrors, [], 'console errors');
  assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
  assert.deepEqual(log.offOriginRequests, [], 'requests from the page to other hosts');
  const other = log.blockedByProxy.filter((r) => !CHROMIUM_SERVICES.test(r));
  assert.deepEqual(other, [], 'requests to other hosts refused by the proxy');
}

/** Polls `check` until it returns a truthy value (or throws after `ms`). */
export async function until(check, what, ms = 5000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const byLabel = (page, name) => page.getByLabel(name, { exact: true });
export const button = (page, name) => page.getByRole('button', { name, exact: true });
export const region = (page, name) => page.getByRole('region', { name, exact: true });
export const statusWord = (page) => page.getByRole('status');

export async function expectStatus(page, word) {
  await until(async () => (await statusWord(page).textContent()).trim() === word, `status ${word}`);
}

/** A fresh page with nothing saved, the clock paused at 0:00. */
export async function openFresh(env, query = '', width = 1280) {
  const log = await newPage(env.browser);
  const { page } = log;
  await page.setViewportSize({ width, height: 900 });
  await page.goto(env.server.url);
  await button(page, 'Send verification').waitFor();
  await page.evaluate(() => localStorage.clear());
  await page.goto(env.server.url + query);
  await button(page, 'Send verification').waitFor();
  await pause(page);
  // The clock may have ticked before the pause: start over at 0:00, still paused.
  if (!query.includes('embed')) {
    await button(page, 'Start a new session').click();
    await button(page, 'Dismiss notice').click();
  }
  assert.equal(await page.locator('#sim-time').textContent(), '0:00');
  return log;
}

export async function pause(page) {
  if (await button(page, 'Pause').count()) await button(page, 'Pause').click();
  await button(page, 'Play').waitFor();
}

/** The newest thing on the shown phone: `{ kind: 'sms'|'call', text }`. */
export async function newestOnPhone(page) {
  const item = region(page, 'Phone').locator('.thread li').first();
  await item.waitFor();
  const kind = (await item.getAttribute('class')).includes('sms') ? 'sms' : 'call';
  return { kind, text: (await item.textContent()).trim() };
}

/** Reads the PIN the way a person would: from the SMS text, or by answering the call. */
export async function readPinFromPhone(page) {
  const phone = region(page, 'Phone');
  const { kind } = await newestOnPhone(page);
  if (kind === 'sms') {
    const text = await phone.locator('.sms .text').first().textContent();
    return text.match(/: (\d{4,6})\./)[1];
  }
  if (await button(page, 'Answer').count()) await button(page, 'Answer').click();
  const transcript = await until(
    async () => (await phone.locator('.transcript').count()) && phone.locator('.transcript').first().textContent(),
    'the transcript',
  );
  return transcript.match(/(\d(?:, \d)+)/)[1].replace(/, /g, '');
}

export const wrongPin = (pin) => pin.replace(/\d$/, (d) => String((Number(d) + 1) % 10));

export async function newestLogEntry(page) {
  return (await region(page, 'API log').locator('.log-entry').first().textContent()).replace(/\s+/g, ' ');
}

export async function check(page, pin) {
  await byLabel(page, 'PIN').fill(pin);
  await button(page, 'Check').click();
  await until(async () => (await newestLogEntry(page)).includes('/verify/check/json'), 'the check in the log');
}

export async function skipUntilStatus(page, word) {
  for (let i = 0; i < 12; i++) {
    if ((await statusWord(page).textContent()).trim() === word) return;
    await button(page, 'Skip to next event').click();
  }
  await expectStatus(page, word);
}


/**
 * Puts `text` into the field `selector` as one input event: what a paste does. Typing
 * hundreds of kilobytes key by key would measure the typing, not the page.
 */
export async function paste(page, selector, text) {
  await page.evaluate(([selector, text]) => {
    const field = document.querySelector(selector);
    field.value = text;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }, [selector, text]);
}
