import { startServer, launchBrowser, newPage, hydrated, assertAccessible, DESKTOP, PHONE } from './tests/support.mjs';
const server = await startServer({ demo: true });
const browser = await launchBrowser();
const shot = (p, n) => p.screenshot({ path: `/tmp/shots/${n}.png`, fullPage: true });
try {
  const page = await newPage(browser, { viewport: DESKTOP });
  await page.goto(`${server.base}/staff/login`);
  await hydrated(page);
  await page.fill('#f-email', 'segreteria@insieme.demo');
  await page.fill('#f-password', 'insieme-demo-2026');
  await page.click('button[type=submit].primary');
  await page.waitForURL(/\/staff$/);
  for (const [path, name] of [['/staff/board', 'board'], ['/staff/companies', 'companies']]) {
    await page.goto(server.base + path); await hydrated(page);
    await shot(page, name);
    try { await assertAccessible(page, name); } catch (e) { console.log(String(e)); }
  }
  await page.click('table.queue a[href^="/staff/company/"]');
  await page.waitForURL(/company\/\d+/); await hydrated(page);
  await shot(page, 'company');
  try { await assertAccessible(page, 'company'); } catch (e) { console.log(String(e)); }
  await page.goto(server.base + '/staff/position/1'); await hydrated(page);
  await shot(page, 'position');
  try { await assertAccessible(page, 'position'); } catch (e) { console.log(String(e)); }
  console.log('errors', page.consoleErrors);
} catch (e) { console.log('FAIL', e); console.log(server.output()); }
await browser.close(); await server.stop();
