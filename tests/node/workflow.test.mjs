// The whole authoring workflow in the browser, as the people who do it click
// through it (demo accounts of `passend demo-users`):
//   school editor: log in, start the next school year from last year's
//     profile, edit a section, check completeness, submit to the MR, log out;
//   MR member: record the advice (date + text);
//   board member: vaststellen and publish;
//   visitor: the new text on the public page, in the PDF (pdftotext) and in
//     the schoolgids chapter;
//   SWV staff: all six steps in the audit log.
// A screenshot per step: tests/artifacts/screenshots/workflow-NN-STEP.png.
// This changes data (it publishes a new year of 31QX00), so it runs against
// its own server (PASSEND_WORKFLOW_URL, started by run.sh on a fresh
// database); the other test files never see its changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, mkdtempSync, rmSync, renameSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { SHOTS, CONTEXT_OPTIONS, launch, login, logout, watchConsole, hasTool } from './support.mjs';

const BASE = process.env.PASSEND_WORKFLOW_URL;
const SCHOOL = '31QX00';
const EDITOR = 'ib@vlinderboom.example';
const MR = 'mr@vlinderboom.example';
const BOARD = 'bestuur@kempenrand.example';
const STAFF = 'staf@kempenrand.example';

let browser;
let ctx;
let page;
let errors;
let shot = 0;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  rmSync(path.join(SHOTS, 'workflow-failed.png'), { force: true }); // from an earlier failed run
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/* A full-page screenshot of the current step: workflow-NN-STEP.png. */
async function snap(step) {
  shot += 1;
  await page.screenshot({ path: path.join(SHOTS, `workflow-${String(shot).padStart(2, '0')}-${step}.png`), fullPage: true });
}

/* A fresh browser (no cookies) for the next person. */
async function newUser() {
  await ctx?.close();
  ctx = await browser.newContext(CONTEXT_OPTIONS);
  page = await ctx.newPage();
  errors = watchConsole(page);
}

/* Clicks a submit button and waits for the page the server sends next. */
async function submit(button, urlPattern) {
  await Promise.all([page.waitForURL(urlPattern), button.click()]);
  await page.waitForLoadState('load');
}

/* Console errors except the browser's own 404 for /favicon.ico (as in
 * browser.test.mjs). */
function consoleErrors() {
  return errors.filter((e) => !/status of 404/.test(e));
}

function normalise(s) {
  return s.replace(/\s+/g, ' ').trim();
}

