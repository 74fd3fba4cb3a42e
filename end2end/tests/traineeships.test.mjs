// Traineeships on the demo data: the secretariat sets the terms of a traineeship from the board's
// "traineeship" stage (a refused form keeps what was typed); the tutor, on a 360×640 phone, marks
// presence and writes a note with no network, and once the network returns exactly one of each
// is stored, even when the device sends them again; the same works with JavaScript off; a concern
// reaches the professional who owns the case, by email and on their home page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, logInStaff, newPage, hydrated, assertAccessible, screenshot, DESKTOP, PHONE } from './support.mjs';

const ctx = useServerAndBrowser({ demo: true });

async function mailTo(page, base, recipient, pattern) {
  await page.goto(`${base}/dev/mail`);
  const item = page.locator('li', { hasText: recipient }).filter({ hasText: pattern }).first();
  await item.waitFor();
  return item.textContent();
}

/// The tutor's phone, logged in, on "my people today".
async function tutorPhone({ js = true } = {}) {
  const phone = await newPage(ctx.browser, { viewport: PHONE, javaScriptEnabled: js });
  await logInStaff(phone, ctx.server.base, 'tutor@insieme.demo', { js });
  await phone.waitForURL(/\/staff$/);
  await phone.click('a.button:has-text("Le mie persone oggi")');
  await phone.waitForURL(/\/staff\/tutor$/);
  if (js) await hydrated(phone);
  return phone;
}

/// The traineeship page of `name`, as the secretariat sees it.
async function secretariatView(name) {
  const desk = await newPage(ctx.browser, { viewport: DESKTOP });
  await logInStaff(desk, ctx.server.base, 'segreteria@insieme.demo');
  await desk.waitForURL(/\/staff$/);
  return {
    desk,
    async open(id) {
      await desk.goto(`${ctx.server.base}/staff/traineeship/${id}`);
      await desk.waitForSelector('dl.facts');
      assert.match(await desk.locator('h1').textContent(), new RegExp(name));
      return {
        presence: await desk.locator('dl.facts').textContent(),
        notes: await desk.locator('ul.notes').textContent().catch(() => ''),
      };
    },
  };
}

