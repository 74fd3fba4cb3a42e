// Steps a person takes through the application form, shared by the tests.
import assert from 'node:assert/strict';
import { assertAccessible, hydrated, screenshot } from './support.mjs';

export const MARIO = {
  first_name: 'Mario', last_name: 'Rossi', birth_date: '1985-12-10', sex: 'M', has_cf: 'yes',
  cf: 'RSSMRA85T10A562S', citizenship: 'it', gender: 'man', mobile: '333 123 4567', email: 'mario.rossi@example.it',
  language: 'it', street: 'Via Roma 10', postal_code: '40121',
};

export const AMINA = {
  first_name: 'أمينة', last_name: 'Benali', birth_date: '1992-03-04', sex: 'F', has_cf: 'no', birth_country: 'المغرب',
  citizenship: 'non_eu', gender: 'woman', mobile: '+39 320 555 0101', email: '', language: 'ar',
  street: 'Via Emilia 5', postal_code: '40121',
};

async function next(page, expectedPath) {
  await page.click('button[value=next]');
  try {
    await page.waitForURL(`**${expectedPath}`);
  } catch (e) {
    const problems = await page.locator('.error-summary').textContent().catch(() => 'no error summary');
    throw new Error(`did not reach ${expectedPath}: ${problems}`);
  }
  await page.waitForSelector('main h1');
}

/// Ticks a control like a finger would. Leaving the field before runs the live check, whose
/// message may appear (a quarter of a second later, on purpose) and move the page just as the click
/// lands; on a loaded machine the click then misses. A person would tap again: so do we, once.
async function tap(page, selector) {
  try {
    await page.check(selector);
  } catch (e) {
    if (!/did not change its state/.test(String(e))) throw e;
    await page.waitForTimeout(400);
    await page.check(selector);
  }
}

export async function choose(page, name, value) {
  await tap(page, `input[name="a[${name}]"][value="${value}"]`);
}

export async function tick(page, name, option) {
  await tap(page, `input[name="a[${name}__${option}]"]`);
}

/// From the landing page through eligibility to the first questionnaire step.
export async function passEligibility(page, base, { js = true, check = true, comune = '037006' } = {}) {
  await page.goto(`${base}/`);
  if (js) await hydrated(page);
  if (check) await assertAccessible(page, 'landing');
  await page.click('a.button.primary[href="/apply"]');
  await page.waitForURL('**/apply');
  await page.waitForSelector('#f-comune');
  if (check) await assertAccessible(page, 'domicile');
  await page.selectOption('#f-comune', comune);
  await page.click('button.primary');
  await page.waitForURL('**/apply/measure');
  if (check) await assertAccessible(page, 'measure');
  await page.check('input[name=answer][value=no]');
  await page.click('button.primary');
  await page.waitForURL('**/apply/step/identity');
  await page.waitForSelector('#f-first_name');
}

export async function fillIdentity(page, p) {
  await page.fill('#f-first_name', p.first_name);
  await page.fill('#f-last_name', p.last_name);
  await page.fill('#f-birth_date', p.birth_date);
  await choose(page, 'sex', p.sex);
  await choose(page, 'has_cf', p.has_cf);
  if (p.cf) await page.fill('#f-cf', p.cf);
  if (p.birth_country) await page.fill('#f-birth_country', p.birth_country);
  await choose(page, 'citizenship', p.citizenship);
  await choose(page, 'gender', p.gender);
}

