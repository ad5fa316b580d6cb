// End-to-end: import, embed and saving for Verify v2's view (#v2). A session clicked on
// the page is exported, imported into a fresh browser profile, and shows the same phone,
// callbacks and API log (and is kept there across a reload, saved in chunks); a corrupt
// file is refused next to "Import scenario" naming its line, the session untouched; "Copy
// embed code" gives an iframe whose page is the compact v2 view with the form, or with the
// session once it has calls, in a host page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { useServerAndBrowser, launchBrowser, newPage, startServer, screenshot, axeAudit } from './harness.mjs';
import { assertPageClean, until, byLabel, button, region, paste } from './ui.mjs';
import { openV2 as open } from './v2-ui.mjs';

const env = useServerAndBrowser();
const openV2 = (browser) => open(env, { browser });

const phone = (page) => region(page, 'Phone');
const callbacks = (page) => region(page, 'Callbacks');
const apiLog = (page) => region(page, 'API log');

/** What the reader sees of a session: clock, phone, callbacks, API log. */
async function seen(page) {
  return {
    time: await page.locator('#sim-time').textContent(),
    phone: await phone(page).textContent(),
    callbacks: await callbacks(page).textContent(),
    log: await apiLog(page).textContent(),
  };
}


async function importText(page, text) {
  await paste(page, '#v2-import-text', text);
  await button(page, 'Import scenario').click();
}

test('an exported v2 session imported into a fresh profile shows the same phone, callbacks and log', async () => {
  const log = await openV2(env.browser);
  const { page } = log;
  // sms then voice: a wrong code, the call at 3:00, Cancel; then WhatsApp's No, then the SMS.
  await byLabel(page, 'Channel 2').selectOption('voice');
  await button(page, 'Start verification').click();
  await byLabel(page, 'Code').fill('0000');
  await button(page, 'Check code').click();
  await button(page, 'Skip to next event').click();
  await until(async () => (await page.locator('#sim-time').textContent()) === '3:00', 'the clock at 3:00');
  await button(page, 'Cancel').click();
  await byLabel(page, 'Channel 1').selectOption('whatsapp_interactive');
  await byLabel(page, 'Channel 2').selectOption('sms');
  await button(page, 'Start verification').click();
  await phone(page).locator('.v2-chat').getByRole('button', { name: 'No', exact: true }).click();
  await button(page, 'Skip to next event').click();
  await until(async () => (await callbacks(page).locator('li').count()) >= 2, 'callbacks');
  const before = await seen(page);
  assert.ok(log.requested.includes('verify-v2_bg.wasm'), `#v2's module: ${log.requested}`);
  assert.deepEqual(log.requested.filter((name) => name.startsWith('verify-import')), [], 'no import module without an import');
  await button(page, 'Export scenario').click();
  const exported = await byLabel(page, 'Exported scenario').inputValue();
  assert.match(exported, /^# Recorded by the Verify v2 playground: 5 calls\. Replay: verify-sim --seed \d+ --start "[^"]+" FILE\n/);
  assertPageClean(log);
  await page.close();

  const other = await launchBrowser(env.server);
  try {
    const fresh = await openV2(other);
    const { page: there } = fresh;
    assert.deepEqual(fresh.requested.filter((name) => name.startsWith('verify-import')), [], 'not in the first load');
    await importText(there, exported);
    await until(async () => /Imported the scenario: 5 calls replayed up to \d+:\d\d\./.test(await there.locator('.notice').first().textContent()), 'the import');
    assert.deepEqual(await seen(there), before, 'the same clock, phone, callbacks and API log');
    assert.deepEqual(
      fresh.requested.filter((name) => name.startsWith('verify-import')).sort(),
      ['verify-import.js', 'verify-import_bg.wasm'],
      'the import downloaded its module',
    );
    await screenshot(there, 'playground-v2-1280-imported');
    assert.deepEqual(await axeAudit(there), [], 'axe: an imported session');

    // Kept in chunks: a header, one chunk of calls and the tab that wrote them (so that
    // another tab's saves never mix with this one's), reopened whole on reload.
    const keys = await there.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('verify-playground-v2')).sort());
    assert.deepEqual(keys, ['verify-playground-v2', 'verify-playground-v2.calls.0', 'verify-playground-v2.writer']);
    const header = JSON.parse(await there.evaluate(() => localStorage.getItem('verify-playground-v2')));
    assert.equal(header.version, 2);
    assert.equal(header.calls, 5);
    await there.reload();
    await button(there, 'Start verification').waitFor();
    await until(async () => (await apiLog(there).textContent()) === before.log, 'the session after a reload');
    assert.deepEqual(await seen(there), before);
    assertPageClean(fresh);
  } finally {
    await other.close();
  }
});

