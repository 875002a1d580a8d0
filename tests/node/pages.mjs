// The pages every browser, accessibility and HTML check walks.  Add a page
// here when you build one: {name, path, status, optional}.
//   name      file name for the screenshot (tests/artifacts/screenshots/NAME.png)
//   path      request path with query
//   status    the status the page must answer (200, or 404 for an error page)
//   optional  true for pages still being built: a 404 answer skips the page
//             with a note instead of failing (remove the flag once it exists)
// tests/http/tidy.sh reads this file too (one `path:` per entry, see there),
// so keep one entry per line.
export const pages = [
  { name: 'home', path: '/', status: 200 },
  { name: 'school-31QX00', path: '/school/31QX00', status: 200 },
  { name: 'school-29HT00', path: '/school/29HT00', status: 200 },
  { name: 'school-35BS00-sbo', path: '/school/35BS00', status: 200 },
  { name: 'school-31QX00-2025', path: '/school/31QX00?jaar=2025-2026', status: 200 },
  { name: 'error-404', path: '/bestaat-niet', status: 404 },
  { name: 'zoeken', path: '/zoeken', status: 200, optional: true },
  { name: 'zoeken-needs', path: '/zoeken?need=ass&need=gedrag', status: 200, optional: true },
  { name: 'overzicht', path: '/overzicht', status: 200, optional: true },
  { name: 'overzicht-PO3099', path: '/overzicht/PO3099', status: 200, optional: true },
  { name: 'vergelijk', path: '/vergelijk?school=31QX00&school=29HT00', status: 200, optional: true },
  { name: 'tekst-dyslexie', path: '/tekst?q=dyslexie', status: 200, optional: true },
  { name: 'login', path: '/login', status: 200, optional: true },
  { name: 'school-31QX00-ouders', path: '/school/31QX00/ouders', status: 200, optional: true },
  { name: 'school-31QX00-schoolgids', path: '/school/31QX00/schoolgids', status: 200, optional: true },
];