test('the secretariat sets the terms of a traineeship from the board', async () => {
  const desk = await newPage(ctx.browser, { viewport: DESKTOP });
  await logInStaff(desk, ctx.server.base, 'segreteria@insieme.demo');
  await desk.waitForURL(/\/staff$/);
  // Samira is at the "traineeship" stage of the cooperative's warehouse position.
  await desk.goto(`${ctx.server.base}/staff/board`);
  await desk.click('a:has-text("Addetto/a al magazzino")');
  await desk.waitForURL(/\/staff\/position\/\d+/);
  const card = desk.locator('.column[data-stage=traineeship] .proposal', { hasText: 'Haddad' });
  await card.locator('a', { hasText: 'Tirocinio: condizioni e tutor' }).click();
  await desk.waitForURL(/\/staff\/traineeship\/new\/\d+$/);
  await hydrated(desk);
  await assertAccessible(desk, 'traineeship form');
  // Without objectives and with an allowance that is not a number, the form is refused beside
  // each field, and what was typed stays.
  await desk.selectOption('#f-company_tutor', { label: 'Chiara Rossi' });
  await desk.selectOption('#f-tutor', { label: 'Teresa Tutor' });
  await desk.fill('#f-allowance', 'cinquecento');
  await desk.fill('#f-weekly_hours', '25');
  await desk.click('button[type=submit].primary');
  await desk.waitForURL(/e=form/);
  await desk.waitForSelector('.error-summary');
  const summary = await desk.locator('.error-summary').textContent();
  assert.match(summary, /almeno un obiettivo/);
  assert.match(summary, /indennità mensile/);
  assert.equal(await desk.inputValue('#f-weekly_hours'), '25');
  assert.equal(await desk.inputValue('#f-allowance'), 'cinquecento');
  await desk.fill('#f-objectives', 'Ricevere la merce e controllarla\nUsare il palmare\nPreparare gli ordini');
  await desk.fill('#f-allowance', '500');
  await desk.click('button[type=submit].primary');
  await desk.waitForURL(/\/staff\/traineeship\/\d+\?ok=created/);
  await desk.waitForSelector('dl.facts');
  const facts = await desk.locator('dl.facts').textContent();
  assert.match(facts, /Chiara Rossi/);
  assert.match(facts, /Teresa Tutor/);
  assert.match(facts, /500,00 €/);
  assert.equal(await desk.locator('ol.objectives li').count(), 3);
  await assertAccessible(desk, 'traineeship page');
  await screenshot(desk, 'traineeship-desktop');
  // The training project prints for signing; the signed copy comes back as a PDF.
  const traineeshipUrl = desk.url().split('?')[0];
  await desk.click('a:has-text("Stampa il progetto formativo")');
  await desk.waitForSelector('article.project');
  const project = await desk.locator('article.project').textContent();
  assert.match(project, /Samira Haddad/);
  assert.match(project, /Cooperativa Sociale Il Ponte/);
  assert.match(project, /Usare il palmare/);
  await assertAccessible(desk, 'training project');
  await desk.emulateMedia({ media: 'print' });
  assert.equal(await desk.locator('.staff-nav').isVisible(), false, 'the site is left out of the print');
  await screenshot(desk, 'training-project-print');
  await desk.emulateMedia({ media: 'screen' });
  await desk.goto(traineeshipUrl);
  await desk.setInputFiles('#project-pdf', { name: 'firmato.txt', mimeType: 'text/plain', buffer: Buffer.from('non un pdf') });
  await desk.click('#project button[type=submit]');
  await desk.waitForURL(/e=project/);
  assert.match(await desk.locator('.notice.error').textContent(), /PDF/);
  await desk.setInputFiles('#project-pdf', { name: 'firmato.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') });
  await desk.click('#project button[type=submit]');
  await desk.waitForURL(/ok=project/);
  await desk.waitForSelector('#project a:has-text("Copia firmata")');
  // The board's card now leads to it, and the case page lists it.
  await desk.click('a:has-text("Torna alla pratica")');
  await desk.waitForSelector('#traineeships');
  assert.match(await desk.locator('#traineeships').textContent(), /Addetto\/a al magazzino/);
});

