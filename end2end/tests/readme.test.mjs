// The README's own configuration, as a new user meets it: `./scripts/run.sh` (demo data loaded, the
// cleanup of expired drafts run at start), then a questionnaire sent from a phone with JavaScript
// on and off. Tests that start from an empty database missed that every submission failed here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, PHONE } from './support.mjs';
import { MARIO, AMINA, passEligibility, fillIdentity, fillRest, messageTo } from './flow.mjs';

let server;
let browser;
before(async () => {
  server = await startServer({ readme: true });
  browser = await launchBrowser();
  // The cleanup runs as the server starts: wait until it has deleted the demo's expired drafts,
  // which is what made the next drafts' submissions collide with the demo's enrolments.
  const deadline = Date.now() + 20000;
  while (!/expired drafts deleted/.test(server.output())) {
    if (Date.now() > deadline) throw new Error(`no cleanup at start:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('on the demo database a questionnaire sent from a phone with JavaScript enrols the person', async () => {
  const page = await newPage(browser, { viewport: PHONE, locale: 'it-IT' });
  await passEligibility(page, server.base, { check: false });
  await fillIdentity(page, MARIO);
  await fillRest(page, MARIO, { check: false, name: 'readme-js' });
  assert.match(await page.textContent('main'), /Domanda ricevuta/);
  assert.deepEqual(page.consoleErrors, []);
  assert.match(await messageTo(page, server.base, 'mario.rossi@example.it'), /Numero di pratica: BO-\d{6}/);
});

test('on the demo database a questionnaire sent without JavaScript enrols the person', async () => {
  const page = await newPage(browser, { viewport: PHONE, locale: 'ar', javaScriptEnabled: false });
  await passEligibility(page, server.base, { js: false, check: false });
  await fillIdentity(page, AMINA);
  await fillRest(page, AMINA, { check: false, name: 'readme-nojs' });
  assert.match(await page.textContent('main'), /تم استلام الطلب/);
  assert.doesNotMatch(server.output(), /storage failed/);
  assert.match(await messageTo(page, server.base, '+393205550101'), /BO-\d{6}/);
});