/// Every step after the first, with answers that pass; screenshots and axe on each.
export async function fillRest(page, p, { check = true, name = 'flow' } = {}) {
  await next(page, '/apply/step/contacts');
  if (check) await assertAccessible(page, 'contacts');
  await page.fill('#f-mobile', p.mobile);
  if (p.email) await page.fill('#f-email', p.email);
  // The language for messages starts as the one the page is read in.
  const reading = await page.getAttribute('html', 'lang');
  assert.ok(await page.isChecked(`input[name="a[language]"][value="${reading}"]`), `messages in ${reading} by default`);
  await choose(page, 'language', p.language);
  await tick(page, 'call_times', 'morning');
  await next(page, '/apply/step/address');
  if (check) await assertAccessible(page, 'address');
  await page.fill('#f-street', p.street);
  await page.fill('#f-postal_code', p.postal_code);
  await next(page, '/apply/step/situation');
  if (check) await assertAccessible(page, 'situation');
  await choose(page, 'employment', 'lost_job');
  await page.fill('#f-months_without_work', '7');
  await page.selectOption('#f-education', 'isced3');
  await choose(page, 'italian', 'B1');
  await next(page, '/apply/step/experience');
  if (check) await assertAccessible(page, 'experience');
  await page.fill('#f-job1_role', 'Magazziniere');
  await page.selectOption('#f-job1_sector', 'logistics');
  await page.fill('#f-job1_years', '3');
  await tick(page, 'skills', 'warehouse');
  await tick(page, 'sectors', 'logistics');
  await next(page, '/apply/step/availability');
  if (check) await assertAccessible(page, 'availability');
  await choose(page, 'hours', 'either');
  await tick(page, 'shifts', 'morning');
  await page.fill('#f-travel_km', '15');
  await tick(page, 'travel', 'public');
  await choose(page, 'licence', 'B');
  await choose(page, 'vehicle', 'no');
  await next(page, '/apply/step/plans');
  if (check) await assertAccessible(page, 'plans');
  await choose(page, 'self_employment', 'maybe');
  await page.fill('#f-idea', 'Un piccolo laboratorio di riparazione biciclette');
  await next(page, '/apply/step/review');
  if (check) await assertAccessible(page, 'review');
  await screenshot(page, `${name}-review`);
  // Dates and phone numbers as people read them, in every language: no ISO date, no bare digits.
  const reviewed = await page.textContent('.review');
  assert.doesNotMatch(reviewed, /\d{4}-\d{2}-\d{2}/, 'no ISO date on the review');
  assert.match(reviewed, /\+39 3\d\d \d{3} \d{3,4}/, 'the mobile in groups');
  if ((await page.getAttribute('html', 'lang')) === 'it') {
    // Support needs and consent show as recorded, never left out nor repeated in detail.
    const review = await page.textContent('.review');
    assert.match(review, /Hai bisogno di sostegno per qualcuna di queste cose\?\s*(Nessuno|Registrati)/);
    assert.match(review, /Acconsento all'uso delle informazioni sui miei bisogni per sostenermi\s*(Sì, dato|No, non dato)/);
  }
  if ((page.viewportSize()?.width ?? 1280) < 640) {
    const send = await page.locator('button[value=next]').boundingBox();
    const back = await page.locator('button[value=back]').boundingBox();
    assert.ok(send.y < back.y, 'on a phone "Invia la domanda" comes before "Indietro"');
  }
  await page.check('#f-privacy_consent');
  await page.click('button[value=next]');
  await page.waitForURL('**/apply/done');
  await page.waitForSelector('main h1');
  if (check) await assertAccessible(page, 'confirmation');
  await screenshot(page, `${name}-done`);
}

// The confirmation page shows no reference and no link (it looks the same to someone who typed
// an enrolled person's details): both arrive by message. The newest message to `recipient`, read
// from the development mail page.
export async function messageTo(page, base, recipient) {
  await page.goto(`${base}/dev/mail`);
  const card = page.locator('li.card', { has: page.locator('.recipient', { hasText: recipient }) }).first();
  return card.locator('pre').textContent();
}

export async function statusLink(page, base, recipient) {
  const body = await messageTo(page, base, recipient);
  const link = body.match(/https?:\/\/\S+\/s\/[0-9a-f]{64}/);
  assert.ok(link, `a status link in the message to ${recipient}: ${body}`);
  return link[0];
}
