// End-to-end: Verify v2's stories (`#learn/v2-...`), served by the verify-v2-stories module (the
// loader sends those addresses there) and drawn with the #v2 view's phone, inbox,
// timeline, callbacks and API log. Each story is stepped to its end with "Next" and what
// it must show is asserted: the call carrying the SMS's code, the sandbox's failed
// device check, the email's subject, the callbacks' exact JSON, v1's new PIN beside v2's
// one code. Captions are the engine's (engine/src/story/v2/); axe on each; screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPage, screenshot, axeAudit } from './harness.mjs';
import { assertPageClean, until, button, region } from './ui.mjs';

const env = useServerAndBrowser();

const stepText = (page) => page.locator('.moment .step').textContent();
const caption = (page) => page.locator('.moment .caption').textContent();
const squash = async (locator) => (await locator.textContent()).replace(/\s+/g, ' ');

/** Opens story `key` at step 1 and checks its title and place in the list. */
async function open(key, title, count) {
  const log = await newPage(env.browser);
  const { page } = log;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${env.server.url}#learn/${key}`);
  await page.locator('#story-title').waitFor();
  assert.equal(await page.locator('#story-title').textContent(), title);
  const listed = page.getByRole('navigation', { name: 'Stories' }).getByRole('link', { name: title });
  assert.equal(await listed.getAttribute('aria-current'), 'page');
  await until(async () => (await stepText(page)) === `Step 1 of ${count}`, `${key}: step 1`);
  return log;
}

/** "Next" to step `n` of `count`; the address follows. Returns the caption. */
async function next(page, key, n, count) {
  await button(page, 'Next').click();
  await until(async () => (await stepText(page)) === `Step ${n} of ${count}`, `${key}: step ${n}`);
  assert.equal(new URL(page.url()).hash, `#learn/${key}/${n}`);
  return caption(page);
}

/** The end: "Next" disabled, axe clean, a screenshot. */
async function atTheEnd(log, key) {
  const { page } = log;
  assert.equal(await button(page, 'Next').isDisabled(), true, `${key}: the end`);
  assert.deepEqual(await axeAudit(page), [], `axe: ${key}`);
  await screenshot(page, `stories-v2-1280-${key}`);
  assertPageClean(log);
  await page.close();
}

test('#learn lists the v2 stories, and a v2 story opens in the v2 stories module', async () => {
  const log = await newPage(env.browser);
  const { page } = log;
  await page.goto(`${env.server.url}#learn`);
  await page.locator('#story-title').waitFor();
  const link = page.getByRole('navigation', { name: 'Stories' }).getByRole('link', { name: 'Verify v2: a code by email' });
  assert.equal(await link.getAttribute('href'), '#learn/v2-email');
  await link.click();
  await until(async () => (await page.locator('#story-title').textContent()) === 'Verify v2: a code by email', 'the v2 story');
  const modules = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  assert.ok(modules.some((name) => name.includes('verify-v2-stories_bg.wasm')), 'told by the v2 stories module');
  // And back to a v1 story: the stories' module again.
  await page.getByRole('navigation', { name: 'Stories' }).getByRole('link', { name: 'Workflow 1: SMS, then call, then call' }).click();
  await until(async () => (await page.locator('#story-title').textContent()) === 'Workflow 1: SMS, then call, then call', 'the v1 story');
  assertPageClean(log);
  await page.close();
});

test('SMS, then a voice call: the call at channel_timeout says the SMS\'s code', async () => {
  const key = 'v2-sms-voice';
  const log = await open(key, 'Verify v2: SMS, then a voice call', 3);
  const { page } = log;
  const first = await caption(page);
  assert.match(first, /^0:00: Your backend POSTs \/v2\/verify with the workflow sms -> voice .* An SMS brings the code (\d{4})\. .* a voice call, starts at 3:00\.$/);
  const code = first.match(/brings the code (\d{4})/)[1];
  assert.match(await squash(region(page, 'Phone')), new RegExp(`SMS.*Your Acme verification code is ${code}\\.`));
  await screenshot(page, `stories-v2-1280-${key}-1`);
  assert.match(await next(page, key, 2, 3), new RegExp(`^3:00: A voice call brings the same code, ${code}, as the SMS`));
  const call = page.locator('.v2-call').first();
  assert.match(await squash(call), /Incoming call/);
  assert.match(await call.locator('.v2-transcript').textContent(), new RegExp(code.split('').join(', ')), 'the call speaks the same code');
  await screenshot(page, `stories-v2-1280-${key}-2`);
  assert.match(await next(page, key, 3, 3), /^6:00: The request ends expired\. Your webhook receives the summary callback, status expired\.$/);
  assert.match(await squash(region(page, 'Callbacks')), /"status":"expired","type":"summary"/);
  await atTheEnd(log, key);
});

test('WhatsApp, then SMS: the same code on both, typed from the SMS', async () => {
  const key = 'v2-whatsapp-sms';
  const log = await open(key, 'Verify v2: WhatsApp, then SMS', 3);
  const { page } = log;
  const code = (await caption(page)).match(/A WhatsApp message brings the code (\d{4})/)[1];
  assert.match(await squash(page.locator('.v2-chat').first()), new RegExp(`WhatsApp.*${code}`));
  assert.match(await next(page, key, 2, 3), new RegExp(`^3:00: An SMS brings the same code, ${code}, as the WhatsApp message`));
  assert.match(await next(page, key, 3, 3), new RegExp(`^3:20: Your backend POSTs the code the user typed, ${code}: 200, status completed\\.`));
  assert.match(await squash(region(page, 'Callbacks')), /"status":"completed","type":"summary"/);
  assert.match(await squash(region(page, 'API log')), /200/);
  await atTheEnd(log, key);
});

