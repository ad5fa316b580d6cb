// Verify v2 with the official Node SDK (@vonage/verify2 with @vonage/auth, pinned in
// package-lock.json) against the real verify-server binary: JWT auth from a generated RSA
// key (the emulator reads the application id and ignores the signature), every rule the
// SDK can reach, callbacks received by a real HTTP endpoint in this test, then the session
// replayed by the real verify-sim to the same answers. Bad input goes over raw HTTP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import { Auth } from '@vonage/auth';
import { Verify2 } from '@vonage/verify2';
import { startEmulator, postJson, SIM_BIN, startReceiver } from './emulator.mjs';

/** A relay between the SDK and the emulator keeping each v2 exchange as it went over the wire. */
async function startRelay(target) {
  const exchanges = [];
  const server = http.createServer((request, reply) => {
    const upstream = http.request(new URL(request.url, target), { method: request.method, headers: request.headers }, (answer) => {
      const chunks = [];
      answer.on('data', (chunk) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        exchanges.push({
          method: request.method,
          path: new URL(request.url, target).pathname,
          status: answer.statusCode,
          type: answer.headers['content-type'] ?? null,
          body: body.toString('utf8'),
        });
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

const { privateKey } = crypto.generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

let emulator;
let relay;
let receiver;
let verify;

before(async () => {
  receiver = await startReceiver();
  emulator = await startEmulator(['--paused', '--seed', '11', '--start', '2026-03-01 09:00:00', '--callback-url', receiver.url]);
  relay = await startRelay(emulator.url);
  const auth = new Auth({ applicationId: 'c0ffee00-1234-4cde-8f00-000000000001', privateKey });
  verify = new Verify2(auth, { apiHost: relay.url });
});

after(async () => {
  await relay?.close();
  await receiver?.close();
  assert.equal(await emulator.stop(), 0, 'a clean stop on Ctrl-C');
});

const clock = (change) => postJson(`${emulator.url}/_sim/clock`, change);
const deliveries = async (to) =>
  (await (await fetch(`${emulator.url}/_sim/deliveries?number=${encodeURIComponent(to)}`)).json()).deliveries;
const sms = (to) => ({ channel: 'sms', to });
const voice = (to) => ({ channel: 'voice', to });

/** The SDK's call, expected to throw: the HTTP status and the problem it was sent. */
async function refused(promise) {
  try {
    await promise;
  } catch (error) {
    assert.ok(error.response, `an HTTP refusal, not ${error}`);
    assert.equal(error.response.headers.get('content-type'), 'application/problem+json');
    return { status: error.response.status, problem: await error.response.json() };
  }
  assert.fail('the SDK did not throw');
}

test('sms then voice: the call at channel_timeout with the same code, a wrong code, then the right one', async () => {
  const to = '447700900101';
  const { requestId, checkUrl } = await verify.newRequest({ brand: 'Acme', workflow: [sms(to), voice(to)] });
  assert.match(requestId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(checkUrl, undefined);
  const [text] = await deliveries(to);
  assert.deepEqual(Object.keys(text), ['at', 'to', 'channel', 'request_id', 'text', 'pin']);
  assert.equal(text.channel, 'sms');
  assert.equal(text.at, 0);
  assert.equal(text.text, `Your Acme verification code is ${text.pin}. Valid for 3 minutes.`);
  await clock({ advance: 180 });
  const [, call] = await deliveries(`+${to}`);
  assert.equal(call.channel, 'voice');
  assert.equal(call.at, 180);
  assert.equal(call.pin, text.pin, 'one code for every step');
  const wrong = await refused(verify.checkCode(requestId, '0000' === text.pin ? '1111' : '0000'));
  assert.equal(wrong.status, 400);
  assert.equal(wrong.problem.title, 'Invalid Code');
  assert.equal(await verify.checkCode(requestId, text.pin), 'completed');
  const after = await refused(verify.checkCode(requestId, text.pin));
  assert.equal(after.status, 404, 'a completed request is no longer found');
});

test('three wrong codes: 400, 400, then 410 and the request has failed', async () => {
  const to = '447700900102';
  const { requestId } = await verify.newRequest({ brand: 'Acme', code: 'AB12cd', workflow: [sms(to)] });
  const [{ pin }] = await deliveries(to);
  assert.equal(pin, 'AB12cd', 'a custom code as given');
  const statuses = [];
  for (const code of ['ab12cd', 'AB12CD', 'nope']) statuses.push((await refused(verify.checkCode(requestId, code))).status);
  assert.deepEqual(statuses, [400, 400, 410]);
  assert.equal((await refused(verify.checkCode(requestId, pin))).status, 404);
});

test('409 names the running request; cancel ends it; next_workflow, and 409 on the last step', async () => {
  const to = '447700900103';
  const first = await verify.newRequest({ brand: 'Acme', workflow: [sms(to), voice(to)] });
  const clash = await refused(verify.newRequest({ brand: 'Other', workflow: [voice(`+${to}`)] }));
  assert.equal(clash.status, 409);
  assert.equal(clash.problem.request_id, first.requestId);
  assert.equal(clash.problem.title, 'Conflict');
  assert.equal(await verify.nextWorkflow(first.requestId), true);
  const sent = await deliveries(to);
  assert.deepEqual(sent.map((d) => d.channel), ['sms', 'voice']);
  assert.equal(sent[1].at, sent[0].at, 'the next step starts at once');
  assert.equal(sent[1].pin, sent[0].pin);
  // The SDK answers false on the 409; the wire shows it.
  assert.equal(await verify.nextWorkflow(first.requestId), false);
  const last = relay.exchanges.at(-1);
  assert.equal(last.status, 409);
  assert.equal(JSON.parse(last.body).detail, 'There are no more events left to trigger.');
  assert.equal(await verify.cancel(first.requestId), true);
  assert.equal(relay.exchanges.at(-1).status, 204);
  assert.equal(relay.exchanges.at(-1).body, '');
  assert.equal(await verify.cancel(first.requestId), false, 'cancelled: 404');
  const again = await verify.newRequest({ brand: 'Acme', workflow: [sms(to)] });
  assert.notEqual(again.requestId, first.requestId, 'the number is free again');
  assert.equal(await verify.cancel(again.requestId), true);
});

test('silent auth: the device opens check_url on the emulator, then the app checks the code', async () => {
  const to = '447700900104'; // even last digit: the sandbox completes it
  const { requestId, checkUrl } = await verify.newRequest({ brand: 'Acme', workflow: [{ channel: 'silent_auth', to }, sms(to)] });
  assert.equal(checkUrl, `${emulator.url}/v2/verify/${requestId}/silent-auth/redirect`);
  const hop = await fetch(checkUrl, { redirect: 'manual' });
  assert.equal(hop.status, 200);
  assert.equal(hop.headers.get('content-type'), 'application/json');
  const body = await hop.text();
  relay.exchanges.push({ method: 'GET', path: new URL(checkUrl).pathname, status: hop.status, body });
  const { request_id, code } = JSON.parse(body);
  assert.equal(request_id, requestId);
  assert.deepEqual(await deliveries(to), [], 'silent auth delivers nothing');
  assert.equal(await verify.checkCode(requestId, code), 'completed');
  // With a redirect_url: 302 to it with the id and code in the fragment.
  const other = await verify.newRequest({
    brand: 'Acme',
    workflow: [{ channel: 'silent_auth', to: '447700900106', redirectUrl: 'https://app.example/done' }],
  });
  const redirect = await fetch(other.checkUrl, { redirect: 'manual' });
  assert.equal(redirect.status, 302);
  const location = redirect.headers.get('location');
  relay.exchanges.push({ method: 'GET', path: new URL(other.checkUrl).pathname, status: 302, body: '', location });
  assert.match(location, new RegExp(`^https://app\\.example/done#request_id=${other.requestId}&code=\\d{4}$`));
  assert.equal(await verify.checkCode(other.requestId, location.split('code=')[1]), 'completed');
});

test('whatsapp_interactive answered Yes through /_sim/reply; expiry of an untouched request', async () => {
  const to = '447700900105';
  const { requestId } = await verify.newRequest({ brand: 'Acme', clientRef: 'order-7', workflow: [{ channel: 'whatsapp_interactive', to }, sms(to)] });
  const [question] = await deliveries(to);
  assert.equal(question.channel, 'whatsapp_interactive');
  assert.equal(question.text, 'Acme: is this you trying to sign in?');
  assert.equal('pin' in question, false, 'codeless');
  const codeless = await refused(verify.checkCode(requestId, '1234'));
  assert.equal(codeless.status, 409);
  const reply = await fetch(`${emulator.url}/_sim/reply`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ request_id: requestId, answer: 'yes' }),
  });
  assert.equal(reply.status, 200);
  relay.exchanges.push({ method: 'POST', path: '/_sim/reply', status: 200, body: await reply.text() });
  assert.equal((await refused(verify.checkCode(requestId, '1234'))).status, 404, 'completed by the Yes');

  const email = 'Dana@Example.org';
  const expiring = await verify.newRequest({ brand: 'Acme', channelTimeout: 60, workflow: [{ channel: 'email', to: email }] });
  const [mail] = await deliveries('dana@example.ORG');
  assert.equal(mail.to, email);
  assert.equal(mail.subject, 'Your Acme verification code');
  assert.equal(mail.text, `Your Acme verification code is ${mail.pin}. Valid for 1 minute.`);
  await clock({ advance: 60 });
  assert.equal((await refused(verify.checkCode(expiring.requestId, mail.pin))).status, 404, 'expired');
});

/** Waits until the receiver holds as many bodies as the emulator produced callbacks. */
async function settledCallbacks() {
  for (let i = 0; i < 100; i += 1) {
    const { callbacks } = await (await fetch(`${emulator.url}/_sim/callbacks`)).json();
    if (callbacks.every((c) => c.delivered !== null) && receiver.bodies.length === callbacks.length) return callbacks;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail('the callbacks did not all arrive');
}

test('the callbacks reached a real endpoint, each the engine JSON byte for byte', async () => {
  const callbacks = await settledCallbacks();
  assert.ok(callbacks.every((c) => c.url === receiver.url && c.delivered === true));
  assert.deepEqual(
    receiver.bodies.map((b) => b.type),
    callbacks.map(() => 'application/json'),
  );
  // JSON.parse keeps key order: the kept body, written again, is the bytes received.
  assert.deepEqual(
    receiver.bodies.map((b) => b.body),
    callbacks.map((c) => JSON.stringify(c.body)),
  );
  const times = callbacks.map((c) => c.at);
  assert.deepEqual(times, [...times].sort((a, b) => a - b), 'in simulated-time order');
  const kinds = callbacks.map((c) => `${c.body.type}:${c.body.channel ?? c.body.status}`);
  assert.ok(kinds.includes('event:whatsapp_interactive'), kinds.join());
  assert.ok(kinds.includes('summary:expired'), kinds.join());
  const yes = callbacks.find((c) => c.body.type === 'event' && c.body.channel === 'whatsapp_interactive').body;
  assert.deepEqual(Object.keys(yes), ['request_id', 'triggered_at', 'type', 'channel', 'status', 'finalized_at', 'client_ref']);
  assert.equal(yes.status, 'completed');
  assert.equal(yes.triggered_at, '2026-03-01T09:03:00.000Z');
  const summary = callbacks.find((c) => c.body.type === 'summary' && c.body.request_id === yes.request_id).body;
  assert.equal(summary.price, '0.05000000');
  assert.deepEqual(summary.workflow, [
    { channel: 'whatsapp_interactive', initiated_at: '2026-03-01T09:03:00.000Z', status: 'completed' },
    { channel: 'sms', status: 'unused' },
  ]);
  assert.equal(summary.client_ref, 'order-7');
  const pending = callbacks.find((c) => c.body.status === 'action_pending');
  assert.ok(pending, 'a silent_auth step sends action_pending');
  assert.deepEqual(Object.keys(pending.body), ['request_id', 'triggered_at', 'type', 'channel', 'status', 'action']);
  assert.equal(pending.body.action.check_url, `${emulator.url}/v2/verify/${pending.body.request_id}/silent-auth/redirect`);
});

/** Whether this verify-sim reads v2 steps (the engine's scenario format "Extensions"). */
function simReadsV2() {
  const probe = spawnSync(SIM_BIN, ['-'], {
    input: '{"at":0,"verify2":{"brand":"A","workflow":[{"channel":"sms","to":"447700900199"}]}}\n',
    encoding: 'utf8',
  });
  return probe.status === 0 && probe.stdout.includes('"call":"verify2"');
}

const NAMES = { POST: 'check2', DELETE: 'cancel2' };
function callName({ method, path }) {
  if (path === '/v2/verify' || path === '/v2/verify/') return 'verify2';
  if (path === '/_sim/reply') return 'reply';
  if (path.endsWith('/silent-auth/redirect')) return 'silent_auth';
  if (path.endsWith('/next_workflow') || path.endsWith('/next-workflow')) return 'next2';
  return NAMES[method];
}

test('the session replays in verify-sim to the same answers and callbacks', { skip: !simReadsV2() && 'this verify-sim has no v2 steps yet' }, async () => {
  const response = await fetch(`${emulator.url}/_sim/scenario`);
  assert.equal(response.status, 200);
  const scenario = await response.text();
  const options = response.headers.get('x-sim-replay');
  assert.match(options, new RegExp(`--origin ${emulator.url}$`));
  const made = relay.exchanges;
  assert.match(scenario.split('\n')[0], new RegExp(`^# Recorded by verify-server: ${made.length} calls\\.`));
  const args = options.match(/--\w+ (?:"[^"]*"|\S+)/g).flatMap((o) => {
    const [flag, ...rest] = o.split(' ');
    return [flag, rest.join(' ').replace(/^"|"$/g, '')];
  });
  const lines = execFileSync(SIM_BIN, [...args, '-'], { input: scenario, encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  const replayed = lines.filter((l) => l.call).map((l) => [l.call, l.http, l.response ?? null, l.location ?? null]);
  const answered = made.map((e) => [callName(e), e.status, e.body ? JSON.parse(e.body) : null, e.location ?? null]);
  assert.deepEqual(replayed, answered, 'every answer the same, field for field');
  const callbacks = lines.filter((l) => l.callback).map((l) => JSON.stringify(l.callback));
  assert.deepEqual(callbacks, receiver.bodies.map((b) => b.body), 'the callbacks the engine produces on replay');
});

test('bad input: each rule a 422 with invalid_parameters, 401, malformed JSON, 4 steps, 64 KB+; nothing created', async () => {
  const fresh = await startEmulator(['--paused', '--seed', '3']);
  try {
    const auth = new Auth({ applicationId: 'app-2', privateKey });
    const sdk = new Verify2(auth, { apiHost: fresh.url });
    const ok = { channel: 'sms', to: '447700900201' };
    const cases = [
      [{ workflow: [ok] }, 'brand', 'Brand is required'],
      [{ brand: 'A/B', workflow: [ok] }, 'brand', 'Brand is invalid'],
      [{ brand: 'Acme' }, 'workflow', 'Workflow is required'],
      [{ brand: 'Acme', workflow: [ok, ok, ok, ok] }, 'workflow', 'Workflow must contain at most 3 channels'],
      [{ brand: 'Acme', workflow: [{ channel: 'pigeon', to: '447700900201' }] }, 'workflow[0]', '`channel` is invalid'],
      [{ brand: 'Acme', workflow: [{ channel: 'email', to: 'nobody' }] }, 'workflow[0]', '`to` Email address is invalid'],
      [{ brand: 'Acme', workflow: [{ channel: 'sms', to: '0123' }] }, 'workflow[0]', '`to` Phone number is invalid'],
      [{ brand: 'Acme', workflow: [ok, { channel: 'silent_auth', to: '447700900201' }] }, 'workflow[1]', '`silent_auth` must be the first channel'],
      [{ brand: 'Acme', workflow: [{ ...ok, app_hash: 'short' }] }, 'workflow[0]', '`app_hash` must be 11 characters'],
      [{ brand: 'Acme', locale: 'english', workflow: [ok] }, 'locale', 'Locale is invalid'],
      [{ brand: 'Acme', channel_timeout: 14, workflow: [ok] }, 'channel_timeout', 'channel_timeout must be between 15 and 900'],
      [{ brand: 'Acme', code_length: 11, workflow: [ok] }, 'code_length', 'code_length must be between 4 and 10'],
      [{ brand: 'Acme', code: 'a-b', workflow: [ok] }, 'code', 'code must be 4-10 alphanumeric characters'],
      [{ brand: 'Acme', client_ref: 'x'.repeat(41), workflow: [ok] }, 'client_ref', 'client_ref must be 1-40 characters'],
      [{ brand: 'Acme', fraud_check: 'no', workflow: [ok] }, 'fraud_check', 'fraud_check must be a boolean'],
    ];
    for (const [body, name, reason] of cases) {
      const { status, problem } = await refused(sdk.newRequest(body));
      assert.equal(status, 422, JSON.stringify(body));
      assert.equal(problem.title, 'Invalid params');
      assert.deepEqual(problem.invalid_parameters, [{ name, reason }], JSON.stringify(body));
    }
    const sender = await refused(sdk.newRequest({ brand: 'Acme', workflow: [{ ...ok, from: '+1' }] }));
    assert.equal(sender.status, 422);
    assert.equal(sender.problem.title, 'Invalid sender');

    const raw = (body, headers = {}) =>
      fetch(`${fresh.url}/v2/verify`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
    const noAuth = await raw(JSON.stringify({ brand: 'Acme', workflow: [ok] }));
    assert.equal(noAuth.status, 401);
    const unauthorized = await noAuth.json();
    assert.deepEqual(Object.keys(unauthorized), ['type', 'title', 'detail', 'instance']);
    assert.equal(unauthorized.detail, 'You did not provide correct credentials.');
    const basic = { Authorization: `Basic ${Buffer.from('key:secret').toString('base64')}` };
    for (const [body, status, words] of [
      ['{"brand": "Acme", "workflow": [', 400, 'not valid JSON'],
      [JSON.stringify({ brand: 'Acme', workflow: [ok], pad: 'x'.repeat(65 * 1024) }), 413, 'limit'],
    ]) {
      const answer = await raw(body, basic);
      assert.equal(answer.status, status);
      assert.equal(answer.headers.get('content-type'), 'application/problem+json');
      const problem = await answer.json();
      assert.ok(problem.detail.includes(words) && problem.detail.includes('nothing was done'), problem.detail);
      assert.equal(typeof problem.instance, 'string');
    }
    const { deliveries: sent } = await (await fetch(`${fresh.url}/_sim/deliveries`)).json();
    assert.deepEqual(sent, [], 'nothing was created');
    const { callbacks } = await (await fetch(`${fresh.url}/_sim/callbacks`)).json();
    assert.deepEqual(callbacks, []);
  } finally {
    assert.equal(await fresh.stop(), 0);
  }
});