test('authoring workflow: new year, edit, MR advice, vaststellen, publish, public page, PDF, audit', async (t) => {
  if (!BASE) {
    t.skip('PASSEND_WORKFLOW_URL is not set (run tests/node/run.sh)');
    return;
  }
  const probe = await fetch(BASE + '/login');
  await probe.arrayBuffer();
  if (probe.status === 404) {
    t.skip('no login page yet');
    return;
  }
  // A text no profile has, so finding it proves this run's edit arrived.
  const stamp = Date.now().toString(36);
  const edited = `In het nieuwe schooljaar start een leesclub voor groep 5 tot en met 8 (werkstroomtest ${stamp}).`;
  // Each step needs the ones before it: after a failure the rest is skipped.
  let broken = null;
  const step = (name, fn) => t.test(name, async (st) => {
    if (broken) {
      st.skip(`skipped: step "${broken}" failed`);
      return;
    }
    try {
      await fn(st);
    } catch (e) {
      broken = name;
      await page?.screenshot({ path: path.join(SHOTS, 'workflow-failed.png'), fullPage: true }).catch(() => {});
      throw e;
    }
  });
  let year; // "2028/2029"
  let slug; // "2028-2029"
  let schoolName;

  await step('1. the school editor starts the next year from last year', async () => {
    await newUser();
    await page.goto(BASE + '/login', { waitUntil: 'load' });
    await snap('login');
    await login(page, BASE, EDITOR);
    assert.equal(new URL(page.url()).pathname, '/beheer');
    await page.getByRole('heading', { name: 'Uw scholen' }).waitFor();
    await snap('dashboard');
    const schoolLink = page.locator(`a[href="/beheer/school/${SCHOOL}"]`).first();
    schoolName = normalise(await schoolLink.innerText());
    assert.ok(schoolName.length > 0);
    await Promise.all([page.waitForURL(new RegExp(`/beheer/school/${SCHOOL}$`)), schoolLink.click()]);
    assert.equal(normalise(await page.getByRole('heading', { level: 1 }).innerText()), schoolName);
    // The page offers the year after the newest one: "Start 2028/2029 vanuit vorig jaar".
    const start = page.getByRole('button', { name: /^Start \d{4}\/\d{4} vanuit vorig jaar$/ });
    const label = await start.innerText();
    year = label.match(/\d{4}\/\d{4}/)[0];
    slug = year.replace('/', '-');
    await snap('school');
    await submit(start, new RegExp(`/beheer/school/${SCHOOL}/${slug}`));
    assert.equal(normalise(await page.getByRole('heading', { level: 1 }).innerText()), `${schoolName}: profiel ${year}`);
    await page.getByRole('status').waitFor(); // the notice that the year was made
    assert.match(await page.locator('main').innerText(), /Concept/);
    await snap('new-year');
  });

  let sectionHeading;
  await step('2. the editor edits a section and saves it', async () => {
    await Promise.all([page.waitForURL(/\/bewerken/), page.getByRole('link', { name: 'Bewerken', exact: true }).click()]);
    // The first chapter with a free text field (the format decides which).
    let body = page.getByRole('textbox', { name: /^Tekst/ });
    if (!(await body.count())) {
      const chapters = page.getByRole('navigation', { name: 'Hoofdstukken' }).getByRole('link');
      const n = await chapters.count();
      for (let i = 0; i < n && !(await body.count()); i++) {
        await Promise.all([page.waitForURL(/sectie=/), chapters.nth(i).click()]);
        body = page.getByRole('textbox', { name: /^Tekst/ });
      }
    }
    assert.equal(await body.count(), 1, 'a chapter with a text field');
    sectionHeading = normalise(await page.getByRole('heading', { level: 2 }).first().innerText());
    await body.fill(edited);
    await submit(page.getByRole('button', { name: 'Opslaan', exact: true }), /melding=opgeslagen/);
    assert.match(await page.getByRole('status').innerText(), /opgeslagen/i);
    assert.equal(await page.getByRole('textbox', { name: /^Tekst/ }).inputValue(), edited, 'the saved text is shown');
    await snap('edited');
  });

  await step('3. the completeness indicator', async () => {
    const meter = page.getByRole('meter');
    assert.equal(await meter.count(), 1, 'the editor shows how complete the profile is');
    const pct = Number(await meter.getAttribute('value'));
    assert.ok(pct >= 0 && pct <= 100, `completeness ${pct}%`);
    const line = normalise(await page.locator('.completeness').innerText());
    assert.match(line, new RegExp(`${pct}% \\(\\d+ van \\d+`), `the percentage is also written out: ${line}`);
    // The year page shows the same figure, with what is still missing.
    await Promise.all([
      page.waitForURL(new RegExp(`/beheer/school/${SCHOOL}/${slug}$`)),
      page.getByRole('navigation', { name: 'Kruimelpad' }).getByRole('link', { name: year }).click(),
    ]);
    assert.equal(Number(await page.getByRole('meter').getAttribute('value')), pct);
    assert.ok((await page.locator('main').innerText()).includes(edited), 'the year page shows the edited text');
    await snap('completeness');
  });

  await step('4. the editor submits the profile to the MR and logs out', async () => {
    await submit(page.getByRole('button', { name: 'Voorleggen aan de MR' }), new RegExp(`/beheer/school/${SCHOOL}/${slug}`));
    assert.match(await page.locator('main').innerText(), /ligt ter advies bij de MR/);
    assert.equal(await page.getByRole('button', { name: 'Voorleggen aan de MR' }).count(), 0);
    await snap('submitted');
    await logout(page);
    assert.equal(await page.getByRole('link', { name: 'Inloggen' }).count() > 0, true, 'signed out');
    assert.deepEqual(consoleErrors(), [], 'no console errors (CSP violations?)');
  });

  // Real dates in the past (advice two days ago, vaststellen yesterday): never
  // in the future, whatever the server's time zone.
  const daysAgo = (n) => new Date(Date.now() - n * 86400e3).toISOString().slice(0, 10);
  const adviceDate = daysAgo(2);
  const advice = `De MR adviseert positief over het profiel ${year} (werkstroomtest ${stamp}).`;
  await step('5. the MR member records the advice', async () => {
    await newUser();
    await login(page, BASE, MR);
    // The dashboard says what waits: this profile.
    const todo = page.getByRole('region', { name: 'Wat op u wacht' }).getByRole('link', { name: new RegExp(year) });
    await Promise.all([page.waitForURL(new RegExp(`/beheer/school/${SCHOOL}/${slug}$`)), todo.first().click()]);
    await page.getByLabel('Datum van het advies').fill(adviceDate);
    await page.getByLabel('Advies', { exact: true }).fill(advice);
    await snap('mr-advice-form');
    await submit(page.getByRole('button', { name: 'Advies vastleggen' }), new RegExp(`/beheer/school/${SCHOOL}/${slug}`));
    const shown = page.getByRole('heading', { name: /^Advies van de MR/ });
    await shown.waitFor();
    assert.ok((await page.locator('main').innerText()).includes(advice), 'the advice is shown on the profile');
    await snap('mr-advice-recorded');
    await logout(page);
  });

  await step('6. the board member sets (vaststellen) and publishes the profile', async () => {
    await newUser();
    await login(page, BASE, BOARD);
    const todo = page.getByRole('region', { name: 'Wat op u wacht' }).getByRole('link', { name: new RegExp(year) });
    await Promise.all([page.waitForURL(new RegExp(`/beheer/school/${SCHOOL}/${slug}$`)), todo.first().click()]);
    assert.ok((await page.locator('main').innerText()).includes(advice), 'the board sees the MR advice');
    await page.getByLabel('Datum van vaststelling').fill(daysAgo(1));
    await submit(page.getByRole('button', { name: 'Profiel vaststellen' }), new RegExp(`/beheer/school/${SCHOOL}/${slug}`));
    assert.match(await page.locator('main').innerText(), /Vastgesteld op/);
    await snap('vastgesteld');
    // Not public before publication.
    const before = await ctx.request.get(`${BASE}/school/${SCHOOL}?jaar=${slug}`);
    assert.equal(before.status(), 404, 'a set but unpublished profile is not public');
    await submit(page.getByRole('button', { name: 'Publiceren', exact: true }), new RegExp(`/beheer/school/${SCHOOL}/${slug}`));
    await page.getByRole('link', { name: 'schoolpagina' }).waitFor();
    await snap('published');
    await logout(page);
    assert.deepEqual(consoleErrors(), [], 'no console errors (CSP violations?)');
  });

  let pdfUrl;
  await step('7. a visitor sees the new text on the public school page', async () => {
    await newUser();
    const resp = await page.goto(`${BASE}/school/${SCHOOL}?jaar=${slug}`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200);
    assert.equal(normalise(await page.getByRole('heading', { level: 1 }).innerText()), schoolName);
    const main = normalise(await page.locator('main').innerText());
    assert.ok(main.includes(edited), 'the edited text is public');
    assert.ok(main.includes(year), 'the page names the school year');
    await snap('public-page');
    const pdfLink = page.locator('main a[href*="/profiel.pdf"]').first();
    pdfUrl = new URL(await pdfLink.getAttribute('href'), page.url()).href;
    assert.match(pdfUrl, new RegExp(`jaar=${slug}`));
  });

  await step('8. the profile PDF has the school, the year and the text', async (st) => {
    const res = await ctx.request.get(pdfUrl);
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'], /^application\/pdf/);
    const pdf = await res.body();
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    if (!hasTool('pdftotext') || !hasTool('pdftoppm')) {
      st.skip('poppler-utils (pdftotext, pdftoppm) not installed: PDF content not checked');
      return;
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), 'passend-wf-'));
    try {
      const file = path.join(dir, 'profiel.pdf');
      writeFileSync(file, pdf);
      const text = normalise(execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));
      assert.ok(text.includes(schoolName), 'the PDF names the school');
      assert.ok(text.includes(year), 'the PDF names the school year');
      assert.ok(text.includes(edited), `the PDF has the edited text "${edited}"`);
      execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, path.join(dir, 'page1')]);
      renameSync(path.join(dir, 'page1.png'), path.join(SHOTS, 'workflow-pdf-page1.png'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  await step('9. the schoolgids chapter has the text', async () => {
    const resp = await page.goto(`${BASE}/school/${SCHOOL}/schoolgids?jaar=${slug}`, { waitUntil: 'load' });
    assert.equal(resp.status(), 200);
    const lead = normalise(await page.locator('main .lead').innerText());
    assert.ok(lead.includes(year), 'the chapter is for the new year');
    // The HTML to copy and its preview both carry the edited text.
    assert.ok((await page.getByLabel('HTML om te kopiëren').inputValue()).includes(edited), 'the HTML to copy has the text');
    assert.ok(normalise(await page.locator('.chapter-preview').innerText()).includes(edited), 'the preview has the text');
    await snap('schoolgids');
    assert.deepEqual(consoleErrors(), [], 'no console errors (CSP violations?)');
  });

  await step('10. the SWV staff sees all six steps in the audit log', async () => {
    await newUser();
    await login(page, BASE, STAFF);
    await Promise.all([page.waitForURL(/\/beheer\/audit/), page.getByRole('link', { name: 'Auditlog' }).first().click()]);
    await page.getByLabel('School (BRIN + vestiging)').fill(SCHOOL);
    await submit(page.getByRole('button', { name: 'Filteren' }), /school=/);
    const rows = page.getByRole('table').getByRole('row');
    const lines = (await rows.allInnerTexts()).map(normalise);
    const who = { 'profile.new_year': EDITOR, 'profile.save': EDITOR, 'profile.submit_mr': EDITOR,
      'profile.mr_advice': MR, 'profile.set': BOARD, 'profile.publish': BOARD };
    for (const [action, email] of Object.entries(who)) {
      const line = lines.find((l) => l.split(' ').includes(action));
      assert.ok(line, `the audit log has ${action}:\n${lines.join('\n')}`);
      assert.ok(line.includes(email), `${action} is by ${email}: ${line}`);
    }
    await snap('audit');
    assert.deepEqual(consoleErrors(), [], 'no console errors (CSP violations?)');
    await ctx.close();
    ctx = undefined;
  });
});
