// Group sessions on the demo data: the secretariat plans a meeting in Arabic (a refused form keeps
// what was typed), invites from the queue, and each person is told alone; the applicant, on a
// phone in Arabic, sees only their own invitation and says they cannot come (JavaScript off); a
// person is invited from their case; cancelling removes the event from calendars; the register is
// one tap per person.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, logInStaff, newPage, hydrated, assertAccessible, screenshot, DESKTOP, PHONE } from './support.mjs';
import { AMINA, passEligibility, fillIdentity, fillRest, statusLink, messageTo } from './flow.mjs';

const ctx = useServerAndBrowser({ demo: true });
const isoIn = (days) => new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);

test('a session is planned, people are invited from the queue and the case, each told alone; one declines; it is cancelled', async () => {
  // Amina applies in Arabic: she is in the queue, waiting for her first call.
  const phone = await newPage(ctx.browser, { viewport: PHONE, locale: 'ar' });
  await passEligibility(phone, ctx.server.base, { check: false });
  await fillIdentity(phone, AMINA);
  await fillRest(phone, AMINA, { check: false, name: 'group-ar' });
  const link = await statusLink(phone, ctx.server.base, '+393205550101');
  const reference = (await messageTo(phone, ctx.server.base, '+393205550101')).match(/BO-\d{6}/)[0];

  const desk = await newPage(ctx.browser, { viewport: DESKTOP });
  await logInStaff(desk, ctx.server.base, 'segreteria@insieme.demo');
  await desk.waitForURL(/\/staff$/);
  await desk.click('nav.staff-nav a:has-text("Incontri di gruppo")');
  await desk.waitForURL(/\/staff\/sessions$/);
  await hydrated(desk);
  assert.equal(await desk.locator('.cards.courses > li').count(), 2, 'last week\'s meeting is hidden');
  await assertAccessible(desk, 'group sessions');

  // A new meeting: a link that is not https is refused beside its field, and nothing is lost.
  await desk.click('#new-session summary');
  await desk.selectOption('#f-topic', 'information');
  await desk.selectOption('#f-language', 'ar');
  await desk.fill('#f-title', 'لقاء إعلامي: كيف يعمل البرنامج');
  await desk.fill('#f-day', isoIn(8));
  await desk.fill('#f-from', '15:00');
  await desk.fill('#f-to', '16:30');
  await desk.fill('#f-place', 'Via Capramozza 13, Bologna');
  await desk.fill('#f-video_link', 'meet.example.org/insieme');
  await desk.fill('#f-seats', '2');
  await desk.click('#new-session button[type=submit]');
  await desk.waitForURL(/e=session/);
  await desk.waitForSelector('#new-session .error-summary');
  assert.match(await desk.locator('#new-session .error-summary').textContent(), /https:\/\//);
  assert.equal(await desk.inputValue('#f-title'), 'لقاء إعلامي: كيف يعمل البرنامج');
  assert.equal(await desk.inputValue('#f-place'), 'Via Capramozza 13, Bologna');
  await desk.fill('#f-video_link', 'https://meet.example.org/insieme-ar');
  await desk.click('#new-session button[type=submit]');
  await desk.waitForURL(/\/staff\/sessions\/\d+\?ok=created/);
  await desk.waitForSelector('.notice.success');
  const sessionUrl = desk.url().split('?')[0];

  // The queue offers Arabic speakers first: Amina is among them. Two are invited; the seats are full.
  await hydrated(desk);
  const queue = desk.locator('#queue');
  const amina = queue.locator('label.choice', { hasText: reference });
  await amina.waitFor();
  assert.match(await amina.textContent(), /✓/);
  await amina.locator('input').check();
  const other = queue.locator('label.choice').filter({ hasNotText: reference }).first();
  const otherName = (await other.locator('bdi').first().textContent()).trim();
  await other.locator('input').check();
  await desk.click('#queue button[type=submit]');
  await desk.waitForURL(/ok=invited&n=2&m=0/);
  // The page renders again with the new list: wait for its notice, not the one before.
  await desk.waitForFunction(() => document.querySelector('.notice.success')?.textContent.includes('persone invitate'));
  assert.match(await desk.locator('.notice.success').textContent(), /2 persone invitate/);
  assert.match(await desk.locator('.parts', { hasText: 'posti' }).textContent(), /2 invitati su 2 posti/);
  assert.match(await desk.locator('.parts', { hasText: 'posti' }).textContent(), /Completo/);
  assert.equal(await desk.locator('#register .register-row').count(), 2);
  // A full session offers nobody from the queue: it says why instead.
  assert.match(await desk.locator('#queue').textContent(), /al completo/);
  assert.equal(await desk.locator('#queue input[type=checkbox]').count(), 0);
  await assertAccessible(desk, 'group session');
  await screenshot(desk, 'group-session-desktop');

  // Each message is for one person: Amina's names her meeting and nobody else.
  const told = await messageTo(desk, ctx.server.base, '+393205550101');
  assert.match(told, /لقاء إعلامي: كيف يعمل البرنامج/);
  assert.match(told, /https:\/\/meet\.example\.org\/insieme-ar/);
  assert.ok(!told.includes(otherName), `Amina's message names no one else: ${told}`);

  // Amina, on her phone in Arabic, sees her meeting and only hers.
  await phone.goto(link);
  await phone.waitForURL(/\/status/);
  await hydrated(phone);
  const mine = phone.locator('#group-sessions');
  await mine.waitFor();
  assert.equal(await phone.locator('html').getAttribute('dir'), 'rtl');
  assert.match(await mine.textContent(), /لقاء إعلامي: كيف يعمل البرنامج/);
  assert.match(await mine.textContent(), /Via Capramozza 13, Bologna/);
  assert.match(await mine.textContent(), /لا يرى المشاركون الآخرون اسمك/);
  assert.ok(!(await phone.locator('main').textContent()).includes(otherName));
  await assertAccessible(phone, 'status with a group session');
  await screenshot(phone, 'group-session-status-ar');
  await phone.context().close();

  // Without JavaScript she says she cannot come: a plain form.
  const nojs = await newPage(ctx.browser, { viewport: PHONE, locale: 'ar', javaScriptEnabled: false });
  await nojs.goto(link);
  await nojs.waitForURL(/\/status/);
  await nojs.click('#group-sessions button:has-text("لا أستطيع الحضور")');
  await nojs.waitForURL(/ok=group_declined/);
  assert.match(await nojs.locator('#group-sessions .notice.success').textContent(), /سيذهب مقعدك إلى شخص آخر/);
  assert.match(await nojs.locator('#group-sessions').textContent(), /قلتَ إنك لا تستطيع الحضور/);
  assert.equal(await nojs.locator('#group-sessions button').count(), 0);
  await screenshot(nojs, 'group-session-declined-ar-nojs');
  await nojs.context().close();
  assert.match(await messageTo(desk, ctx.server.base, '+393205550101'), /وصلتنا رسالتك/);

  // Her seat is free again. She calls back: she can come after all, and the secretariat invites
  // her again from her case.
  await desk.goto(sessionUrl);
  await hydrated(desk);
  assert.equal(await desk.locator('#register .register-row').count(), 1);
  assert.ok((await desk.locator('#queue input[type=checkbox]').count()) > 0, 'the freed seat can be offered again');
  assert.doesNotMatch(await desk.locator('#queue').textContent(), /al completo/);
  await desk.click('#register details summary');
  assert.match(await desk.locator('#register details').textContent(), /Ha detto che non può venire/);
  await desk.goto(`${ctx.server.base}/staff/queue`);
  await hydrated(desk);
  await desk.fill('#f-q', reference);
  await desk.click('.filters button[type=submit]');
  await desk.waitForURL(/search=/);
  await desk.locator('table.queue tbody tr a').first().click();
  await desk.waitForURL(/\/staff\/case\/\d+/);
  await hydrated(desk);
  await desk.waitForSelector('#group-sessions');
  assert.match(await desk.locator('#group-sessions').textContent(), /Ha detto che non può venire/);
  const option = await desk.locator('#group-choice option', { hasText: 'لقاء إعلامي' }).getAttribute('value');
  await desk.selectOption('#group-choice', option);
  await desk.click('#group-sessions button:has-text("Invita")');
  await desk.waitForURL(/ok=group_invited/);
  await desk.waitForSelector('#group-sessions .notice.success');
  await desk.waitForFunction(() => document.querySelector('#group-sessions ul.people')?.textContent.includes('Invitato'));
  await assertAccessible(desk, 'case with group sessions');

  // Cancelled: everyone still invited is told, and the event leaves their calendar.
  await desk.goto(sessionUrl);
  await hydrated(desk);
  await desk.click('details.danger summary');
  await desk.click('details.danger button.danger');
  await desk.waitForURL(/ok=cancelled&n=2/);
  await desk.waitForFunction(() => document.querySelector('.notice.success')?.textContent.includes('avvisate'));
  assert.match(await desk.locator('.notice.success').textContent(), /2 persone avvisate/);
  assert.match(await desk.locator('.parts .tag').first().textContent(), /Annullato/);
  assert.match(await messageTo(desk, ctx.server.base, '+393205550101'), /أُلغي لقاء/);
  const firstName = otherName.split(' ')[0];
  const sms = desk.locator('li.card', { hasText: `Ciao ${firstName}, l'incontro` }).filter({ hasText: 'è annullato' });
  assert.equal(await sms.count(), 1, `${otherName} is told once`);
  assert.deepEqual(desk.consoleErrors, []);
  await desk.context().close();
});

test('the register of a session takes one tap per person, with JavaScript and without', async () => {
  const tablet = await newPage(ctx.browser, { viewport: { width: 800, height: 1280 } });
  await logInStaff(tablet, ctx.server.base, 'professionista@insieme.demo');
  await tablet.waitForURL(/\/staff$/);
  await tablet.goto(`${ctx.server.base}/staff/sessions?past=1`);
  await hydrated(tablet);
  await tablet.locator('.cards.courses li', { hasText: 'Concluso' }).locator('h2 a').first().click();
  await tablet.waitForURL(/\/staff\/sessions\/\d+$/);
  await hydrated(tablet);
  const url = tablet.url();
  assert.match(await tablet.locator('#register [role=status]').textContent(), /3 segnati su 3/);
  const rows = tablet.locator('#register .register-row');
  assert.equal(await rows.count(), 3);
  const first = rows.first();
  const rowId = await first.getAttribute('id');
  const wasPresent = (await first.locator('button.present').getAttribute('aria-pressed')) === 'true';
  const tap = wasPresent ? 'absent' : 'present';
  await first.locator(`button.${tap}`).click();
  await tablet.waitForSelector(`#${rowId} button.${tap}[aria-pressed="true"]`);
  assert.match(await tablet.locator('#register [role=status]').textContent(), /3 segnati su 3/);
  assert.equal(await tablet.locator('details.danger').count(), 0, 'a past session cannot be cancelled');
  assert.equal(await tablet.locator('#queue').count(), 0, 'nor invited to');
  await assertAccessible(tablet, 'group register');
  await screenshot(tablet, 'group-register-tablet');

  const phone = await newPage(ctx.browser, { viewport: PHONE, javaScriptEnabled: false });
  await logInStaff(phone, ctx.server.base, 'segreteria@insieme.demo', { js: false });
  await phone.waitForURL(/\/staff$/);
  await phone.goto(url);
  const row = phone.locator('#register .register-row').nth(1);
  const name = (await row.locator('bdi').first().textContent()).trim();
  await row.locator('button.present').click();
  await phone.waitForURL(/#p\d+$/);
  assert.equal(
    await phone.locator('#register .register-row', { hasText: name }).locator('button.present').getAttribute('aria-pressed'),
    'true',
  );
  await screenshot(phone, 'group-register-phone-nojs');
  await phone.context().close();
  assert.deepEqual(tablet.consoleErrors, []);
  await tablet.context().close();
});
