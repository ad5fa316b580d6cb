// The Node helper against the real binary (`$VERIFY_SERVER_BIN`, else target/native's):
// every helper, two tests at once in separate namespaces, TLS, `exec`'s variables, stop,
// and what it says when the binary is missing.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmulatorError, findBinary, startVerifyEmulator } from '../index.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
process.env.VERIFY_SERVER_BIN ??= path.resolve(HERE, '../../../target/native/verify-server');
const NUMBER = '447700900123';

/** A raw v1 call in `ns`'s namespace; its JSON answer. */
async function start(ns, number = NUMBER) {
  const response = await fetch(`${ns.url}/verify/json`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...ns.headers },
    body: JSON.stringify({ number, brand: 'Acme' }),
  });
  return { status: response.status, body: response.status === 200 ? await response.json() : await response.text() };
}

// Started here, or under `verify-server exec --namespaces --paused -- node --test` (as
// scripts/test runs this file) the emulator `exec` runs.
const underExec = Boolean(process.env.VERIFY_EMULATOR_URL);
let emulator;
before(async () => {
  emulator = await startVerifyEmulator();
});
after(async () => {
  assert.equal(await emulator.stop(), underExec ? null : 0, 'a clean stop on Ctrl-C (none when attached)');
});

test('deliveries, PINs, the clock, reset and the scenario', async () => {
  const ns = emulator.namespace();
  assert.match(emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.deepEqual(await ns.clock(), { now: 0, speed: 1, paused: true, next: null });
  const { body } = await start(ns);
  const [sms] = await ns.deliveries(NUMBER);
  assert.equal(sms.request_id, body.request_id);
  assert.equal(await ns.lastPin('+44 7700 900123'), sms.pin, 'normalised as the API does');
  await assert.rejects(ns.lastPin('447700900999'), EmulatorError);
  assert.equal((await ns.advance(125)).now, 125);
  assert.deepEqual((await ns.deliveries(NUMBER)).map((d) => d.channel), ['sms', 'tts']);
  const { next } = await ns.clock();
  assert.equal((await ns.toNext()).now, next);
  assert.match((await ns.scenario()).split('\n')[1], /"verify":/);
  await ns.reset();
  assert.deepEqual(await ns.deliveries(), []);
  assert.equal((await start(ns)).body.request_id, body.request_id, 'the same seed, the same id');
  assert.deepEqual(await emulator.deliveries(NUMBER), [], 'the default session saw none of it');
});

test('v2 callbacks and faults', async () => {
  const ns = emulator.namespace();
  const payload = Buffer.from(JSON.stringify({ application_id: ns.applicationId })).toString('base64url');
  const jwt = { authorization: `Bearer eyJhbGciOiJSUzI1NiJ9.${payload}.x`, 'content-type': 'application/json' };
  const started = await (
    await fetch(`${ns.url}/v2/verify`, { method: 'POST', headers: jwt, body: JSON.stringify({ brand: 'Acme', workflow: [{ channel: 'sms', to: NUMBER }] }) })
  ).json();
  const code = await ns.lastPin(NUMBER);
  const checked = await fetch(`${ns.url}/v2/verify/${started.request_id}`, { method: 'POST', headers: jwt, body: JSON.stringify({ code }) });
  assert.equal((await checked.json()).status, 'completed');
  const [summary] = await ns.callbacks();
  assert.equal(summary.body.request_id, started.request_id);

  const id = await ns.fault('http:503', { times: 1 });
  assert.equal(typeof id, 'string');
  assert.equal((await start(ns, '447700900124')).status, 503);
  assert.equal((await start(ns, '447700900124')).status, 200, '`times` ran out');
  await ns.fault('http:500');
  await ns.clearFaults();
  assert.equal((await start(ns, '447700900125')).status, 200);
});

describe('two tests at once', { concurrency: true }, () => {
  // Both start a request to the same number at the same moment; each sees only its own.
  const seen = [];
  for (const name of ['first', 'second']) {
    test(`${name} sees only its own delivery`, async () => {
      const ns = emulator.namespace();
      const { body } = await start(ns);
      seen.push(name);
      while (seen.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual((await ns.deliveries(NUMBER)).map((d) => d.request_id), [body.request_id]);
    });
  }
});

test('over TLS the URL is https and the helpers trust its CA', async () => {
  const secure = await startVerifyEmulator({ tls: true, seed: 3 });
  try {
    assert.match(secure.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.match(secure.ca, /ca\.pem$/);
    assert.equal((await secure.clock()).now, 0);
  } finally {
    assert.equal(await secure.stop(), 0);
  }
});

test('under `verify-server exec`, the running emulator is used', { skip: underExec && 'already under exec' }, () => {
  const script = `
    import { startVerifyEmulator } from ${JSON.stringify(path.resolve(HERE, '../index.js'))};
    const emulator = await startVerifyEmulator();
    console.log(emulator.url === process.env.VERIFY_EMULATOR_URL, await emulator.stop());`;
  const out = execFileSync(process.env.VERIFY_SERVER_BIN, ['exec', '--namespaces', '--', process.execPath, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  assert.equal(out.trim(), 'true null');
});

test('a missing binary is named', async () => {
  const saved = { bin: process.env.VERIFY_SERVER_BIN, path: process.env.PATH };
  try {
    process.env.VERIFY_SERVER_BIN = '/nowhere/verify-server';
    assert.throws(findBinary, /VERIFY_SERVER_BIN=\/nowhere\/verify-server: no such executable file/);
    delete process.env.VERIFY_SERVER_BIN;
    process.env.PATH = '/nowhere';
    await assert.rejects(startVerifyEmulator({ args: [] }), /VERIFY_SERVER_BIN is not set and no verify-server is on PATH/);
  } finally {
    process.env.VERIFY_SERVER_BIN = saved.bin;
    process.env.PATH = saved.path;
  }
});
