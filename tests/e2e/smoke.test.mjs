// Smoke test: the release build loads in Chromium, mounts, and is clean (no errors, no
// request leaving 127.0.0.1, no serious accessibility violation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPage, assertClean, screenshot, axeAudit } from './harness.mjs';

const env = useServerAndBrowser();

test('the app loads, renders and stays on 127.0.0.1', async () => {
  const log = await newPage(env.browser);
  const { page } = log;
  const wasmResponses = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('.wasm')) wasmResponses.push(response);
  });

  await page.goto(env.server.url, { waitUntil: 'load' });
  // Yew mounts into an empty <body> once the wasm has started.
  await page.waitForFunction(() => document.body.innerText.trim().length > 0);

  assert.equal(await page.title(), 'Verify Playground');
  assert.equal(wasmResponses.length, 1, 'exactly one .wasm module is fetched');
  assert.equal(wasmResponses[0].status(), 200);
  assert.equal(wasmResponses[0].headers()['content-type'], 'application/wasm');

  await screenshot(page, 'smoke');
  assert.deepEqual(await axeAudit(page), [], 'serious or critical accessibility violations');
  assertClean(log);
});