test('a corrupt file is refused next to the control, naming its line, and the session is kept', async () => {
  const log = await openV2(env.browser);
  const { page } = log;
  await button(page, 'Start verification').click();
  await until(async () => (await apiLog(page).locator('li').count()) === 1, 'the start');
  const before = await seen(page);
  const start = '{"at": 0, "verify2": {"brand": "A", "workflow": [{"channel": "sms", "to": "447700900001"}]}}';

  await importText(page, `${start}\n{"at": 1, "check2": {"request_id": "$request_id"`);
  const error = page.locator('#v2-import-error');
  await until(async () => (await error.count()) === 1, 'the error');
  assert.match(await error.textContent(), /^This file cannot be imported: line 2: not valid JSON/);
  assert.equal(await page.getByRole('alert').filter({ hasText: 'line 2' }).count(), 1, 'said out loud');
  assert.equal(await byLabel(page, 'Scenario to import').getAttribute('aria-invalid'), 'true');
  assert.equal(await byLabel(page, 'Scenario to import').getAttribute('aria-describedby'), 'v2-import-error');
  assert.deepEqual(await seen(page), before, 'the session is kept');
  await screenshot(page, 'playground-v2-1280-import-error');
  assert.deepEqual(await axeAudit(page), [], 'axe: an import refused');

  await importText(page, `${start}\n\n{"at": 3, "verify": {"number": "447700900001", "brand": "A"}}`);
  await until(async () => /line 3: `verify` is not a Verify v2 call/.test(await error.textContent()), 'a v1 call refused');
  assert.deepEqual(await seen(page), before, 'the session is still kept');

  // Kept across a reload too: the refused files never reached the saved session.
  await page.reload();
  await button(page, 'Start verification').waitFor();
  await until(async () => (await apiLog(page).textContent()) === before.log, 'the session after a reload');
  assertPageClean(log);
  await page.close();
});

test('an import module that cannot be downloaded is said next to the control, and nothing is lost', async () => {
  const other = await launchBrowser(env.server);
  try {
    const { page, requested } = await openV2(other);
    await button(page, 'Start verification').click();
    await until(async () => (await apiLog(page).locator('li').count()) === 1, 'the start');
    const before = await seen(page);
    const file = '{"at": 0, "verify2": {"brand": "B", "workflow": [{"channel": "email", "to": "b@example.org"}]}}';
    await other.context.setOffline(true);
    await importText(page, file);
    const error = page.locator('#v2-import-error');
    await until(async () => (await error.count()) === 1, 'the failure');
    assert.match(await error.textContent(), /^The file could not be imported: the code it needs did not download .*Your session and the text are kept/);
    assert.equal(await button(page, 'Import scenario').isEnabled(), true, 'ready to try again');
    assert.equal(await byLabel(page, 'Scenario to import').inputValue(), file, 'the text is kept');
    assert.deepEqual(await seen(page), before, 'the session is kept');
    await screenshot(page, 'playground-v2-1280-import-offline');

    // Back online, the same click imports: the loader asks again.
    await other.context.setOffline(false);
    await button(page, 'Import scenario').click();
    await until(async () => /Imported the scenario: 1 calls replayed up to 0:00\./.test(await page.locator('.notice').first().textContent()), 'the import');
    assert.equal(await error.count(), 0, 'the failure is gone');
    assert.ok(requested.includes('verify-import_bg.wasm'), `the module downloaded: ${requested}`);
  } finally {
    await other.close();
  }
});

/** Clicks "Copy embed code" and returns the snippet, checked to be on the clipboard. */
async function copyEmbed(page) {
  await env.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  await button(page, 'Copy embed code').click();
  const snippet = await until(async () => {
    const field = byLabel(page, 'Embed code');
    return (await field.count()) && field.inputValue();
  }, 'the embed code');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);
  return snippet;
}

/**
 * Serves a documentation page holding `snippet`, opens it at 800 px and runs
 * `use(hosted, frame, inner)` on it: the host tab, the iframe's locator and its frame.
 */