test('a tutor on a phone marks presence and writes a note offline; once online exactly one of each is stored', async () => {
  const phone = await tutorPhone();
  const kwame = phone.locator('.today-item', { hasText: 'Kwame Mensah' });
  await kwame.waitFor();
  await assertAccessible(phone, 'tutor today');
  await kwame.locator('h2 a').click();
  await phone.waitForURL(/\/staff\/tutor\/\d+$/);
  await hydrated(phone);
  const id = phone.url().match(/tutor\/(\d+)/)[1];
  await assertAccessible(phone, 'tutor traineeship');

  // No network: a tap and a note are kept on the phone, shown as waiting to send.
  await phone.context().setOffline(true);
  await phone.locator('button.mark.present').first().click();
  await phone.check('input[name="f[preset_on_time]"]');
  await phone.fill('textarea[name="f[text]"]', 'Oggi ha preparato da solo tre ordini.');
  await phone.click('.note-form button[type=submit]');
  await phone.waitForFunction(() => document.querySelector('.outbox .waiting')?.textContent.includes('2 in attesa di invio'));
  assert.match(await phone.locator('.outbox').textContent(), /Senza rete/);
  assert.equal(await phone.locator('button.mark.present').first().getAttribute('aria-pressed'), 'true');
  assert.equal(await phone.inputValue('textarea[name="f[text]"]'), '', 'the note left the form for the queue');
  const kept = await phone.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('insieme.tutor.')).map((k) => localStorage.getItem(k)).join(''));
  assert.match(kept, /Oggi ha preparato da solo tre ordini/);
  await screenshot(phone, 'tutor-offline-phone');

  // The network returns: both are sent, the list empties, and the note is in the page.
  await phone.context().setOffline(false);
  await phone.waitForFunction(() => !document.querySelector('.outbox .waiting'), null, { timeout: 40000 });
  await phone.waitForSelector('ul.notes li:has-text("Oggi ha preparato da solo tre ordini")');
  assert.equal(await phone.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('insieme.tutor.')).length), 0);

  // The device sends the same two again (an answer lost on the way): nothing is recorded twice.
  const queue = JSON.parse(kept);
  assert.equal(queue.length, 2);
  for (const item of queue) {
    const body = new URLSearchParams({ traineeship_id: String(item.traineeship_id), kind: item.kind, key: item.key, written_at: String(item.written_at), queued: 'true' });
    for (const [k, v] of Object.entries(item.fields)) body.append(`f[${k}]`, v);
    const answer = await phone.evaluate(async (b) => (await fetch('/api/tutor_submit', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: b })).text(), body.toString());
    assert.match(answer, /AlreadyRecorded/);
  }
  const { desk, open } = await secretariatView('Kwame Mensah');
  const seen = await open(id);
  assert.match(seen.notes, /Oggi ha preparato da solo tre ordini/);
  assert.equal(seen.notes.split('Oggi ha preparato da solo tre ordini').length - 1, 1, 'one note');
  const present = Number(seen.presence.match(/(\d+) presenze/)[1]);
  // The demo marked some earlier days; today's mark is one more, once.
  await phone.reload();
  await hydrated(phone);
  assert.equal(await phone.locator('button.mark.present').first().getAttribute('aria-pressed'), 'true');
  assert.ok(present >= 1);
  await desk.goto(`${ctx.server.base}/staff/traineeship/${id}`);
  await desk.waitForSelector('dl.facts');
  assert.equal(Number((await desk.locator('dl.facts').textContent()).match(/(\d+) presenze/)[1]), present, 'a reload sends nothing again');

  // Logging out clears what the device kept.
  await phone.evaluate(() => localStorage.setItem('insieme.tutor.999.queue', '[]'));
  await phone.click('nav.staff-nav button:has-text("Esci")');
  await phone.waitForURL(/\/staff\/login/);
  assert.equal(await phone.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('insieme.tutor.')).length), 0);
});

test('without JavaScript the tutor marks presence and writes notes with plain forms, once each', async () => {
  const phone = await tutorPhone({ js: false });
  const kwame = phone.locator('.today-item', { hasText: 'Kwame Mensah' });
  await kwame.locator('button.mark.justified').click();
  await phone.waitForURL(/ok=presence/);
  assert.equal(await phone.locator('.today-item', { hasText: 'Kwame Mensah' }).locator('button.mark.justified').getAttribute('aria-pressed'), 'true');
  await screenshot(phone, 'tutor-today-nojs-phone');
  await phone.locator('.today-item', { hasText: 'Kwame Mensah' }).locator('h2 a').click();
  await phone.waitForURL(/\/staff\/tutor\/\d+$/);
  const detail = phone.url();
  // An empty note is refused, and says why.
  await phone.click('.note-form button[type=submit]');
  await phone.waitForURL(/e=note/);
  assert.match(await phone.locator('.notice.error').textContent(), /non è stata salvata/);
  assert.match(await phone.locator('.error-summary').textContent(), /Scelga una frase o scriva qualcosa/);
  await phone.check('input[name="f[preset_team]"]');
  await phone.fill('textarea[name="f[text]"]', 'Nota scritta senza JavaScript.');
  let posted = null;
  phone.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/tutor_submit')) posted = r.postData(); });
  await phone.click('.note-form button[type=submit]');
  await phone.waitForURL(/ok=note/);
  await phone.waitForSelector('ul.notes li:has-text("Nota scritta senza JavaScript.")');
  // The same form arrives a second time (a double tap, a retry on a poor line): nothing more.
  assert.match(posted, /key=[0-9a-f]{32}/);
  const again = await phone.request.post(`${ctx.server.base}/api/tutor_submit`, {
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html,application/xhtml+xml', referer: phone.url() }, data: posted, maxRedirects: 0,
  });
  assert.match(again.headers()['location'] ?? '', /ok=already/);
  await phone.reload();
  const count = await phone.locator('ul.notes li', { hasText: 'Nota scritta senza JavaScript.' }).count();
  assert.equal(count, 1, 'the resent form is recorded once');
  assert.equal(phone.url().startsWith(detail), true);
  await screenshot(phone, 'tutor-detail-nojs-phone');
});

