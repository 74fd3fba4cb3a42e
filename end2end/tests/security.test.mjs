// What every request meets before any page: headers, same-origin posts, size limits, bad bodies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './support.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const form = (base, body, headers = {}) =>
  fetch(`${base}/api/choose_domicile`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', origin: base, 'accept-language': 'fr', ...headers },
    body,
  });

test('pages carry security headers and are never cached', async () => {
  const r = await fetch(`${server.base}/apply`);
  assert.equal(r.status, 200);
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /script-src 'self' 'nonce-[^']+'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('referrer-policy'), 'same-origin');
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const html = await r.text();
  // Nothing is fetched from another site.
  assert.doesNotMatch(html, /(src|href)="https?:\/\/(?!127\.0\.0\.1)/);
});

test('a post from another site is refused with a page in the person\'s language', async () => {
  const r = await form(server.base, 'comune=037006', { origin: 'https://evil.example' });
  assert.equal(r.status, 403);
  assert.match(await r.text(), /autre site/);
  const noOrigin = await fetch(`${server.base}/api/choose_domicile`, { method: 'POST', body: 'comune=037006', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(noOrigin.status, 403);
});

test('an oversized body is refused with a clear page, not a crash', async () => {
  const r = await form(server.base, `comune=${'x'.repeat(200 * 1024)}`);
  assert.equal(r.status, 413);
  assert.match(await r.text(), /trop long/);
});

test('invalid UTF-8, wrong types and missing fields get a 400 page, never a 500', async () => {
  const bodies = [Buffer.from([0x63, 0x6f, 0x6d, 0x75, 0x6e, 0x65, 0x3d, 0xff, 0xfe]), 'nothing=here', 'comune[]=1&comune[x]=2', '%%%'];
  for (const body of bodies) {
    const r = await form(server.base, body);
    assert.ok(r.status < 500, `status ${r.status} for ${body}`);
  }
  const bad = await fetch(`${server.base}/api/save_step`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: server.base },
    body: 'slug=identity&nav=next&a=notamap',
  });
  assert.ok(bad.status < 500, `status ${bad.status}`);
});

test('SQL metacharacters in a choice are just an unknown comune', async () => {
  const r = await form(server.base, `comune=${encodeURIComponent("037006' OR '1'='1")}`);
  assert.ok([302, 303].includes(r.status), `status ${r.status}`);
  assert.match(r.headers.get('location'), /not-eligible\/domicile/);
});

test('the status link leaves the address bar at once and keeps its secret in a cookie', async () => {
  const r = await fetch(`${server.base}/s/${'ab'.repeat(32)}`, { redirect: 'manual' });
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/status');
  assert.match(r.headers.get('set-cookie'), /insieme_status=.*HttpOnly/);
});

test('the language switch never redirects to another site', async () => {
  const r = await fetch(`${server.base}/lang/ar?next=//evil.example`, { redirect: 'manual' });
  assert.equal(r.headers.get('location'), '/');
  assert.match(r.headers.get('set-cookie'), /insieme_lang=ar/);
});
