// The training catalogue on the demo data: the secretariat adds a course (a refused form keeps
// what was typed); a full course has a waiting list, and when a seat frees the first person
// waiting has it and is told; a person enrolled on a full course is put on the list and told;
// the register is taken with one tap per person, with JavaScript and without; a completed course
// gives a certificate in the person's language and Italian; the applicant sees their courses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, logInStaff, newPage, hydrated, assertAccessible, screenshot, DESKTOP, PHONE } from './support.mjs';

const ctx = useServerAndBrowser({ demo: true });
const isoIn = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);

async function mailTo(page, base, recipient, pattern) {
  await page.goto(`${base}/dev/mail`);
  const item = page.locator('li', { hasText: recipient }).filter({ hasText: pattern }).first();
  await item.waitFor();
  return item.textContent();
}

test('a course fills, one person waits, a seat frees and the waiting person is enrolled and told', async () => {
  const desk = await newPage(ctx.browser, { viewport: DESKTOP });
  await logInStaff(desk, ctx.server.base, 'segreteria@insieme.demo');
  await desk.waitForURL(/\/staff$/);
  await desk.click('nav.staff-nav a:has-text("Corsi")');
  await desk.waitForURL(/\/staff\/training$/);
  await hydrated(desk);
  assert.equal(await desk.locator('.cards.courses > li').count(), 1, 'the finished course is hidden');
  await assertAccessible(desk, 'catalogue');

  // A new course: without weekdays it is refused beside the field, and nothing typed is lost.
  await desk.click('#new-course summary');
  await desk.fill('#f-title', 'Competenze digitali di base');
  await desk.fill('#f-provider', 'Fondazione Aldini Valeriani');
  await desk.selectOption('#f-kind', 'digital_skills');
  await desk.fill('#f-place', 'Via Bassanelli 9, Bologna');
  await desk.fill('#f-seats', '10');
  await desk.fill('#f-first_day', isoIn(14));
  await desk.fill('#f-last_day', isoIn(40));
  await desk.fill('#f-from', '14:00');
  await desk.fill('#f-to', '17:00');
  await desk.click('#new-course button[type=submit]');
  await desk.waitForURL(/e=course/);
  await desk.waitForSelector('#new-course .error-summary');
  assert.match(await desk.locator('#new-course .error-summary').textContent(), /almeno un giorno della settimana/);
  assert.equal(await desk.inputValue('#f-title'), 'Competenze digitali di base');
  await desk.check('input[name="f[day_1]"]');
  await desk.check('input[name="f[day_3]"]');
  await desk.click('#new-course button[type=submit]');
  await desk.waitForURL(/\/staff\/training\/\d+\?ok=created/);
  await desk.waitForSelector('.notice.success');
  assert.ok(await desk.locator('ol.sessions li').count() >= 6);

  // The Italian course is full: two enrolled, one waiting.
  await desk.goto(`${ctx.server.base}/staff/training`);
  await desk.click('.cards.courses a:has-text("Italiano per il lavoro")');
  await desk.waitForURL(/\/staff\/training\/\d+$/);
  await hydrated(desk);
  const courseUrl = desk.url();
  const enrolled = desk.locator('section:has(h2:has-text("Iscritti")) ul.people').first();
  assert.match(await enrolled.textContent(), /Samira Haddad/);
  assert.match(await enrolled.textContent(), /Rosa Esposito/);
  assert.match(await desk.locator('.parts:has-text("Posti occupati")').textContent(), /Posti occupati: 2 su 2/);
  assert.match(await desk.locator('ul.people li', { hasText: 'Kwame Mensah' }).textContent(), /1º in lista/);
  await assertAccessible(desk, 'course');
  await screenshot(desk, 'course-desktop');

  // Rosa leaves: Kwame, first waiting, has her seat and is told, with the lessons for his calendar.
  await desk.locator('ul.people li', { hasText: 'Rosa Esposito' }).locator('button', { hasText: 'Togli dal corso' }).click();
  await desk.waitForURL(/ok=course_removed/);
  await desk.waitForFunction(() => document.querySelector('.notice.success')?.textContent.includes('Kwame Mensah'));
  assert.match(await desk.locator('.notice.success').textContent(), /Kwame Mensah, prima in lista d'attesa/);
  assert.match(await enrolled.textContent(), /Kwame Mensah/);
  assert.doesNotMatch(await enrolled.textContent(), /Rosa Esposito/);
  const told = await mailTo(desk, ctx.server.base, 'kwame.mensah@example.org', /seat is free/);
  assert.match(told, /Hello Kwame, a seat is free: your place on the course “Italiano per il lavoro \(A2\)” is confirmed/);
  assert.match(told, /METHOD:REQUEST/);
  assert.match(await mailTo(desk, ctx.server.base, 'rosa.esposito@example.org', /iscrizione al corso/), /METHOD:CANCEL/);

  // Rosa is enrolled again from her case: the course is full, so she waits, and is told.
  await desk.goto(courseUrl);
  await desk.click('details:has(summary:has-text("Usciti dal corso")) summary');
  await desk.click('details a:has-text("Rosa Esposito")');
  await desk.waitForURL(/\/staff\/case\/\d+/);
  await hydrated(desk);
  await desk.waitForSelector('#courses');
  assert.match(await desk.locator('#courses').textContent(), /Uscita dal corso/);
  const italian = await desk.locator('#course-choice option', { hasText: 'Italiano per il lavoro' }).getAttribute('value');
  await desk.selectOption('#course-choice', italian);
  await desk.click('#courses button:has-text("Iscrivi al corso")');
  await desk.waitForURL(/ok=course_waiting/);
  await desk.waitForSelector('#courses .notice.success');
  assert.match(await desk.locator('#courses .notice').textContent(), /lista d'attesa \(1º posto\)/);
  assert.match(await desk.locator('#courses').textContent(), /In lista d'attesa: 1º posto/);
  assert.match(await mailTo(desk, ctx.server.base, 'rosa.esposito@example.org', /lista d'attesa/), /sei al posto 1 della lista d'attesa/);
  assert.deepEqual(desk.consoleErrors, []);
  await desk.context().close();
});

test('the register takes one tap per person, with and without JavaScript, on a tablet and a phone', async () => {
  const tablet = await newPage(ctx.browser, { viewport: { width: 800, height: 1280 } });
  await logInStaff(tablet, ctx.server.base, 'professionista@insieme.demo');
  await tablet.waitForURL(/\/staff$/);
  await tablet.goto(`${ctx.server.base}/staff/training`);
  await tablet.click('.cards.courses a:has-text("Italiano per il lavoro")');
  await tablet.waitForURL(/\/staff\/training\/\d+$/);
  await tablet.click('ol.sessions li a >> nth=0');
  await tablet.waitForURL(/\/staff\/training\/session\/\d+$/);
  await hydrated(tablet);
  const registerUrl = tablet.url();
  const samira = tablet.locator('.register-row', { hasText: 'Samira Haddad' });
  await samira.locator('button', { hasText: 'Presente' }).click();
  await tablet.waitForFunction(() => document.querySelector('.register-row.present'));
  assert.equal(await samira.locator('button.present').getAttribute('aria-pressed'), 'true');
  assert.match(await tablet.locator('main p [role=status]').textContent(), /1 segnato su 2/);
  await assertAccessible(tablet, 'register');
  await screenshot(tablet, 'register-tablet');

  // Without JavaScript, on a phone: the same buttons are plain forms.
  const phone = await newPage(ctx.browser, { viewport: PHONE, javaScriptEnabled: false });
  await logInStaff(phone, ctx.server.base, 'segreteria@insieme.demo', { js: false });
  await phone.waitForURL(/\/staff$/);
  await phone.goto(registerUrl);
  const kwame = phone.locator('.register-row', { hasText: 'Kwame Mensah' });
  await kwame.locator('button', { hasText: 'Assente' }).click();
  await phone.waitForURL(/#p\d+$/);
  assert.equal(await phone.locator('.register-row', { hasText: 'Kwame Mensah' }).locator('button.absent').getAttribute('aria-pressed'), 'true');
  assert.match(await phone.locator('main p [role=status]').textContent(), /2 segnati su 2/);
  // A second tap corrects the mark.
  await phone.locator('.register-row', { hasText: 'Samira Haddad' }).locator('button', { hasText: 'Assente' }).click();
  await phone.waitForURL(/#p\d+$/);
  assert.equal(await phone.locator('.register-row', { hasText: 'Samira Haddad' }).locator('button.absent').getAttribute('aria-pressed'), 'true');
  await screenshot(phone, 'register-phone-nojs');
  await phone.context().close();
  assert.deepEqual(tablet.consoleErrors, []);
  await tablet.context().close();
});

test('a completed course gives a certificate in the person\'s language and Italian', async () => {
  const desk = await newPage(ctx.browser, { viewport: DESKTOP });
  await logInStaff(desk, ctx.server.base, 'segreteria@insieme.demo');
  await desk.waitForURL(/\/staff$/);
  await desk.goto(`${ctx.server.base}/staff/training?past=1`);
  await desk.click('.cards.courses a:has-text("Sicurezza sul lavoro")');
  await desk.waitForURL(/\/staff\/training\/\d+$/);
  await hydrated(desk);
  const kwame = desk.locator('ul.people li', { hasText: 'Kwame Mensah' });
  assert.match(await kwame.textContent(), /6 ore su 8 ore \(75%\) · Frequenza sufficiente/);
  await kwame.locator('a', { hasText: 'Attestato' }).click();
  await desk.waitForURL(/\/certificate\/\d+$/);
  await desk.waitForSelector('article.certificate');
  const pages = desk.locator('article.certificate');
  assert.equal(await pages.count(), 2);
  assert.equal(await pages.nth(0).getAttribute('lang'), 'en');
  assert.match(await pages.nth(0).textContent(), /This is to certify that Kwame Mensah, born on 20 December 1994, attended the course “Sicurezza sul lavoro: formazione generale”.*for 6 hours of 8 hours \(75%\)/);
  assert.equal(await pages.nth(1).getAttribute('lang'), 'it');
  assert.match(await pages.nth(1).textContent(), /Si attesta che Kwame Mensah, nato\/a il 20 dicembre 1994/);
  await assertAccessible(desk, 'certificate');
  await desk.emulateMedia({ media: 'print' });
  assert.equal(await desk.locator('.site-header').isVisible(), false, 'the print has no site around it');
  await screenshot(desk, 'certificate-print');
  assert.deepEqual(desk.consoleErrors, []);
  await desk.context().close();
});
