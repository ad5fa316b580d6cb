// The classic and the current Node clients against the real verify-server binary, each
// unchanged but for the host and port (pinned in package-lock.json):
// - `nexmo` 2.9.1, running the snippet of Vonage's "Flexible Workflows" article. It sends
//   every call as a GET with a query string (credentials in it, a form Content-Type and no
//   body) and repeats `request_ids` for a multi-id search; what went over the wire is
//   checked too, through a relay that keeps it.
// - `@vonage/server-sdk` 3.30.1: `vonage.verify.start/check/search/cancel/trigger`.
// Both over plain HTTP: nexmo picks https only for port 443, and the SDK's fetch takes the
// host as given.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { createRequire } from 'node:module';
import { Vonage } from '@vonage/server-sdk';
import { Auth } from '@vonage/auth';
import { startEmulator, postJson } from './emulator.mjs';

const require = createRequire(import.meta.url);
const Nexmo = require('nexmo');

/** A relay that passes each request on unchanged and keeps its method, URL and headers. */
async function startRelay(port) {
  const seen = [];
  const server = http.createServer((request, reply) => {
    seen.push({ method: request.method, url: request.url, headers: { ...request.headers } });
    const upstream = http.request({ host: '127.0.0.1', port, path: request.url, method: request.method, headers: request.headers }, (answer) => {
      reply.writeHead(answer.statusCode, answer.headers);
      answer.pipe(reply);
    });
    upstream.on('error', (error) => reply.writeHead(502).end(String(error)));
    request.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, seen, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

let emulator;
let relay;

before(async () => {
  emulator = await startEmulator(['--paused', '--seed', '11', '--start', '2026-03-01 09:00:00']);
  relay = await startRelay(emulator.port);
});

after(async () => {
  await relay?.close();
  assert.equal(await emulator.stop(), 0, 'a clean stop on Ctrl-C');
});

const pinFor = async (number) => {
  const { deliveries } = await (await fetch(`${emulator.url}/_sim/deliveries?number=${number}`)).json();
  return deliveries.at(-1).pin;
};
const advance = (seconds) => postJson(`${emulator.url}/_sim/clock`, { advance: seconds });
/** A nexmo call (callback style) as a promise of [err, result]. */
const called = (call) => new Promise((resolve) => call((err, result) => resolve([err, result])));

test('nexmo 2.9.1: the Flexible Workflows snippet, then check, search and control, all GETs', async () => {
  const API_KEY = 'abcd1234';
  const API_SECRET = 's3cret';
  const RECIPIENT_NUMBER = '447700900301';
  const BRAND_NAME = 'Acme';
  const WORKFLOW_ID = 6;
  // The article's client, with the emulator's host and port (a port other than 443 is
  // plain HTTP to nexmo).
  const nexmo = new Nexmo({ apiKey: API_KEY, apiSecret: API_SECRET }, { apiHost: '127.0.0.1', port: relay.port });

  // The article's snippet, unchanged.
  const verifyRequestId = await new Promise((resolve, reject) => {
    nexmo.verify.request(
      {
        number: RECIPIENT_NUMBER,
        brand: BRAND_NAME,
        workflow_id: WORKFLOW_ID,
      },
      (err, result) => {
        if (err) {
          reject(err);
        } else {
          const verifyRequestId = result.request_id;
          resolve(verifyRequestId);
        }
      },
    );
  });
  assert.match(verifyRequestId, /^[0-9a-f]{32}$/);
  const [sent] = relay.seen;
  assert.equal(sent.method, 'GET');
  assert.equal(sent.url, `/verify/json?number=${RECIPIENT_NUMBER}&brand=Acme&workflow_id=6&api_key=abcd1234&api_secret=s3cret`);
  assert.equal(sent.headers['content-type'], 'application/x-www-form-urlencoded', 'a form type on a GET without a body');
  assert.match(sent.headers['user-agent'], /^nexmo-node\/2\.9\.1 node\//);

  const pin = await pinFor(RECIPIENT_NUMBER);
  const [wrongErr, wrong] = await called((cb) => nexmo.verify.check({ request_id: verifyRequestId, code: pin === '0000' ? '1111' : '0000' }, cb));
  assert.equal(wrongErr, null);
  assert.deepEqual(wrong, { request_id: verifyRequestId, status: '16', error_text: 'The code provided does not match the expected value' });
  const [, right] = await called((cb) => nexmo.verify.check({ request_id: verifyRequestId, code: pin }, cb));
  assert.equal(right.status, '0');
  assert.equal(right.request_id, verifyRequestId);

  const [, one] = await called((cb) => nexmo.verify.search(verifyRequestId, cb));
  assert.equal(one.request_id, verifyRequestId);
  assert.equal(one.status, 'SUCCESS');
  assert.deepEqual(one.checks.map((c) => c.status), ['INVALID', 'VALID']);

  const [, other] = await called((cb) => nexmo.verify.request({ number: '447700900302', brand: BRAND_NAME }, cb));
  const [, many] = await called((cb) => nexmo.verify.search([verifyRequestId, other.request_id], cb));
  assert.equal(relay.seen.at(-1).url.split('?')[0], '/verify/search/json');
  assert.match(relay.seen.at(-1).url, new RegExp(`\\?request_ids=${verifyRequestId}&request_ids=${other.request_id}&`), 'request_ids repeated');
  assert.deepEqual(
    many.verification_requests.map((r) => [r.request_id, r.status]).sort(),
    [[verifyRequestId, 'SUCCESS'], [other.request_id, 'IN PROGRESS']].sort(),
  );
  const [, single] = await called((cb) => nexmo.verify.search([other.request_id], cb));
  assert.equal(single.request_id, other.request_id, 'a one-id list is searched as request_id');

  const [, early] = await called((cb) => nexmo.verify.control({ request_id: other.request_id, cmd: 'cancel' }, cb));
  assert.equal(early.status, '19');
  const [, triggered] = await called((cb) => nexmo.verify.control({ request_id: other.request_id, cmd: 'trigger_next_event' }, cb));
  assert.deepEqual(triggered, { status: '0', command: 'trigger_next_event' });

  const [, third] = await called((cb) => nexmo.verify.request({ number: '447700900303', brand: BRAND_NAME }, cb));
  await advance(30);
  const [, cancelled] = await called((cb) => nexmo.verify.control({ request_id: third.request_id, cmd: 'cancel' }, cb));
  assert.deepEqual(cancelled, { status: '0', command: 'cancel' });
  const [, gone] = await called((cb) => nexmo.verify.search(third.request_id, cb));
  assert.equal(gone.status, 'CANCELLED');

  for (const { method, url } of relay.seen) {
    assert.equal(method, 'GET', url);
    assert.match(url, /[?&]api_key=abcd1234&api_secret=s3cret$/, url);
  }
  // An error answered as the API words it, through the same transport.
  const [, missing] = await called((cb) => nexmo.verify.request({ number: '447700900304', brand: 'A brand far too long to send' }, cb));
  assert.deepEqual(missing, { request_id: '', status: '3', error_text: 'Invalid value for param: brand. Parameter is too long.' });
});

test('@vonage/server-sdk 3.30.1: vonage.verify start, check, search, trigger and cancel', async () => {
  const vonage = new Vonage(new Auth({ apiKey: 'abcd1234', apiSecret: 's3cret' }), { apiHost: emulator.url });
  const number = '447700900401';
  const started = await vonage.verify.start({ number, brand: 'Acme', workflowId: 1 });
  assert.equal(started.status, '0');
  const requestId = started.requestId;
  assert.match(requestId, /^[0-9a-f]{32}$/);

  const pin = await pinFor(number);
  const wrong = await vonage.verify.check(requestId, pin === '0000' ? '1111' : '0000');
  assert.equal(wrong.status, '16');
  const triggered = await vonage.verify.trigger(requestId);
  assert.equal(triggered.status, '0');
  assert.equal(triggered.command, 'trigger_next_event');
  const right = await vonage.verify.check(requestId, await pinFor(number));
  assert.equal(right.status, '0');
  const found = await vonage.verify.search(requestId);
  assert.equal(found.status, 'SUCCESS');
  assert.equal(found.requestId, requestId);

  const other = await vonage.verify.start({ number: '447700900402', brand: 'Acme' });
  await advance(30);
  const cancelled = await vonage.verify.cancel(other.requestId);
  assert.equal(cancelled.status, '0');
  assert.equal(cancelled.command, 'cancel');
  assert.equal((await vonage.verify.search(other.requestId)).status, 'CANCELLED');
});
