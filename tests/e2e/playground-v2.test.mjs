// End-to-end: Verify v2's view (#v2) as a reader uses it, by accessible names. sms then
// voice with one code, a code typed completes the request and its summary callback shows;
// three wrong codes, Cancel, Next workflow; WhatsApp interactive answered Yes and No; an
// email reaching the Inbox; an RCS message and a WhatsApp chat with one code; silent
// authentication completing and failing by the sandbox table; a form error next to its
// field; axe; the header's links both ways; the address following the form and a reload
// keeping the session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, launchBrowser, newPage, screenshot, axeAudit } from './harness.mjs';
import { assertPageClean, until, byLabel, button, region } from './ui.mjs';
import { openV2 as open, requestStatus, checkCode, smsCode as readCode } from './v2-ui.mjs';

const env = useServerAndBrowser();
const openV2 = (width) => open(env, { width });

const SMS = /^Your Acme verification code is (\d{4})\. Valid for 3 minutes\.$/;
const smsCode = (page) => readCode(page, SMS);

const phone = (page) => region(page, 'Phone');
const callbacks = (page) => region(page, 'Callbacks');
const apiLog = (page) => region(page, 'API log');


/** The newest API log entry's text. */
const newestCall = async (page) => (await apiLog(page).locator('li').first().textContent()).replace(/\s+/g, ' ');



test('sms then voice: the same code by call at channel_timeout, the code completes it, the summary shows', async () => {
  const log = await openV2();
  const { page } = log;
  await button(page, 'Start verification').click();
  await until(async () => (await requestStatus(page)) === 'in_progress', 'in progress');
  assert.match(await newestCall(page), /^POST \/v2\/verify0:00\{"brand":"Acme",.*\}HTTP 202 · application\/json\{"request_id":"[0-9a-f-]{36}"\}Started \(202\): the first step, sms, is on its way now\./);
  const code = await smsCode(page);
  assert.match(await page.locator('.next-due').textContent(), /Next scheduled: 3:00/);
  await screenshot(page, 'playground-v2-1280-sms');

  await button(page, 'Skip to next event').click();
  await until(async () => (await page.locator('#sim-time').textContent()) === '3:00', 'the clock at 3:00');
  const spoken = code.split('').join(', ');
  await until(async () => (await phone(page).locator('.v2-call .v2-transcript').count()) === 1, 'the call');
  assert.equal(
    (await phone(page).locator('.v2-call .v2-transcript').textContent()).trim(),
    `Your Acme verification code is ${spoken}. I repeat: ${spoken}.`,
  );
  assert.match(await phone(page).locator('.v2-call .v2-kind').textContent(), /Incoming call\s*3:00/);
  const timeline = (await region(page, 'Timeline').textContent()).replace(/\s+/g, ' ');
  assert.match(timeline, /1sms0:00 – 3:00expired/);
  assert.match(timeline, /2voice3:00 – 6:00active/);

  await checkCode(page, code);
  await until(async () => (await requestStatus(page)) === 'completed', 'completed');
  assert.match(await newestCall(page), /HTTP 200 · application\/json\{"request_id":"[0-9a-f-]{36}","status":"completed"\}The code is right: the request is completed\./);
  const summary = (await callbacks(page).locator('li').first().textContent()).replace(/\s+/g, ' ');
  assert.match(summary, /summary callback3:00 \(2026-01-01T00:03:00\.000Z\)/);
  assert.match(summary, /"status":"completed","type":"summary","channel_timeout":180,"workflow":\[\{"channel":"sms","initiated_at":"2026-01-01T00:00:00\.000Z","status":"expired"\},\{"channel":"voice","initiated_at":"2026-01-01T00:03:00\.000Z","status":"completed"\}\],"price":"0\.05000000"/);
  // "Copy as curl": the exact JSON, POSTed to the reader's own endpoint.
  await env.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  await callbacks(page).locator('li').first().getByRole('button', { name: 'Copy as curl', exact: true }).click();
  await until(async () => (await callbacks(page).getByRole('status').count()) === 1, 'Copied');
  const curl = await page.evaluate(() => navigator.clipboard.readText());
  const json = (await callbacks(page).locator('li').first().locator('pre').textContent()).trim();
  assert.equal(curl, `curl -X POST "$CALLBACK_URL" \\\n  -H 'Content-Type: application/json' \\\n  --data '${json}'`);
  await screenshot(page, 'playground-v2-1280-completed');
  assert.deepEqual(await axeAudit(page), [], 'axe: a completed request');
  assertPageClean(log);
  await page.close();
});

