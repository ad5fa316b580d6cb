// For documentation and teaching: a whole session shared by a link (opened in a fresh
// browser profile), the guided stories stepped through to their ends, the embed snippet
// in a host page, the build served from a sub-path, and a reload with the network off
// after a first visit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  useServerAndBrowser, startServer, launchBrowser, newPage, screenshot, axeAudit, DIST_DIR,
} from './harness.mjs';
import {
  assertPageClean, until, byLabel, button, region, statusWord, expectStatus, openFresh,
  readPinFromPhone, wrongPin, check, paste,
} from './ui.mjs';

const env = useServerAndBrowser();

/** The API log's entries as text, newest first. */
const logTexts = (page) => region(page, 'API log').locator('.log-entry').allTextContents();

test('a shared link reproduces the whole session in a fresh browser', async () => {
  const log = await openFresh(env);
  const { page } = log;
  await env.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  await button(page, 'Send verification').click();
  const pin = await readPinFromPhone(page);
  await button(page, 'Skip 30 seconds').click();
  await check(page, wrongPin(pin));
  await byLabel(page, 'Phone number').fill('447700900002');
  await byLabel(page, 'Workflow').selectOption('3');
  await button(page, 'Send verification').click();
  await button(page, 'Skip to next event').click();
  // The first request is selected again before sharing: the link keeps the selection.
  await page.getByRole('button', { name: /^#1 / }).click();
  const time = await page.locator('#sim-time').textContent();
  const entries = await logTexts(page);
  const phoneBefore = await region(page, 'Phone').locator('.thread').textContent();

  await button(page, 'Share session').click();
  const link = await until(async () => {
    const field = byLabel(page, 'Share link');
    return (await field.count()) && field.inputValue();
  }, 'the share link');
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/(\?[^#]*)?#share=1\.[\w-]+$/);
  assert.ok(link.length < 8 * 1024 + 100);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  assert.match(await page.locator('.share').textContent(), /Copied/);
  await screenshot(page, 'sharing-1280-link');
  assertPageClean(log);
  await page.close();

  // Another browser, its own empty profile.
  const other = await launchBrowser(env.server);
  try {
    const fresh = await newPage(other);
    await fresh.page.goto(link);
    await until(async () => (await fresh.page.locator('.notices').textContent()).includes('A shared session is open'), 'the shared session');
    assert.equal(await fresh.page.locator('#sim-time').textContent(), time);
    assert.deepEqual(await logTexts(fresh.page), entries, 'the same API log: same ids, answers, JSON');
    assert.equal(await region(fresh.page, 'Phone').locator('.thread').textContent(), phoneBefore);
    await expectStatus(fresh.page, 'IN PROGRESS');
    assert.equal(new URL(fresh.page.url()).hash, '', 'the link is consumed');
    // It is this browser's session now: it survives a reload.
    await fresh.page.reload();
    await fresh.page.locator('.notices').getByText(/previous session is back/).waitFor();
    assert.deepEqual(await logTexts(fresh.page), entries);
    assertPageClean(fresh);
  } finally {
    await other.close();
  }
});

test('a link never replaces a session without asking, and broken links are explained', async () => {
  const log = await openFresh(env);
  const { page } = log;
  await button(page, 'Send verification').click();
  await button(page, 'Share session').click();
  const link = await until(async () => {
    const field = byLabel(page, 'Share link');
    return (await field.count()) && field.inputValue();
  }, 'the share link');
  // This browser holds a session now: the link asks first.
  await byLabel(page, 'Phone number').fill('447700900009');
  await button(page, 'Send verification').click();
  await page.goto(link);
  const offer = page.getByRole('region', { name: 'Shared session' });
  await offer.waitFor();
  assert.match(await offer.textContent(), /1 calls, up to 0:00/);
  assert.deepEqual(await axeAudit(page), [], 'axe: the offer');
  await button(page, 'Keep my session').click();
  assert.equal(await region(page, 'API log').locator('.log-entry').count(), 2);
  await page.goto(link);
  await button(page, 'Open the shared session').click();
  await until(async () => (await region(page, 'API log').locator('.log-entry').count()) === 1, 'the shared session');

  const [base] = link.split('#');
  await page.goto(`${base}#share=1.AAAA`);
  await until(async () => /cannot be read/.test(await page.getByRole('alert').first().textContent()), 'the damaged-link notice');
  await page.goto(`${base}#share=9.abc`);
  await until(async () => (await page.getByRole('alert').allTextContents()).some((t) => /format 9/.test(t)), 'the other-version notice');
  assert.deepEqual(log.pageErrors, []);
  await page.close();
});

test('a session too big for a link says so and offers the export', async () => {
  const log = await openFresh(env);
  const { page } = log;
  const lines = [];
  for (let i = 0; i < 3000; i++) lines.push(`{"at":0,"verify":{"number":"4477${String(i).padStart(8, '0')}","brand":"Big${i}"}}`);
  await paste(page, '#import-text', lines.join('\n'));
  await button(page, 'Import scenario').click();
  await button(page, 'Share session').click();
  await until(async () => /too big for a link/.test(await page.locator('.share').textContent()), 'the too-big message');
  assert.match(await page.locator('.share').textContent(), /Export it as a scenario file instead/);
  assertPageClean(log);
  await page.close();
});

const STORIES = ['workflow-1', 'workflow-2', 'workflow-3', 'workflow-4', 'workflow-5', 'workflow-6', 'workflow-7', 'which-workflow'];

test('every story steps through to its end, and back', async () => {
  const log = await newPage(env.browser);
  const { page } = log;
  for (const key of STORIES) {
    await page.goto(`${env.server.url}#learn/${key}`);
    const story = page.getByRole('region', { name: /./ }).filter({ has: page.locator('#story-title') });
    await page.locator('#story-title').waitFor();
    const step = page.locator('.moment .step');
    await until(async () => /^Step 1 of \d+/.test(await step.textContent()), `${key}: step 1`);
    const total = Number((await step.textContent()).match(/of (\d+)/)[1]);
    const captions = [await page.locator('.moment .caption').textContent()];
    for (let i = 2; i <= total; i++) {
      await button(page, 'Next').click();
      await until(async () => (await step.textContent()).startsWith(`Step ${i} of`), `${key}: step ${i}`);
      captions.push(await page.locator('.moment .caption').textContent());
      assert.match(new URL(page.url()).hash, new RegExp(`^#learn/${key}/${i}$`));
    }
    assert.equal(await button(page, 'Next').isDisabled(), true, `${key}: the end`);
    // The captions are the engine's: times that grow, and the story's end at the last.
    const times = captions.map((c) => c.match(/^(\d+):(\d\d)/)).map((m) => Number(m[1]) * 60 + Number(m[2]));
    assert.deepEqual([...times].sort((a, b) => a - b), times, `${key}: in time order`);
    if (key.startsWith('workflow')) {
      assert.match(captions.at(-1), /the request ends EXPIRED/, key);
      assert.match(await region(page, 'Timeline').textContent(), /The request ended: EXPIRED/);
      assert.ok((await region(page, 'Phone').locator('.thread li').count()) >= 1);
    } else {
      assert.match(captions.at(-1), /Reach lab/);
      assert.equal(await page.getByRole('link', { name: /Reach lab/ }).last().getAttribute('href'), '#lab');
    }
    await button(page, 'Back').click();
    await until(async () => (await step.textContent()).startsWith(`Step ${total - 1} of`) || total === 1, `${key}: back`);
    if (key === 'workflow-1') {
      await screenshot(page, 'story-1280-workflow-1');
      assert.deepEqual(await axeAudit(page), [], 'axe: a story');
    }
    assert.ok(story);
  }
  // Workflow 1, at its fourth moment: the call carries a new PIN, and the phone shows it.
  await page.goto(`${env.server.url}#learn/workflow-1/4`);
  await until(async () => (await page.locator('.moment .step').textContent()) === 'Step 4 of 5', 'step 4 from the address');
  assert.match(await page.locator('.moment .caption').textContent(), /^5:05: /);
  const caption = await page.locator('.moment .caption').textContent();
  const newPin = caption.match(/new PIN, (\d{4})/)[1];
  assert.match(await region(page, 'Phone').locator('.transcript').first().textContent(), new RegExp(newPin.split('').join(', ')));
  // Play runs on by itself.
  await page.goto(`${env.server.url}#learn/workflow-6`);
  await button(page, 'Play story').click();
  await until(async () => (await page.locator('.moment .step').textContent()).startsWith('Step 2 of 2'), 'play to reach the end', 10_000);
  assertPageClean(log);
  await page.close();
});

test('"Try it yourself" hands the story to the playground', async () => {
  const log = await openFresh(env);
  const { page } = log;
  await page.goto(`${env.server.url}#learn/workflow-2/2`);
  await until(async () => (await page.locator('.moment .step').textContent()).startsWith('Step 2 of'), 'the story');
  await button(page, 'Try it yourself').click();
  await button(page, 'Send verification').waitFor();
  await until(async () => (await page.locator('#sim-time').textContent()) === '2:05', 'the story\'s moment');
  await expectStatus(page, 'IN PROGRESS');
  assert.equal(await region(page, 'Phone').locator('.sms').count(), 2, 'the story\'s two SMS');
  assertPageClean(log);
  await page.close();
});

/** A static server for `files` ({ 'name': 'contents' }) in a temporary folder. */
async function serveFiles(files) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verify-e2e-host-'));
  for (const [name, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), text);
  }
  const server = await startServer(dir);
  return { server, dir, close: async () => { await server.close(); await fs.rm(dir, { recursive: true, force: true }); } };
}

test('the embed snippet works in a host page and fits the frame', async () => {
  const log = await openFresh(env);
  const { page } = log;
  await env.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.origin });
  await byLabel(page, 'Workflow').selectOption('5');
  await button(page, 'Send verification').click();
  await button(page, 'Copy embed code').click();
  const snippet = await until(async () => {
    const field = byLabel(page, 'Embed code');
    return (await field.count()) && field.inputValue();
  }, 'the embed code');
  assert.match(snippet, /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/\?workflow_id=5&amp;embed#share=1\.[\w-]+" title="Verify Playground" width="100%" height="720"/);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);
  await page.close();

  const host = await serveFiles({
    'index.html': `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Docs</title></head>
      <body><main><h1>Verify docs</h1><div style="width: 420px">${snippet}</div></main></body></html>`,
  });
  try {
    const hosted = await newPage(env.browser);
    await hosted.page.goto(host.server.url);
    const frame = hosted.page.frameLocator('iframe[title="Verify Playground"]');
    await frame.getByRole('button', { name: 'Send verification', exact: true }).waitFor();
    await until(async () => (await frame.getByRole('status').textContent()).trim() === 'IN PROGRESS', 'the shared session in the frame');
    assert.equal(await frame.locator('header').count(), 0, 'the compact layout');
    const overflow = await hosted.page.frames()[1].evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the frame's page is ${overflow}px wider than the frame`);
    await screenshot(hosted.page, 'embed-420-host-page');
    assert.deepEqual(hosted.pageErrors, []);
    await hosted.page.close();
  } finally {
    await host.close();
  }
});

test('the build works from a sub-path of a static host', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verify-e2e-subpath-'));
  await fs.cp(DIST_DIR, path.join(dir, 'docs', 'playground'), { recursive: true });
  await fs.writeFile(path.join(dir, 'index.html'), '<!DOCTYPE html><title>The host</title>');
  const server = await startServer(dir);
  try {
    const log = await newPage(env.browser);
    const { page } = log;
    await page.goto(`${server.url}docs/playground/`);
    await button(page, 'Send verification').click();
    await expectStatus(page, 'IN PROGRESS');
    await page.goto(`${server.url}docs/playground/#learn/workflow-3`);
    await page.locator('#story-title').waitFor();
    assert.deepEqual(log.pageErrors, []);
    assert.deepEqual(log.consoleErrors, []);
    await page.close();
  } finally {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('after a first visit the page works with the network off, and a new build replaces the cache', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verify-e2e-offline-'));
  await fs.cp(DIST_DIR, dir, { recursive: true });
  const server = await startServer(dir);
  const browser = await launchBrowser(server);
  try {
    const log = await newPage(browser);
    const { page } = log;
    // The first visit: the worker installs and is handed the module the page loaded.
    await page.goto(server.url);
    await button(page, 'Send verification').waitFor();
    await until(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)), 'the worker to control the page', 10_000);
    const cached = () =>
      page.evaluate(async () => {
        const keys = await caches.keys();
        if (keys.length !== 1) return [];
        const cache = await caches.open(keys[0]);
        return (await cache.keys()).map((request) => new URL(request.url).pathname.split('/').pop());
      });
    await until(async () => (await cached()).some((name) => /^verify-playground-.*_bg\.wasm$/.test(name)), "the playground's module in the cache", 10_000);
    // Another view, visited once online, is kept as it loads; a view never visited is
    // never downloaded.
    await page.goto(`${server.url}?workflow_id=3#learn/workflow-3`);
    await page.locator('#story-title').waitFor();
    await until(async () => (await cached()).includes('verify-learn_bg.wasm'), "the stories' module in the cache", 10_000);
    assert.ok(!(await cached()).some((name) => name.startsWith('verify-lab')), 'the lab, never opened, was not downloaded');

    await browser.context.setOffline(true);
    await page.goto(server.url);
    await button(page, 'Send verification').click();
    await expectStatus(page, 'IN PROGRESS');
    await page.goto(`${server.url}?workflow_id=3#learn/workflow-3`);
    await page.locator('#story-title').waitFor();
    await browser.context.setOffline(false);

    // A new build: another worker, another cache. Chromium lets it take over once the old
    // worker is idle (skipWaiting does not cut an old worker's work short); by then its
    // activation has deleted the old cache, and the page hands it the modules it loaded.
    const NEW_CACHE = 'verify-playground-0123456789abcdef';
    const sw = await fs.readFile(path.join(dir, 'sw.js'), 'utf8');
    await fs.writeFile(path.join(dir, 'sw.js'), sw.replace(/verify-playground-[0-9a-f]+/, NEW_CACHE));
    // The worker the page loads under (the old build's), noted before any script runs.
    await page.addInitScript(() => {
      window.__loadedUnder = navigator.serviceWorker.controller;
    });
    await page.goto(server.url);
    await button(page, 'Send verification').waitFor();
    // The signal: another worker controls the page and is activated, none is pending.
    const takeover = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration.update();
      const state = () => ({
        loadedUnderOld: Boolean(window.__loadedUnder),
        controller: navigator.serviceWorker.controller === window.__loadedUnder ? 'the old worker' : navigator.serviceWorker.controller?.state,
        installing: registration.installing?.state,
        waiting: registration.waiting?.state,
      });
      const done = () => {
        const now = state();
        return now.loadedUnderOld && now.controller === 'activated' && !now.installing && !now.waiting;
      };
      if (!done()) {
        await new Promise((resolve, reject) => {
          const check = () => {
            if (done()) resolve();
          };
          navigator.serviceWorker.addEventListener('controllerchange', () => {
            check();
            navigator.serviceWorker.controller?.addEventListener('statechange', check);
          });
          for (const worker of [registration.installing, registration.waiting, registration.active]) {
            worker?.addEventListener('statechange', check);
          }
          setTimeout(() => reject(new Error(`no new worker took the page over in 20 s: ${JSON.stringify(state())}`)), 20_000);
        });
      }
      return { ...state(), caches: await caches.keys() };
    });
    assert.deepEqual(takeover.caches, [NEW_CACHE], 'the new build\'s cache alone, once its worker controls the page');
    await until(async () => (await cached()).some((name) => /^verify-playground-.*_bg\.wasm$/.test(name)), "the page's module in the new cache", 10_000);
    // The new build works offline from its own cache.
    await browser.context.setOffline(true);
    await page.goto(server.url);
    await button(page, 'Send verification').click();
    await expectStatus(page, 'IN PROGRESS');
    assert.deepEqual(await page.evaluate(() => caches.keys()), [NEW_CACHE]);
    await browser.context.setOffline(false);
    assert.deepEqual(log.pageErrors, []);
    await page.close();
  } finally {
    await browser.close();
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
});
