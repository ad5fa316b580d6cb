// End-to-end: a PSD2 payment's verification in the playground (Part A7). The form's
// "PSD2 payment" asks for the payee and the amount, checks them live with the engine's
// rules, sends /verify/psd2/json; the phone gets the payment's SMS (and workflow 1's call
// speaks it), the PIN typed verifies, and the address and a reload keep it all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, screenshot, axeAudit } from './harness.mjs';
import {
  assertPageClean, until, byLabel, button, region, expectStatus, openFresh, newestLogEntry,
  check, wrongPin,
} from './ui.mjs';

const env = useServerAndBrowser();

const PAYMENT_SMS = /^Your code (\d{4}) is for payment to Bookshop Ltd in the amount of 48\.00€\. Valid for 5 minutes\.$/;

test('a PSD2 payment: the form, the SMS naming payee and amount, the PIN verifies', async () => {
  const log = await openFresh(env);
  const { page } = log;
  await byLabel(page, 'PSD2 payment').check();
  assert.equal(await byLabel(page, 'Brand').count(), 0, 'PSD2 takes a payee, not a brand');
  await byLabel(page, 'Payee').fill('Bookshop Ltd');

  // A bad amount: the API's error and what it means, next to the field.
  await byLabel(page, 'Amount (EUR)').fill('4,80');
  assert.equal(await byLabel(page, 'Amount (EUR)').getAttribute('aria-invalid'), 'true');
  const error = await page.locator('#amount-error').textContent();
  assert.match(error, /Invalid value for param: amount/);
  assert.match(error, /number of euros above zero/);
  await byLabel(page, 'Payee').fill('A payee far too long');
  assert.match(await page.locator('#payee-error').textContent(), /Invalid value for param: payee\. Parameter is too long\./);
  await screenshot(page, 'playground-psd2-1280-errors');
  assert.deepEqual(await axeAudit(page), [], 'axe: the PSD2 form with errors');
  await byLabel(page, 'Payee').fill('Bookshop Ltd');
  await byLabel(page, 'Amount (EUR)').fill('48');
  assert.equal(await page.locator('#amount-error').count(), 0);
  assert.match(await page.locator('#psd2-note').textContent(), /one published screenshot \(2020\)/);
  // The address keeps the payment's settings.
  await until(async () => /psd2=1/.test(page.url()) && /amount=48/.test(page.url()), 'the address');

  await button(page, 'Send verification').click();
  await expectStatus(page, 'IN PROGRESS');
  const sent = await newestLogEntry(page);
  assert.match(sent, /^POST\/verify\/psd2\/json ?at 0:00/);
  assert.match(sent, /"request_id": "[0-9a-f]{32}"/);
  assert.match(sent, /"status": "0"/);
  const sms = (await region(page, 'Phone').locator('.sms .text').first().textContent()).trim();
  const [, pin] = sms.match(PAYMENT_SMS) ?? assert.fail(`the payment's SMS, got ${sms}`);
  await screenshot(page, 'playground-psd2-1280-sms');

  // Workflow 1's call at 125 s speaks the same payment.
  await button(page, 'Skip to next event').click();
  await until(async () => await button(page, 'Answer').count(), 'the call');
  await button(page, 'Answer').click();
  const spoken = pin.split('').join(', ');
  await until(async () => (await region(page, 'Phone').locator('.transcript').first().textContent())
    .includes(`Your code for the payment of 48.00 euros to Bookshop Ltd is ${spoken}. I repeat: ${spoken}.`), 'the transcript');

  await check(page, wrongPin(pin));
  assert.match(await newestLogEntry(page), /"status": "16"/);
  await check(page, pin);
  await expectStatus(page, 'SUCCESS');
  assert.match(await newestLogEntry(page), /"status": "0"/);
  await screenshot(page, 'playground-psd2-1280-verified');
  assert.deepEqual(await axeAudit(page), [], 'axe: a payment verified');

  // Reload: the session and the form come back, the payment's texts with them.
  const entries = await region(page, 'API log').locator('.log-entry').allTextContents();
  await page.reload();
  await button(page, 'Send verification').waitFor();
  await expectStatus(page, 'SUCCESS');
  assert.deepEqual(await region(page, 'API log').locator('.log-entry').allTextContents(), entries);
  assert.equal(await byLabel(page, 'PSD2 payment').isChecked(), true);
  assert.equal(await byLabel(page, 'Amount (EUR)').inputValue(), '48');
  assert.match(await region(page, 'Phone').locator('.thread').textContent(), /in the amount of 48\.00€/);
  assertPageClean(log);
  await page.close();
});

test('a PSD2 link: the address opens the payment form, sending anyway logs the API error', async () => {
  const log = await openFresh(env, '?psd2=1&payee=Caf%C3%A9&amount=0');
  const { page } = log;
  assert.equal(await byLabel(page, 'PSD2 payment').isChecked(), true);
  assert.equal(await byLabel(page, 'Payee').inputValue(), 'Café');
  assert.match(await page.locator('#amount-error').textContent(), /Invalid value for param: amount/);
  await button(page, 'Send verification').click();
  await until(async () => /status 3/.test(await newestLogEntry(page)), 'the error response');
  assert.match(await newestLogEntry(page), /"request_id": "", "status": "3", "error_text": "Invalid value for param: amount"/);
  assert.equal(await region(page, 'Phone').locator('.thread li').count(), 0, 'nothing sent');
  // Unticking goes back to /verify/json with the brand.
  await byLabel(page, 'PSD2 payment').uncheck();
  await byLabel(page, 'Brand').waitFor();
  await button(page, 'Send verification').click();
  await expectStatus(page, 'IN PROGRESS');
  assert.match(await newestLogEntry(page), /^POST\/verify\/json ?at /);
  assert.match(await region(page, 'Phone').locator('.sms .text').first().textContent(), /^Acme code: \d{4}\./);
  assertPageClean(log);
  await page.close();
});
