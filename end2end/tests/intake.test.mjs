import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPage, hydrated, assertAccessible, screenshot, PHONE } from './support.mjs';
import { MARIO, AMINA, passEligibility, fillIdentity, fillRest, statusLink, messageTo, choose } from './flow.mjs';

const ctx = useServerAndBrowser();

test('an eligible person applies in Italian on a phone, is told when to expect a call, and gets a reference and a link by message', async () => {
  const page = await newPage(ctx.browser, { viewport: PHONE, locale: 'it-IT' });
  await passEligibility(page, ctx.server.base);
  assert.equal(await page.getAttribute('html', 'lang'), 'it');
  await assertAccessible(page, 'identity');
  await screenshot(page, 'it-identity');
  await fillIdentity(page, MARIO);
  await fillRest(page, MARIO, { name: 'it' });
  const text = await page.textContent('main');
  assert.match(text, /Domanda ricevuta/);
  assert.match(text, /entro il \d{1,2} [a-z]+ \d{4}/);
  assert.doesNotMatch(text, /BO-\d{6}/, 'the reference goes by message, not on the page');
  assert.deepEqual(page.consoleErrors, []);
  // The confirmation went out as a text message and an email, in Italian.
  assert.match(await messageTo(page, ctx.server.base, '+393331234567'), /domanda BO-\d{6} ricevuta/);
  await statusLink(page, ctx.server.base, 'mario.rossi@example.it');
  assert.match(await page.textContent('main'), /Abbiamo ricevuto la tua domanda BO-\d{6}/);
});

test('a person applies in Arabic, right to left, without a codice fiscale', async () => {
  const page = await newPage(ctx.browser, { viewport: PHONE, locale: 'ar' });
  await passEligibility(page, ctx.server.base);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  await fillIdentity(page, AMINA);
  await screenshot(page, 'ar-identity');
  await fillRest(page, AMINA, { name: 'ar' });
  // (On the review, fillRest checked that the birth date was written out: "4 مارس 1992".)
  assert.match(await page.textContent('main'), /تم استلام الطلب/);
  assert.deepEqual(page.consoleErrors, []);
  assert.match(await messageTo(page, ctx.server.base, '+393205550101'), /BO-\d{6}/);
});

test('the language picker switches language and remembers it', async () => {
  const page = await newPage(ctx.browser, { viewport: PHONE, locale: 'it-IT' });
  await page.goto(`${ctx.server.base}/privacy`);
  await hydrated(page);
  await page.click('nav.languages a[hreflang=fr]');
  await page.waitForURL('**/privacy');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  await page.goto(`${ctx.server.base}/`);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
});

test('applicant pages load only their small client; with it the comuni can be searched and steps change without reloads', async () => {
  const page = await newPage(ctx.browser, { viewport: PHONE });
  const scripts = [];
  page.on('request', (r) => { if (r.url().includes('/pkg/') && !r.url().endsWith('.css')) scripts.push(new URL(r.url()).pathname); });
  await page.goto(`${ctx.server.base}/apply`);
  await hydrated(page);
  assert.deepEqual(scripts.sort(), ['/pkg/applicant.js', '/pkg/applicant_bg.wasm']);
  // The search box is there only with a script that can use it.
  await page.fill('#comune-search', 'casalecchio');
  const listed = await page.$$eval('#f-comune option', (os) => os.map((o) => o.textContent));
  assert.equal(listed.length, 3, listed.join(', '));
  assert.match(listed[1], /Casalecchio di Reno/);
  // The one match is chosen, and the choice is said.
  assert.equal(await page.inputValue('#f-comune'), '037011');
  assert.match(await page.textContent('#comune-found'), /Scelto: Casalecchio di Reno/);
  await page.fill('#comune-search', 'Modena');
  assert.match(await page.textContent('#comune-found'), /«Modena» non è tra i comuni della Città metropolitana di Bologna.*Vivo in un altro comune/);
  await page.fill('#comune-search', 'casalecchio');
  await page.selectOption('#f-comune', { label: 'Casalecchio di Reno' });
  await page.evaluate(() => { window.stillTheSamePage = true; });
  await page.click('button.primary');
  await page.waitForURL('**/apply/measure');
  await page.check('input[name=answer][value=no]');
  await page.click('button.primary');
  await page.waitForURL('**/apply/step/identity');
  await page.waitForSelector('#f-first_name');
  assert.equal(await page.evaluate(() => window.stillTheSamePage), true);
  // The heading of the new page has the focus, as a screen reader user expects after a page change.
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
  // Back goes to the page before, as the server has it.
  await page.goBack();
  await page.waitForURL('**/apply/measure');
  await page.waitForSelector('input[name=answer][value=no]');
  assert.deepEqual(page.consoleErrors, []);
});