test('three wrong codes end the request: 400, 400, then 410 and a failed summary', async () => {
  const log = await openV2();
  const { page } = log;
  await button(page, 'Start verification').click();
  const code = await smsCode(page);
  const wrong = code.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
  for (const status of [400, 400, 410]) {
    await checkCode(page, wrong);
    await until(async () => (await newestCall(page)).includes(`HTTP ${status} · application/problem+json`), `HTTP ${status}`);
  }
  assert.match(await newestCall(page), /An incorrect code has been provided too many times\. Workflow terminated\./);
  assert.equal(await requestStatus(page), 'failed');
  assert.match(await callbacks(page).locator('li').first().textContent(), /"status":"failed","type":"summary"/);
  await screenshot(page, 'playground-v2-1280-failed');
  assertPageClean(log);
  await page.close();
});

test('Cancel answers 204 with no callback; Next workflow starts the call now, then 409 on the last step', async () => {
  const log = await openV2();
  const { page } = log;
  await button(page, 'Start verification').click();
  await button(page, 'Next workflow').click();
  await until(async () => (await phone(page).locator('.v2-call').count()) === 1, 'the call at once');
  assert.match(await phone(page).locator('.v2-call .v2-kind').textContent(), /0:00/);
  assert.match(await newestCall(page), /^POST \/v2\/verify\/[0-9a-f-]{36}\/next_workflow0:00HTTP 200Moved on \(200\): the current step expired and the next one starts now/);
  await button(page, 'Next workflow').click();
  await until(async () => (await newestCall(page)).includes('HTTP 409'), 'the 409');
  assert.match(await newestCall(page), /There are no more events left to trigger\./);

  await button(page, 'Cancel').click();
  await until(async () => (await requestStatus(page)) === 'cancelled', 'cancelled');
  assert.match(await newestCall(page), /^DELETE \/v2\/verify\/[0-9a-f-]{36}0:00HTTP 204Cancelled \(204\): the request has ended and no callback will come\.$/);
  assert.equal(await callbacks(page).locator('li').count(), 0, 'cancel sends no callback');
  await button(page, 'Skip to next event').click();
  await until(async () => /Nothing is scheduled/.test(await page.locator('.notice').textContent()), 'nothing scheduled');
  assertPageClean(log);
  await page.close();
});

test('WhatsApp interactive: No moves on to the SMS, Yes completes', async () => {
  const log = await openV2();
  const { page } = log;
  await byLabel(page, 'Channel 1').selectOption('whatsapp_interactive');
  await byLabel(page, 'Channel 2').selectOption('sms');
  await button(page, 'Start verification').click();
  const chat = phone(page).locator('.v2-chat');
  await until(async () => (await chat.count()) === 1, 'the question');
  assert.match(await chat.textContent(), /Acme: is this you trying to sign in\?/);
  await screenshot(page, 'playground-v2-1280-whatsapp-question');
  assert.deepEqual(await axeAudit(page), [], 'axe: the WhatsApp question');
  await chat.first().getByRole('button', { name: 'No', exact: true }).click();
  await until(async () => (await phone(page).locator('.v2-message').count()) === 1, 'the SMS after No');
  assert.equal(await chat.first().getByRole('button', { name: 'No', exact: true }).isDisabled(), true, 'answered: the buttons close');
  assert.match(await callbacks(page).locator('li').first().textContent(), /"type":"event","channel":"whatsapp_interactive","status":"user_rejected"/);
  await button(page, 'Cancel').click();

  // A second request, WhatsApp interactive alone: Yes completes it.
  await byLabel(page, 'Channel 2').selectOption('');
  await button(page, 'Start verification').click();
  await until(async () => (await chat.count()) === 2, 'the second question');
  await chat.first().getByRole('button', { name: 'Yes', exact: true }).click();
  await until(async () => (await requestStatus(page)) === 'completed', 'completed by Yes');
  const kinds = await callbacks(page).locator('.v2-kind').allTextContents();
  assert.match(kinds[0], /^summary callback/);
  assert.match(kinds[1], /^event callback/);
  assertPageClean(log);
  await page.close();
});

