/**
 * verify-emulator: the Verify API emulator (`verify-server`) in a Node test run (node:test,
 * vitest, jest). One call starts it, its helpers read PINs and move the clock, `stop()`
 * ends it.
 *
 *   import { startVerifyEmulator } from 'verify-emulator';
 *   const emulator = await startVerifyEmulator();          // a free port, paused, --namespaces
 *   const mine = emulator.namespace();                       // this test's own session
 *   // give the SDK { apiKey: mine.apiKey } and apiHost: emulator.url ...
 *   const pin = await mine.lastPin('447700900001');
 *   await emulator.stop();
 *
 * The binary is `$VERIFY_SERVER_BIN`, else `verify-server` on PATH. Under
 * `verify-server exec --namespaces --paused -- npm test`, `VERIFY_EMULATOR_URL` (and
 * `VERIFY_EMULATOR_CA`) name the emulator already running: `startVerifyEmulator()` with no
 * option that shapes a server uses it instead (`stop()` then leaves it running).
 * No dependency: node:child_process, node:http and node:https only.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

/** The variable naming the binary, checked before PATH. */
export const BIN_VARIABLE = 'VERIFY_SERVER_BIN';
/** The variable `verify-server exec` sets: the emulator's URL. */
export const URL_VARIABLE = 'VERIFY_EMULATOR_URL';
/** The variable `verify-server exec --tls` sets: the CA (PEM file) to trust. */
export const CA_VARIABLE = 'VERIFY_EMULATOR_CA';

const LISTENING = /verify-server: listening on (https?:\/\/\S+)/;
const START_TIMEOUT_MS = 20_000;

/** The emulator could not be found, started or reached, or refused a helper call. */
export class EmulatorError extends Error {
  constructor(message) {
    super(message);
    this.name = 'EmulatorError';
  }
}

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The `verify-server` to run: `$VERIFY_SERVER_BIN`, else the one on PATH. Throws an
 * EmulatorError saying exactly what is missing.
 * @returns {string}
 */
export function findBinary() {
  const named = process.env[BIN_VARIABLE];
  if (named) {
    if (!executable(named)) {
      throw new EmulatorError(
        `${BIN_VARIABLE}=${named}: no such executable file (build it with \`cargo build --profile native -p verify-server\`: target/native/verify-server)`,
      );
    }
    return named;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir || '.', 'verify-server');
    if (dir && executable(candidate)) return candidate;
  }
  throw new EmulatorError(
    `verify-server not found: ${BIN_VARIABLE} is not set and no verify-server is on PATH. ` +
      `Build it (\`cargo build --profile native -p verify-server\`) and set ${BIN_VARIABLE}=target/native/verify-server, or put it on PATH`,
  );
}

/** One request to the emulator: JSON in, JSON (or the text, `raw`) out. */
function request(base, ca, method, pathAndQuery, body, raw = false) {
  const url = new URL(pathAndQuery, base);
  const transport = url.protocol === 'https:' ? https : http;
  const data = body === undefined ? undefined : JSON.stringify(body);
  const headers = data === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) };
  return new Promise((resolve, reject) => {
    const sent = transport.request(url, { method, headers, ca, agent: false }, (answer) => {
      const chunks = [];
      answer.on('data', (chunk) => chunks.push(chunk));
      answer.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (answer.statusCode < 200 || answer.statusCode >= 300) {
          reject(new EmulatorError(`${method} ${url.pathname}${url.search}: ${answer.statusCode} ${text}`));
        } else if (raw) {
          resolve(text);
        } else {
          resolve(text ? JSON.parse(text) : null);
        }
      });
    });
    sent.on('error', (error) => reject(new EmulatorError(`${method} ${url.pathname}: ${error.message}`)));
    sent.end(data);
  });
}

/**
 * The helpers of one session: the default one (`ns` undefined) or a namespace.
 * @param {(method: string, path: string, body?: unknown, raw?: boolean) => Promise<any>} call
 * @param {string | undefined} ns
 */
