// PSD2 (Part A7) through the official Node SDK: @vonage/verify's `verify.start` with
// `payee` and `amount` (which it sends to /verify/psd2/json), pinned in package-lock.json,
// against the real verify-server binary, unchanged but for the host. The PIN is read
// from /_sim/deliveries, as a tester reads the phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Auth } from '@vonage/auth';
import { Verify } from '@vonage/verify';
import { startVerifyEmulator } from '../../clients/node/index.js';
import { SERVER_BIN } from './emulator.mjs';

let emulator;
let verify;

before(async () => {
  emulator = await startVerifyEmulator({ bin: process.env.VERIFY_SERVER_BIN || SERVER_BIN, namespaces: false, seed: 11 });
  const auth = new Auth({ apiKey: 'abcd1234', apiSecret: 's3cret' });
  verify = new Verify(auth, { apiHost: emulator.url });
});

after(async () => {
  assert.equal(await emulator.stop(), 0, 'a clean stop on Ctrl-C');
});

test('a payment verified through verify.start with payee and amount, then check and search', async () => {
  const number = '447700900401';
  const started = await verify.start({ number, payee: 'Acme Travel', amount: 48.5, workflowId: 6 });
  assert.equal(started.status, '0');
  assert.match(started.requestId, /^[0-9a-f]{32}$/);

  const [sms] = await emulator.deliveries(number);
  assert.equal(sms.channel, 'sms');
  assert.equal(sms.request_id, started.requestId);
  assert.equal(sms.text, `Your code ${sms.pin} is for payment to Acme Travel in the amount of 48.50€. Valid for 5 minutes.`);

  // A PSD2 request is an ordinary request afterwards: the number is busy for /verify too.
  const busy = await verify.start({ number, brand: 'Acme' });
  assert.equal(busy.status, '10');
  assert.equal(busy.requestId, started.requestId);

  const wrong = await verify.check(started.requestId, sms.pin === '0000' ? '1111' : '0000');
  assert.equal(wrong.status, '16');
  const right = await verify.check(started.requestId, sms.pin);
  assert.equal(right.status, '0');

  const found = await verify.search(started.requestId);
  assert.equal(found.status, 'SUCCESS');
  assert.equal(found.senderId, 'verify');
  assert.deepEqual(
    found.checks.map((c) => c.status),
    ['INVALID', 'VALID'],
  );
});

test('the payment call, its language and a refusal as the API words them', async () => {
  // TTS (workflow 7 is TTS only): the call's English text with the amount to two decimals.
  const number = '447700900402';
  const started = await verify.start({ number, payee: 'Shop', amount: 999.995, workflowId: 7, lg: 'en-us' });
  assert.equal(started.status, '0');
  const [call] = await emulator.deliveries(number);
  assert.equal(call.channel, 'tts');
  assert.match(call.text, /^Your code for the payment of 1000\.00 euros to Shop is /);

  const refused = await verify.start({ number: '447700900403', payee: 'A payee far too long', amount: 1 });
  assert.equal(refused.status, '3');
  assert.equal(refused.errorText, 'Invalid value for param: payee. Parameter is too long.');
  assert.equal(refused.requestId, '');
});