test('RCS, then WhatsApp: an RCS message and a WhatsApp chat on the phone with one code, typed from the chat', async () => {
  const log = await openV2();
  const { page } = log;
  await byLabel(page, 'Channel 1').selectOption('rcs');
  await byLabel(page, 'Channel 2').selectOption('whatsapp');
  await button(page, 'Start verification').click();
  const message = phone(page).locator('.v2-message');
  await until(async () => (await message.count()) === 1, 'the RCS message');
  assert.match(await message.locator('.v2-kind').textContent(), /^RCS message0:00$/);
  const [, code] = (await message.locator('.v2-text').textContent()).trim().match(SMS) ?? assert.fail('the RCS code');

  await button(page, 'Next workflow').click();
  const chat = phone(page).locator('.v2-chat');
  await until(async () => (await chat.count()) === 1, 'the WhatsApp chat');
  assert.match(await chat.locator('.v2-kind').textContent(), /^WhatsApp0:00$/);
  assert.equal(await chat.getByRole('button').count(), 0, 'a code by WhatsApp asks nothing');
  const [, again] = (await chat.locator('.v2-bubble').textContent()).trim().match(SMS) ?? assert.fail('the WhatsApp code');
  assert.equal(again, code, 'one code for the whole request');
  assert.equal(await callbacks(page).locator('li').count(), 0, 'a code step moved on sends no event');
  await screenshot(page, 'playground-v2-1280-rcs-whatsapp');

  await checkCode(page, again);
  await until(async () => (await requestStatus(page)) === 'completed', 'completed');
  // A code step sends no event callback: the summary is the request's one callback.
  const [summary, ...more] = (await callbacks(page).locator('li').allTextContents()).map((text) => text.replace(/\s+/g, ' '));
  assert.equal(more.length, 0, 'the summary alone');
  assert.match(summary, /^summary callback.*"status":"completed","type":"summary"/);
  assert.match(summary, /"workflow":\[\{"channel":"rcs","initiated_at":"[^"]+","status":"expired"\},\{"channel":"whatsapp","initiated_at":"[^"]+","status":"completed"\}\]/);
  assertPageClean(log);
  await page.close();
});

test('an email step reaches the Inbox with its subject and body', async () => {
  const log = await openV2();
  const { page } = log;
  await byLabel(page, 'Channel 1').selectOption('email');
  await byLabel(page, 'Channel 2').selectOption('');
  await byLabel(page, 'Email address').fill('sam@example.org');
  await button(page, 'Start verification').click();
  const inbox = region(page, 'Inbox');
  await until(async () => (await inbox.locator('h3').count()) === 1, 'the email');
  assert.equal((await inbox.locator('h3').textContent()).trim(), 'Your Acme verification code');
  assert.match(await inbox.textContent(), /To sam@example\.org/);
  assert.match(await inbox.textContent(), /Your Acme verification code is \d{4}\. Valid for 3 minutes\./);
  assert.equal(await phone(page).locator('li').count(), 0, 'nothing on the phone');
  await screenshot(page, 'playground-v2-1280-email');
  assertPageClean(log);
  await page.close();
});