async function inHostPage(snippet, use) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verify-e2e-v2-host-'));
  await fs.writeFile(path.join(dir, 'index.html'), `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Docs</title></head>
    <body><main><h1>Verify v2 docs</h1><div style="width: 640px">${snippet}</div></main></body></html>`);
  const host = await startServer(dir);
  try {
    const hosted = await newPage(env.browser);
    await hosted.page.setViewportSize({ width: 800, height: 900 });
    await hosted.page.goto(host.url);
    const frame = hosted.page.frameLocator('iframe[title="Verify Playground"]');
    await frame.getByRole('button', { name: 'Start verification', exact: true }).waitFor();
    assert.equal(await frame.locator('header').count(), 0, 'the compact page, no header');
    await use(hosted, frame, hosted.page.frames()[1]);
    assert.deepEqual(hosted.pageErrors, []);
    await hosted.page.close();
  } finally {
    await host.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const v2Keys = () => Object.keys(localStorage).filter((k) => k.startsWith('verify-playground-v2'));

test('the embed code opens the embedded v2 view with its form, in a host page', async () => {
  const log = await openV2(env.browser);
  const { page } = log;
  await byLabel(page, 'Brand').fill('Docs & Co');
  await byLabel(page, 'Channel 2').selectOption('whatsapp');
  const snippet = await copyEmbed(page);
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/#v2\?brand=Docs%20%26%20Co&amp;channel2=whatsapp&amp;embed" title="Verify Playground" width="100%" height="720" style="border:0" loading="lazy"><\/iframe>$/);
  assert.equal(await page.locator('header').count(), 1, 'the full page has its header');
  assertPageClean(log);
  await page.close();

  await inHostPage(snippet, async (hosted, frame, inner) => {
    assert.equal(await frame.getByLabel('Brand', { exact: true }).inputValue(), 'Docs & Co');
    assert.equal(await frame.getByLabel('Channel 2', { exact: true }).inputValue(), 'whatsapp');
    await inner.evaluate(() => { for (const key of Object.keys(localStorage)) localStorage.removeItem(key); });
    await frame.getByRole('button', { name: 'Start verification', exact: true }).click();
    await until(async () => (await frame.getByRole('region', { name: 'API log', exact: true }).locator('li').count()) === 1, 'a start in the frame');
    assert.match(new URL(inner.url()).hash, /embed$/, 'the address keeps embed as the form moves');
    assert.deepEqual(await inner.evaluate(v2Keys), [], 'an embedded page keeps nothing');
    await screenshot(hosted.page, 'playground-v2-embed-host-page');
  });
});

test('the embed code of a session with calls opens that session in the host page', async () => {
  const log = await openV2(env.browser);
  const { page } = log;
  await byLabel(page, 'Brand').fill('Embedded Shop');
  await button(page, 'Start verification').click();
  await until(async () => (await phone(page).textContent()).includes('Embedded Shop'), 'the SMS on the phone');
  const before = await seen(page);
  const snippet = await copyEmbed(page);
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/#v2\/share=[A-Za-z0-9_-]+\?embed" title="Verify Playground"/, snippet);
  assertPageClean(log);
  await page.close();

  await inHostPage(snippet, async (hosted, frame, inner) => {
    await until(async () => (await frame.getByRole('region', { name: 'Phone', exact: true }).textContent()).includes('Embedded Shop'), 'the session in the frame');
    const shown = await seen(inner);
    assert.equal(shown.phone, before.phone, 'the same phone');
    assert.equal(shown.log, before.log, 'the same API log');
    assert.equal(shown.callbacks, before.callbacks, 'the same callbacks');
    assert.equal(await frame.getByLabel('Brand', { exact: true }).inputValue(), 'Embedded Shop');
    await frame.getByText('This is the shared session.', { exact: true }).waitFor();
    // The full page kept its session in this origin's storage: forget it, then act here.
    await inner.evaluate(() => { for (const key of Object.keys(localStorage)) localStorage.removeItem(key); });
    await frame.getByRole('button', { name: 'Cancel', exact: true }).click();
    await until(async () => (await frame.getByRole('region', { name: 'API log', exact: true }).locator('li').count()) === 2, 'the cancel in the frame');
    assert.deepEqual(await inner.evaluate(v2Keys), [], 'an embedded page keeps nothing');
    await screenshot(hosted.page, 'playground-v2-embed-session-host-page');
  });
});
