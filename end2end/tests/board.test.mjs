// The company board in a real browser: the secretariat adds a company and a position, matches and
// proposes two candidates; the company contact signs in by link on a phone, sees only them, records
// an interview and a hire (JavaScript on) and a refusal (JavaScript off); the placement shows in the
// applicant's record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, logInStaff, newPage, hydrated, assertAccessible, screenshot, DESKTOP, PHONE } from './support.mjs';

const ctx = useServerAndBrowser({ demo: true });

/// A valid partita IVA from its first ten digits (Luhn check digit).
function vat(first10) {
  const sum = [...first10].map(Number).reduce((s, d, i) => s + (i % 2 === 0 ? d : (2 * d > 9 ? 2 * d - 9 : 2 * d)), 0);
  return first10 + ((10 - (sum % 10)) % 10);
}

const isoIn = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);

async function logIn(page, email) {
  await logInStaff(page, ctx.server.base, email);
  await page.waitForURL(/\/staff$/);
}

/// The newest sign-in link the development mail page shows for `email`.
async function signInLink(page, email) {
  await page.goto(`${ctx.server.base}/dev/mail`);
  const item = page.locator('.mail li', { has: page.locator('.recipient', { hasText: email }) }).first();
  const body = await item.locator('pre').textContent();
  const link = body.match(/https?:\/\/[^\s]+\/company\/link\/[0-9a-f]+/);
  assert.ok(link, `a sign-in link in: ${body}`);
  return link[0];
}

