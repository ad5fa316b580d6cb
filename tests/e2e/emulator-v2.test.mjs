// End-to-end: the emulator's page mirrors Verify v2. The real verify-server serves the
// page (the release build in dist/); another client makes v2 calls over plain HTTP with a
// JWT (sms -> voice with a wrong code, next_workflow and the right code; a WhatsApp
// question; an email; a silent authentication the device opens), and the page's "Verify
// v2 phone", "Inbox" and "Callbacks" show them. The page's Yes answers the WhatsApp
// question at the emulator (/_sim/reply). The Callbacks' JSON is exactly what the
// emulator lists at /_sim/callbacks and what it POSTed to --callback-url.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useServerAndBrowser, newPage, screenshot, axeAudit, DIST_DIR, ARTIFACTS_DIR } from './harness.mjs';
import { until, button, region } from './ui.mjs';
import { startEmulator, startReceiver } from './emulator.mjs';

// The harness's static server is only the browser's proxy here: nothing may leave
// 127.0.0.1, and the emulator (on 127.0.0.1) is reached directly.
const env = useServerAndBrowser();

/** An `Authorization` header with a JWT naming an application (the emulator reads the id
 * and never checks the signature, as server/tests/common/v2.rs sends it). */
function jwt() {
  const b64 = (text) => Buffer.from(text).toString('base64url');
  return `Bearer ${b64('{"alg":"RS256","typ":"JWT"}')}.${b64('{"application_id":"app-1","iat":1}')}.${b64('never checked')}`;
}

