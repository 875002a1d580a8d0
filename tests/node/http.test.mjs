// Black-box HTTP tests against a running passend server (tests/node/run.sh
// starts one and sets PASSEND_URL).  fetch() for ordinary requests; a raw
// client (node:http, which sends the path exactly as given) for the hostile
// ones, because fetch normalises "/static/../x" before sending it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const BASE = process.env.PASSEND_URL;
if (!BASE) throw new Error('PASSEND_URL is not set: run tests/node/run.sh build/passend');
const ROOT = process.env.PASSEND_SRC || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXAMPLE = path.join(ROOT, 'data/example/swv-kempenrand.json');

/* One request with the target sent verbatim.  Resolves with the response
 * even when the server closes the connection while we are still sending
 * (it may answer 413 before reading a large body). */
function raw(method, target, { headers = {}, body = null } = {}) {
  const u = new URL(BASE);
  return new Promise((resolve, reject) => {
    let done = false;
    const req = http.request(
      { host: u.hostname, port: u.port, method, path: target, headers: { Connection: 'close', ...headers } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          done = true;
          resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (e) => { if (!done) reject(e); });
      },
    );
    req.on('error', (e) => {
      // EPIPE/ECONNRESET after an early answer: the 'response' handler wins.
      setTimeout(() => { if (!done) reject(e); }, 200);
    });
    if (body) req.write(body);
    req.end();
  });
}

/* node:http rejects some bytes in paths (e.g. raw non-ASCII); a socket
 * sends anything. */
import net from 'node:net';
function rawSocket(bytes) {
  const u = new URL(BASE);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(u.port), u.hostname, () => s.end(bytes));
    const chunks = [];
    s.on('data', (c) => chunks.push(c));
    s.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    s.on('error', reject);
  });
}

function assertSecurityHeaders(h, what) {
  const get = (n) => (typeof h.get === 'function' ? h.get(n) : h[n.toLowerCase()]);
  const csp = get('content-security-policy') || '';
  assert.match(csp, /frame-ancestors 'none'/, `${what}: CSP with frame-ancestors 'none' (got "${csp}")`);
  assert.match(csp, /script-src 'self'/, `${what}: CSP script-src 'self'`);
  assert.equal(get('x-content-type-options'), 'nosniff', `${what}: X-Content-Type-Options`);
  assert.equal(get('x-frame-options'), 'DENY', `${what}: X-Frame-Options`);
}

async function get(p, init) {
  const r = await fetch(BASE + p, { redirect: 'manual', ...init });
  const text = await r.text();
  return { r, text };
}

test('home page', async () => {
  const { r, text } = await get('/');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html; charset=utf-8/);
  assertSecurityHeaders(r.headers, '/');
  assert.match(text, /^<!DOCTYPE html>/i);
  assert.match(text, /<html lang="nl">/);
  assert.match(text, /href="\/school\/31QX00"/);
});

test('school page', async () => {
  const { r, text } = await get('/school/31QX00');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assertSecurityHeaders(r.headers, '/school/31QX00');
  assert.match(text, /<h1>Basisschool De Vlinderboom<\/h1>/);
  assert.match(text, /Ondersteuning in het kort/);
  const sbo = await get('/school/35BS00');
  assert.equal(sbo.r.status, 200);
  assert.match(sbo.text, /SBO De Beekloop/);
});

test('unknown school and unknown path give 404 pages', async () => {
  for (const p of ['/school/99ZZ00', '/bestaat-niet', '/school/31QX00/bestaat-niet', '/static/nope.css']) {
    const { r, text } = await get(p);
    assert.equal(r.status, 404, p);
    assert.match(r.headers.get('content-type'), /^text\/html/, p);
    assertSecurityHeaders(r.headers, p);
    assert.match(text, /niet gevonden|bestaat niet/i, p);
  }
  const api = await get('/api/v1/schools/99ZZ00');
  assert.equal(api.r.status, 404);
  assert.match(api.r.headers.get('content-type'), /^application\/json/);
  assert.equal(JSON.parse(api.text).error.status, 404);
});

test('/healthz', async () => {
  const { r, text } = await get('/healthz');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assertSecurityHeaders(r.headers, '/healthz');
  const j = JSON.parse(text);
  assert.equal(j.status, 'ok');
  assert.ok(j.schema_version >= 1);
});

