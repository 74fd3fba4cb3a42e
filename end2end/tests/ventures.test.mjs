// Self-employment and social-innovation projects on the demo data: the board by stage with the
// programme's figures; a business confirmed active at twelve months; a professional opens a
// project from a person's case (a refused form keeps what was typed), records the analysis,
// adds a team member, and the board counts it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, logInStaff, newPage, hydrated, assertAccessible, screenshot, DESKTOP, PHONE } from './support.mjs';

const ctx = useServerAndBrowser({ demo: true });

async function figure(page, label) {
  const text = await page.locator('dl.totals > div', { hasText: label }).locator('dd').textContent();
  return Number(text.trim());
}

test('projects move one stage at a time from the case to the board, which counts them', async () => {
  const desk = await newPage(ctx.browser, { viewport: DESKTOP });
  await logInStaff(desk, ctx.server.base, 'professionista@insieme.demo');
  await desk.waitForURL(/\/staff$/);
  await desk.click('nav.staff-nav a:has-text("Autoimpiego")');
  await desk.waitForURL(/\/staff\/projects$/);
  await hydrated(desk);
  assert.equal(await figure(desk, 'Percorsi di autoimpiego analizzati'), 2);
  assert.equal(await figure(desk, 'Progetti di innovazione sociale analizzati'), 1);
  assert.equal(await figure(desk, 'Finanziati'), 1);
  assert.match(await desk.locator('#stage-mentoring').textContent(), /\(1\)/);
  assert.match(await desk.locator('#stage-dropped').textContent(), /\(1\)/);
  await assertAccessible(desk, 'projects board');
  await screenshot(desk, 'ventures-board-desktop');

  // The cleaning business started thirteen months ago: its year of activity is confirmed.
  await desk.click('.board-columns a:has-text("Pulizie ecologiche")');
  await desk.waitForURL(/\/staff\/projects\/\d+$/);
  await hydrated(desk);
  const elenaReference = (await desk.locator('#team .muted').first().textContent()).trim();
  assert.match(elenaReference, /^BO-\d{6}$/);
  assert.match(await desk.locator("dl.facts").textContent(), /€ · Microcredito/);
  await desk.click('#next-step button[type=submit]');
  await desk.waitForURL(/ok=active_12_months/);
  await desk.waitForFunction(() => document.querySelector('p.lead')?.textContent.includes('Attivo a 12 mesi'));
  assert.match(await desk.locator('#next-step').textContent(), /concluso il suo percorso/);
  assert.equal(await desk.locator('#drop').count(), 0, 'an active business is not dropped');

  // Rosa's case: a second project, opened from her case.
  await desk.goto(`${ctx.server.base}/staff/projects`);
  await desk.click('.board-columns a:has-text("Sartoria di quartiere")');
  await desk.waitForURL(/\/staff\/projects\/\d+$/);
  await desk.click('#team a:has-text("Rosa Esposito")');
  await desk.waitForURL(/\/staff\/case\/\d+/);
  await hydrated(desk);
  await desk.waitForSelector('#ventures');
  assert.match(await desk.locator('#ventures').textContent(), /Sartoria di quartiere/);
  await desk.click('#ventures summary');
  await desk.fill('#f-title', 'Orto sociale');
  await desk.click('#ventures button[type=submit]');
  await desk.waitForURL(/e=venture/);
  await desk.waitForSelector('#ventures .error-summary');
  assert.equal(await desk.inputValue('#f-title'), 'Orto sociale');
  await desk.fill('#f-description', 'Un orto condiviso che rifornisce le mense del quartiere.');
  await desk.check('input[name="f[social_innovation]"]');
  await desk.click('#ventures button[type=submit]');
  await desk.waitForURL(/\/staff\/projects\/\d+\?ok=created/);
  await desk.waitForSelector('.notice.success');
  await hydrated(desk);
  assert.match(await desk.locator('p.lead').textContent(), /Idea/);

  // The analysis: a score out of range is refused beside its field, and the boxes stay ticked.
  await desk.check('input[name="f[market]"]');
  await desk.check('input[name="f[skills]"]');
  await desk.fill('#f-score', '12');
  await desk.click('#next-step button[type=submit]');
  await desk.waitForURL(/e=step/);
  await desk.waitForSelector('#next-step .error-summary');
  assert.ok(await desk.isChecked('input[name="f[market]"]'));
  await desk.fill('#f-score', '8');
  await desk.click('#next-step button[type=submit]');
  await desk.waitForURL(/ok=analysed/);
  await desk.waitForFunction(() => document.querySelector('dl.facts')?.textContent.includes('Punteggio'));
  assert.match(await desk.locator('dl.facts').textContent(), /Mercato: sì · Competenze: sì · Costi: da rivedere/);

  // Elena joins the team by her reference.
  await desk.fill('#member-reference', elenaReference);
  await desk.click('#team button:has-text("Aggiungi al gruppo")');
  await desk.waitForURL(/ok=member/);
  await desk.waitForFunction(() => document.querySelector('#team')?.textContent.includes('Elena Marchetti'));
  assert.match(await desk.locator('.notice.success').textContent(), /Persona aggiunta/);
  assert.equal(await desk.inputValue('#member-reference'), '', 'the reference typed is emptied once added');
  await assertAccessible(desk, 'project');
  await screenshot(desk, 'venture-desktop');

  await desk.goto(`${ctx.server.base}/staff/projects`);
  await hydrated(desk);
  assert.equal(await figure(desk, 'Progetti di innovazione sociale analizzati'), 2);
  assert.deepEqual(desk.consoleErrors, []);
  await desk.context().close();

  // A phone without JavaScript reads the board and a project.
  const phone = await newPage(ctx.browser, { viewport: PHONE, javaScriptEnabled: false });
  await logInStaff(phone, ctx.server.base, 'segreteria@insieme.demo', { js: false });
  await phone.waitForURL(/\/staff$/);
  await phone.goto(`${ctx.server.base}/staff/projects`);
  await phone.click('.board-columns a:has-text("Orto sociale")');
  await phone.waitForURL(/\/staff\/projects\/\d+$/);
  assert.match(await phone.locator('#next-step button[type=submit]').textContent(), /Passa a: Accompagnamento/);
  await phone.fill('#f-mentor', 'Fondazione per l\'innovazione urbana');
  await phone.click('#next-step button[type=submit]');
  await phone.waitForURL(/ok=mentoring/);
  assert.match(await phone.locator('p.lead').textContent(), /Accompagnamento/);
  await screenshot(phone, 'venture-phone-nojs');
  await phone.context().close();
});
