// The secretariat's desk in a real browser at desktop size: log-in, the deadline queue, a case,
// a contact attempt; the admin's second factor and an invitation; with JavaScript on and off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, logInStaff, newPage, hydrated, assertAccessible, screenshot, totp, DEMO_PASSWORD, DESKTOP, PHONE } from './support.mjs';

const ADMIN_TOTP = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const ctx = useServerAndBrowser({ demo: true });

// A search for a person is posted and kept with the session: the address carries only a handle.
async function searchQueue(page, term) {
  await page.goto(`${ctx.server.base}/staff/queue`);
  // Typed after the client took over the page, so that hydration cannot clear it.
  await hydrated(page);
  await page.fill('#f-q', term);
  await page.click('.filters button[type=submit]');
  await page.waitForURL(/search=[0-9a-f]+/);
  assert.ok(!page.url().toLowerCase().includes(term), `${page.url()} keeps the search out of the address`);
  assert.equal(await page.inputValue('#f-q'), term);
}

const logIn = (page, email, options) => logInStaff(page, ctx.server.base, email, options);

/// The queue shows `n` rows (with JavaScript the old list stays while the new one loads).
const rowsBecome = (page, n) =>
  page.waitForFunction((n) => document.querySelectorAll('table.queue tbody tr').length === n, n);

const count = async (page, label) =>
  Number(await page.locator('.bands a', { hasText: label }).locator('.count').textContent());

{
  const js = true;
  test('the secretariat works the queue and logs a contact', async () => {
    const page = await newPage(ctx.browser, { viewport: DESKTOP, javaScriptEnabled: js });
    await logIn(page, 'segreteria@insieme.demo', { js });
    await page.waitForURL(/\/staff$/);
    await page.click('.staff-nav a[href="/staff/queue"]');
    await page.waitForURL(/\/staff\/queue/);
    if (js) await hydrated(page);
    // The demo applicants were received 2, 10, 23, 27, 31 and 38 days ago.
    assert.equal(await count(page, 'Nei tempi'), 2);
    assert.equal(await count(page, 'Scade questa settimana'), 2);
    assert.equal(await count(page, 'In ritardo'), 1);
    assert.equal(await count(page, 'Oltre il limite'), 1);
    const rows = page.locator('table.queue tbody tr');
    assert.equal(await rows.count(), 6);
    // Most urgent first: the one past the limit heads the list.
    assert.match(await rows.first().textContent(), /Popescu/);
    // Past the five weeks: the row gives the limit and how far past it the case is.
    assert.match(await rows.first().textContent(), /al più tardi il \d{1,2} [a-z]+ \d{4}/);
    assert.match(await rows.first().textContent(), /\d+ giorni oltre il limite/);
    await assertAccessible(page, 'queue');
    await screenshot(page, `queue-desktop-js-${js}`);

    await page.click('.bands a:has-text("Oltre il limite")');
    await page.waitForURL(/band=breached/);
    await rowsBecome(page, 1);

    await searchQueue(page, 'benali');
    await rowsBecome(page, 1);
    assert.match(await rows.first().textContent(), /Benali Ahmed/);

    // Self-assign in one click, then open the case.
    await rows.first().locator('button', { hasText: 'Prendo io' }).click();
    await page.waitForFunction(() => document.querySelector('table.queue tbody tr')?.textContent.includes('Sara Segreteria'));
    await rows.first().locator('a').first().click();
    await page.waitForURL(/\/staff\/case\/\d+/);
    if (js) await hydrated(page);
    await page.waitForSelector('#contact');
    await assertAccessible(page, 'case');
    await screenshot(page, `case-desktop-js-${js}`);
    await page.selectOption('#f-channel', 'phone');
    await page.check('input[name=outcome][value=reached]');
    await page.fill('#f-note', 'Disponibile il martedì <b>mattina</b>');
    await page.click('#contact button[type=submit]');
    await page.waitForURL(/ok=contact/);
    await page.waitForSelector('.notice.success');
    // The notice comes with the address; the record follows when the case's data is reloaded.
    await page.waitForFunction(() => document.querySelector('.history')?.textContent.includes('Raggiunta'));
    const history = await page.locator('.history').first().textContent();
    assert.match(history, /Raggiunta/);
    assert.match(history, /<b>mattina<\/b>/, 'the note is shown as text, never as markup');
    assert.match(await page.locator('.case-head').textContent(), /Contattata/);

    // The contacted person leaves the queue.
    await searchQueue(page, 'benali');
    await page.waitForSelector('p.empty');
    assert.equal(await page.locator('table.queue tbody tr').count(), 0);
    await page.context().close();
  });
}

