// Shared helpers for the browser tests (browser.test.mjs, admin.test.mjs,
// workflow.test.mjs): launching Debian's chromium, signing in through the
// login form, running axe-core and tidy.  Not a test file itself.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = process.env.PASSEND_SRC || path.resolve(HERE, '../..');
export const SHOTS = path.join(ROOT, 'tests/artifacts/screenshots');
export const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const CHROMIUM = process.env.PASSEND_CHROMIUM || '/usr/bin/chromium';
/* The password `passend demo-users` gives every demo account. */
export const DEMO_PASSWORD = process.env.PASSEND_DEMO_PASSWORD || 'passend-demo-2025';
export const CONTEXT_OPTIONS = { viewport: { width: 1200, height: 900 }, locale: 'nl-NL' };

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/* Errors the page itself reports (CSP violations, failed scripts). */
export function watchConsole(page) {
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

export function formatViolations(violations) {
  return violations.map((v) => {
    const nodes = v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}\n        ${n.failureSummary.replace(/\n/g, '\n        ')}`);
    const more = v.nodes.length > 5 ? `\n      ... and ${v.nodes.length - 5} more` : '';
    return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes.join('\n')}${more}`;
  }).join('\n');
}

/* axe-core (WCAG 2.1 A and AA) on the page as it is now; returns axe's
 * result.  The source is evaluated through the DevTools protocol, which the
 * page's CSP does not govern, so this works on a page loaded as visitors get
 * it (no bypassCSP context, no second page load). */
let axeSource;
export async function runAxe(page) {
  axeSource ??= readFileSync(AXE, 'utf8');
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(`${axeSource}\n;void 0`);
  return page.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
}

/* Signs in through the login form as a real user does and waits until the
 * server has sent the browser on (to /beheer, or to `next`). */
export async function login(page, base, email, password = DEMO_PASSWORD) {
  await page.goto(base + '/login', { waitUntil: 'load' });
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/login')),
    page.getByRole('button', { name: 'Inloggen', exact: true }).click(),
  ]);
}

/* Signs out with the button in the header (a POST form). */
export async function logout(page) {
  await Promise.all([
    page.waitForURL(/\/login/),
    page.getByRole('button', { name: /^Uitloggen \(/ }).click(),
  ]);
}

let tidyPresent;
export function hasTool(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/* tidy 5.6 (Debian 12) predates some valid HTML; these messages are
 * accepted (same list and reasons as tests/http/tidy.sh). */
const TIDY_ALLOWED = [
  // id is a global attribute; tidy 5.6 does not know it on <title> (SVG).
  /<title> proprietary attribute "id"/,
  // aria-current (WAI-ARIA 1.1) marks the current item; tidy 5.6 predates it.
  /proprietary attribute "aria-current"/,
];

/* tidy's warnings and errors for an HTML document (empty array: clean), or
 * null when tidy is not installed. */
export function tidyProblems(html) {
  if (tidyPresent === undefined) tidyPresent = hasTool('tidy');
  if (!tidyPresent) return null;
  let out;
  try {
    out = execFileSync('tidy', ['-q', '-e', '--doctype', 'html5', '--show-warnings', 'yes'],
      { input: html, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    // tidy exits 1 on warnings and 2 on errors; the messages are on stderr.
    out = `${e.stdout || ''}${e.stderr || ''}`;
  }
  return out.split('\n').filter((l) => / - (Warning|Error): /.test(l))
    .filter((l) => !TIDY_ALLOWED.some((re) => re.test(l)));
}