test('Silent authentication, then SMS: the sandbox fails the number, the SMS takes over', async () => {
  const key = 'v2-silent-auth-sms';
  const log = await open(key, 'Verify v2: silent authentication, then SMS', 3);
  const { page } = log;
  assert.match(await caption(page), /and a check_url for the device to open\. Your webhook receives the event callback, status action_pending\./);
  assert.match(await squash(region(page, 'Callbacks')), /"status":"action_pending","action":\{"type":"check","check_url":"/);
  const second = await next(page, key, 2, 3);
  assert.match(second, /^0:02: The device opens check_url; the network cannot vouch for 447700900400 \(the sandbox answers failed for a number ending 00\)/);
  const code = second.match(/An SMS brings the code (\d{4})/)[1];
  const phone = await squash(region(page, 'Phone'));
  assert.match(phone, /Silent authentication.*Sandbox outcome: failed/);
  assert.match(phone, new RegExp(`Your Acme verification code is ${code}`));
  assert.match(await squash(region(page, 'Callbacks')), /"channel":"silent_auth","status":"failed"/);
  await screenshot(page, `stories-v2-1280-${key}-2`);
  assert.match(await next(page, key, 3, 3), new RegExp(`^0:40: Your backend POSTs the code the user typed, ${code}: 200`));
  await atTheEnd(log, key);
});

test('A code by email: the inbox has its subject and code', async () => {
  const key = 'v2-email';
  const log = await open(key, 'Verify v2: a code by email', 2);
  const { page } = log;
  const code = (await caption(page)).match(/An email brings the code (\d{4})/)[1];
  const inbox = region(page, 'Inbox');
  assert.equal(await inbox.locator('h3').first().textContent(), 'Your Acme verification code');
  assert.match(await squash(inbox), new RegExp(`To ada@example\\.com.*${code}`));
  assert.match(await next(page, key, 2, 2), /^1:00: .* status completed\. Your webhook receives the summary callback, status completed\.$/);
  await atTheEnd(log, key);
});

test('v1 or v2? v1 makes a new PIN at 5:05, v2 keeps one code to 9:00', async () => {
  const key = 'v2-or-v1';
  const count = 8;
  const log = await open(key, 'v1 or v2? Workflow 1 beside sms -> voice -> voice', count);
  const { page } = log;
  for (let n = 2; n <= count; n += 1) await next(page, key, n, count);
  assert.match(await caption(page), /^10:05: v1's request ends EXPIRED\.$/);
  const side = region(page, 'Side by side');
  const v1 = await side.locator('tbody td:nth-child(2)').allTextContents();
  const v2 = await side.locator('tbody td:nth-child(3)').allTextContents();
  const pins = new Set(v1.join(' ').match(/PIN \d{4}/g));
  const codes = new Set(v2.join(' ').match(/code \d{4}/g));
  assert.equal(pins.size, 2, 'v1: a new PIN after the first died');
  assert.equal(codes.size, 1, 'v2: one code on every channel');
  const rows = (await side.locator('tbody tr').allInnerTexts()).map((row) => row.replace(/\s+/g, ' ').trim());
  assert.ok(rows.some((row) => /^5:05 a voice call with PIN \d{4}$/.test(row)), rows.join(' | '));
  assert.ok(rows.includes('9:00 ends expired'), rows.join(' | '));
  await atTheEnd(log, key);
});

test('What my webhook receives: each callback as captioned, and "Play story" to the end', async () => {
  const key = 'v2-webhook';
  const log = await open(key, 'Verify v2: what my webhook receives', 3);
  const { page } = log;
  assert.match(await caption(page), /A WhatsApp question reaches the phone: no code, just Yes and No\./);
  assert.match(await squash(region(page, 'Callbacks')), /No callback yet\./);
  const second = await next(page, key, 2, 3);
  const event = second.match(/status user_rejected: (\{.*?\})\./)[1];
  const shown = await region(page, 'Callbacks').locator('pre.json').allTextContents();
  assert.deepEqual(shown, [event], 'the event as the caption quotes it');
  assert.deepEqual(Object.keys(JSON.parse(event)), ['request_id', 'triggered_at', 'type', 'channel', 'status', 'finalized_at', 'client_ref']);
  const third = await next(page, key, 3, 3);
  const summary = third.match(/status completed: (\{.*\})\.$/)[1];
  assert.deepEqual(await region(page, 'Callbacks').locator('pre.json').allTextContents(), [summary, event], 'newest first');
  assert.equal(JSON.parse(summary).price, '0.05000000');
  assert.equal(JSON.parse(summary).client_ref, 'order-42');
  await screenshot(page, `stories-v2-1280-${key}-3`);
  // Back to the start, then played to its end.
  await button(page, 'Back').click();
  await button(page, 'Back').click();
  await until(async () => (await stepText(page)) === 'Step 1 of 3', 'back to step 1');
  await button(page, 'Play story').click();
  await until(async () => (await stepText(page)) === 'Step 3 of 3', 'played to its end', 15000);
  await until(async () => (await button(page, 'Play story').count()) === 1, 'stopped at its end', 8000);
  await atTheEnd(log, key);
});
