/**
 * Shared helpers for the end-to-end tests: the release build in `dist/`, served on
 * 127.0.0.1, driven in Debian's headless Chromium through playwright-core.
 *
 * A test file (`tests/e2e/NAME.test.mjs`, run by `node --test`) typically looks like:
 *
 *   import { test } from 'node:test';
 *   import assert from 'node:assert/strict';
 *   import { useServerAndBrowser, newPage, assertClean, screenshot, axeAudit } from './harness.mjs';
 *
 *   const env = useServerAndBrowser();
 *
 *   test('something the user does', async () => {
 *     const log = await newPage(env.browser);
 *     await log.page.goto(env.server.url);
 *     // ... drive log.page, assert on what it shows ...
 *     await screenshot(log.page, 'something');
 *     assert.deepEqual(await axeAudit(log.page), []);
 *     assertClean(log);
 *   });
 *
 * Nothing may leave 127.0.0.1: the browser uses the static server as its proxy, and the
 * server refuses and records every request for another host (`server.blocked`); each page
 * also records the off-origin requests it makes. `assertClean` checks both.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * The release build that `trunk build --release` writes and the tests run against; the
 * environment variable E2E_DIST names another (a copy kept apart from a shared tree's
 * rebuilds, or an older build to show a test fails on it).
 */
export const DIST_DIR = path.resolve(process.env.E2E_DIST || path.resolve(HERE, '../../dist'));

/** Where `screenshot` saves PNGs (gitignored). */
export const ARTIFACTS_DIR = path.join(HERE, 'artifacts');

/** The only host the tests may talk to. */
export const HOST = '127.0.0.1';

const CHROMIUM_PATH = '/usr/bin/chromium';
const AXE_PATH = path.join(HERE, 'node_modules/axe-core/axe.min.js');

// Root, offline, no GPU: the flags Chromium needs here, and the ones that stop it from
// reaching for the internet on its own (updates, sync, field trials, QUIC).
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Chromium 156 still reaches Google despite the flags above: sign-in checks and an
  // on-demand component at start-up, and autofill predictions for any page with a form.
  // Send them to a dead port on 127.0.0.1 so they do not show up as the app's requests.
  `--gaia-url=http://${HOST}:9/`,
  `--component-updater=url-source=http://${HOST}:9/`,
  `--autofill-server-url=http://${HOST}:9/`,
];

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * @typedef {object} Server
 * @property {string} origin   `http://127.0.0.1:PORT`
 * @property {string} url      the app's address, `origin + '/'`
 * @property {string[]} blocked  every request the browser tried to send to another host
 *   (`"GET http://host/path"`, `"CONNECT host:443"`), refused by the server acting as proxy
 * @property {() => Promise<void>} close
 */

/**
 * Serves `root` (by default `dist/`) on 127.0.0.1 at a free port: `/` and directories
 * serve their index.html, files get their MIME type (application/wasm for .wasm, so
 * wasm-bindgen can stream-compile), nothing is cached, a missing /favicon.ico is an empty
 * 204 rather than a 404 (Chromium requests it by itself). The same port is the browser's
 * proxy (see `launchBrowser`): any request for another host is refused and recorded in
 * `blocked`, so it never leaves the machine.
 * @param {string} [root]
 * @returns {Promise<Server>}
 */