test('without JavaScript the queue filters and the contact form still work', async () => {
  const page = await newPage(ctx.browser, { viewport: DESKTOP, javaScriptEnabled: false });
  await logIn(page, 'segreteria@insieme.demo', { js: false });
  await page.waitForURL(/\/staff$/);
  await page.goto(`${ctx.server.base}/staff/queue?band=late`);
  const rows = page.locator('table.queue tbody tr');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().textContent(), /El Amrani/);
  await page.selectOption('#f-comune', '037006');
  await page.click('.filters button[type=submit]');
  await page.waitForURL(/comune=037006/);
  assert.equal(await rows.count(), 1);
  await rows.first().locator('a').first().click();
  await page.waitForURL(/\/staff\/case\/\d+/);
  await page.selectOption('#f-channel', 'phone');
  await page.check('input[name=outcome][value=no_answer]');
  await page.click('#contact button[type=submit]');
  await page.waitForURL(/ok=contact/);
  assert.match(await page.locator('.history').first().textContent(), /Nessuna risposta/);
  assert.match(await page.locator('.case-head').textContent(), /In attesa del primo contatto/);
  await page.context().close();
});

test('an admin needs the one-time code, invites a colleague who chooses a password', async () => {
  const page = await newPage(ctx.browser, { viewport: DESKTOP });
  await logIn(page, 'admin@insieme.demo');
  await page.waitForURL(/\/staff\/code/);
  await hydrated(page);
  // Without the code nothing of the admin pages opens.
  const early = await page.request.post(`${ctx.server.base}/api/list_accounts`, { headers: { origin: ctx.server.base, accept: 'application/json' } });
  assert.equal(early.status(), 403);
  await page.fill('#f-code', '000000');
  await page.click('button[type=submit].primary');
  await page.waitForURL(/e=code/);
  await page.waitForSelector('.error-summary');
  await page.fill('#f-code', totp(ADMIN_TOTP));
  await page.click('button[type=submit].primary');
  await page.waitForURL(/\/staff$/);
  await page.click('.staff-nav a[href="/staff/accounts"]');
  await page.waitForURL(/\/staff\/accounts/);
  await hydrated(page);
  await assertAccessible(page, 'accounts');
  await screenshot(page, 'accounts-desktop');
  // Her own row offers no reset of her second factor and no ending of her sessions from here.
  const own = page.locator('tr', { has: page.locator('th', { hasText: 'Alessandra Admin' }) });
  assert.equal(await own.locator('button', { hasText: 'Azzera il secondo fattore' }).count(), 0);
  assert.equal(await own.locator('button', { hasText: 'Chiudi le sessioni' }).count(), 0);
  assert.match(await own.textContent(), /Sessioni aperte: 1/);
  await page.fill('#f-name', 'Nadia Nuova');
  await page.fill('#f-email', 'nadia@insieme.demo');
  await page.check('#invite input[name="roles[secretariat]"]');
  await page.click('#invite button[type=submit]');
  await page.waitForURL(/ok=invited/);
  await page.waitForSelector('text=nadia@insieme.demo');

  const mail = await (await fetch(`${ctx.server.base}/dev/mail`)).text();
  const link = mail.match(/http:\/\/127\.0\.0\.1:\d+\/staff\/invite\/[0-9a-f]{64}/)[0];
  const nadia = await newPage(ctx.browser, { viewport: PHONE });
  await nadia.goto(link);
  await nadia.waitForURL(/\/staff\/welcome$/);
  await hydrated(nadia);
  await assertAccessible(nadia, 'welcome');
  await nadia.fill('#f-password', 'password1234');
  await nadia.fill('#f-confirm', 'password1234');
  await nadia.click('button[type=submit].primary');
  await nadia.waitForURL(/e=common/);
  await nadia.waitForSelector('.error-summary');
  await nadia.fill('#f-password', 'tortellini in brodo a natale');
  await nadia.fill('#f-confirm', 'tortellini in brodo a natale');
  await nadia.click('button[type=submit].primary');
  await nadia.waitForURL(/ok=password/);
  await nadia.fill('#f-email', 'nadia@insieme.demo');
  await nadia.fill('#f-password', 'tortellini in brodo a natale');
  await nadia.click('button[type=submit].primary');
  await nadia.waitForURL(/\/staff$/);
  await nadia.goto(`${ctx.server.base}/staff/queue`);
  await nadia.waitForSelector('table.queue');
  await nadia.context().close();

  // The audit log shows who opened which record, filtered by action; the dashboard draws the figures.
  await page.goto(`${ctx.server.base}/staff/audit?action=case_opened`);
  await hydrated(page);
  await page.waitForSelector('table tbody tr');
  assert.match(await page.locator('table tbody').textContent(), /Sara Segreteria.*case_opened/s);
  await assertAccessible(page, 'audit');
  await page.goto(`${ctx.server.base}/staff/dashboard`);
  await hydrated(page);
  await page.waitForSelector('svg.chart');
  await assertAccessible(page, 'dashboard');
  await screenshot(page, 'dashboard-desktop');
  // Numbers in the interface's language, and a count that says what it counts.
  const figures = await page.locator('dl.figures').textContent();
  assert.match(figures, /\d+,\d/, 'Italian decimals take a comma');
  assert.match(figures, /\d+% di \d+ colloqu(io fissato|i fissati)/);
  assert.ok(await page.locator('svg.chart text.period').count() > 0, 'each bar says its week');
  // The same in Arabic, right to left: Latin digits, the decimal comma, the Arabic words.
  await page.goto(`${ctx.server.base}/lang/ar?next=/staff/dashboard`);
  await page.waitForSelector('svg.chart');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  const arabic = await page.locator('dl.figures').textContent();
  assert.match(arabic, /\d+,\d/);
  assert.match(arabic, /من المقابلات المحددة/);
  await screenshot(page, 'dashboard-desktop-ar');
  await page.goto(`${ctx.server.base}/lang/it?next=/staff/dashboard`);
  await page.waitForSelector('svg.chart');
  const csv = await page.request.get(`${ctx.server.base}/staff/dashboard.csv`);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'], /text\/csv/);
  assert.match(await csv.text(), /^period,start,received/);
  const anonymousCsv = await fetch(`${ctx.server.base}/staff/dashboard.csv`, { redirect: 'manual' });
  assert.equal(anonymousCsv.status, 303);

  // Log-out ends the session: the queue then sends back to the log-in page.
  await page.click('.staff-nav button:has-text("Esci")');
  await page.waitForURL(/\/staff\/login\?ok=out/);
  await page.goto(`${ctx.server.base}/staff/accounts`);
  await page.waitForURL(/\/staff\/login/);
  await page.context().close();
});