test('a person living outside the Metropolitan City is told kindly where to go, and nothing is kept', async () => {
  const page = await newPage(ctx.browser, { viewport: PHONE });
  await page.goto(`${ctx.server.base}/apply`);
  await hydrated(page);
  await page.selectOption('#f-comune', 'elsewhere');
  await page.click('button.primary');
  await page.waitForURL('**/apply/not-eligible/domicile');
  await page.waitForSelector('address');
  const text = await page.textContent('main');
  assert.match(text, /solo per chi vive nella Città metropolitana/);
  // The employment centres of one's own area, not Bologna's.
  assert.match(text, /Centro per l'impiego della zona dove vivi/);
  assert.match(text, /Centri per l'impiego dell'Emilia-Romagna/);
  assert.doesNotMatch(text, /Centro per l'Impiego di Bologna/);
  await assertAccessible(page, 'not eligible');
  await screenshot(page, 'not-eligible');
  const cookies = await page.context().cookies();
  assert.equal(cookies.find((c) => c.name === 'insieme_draft'), undefined);
});

test('a person already in an employment measure is not enrolled and their draft is deleted', async () => {
  const page = await newPage(ctx.browser, { viewport: PHONE });
  await page.goto(`${ctx.server.base}/apply`);
  await hydrated(page);
  await page.selectOption('#f-comune', '037006');
  await page.click('button.primary');
  await page.waitForURL('**/apply/measure');
  await page.check('input[name=answer][value=yes]');
  await page.click('button.primary');
  await page.waitForURL('**/apply/not-eligible/active_measure');
  assert.match(await page.textContent('main'), /già in un programma/);
  // Back to whoever follows the measure; the centre only for who does not know who that is.
  assert.match(await page.textContent('main'), /Rivolgiti a chi ti segue nel programma in cui sei già/);
  await page.waitForSelector('address');
  const cookies = await page.context().cookies();
  assert.ok(!cookies.some((c) => c.name === 'insieme_draft' && c.value));
});

test('the whole path works with JavaScript off', async () => {
  const page = await newPage(ctx.browser, { viewport: PHONE, javaScriptEnabled: false });
  await passEligibility(page, ctx.server.base, { js: false, check: false });
  // Nothing chosen: the error comes back as a page, with the answers typed so far.
  await page.fill('#f-first_name', 'Lucia');
  await page.click('button[value=next]');
  await page.waitForSelector('.error-summary');
  assert.equal(await page.inputValue('#f-first_name'), 'Lucia');
  await screenshot(page, 'nojs-errors');
  await fillIdentity(page, { ...MARIO, first_name: 'Lucia', last_name: 'Neri', cf: 'NRELCU90A41A944M', birth_date: '1990-01-01', sex: 'F', gender: 'woman' });
  await fillRest(page, { ...MARIO, mobile: "3471112233", email: "" }, { name: "nojs", check: false });
  assert.match(await page.textContent('main'), /Domanda ricevuta/);
  assert.match(await messageTo(page, ctx.server.base, '+393471112233'), /domanda BO-\d{6} ricevuta/);
});

for (const js of [true, false]) {
  test(`a question is asked only when it applies (JavaScript ${js ? 'on' : 'off'})`, async () => {
    const page = await newPage(ctx.browser, { viewport: PHONE, javaScriptEnabled: js });
    await passEligibility(page, ctx.server.base, { js, check: false });
    // Neither the code nor the country of birth until the person says whether she has a code.
    assert.equal(await page.isVisible('#f-cf'), false);
    assert.equal(await page.isVisible('#f-birth_country'), false);
    await choose(page, 'has_cf', 'yes');
    assert.equal(await page.isVisible('#f-cf'), true);
    assert.equal(await page.isVisible('#f-birth_country'), false, 'no country of birth with a codice fiscale');
    await fillIdentity(page, { ...MARIO, first_name: 'Sara', last_name: 'Bassi', has_cf: 'no', cf: '', birth_country: 'Albania', sex: 'F', gender: 'woman' });
    assert.equal(await page.isVisible('#f-cf'), false);
    assert.equal(await page.isVisible('#f-birth_country'), true);
    await page.click('button[value=next]');
    await page.waitForURL('**/apply/step/contacts');
    await page.fill('#f-mobile', '3475550199');
    await page.check('input[name="a[call_times__morning]"]');
    await page.click('button[value=next]');
    await page.waitForURL('**/apply/step/address');
    await page.fill('#f-street', 'Via Roma 1');
    await page.fill('#f-postal_code', '40121');
    await page.click('button[value=next]');
    await page.waitForURL('**/apply/step/situation');
    await page.waitForSelector('#f-education');
    assert.equal(await page.isVisible('#f-months_without_work'), true);
    await choose(page, 'employment', 'never_worked');
    assert.equal(await page.isVisible('#f-months_without_work'), false, 'no months without work for someone who never worked');
    await screenshot(page, `conditional-situation-${js ? 'js' : 'nojs'}`);
    await page.selectOption('#f-education', 'isced2');
    await choose(page, 'italian', 'A2');
    await page.click('button[value=next]');
    await page.waitForURL('**/apply/step/experience');
    // Back again: the saved answer decides, and the question stays away.
    await page.click('button[value=back]');
    await page.waitForURL('**/apply/step/situation');
    await page.waitForSelector('#f-education');
    assert.equal(await page.isChecked('input[name="a[employment]"][value=never_worked]'), true);
    assert.equal(await page.isVisible('#f-months_without_work'), false);
    await choose(page, 'employment', 'lost_job');
    assert.equal(await page.isVisible('#f-months_without_work'), true);
  });
}

test('bad answers get a summary at the top, a message beside each field, and nothing typed is lost', async () => {
  const page = await newPage(ctx.browser, { viewport: PHONE });
  await passEligibility(page, ctx.server.base, { check: false });
  await fillIdentity(page, { ...MARIO, cf: 'RSSMRA85T10A562T', first_name: '<script>alert(1)</script>' });
  await page.click('button[value=next]');
  await page.waitForSelector('.error-summary');
  const summary = await page.textContent('.error-summary');
  assert.match(summary, /Nome/);
  assert.equal(await page.inputValue('#f-first_name'), '<script>alert(1)</script>');
  assert.equal(await page.inputValue('#f-last_name'), 'Rossi');
  assert.ok(await page.isChecked('input[name="a[gender]"][value=man]'));
  await assertAccessible(page, 'identity with errors');
  await screenshot(page, 'errors');
  // The summary links to its field, within the page.
  assert.equal(await page.getAttribute('.error-summary a', 'href'), '#f-first_name');
  await hydrated(page);
  await page.evaluate(() => { window.stillTheSamePage = true; });
  await page.click('.error-summary a');
  await page.waitForURL('**#f-first_name');
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.stillTheSamePage), true);
  // Fixing the name reveals the check-character problem of the code, beside its field.
  await page.fill('#f-first_name', 'Mario');
  await page.click('button[value=next]');
  // The live check may already have put a message beside the code on this page: wait for the
  // server's next page, whose summary lists it.
  await page.waitForSelector('.error-summary a[href="#f-cf"]');
  await page.waitForSelector('#cf-error');
  assert.match(await page.textContent('#cf-error'), /non è valido/);
  assert.equal(await page.inputValue('#f-cf'), 'RSSMRA85T10A562T');
  // With JavaScript, leaving a field checks it at once.
  await hydrated(page);
  await page.fill('#f-cf', 'RSSMRA85T10A562S');
  await page.focus('#f-first_name');
  await page.waitForSelector('#cf-error', { state: 'detached' });
  await page.fill('#f-birth_date', '1985-12-11');
  await page.focus('#f-first_name');
  await page.waitForSelector('#cf-error');
  assert.match(await page.textContent('#cf-error'), /data di nascita/);
});