function helpers(call, ns) {
  const scoped = (p) => (ns === undefined ? p : `${p}${p.includes('?') ? '&' : '?'}ns=${encodeURIComponent(ns)}`);
  const get = (p) => call('GET', scoped(p));
  const post = (p, body) => call('POST', scoped(p), body);
  const view = {
    async deliveries(to) {
      const query = to === undefined ? '' : `?number=${encodeURIComponent(to)}`;
      return (await get(`/_sim/deliveries${query}`)).deliveries;
    },
    async lastPin(to) {
      const withPin = (await view.deliveries(to)).filter((d) => d.pin);
      if (withPin.length === 0) {
        throw new EmulatorError(`no PIN has been delivered to ${to}${ns === undefined ? '' : ` in namespace ${ns}`}`);
      }
      return withPin.at(-1).pin;
    },
    clock: () => get('/_sim/clock'),
    advance: (seconds) => post('/_sim/clock', { advance: seconds }),
    toNext: () => post('/_sim/clock', { to_next: true }),
    reset: (seed) => post('/_sim/reset', seed === undefined ? {} : { seed }),
    async callbacks() {
      return (await get('/_sim/callbacks')).callbacks;
    },
    async fault(fault, options = {}) {
      const body = { fault };
      for (const name of ['number', 'times', 'network', 'path']) {
        if (options[name] !== undefined) body[name] = options[name];
      }
      return (await post('/_sim/faults', body)).id;
    },
    async clearFaults() {
      await call('DELETE', scoped('/_sim/faults'));
    },
    scenario: () => call('GET', scoped('/_sim/scenario'), undefined, true),
  };
  return view;
}

/** Reads the `listening on` line; rejects with the process's stderr if it never comes. */
function listening(child) {
  const stderr = [];
  child.stderr.on('data', (chunk) => stderr.push(String(chunk)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new EmulatorError(`verify-server did not start within ${START_TIMEOUT_MS} ms: ${stderr.join('')}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk) => {
      out += String(chunk);
      const match = out.match(LISTENING);
      if (match) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(match[1]);
      }
    };
    const onExit = (code) => {
      clearTimeout(timer);
      reject(new EmulatorError(`verify-server did not start (exit status ${code}): ${stderr.join('').trim()}`));
    };
    child.stdout.on('data', onData);
    child.once('exit', onExit);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new EmulatorError(`cannot run verify-server: ${error.message}`));
    });
  });
}

/**
 * Starts the emulator (or uses the one `verify-server exec` runs) and resolves once it
 * answers `GET /_sim/clock`.
 * @param {import('./index.js').StartOptions} [options]
 * @returns {Promise<import('./index.js').VerifyEmulator>}
 */
export async function startVerifyEmulator(options = {}) {
  // Any option that shapes a server asks for one of this call's own.
  const configures = ['bin', 'port', 'namespaces', 'paused', 'seed', 'tls', 'args'].some((name) => options[name] !== undefined);
  const attachTo = options.url ?? (configures ? undefined : process.env[URL_VARIABLE]);
  let child;
  let url;
  let caFile;
  let tlsDir;
  if (attachTo) {
    url = attachTo.replace(/\/$/, '');
    caFile = options.ca ?? process.env[CA_VARIABLE] ?? undefined;
  } else {
    const bin = options.bin ?? findBinary();
    const args = ['--port', String(options.port ?? 0)];
    if (options.namespaces ?? true) args.push('--namespaces');
    if (options.paused ?? true) args.push('--paused');
    if (options.seed !== undefined) args.push('--seed', String(options.seed));
    if (options.tls) {
      tlsDir = mkdtempSync(path.join(os.tmpdir(), 'verify-emulator-tls-'));
      args.push('--tls', '--tls-dir', tlsDir);
      caFile = path.join(tlsDir, 'ca.pem');
    }
    args.push(...(options.args ?? []));
    child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    url = await listening(child);
    child.stdout.resume();
  }
  const ca = caFile ? readFileSync(caFile) : undefined;
  const call = (method, p, body, raw) => request(url, ca, method, p, body, raw);
  let made = 0;
  const prefix = `node-${randomUUID().slice(0, 8)}`;
  const emulator = {
    url,
    ca: caFile ?? null,
    ...helpers(call, undefined),
    namespace(name) {
      const ns = name ?? `${prefix}-${++made}`;
      return {
        name: ns,
        url,
        ca: caFile ?? null,
        apiKey: ns,
        apiSecret: 'secret',
        applicationId: ns,
        headers: { 'X-Sim-Namespace': ns },
        ...helpers(call, ns),
      };
    },
    stop() {
      if (!child) return Promise.resolve(null);
      const running = child;
      child = undefined;
      if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
      if (running.exitCode !== null || running.signalCode !== null) return Promise.resolve(running.exitCode);
      return new Promise((resolve) => {
        const killer = setTimeout(() => running.kill('SIGKILL'), 10_000);
        running.once('exit', (code) => {
          clearTimeout(killer);
          resolve(code);
        });
        running.kill('SIGINT');
      });
    },
  };
  try {
    await emulator.clock();
  } catch (error) {
    await emulator.stop();
    throw new EmulatorError(`the emulator at ${url} does not answer: ${error.message}`);
  }
  return emulator;
}