/** A v2 call over HTTP: its status and JSON body (null when it has none). */
async function v2(url, method, body) {
  const response = await fetch(url, {
    method,
    headers: { Authorization: jwt(), 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const text = async (locator) => ((await locator.count()) ? (await locator.first().textContent()).replace(/\s+/g, ' ') : '');

test('v2 calls made over HTTP show on the emulator\'s page: phone, inbox, and the emulator\'s own callbacks', async () => {
  const receiver = await startReceiver();
  const emulator = await startEmulator(['--dist', DIST_DIR, '--paused', '--seed', '21', '--start', '2026-03-01 09:00:00', '--callback-url', receiver.url]);
  try {
    const log = await newPage(env.browser);
    const { page } = log;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${emulator.url}/`);
    await until(async () => /Connected to the emulator/.test(await page.locator('.emulator-badge').textContent()), 'connected');
    const part = region(page, 'Verify v2');
    await until(async () => /No Verify v2 request yet/.test(await text(part)), 'the empty v2 part');

    // sms -> voice: the SMS, a wrong code, next_workflow (the call), the right code.
    const start = await v2(`${emulator.url}/v2/verify`, 'POST', {
      brand: 'Acme',
      workflow: [{ channel: 'sms', to: '447700900001' }, { channel: 'voice', to: '447700900001' }],
    });
    assert.equal(start.status, 202, JSON.stringify(start.body));
    const id = start.body.request_id;
    const phone = region(page, 'Verify v2 phone');
    const sms = phone.locator('.v2-message .v2-text');
    await until(async () => /\d{4}/.test(await text(sms)), 'the SMS on the v2 phone');
    const code = (await text(sms)).match(/(\d{4,10})/)[1];
    const wrong = code.startsWith('1') ? '2'.repeat(code.length) : '1'.repeat(code.length);
    assert.equal((await v2(`${emulator.url}/v2/verify/${id}`, 'POST', { code: wrong })).status, 400);
    assert.equal((await v2(`${emulator.url}/v2/verify/${id}/next_workflow`, 'POST')).status, 200);
    await until(async () => (await phone.locator('.v2-call').count()) === 1, 'the voice call on the v2 phone');
    assert.match(await text(phone.locator('.v2-call .v2-transcript')), new RegExp(code.split('').join('.*')), 'the call speaks the code');
    const checked = await v2(`${emulator.url}/v2/verify/${id}`, 'POST', { code });
    assert.deepEqual([checked.status, checked.body.status], [200, 'completed']);

    // A WhatsApp question, answered Yes on the page: the answer goes to the emulator.
    const asked = await v2(`${emulator.url}/v2/verify`, 'POST', {
      brand: 'Acme',
      workflow: [{ channel: 'whatsapp_interactive', to: '447700900002' }],
    });
    assert.equal(asked.status, 202);
    const yes = phone.getByRole('group', { name: 'Answer the WhatsApp question' }).getByRole('button').first();
    await until(async () => (await yes.count()) === 1 && (await yes.isEnabled()), 'the question with its answers');
    await yes.click();
    await until(async () => (await yes.isDisabled()), 'the question answered');

    // An email, and a silent authentication the device opens (GET its check_url).
    const mailed = await v2(`${emulator.url}/v2/verify`, 'POST', {
      brand: 'Acme',
      workflow: [{ channel: 'email', to: 'ada@example.com' }],
    });
    assert.equal(mailed.status, 202);
    const inbox = region(page, 'Inbox');
    await until(async () => (await text(inbox)).includes('To ada@example.com'), 'the email in the inbox');
    const silent = await v2(`${emulator.url}/v2/verify`, 'POST', {
      brand: 'Acme',
      workflow: [{ channel: 'silent_auth', to: '447700900003' }, { channel: 'sms', to: '447700900003' }],
    });
    assert.equal(silent.status, 202);
    assert.ok(silent.body.check_url, 'a check_url');
    const hop = await fetch(silent.body.check_url, { redirect: 'manual' });
    assert.ok(hop.status < 500, `the hop answered ${hop.status}`);
    await until(async () => (await phone.locator('.v2-device').count()) === 1, 'the device check on the v2 phone');
    assert.match(await text(phone.locator('.v2-device')), /This device \(\+447700900003\) opened check_url/);

    // The callbacks match the emulator's: its /_sim/callbacks list and what it POSTed.
    const listed = async () => (await (await fetch(`${emulator.url}/_sim/callbacks`)).json()).callbacks;
    const emulators = (await listed()).map((c) => JSON.stringify(c.body));
    assert.ok(emulators.length >= 4, `summaries and events: ${emulators.join('\n')}`);
    const shown = region(page, 'Callbacks').locator('.v2-callback pre code');
    await until(async () => (await shown.count()) === emulators.length, 'every callback on the page');
    // The page lists the newest first.
    const pages = (await shown.allTextContents()).reverse();
    assert.deepEqual(pages, emulators, "callbacks match the emulator's");
    await until(async () => receiver.bodies.length === emulators.length, 'every callback POSTed');
    assert.deepEqual(pages, receiver.bodies.map((b) => b.body), 'the very bodies the emulator POSTed');
    // The receiver keeps a body before it answers; the emulator marks it delivered after.
    await until(async () => (await listed()).every((c) => c.delivered === true), 'each one delivered');

    // v1's page is as it was: its own Phone region, and the names are unique.
    assert.equal(await region(page, 'Phone').count(), 1);
    for (const name of ['Verify v2', 'Verify v2 phone', 'Inbox', 'Callbacks']) {
      assert.equal(await region(page, name).count(), 1, name);
    }
    await part.scrollIntoViewIfNeeded();
    await screenshot(page, 'emulator-v2-1280');
    await part.screenshot({ path: path.join(ARTIFACTS_DIR, 'emulator-v2-1280-part.png') });
    assert.deepEqual(await axeAudit(page), [], 'axe: the emulator\'s page with Verify v2');
    assert.deepEqual(log.pageErrors, [], 'no uncaught errors');
    assert.deepEqual(log.offOriginRequests, [], 'nothing leaves 127.0.0.1');
    await page.close();
  } finally {
    assert.equal(await emulator.stop(), 0);
    await receiver.close();
  }
});