test('a draft can be resumed on another phone with its code', async () => {
  const page = await newPage(ctx.browser, { viewport: PHONE });
  await passEligibility(page, ctx.server.base, { check: false });
  await fillIdentity(page, { ...MARIO, first_name: 'Paolo', cf: '' , has_cf: 'no', birth_country: 'Albania' });
  await page.click('button[value=next]');
  await page.waitForURL('**/apply/step/contacts');
  await page.fill('#f-mobile', '3339998877');
  await page.click('button[value=back]');
  await page.waitForURL('**/apply/step/identity');
  const code = (await page.textContent('.resume .code')).trim();
  assert.match(code, /^[A-Z2-9]{5}-[A-Z2-9]{5}$/);

  const other = await newPage(ctx.browser, { viewport: PHONE });
  await other.goto(`${ctx.server.base}/apply/resume`);
  await hydrated(other);
  await other.fill('#f-code', 'wrong-code!');
  await other.click('button.primary');
  await other.waitForSelector('.error-summary');
  await assertAccessible(other, 'resume with error');
  await other.fill('#f-code', code.toLowerCase().replace('-', ' '));
  await other.click('button.primary');
  await other.waitForURL('**/apply/step/contacts');
  await other.waitForSelector('#f-mobile');
  assert.equal(await other.inputValue('#f-mobile'), '3339998877');
  await other.click('button[value=back]');
  await other.waitForURL('**/apply/step/identity');
  assert.equal(await other.inputValue('#f-first_name'), 'Paolo');
});