test('/api/v1/schools lists the published schools', async () => {
  const { r, text } = await get('/api/v1/schools');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assertSecurityHeaders(r.headers, '/api/v1/schools');
  const j = JSON.parse(text);
  const keys = j.swvs.flatMap((s) => s.schools.map((x) => x.key));
  const example = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
  for (const s of example.schools) {
    if (s.profiles.some((p) => p.status === 'gepubliceerd'))
      assert.ok(keys.includes(s.brin + s.vestiging), `school ${s.brin + s.vestiging} listed`);
  }
});

test('/api/v1/schools/{key} gives the school and its public profile', async () => {
  const { r, text } = await get('/api/v1/schools/31QX00');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assertSecurityHeaders(r.headers, '/api/v1/schools/31QX00');
  const j = JSON.parse(text);
  assert.equal(j.school.key, '31QX00');
  assert.equal(j.school.name, 'Basisschool De Vlinderboom');
  assert.equal(j.profile.school_year, '2026/2027');
});

test('/api/v1/taxonomy has every kind with codes and labels', async () => {
  const { r, text } = await get('/api/v1/taxonomy');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const j = JSON.parse(text);
  const tsv = readFileSync(path.join(ROOT, 'data/taxonomy.tsv'), 'utf8');
  for (const kind of Object.keys(j)) {
    assert.ok(Array.isArray(j[kind]) && j[kind].length > 0, kind);
    for (const e of j[kind]) {
      assert.ok(e.code && e.label, `${kind} entry has code and label`);
      assert.ok(tsv.includes(e.code), `${kind}/${e.code} comes from data/taxonomy.tsv`);
    }
  }
  assert.ok(j.need.some((e) => e.code === 'ass'), 'need/ass present');
});

test('static assets: content type, ETag and 304', async () => {
  const { r, text } = await get('/static/style.css');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/css/);
  assert.ok(text.length > 0);
  const etag = r.headers.get('etag');
  assert.match(etag, /^"[^"]+"$/);
  const again = await get('/static/style.css', { headers: { 'If-None-Match': etag } });
  assert.equal(again.r.status, 304);
  assert.equal(again.text, '');
  assertSecurityHeaders(again.r.headers, '304');
  const other = await get('/static/style.css', { headers: { 'If-None-Match': '"0000"' } });
  assert.equal(other.r.status, 200);
});

test('path traversal attempts are 400', async () => {
  for (const p of ['/static/../CMakeLists.txt', '/%2e%2e/etc/passwd', '/school/..%2F..', '/static/%2e%2e/%2e%2e/etc/passwd',
    '/static/..%5c..%5cetc%5cpasswd', '/school/31QX00/..', '/./healthz', '//healthz', '/static/%00style.css']) {
    const res = await raw('GET', p);
    assert.equal(res.status, 400, p);
    assert.doesNotMatch(res.body, /cmake_minimum_required|root:x:0/, p);
    assertSecurityHeaders(res.headers, p);
  }
});

