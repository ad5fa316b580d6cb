// clients/node's README example, as written there but for the import path and the binary:
// the official Node SDK against the emulator through the project's Node helper.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Auth } from '@vonage/auth';
import { Verify } from '@vonage/verify';
import { startVerifyEmulator } from '../../clients/node/index.js';
import { SERVER_BIN } from './emulator.mjs';

process.env.VERIFY_SERVER_BIN ??= SERVER_BIN;

let emulator;
before(async () => { emulator = await startVerifyEmulator(); });  // a free port, paused, --namespaces
after(() => emulator.stop());

test('a user verifies with the code the phone received', async () => {
  const mine = emulator.namespace();                      // this test's own session
  const verify = new Verify(new Auth({ apiKey: mine.apiKey, apiSecret: mine.apiSecret }), { apiHost: emulator.url });
  const { requestId } = await verify.start({ number: '447700900001', brand: 'Acme' });
  const checked = await verify.check(requestId, await mine.lastPin('447700900001'));
  assert.equal(checked.status, '0');
});