test('staff pages are closed to applicants and other roles', async () => {
  const anonymous = await fetch(`${ctx.server.base}/api/load_queue`, { method: 'POST', headers: { origin: ctx.server.base, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
  assert.equal(anonymous.status, 401);
  const page = await newPage(ctx.browser, { viewport: PHONE });
  await logIn(page, 'tutor@insieme.demo');
  await page.waitForURL(/\/staff$/);
  const r = await page.request.post(`${ctx.server.base}/api/load_queue`, { headers: { origin: ctx.server.base, accept: 'application/json' }, form: {} });
  assert.equal(r.status(), 403);
  assert.equal(r.headers()['cache-control'], 'no-store');
  await page.context().close();
});

test('an interview is booked during the call, moved by the applicant on a phone, then assessed', async () => {
  const desk = await newPage(ctx.browser, { viewport: DESKTOP });
  await logIn(desk, 'segreteria@insieme.demo');
  await desk.waitForURL(/\/staff$/);
  await searchQueue(desk, 'bianchi');
  await hydrated(desk);
  await desk.locator('table.queue tbody tr a').first().click();
  await desk.waitForURL(/\/staff\/case\/\d+/);
  const caseUrl = desk.url();
  await desk.waitForSelector('#interview input[name=slot]');
  // No slot on a public holiday (8 December, Christmas, Easter Monday…) or on San Petronio.
  const keys = await desk.locator('#interview input[name=slot]').evaluateAll((inputs) => inputs.map((i) => i.value));
  const closed = new Set(['01-01', '01-06', '04-25', '05-01', '06-02', '08-15', '11-01', '12-08', '12-25', '12-26', '10-04', '2027-03-29', '2028-04-17']);
  for (const key of keys) {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome' }).format(new Date(Number(key.split('-')[1]) * 1000));
    assert.ok(!closed.has(day.slice(5)) && !closed.has(day), `a slot on ${day}`);
  }
  // On a desktop the actions stand beside the facts, and free slots are a week grid.
  const facts = await desk.locator('.case-facts').boundingBox();
  const actions = await desk.locator('.case-actions').boundingBox();
  assert.ok(actions.x >= facts.x + facts.width, 'the actions beside the facts');
  assert.ok(await desk.locator('#interview table.slot-week').count() >= 1);
  await screenshot(desk, 'case-slots-desktop');
  // The mode filter shows one mode's slots only, without a script of its own.
  const modes = await desk.locator('.slot-filter input[id^=slot-mode-]:not(#slot-mode-all)').evaluateAll((inputs) => inputs.map((i) => i.id.slice('slot-mode-'.length)));
  if (modes.length > 1) {
    const mode = modes[modes.length - 1];
    await desk.check(`#slot-mode-${mode}`);
    const shown = await desk.locator('#interview .slot:visible').evaluateAll((slots) => slots.map((s) => s.dataset.mode));
    assert.ok(shown.length > 0 && shown.every((m) => m === mode), `only ${mode}: ${shown}`);
    await desk.check('#slot-mode-all');
  }
  await desk.locator('#interview input[name=slot]').first().check();
  await desk.check('#interview input[name=wants_earlier]');
  await desk.click('#interview button[type=submit].primary');
  await desk.waitForURL(/ok=booked/);
  await desk.waitForSelector('#interview .card');
  // The interview section can show the booking before the case's own data is reloaded.
  await desk.waitForFunction(() => document.querySelector('.case-head')?.textContent.includes('Colloquio fissato'));
  // The booking says what it did, and only that.
  const notices = await desk.locator('.notice.success').allTextContents();
  assert.deepEqual(notices.map((n) => n.trim()), ['Colloquio fissato. La persona riceve la conferma per SMS e, se ha un\'email, con l\'invito per il calendario.']);
  await assertAccessible(desk, 'case with interview');
  await screenshot(desk, 'case-interview-desktop');

  // The applicant got an SMS and an email with the calendar invitation and a status link.
  const mail = await (await fetch(`${ctx.server.base}/dev/mail`)).text();
  assert.match(mail, /colloquio con Insieme per il lavoro è/);
  const link = [...mail.matchAll(/http:\/\/127\.0\.0\.1:\d+\/s\/[0-9a-f]{64}/g)].pop()[0];

  const phone = await newPage(ctx.browser, { viewport: PHONE });
  await phone.goto(link);
  await phone.waitForURL(/\/status$/);
  await hydrated(phone);
  await phone.waitForSelector('#interview');
  // One current situation: the interview step is current, and no past promise of a call is shown.
  assert.equal(await phone.locator('.progress [aria-current=step]').textContent(), 'Colloquio');
  assert.equal(await phone.locator('.progress li.done').count(), 2);
  assert.doesNotMatch(await phone.textContent('main'), /ti contatterà entro/);
  // She adds an email address, where the calendar messages go.
  await phone.fill('#f-email', 'giulia.bianchi@example.it');
  await phone.click('form:has(#f-mobile) button');
  await phone.waitForURL(/ok=contacts/);
  await phone.waitForSelector('#interview');
  const before = await phone.locator('#interview .lead').textContent();
  await phone.click('#interview summary');
  await phone.locator('#interview input[name=slot]').nth(1).check();
  await phone.click('#interview details button[type=submit]');
  await phone.waitForURL(/ok=moved/);
  await phone.waitForSelector('#interview .notice.success');
  assert.notEqual(await phone.locator('#interview .lead').textContent(), before);
  // Her calendar loses the old event (a CANCEL of its UID, a higher SEQUENCE) and gets the new one.
  const outbox = await (await fetch(`${ctx.server.base}/dev/mail`)).text();
  const calendars = [...outbox.matchAll(/BEGIN:VCALENDAR[\s\S]*?END:VCALENDAR/g)].map((m) => m[0].replace(/\r?\n /g, ''));
  const uidOf = (ics) => ics.match(/UID:(\S+)/)[1];
  const cancel = calendars.find((c) => c.includes('METHOD:CANCEL'));
  assert.ok(cancel, 'the old event is cancelled');
  assert.match(cancel, /SEQUENCE:1/);
  const bookedStart = keys[0].split('-')[1];
  assert.ok(uidOf(cancel).includes(`-${bookedStart}@`), `the cancellation names the booking first made: ${uidOf(cancel)}`);
  const request = calendars.find((c) => c.includes('METHOD:REQUEST'));
  assert.ok(request && uidOf(request) !== uidOf(cancel), 'and the new time is a new event');
  assert.match(request, /SEQUENCE:0/);
  assert.match(request, /ORGANIZER;CN="?Insieme per il lavoro"?:mailto:noreply@/);
  await assertAccessible(phone, 'status with interview');
  await screenshot(phone, 'status-interview-phone');
  await phone.context().close();

  // The professional records the assessment.
  const pro = await newPage(ctx.browser, { viewport: DESKTOP });
  await logIn(pro, 'professionista@insieme.demo');
  await pro.waitForURL(/\/staff$/);
  await pro.goto(caseUrl);
  await hydrated(pro);
  await pro.waitForSelector('#assessment');
  await pro.check('#assessment input[name="a[paths__basic_training]"]');
  await pro.check('#assessment input[name="a[skills__warehouse]"]');
  await pro.selectOption('#f-motivation', '4');
  await pro.selectOption('#f-italian', 'B1');
  await pro.click('#assessment button[type=submit].primary');
  await pro.waitForURL(/ok=assessed/);
  await pro.waitForSelector('text=Formazione di base');
  await pro.waitForFunction(() => document.querySelector('.case-head')?.textContent.includes('Valutata'));
  await assertAccessible(pro, 'case assessed');
  // The path starts with the plan: the suggestion from the assessment, with a goal.
  await pro.waitForSelector('#plan details.plan-edit[open]');
  assert.equal(await pro.inputValue('#f-c0_kind'), 'italian_l2');
  await pro.fill('#f-c0_goal', 'Italiano per il lavoro');
  await pro.click('#plan button[type=submit].primary');
  await pro.waitForURL(/ok=plan/);
  await pro.waitForFunction(() => document.querySelector('.case-head')?.textContent.includes('In percorso'));
  await pro.context().close();
  await desk.context().close();

  // The applicant's page now shows the last step as the current one, and no past appointment.
  const later = await newPage(ctx.browser, { viewport: PHONE });
  await later.goto(link);
  await later.waitForURL(/\/status$/);
  assert.equal(await later.locator('.progress [aria-current=step]').textContent(), 'Percorso personale');
  assert.equal(await later.locator('.progress li.done').count(), 3);
  await screenshot(later, 'status-in-path-phone');
  await later.context().close();
});

test('a staff member sees where they are logged in, and a new password ends the other sessions', async () => {
  // Teresa is logged in on her phone and, without JavaScript, on a desktop.
  const phone = await newPage(ctx.browser, { viewport: PHONE });
  await logIn(phone, 'tutor@insieme.demo');
  await phone.waitForURL(/\/staff$/);
  const desk = await newPage(ctx.browser, { viewport: DESKTOP, javaScriptEnabled: false });
  await logIn(desk, 'tutor@insieme.demo', { js: false });
  await desk.waitForURL(/\/staff$/);
  await desk.click('a[href="/staff/account"] >> nth=0');
  await desk.waitForURL(/\/staff\/account$/);
  const sessions = desk.locator('#sessions li');
  assert.ok(await sessions.count() >= 2, 'both sessions are listed');
  assert.match(await desk.locator('#sessions li.current').textContent(), /Questa sessione/);
  assert.match(await desk.locator('#sessions').textContent(), /Chrome · Linux/);
  await screenshot(desk, 'my-account-desktop-nojs');

  // A wrong current password is refused beside its field.
  await desk.fill('#f-current', 'not my password at all');
  await desk.fill('#f-password', 'tram-lungo-porta-saragozza-19');
  await desk.fill('#f-confirm', 'tram-lungo-porta-saragozza-19');
  await desk.click('#password button[type=submit]');
  await desk.waitForURL(/e=current/);
  assert.match(await desk.locator('#current-error').textContent(), /password attuale non è giusta/);

  await desk.fill('#f-current', DEMO_PASSWORD);
  await desk.fill('#f-password', 'tram-lungo-porta-saragozza-19');
  await desk.fill('#f-confirm', 'tram-lungo-porta-saragozza-19');
  assert.ok(await desk.isChecked('input[name=end_others]'), 'ending the other sessions is the default');
  await desk.click('#password button[type=submit]');
  await desk.waitForURL(/ok=password_changed/);
  assert.match(await desk.textContent('main'), /Password cambiata/);
  assert.equal(await sessions.count(), 1, 'only this session is left');

  // The phone's session has ended.
  await phone.goto(`${ctx.server.base}/staff/account`);
  await phone.waitForURL(/\/staff\/login/);
  // A fresh log-in page, taken over by its client before typing (the redirect above is client-side).
  await phone.goto(`${ctx.server.base}/staff/login`);
  await hydrated(phone);
  await phone.fill('#f-email', 'tutor@insieme.demo');
  await phone.fill('#f-password', 'tram-lungo-porta-saragozza-19');
  await phone.click('button[type=submit].primary');
  await phone.waitForURL(/\/staff$/);
  await phone.goto(`${ctx.server.base}/staff/account`);
  await hydrated(phone);
  await phone.waitForSelector('#sessions li');
  await assertAccessible(phone, 'my-account');
  await screenshot(phone, 'my-account-phone');
  // From the phone she ends the desktop's session.
  await phone.locator('#sessions li:not(.current) button').first().click();
  await phone.waitForURL(/ok=session_ended/);
  await phone.waitForFunction(() => document.querySelectorAll('#sessions li').length === 1);
  await desk.goto(`${ctx.server.base}/staff/account`);
  await desk.waitForURL(/\/staff\/login/);
  await phone.context().close();
  await desk.context().close();
});

test('staff pages read no signal outside a reactive context (no Leptos warning in the browser)', async () => {
  const page = await newPage(ctx.browser, { viewport: DESKTOP });
  const warnings = [];
  page.on('console', (m) => { if (/reactive tracking context/.test(m.text())) warnings.push(`${page.url()}: ${m.text().slice(0, 200)}`); });
  await page.goto(`${ctx.server.base}/staff/login?e=invalid`);
  await hydrated(page);
  await logIn(page, 'segreteria@insieme.demo');
  await page.waitForURL(/\/staff$/);
  for (const path of ['/staff/queue', '/staff/case/1?e=note', '/staff/board', '/staff/companies', '/staff/account?e=current', '/staff/dashboard']) {
    await page.goto(`${ctx.server.base}${path}`);
    await hydrated(page);
  }
  assert.deepEqual(warnings, []);
  await page.context().close();
});
