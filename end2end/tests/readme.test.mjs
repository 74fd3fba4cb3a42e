// The README's own configuration, as a new user meets it: `./scripts/run.sh` (demo data loaded, the
// cleanup of expired drafts run at start), then a questionnaire sent from a phone with JavaScript
// on and off. Tests that start from an empty database missed that every submission failed here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, newPage, PHONE } from './support.mjs';
import { MARIO, AMINA, passEligibility, fillIdentity, fillRest } from './flow.mjs';

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
  const text = await page.textContent('main');
  assert.match(text, /Grazie, Mario!/);
  assert.match(text, /BO-\d{6}/);
  assert.deepEqual(page.consoleErrors, []);
  await page.goto(`${server.base}/dev/mail`);
  assert.match(await page.textContent('main'), /Abbiamo ricevuto la tua domanda BO-\d{6}/);
});

test('on the demo database a questionnaire sent without JavaScript enrols the person', async () => {
  const page = await newPage(browser, { viewport: PHONE, locale: 'ar', javaScriptEnabled: false });
  await passEligibility(page, server.base, { js: false, check: false });
  await fillIdentity(page, AMINA);
  await fillRest(page, AMINA, { check: false, name: 'readme-nojs' });
  const text = await page.textContent('main');
  assert.match(text, /أمينة/);
  assert.match(text, /BO-\d{6}/);
  assert.doesNotMatch(server.output(), /storage failed/);
});
