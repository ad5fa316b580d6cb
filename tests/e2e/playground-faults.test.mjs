// End-to-end: the unhappy path on purpose (Part A8). Each phone's "Signal" (SMS lost,
// SMS 60 s late, calls unanswered, phone off) with the workflows where it matters (1, 2,
// 5); the timeline marking what the user did not get and what reaches them instead;
// "Force the next answer" in the API log; a shared session with a fault reproduced in a
// fresh browser profile.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, launchBrowser, newPage, screenshot, axeAudit } from './harness.mjs';
import {
  assertPageClean, until, byLabel, button, region, expectStatus, openFresh, newestLogEntry,
  check,
} from './ui.mjs';

const env = useServerAndBrowser();

const thread = (page) => region(page, 'Phone').locator('.thread li');
const timelineText = async (page) => (await region(page, 'Timeline').textContent()).replace(/\s+/g, ' ');

/** A fresh page with `workflow` chosen and the phone's Signal set, then sent. */
async function sendWith(workflow, signal) {
  const log = await openFresh(env);
  const { page } = log;
  await byLabel(page, 'Workflow').selectOption(String(workflow));
  await byLabel(page, 'Signal').selectOption({ label: signal });
  await until(async () => /\/_sim\/faults/.test(await newestLogEntry(page)), 'the fault in the log');
  await button(page, 'Send verification').click();
  await expectStatus(page, 'IN PROGRESS');
  return log;
}

test('SMS lost, workflow 1: nothing arrives, the call at 2:05 carries the same PIN', async () => {
  const log = await sendWith(1, 'SMS lost');
  const { page } = log;
  assert.match(await newestLogEntry(page), /"status": "0"/, 'Verify answers as usual');
  assert.equal(await thread(page).count(), 0, 'the SMS never reaches the phone');
  const text = await timelineText(page);
  assert.match(text, /It never reached the phone\. Verify does not know, and goes on with its schedule: Voice call \(TTS\) at 2:05 reaches the user instead, with the same PIN\./);
  await screenshot(page, 'faults-1280-sms-lost');
  assert.deepEqual(await axeAudit(page), [], 'axe: a lost SMS');
  await button(page, 'Skip to next event').click();
  await button(page, 'Answer').click();
  const transcript = await until(async () => (await region(page, 'Phone').locator('.transcript').count())
    && region(page, 'Phone').locator('.transcript').first().textContent(), 'the transcript');
  const pin = transcript.match(/(\d(?:, \d)+)/)[1].replace(/, /g, '');
  await check(page, pin);
  await expectStatus(page, 'SUCCESS');
  assertPageClean(log);
  await page.close();
});

test('SMS lost, workflow 2: the second SMS is lost too, the call at 5:05 brings a new PIN', async () => {
  const log = await sendWith(2, 'SMS lost');
  const { page } = log;
  await button(page, 'Skip to next event').click();
  assert.equal(await thread(page).count(), 0);
  assert.match(await timelineText(page), /2:05 SMS with the same PIN, \d{4}: it is alive until 5:00\. It never reached the phone\. Verify does not know, and goes on with its schedule: Voice call \(TTS\) at 5:05 reaches the user instead, with a new PIN\./);
  // The PIN's death at 5:00, then the call at 5:05 with a new PIN.
  await button(page, 'Skip to next event').click();
  await button(page, 'Skip to next event').click();
  assert.equal(await page.locator('#sim-time').textContent(), '5:05');
  await until(async () => await button(page, 'Answer').count(), 'the call');
  assertPageClean(log);
  await page.close();
});

test('SMS 60 s late, workflow 5: the SMS arrives at 1:00', async () => {
  const log = await sendWith(5, 'SMS 60 s late');
  const { page } = log;
  assert.equal(await thread(page).count(), 0);
  await button(page, 'Skip to next event').click();
  assert.equal(await page.locator('#sim-time').textContent(), '1:00');
  await until(async () => (await thread(page).count()) === 1, 'the late SMS');
  assert.match(await thread(page).first().textContent(), /SMS · 1:00/);
  assert.match(await timelineText(page), /It reached the phone only at 1:00/);
  assertPageClean(log);
  await page.close();
});

