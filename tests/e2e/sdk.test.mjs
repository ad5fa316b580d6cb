// The official Node SDK (@vonage/verify with @vonage/auth, pinned in package-lock.json)
// against the real verify-server binary: unchanged but for the host. Then the session the
// SDK made, exported by /_sim/scenario (no reset in between), replayed by the real
// verify-sim binary to the same answers, byte for byte the JSON the SDK was sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { Auth } from '@vonage/auth';
import { Verify } from '@vonage/verify';
import { startVerifyEmulator } from '../../clients/node/index.js';
import { postJson, SERVER_BIN, SIM_BIN } from './emulator.mjs';

/**
 * A relay between the SDK and the emulator that keeps what went over the wire: the SDK
 * is given its address as the API host, each request is passed on unchanged (method,
 * path, headers, body) and each answer passed back unchanged, its raw body kept in
 * `exchanges` ({ method, path, status, body }) before the SDK parses and renames it.
 */
async function startRelay(target) {
  const exchanges = [];
  const server = http.createServer((request, reply) => {
    const upstream = http.request(new URL(request.url, target), { method: request.method, headers: request.headers }, (answer) => {
      const chunks = [];
      answer.on('data', (chunk) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const { pathname } = new URL(request.url, target);
        exchanges.push({ method: request.method, path: pathname, status: answer.statusCode, body: body.toString('utf8') });
        const headers = { ...answer.headers };
        delete headers['transfer-encoding'];
        headers['content-length'] = String(body.length);
        reply.writeHead(answer.statusCode, headers).end(body);
      });
    });
    upstream.on('error', (error) => reply.writeHead(502).end(String(error)));
    request.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    exchanges,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let emulator;
let relay;
let verify;

before(async () => {
  // The project's own Node helper (clients/node), one session: the SDK's calls need no namespace.
  emulator = await startVerifyEmulator({ bin: SERVER_BIN, namespaces: false, seed: 7, args: ['--start', '2026-02-01 10:00:00'] });
  relay = await startRelay(emulator.url);
  const auth = new Auth({ apiKey: 'abcd1234', apiSecret: 's3cret' });
  verify = new Verify(auth, { apiHost: relay.url });
});

after(async () => {
  await relay?.close();
  assert.equal(await emulator.stop(), 0, 'a clean stop on Ctrl-C');
});

const clock = (body) => postJson(`${emulator.url}/_sim/clock`, body);
const pinFor = (number) => emulator.lastPin(number);

test('start, check wrong and right, a busy number, search, cancel and trigger through the SDK', async () => {
  const started = await verify.start({ number: '447700900001', brand: 'Acme', workflowId: 1 });
  assert.equal(started.status, '0');
  assert.match(started.requestId, /^[0-9a-f]{32}$/);

  const pin = await pinFor('447700900001');
  const wrong = await verify.check(started.requestId, pin === '0000' ? '1111' : '0000');
  assert.equal(wrong.status, '16');
  assert.equal(wrong.errorText, 'The code provided does not match the expected value');

  const busy = await verify.start({ number: '+44 7700 900001', brand: 'Acme' });
  assert.equal(busy.status, '10');
  assert.equal(busy.requestId, started.requestId);

  const right = await verify.check(started.requestId, pin);
  assert.equal(right.status, '0');
  assert.equal(right.price, '0.05000000');
  assert.equal(right.estimatedPriceMessagesSent, '0.04675');

  const found = await verify.search(started.requestId);
  assert.equal(found.status, 'SUCCESS');
  assert.equal(found.accountId, 'abcd1234', 'the key the SDK sent is the account');
  assert.equal(found.dateSubmitted, '2026-02-01 10:00:00');
  assert.equal(found.checks.length, 2);
  assert.deepEqual(found.events.map((e) => e.type), ['sms']);
  const unknown = await verify.search('0123456789abcdef0123456789abcdef');
  assert.equal(unknown.status, '101');
  assert.equal(unknown.requestId, undefined, 'no request_id: the SDKs tell a failed search by it');

  const second = await verify.start({ number: '447700900002', brand: 'Acme', workflowId: 2 });
  const early = await verify.cancel(second.requestId);
  assert.equal(early.status, '19');
  assert.match(early.errorText, /can't be cancelled within the first 30 seconds/);
  await clock({ advance: 30 });
  const triggered = await verify.trigger(second.requestId);
  assert.equal(triggered.status, '0');
  assert.equal(triggered.command, 'trigger_next_event');
  const { deliveries } = await (await fetch(`${emulator.url}/_sim/deliveries?number=447700900002`)).json();
  assert.deepEqual(deliveries.map((d) => [d.at, d.channel]), [[0, 'sms'], [30, 'sms']]);
  const late = await verify.cancel(second.requestId);
  assert.equal(late.status, '19');
  assert.match(late.errorText, /can't be cancelled now/);

  const third = await verify.start({ number: '447700900003', brand: 'Acme', workflowId: 3 });
  await clock({ advance: 40 });
  const cancelled = await verify.cancel(third.requestId);
  assert.deepEqual([cancelled.status, cancelled.command], ['0', 'cancel']);
  const gone = await verify.cancel(third.requestId);
  assert.equal(gone.status, '6');
});

test('validation errors come back as the real API words them', async () => {
  const noBrand = await verify.start({ number: '447700900009', brand: '' });
  assert.equal(noBrand.status, '2');
  assert.equal(noBrand.errorText, 'Your request is incomplete and missing the mandatory parameter: brand');
  const badWorkflow = await verify.start({ number: '447700900009', brand: 'Acme', workflowId: 9 });
  assert.deepEqual([badWorkflow.status, badWorkflow.errorText], ['3', 'Invalid value for param: workflow_id']);
  const longBrand = await verify.start({ number: '447700900009', brand: 'A'.repeat(19) });
  assert.equal(longBrand.errorText, 'Invalid value for param: brand. Parameter is too long.');
  const pinCode = await verify.start({ number: '447700900009', brand: 'Acme', pinCode: '1234' });
  assert.equal(pinCode.status, '20');
  const codeLength = await verify.start({ number: '447700900009', brand: 'Acme', codeLength: 5 });
  assert.equal(codeLength.errorText, 'Invalid value for param: code_length. The allowed values are 4 and 6.');
  const badCode = await verify.check('0123456789abcdef0123456789abcdef', '12a4');
  assert.deepEqual([badCode.status, badCode.errorText], ['3', 'The code contains invalid characters']);
  const unknown = await verify.check('0123456789abcdef0123456789abcdef', '1234');
  assert.equal(unknown.status, '6');
});

/** The scenario's name of the API path `path`. */
const ENDPOINTS = {
  '/verify/json': 'verify',
  '/verify/check/json': 'check',
  '/verify/control/json': 'control',
  '/verify/search/json': 'search',
};

/**
 * The emulator's session as a scenario file (GET /_sim/scenario), replayed by the real
 * verify-sim with the options the emulator gives: each call's endpoint and response.
 */
async function replayInVerifySim(expectedCalls) {
  const response = await fetch(`${emulator.url}/_sim/scenario`);
  assert.equal(response.status, 200);
  const scenario = await response.text();
  const options = response.headers.get('x-sim-replay');
  assert.match(
    scenario.split('\n')[0],
    new RegExp(`^# Recorded by verify-server: ${expectedCalls} calls\\. Replay: verify-sim --seed 7 `),
    'the emulator recorded every call made',
  );
  const args = options.match(/--\w+ (?:"[^"]*"|\S+)/g).flatMap((o) => {
    const [flag, ...rest] = o.split(' ');
    return [flag, rest.join(' ').replace(/^"|"$/g, '')];
  });
  const output = execFileSync(SIM_BIN, [...args, '-'], { input: scenario, encoding: 'utf8' });
  return output
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .filter((line) => line.call)
    .map((line) => [line.call, line.response]);
}

test('the session the SDK made replays in verify-sim to the same answers', async () => {
  // What the SDK sent and was answered in the tests above, as it went over the wire: the
  // 13 calls of the first test and the 7 of the second, nothing between them reset.
  const made = relay.exchanges.filter((e) => e.path.startsWith('/verify/'));
  assert.equal(made.length, 20, `the SDK's calls: ${made.map((e) => e.path).join(', ')}`);
  assert.deepEqual(
    [...new Set(made.map((e) => ENDPOINTS[e.path]))].sort(),
    ['check', 'control', 'search', 'verify'],
    'every endpoint, each under its own path',
  );
  assert.ok(made.every((e) => e.status === 200), 'the API answers 200, its status in the JSON');
  const answers = made.map((e) => [ENDPOINTS[e.path], JSON.parse(e.body)]);
  assert.deepEqual(await replayInVerifySim(made.length), answers, 'every answer the same, field for field');
});

test('a session made over raw HTTP replays too: workflow 7 in German, a search of two ids', async () => {
  // After the SDK's session: started over, so that the recording holds only these calls.
  const base = emulator.url;
  await postJson(`${base}/_sim/reset`, {});
  const answers = [];
  const call = async (path, body) => {
    const answer = await postJson(`${base}${path}`, body);
    answers.push([ENDPOINTS[path], answer]);
    return answer;
  };
  const a = await call('/verify/json', { number: 447700900010, brand: 'Replay', workflow_id: 1 });
  await call('/verify/json', { number: '447700900011', brand: 'Replay', workflow_id: 7, lg: 'de-de' });
  await clock({ advance: 126 });
  await call('/verify/check/json', { request_id: a.request_id, code: '00000' });
  await call('/verify/check/json', { request_id: a.request_id, code: await pinFor('447700900010') });
  await clock({ to_next: true });
  await call('/verify/search/json', { request_ids: [a.request_id, 'x'] });
  await call('/verify/control/json', { request_id: a.request_id, cmd: 'cancel' });
  assert.deepEqual(await replayInVerifySim(6), answers, 'every answer the same, field for field');
});