test('silent authentication: the device checks itself; ...02 completes with a code, ...00 fails on to the SMS', async () => {
  const log = await openV2();
  const { page } = log;
  await byLabel(page, 'Channel 1').selectOption('silent_auth');
  await byLabel(page, 'Channel 2').selectOption('sms');
  await button(page, 'Start verification').click();
  const device = phone(page).locator('.v2-device');
  await until(async () => (await device.count()) === 1, 'the device check');
  assert.match(await device.textContent(), /Sandbox outcome: completed/);
  const [, code] = (await device.textContent()).match(/the app receives the code (\d{4})/) ?? assert.fail('a code');
  assert.match(await apiLog(page).locator('li').first().textContent(), /GET \/v2\/verify\/[0-9a-f-]{36}\/silent-auth\/redirect/);
  assert.match(await callbacks(page).textContent(), /"status":"action_pending","action":\{"type":"check","check_url":"http:\/\/localhost:8080\/v2\/verify\/[0-9a-f-]{36}\/silent-auth\/redirect"\}/);
  await screenshot(page, 'playground-v2-1280-silent-auth');
  await checkCode(page, code);
  await until(async () => (await requestStatus(page)) === 'completed', 'completed');

  await byLabel(page, 'Phone number').fill('447700900000');
  await button(page, 'Start verification').click();
  await until(async () => (await device.count()) === 2, 'the second device check');
  assert.match(await device.first().textContent(), /Sandbox outcome: failed/);
  await until(async () => (await phone(page).locator('.v2-message').count()) === 1, 'the SMS after the failure');
  assert.match(await callbacks(page).locator('li').first().textContent(), /"channel":"silent_auth","status":"failed"/);
  assertPageClean(log);
  await page.close();
});