test('bad UTF-8 in path or query is 400', async () => {
  for (const p of ['/school/%ff', '/school/%c3%28', '/?q=%ff', '/zoeken?need=%c0%af', '/api/v1/schools?x=%ed%a0%80',
    '/?q=%zz']) {
    const res = await raw('GET', p);
    assert.equal(res.status, 400, p);
    assertSecurityHeaders(res.headers, p);
  }
  // Raw (unescaped) invalid bytes on the wire.
  const out = await rawSocket(Buffer.concat([Buffer.from('GET /school/'), Buffer.from([0xff, 0xfe]),
    Buffer.from(' HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]));
  assert.match(out, /^HTTP\/1\.1 400 /);
});

test('huge query strings are refused', async () => {
  const res = await raw('GET', '/?q=' + 'a'.repeat(20000));
  assert.ok([400, 414, 431].includes(res.status), `status ${res.status}`);
  assertSecurityHeaders(res.headers, 'huge query');
  const many = await raw('GET', '/?' + Array.from({ length: 400 }, (_, i) => `k${i}=v`).join('&'));
  assert.ok([400, 414, 431].includes(many.status), `too many parameters: status ${many.status}`);
});

test('huge bodies are 413', async () => {
  const declared = await raw('POST', '/', { headers: { 'Content-Length': String(50 * 1024 * 1024) } });
  assert.equal(declared.status, 413);
  assertSecurityHeaders(declared.headers, '413 declared');
  const body = Buffer.alloc(2 * 1024 * 1024, 'a');
  const sent = await raw('POST', '/', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  assert.equal(sent.status, 413);
  assertSecurityHeaders(sent.headers, '413 sent');
});

test('methods not allowed are 405', async () => {
  for (const [m, p] of [['POST', '/'], ['PUT', '/healthz'], ['DELETE', '/school/31QX00'], ['PATCH', '/api/v1/schools']]) {
    const res = await raw(m, p, { headers: { 'Content-Length': '0' } });
    assert.equal(res.status, 405, `${m} ${p}`);
    assert.ok(res.headers.allow, `${m} ${p}: Allow header`);
    assertSecurityHeaders(res.headers, `${m} ${p}`);
  }
});

test('HEAD gives headers without a body', async () => {
  const r = await fetch(BASE + '/school/31QX00', { method: 'HEAD' });
  assert.equal(r.status, 200);
  assert.equal(await r.text(), '');
});

/* Drafts never public.  Pick, from the example data, every school whose
 * newest profile is not published, the draft's school year (when no published
 * profile of that school mentions it) and a phrase that occurs only in the
 * draft: neither may appear on the public page or in the API. */
function draftCases() {
  const data = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
  const drafts = new Set(['concept', 'mr_advies', 'vastgesteld']);
  const publicText = JSON.stringify(
    data.schools.flatMap((s) => s.profiles.filter((p) => !drafts.has(p.status))),
  ).replace(/\\n/g, ' ');
  const cases = [];
  for (const s of data.schools) {
    const newest = [...s.profiles].sort((a, b) =>
      a.school_year === b.school_year ? b.version - a.version : b.school_year.localeCompare(a.school_year))[0];
    if (!drafts.has(newest.status)) continue;
    const ownPublic = JSON.stringify(s.profiles.filter((p) => !drafts.has(p.status)));
    // A run of 6 words from the draft's sections that no published profile has.
    let phrase = null;
    for (const sec of newest.sections || []) {
      const words = (sec.text || '').split(/\s+/).filter(Boolean);
      for (let i = 0; i + 6 <= words.length && !phrase; i++) {
        const cand = words.slice(i, i + 6).join(' ');
        if (/[<>&"']/.test(cand)) continue; // keep clear of HTML escaping
        if (!publicText.includes(cand)) phrase = cand;
      }
      if (phrase) break;
    }
    cases.push({
      key: s.brin + s.vestiging,
      status: newest.status,
      year: ownPublic.includes(newest.school_year) ? null : newest.school_year,
      slug: newest.school_year.replace('/', '-'),
      phrase,
    });
  }
  return cases;
}

test('drafts (concept, mr_advies, vastgesteld) are never public', async () => {
  const cases = draftCases();
  assert.ok(cases.length >= 1, 'the example data has schools with a draft as newest profile');
  for (const c of cases) {
    assert.ok(c.phrase, `${c.key}: found a phrase only in the draft`);
    const targets = [
      `/school/${c.key}`, `/api/v1/schools/${c.key}`, '/', '/api/v1/schools',
      `/school/${c.key}?jaar=${c.slug}`, `/api/v1/schools/${c.key}?jaar=${c.slug}`,
    ];
    for (const t of targets) {
      const { r, text } = await get(t);
      if (t.includes('jaar=')) assert.equal(r.status, 404, `${t}: a draft year is not found`);
      else assert.equal(r.status, 200, t);
      assert.ok(!text.includes(c.phrase), `${t} must not contain the draft phrase "${c.phrase}"`);
      if (c.year) assert.ok(!text.includes(c.year), `${t} must not mention the draft year ${c.year}`);
    }
  }
});

test('concurrency smoke: 50 parallel requests all succeed', async () => {
  const paths = ['/', '/school/31QX00', '/school/35BS00', '/api/v1/schools', '/api/v1/schools/29HT00', '/healthz',
    '/static/style.css', '/api/v1/taxonomy'];
  const all = await Promise.all(Array.from({ length: 50 }, (_, i) => get(paths[i % paths.length])));
  const bad = all.map((x, i) => [paths[i % paths.length], x.r.status]).filter(([, s]) => s !== 200);
  assert.deepEqual(bad, []);
  for (const x of all) assert.ok(x.text.length > 0);
});