test('a second application with an enrolled person\'s details gets the same page, and the link goes to the contact on file', async () => {
  const first = await newPage(ctx.browser, { viewport: PHONE });
  const person = { ...MARIO, first_name: 'Gino', last_name: 'Verdi', cf: 'VRDGNI80A01A944S', birth_date: '1980-01-01', mobile: '3401234000', email: 'gino@example.it' };
  await passEligibility(first, ctx.server.base, { check: false });
  await fillIdentity(first, person);
  await fillRest(first, person, { check: false });
  const enrolled = await first.textContent('main');
  assert.match(enrolled, /Domanda ricevuta/);

  const second = await newPage(ctx.browser, { viewport: PHONE });
  await passEligibility(second, ctx.server.base, { check: false });
  await fillIdentity(second, person);
  await fillRest(second, { ...person, mobile: '3209999999', email: 'intruder@example.it' }, { check: false, name: 'duplicate' });
  assert.equal(await second.textContent('main'), enrolled, 'nothing tells the second sender that Gino is enrolled');
  assert.match(await messageTo(second, ctx.server.base, 'gino@example.it'), /qualcuno ha provato a fare di nuovo domanda/);
  const mail = await second.textContent('main');
  assert.doesNotMatch(mail, /intruder@example\.it/);
  assert.doesNotMatch(mail, /\+393209999999/);
});