test('a form error shows next to its field in the engine\'s words; axe passes', async () => {
  const log = await openV2();
  const { page } = log;
  await byLabel(page, 'Brand').fill('');
  await byLabel(page, 'Channel timeout (s)').fill('5');
  assert.equal(await byLabel(page, 'Brand').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#v2-brand-error').textContent(), /Brand is required/);
  assert.match(await page.locator('#v2-channel_timeout-error').textContent(), /channel_timeout must be between 15 and 900/);
  await byLabel(page, 'Channel 3').selectOption('silent_auth');
  assert.match(await page.locator('#v2-channel3-error').textContent(), /`silent_auth` must be the first channel/);
  await screenshot(page, 'playground-v2-1280-errors');
  assert.deepEqual(await axeAudit(page), [], 'axe: the form with errors');
  // Sent anyway: the API's 422 lists them.
  await button(page, 'Start verification').click();
  await until(async () => (await newestCall(page)).includes('HTTP 422'), 'the 422');
  assert.match(await newestCall(page), /"invalid_parameters":\[\{"name":"brand","reason":"Brand is required"\}/);
  assertPageClean(log);
  await page.close();
});

test('the header links the v1 playground and Verify v2 both ways', async () => {
  const log = await newPage(env.browser);
  const { page } = log;
  await page.goto(env.server.url);
  await button(page, 'Send verification').waitFor();
  await page.getByRole('link', { name: 'Verify v2', exact: true }).click();
  await button(page, 'Start verification').waitFor();
  assert.equal(await page.getByRole('link', { name: 'Verify v2', exact: true }).getAttribute('aria-current'), 'page');
  await page.getByRole('link', { name: 'Playground', exact: true }).click();
  await button(page, 'Send verification').waitFor();
  assertPageClean(log);
  await page.close();
});

test('the address follows the form, and a reload keeps the session whole', async () => {
  const log = await openV2();
  const { page } = log;
  await byLabel(page, 'Brand').fill('Bob & Co');
  await byLabel(page, 'Channel 2').selectOption('whatsapp');
  await until(async () => page.url().endsWith('#v2?brand=Bob%20%26%20Co&channel2=whatsapp'), 'the address');
  await button(page, 'Start verification').click();
  const text = (await phone(page).locator('.v2-message .v2-text').textContent()).trim();
  assert.match(text, /^Your Bob & Co verification code is \d{4}\. Valid for 3 minutes\.$/);
  await button(page, 'Skip to next event').click();
  await until(async () => (await phone(page).locator('.v2-chat').count()) === 1, 'the WhatsApp message');
  const before = { log: await apiLog(page).textContent(), phone: await phone(page).textContent() };

  await page.reload();
  await button(page, 'Start verification').waitFor();
  assert.equal(await page.locator('#sim-time').textContent(), '3:00');
  assert.equal(await byLabel(page, 'Brand').inputValue(), 'Bob & Co');
  assert.equal(await apiLog(page).textContent(), before.log);
  assert.equal(await phone(page).textContent(), before.phone);
  assert.equal(await requestStatus(page), 'in_progress');

  // A link with the form opens it in a page that never saw it (the session is this
  // browser's; the form is the address's).
  const other = await newPage(env.browser);
  await other.page.goto(`${env.server.url}#v2?channel1=email&channel2=&email=sam%40example.org`);
  await button(other.page, 'Start verification').waitFor();
  assert.equal(await byLabel(other.page, 'Channel 1').inputValue(), 'email');
  assert.equal(await byLabel(other.page, 'Channel 2').inputValue(), '');
  assert.equal(await byLabel(other.page, 'Email address').inputValue(), 'sam@example.org');
  assertPageClean(other);
  await other.page.close();
  assertPageClean(log);
  await page.close();
});

test('a v2 session shared by link opens whole in a fresh browser profile', async () => {
  const log = await openV2();
  const { page } = log;
  await byLabel(page, 'Channel 1').selectOption('whatsapp_interactive');
  await byLabel(page, 'Channel 2').selectOption('sms');
  await button(page, 'Start verification').click();
  await phone(page).locator('.v2-chat').getByRole('button', { name: 'No', exact: true }).click();
  await until(async () => (await phone(page).locator('.v2-message').count()) === 1, 'the SMS after No');
  await button(page, 'Skip to next event').click();
  await until(async () => (await page.locator('#sim-time').textContent()) === '3:00', '3:00');
  const before = {
    log: await apiLog(page).textContent(),
    phone: await phone(page).textContent(),
    callbacks: await callbacks(page).textContent(),
  };
  await env.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  await button(page, 'Share session').click();
  const field = byLabel(page, 'Share link');
  await field.waitFor();
  const link = await field.inputValue();
  assert.match(link, /#v2\/share=[A-Za-z0-9_-]+$/);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await screenshot(page, 'playground-v2-1280-shared');
  assertPageClean(log);
  await page.close();

  const other = await launchBrowser(env.server);
  try {
    const fresh = await newPage(other);
    await fresh.page.goto(link);
    await until(async () => /This is the shared session/.test(await fresh.page.locator('.notice').textContent()), 'the shared session');
    assert.equal(await fresh.page.locator('#sim-time').textContent(), '3:00');
    assert.equal(await apiLog(fresh.page).textContent(), before.log, 'the same calls, ids and answers');
    assert.equal(await phone(fresh.page).textContent(), before.phone);
    assert.equal(await callbacks(fresh.page).textContent(), before.callbacks);
    assert.equal(new URL(fresh.page.url()).hash, '#v2?channel1=whatsapp_interactive&channel2=sms', 'the link is consumed; the form is in the address');
    assertPageClean(fresh);
  } finally {
    await other.close();
  }
});

test('keyboard only: the form, Start verification, Code and Check code, WhatsApp answers', async () => {
  const log = await openV2();
  const { page } = log;
  // Channel 2 to WhatsApp by keys, then Tab along to Start verification.
  await byLabel(page, 'Channel 2').focus();
  await page.keyboard.press('End'); // the last channel: silent_auth (refused second)...
  await until(async () => (await byLabel(page, 'Channel 2').inputValue()) === 'silent_auth', 'silent_auth chosen by keys');
  assert.match(await page.locator('#v2-channel2-error').textContent(), /`silent_auth` must be the first channel/);
  await page.keyboard.press('Home'); // ...and back to None
  await until(async () => (await byLabel(page, 'Channel 2').inputValue()) === '', 'None chosen by keys');
  await button(page, 'Start verification').focus();
  await page.keyboard.press('Enter');
  const code = await smsCode(page);
  // Tab from the button reaches Code; Enter in it checks.
  for (let i = 0; i < 10 && !(await byLabel(page, 'Code').evaluate((e) => e === document.activeElement)); i += 1) {
    await page.keyboard.press('Tab');
  }
  assert.ok(await byLabel(page, 'Code').evaluate((e) => e === document.activeElement), 'Code reached by Tab');
  await page.keyboard.type(code);
  await page.keyboard.press('Enter');
  await until(async () => (await requestStatus(page)) === 'completed', 'completed by keys');
  assertPageClean(log);
  await page.close();
});
