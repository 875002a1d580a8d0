// Signed-in pages in the browser: for every page in admin-pages.mjs, signed in
// through the login form as the account that uses it: the status, one h1, no
// console errors (CSP), axe-core WCAG 2.1 A/AA with zero violations (run on
// the page as users get it, CSP enforced; see support.mjs runAxe), tidy
// (HTML5) without warnings, and a full-page screenshot.  Plus the error
// states that only a POST shows: the login page after a failed login and the
// editor after invalid input.  Read-only (nothing is saved), so it may share
// the server with the other test files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { roles } from './admin-pages.mjs';
import {
  SHOTS, CONTEXT_OPTIONS, launch, login, runAxe, formatViolations, watchConsole, tidyProblems,
} from './support.mjs';

const BASE = process.env.PASSEND_URL;
if (!BASE) throw new Error('PASSEND_URL is not set: run tests/node/run.sh build/passend');

let browser;
let demoUsers = true;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launch();
  // Without `passend demo-users` there is nobody to sign in as.
  const r = await fetch(BASE + '/login');
  await r.arrayBuffer();
  if (r.status === 404) demoUsers = false;
});

after(async () => {
  await browser?.close();
});

/* Everything checked on one signed-in page loaded in `page` (CSP enforced,
 * as users get it), given its raw HTML and the console errors so far. */
async function checkPage(t, { name, what, page, html, errors }) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  assert.ok((await page.title()).trim().length > 0, `${what}: page has a title`);
  assert.equal(await page.locator('h1').count(), 1, `${what}: exactly one h1`);
  assert.equal(await page.getAttribute('html', 'lang'), 'nl', `${what}: lang="nl"`);
  assert.deepEqual(errors.filter((e) => !/status of (400|403|404)/.test(e)), [],
    `${what}: no console errors (CSP violations?)`);
  const result = await runAxe(page);
  assert.ok(result.passes.length > 0, `${what}: axe ran and checked something`);
  assert.equal(result.violations.length, 0,
    `axe found ${result.violations.length} violation(s) on ${what}:\n${formatViolations(result.violations)}`);
  const problems = tidyProblems(html);
  if (problems === null) t.diagnostic('tidy is not installed: HTML validation skipped');
  else assert.deepEqual(problems, [], `${what}: tidy reports problems`);
}

for (const r of roles) {
  test(`signed-in pages as ${r.role} (${r.email}): accessible, valid, screenshots`, async (t) => {
    if (!demoUsers) {
      t.skip('no login page yet');
      return;
    }
    const ctx = await browser.newContext(CONTEXT_OPTIONS);
    try {
      const p = await ctx.newPage();
      await login(p, BASE, r.email);
      assert.equal(new URL(p.url()).pathname, '/beheer', `${r.email} lands on /beheer after signing in`);
      await p.close();
      for (const pg of r.pages) {
        await t.test(`${pg.path}`, async (st) => {
          // The raw HTML for tidy, with the same session (the context's cookies).
          const res = await ctx.request.get(BASE + pg.path, { maxRedirects: 0 });
          assert.equal(res.status(), pg.status, `${pg.path} status as ${r.email}`);
          const html = await res.text();
          if (pg.expect) assert.ok(html.includes(pg.expect), `${pg.path} shows "${pg.expect}"`);

          const page = await ctx.newPage();
          const errors = watchConsole(page);
          const resp = await page.goto(BASE + pg.path, { waitUntil: 'load' });
          assert.equal(resp.status(), pg.status);
          try {
            await checkPage(st, { name: pg.name, what: `${pg.path} (${r.email})`, page, html, errors });
          } finally {
            await page.close();
          }
        });
      }
    } finally {
      await ctx.close();
    }
  });
}

test('login page with an error message: accessible, valid, screenshot', async (t) => {
  if (!demoUsers) {
    t.skip('no login page yet');
    return;
  }
  // An address that has no account: a failed attempt never locks a demo account.
  const email = 'onbekend@example.org';
  const fill = async (page) => {
    await page.goto(BASE + '/login', { waitUntil: 'load' });
    await page.getByLabel('E-mailadres').fill(email);
    await page.getByLabel('Wachtwoord').fill('fout-wachtwoord');
    const [resp] = await Promise.all([
      page.waitForResponse((x) => x.request().method() === 'POST' && new URL(x.url()).pathname === '/login'),
      page.getByRole('button', { name: 'Inloggen', exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    return resp;
  };
  const ctx = await browser.newContext(CONTEXT_OPTIONS);
  try {
    const page = await ctx.newPage();
    const errors = watchConsole(page);
    const resp = await fill(page);
    assert.ok(resp.status() >= 400 && resp.status() < 500, `failed login answers 4xx (got ${resp.status()})`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.ok((await alert.innerText()).trim().length > 0, 'the error is shown');
    assert.equal(await page.getByLabel('E-mailadres').inputValue(), email, 'the address is kept');
    assert.equal(await page.getByLabel('E-mailadres').getAttribute('aria-invalid'), 'true');
    const html = await resp.text(); // the raw answer, for tidy
    assert.match(html, /class="error-summary"/);
    await checkPage(t, { name: 'login-error', what: '/login with an error', page, html, errors });
    // The harness itself: axe must notice a field that loses its label.
    await page.evaluate(() => document.querySelector('label[for="email"]').remove());
    const broken = await runAxe(page);
    assert.ok(broken.violations.some((v) => v.id === 'label'), 'axe reports a field without a label');
  } finally {
    await ctx.close();
  }
});

test('editor with invalid input: errors tied to the fields, accessible, valid', async (t) => {
  if (!demoUsers) {
    t.skip('no login page yet');
    return;
  }
  const editPath = '/beheer/school/31QX00/2027-2028/bewerken?sectie=expertise';
  const ctx = await browser.newContext(CONTEXT_OPTIONS);
  // Fill the first number field with a number above its maximum and save:
  // the server refuses it (400) and saves nothing.
  const submitBad = async (page) => {
    await page.goto(BASE + editPath, { waitUntil: 'load' });
    const num = page.getByRole('spinbutton').first();
    const max = Number(await num.getAttribute('max'));
    assert.ok(Number.isFinite(max), 'the number field states its maximum');
    await num.fill(String(max + 1));
    const [resp] = await Promise.all([
      page.waitForResponse((x) => x.request().method() === 'POST'),
      page.getByRole('button', { name: 'Opslaan', exact: true }).click(),
    ]);
    await page.waitForLoadState('load');
    return { resp, id: await num.getAttribute('id') };
  };
  try {
    const page = await ctx.newPage();
    await login(page, BASE, 'ib@vlinderboom.example');
    const errors = watchConsole(page);
    const { resp, id } = await submitBad(page);
    assert.equal(resp.status(), 400, 'invalid input answers 400');
    const field = page.locator(`#${id}`);
    assert.equal(await field.getAttribute('aria-invalid'), 'true', 'the field is marked invalid');
    const described = (await field.getAttribute('aria-describedby')) || '';
    assert.ok(described.split(/\s+/).includes(`${id}-fout`), 'the message is tied to the field');
    await page.getByRole('alert').waitFor();
    // The summary links to the field.
    assert.equal(await page.locator(`#fouten a[href="#${id}"]`).count(), 1, 'the error summary links to the field');
    const html = await resp.text(); // the raw answer, for tidy
    await checkPage(t, { name: 'beheer-editor-edit-error', what: `${editPath} after invalid input`, page, html, errors });
  } finally {
    await ctx.close();
  }
});
