// The playground as the emulator's phone: served by the real verify-server (with the
// release build in dist/), the page shows the emulator's session live. A request sent
// with plain HTTP (as curl would) rings the page's phone; the PIN typed in the page
// verifies it at the emulator; the page's clock drives the emulator's; a server restart
// shows a notice and the page reconnects by itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPage, screenshot, axeAudit, DIST_DIR } from './harness.mjs';
import { until, byLabel, button, region, statusWord } from './ui.mjs';
import { startEmulator, postJson } from './emulator.mjs';

// The harness's static server is only the browser's proxy here: nothing may leave
// 127.0.0.1, and the emulator (on 127.0.0.1) is reached directly.
const env = useServerAndBrowser();

test('a request sent with curl rings the page, the page verifies it, and a restart reconnects', async () => {
  let emulator = await startEmulator(['--dist', DIST_DIR, '--seed', '3', '--start', '2026-03-01 08:00:00']);
  const log = await newPage(env.browser);
  const { page } = log;
  await page.goto(`${emulator.url}/`);
  const badge = page.locator('.emulator-badge');
  await until(async () => /Connected to the emulator at 127\.0\.0\.1:\d+/.test(await badge.textContent()), 'the badge');

  // Another client (here: plain HTTP, as curl) starts a verification.
  const started = await postJson(`${emulator.url}/verify/json`, { number: '447700900001', brand: 'CurlCo' });
  assert.equal(started.status, '0');
  const sms = region(page, 'Phone').locator('.sms .text').first();
  await until(async () => (await sms.count()) > 0 && /^CurlCo code: \d{4}\./.test(await sms.textContent()), 'the SMS on the page');
  await until(async () => (await region(page, 'API log').textContent()).includes(started.request_id), 'the call in the log');
  await screenshot(page, 'emulator-1280-connected');
  assert.deepEqual(await axeAudit(page), [], 'axe: the emulator\'s phone');

  // The PIN typed in the page verifies the request at the emulator.
  const pin = (await sms.textContent()).match(/code: (\d{4})\./)[1];
  await byLabel(page, 'PIN').fill(pin);
  await button(page, 'Check').click();
  await until(async () => (await statusWord(page).textContent()).trim() === 'SUCCESS', 'SUCCESS on the page');
  const search = await (await fetch(`${emulator.url}/verify/search/json?request_id=${started.request_id}`)).json();
  assert.equal(search.status, 'SUCCESS');
  assert.equal(search.checks[0].code, pin);

  // The page's clock is the emulator's.
  await button(page, 'Pause').click();
  await until(async () => (await (await fetch(`${emulator.url}/_sim/clock`)).json()).paused === true, 'the emulator paused');
  await button(page, 'Skip 30 seconds').click();
  const afterSkip = await (await fetch(`${emulator.url}/_sim/clock`)).json();
  await until(async () => (await (await fetch(`${emulator.url}/_sim/clock`)).json()).now >= 30, 'the emulator 30 s on');
  assert.ok(afterSkip.now >= 0);
  assert.deepEqual(log.pageErrors, [], 'no uncaught errors');
  assert.deepEqual(log.offOriginRequests, [], 'nothing leaves 127.0.0.1');

  // A restart: the page says the connection is lost, then shows the new session.
  const port = emulator.port;
  assert.equal(await emulator.stop(), 0);
  await until(async () => (await page.locator('.notices').textContent()).includes('Lost the connection'), 'the notice', 10_000);
  await until(async () => /lost/.test(await badge.textContent()), 'the badge to say so');
  emulator = await startEmulator(['--dist', DIST_DIR, '--port', String(port), '--seed', '3']);
  await until(async () => (await page.locator('.notices').textContent()).includes('Connected to the emulator again'), 'the reconnection', 15_000);
  await until(async () => /Connected to the emulator/.test(await badge.textContent()), 'the badge back');
  assert.equal(await region(page, 'API log').locator('.log-entry').count(), 0, 'the new session is empty');
  await screenshot(page, 'emulator-1280-reconnected');
  assert.deepEqual(log.pageErrors, [], 'no uncaught errors');
  await page.close();
  assert.equal(await emulator.stop(), 0);
});