test('a company joins the board, gets two candidates and hires one', async () => {
  const desk = await newPage(ctx.browser, { viewport: DESKTOP });
  await logIn(desk, 'segreteria@insieme.demo');
  await desk.click('.staff-nav a[href="/staff/companies"]');
  await desk.waitForURL(/\/staff\/companies/);
  await hydrated(desk);
  assert.match(await desk.locator('.counts').textContent(), /3\s*aziende coinvolte/);
  // Each count takes the plural form of its number: "1 accordo firmato", "2 accordi firmati".
  for (const item of await desk.locator('.counts li').allTextContents()) {
    const n = Number(item.match(/\d+/)[0]);
    if (/accord/.test(item)) assert.match(item, n === 1 ? /accordo (firmato|in scadenza|proposto)/ : /accordi (firmati|in scadenza|proposti)/, item);
  }

  // A wrong VAT number: the message says why and nothing typed is lost.
  await desk.fill('#f-name', 'Logistica Futura srl');
  await desk.fill('#f-vat', '01234567890');
  await desk.fill('#f-ateco', '52.29');
  await desk.selectOption('#f-size', 'small');
  await desk.selectOption('#f-comune', '037006');
  await desk.fill('#f-address', 'Via dei Trasporti 3');
  await desk.click('#new-company button[type=submit]');
  await desk.waitForURL(/e=form/);
  await desk.waitForSelector('#new-company .error-summary');
  assert.match(await desk.locator('#new-company .error-summary').textContent(), /partita IVA non è valida/);
  assert.equal(await desk.inputValue('#f-name'), 'Logistica Futura srl');
  assert.equal(await desk.inputValue('#f-address'), 'Via dei Trasporti 3');
  await assertAccessible(desk, 'companies with a refused form');
  await desk.fill('#f-vat', `IT ${vat('0567890037')}`);
  await desk.click('#new-company button[type=submit]');
  await desk.waitForURL(/\/staff\/company\/\d+\?ok=created/);
  await hydrated(desk);
  const companyUrl = desk.url().split('?')[0];

  // The agreement: proposed, then signed with its PDF (a file that is not a PDF is refused, and
  // what was typed stays).
  await desk.click('#agreement button:has-text("Proponi l\'accordo")');
  await desk.waitForURL(/ok=agreement/);
  await desk.waitForSelector('#agreement .tag.agreement-proposed');
  await desk.click('#agreement summary:has-text("Registra la firma")');
  await desk.fill('#f-signed_on', isoIn(0));
  await desk.fill('#f-signatory', 'Mario Verdi');
  await desk.fill('#f-expires_on', isoIn(365));
  await desk.setInputFiles('#f-pdf', { name: 'accordo.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>not a pdf</html>') });
  await desk.click('#agreement form[enctype] button[type=submit]');
  await desk.waitForURL(/e=form/);
  await hydrated(desk);
  assert.match(await desk.locator('#agreement .error-summary').textContent(), /formato PDF/);
  assert.equal(await desk.inputValue('#f-signatory'), 'Mario Verdi');
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
  await desk.setInputFiles('#f-pdf', { name: 'accordo-firmato.pdf', mimeType: 'application/pdf', buffer: pdf });
  await desk.click('#agreement form[enctype] button[type=submit]');
  await desk.waitForURL(/ok=signed/);
  await hydrated(desk);
  await desk.waitForSelector('#agreement .tag.agreement-signed');
  const href = await desk.getAttribute('#agreement a[download]', 'href');
  const download = await desk.evaluate(async (h) => {
    const r = await fetch(h);
    return { type: r.headers.get('content-type'), body: await r.text() };
  }, href);
  assert.equal(download.type, 'application/pdf');
  assert.equal(download.body, pdf.toString());

  // A contact person for the portal, and a position.
  await desk.click('#contacts summary');
  await desk.fill('#f-contact-name', 'Mario Verdi');
  await desk.fill('#f-contact-email', 'mario@futura.example');
  await desk.click('#contacts form:not(.inline) button[type=submit]');
  await desk.waitForURL(/ok=contact/);
  await desk.waitForSelector('.contacts li:has-text("Mario Verdi")');
  await desk.click('#new-position summary');
  await desk.fill('#f-position-title', 'Magazziniere/a notturno');
  await desk.selectOption('#f-position-site', { index: 1 });
  await desk.selectOption('#f-position-sector', 'logistics');
  await desk.check('input[name="f[required__warehouse]"]');
  await desk.fill('#f-position-weekly_hours', '38');
  await desk.selectOption('#f-position-contract', 'fixed_term');
  await desk.selectOption('#f-position-italian', 'A2');
  await desk.fill('#f-position-openings', '2');
  await desk.fill('#f-position-closes_on', isoIn(30));
  await desk.click('#new-position button[type=submit]');
  await desk.waitForURL(/\/staff\/position\/\d+\?ok=created/);
  await hydrated(desk);
  const positionUrl = desk.url().split('?')[0];

  // Matching explains itself; the secretariat proposes the two people who fit.
  const samira = desk.locator('ol.matches li', { hasText: 'Haddad Samira' });
  const rosa = desk.locator('ol.matches li', { hasText: 'Esposito Rosa' });
  assert.match(await samira.locator('.why').textContent(), /Ha le competenze richieste: Lavoro in magazzino/);
  assert.match(await rosa.locator('.why').textContent(), /Circa \d+ km \(accetta fino a 30 km\)/);
  // Someone who has not chosen to share is flagged: they can be proposed but not yet sent.
  assert.match(await desk.locator('ol.matches li', { hasText: 'Marchetti Elena' }).textContent(), /non ha ancora scelto/);
  assert.doesNotMatch(await samira.textContent(), /non ha ancora scelto/);
  await assertAccessible(desk, 'position with matches');
  await screenshot(desk, 'position-desktop');
  await samira.locator('button', { hasText: 'Proponi' }).click();
  await desk.waitForURL(/ok=proposed/);
  await desk.locator('ol.matches li', { hasText: 'Esposito Rosa' }).locator('button', { hasText: 'Proponi' }).click();
  await desk.waitForFunction(() => document.querySelectorAll('.column[data-stage=proposed] .proposal').length === 2);

  // One card is dragged to "sent", the other sent with its button: both are recorded.
  await hydrated(desk);
  await desk.dragAndDrop('.column[data-stage=proposed] .proposal:has-text("Haddad")', '.column[data-stage=sent]');
  await desk.waitForFunction(() => document.querySelectorAll('.column[data-stage=sent] .proposal').length === 1);
  await desk.locator('.column[data-stage=proposed] .proposal', { hasText: 'Esposito' }).locator('button', { hasText: 'Inviato all' }).click();
  await desk.waitForFunction(() => document.querySelectorAll('.column[data-stage=sent] .proposal').length === 2);
  await assertAccessible(desk, 'board columns');

  // The contact gets a one-time link.
  await desk.goto(companyUrl + '#contacts');
  await hydrated(desk);
  await desk.locator('.contacts li', { hasText: 'Mario Verdi' }).locator('button').click();
  await desk.waitForURL(/ok=link/);
  const link = await signInLink(desk, 'mario@futura.example');

  // On a phone: the link, one button, the portal.
  const phone = await newPage(ctx.browser, { viewport: PHONE });
  const phoneFetched = [];
  phone.on('request', (r) => phoneFetched.push(new URL(r.url()).pathname));
  await phone.goto(link);
  await phone.waitForURL(/\/company\/signin/);
  await hydrated(phone);
  await phone.click('button[type=submit].primary');
  await phone.waitForURL(/\/company$/);
  await hydrated(phone);
  // Signing in with JavaScript navigates in the page: the portal's data arrives just after.
  await phone.waitForSelector('.candidate');
  const cards = phone.locator('.candidate');
  assert.equal(await cards.count(), 2);
  const text = await phone.locator('#positions').textContent();
  assert.match(text, /Samira Haddad/);
  assert.match(text, /Rosa \(BO-\d+\)/, 'Rosa shared her profile, not her name and contacts');
  for (const other of ['Esposito', 'Mensah', 'Marchetti', 'Ponte', 'Trattoria']) {
    assert.doesNotMatch(text, new RegExp(other), `${other} is not this company's to see`);
  }
  assert.match(await cards.filter({ hasText: 'Samira' }).textContent(), /\+39/);
  assert.doesNotMatch(await cards.filter({ hasText: 'Rosa' }).textContent(), /\+39|@/);
  await assertAccessible(phone, 'company portal');
  await screenshot(phone, 'portal-phone');
  // The company's pages load the small client, never the staff pages' Leptos client.
  const scripts = [...new Set(phoneFetched.filter((p) => p.startsWith('/pkg/') && !p.endsWith('.css')))].sort();
  assert.deepEqual(scripts, ['/pkg/applicant.js', '/pkg/applicant_bg.wasm']);

  // The company meets Samira and hires her.
  await cards.filter({ hasText: 'Samira' }).locator('button', { hasText: 'Colloquio in azienda' }).click();
  await phone.waitForURL(/ok=moved/);
  await phone.waitForFunction(() => [...document.querySelectorAll('.candidate')].some((c) => c.textContent.includes('Samira') && c.querySelector('.stage').textContent.includes('Colloquio')));
  const samiraCard = phone.locator('.candidate', { hasText: 'Samira' });
  await samiraCard.locator('summary', { hasText: "Registra l'assunzione" }).click();
  // A start date two years away is refused with a clear message; the rest stays.
  await samiraCard.locator('select[name="f[contract]"]').selectOption('permanent');
  await samiraCard.locator('input[name="f[start]"]').fill(isoIn(800));
  await samiraCard.locator('input[name="f[hours]"]').fill('38');
  await samiraCard.locator('form button.primary', { hasText: "Registra l'assunzione" }).click();
  await phone.waitForURL(/e=hire/);
  const refused = phone.locator('.candidate', { hasText: 'Samira' });
  await refused.locator('.error').first().waitFor();
  assert.match(await refused.locator('.error').first().textContent(), /entro un anno/);
  assert.equal(await refused.locator('input[name="f[hours]"]').inputValue(), '38');
  await refused.locator('input[name="f[start]"]').fill(isoIn(14));
  await refused.locator('form button.primary', { hasText: "Registra l'assunzione" }).click();
  await phone.waitForURL(/ok=hired/);
  await phone.waitForFunction(() => [...document.querySelectorAll('.candidate')].some((c) => c.textContent.includes('Samira') && c.querySelector('.stage').textContent.includes('Assunto')));

  // With JavaScript off, a colleague records that Rosa was not selected.
  await desk.goto(companyUrl);
  await hydrated(desk);
  await desk.locator('.contacts li', { hasText: 'Mario Verdi' }).locator('button').click();
  await desk.waitForURL(/ok=link/);
  const second = await signInLink(desk, 'mario@futura.example');
  const plain = await newPage(ctx.browser, { viewport: PHONE, javaScriptEnabled: false });
  const plainFetched = [];
  plain.on('request', (r) => plainFetched.push(new URL(r.url()).pathname));
  await plain.goto(second);
  await plain.click('button[type=submit].primary');
  await plain.waitForURL(/\/company$/);
  const rosaCard = plain.locator('.candidate', { hasText: 'Rosa' });
  await rosaCard.locator('summary', { hasText: 'Non selezionato' }).click();
  await rosaCard.locator('select[name=reason]').selectOption('position_filled');
  await rosaCard.locator('button', { hasText: 'Registra: non selezionato' }).click();
  await plain.waitForURL(/ok=moved/);
  assert.match(await plain.locator('.candidate', { hasText: 'Rosa' }).textContent(), /Posto già occupato/);
  await screenshot(plain, 'portal-phone-nojs');
  assert.deepEqual(plainFetched.filter((p) => p.startsWith('/pkg/') && !p.endsWith('.css')), [], 'without JavaScript: HTML and CSS only');

  // The company's session cannot reach staff functions or files.
  assert.deepEqual(phone.consoleErrors, []);
  const denied = await phone.evaluate(async () => (await fetch('/api/load_board', { method: 'POST' })).status);
  assert.equal(denied, 403);
  const file = await phone.evaluate(async (h) => (await fetch(h, { redirect: 'manual' })).status, href);
  assert.equal(file, 403);

  // The board and the case show what happened; both candidates were told.
  await desk.goto(positionUrl);
  await hydrated(desk);
  assert.equal(await desk.locator('.column[data-stage=hired] .proposal').count(), 1);
  assert.equal(await desk.locator('.column[data-stage=not_selected] .proposal').count(), 1);
  await desk.locator('.column[data-stage=hired] .proposal a').first().click();
  await desk.waitForURL(/\/staff\/case\/\d+/);
  await hydrated(desk);
  await desk.waitForSelector('#board .placement');
  const placement = await desk.locator('#board .placement').textContent();
  assert.match(placement, /Magazziniere\/a notturno/);
  assert.match(placement, /Tempo indeterminato/);
  assert.equal(await desk.locator('#board .placement .follow-ups li').count(), 4);
  await desk.waitForFunction(() => document.querySelector('.case-head')?.textContent.includes('Inserita al lavoro'));
  await assertAccessible(desk, 'case with placement');
  await desk.goto(`${ctx.server.base}/dev/mail`);
  const mail = await desk.locator('.mail').textContent();
  assert.match(mail, /Congratulazioni Samira/);
  assert.match(mail, /Ciao Rosa, per il posto «Magazziniere\/a notturno» Logistica Futura srl ha scelto un'altra persona/);
  assert.match(mail, /Il posto è stato occupato/);
  for (const p of [desk, plain]) assert.deepEqual(p.consoleErrors, []);
});