test('a concern flag reaches the professional who owns the case', async () => {
  const phone = await tutorPhone();
  await phone.locator('.today-item', { hasText: 'Kwame Mensah' }).locator('h2 a').click();
  await phone.waitForURL(/\/staff\/tutor\/\d+$/);
  await hydrated(phone);
  await phone.check('input[name="f[preset_worried]"]');
  await phone.fill('textarea[name="f[text]"]', 'Dice di avere problemi con la casa.');
  await phone.check('input[name="f[concern]"]');
  await phone.click('.note-form button[type=submit]');
  await phone.waitForSelector('ul.notes li.concern:has-text("problemi con la casa")');

  const mail = await mailTo(phone, ctx.server.base, 'professionista@insieme.demo', 'segnalazione');
  assert.match(mail, /Teresa Tutor/);
  assert.match(mail, /\/staff\/traineeship\/\d+/);
  assert.doesNotMatch(mail, /problemi con la casa/, 'the note itself stays behind the log-in');

  const pro = await newPage(ctx.browser, { viewport: DESKTOP });
  await logInStaff(pro, ctx.server.base, 'professionista@insieme.demo');
  await pro.waitForURL(/\/staff$/);
  await pro.waitForSelector('#concerns');
  assert.match(await pro.locator('#concerns').textContent(), /Kwame Mensah.*problemi con la casa/s);
  await hydrated(pro);
  await assertAccessible(pro, 'home with concerns');
  await screenshot(pro, 'concerns-desktop');
  await pro.locator('#concerns button', { hasText: 'Segna come letta' }).first().click();
  await pro.waitForURL(/ok=concern_seen/);
  await pro.waitForFunction(() => !document.querySelector('#concerns'));
});

