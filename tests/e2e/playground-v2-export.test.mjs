// End-to-end: "Export scenario" on Verify v2's view (#v2). A session made by clicking
// (sms then voice with a wrong code and the right one, WhatsApp interactive answered No
// then cancelled, silent authentication opened by the device) is exported from the page,
// and the real verify-sim, run with the options its first line names, replays it to the
// same answers (each call's HTTP status and body) and the same callbacks as the page shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { useServerAndBrowser, newPage, screenshot } from './harness.mjs';
import { assertPageClean, until, byLabel, button, region } from './ui.mjs';
import { SIM_BIN } from './emulator.mjs';
import { requestStatus, checkCode } from './v2-ui.mjs';

const env = useServerAndBrowser();

const phone = (page) => region(page, 'Phone');


/** The page's API log, oldest first: each call's HTTP status and body (parsed), if any. */
const pageCalls = (page) =>
  page.locator('.v2-log .v2-call-entry').evaluateAll((entries) =>
    entries.reverse().map((entry) => {
      const body = entry.querySelector('pre.json:not(.sent) code')?.textContent;
      return { http: Number(entry.querySelector('.v2-status').textContent.match(/HTTP (\d+)/)[1]), body: body ? JSON.parse(body) : undefined };
    }),
  );

/** The page's callbacks, oldest first, each its JSON parsed. */
const pageCallbacks = (page) =>
  page.locator('.v2-callbacks .v2-callback pre.json code').evaluateAll((codes) => codes.reverse().map((code) => JSON.parse(code.textContent)));

test('an exported v2 session replays in verify-sim to the answers and callbacks the page shows', { skip: !fs.existsSync(SIM_BIN) && 'no target/native/verify-sim' }, async () => {
  const log = await newPage(env.browser);
  const { page } = log;
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto(`${env.server.url}#v2`);
  await button(page, 'Start verification').waitFor();
  await page.evaluate(() => localStorage.removeItem('verify-playground-v2'));
  await page.reload();
  await button(page, 'Start verification').waitFor();

  // sms then voice: a wrong code, the call at 3:00, the right code.
  await button(page, 'Start verification').click();
  const sms = (await phone(page).locator('.v2-message .v2-text').first().textContent()).trim();
  const code = sms.match(/code is (\d+)/)[1];
  await checkCode(page, code === '0000' ? '1111' : '0000');
  await button(page, 'Skip to next event').click();
  await until(async () => (await phone(page).locator('.v2-call').count()) === 1, 'the call');
  await checkCode(page, code);
  await until(async () => (await requestStatus(page)) === 'completed', 'completed');

  // WhatsApp interactive then SMS: No, then Cancel.
  await byLabel(page, 'Channel 1').selectOption('whatsapp_interactive');
  await byLabel(page, 'Channel 2').selectOption('sms');
  await button(page, 'Start verification').click();
  await phone(page).locator('.v2-chat').first().getByRole('button', { name: 'No', exact: true }).click();
  await until(async () => (await phone(page).locator('.v2-message').count()) === 2, 'the SMS after No');
  await button(page, 'Cancel').click();
  await until(async () => (await requestStatus(page)) === 'cancelled', 'cancelled');

  // Silent authentication then SMS: the device checks itself at once.
  await byLabel(page, 'Channel 1').selectOption('silent_auth');
  await button(page, 'Start verification').click();
  await until(async () => (await phone(page).locator('.v2-device').count()) === 1, 'the device check');
  await button(page, 'Skip to next event').click();

  await button(page, 'Export scenario').click();
  const exported = await byLabel(page, 'Exported scenario').inputValue();
  assert.match(await page.locator('.v2-export a[download]').getAttribute('download'), /\.jsonl$/);
  await screenshot(page, 'playground-v2-1280-export');
  const [first, ...steps] = exported.trim().split('\n');
  const [, options] = first.match(/^# Recorded by the Verify v2 playground: \d+ calls\. Replay: verify-sim (.*) FILE$/) ?? assert.fail(first);
  const [, seed, start] = options.match(/^--seed (\d+) --start "([^"]+)"$/) ?? assert.fail(options);
  assert.ok(steps.every((line) => JSON.parse(line)), 'every step is one JSON line');

  const replayed = execFileSync(SIM_BIN, ['--seed', seed, '--start', start, '-'], { input: exported }).toString().trim().split('\n').map((line) => JSON.parse(line));
  const simCalls = replayed.filter((line) => line.call).map((line) => ({ http: line.http, body: line.response }));
  const shown = await pageCalls(page);
  assert.equal(shown.length, 8, 'start, two checks; start, reply, cancel; start, the device check');
  // The device's hop answers a redirect (no JSON body on the page or in verify-sim).
  assert.deepEqual(simCalls, shown);
  const simCallbacks = replayed.filter((line) => line.callback).map((line) => line.callback);
  const shownCallbacks = await pageCallbacks(page);
  assert.ok(shownCallbacks.length >= 3, `callbacks to compare (${shownCallbacks.length})`);
  assert.deepEqual(simCallbacks, shownCallbacks);
  assertPageClean(log);
  await page.close();
});
