// End-to-end: the #v2 view explains what it shows. Every API log entry and every callback
// says in plain words what it means for the app (the engine's sentences), and the timeline
// marks when the code arrived and by which channel: sms at 0:00, the same code by voice
// once the clock has run past the channel timeout; a WhatsApp "No"; three wrong codes; the
// device's silent-auth check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, screenshot, axeAudit } from './harness.mjs';
import { assertPageClean, until, byLabel, button, region } from './ui.mjs';
import { openV2 as open, requestStatus, checkCode, smsCode } from './v2-ui.mjs';

const env = useServerAndBrowser();
const openV2 = () => open(env);

const phone = (page) => region(page, 'Phone');
const callbacks = (page) => region(page, 'Callbacks');
const apiLog = (page) => region(page, 'API log');
const timeline = (page) => region(page, 'Timeline');
const flat = (text) => text.replace(/\s+/g, ' ').trim();


/** Each API log entry's meaning, newest first. */
const callMeanings = async (page) =>
  (await apiLog(page).locator('.v2-call-entry .v2-meaning').allTextContents()).map(flat);
/** Each callback's kind line and meaning, newest first. */
const callbackMeanings = async (page) =>
  (await callbacks(page).locator('.v2-callback .v2-meaning').allTextContents()).map(flat);
/** The timeline's arrivals, as listed in words. */
const arrivals = async (page) => (await timeline(page).locator('.v2-arrived li').allTextContents()).map(flat);



test('sms then voice: the clock runs past the timeout, the timeline marks the same code by voice at 3:00, every entry explained', async () => {
  const log = await openV2();
  const { page } = log;
  await button(page, 'Start verification').click();
  await until(async () => (await callMeanings(page)).length === 1, 'the 202 explained');
  assert.match((await callMeanings(page))[0], /^Started \(202\): the first step, sms, is on its way now\./);
  const code = await smsCode(page);
  assert.deepEqual(await arrivals(page), [`0:00 code ${code} by sms`]);

  // Let the clock run (60x) past the 180 s channel timeout, then pause.
  await page.locator('#v2-speed').selectOption('60');
  await button(page, 'Play').click();
  await until(async () => (await arrivals(page)).length === 2, 'the voice call on the timeline', 15000);
  await button(page, 'Pause').click();
  assert.deepEqual(await arrivals(page), [`0:00 code ${code} by sms`, `3:00 code ${code} by voice`]);
  // The bar carries one dot per arrival, its words in the title.
  assert.deepEqual(
    await timeline(page).locator('.v2-track .v2-dot').evaluateAll((dots) => dots.map((d) => d.title)),
    [`0:00 code ${code} by sms`, `3:00 code ${code} by voice`],
  );

  await checkCode(page, code);
  await until(async () => (await requestStatus(page)) === 'completed', 'completed');
  const calls = await callMeanings(page);
  assert.equal(calls.length, 2, 'every entry has its meaning');
  assert.match(calls[0], /^The code is right: the request is completed\. Mark the number verified/);
  const [summary] = await callbackMeanings(page);
  assert.match(summary, /^The user entered the right code, received by voice: mark the number verified\./);
  await screenshot(page, 'playground-v2-explained-sms-voice');
  assert.deepEqual(await axeAudit(page), [], 'axe: the timeline and the meanings');
  assertPageClean(log);
  await page.close();
});

test('WhatsApp interactive "No": the event and the summary say it is not them, do not verify', async () => {
  const log = await openV2();
  const { page } = log;
  await byLabel(page, 'Channel 1').selectOption('whatsapp_interactive');
  await byLabel(page, 'Channel 2').selectOption('');
  await button(page, 'Start verification').click();
  const chat = phone(page).locator('.v2-chat');
  await until(async () => (await chat.count()) === 1, 'the question');
  assert.deepEqual(await arrivals(page), ['0:00 WhatsApp question']);
  await chat.first().getByRole('button', { name: 'No', exact: true }).click();
  await until(async () => (await requestStatus(page)) === 'user_rejected', 'user_rejected');
  const [summary, event] = await callbackMeanings(page);
  assert.match(event, /^The user answered No on WhatsApp: they say it is not them signing in\./);
  assert.match(summary, /^The user answered No to the WhatsApp question.*Do not mark the number verified/);
  assert.match((await callMeanings(page))[0], /^The phone answered No/);
  await screenshot(page, 'playground-v2-explained-whatsapp-no');
  assertPageClean(log);
  await page.close();
});

test('three wrong codes: each refusal explained, the failed summary says start again', async () => {
  const log = await openV2();
  const { page } = log;
  await byLabel(page, 'Channel 2').selectOption('');
  await button(page, 'Start verification').click();
  const code = await smsCode(page);
  const wrong = code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
  for (let i = 1; i <= 3; i += 1) {
    await checkCode(page, wrong);
    await until(async () => (await callMeanings(page)).length === i + 1, `wrong code ${i}`);
  }
  const calls = await callMeanings(page);
  assert.match(calls[0], /^The third wrong code: the request has failed\./);
  assert.match(calls[1], /^Wrong code: the request goes on/);
  assert.match(calls[2], /^Wrong code: the request goes on/);
  assert.equal(await apiLog(page).locator('.v2-meaning.problem').count(), 3, 'the refusals stand out');
  const [summary] = await callbackMeanings(page);
  assert.match(summary, /^Three wrong codes were checked, so Verify ended the request\. Do not mark the number verified/);
  assertPageClean(log);
  await page.close();
});

test('silent authentication: the device check is on the timeline and the pending event says what the device does', async () => {
  const log = await openV2();
  const { page } = log;
  await byLabel(page, 'Channel 1').selectOption('silent_auth');
  await byLabel(page, 'Channel 2').selectOption('sms');
  await button(page, 'Start verification').click();
  await until(async () => (await arrivals(page)).length === 1, 'the device check');
  assert.deepEqual(await arrivals(page), ['0:00 device check completed']);
  assert.match((await callbackMeanings(page)).at(-1), /^Silent authentication started: your app on the device must open the check_url/);
  const calls = await callMeanings(page);
  assert.match(calls[0], /^The device's check passed: this body carries the code\./);
  assert.match(calls[1], /^Started \(202\): the first step is silent authentication\./);
  await screenshot(page, 'playground-v2-explained-silent-auth');
  assertPageClean(log);
  await page.close();
});
