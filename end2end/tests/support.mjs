// Shared by the browser tests: a real server on a free port with its own SQLite file, and Chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { createHmac } from 'node:crypto';
import { before, after } from 'node:test';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const PHONE = { width: 360, height: 640 };
export const DESKTOP = { width: 1280, height: 800 };

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/// Starts the real server on a free port with its own SQLite file. `readme: true` starts it as the
/// README's run command (scripts/run.sh) does, with its demo data and with the server's own base
/// address and log level: only the port and the database file differ.
export async function startServer({ demo = false, readme = false } = {}) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'insieme-e2e-'));
  const binary = process.env.INSIEME_SERVER_BIN || join(root, 'target', 'debug', 'server');
  const base = `http://127.0.0.1:${port}`;
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('INSIEME_') || name === 'RUST_LOG') delete env[name];
  Object.assign(env, {
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT || join(root, 'target', 'site'),
    DATABASE_URL: `sqlite://${dir}/insieme.db`,
    // As scripts/run.sh sets them.
    INSIEME_DEVELOPMENT: '1',
    INSIEME_DEMO_DATA: demo || readme ? '1' : '0',
  });
  if (!readme) Object.assign(env, { INSIEME_BASE_URL: base, RUST_LOG: 'warn' });
  const child = spawn(binary, [], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const deadline = Date.now() + 30000;
  for (;;) {
    try {
      const r = await fetch(`${base}/`);
      if (r.ok) break;
    } catch {}
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`server did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    base,
    output: () => output,
    async stop() {
      child.kill('SIGINT');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/// The demo staff accounts' password (scripts/run.sh and the demo data).
export const DEMO_PASSWORD = 'insieme-demo-2026';

/// A server started with `options` and a browser, both started before the file's tests and stopped
/// after them: `ctx.server`, `ctx.browser`.
export function useServerAndBrowser(options) {
  const ctx = {};
  before(async () => {
    ctx.server = await startServer(options);
    ctx.browser = await launchBrowser();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  return ctx;
}

/// Fills in and sends the staff log-in form (a demo account) without waiting for the next page.
export async function logInStaff(page, base, email, { js = true } = {}) {
  await page.goto(`${base}/staff/login`);
  if (js) await hydrated(page);
  await page.fill('#f-email', email);
  await page.fill('#f-password', DEMO_PASSWORD);
  await page.click('button[type=submit].primary');
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
}

/// A page like a person's: a phone or a desktop, a language, JavaScript on or off.
export async function newPage(browser, { viewport = PHONE, locale = 'it-IT', javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({ viewport, locale, javaScriptEnabled, extraHTTPHeaders: { 'Accept-Language': locale } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.consoleErrors = errors;
  return page;
}

/// Waits until the WASM has taken over the page (a no-op with JavaScript off).
export async function hydrated(page) {
  await page.waitForSelector('html[data-hydrated]', { timeout: 20000 });
}

/// Runs axe-core on the current page and fails on any violation.
export async function assertAccessible(page, label) {
  // Evaluated through the DevTools protocol, so the page's CSP does not apply to axe itself.
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  if (violations.length) {
    throw new Error(`axe found violations on ${label}:\n${violations.join('\n')}`);
  }
}

export async function screenshot(page, name) {
  if (process.env.INSIEME_SCREENSHOTS) {
    await page.screenshot({ path: join(process.env.INSIEME_SCREENSHOTS, `${name}.png`), fullPage: true });
  }
}

/// The current 6-digit code of a base32 TOTP secret (RFC 6238, SHA-1, 30 s), as an authenticator app shows it.
export function totp(secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/\s/g, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(n).padStart(6, '0');
}