export async function startServer(root = DIST_DIR) {
  root = path.resolve(root);
  try {
    await fs.access(path.join(root, 'index.html'));
  } catch {
    throw new Error(`${root}/index.html is missing: build the app first (trunk build --release)`);
  }
  const blocked = [];

  const server = http.createServer(async (req, res) => {
    // An absolute URL in the request line means Chromium sent it to us as its proxy, i.e.
    // it was for some other host (127.0.0.1 itself bypasses the proxy).
    if (!req.url.startsWith('/')) {
      blocked.push(`${req.method} ${req.url}`);
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('off-origin request blocked by the e2e harness');
      return;
    }
    let file;
    try {
      const { pathname } = new URL(req.url, 'http://localhost');
      file = path.join(root, decodeURIComponent(pathname));
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await fs.stat(file)).isDirectory()) file = path.join(file, 'index.html');
      const body = await fs.readFile(file);
      res.writeHead(200, {
        'Content-Type': MIME_TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      // Chromium asks for /favicon.ico on its own; a build without one is not an error.
      if (req.url === '/favicon.ico') res.writeHead(204).end();
      else res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
  });
  // HTTPS and WebSocket-over-TLS through a proxy start with CONNECT host:port.
  server.on('connect', (req, socket) => {
    blocked.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, HOST, resolve);
  });
  const origin = `http://${HOST}:${server.address().port}`;
  return {
    origin,
    url: `${origin}/`,
    blocked,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * @typedef {object} Browser
 * @property {import('playwright-core').BrowserContext} context  the persistent context
 * @property {Server} server  the server the browser is confined to
 * @property {() => Promise<void>} close  closes Chromium and deletes its profile and
 *   temporary files
 */

/**
 * Launches Debian's Chromium headless with a fresh, empty profile (it needs one as root and
 * offline), proxied through `server` so that no request can leave 127.0.0.1, and with every
 * host name but 127.0.0.1 unresolvable.
 * @param {Server} server
 * @returns {Promise<Browser>}
 */
export async function launchBrowser(server) {
  // The profile, and Chromium's own temporary files (which it leaves behind otherwise).
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'verify-e2e-chromium-'));
  const tmpDir = path.join(dir, 'tmp');
  await fs.mkdir(tmpDir);
  const context = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
    executablePath: CHROMIUM_PATH,
    env: { ...process.env, TMPDIR: tmpDir },
    headless: true,
    args: [
      ...CHROMIUM_ARGS,
      `--proxy-server=${server.origin}`,
      `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${HOST}`,
    ],
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    server,
    async close() {
      await context.close();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * @typedef {object} PageLog
 * @property {import('playwright-core').Page} page
 * @property {string[]} consoleErrors  `console.error` messages, including failed loads
 * @property {string[]} pageErrors  uncaught exceptions and unhandled rejections
 * @property {string[]} offOriginRequests  requests and WebSockets this page opened to a
 *   host other than 127.0.0.1 (`"GET https://host/path"`)
 * @property {string[]} blockedByProxy  the server's `blocked` list (shared by all pages of
 *   the browser, and also catching Chromium's own background requests)
 */

/**
 * Opens a new tab that records console errors, page errors and off-origin requests.
 * @param {Browser} browser
 * @returns {Promise<PageLog>}
 */
export async function newPage(browser) {
  const page = await browser.context.newPage();
  const log = {
    page,
    consoleErrors: [],
    pageErrors: [],
    offOriginRequests: [],
    blockedByProxy: browser.server.blocked,
  };
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const { url, lineNumber } = message.location();
      log.consoleErrors.push(url ? `${message.text()} (${url}:${lineNumber})` : message.text());
    }
  });
  page.on('pageerror', (error) => log.pageErrors.push(error.stack ?? String(error)));
  page.on('request', (request) => {
    if (isOffOrigin(request.url())) log.offOriginRequests.push(`${request.method()} ${request.url()}`);
  });
  page.on('websocket', (socket) => {
    if (isOffOrigin(socket.url())) log.offOriginRequests.push(`WEBSOCKET ${socket.url()}`);
  });
  return log;
}

/** Whether `url` goes over the network to a host other than 127.0.0.1 (data:, blob: do not). */
function isOffOrigin(url) {
  const { protocol, hostname } = new URL(url);
  return ['http:', 'https:', 'ws:', 'wss:'].includes(protocol) && hostname !== HOST;
}

/**
 * Asserts that the page logged no console error and no page error, and that nothing tried
 * to reach a host other than 127.0.0.1.
 * @param {PageLog} log
 */
export function assertClean(log) {
  assert.deepEqual(log.consoleErrors, [], 'console errors');
  assert.deepEqual(log.pageErrors, [], 'uncaught page errors');
  assert.deepEqual(log.offOriginRequests, [], 'requests from the page to hosts other than 127.0.0.1');
  assert.deepEqual(log.blockedByProxy, [], 'requests to other hosts refused by the harness proxy');
}

/**
 * Saves a full-page PNG as `tests/e2e/artifacts/NAME.png` and returns its path.
 * @param {import('playwright-core').Page} page
 * @param {string} name  file name without extension; characters other than letters,
 *   digits, `-` and `_` become `_`
 * @returns {Promise<string>}
 */
export async function screenshot(page, name) {
  await fs.mkdir(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name.replace(/[^\w-]/g, '_')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * @typedef {object} AxeViolation
 * @property {string} id  the axe rule, e.g. `color-contrast`
 * @property {'serious'|'critical'} impact
 * @property {string} help  what the rule asks for
 * @property {string} helpUrl
 * @property {string[]} nodes  CSS selectors of the offending elements
 */

/**
 * Runs axe-core on the page as it is now and returns the violations of serious or critical
 * impact (an empty array is a pass). The script is evaluated through DevTools, so a
 * Content-Security-Policy on the page does not stop it.
 * @param {import('playwright-core').Page} page
 * @returns {Promise<AxeViolation[]>}
 */
export async function axeAudit(page) {
  await page.evaluate(await fs.readFile(AXE_PATH, 'utf8'));
  const violations = await page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ['violations'] });
    return results.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
}

/**
 * Starts the static server and Chromium before the test file's tests, and stops both after
 * them (node:test `before`/`after` hooks). The returned object's `server` and `browser` are
 * set once the tests run.
 * @returns {{server: Server | undefined, browser: Browser | undefined}}
 */
export function useServerAndBrowser() {
  const env = { server: undefined, browser: undefined };
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser(env.server);
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
