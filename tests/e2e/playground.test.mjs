// End-to-end: the release build of the playground in headless Chromium, walking every
// workflow the way a user does (send, read the PIN on the phone, check wrong and right,
// cancel, trigger, skip to expiry, reload), plus saving, the address bar, embedding,
// keyboard use, screenshots and accessibility audits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPage, screenshot, axeAudit } from './harness.mjs';
import {
  assertPageClean, until, byLabel, button, region, statusWord, expectStatus, openFresh,
  newestOnPhone, readPinFromPhone, wrongPin, newestLogEntry, check, skipUntilStatus,
} from './ui.mjs';

const env = useServerAndBrowser();

const FIRST_CHANNEL = { 1: 'sms', 2: 'sms', 3: 'call', 4: 'sms', 5: 'sms', 6: 'sms', 7: 'call' };
const EVENTS = { 1: 3, 2: 3, 3: 2, 4: 2, 5: 2, 6: 1, 7: 1 };

for (const workflow of [1, 2, 3, 4, 5, 6, 7]) {
  test(`workflow ${workflow}: send, read the PIN, wrong and right, cancel, trigger, expire, reload`, async () => {
    const log = await openFresh(env);
    const { page } = log;
    await byLabel(page, 'Workflow').selectOption(String(workflow));
    const optionText = await byLabel(page, 'Workflow').locator('option:checked').textContent();
    assert.match(optionText, new RegExp(`^${workflow}: (SMS|TTS) -> \\d+ s`));

    // Send: the phone gets the first SMS or call, the status is IN PROGRESS.
    await button(page, 'Send verification').click();
    await expectStatus(page, 'IN PROGRESS');
    assert.equal((await newestOnPhone(page)).kind, FIRST_CHANNEL[workflow]);
    assert.match(await region(page, 'Phone').locator('[role=log]').textContent(),
      FIRST_CHANNEL[workflow] === 'sms' ? /new SMS/ : /incoming call/);
    if (workflow === 1) await screenshot(page, 'playground-1280-sent');
    if (workflow === 3) {
      await screenshot(page, 'playground-1280-incoming-call');
      assert.deepEqual(await axeAudit(page), [], 'axe: a call ringing');
    }
    const pin = await readPinFromPhone(page);
    assert.match(pin, /^\d{4}$/);

    // A wrong PIN is the API's status 16; the right one verifies.
    await check(page, wrongPin(pin));
    const wrong = await newestLogEntry(page);
    assert.match(wrong, /status 16/);
    assert.match(wrong, /"status": "16"/);
    assert.match(wrong, /The code provided does not match the expected value/);
    await expectStatus(page, 'IN PROGRESS');
    await check(page, pin);
    await expectStatus(page, 'SUCCESS');
    assert.match(await newestLogEntry(page), /"status": "0"/);
    if (workflow === 1) {
      await screenshot(page, 'playground-1280-success');
      assert.deepEqual(await axeAudit(page), [], 'axe: after a success');
    }

    // Cancel: refused in the first 30 s, accepted after skipping past them.
    await button(page, 'Send verification').click();
    await expectStatus(page, 'IN PROGRESS');
    await button(page, 'Cancel request').click();
    await until(async () => /status 19/.test(await newestLogEntry(page)), 'cancel refused');
    assert.match(await newestLogEntry(page), /can't be cancelled within the first 30 seconds/);
    await button(page, 'Skip 30 seconds').click();
    await button(page, 'Cancel request').click();
    await expectStatus(page, 'CANCELLED');
    assert.match(await newestLogEntry(page), /"command": "cancel"/);

    // Trigger next event: the next delivery now, or status 19 when there is none.
    await button(page, 'Send verification').click();
    await expectStatus(page, 'IN PROGRESS');
    const before = await region(page, 'Phone').locator('.thread li').count();
    await button(page, 'Trigger next event').click();
    await until(async () => /control\/json/.test(await newestLogEntry(page)), 'the trigger in the log');
    if (EVENTS[workflow] > 1) {
      assert.match(await newestLogEntry(page), /"command": "trigger_next_event"/);
      assert.equal(await region(page, 'Phone').locator('.thread li').count(), before + 1);
    } else {
      assert.match(await newestLogEntry(page), /No more events are left to execute/);
    }

    // Skip ahead until the request expires; the timeline shows the end.
    await skipUntilStatus(page, 'EXPIRED');
    assert.match(await region(page, 'Timeline').textContent(), /The request ended: EXPIRED/);
    if (workflow === 1) {
      await screenshot(page, 'playground-1280-expired');
      assert.deepEqual(await axeAudit(page), [], 'axe: after expiry');
    }

    // Reload: the session comes back as it was.
    const entries = await region(page, 'API log').locator('.log-entry').count();
    const time = await page.locator('#sim-time').textContent();
    await page.reload();
    await button(page, 'Send verification').waitFor();
    await expectStatus(page, 'EXPIRED');
    assert.equal(await region(page, 'API log').locator('.log-entry').count(), entries);
    assert.equal(await page.locator('#sim-time').textContent(), time);
    assert.match(await page.locator('.notices').textContent(), /previous session is back/);
    assert.ok((await region(page, 'Phone').locator('.thread li').count()) >= 3);
    assertPageClean(log);
    await page.close();
  });
}

test('the live form explains errors, and sending anyway shows the real error response', async () => {
  const log = await openFresh(env);
  const { page } = log;
  await byLabel(page, 'Phone number').fill('12');
  await byLabel(page, 'Next event wait').fill('120');
  await byLabel(page, 'PIN expiry').fill('200');
  await byLabel(page, 'Brand').fill('');
  assert.equal(await byLabel(page, 'Phone number').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#number-error').textContent(), /Invalid value for param: number/);
  assert.match(await page.locator('#brand-error').textContent(), /missing the mandatory parameter: brand/);
  assert.match(await page.locator('#pin-expiry-fix').textContent(), /120 s instead of 200 s/);
  await screenshot(page, 'playground-1280-form-errors');
  assert.deepEqual(await axeAudit(page), [], 'axe: form with errors');
  // The API checks missing parameters before bad values: the brand is reported first.
  await button(page, 'Send verification').click();
  await until(async () => /status 2/.test(await newestLogEntry(page)), 'the error response');
  assert.match(await page.locator('.last-result').textContent(), /missing the mandatory parameter: brand/);
  await byLabel(page, 'Brand').fill('Acme');
  await button(page, 'Send verification').click();
  await until(async () => /status 3/.test(await newestLogEntry(page)), 'the next error response');
  assert.match(await page.locator('.last-result').textContent(), /Invalid value for param: number/);
  assert.match(await newestLogEntry(page), /"error_text": "Invalid value for param: number"/);
  assert.equal((await statusWord(page).textContent()).trim(), 'NONE');
  assertPageClean(log);
  await page.close();
});

test('brand text is shown as text, and copy as curl gives the real request', async () => {
  await env.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  const log = await openFresh(env);
  const { page } = log;
  await byLabel(page, 'Brand').fill('<img src=x>');
  await button(page, 'Send verification').click();
  await expectStatus(page, 'IN PROGRESS');
  assert.equal(await page.locator('img').count(), 0, 'no element made from the brand');
  assert.match(await region(page, 'Phone').locator('.sms .text').first().textContent(), /^<img src=x> code: \d{4}\./);
  await button(page, 'Copy as curl').click();
  await until(async () => /Copied/.test(await page.locator('.copy-state').first().textContent()), 'copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^curl -X POST https:\/\/api\.nexmo\.com\/verify\/json/);
  assert.match(copied, /-d "api_key=\$VONAGE_API_KEY"/);
  assert.match(copied, /--data-urlencode 'brand=<img src=x>'/);
  assertPageClean(log);
  await page.close();
});

test('a corrupt saved session gives a notice and a working page', async () => {
  const log = await newPage(env.browser);
  const { page } = log;
  await page.goto(env.server.url);
  await button(page, 'Send verification').waitFor();
  await page.evaluate(() => localStorage.setItem('verify-playground.session', '{"version":1,"session":{oops'));
  await page.reload();
  await button(page, 'Send verification').waitFor();
  assert.match(await page.getByRole('alert').first().textContent(), /could not be read/);
  await screenshot(page, 'playground-1280-corrupt-storage-notice');
  assert.deepEqual(await axeAudit(page), [], 'axe: with a notice');
  await button(page, 'Send verification').click();
  await expectStatus(page, 'IN PROGRESS');
  await page.evaluate(() => localStorage.setItem('verify-playground.session', '{"version":0,"session":{}}'));
  await page.reload();
  assert.match(await page.getByRole('alert').first().textContent(), /another version/);
  assertPageClean(log);
  await page.close();
});

test('the address pre-fills the form and follows it', async () => {
  const log = await openFresh(env, '?workflow_id=3&pin_expiry=240');
  const { page } = log;
  assert.equal(await byLabel(page, 'Workflow').inputValue(), '3');
  assert.equal(await byLabel(page, 'PIN expiry').inputValue(), '240');
  await byLabel(page, 'Brand').fill('Docs');
  await until(async () => new URL(page.url()).search === '?brand=Docs&workflow_id=3&pin_expiry=240', 'the URL');
  await button(page, 'Send verification').click();
  const sent = region(page, 'API log').locator('.log-entry').first();
  const param = (name) => sent.locator('.params tr', { has: page.locator(`th:text-is("${name}")`) }).locator('td');
  await until(async () => (await param('workflow_id').count()) === 1, 'the parameters');
  assert.equal(await param('workflow_id').textContent(), '3');
  assert.equal(await param('pin_expiry').textContent(), '240');
  assert.equal(await param('brand').textContent(), 'Docs');
  assert.equal((await newestOnPhone(page)).kind, 'call');
  assertPageClean(log);
  await page.close();
});

test('embed mode is compact and keeps nothing', async () => {
  for (const width of [1280, 375]) {
    const log = await openFresh(env, '?embed', width);
    const { page } = log;
    assert.equal(await page.getByRole('heading', { name: 'Verify Playground' }).count(), 0);
    await region(page, 'Phone').waitFor();
    await button(page, 'Send verification').click();
    await expectStatus(page, 'IN PROGRESS');
    await screenshot(page, `playground-${width}-embed`);
    assert.deepEqual(await axeAudit(page), [], `axe: embed at ${width}`);
    assert.equal(await page.evaluate(() => localStorage.getItem('verify-playground.session')), null);
    assertPageClean(log);
    await page.close();
  }
});

test('a 375 px phone screen shows every panel without sideways scrolling', async () => {
  const log = await openFresh(env, '', 375);
  const { page } = log;
  await screenshot(page, 'playground-375-initial');
  assert.deepEqual(await axeAudit(page), [], 'axe: initial at 375');
  await byLabel(page, 'Workflow').selectOption('1');
  await button(page, 'Send verification').click();
  await expectStatus(page, 'IN PROGRESS');
  await button(page, 'Skip to next event').click();
  await button(page, 'Answer').waitFor();
  await screenshot(page, 'playground-375-call');
  await button(page, 'Answer').click();
  await region(page, 'Phone').locator('.transcript').waitFor();
  await screenshot(page, 'playground-375-answered');
  assert.deepEqual(await axeAudit(page), [], 'axe: answered call at 375');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  assertPageClean(log);
  await page.close();
});

test('the clock plays at the chosen speed and pauses', async () => {
  const log = await openFresh(env);
  const { page } = log;
  await byLabel(page, 'Speed').selectOption('60');
  await button(page, 'Play').click();
  await button(page, 'Pause').waitFor();
  await until(async () => (await page.locator('#sim-time').textContent()) >= '0:10', 'time to run at 60x');
  await button(page, 'Pause').click();
  const stopped = await page.locator('#sim-time').textContent();
  await page.waitForTimeout(400);
  assert.equal(await page.locator('#sim-time').textContent(), stopped);
  await screenshot(page, 'playground-1280-initial');
  assert.deepEqual(await axeAudit(page), [], 'axe: initial');
  assertPageClean(log);
  await page.close();
});

test('keyboard alone: send, answer, check', async () => {
  const log = await openFresh(env);
  const { page } = log;
  await byLabel(page, 'Workflow').selectOption('3');
  await page.locator('body').focus();
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName}:${(el.textContent || '').trim()}:${el.id}` : '';
  });
  async function tabTo(pattern) {
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      if (pattern.test(await focused())) return;
    }
    throw new Error(`Tab never reached ${pattern}`);
  }
  await tabTo(/^BUTTON:Send verification:/);
  await page.keyboard.press('Enter');
  await expectStatus(page, 'IN PROGRESS');
  await tabTo(/^BUTTON:Answer:/);
  await page.keyboard.press('Enter');
  const transcript = await region(page, 'Phone').locator('.transcript').textContent();
  const pin = transcript.match(/(\d(?:, \d)+)/)[1].replace(/, /g, '');
  await page.locator('body').focus();
  await tabTo(/^INPUT::pin$/);
  await page.keyboard.type(pin);
  await page.keyboard.press('Enter');
  await expectStatus(page, 'SUCCESS');
  assertPageClean(log);
  await page.close();
});

test('two numbers: a phone each, and earlier requests one click away', async () => {
  const log = await openFresh(env);
  const { page } = log;
  await button(page, 'Send verification').click();
  await expectStatus(page, 'IN PROGRESS');
  const first = await readPinFromPhone(page);
  await byLabel(page, 'Phone number').fill('447700900002');
  await byLabel(page, 'Workflow').selectOption('7');
  await button(page, 'Send verification').click();
  await until(async () => (await region(page, 'Phone').locator('.handset-bar').textContent()).includes('447700900002'), 'the second phone');
  assert.equal((await newestOnPhone(page)).kind, 'call');
  const switcher = region(page, 'Phone').getByRole('group', { name: 'Choose a handset' });
  assert.equal(await switcher.getByRole('button').count(), 2);
  // The first request is one click away; the phone, status and timeline follow it.
  await page.getByRole('button', { name: /^#1 / }).click();
  await until(async () => (await region(page, 'Phone').locator('.handset-bar').textContent()).includes('447700900001'), 'the first phone');
  assert.equal(await readPinFromPhone(page), first);
  await check(page, first);
  await expectStatus(page, 'SUCCESS');
  assert.match(await region(page, 'Timeline').textContent(), /SMS -> 125 s/);
  await switcher.getByRole('button', { name: /447700900002/ }).click();
  await expectStatus(page, 'IN PROGRESS');
  assert.match(await region(page, 'Timeline').textContent(), /TTS -> 300 s -> end/);
  await screenshot(page, 'playground-1280-two-phones');
  assertPageClean(log);
  await page.close();
});

test('export the session as a scenario and import it to replay step by step', async () => {
  const log = await openFresh(env);
  const { page } = log;
  await button(page, 'Send verification').click();
  const pin = await readPinFromPhone(page);
  await button(page, 'Skip 30 seconds').click();
  await check(page, wrongPin(pin));
  await check(page, pin);
  await expectStatus(page, 'SUCCESS');
  await button(page, 'Export scenario').click();
  const exported = await byLabel(page, 'Exported scenario').inputValue();
  const lines = exported.trim().split('\n');
  assert.match(lines[1], /^\{"at":0,"verify":\{/);
  assert.equal(lines[2], '{"at":30,"check":{"code":"$wrong","request_id":"$request_id.1"}}');
  assert.equal(lines[3], '{"at":30,"check":{"code":"$pin","request_id":"$request_id.1"}}');
  // The download link serves exactly the exported text.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download verify-session.jsonl' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'verify-session.jsonl');
  const { readFile } = await import('node:fs/promises');
  assert.equal(await readFile(await download.path(), 'utf8'), exported);

  // A malformed file is refused with its line number; the session stays.
  await byLabel(page, 'Scenario to import').fill('{"at": 0}\n{"at": 5, "verify": {}, "check": {}}');
  await button(page, 'Import scenario').click();
  assert.match(await page.locator('#import-error').textContent(), /^line 2: /);
  assert.equal(await region(page, 'API log').locator('.log-entry').count(), 3);

  // The exported file replays on a fresh session: the verify now, the checks at 0:30.
  await byLabel(page, 'Scenario to import').fill(exported);
  await button(page, 'Import scenario').click();
  await until(async () => (await region(page, 'API log').locator('.log-entry').count()) === 1, 'the replay to start');
  assert.match(await page.locator('.progress').textContent(), /1 of 4 steps done, the next at 0:30/);
  await button(page, 'Skip to next event').click();
  await expectStatus(page, 'SUCCESS');
  assert.equal(await region(page, 'API log').locator('.log-entry').count(), 3);
  assert.match(await newestLogEntry(page), /status 0.*scenario/);
  assert.match(await region(page, 'API log').locator('.log-entry').nth(1).textContent(), /status 16/);
  await screenshot(page, 'playground-1280-imported');
  assert.deepEqual(await axeAudit(page), [], 'axe: after an import');
  assertPageClean(log);
  await page.close();
});
