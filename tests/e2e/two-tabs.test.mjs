// Two tabs of the same browser keep their sessions under the same keys. The kept session
// is always one tab's whole: a tab saving after another tab wrote its own session writes
// its session whole, not only its newest chunk of calls over the other's, which a reload
// could not read back ("a part of it is missing") or would read as a mix of the two.
//
// The #v2 view here (its sessions are easy to build at 600 calls, past the 500 of a
// chunk); v1's saving goes through the same code (`src/hooks/keeper.rs`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPage, assertClean } from './harness.mjs';
import { byLabel, button, region, until } from './ui.mjs';
import { openV2 } from './v2-ui.mjs';

const env = useServerAndBrowser();

/** The #v2 session's key, its header (older sessions keep their calls in it, too). */
const V2_KEY = 'verify-playground-v2';

/** A kept #v2 session of `n` SMS requests, each to its own number, all started at 0. */
function crowdSession(n) {
  const calls = [];
  for (let i = 0; i < n; i++) {
    const to = `44770${String(i).padStart(7, '0')}`;
    calls.push([0, 'verify2', '', { brand: 'Acme', workflow: [{ channel: 'sms', to }] }]);
  }
  return JSON.stringify({ version: 1, seed: 7, start: '2026-01-01 00:00:00', retention: null, now: 0, form: {}, calls });
}

/** Waits until the API log of `page` holds `calls` calls: it says how many past a page
 * of them, and lists each of a few. */
async function holds(page, calls) {
  const log = region(page, 'API log');
  const hint = `of ${calls.toLocaleString('en-US')} calls`;
  await until(
    async () => (calls > 20 ? (await log.textContent()).includes(hint) : (await log.locator('li').count()) === calls),
    `the API log with ${calls} calls`,
    15_000,
  );
}

test('a tab saving after another tab keeps its whole session, never a mix of the two', async () => {
  // Tab A opens a session of 600 calls (two chunks once saved).
  const a = await openV2(env);
  await a.page.evaluate(([key, text]) => localStorage.setItem(key, text), [V2_KEY, crowdSession(600)]);
  await a.page.reload();
  await holds(a.page, 600);

  // Tab B opens the same kept session, then starts a new one of its own: one call.
  const b = await newPage(env.browser);
  await b.page.goto(`${env.server.url}#v2`);
  await holds(b.page, 600);
  await button(b.page, 'Start a new session').click();
  await byLabel(b.page, 'Phone number').fill('447700900999');
  await button(b.page, 'Start verification').click();
  await holds(b.page, 1);

  // Tab A sends one more request: its session, 601 calls, is the one kept, whole.
  await byLabel(a.page, 'Phone number').fill('447700900998');
  await button(a.page, 'Start verification').click();
  await holds(a.page, 601);
  const c = await newPage(env.browser);
  await c.page.goto(`${env.server.url}#v2`);
  await holds(c.page, 601);
  assert.equal(await c.page.locator('.notice').count(), 0, 'no notice: the kept session opened whole');

  // Tab B sends one more: now its session, two calls, is the one kept, whole.
  await byLabel(b.page, 'Phone number').fill('447700900997');
  await button(b.page, 'Start verification').click();
  await holds(b.page, 2);
  await c.page.reload();
  await holds(c.page, 2);
  assert.equal(await c.page.locator('.notice').count(), 0);
  for (const tab of [a, b, c]) assertClean(tab);
});