test('the company tutor records a final evaluation on the portal, for their own trainees only', async () => {
  const phone = await newPage(ctx.browser, { viewport: PHONE });
  await phone.goto(`${ctx.server.base}/company/login`);
  await hydrated(phone);
  await phone.fill('#f-email', 'azienda@insieme.demo');
  await phone.click('button[type=submit].primary');
  await phone.waitForURL(/ok=sent/);
  await phone.goto(`${ctx.server.base}/dev/mail`);
  const body = await phone.locator('.mail li', { has: phone.locator('.recipient', { hasText: 'azienda@insieme.demo' }) }).first().locator('pre').textContent();
  const link = body.match(/https?:\/\/[^\s]+\/company\/link\/[0-9a-f]+/)[0];
  await phone.goto(link);
  await phone.waitForURL(/\/company\/signin/);
  await hydrated(phone);
  await phone.click('button[type=submit].primary');
  await phone.waitForURL(/\/company$/);
  await hydrated(phone);
  const kwame = phone.locator('#trainees article.trainee', { hasText: 'Kwame Mensah' });
  await kwame.waitFor();
  assert.equal(await phone.locator('#trainees article.trainee').count(), 1, 'only the traineeships already under way that name this contact');
  await assertAccessible(phone, 'portal trainees');

  // The evaluation: refused without its answers, then saved.
  await kwame.locator('summary', { hasText: 'Valutazione del tutor aziendale' }).click();
  await kwame.locator('button', { hasText: 'Salva la valutazione' }).click();
  await phone.waitForURL(/trainee_e=evaluation/);
  const refused = phone.locator('#trainees article.trainee', { hasText: 'Kwame Mensah' });
  assert.match(await refused.locator('.error-summary').textContent(), /competenze osservate/);
  await refused.locator('input[name="f[kind]"][value=final]').check();
  await refused.locator('textarea[name="f[skills]"]').fill('Prepara gli ordini da solo, usa il palmare, rispetta le regole di sicurezza.');
  await refused.locator('input[name="f[punctuality]"][value="4"]').check();
  await refused.locator('input[name="f[autonomy]"][value="3"]').check();
  await refused.locator('input[name="f[recommendation]"][value=hire]').check();
  await refused.locator('button', { hasText: 'Salva la valutazione' }).click();
  await phone.waitForURL(/trainee_ok=evaluation/);
  await phone.waitForSelector('#trainees .evaluation:has-text("Valutazione finale")');
  await screenshot(phone, 'portal-evaluation-phone');

  // The programme sees it on the traineeship.
  const desk = await newPage(ctx.browser, { viewport: DESKTOP });
  await logInStaff(desk, ctx.server.base, 'segreteria@insieme.demo');
  await desk.waitForURL(/\/staff$/);
  const id = await kwame.getAttribute('id');
  await desk.goto(`${ctx.server.base}/staff/traineeship/${id.slice(1)}`);
  await desk.waitForSelector('.evaluation');
  const seen = await desk.locator('.evaluation').textContent();
  assert.match(seen, /Valutazione finale/);
  assert.match(seen, /Chiara Rossi/);
  assert.match(seen, /4 · Ottima/);
  assert.match(seen, /Assumere/);
});

test('without JavaScript, a note the portal refuses comes back with what the company tutor wrote', async () => {
  const phone = await newPage(ctx.browser, { viewport: PHONE, javaScriptEnabled: false });
  await phone.goto(`${ctx.server.base}/company/login`);
  await phone.fill('#f-email', 'azienda@insieme.demo');
  await phone.click('button[type=submit].primary');
  await phone.waitForURL(/ok=sent/);
  await phone.goto(`${ctx.server.base}/dev/mail`);
  const body = await phone.locator('.mail li', { has: phone.locator('.recipient', { hasText: 'azienda@insieme.demo' }) }).first().locator('pre').textContent();
  await phone.goto(body.match(/https?:\/\/[^\s]+\/company\/link\/[0-9a-f]+/)[0]);
  await phone.waitForURL(/\/company\/signin/);
  await phone.click('button[type=submit].primary');
  await phone.waitForURL(/\/company$/);

  const kwame = phone.locator('#trainees article.trainee', { hasText: 'Kwame Mensah' });
  await kwame.locator('summary', { hasText: 'Nota' }).first().click();
  const long = 'Ha lavorato bene in magazzino. '.repeat(70);
  await kwame.locator('input[name="f[preset_on_time]"]').check();
  await kwame.locator('textarea[name="f[text]"]').fill(long);
  await kwame.locator('.note-form button[type=submit]').click();
  await phone.waitForURL(/trainee_e=note/);
  const back = phone.locator('#trainees article.trainee', { hasText: 'Kwame Mensah' });
  assert.match(await back.locator('.error-summary').textContent(), /troppo lunga/);
  assert.equal(await back.locator('textarea[name="f[text]"]').inputValue(), long, 'nothing typed is lost');
  assert.ok(await back.locator('input[name="f[preset_on_time]"]').isChecked(), 'the phrase chosen stays chosen');
  await screenshot(phone, 'portal-note-refused-nojs');

  // Shortened, it is recorded once, and the form is empty again.
  await back.locator('textarea[name="f[text]"]').fill('Ha lavorato bene in magazzino.');
  await back.locator('.note-form button[type=submit]').click();
  await phone.waitForURL(/trainee_ok=note/);
  assert.equal(await phone.locator('#trainees article.trainee textarea[name="f[text]"]').inputValue(), '');
  await phone.context().close();
});