test('calls unanswered, workflow 1: the SMS arrives, the call is a missed call', async () => {
  const log = await sendWith(1, 'Calls unanswered');
  const { page } = log;
  assert.equal(await thread(page).count(), 1);
  await button(page, 'Skip to next event').click();
  await until(async () => (await thread(page).count()) === 2, 'the call');
  assert.match(await thread(page).first().textContent(), /Call · 2:05 · missed/);
  assert.equal(await button(page, 'Answer').count(), 0, 'nothing rings');
  assert.match(await timelineText(page), /Nobody answered the call: no PIN was heard\. Verify does not know/);
  await screenshot(page, 'faults-1280-call-missed');
  assertPageClean(log);
  await page.close();
});

test('phone off, workflow 5, set during the request: nothing more arrives; Good brings it back', async () => {
  const log = await openFresh(env);
  const { page } = log;
  await byLabel(page, 'Workflow').selectOption('5');
  await button(page, 'Send verification').click();
  await expectStatus(page, 'IN PROGRESS');
  assert.equal(await thread(page).count(), 1);
  await byLabel(page, 'Signal').selectOption({ label: 'Phone off' });
  await button(page, 'Skip to next event').click();
  assert.equal(await thread(page).count(), 1, 'the call never rings');
  assert.match(await timelineText(page), /It never reached the phone/);
  await byLabel(page, 'Signal').selectOption({ label: 'Good' });
  await until(async () => /"removed": "f1"/.test(await newestLogEntry(page)), 'the fault removed');
  assertPageClean(log);
  await page.close();
});

test('Force the next answer: the API log shows the exact body, once', async () => {
  const log = await openFresh(env);
  const { page } = log;
  await byLabel(page, 'Force the next answer').selectOption('throttled');
  await button(page, 'Send verification').click();
  await until(async () => /"status": "1"/.test(await newestLogEntry(page)), 'the forced answer');
  const entry = await newestLogEntry(page);
  assert.match(entry, /__example ?throttled/);
  assert.match(entry, /\{ "request_id": "", "status": "1", "error_text": "Throttled" \}/);
  assert.equal(await byLabel(page, 'Force the next answer').inputValue(), '', 'used up');
  await screenshot(page, 'faults-1280-forced');
  await button(page, 'Send verification').click();
  await expectStatus(page, 'IN PROGRESS');
  assertPageClean(log);
  await page.close();
});

test('the API log shows the JSON body of the page\'s fault call, not "No parameters."', async () => {
  const log = await sendWith(1, 'SMS lost');
  const { page } = log;
  const fault = region(page, 'API log').locator('.log-entry').filter({ hasText: '/_sim/faults' }).first();
  const body = fault.locator('.params tr').filter({ has: page.locator('th', { hasText: 'body' }) }).locator('td');
  assert.match(await body.textContent(), /^\{"fault":"sms-lost",.*\}$/);
  assert.equal(await fault.getByText('No parameters.').count(), 0);
  await fault.scrollIntoViewIfNeeded();
  await screenshot(page, 'faults-1280-fault-body');
  assertPageClean(log);
  await page.close();
});

test('a shared session with a lost SMS is reproduced in a fresh browser profile', async () => {
  await env.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  const log = await sendWith(1, 'SMS lost');
  const { page } = log;
  await button(page, 'Skip to next event').click();
  const entries = await region(page, 'API log').locator('.log-entry').allTextContents();
  const timeline = await timelineText(page);
  await button(page, 'Share session').click();
  const link = await until(async () => {
    const field = byLabel(page, 'Share link');
    return (await field.count()) && field.inputValue();
  }, 'the share link');
  await page.close();
  const other = await launchBrowser(env.server);
  try {
    const fresh = await newPage(other);
    await fresh.page.goto(link);
    await until(async () => (await fresh.page.locator('.notices').textContent()).includes('A shared session is open'), 'the shared session');
    assert.deepEqual(await region(fresh.page, 'API log').locator('.log-entry').allTextContents(), entries);
    assert.equal(await timelineText(fresh.page), timeline);
    assert.equal(await byLabel(fresh.page, 'Signal').inputValue(), 'sms-lost');
    assert.equal(await thread(fresh.page).count(), 1, 'only the call');
    await screenshot(fresh.page, 'faults-1280-shared');
    assertPageClean(fresh);
  } finally {
    await other.close();
  }
  assertPageClean(log);
});
