// Faults (issue 18, Part A8) through the official Node SDK (@vonage/verify 1.23.1, pinned
// in package-lock.json) against the real verify-server binary: every request fault on
// every call it applies to, set through /_sim/faults, as the SDK hands it to an app;
// `times` counting down; clearing; network-blocked until POST /verify/network-unblock;
// and the transport faults: the SDK's own timeout firing on `delay` while another client
// keeps its normal latency, `http:503` and `drop` reaching the app as errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Auth } from '@vonage/auth';
import { Verify } from '@vonage/verify';
import { startVerifyEmulator } from '../../clients/node/index.js';
import { SERVER_BIN } from './emulator.mjs';

/** A8's request faults: name, status, error_text, and the calls each answers. */
const EVERY = ['verify', 'psd2', 'check', 'search', 'control'];
const STARTS = ['verify', 'psd2'];
const FAULTS = [
  ['throttled', '1', 'Throttled', EVERY],
  ['invalid-creds', '4', 'Bad Credentials', EVERY],
  ['internal-error', '5', 'Internal Error', EVERY],
  ['quota-exceeded', '9', 'Partner quota exceeded', ['verify', 'psd2', 'control']],
  ['blacklist', '7', 'The number you are trying to verify is blacklisted for verification', STARTS],
  ['network-blocked', '7', 'The network you are trying to verify has been blocked due to possible fraudulent activity', STARTS],
  ['rejected', '15', 'The destination number is not in a supported network', STARTS],
  [
    'not-permitted',
    '29',
    'Your Vonage account is still in demo mode. While in demo mode you must add target numbers to the approved list for your account. Add funds to your account to remove this limitation.',
    STARTS,
  ],
];

let emulator;
let verify;
const auth = new Auth({ apiKey: 'abcd1234', apiSecret: 's3cret' });

before(async () => {
  emulator = await startVerifyEmulator({ bin: process.env.VERIFY_SERVER_BIN || SERVER_BIN, namespaces: false, seed: 3 });
  verify = new Verify(auth, { apiHost: emulator.url });
});

after(async () => {
  assert.equal(await emulator.stop(), 0, 'a clean stop on Ctrl-C');
});

/** Each call as an app makes it through the SDK. */
function call(name, requestId) {
  switch (name) {
    case 'verify':
      return verify.start({ number: '447700900502', brand: 'Acme' });
    case 'psd2':
      return verify.start({ number: '447700900502', payee: 'Acme', amount: 10 });
    case 'check':
      return verify.check(requestId, '0000');
    case 'search':
      return verify.search(requestId);
    default:
      return verify.trigger(requestId);
  }
}

test('every request fault on every call it applies to, as the SDK gives it to the app', async () => {
  const started = await verify.start({ number: '447700900501', brand: 'Acme' });
  assert.equal(started.status, '0');
  for (const [fault, status, errorText, calls] of FAULTS) {
    for (const name of calls) {
      await emulator.fault(fault, { times: 1 });
      const answer = await call(name, started.requestId);
      assert.equal(answer.status, status, `${fault} on ${name}`);
      assert.equal(answer.errorText, errorText, `${fault} on ${name}`);
      if (STARTS.includes(name)) {
        assert.equal(answer.requestId, '', `${fault} on ${name}: nothing was created`);
        const network = fault === 'blacklist' || fault === 'network-blocked' ? '23410' : undefined;
        assert.equal(answer.network, network, `${fault} on ${name}`);
      }
      assert.deepEqual(await faultsInForce(), [], `${fault}: times 1 ran out`);
    }
  }
  // Nothing a faulted start asked for reached the phone.
  assert.deepEqual(await emulator.deliveries('447700900502'), []);
});

async function faultsInForce() {
  const answer = await fetch(`${emulator.url}/_sim/faults`);
  return (await answer.json()).faults;
}

test('times counts down, a cleared fault answers no more', async () => {
  await emulator.fault('throttled', { times: 2, number: '447700900511' });
  for (const left of [1, undefined]) {
    const throttled = await verify.start({ number: '447700900511', brand: 'Acme' });
    assert.equal(throttled.status, '1');
    assert.equal((await faultsInForce())[0]?.times_left, left);
  }
  assert.equal((await verify.start({ number: '447700900511', brand: 'Acme' })).status, '0');

  await emulator.fault('internal-error');
  assert.equal((await verify.start({ number: '447700900512', brand: 'Acme' })).status, '5');
  assert.equal((await verify.start({ number: '447700900512', brand: 'Acme' })).status, '5');
  await emulator.clearFaults();
  assert.equal((await verify.start({ number: '447700900512', brand: 'Acme' })).status, '0');
});

test('network-blocked answers every start until the network is unblocked', async () => {
  await emulator.fault('network-blocked', { network: '23415' });
  for (let i = 0; i < 3; i += 1) {
    const blocked = await verify.start({ number: '447700900521', payee: 'Shop', amount: 5 });
    assert.equal(blocked.status, '7');
    assert.equal(blocked.network, '23415');
  }
  const unblock = (network) =>
    fetch(`${emulator.url}/verify/network-unblock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from('abcd1234:s3cret').toString('base64')}` },
      body: JSON.stringify({ network, duration: null }),
    });
  assert.equal((await unblock('23410')).status, 404, 'another network has no block');
  const lifted = await unblock('23415');
  assert.equal(lifted.status, 202);
  assert.equal((await lifted.json()).network, '23415');
  assert.equal((await verify.start({ number: '447700900521', payee: 'Shop', amount: 5 })).status, '0');
  assert.equal((await unblock('23415')).status, 404, 'unblocked for good');
});

test("the SDK's timeout fires on delay while another client keeps its latency", async () => {
  await emulator.fault('delay:3000', { times: 1, path: '/verify/json' });
  const impatient = new Verify(auth, { apiHost: emulator.url, timeout: 400 });
  const began = Date.now();
  const slow = impatient.start({ number: '447700900531', brand: 'Acme' }).then(
    () => assert.fail('the delayed answer came before the timeout'),
    (error) => ({ error, after: Date.now() - began }),
  );
  // Meanwhile another client's calls answer at once.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const quick = Date.now();
  const other = await verify.start({ number: '447700900532', brand: 'Acme' });
  assert.equal(other.status, '0');
  const search = await verify.search(other.requestId);
  assert.equal(search.status, 'IN PROGRESS');
  assert.ok(Date.now() - quick < 1500, `another client waited ${Date.now() - quick} ms (the held answer takes 3000)`);
  const { error, after } = await slow;
  assert.equal(error.name, 'AbortError', String(error));
  assert.ok(after >= 400 && after < 2500, `the timeout fired after ${after} ms`);
});

test('http:<status> and drop reach the app as errors, then calls answer again', async () => {
  await emulator.fault('http:503', { times: 1 });
  await assert.rejects(verify.start({ number: '447700900541', brand: 'Acme' }), (error) => {
    assert.equal(error.response?.status, 503, String(error));
    return true;
  });
  await emulator.fault('drop', { times: 1, path: '/verify/check/json' });
  const started = await verify.start({ number: '447700900541', brand: 'Acme' });
  assert.equal(started.status, '0');
  await assert.rejects(verify.check(started.requestId, '0000'), (error) => {
    assert.equal(error.name, 'TypeError', String(error));
    assert.match(String(error.cause), /other side closed|socket|closed/i);
    return true;
  });
  const pin = await emulator.lastPin('447700900541');
  assert.equal((await verify.check(started.requestId, pin)).status, '0');
});
