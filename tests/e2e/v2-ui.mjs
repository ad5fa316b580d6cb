/**
 * What the #v2 view's end-to-end tests do as a reader does: open the view on a fresh
 * session, read the request's status and the SMS's code, check a code. Shared by the
 * playground-v2*.test.mjs files (v1's are in ui.mjs).
 */
import assert from 'node:assert/strict';
import { newPage } from './harness.mjs';
import { byLabel, button, region } from './ui.mjs';

/**
 * Opens #v2 in a new tab of `browser` (default: the suite's) on a fresh session: every
 * kept part of an earlier test's session is forgotten (the tabs share one profile), the
 * form an earlier test left in the address stays. The clock is paused at 0:00.
 * `log.requested` lists the file names the tab asked for, in order.
 */
export async function openV2(env, { browser = env.browser, width = 1280 } = {}) {
  const log = await newPage(browser);
  const { page } = log;
  log.requested = [];
  page.on('request', (request) => log.requested.push(new URL(request.url()).pathname.split('/').pop()));
  await page.setViewportSize({ width, height: 1000 });
  await page.goto(`${env.server.url}#v2`);
  await button(page, 'Start verification').waitFor();
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith('verify-playground-v2')) localStorage.removeItem(key);
    }
  });
  await page.goto(`${env.server.url}#v2`);
  await page.reload();
  await button(page, 'Start verification').waitFor();
  assert.equal(await page.locator('#sim-time').textContent(), '0:00');
  assert.equal(await region(page, 'API log').locator('li').count(), 0, 'a fresh session');
  return log;
}

/** The current request's status word, as the page shows it. */
export const requestStatus = async (page) => (await page.locator('.v2-current strong').textContent()).trim();

/** Types `code` in "Code" and presses "Check code". */
export async function checkCode(page, code) {
  await byLabel(page, 'Code').fill(code);
  await button(page, 'Check code').click();
}

/** The code in the newest SMS on the phone; `pattern` (one group: the code) must match it. */
export async function smsCode(page, pattern = /verification code is (\d{4})\./) {
  const text = (await region(page, 'Phone').locator('.v2-message .v2-text').first().textContent()).trim();
  const [, code] = text.match(pattern) ?? assert.fail(`the SMS, got ${text}`);
  return code;
}
