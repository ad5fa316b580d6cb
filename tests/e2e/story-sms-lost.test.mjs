// End-to-end: the story "When the SMS never arrives" (`#learn/sms-never-arrives`):
// workflow 1 to a phone whose Signal is "SMS lost" (Part A8's phone fault sms-lost).
// Stepped to its end: the SMS never reaches the phone, the call at 2:05 carries the same
// PIN and the phone hears it, the user's check with it ends the request SUCCESS; then
// played to its end by "Play story". The captions are the engine's (engine/src/story/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPage, screenshot, axeAudit } from './harness.mjs';
import { assertPageClean, until, button, region } from './ui.mjs';

const env = useServerAndBrowser();

const KEY = 'sms-never-arrives';
const step = (page) => page.locator('.moment .step');
const caption = (page) => page.locator('.moment .caption').textContent();
const timelineText = async (page) => (await region(page, 'Timeline').textContent()).replace(/\s+/g, ' ');

test('When the SMS never arrives: stepped to its end, the call carries the lost PIN', async () => {
  const log = await newPage(env.browser);
  const { page } = log;
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${env.server.url}#learn/${KEY}`);
  await page.locator('#story-title').waitFor();
  assert.equal(await page.locator('#story-title').textContent(), 'When the SMS never arrives');
  const listed = page.getByRole('navigation', { name: 'Stories' }).getByRole('link', { name: 'When the SMS never arrives' });
  assert.equal(await listed.getAttribute('aria-current'), 'page');
  await until(async () => (await step(page).textContent()) === 'Step 1 of 3', 'step 1');

  // 0:00: the SMS is sent with its PIN, and never reaches the phone.
  const first = await caption(page);
  assert.match(first, /^0:00: the phone's Signal is "SMS lost" .* with PIN \d{4}, alive until 5:00, but it never reaches the phone\. Verify does not know/);
  assert.match(first, /its next event is a voice call at 2:05\.$/);
  const pin = first.match(/with PIN (\d{4})/)[1];
  assert.equal(await region(page, 'Phone').locator('.thread li').count(), 0, 'nothing on the phone');
  assert.match(await timelineText(page), /It never reached the phone\. Verify does not know, and goes on with its schedule: Voice call \(TTS\) at 2:05 reaches the user instead, with the same PIN\./);
  await screenshot(page, 'story-1280-sms-lost-1');

  // 2:05: the call, with the same PIN, reaches the phone.
  await button(page, 'Next').click();
  await until(async () => (await step(page).textContent()) === 'Step 2 of 3', 'step 2');
  assert.equal(new URL(page.url()).hash, `#learn/${KEY}/2`);
  const second = await caption(page);
  assert.match(second, new RegExp(`^2:05: 125 s after the last event .* a voice call with the same PIN, ${pin}, alive until 5:00\\. This one reaches the user`));
  const transcript = await until(async () => (await region(page, 'Phone').locator('.transcript').count())
    && region(page, 'Phone').locator('.transcript').first().textContent(), 'the call\'s words');
  assert.match(transcript, new RegExp(pin.split('').join(', ')), 'the call says the lost SMS\'s PIN');
  const call = region(page, 'Phone').locator('.thread li').first();
  assert.match(await call.textContent(), /Call · 2:05 · answered/, 'the user picks up');
  await screenshot(page, 'story-1280-sms-lost-2');
  assert.deepEqual(await axeAudit(page), [], 'axe: the story of a lost SMS');

  // 2:17: the user types it; the request ends SUCCESS, and the story ends.
  await button(page, 'Next').click();
  await until(async () => (await step(page).textContent()) === 'Step 3 of 3', 'step 3');
  assert.match(await caption(page), /^2:17: 12 s after the call rang, the user types the PIN it read out: \/verify\/check\/json answers status 0 and the request ends SUCCESS\./);
  assert.equal(await button(page, 'Next').isDisabled(), true, 'the end');
  assert.match(await timelineText(page), /The request ended: SUCCESS\./);
  assert.match(await call.textContent(), /Call · 2:05 · answered/, 'answered, not missed');
  await screenshot(page, 'story-1280-sms-lost-3');

  // Step 3 from the address: the story runs there through each moment, the call answered.
  await page.goto(`${env.server.url}#learn/${KEY}/3`);
  await until(async () => (await step(page).textContent()) === 'Step 3 of 3', 'step 3 from the address');
  await until(async () => /Call · 2:05 · answered/.test(await call.textContent()), 'the call answered on the way');

  // Back to the start: the story starts over, the SMS lost again.
  await button(page, 'Back').click();
  await button(page, 'Back').click();
  await until(async () => (await step(page).textContent()) === 'Step 1 of 3', 'back to step 1');
  assert.equal(await caption(page), first);
  assert.equal(await region(page, 'Phone').locator('.thread li').count(), 0);
  assertPageClean(log);
  await page.close();
});

test('When the SMS never arrives: "Play story" plays it to its end', async () => {
  const log = await newPage(env.browser);
  const { page } = log;
  await page.goto(`${env.server.url}#learn/${KEY}`);
  await until(async () => (await step(page).textContent()) === 'Step 1 of 3', 'step 1');
  await button(page, 'Play story').click();
  await until(async () => (await step(page).textContent()) === 'Step 3 of 3', 'played to the end', 15_000);
  assert.match(await caption(page), /the request ends SUCCESS/);
  await until(async () => (await button(page, 'Play story').count()) === 1, 'play stops at the end');
  assert.match(await timelineText(page), /The request ended: SUCCESS\./);
  assertPageClean(log);
  await page.close();
});