test('the status link shows the stage, lets the person correct contacts, choose what companies see and withdraw', async () => {
  const page = await newPage(ctx.browser, { viewport: PHONE });
  const person = { ...MARIO, first_name: 'Sara', last_name: 'Galli', cf: 'GLLSRA95E50A944B', birth_date: '1995-05-10', sex: 'F', gender: 'woman', mobile: '3355550000', email: '' };
  await passEligibility(page, ctx.server.base, { check: false });
  await fillIdentity(page, person);
  await fillRest(page, person, { check: false });
  const link = await statusLink(page, ctx.server.base, '+393355550000');

  const phone = await newPage(ctx.browser, { viewport: PHONE });
  await phone.goto(link);
  await phone.waitForURL('**/status');
  await hydrated(phone);
  assert.match(await phone.textContent('main'), /Ciao Sara/);
  // Just received: the first step is current and the promised call date is the next thing.
  assert.equal(await phone.locator('.progress [aria-current=step]').textContent(), 'Domanda ricevuta');
  assert.match(await phone.textContent('main'), /La segreteria ti contatterà entro il \d{1,2} [a-z]+ \d{4}/);
  await assertAccessible(phone, 'status');
  await screenshot(phone, 'status-received-phone');
  await phone.fill('#f-mobile', 'not a phone');
  await phone.click('form:has(#f-mobile) button');
  await phone.waitForSelector('#mobile-error');
  assert.equal(await phone.inputValue('#f-mobile'), 'not a phone');
  await phone.fill('#f-mobile', '3355551111');
  await phone.click('form:has(#f-mobile) button');
  await phone.waitForSelector('.notice.success');
  assert.equal(await phone.inputValue('#f-mobile'), '+39 335 555 1111', 'the saved number, written as people read it');
  // What companies may see: nothing until the person chooses.
  assert.ok(await phone.isChecked('#share input[value=none]'));
  await phone.check('#share input[value=profile]');
  await phone.click('#share button');
  await phone.waitForURL('**/status?ok=share*');
  await phone.waitForSelector('#share .notice.success');
  // The answer is where the person is: the part the server pointed to has the focus.
  assert.equal(await phone.evaluate(() => document.activeElement.id), 'share');
  assert.ok(await phone.isChecked('#share input[value=profile]'));
  await assertAccessible(phone, 'status with the sharing choice');
  await screenshot(phone, 'status');
  await phone.check('#f-confirm');
  await phone.click('button.danger');
  await phone.waitForURL('**/status?ok=withdrawn');
  await phone.waitForSelector('main p.lead');
  assert.match(await phone.textContent('main'), /Hai rinunciato/);
  await phone.goto(link);
  assert.match(await phone.textContent('main'), /Non troviamo/);
});

test('a dropped connection keeps every answer and says so', async () => {
  const page = await newPage(ctx.browser, { viewport: PHONE });
  await passEligibility(page, ctx.server.base, { check: false });
  await fillIdentity(page, { ...MARIO, first_name: 'Elena', last_name: 'Conti', cf: '', has_cf: 'no', birth_country: 'Romania' });
  await hydrated(page);
  await page.context().setOffline(true);
  await page.click('button[value=next]');
  await page.waitForSelector('.notice.error');
  assert.match(await page.textContent('.notice.error'), /connessione/);
  assert.equal(await page.inputValue('#f-first_name'), 'Elena');
  assert.equal(await page.inputValue('#f-birth_country'), 'Romania');
  await page.context().setOffline(false);
  await page.click('button[value=next]');
  await page.waitForURL('**/apply/step/contacts');
  page.consoleErrors.length = 0;
});

test('with JavaScript off an applicant page downloads only its HTML and CSS', async () => {
  const page = await newPage(ctx.browser, { viewport: PHONE, javaScriptEnabled: false });
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${ctx.server.base}/apply`);
  await page.waitForLoadState('load');
  assert.deepEqual(fetched.filter((p) => p.startsWith('/pkg/') && !p.endsWith('.css')), [], 'no script or WebAssembly is fetched');
  await page.context().close();
});
