// End-to-end: a fault set from the page through the emulator's mirror. The page the real
// verify-server serves is the emulator's phone; its Signal menu set to "SMS lost" sends
// the fault to the emulator (POST /_sim/faults), which then lists it (GET /_sim/faults),
// and a request another client sends over plain HTTP has its SMS marked lost in
// /_sim/deliveries, while the page's phone gets nothing and its API log says "fault set".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPage, screenshot, DIST_DIR } from './harness.mjs';
import { until, byLabel, region } from './ui.mjs';
import { startEmulator, postJson } from './emulator.mjs';

// The harness's static server is only the browser's proxy here: nothing may leave
// 127.0.0.1, and the emulator (on 127.0.0.1) is reached directly.
const env = useServerAndBrowser();

const NUMBER = '447700900001';

test('Signal "SMS lost" on the emulator\'s page: the emulator lists the fault and loses the SMS', async () => {
  const emulator = await startEmulator(['--dist', DIST_DIR, '--seed', '5']);
  try {
    const log = await newPage(env.browser);
    const { page } = log;
    await page.goto(`${emulator.url}/`);
    const badge = page.locator('.emulator-badge');
    await until(async () => /Connected to the emulator/.test(await badge.textContent()), 'connected');
    assert.deepEqual(await (await fetch(`${emulator.url}/_sim/faults`)).json(), { faults: [] });

    await byLabel(page, 'Signal').selectOption({ label: 'SMS lost' });
    const listed = await until(async () => {
      const { faults } = await (await fetch(`${emulator.url}/_sim/faults`)).json();
      return faults.length > 0 && faults;
    }, 'the fault at the emulator');
    assert.equal(listed.length, 1);
    assert.equal(listed[0].fault, 'sms-lost');
    assert.equal(listed[0].number, NUMBER);
    assert.match(listed[0].id, /^f\d+$/);
    assert.equal(listed[0].times_left, undefined, 'until cleared');
    // The page's API log says what the mirrored call did, not "status 0".
    const entry = region(page, 'API log').locator('.log-entry').first();
    await until(async () => (await entry.count()) && /\/_sim\/faults/.test(await entry.textContent()), 'the fault call in the log');
    assert.equal((await entry.locator('.badge').first().textContent()).trim(), 'fault set');

    // Another client sends a request over HTTP: Verify answers as usual, the SMS is lost.
    const started = await postJson(`${emulator.url}/verify/json`, { number: NUMBER, brand: 'CurlCo' });
    assert.equal(started.status, '0');
    const { deliveries } = await (await fetch(`${emulator.url}/_sim/deliveries?number=${NUMBER}`)).json();
    assert.equal(deliveries.length, 1);
    assert.equal(deliveries[0].request_id, started.request_id);
    assert.equal(deliveries[0].channel, 'sms');
    assert.equal(deliveries[0].lost, true);
    await until(async () => (await region(page, 'API log').textContent()).includes(started.request_id), 'the request on the page');
    assert.equal(await region(page, 'Phone').locator('.thread li').count(), 0, 'the page\'s phone gets nothing');
    assert.match((await region(page, 'Timeline').textContent()).replace(/\s+/g, ' '), /It never reached the phone/);
    await screenshot(page, 'emulator-1280-sms-lost');

    // Good again: the emulator's list is empty, the next request's SMS arrives.
    await byLabel(page, 'Signal').selectOption({ label: 'Good' });
    await until(async () => (await (await fetch(`${emulator.url}/_sim/faults`)).json()).faults.length === 0, 'the fault removed');
    assert.deepEqual(log.pageErrors, [], 'no uncaught errors');
    assert.deepEqual(log.offOriginRequests, [], 'nothing leaves 127.0.0.1');
    await page.close();
  } finally {
    assert.equal(await emulator.stop(), 0);
  }
});
