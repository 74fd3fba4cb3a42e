// After the assessment: a professional builds the personal plan on a desktop; the applicant, on a
// phone in Arabic, reads the next step in plain words and agrees; a new version needs a new
// agreement; the path is suspended and resumed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, logInStaff, newPage, hydrated, assertAccessible, screenshot, DESKTOP, PHONE } from './support.mjs';
import { AMINA, passEligibility, fillIdentity, fillRest, statusLink, messageTo } from './flow.mjs';

const ctx = useServerAndBrowser({ demo: true });
const isoIn = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);

test('a professional builds a plan and the applicant, on a phone in Arabic, sees it and agrees', async () => {
  // Amina applies in Arabic.
  const phone = await newPage(ctx.browser, { viewport: PHONE, locale: 'ar' });
  await passEligibility(phone, ctx.server.base, { check: false });
  await fillIdentity(phone, AMINA);
  await fillRest(phone, AMINA, { check: false, name: 'plan-ar' });
  const link = await statusLink(phone, ctx.server.base, '+393205550101');
  const reference = (await messageTo(phone, ctx.server.base, '+393205550101')).match(/BO-\d{6}/)[0];

  // The secretariat books her interview during the call.
  const desk = await newPage(ctx.browser, { viewport: DESKTOP });
  await logInStaff(desk, ctx.server.base, 'segreteria@insieme.demo');
  await desk.waitForURL(/\/staff$/);
  await desk.goto(`${ctx.server.base}/staff/queue`);
  await hydrated(desk);
  await desk.fill('#f-q', reference);
  await desk.click('.filters button[type=submit]');
  await desk.waitForURL(/search=/);
  await desk.locator('table.queue tbody tr a').first().click();
  await desk.waitForURL(/\/staff\/case\/\d+/);
  const caseUrl = desk.url().split('?')[0];
  await desk.waitForSelector('#interview input[name=slot]');
  await desk.locator('#interview input[name=slot]').first().check();
  await desk.click('#interview button[type=submit].primary');
  await desk.waitForURL(/ok=booked/);
  assert.equal(await desk.locator('#plan').count(), 0, 'no plan before the assessment');
  await desk.context().close();

  // The professional assesses her and prepares the plan the assessment suggests.
  const pro = await newPage(ctx.browser, { viewport: DESKTOP });
  await logInStaff(pro, ctx.server.base, 'professionista@insieme.demo');
  await pro.waitForURL(/\/staff$/);
  await pro.goto(caseUrl);
  await hydrated(pro);
  await pro.waitForSelector('#assessment');
  await pro.check('#assessment input[name="a[paths__basic_training]"]');
  await pro.check('#assessment input[name="a[paths__company_tutoring]"]');
  await pro.selectOption('#f-motivation', '4');
  await pro.selectOption('#f-italian', 'A2');
  await pro.click('#assessment button[type=submit].primary');
  await pro.waitForURL(/ok=assessed/);
  await pro.waitForSelector('#plan details.plan-edit[open]');
  // One component per recommended path, ready to complete.
  assert.equal(await pro.inputValue('#f-c0_kind'), 'italian_l2');
  assert.equal(await pro.inputValue('#f-c1_kind'), 'traineeship');
  // Saving without a goal is refused beside the field; nothing typed is lost.
  await pro.fill('#f-c0_schedule', 'martedì e giovedì 9–11');
  await pro.click('#plan button[type=submit].primary');
  await pro.waitForURL(/e=plan/);
  await pro.waitForSelector('#plan .error-summary');
  assert.equal(await pro.inputValue('#f-c0_schedule'), 'martedì e giovedì 9–11');
  await pro.fill('#f-c0_goal', 'Italiano per il lavoro, livello A2');
  await pro.fill('#f-c0_starts_on', isoIn(10));
  await pro.fill('#f-c0_ends_on', isoIn(90));
  await pro.fill('#f-c0_place', 'Via Libia 59, Bologna');
  await pro.fill('#f-c0_responsible', 'CPIA metropolitano');
  await pro.fill('#f-c0_expected', 'Venire alle lezioni e avvisare se non puoi');
  await pro.fill('#f-c1_goal', 'Tirocinio in magazzino con tutor');
  await pro.fill('#f-c1_starts_on', isoIn(100));
  await pro.click('#plan button[type=submit].primary');
  await pro.waitForURL(/ok=plan/);
  await pro.waitForFunction(() => document.querySelector('.case-head')?.textContent.includes('In percorso'));
  assert.match(await pro.locator('#plan').textContent(), /Versione 1, salvata da/);
  assert.match(await pro.locator('#plan').textContent(), /non ha ancora detto di essere d'accordo/);
  assert.equal(await pro.locator('#plan .plan-components li').count(), 2);
  await assertAccessible(pro, 'case with plan');
  await screenshot(pro, 'plan-desktop');

  // On her phone, in Arabic: the next step first, in plain words; she agrees.
  await phone.goto(link);
  await phone.waitForURL(/\/status$/);
  await hydrated(phone);
  assert.equal(await phone.getAttribute('html', 'dir'), 'rtl');
  const next = await phone.locator('#plan .next').textContent();
  assert.match(next, /الخطوة التالية/);
  assert.match(next, /دورة اللغة الإيطالية/);
  assert.match(next, /martedì e giovedì 9–11/);
  assert.match(next, /Venire alle lezioni/);
  await assertAccessible(phone, 'status with plan');
  await screenshot(phone, 'status-plan-phone-ar');
  await phone.click('#plan button[type=submit].primary');
  await phone.waitForURL(/ok=plan/);
  await phone.waitForSelector('#plan .notice.success');
  assert.equal(await phone.locator('#plan button[type=submit]').count(), 0, 'agreed once');

  // The professional sees the agreement; a new version asks for a new one.
  await pro.goto(caseUrl);
  await hydrated(pro);
  await pro.waitForSelector('#plan');
  assert.match(await pro.locator('#plan').textContent(), /La persona ha detto di essere d'accordo il/);
  await pro.click('#plan summary:has-text("Modifica il piano")');
  await pro.selectOption('#f-c0_status', 'in_progress');
  await pro.click('#plan button[type=submit].primary');
  await pro.waitForURL(/ok=plan/);
  await pro.waitForSelector('#plan details:has(summary:has-text("Versioni precedenti"))');
  assert.match(await pro.locator('#plan').textContent(), /Versione 2/);
  assert.match(await pro.locator('#plan').textContent(), /non ha ancora detto di essere d'accordo/);

  // The path is suspended, then resumed: the case's state follows, and she is told on her page.
  await pro.click('#plan button:has-text("Sospendi il percorso")');
  await pro.waitForURL(/ok=suspended/);
  await pro.waitForFunction(() => document.querySelector('.case-head')?.textContent.includes('Percorso sospeso'));
  await phone.goto(`${ctx.server.base}/status`);
  await phone.waitForSelector('#plan');
  assert.match(await phone.locator('#plan').textContent(), /مسارك معلّق/);
  await pro.click('#plan button:has-text("Riprendi il percorso")');
  await pro.waitForURL(/ok=resumed/);
  await pro.waitForFunction(() => document.querySelector('.case-head')?.textContent.includes('In percorso'));
  assert.deepEqual(pro.consoleErrors, []);
  assert.deepEqual(phone.consoleErrors, []);
  await pro.context().close();
  await phone.context().close();
});
