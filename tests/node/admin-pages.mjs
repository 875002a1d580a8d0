// The signed-in pages every accessibility and HTML check walks
// (admin.test.mjs), grouped by the demo account (`passend demo-users`) that
// opens them.  Add a page here when you build one:
//   name    file name for the screenshot (tests/artifacts/screenshots/NAME.png)
//   path    request path with query
//   status  the status the page must answer (200; 400/403 for error states)
//   expect  optional: a text the page must show (proves it is the right state)
// Only read-only GET pages: admin.test.mjs runs against the shared server.
// The school years are those of data/example (newest concept 2027/2028).
export const roles = [
  {
    role: 'schooleditor',
    email: 'ib@vlinderboom.example',
    pages: [
      { name: 'beheer-editor-dashboard', path: '/beheer', status: 200, expect: 'Wat op u wacht' },
      { name: 'beheer-editor-school', path: '/beheer/school/31QX00', status: 200, expect: 'vanuit vorig jaar' },
      { name: 'beheer-editor-year-concept', path: '/beheer/school/31QX00/2027-2028', status: 200, expect: 'Voorleggen aan de MR' },
      { name: 'beheer-editor-year-published', path: '/beheer/school/31QX00/2026-2027', status: 200 },
      { name: 'beheer-editor-edit-inleiding', path: '/beheer/school/31QX00/2027-2028/bewerken', status: 200, expect: 'Opslaan' },
      { name: 'beheer-editor-edit-samenvatting', path: '/beheer/school/31QX00/2027-2028/bewerken?sectie=_samenvatting', status: 200 },
      { name: 'beheer-editor-edit-basis', path: '/beheer/school/31QX00/2027-2028/bewerken?sectie=basisondersteuning', status: 200 },
      { name: 'beheer-editor-edit-expertise', path: '/beheer/school/31QX00/2027-2028/bewerken?sectie=expertise', status: 200 },
      { name: 'beheer-editor-edit-aanbod', path: '/beheer/school/31QX00/2027-2028/bewerken?sectie=aanbod_leren', status: 200 },
      { name: 'beheer-editor-edit-grenzen', path: '/beheer/school/31QX00/2027-2028/bewerken?sectie=grenzen', status: 200 },
      { name: 'beheer-editor-facts', path: '/beheer/school/31QX00/2027-2028/feiten', status: 200, expect: 'Keuzes opslaan' },
      { name: 'beheer-editor-import', path: '/beheer/school/31QX00/import', status: 200, expect: 'Inlezen' },
      { name: 'beheer-editor-diff', path: '/beheer/school/31QX00/verschil', status: 200, expect: 'Vergelijken' },
    ],
  },
  {
    role: 'mr',
    email: 'mr@vlinderboom.example',
    pages: [
      { name: 'beheer-mr-dashboard', path: '/beheer', status: 200 },
      { name: 'beheer-mr-year', path: '/beheer/school/31QX00/2027-2028', status: 200 },
    ],
  },
  {
    role: 'bestuur',
    email: 'bestuur@kempenrand.example',
    pages: [
      { name: 'beheer-board-dashboard', path: '/beheer', status: 200 },
      { name: 'beheer-board-year-mr-advies', path: '/beheer/school/30FB00/2027-2028', status: 200 },
    ],
  },
  {
    role: 'swv-staf',
    email: 'staf@kempenrand.example',
    pages: [
      { name: 'beheer-staff-dashboard', path: '/beheer', status: 200 },
      { name: 'beheer-staff-swv', path: '/beheer/swv/PO3099', status: 200, expect: 'Formats' },
      { name: 'beheer-staff-format-odp', path: '/beheer/swv/PO3099/formaat/odp', status: 200, expect: 'Publiceer als nieuwe versie' },
      { name: 'beheer-staff-format-passenderwijs', path: '/beheer/swv/PO3099/formaat/passenderwijs', status: 200 },
      { name: 'beheer-staff-audit', path: '/beheer/audit', status: 200, expect: 'Auditlog' },
      { name: 'beheer-staff-audit-error', path: '/beheer/audit?van=gisteren', status: 400 },
      { name: 'beheer-staff-school', path: '/beheer/school/31QX00', status: 200 },
    ],
  },
  {
    role: 'admin',
    email: 'admin@passend.example',
    pages: [
      { name: 'beheer-admin-dashboard', path: '/beheer', status: 200 },
      { name: 'beheer-admin-audit', path: '/beheer/audit', status: 200 },
      { name: 'beheer-admin-year-mr-advies', path: '/beheer/school/30FB00/2027-2028', status: 200, expect: 'Advies vastleggen' },
      { name: 'beheer-admin-year-vastgesteld', path: '/beheer/school/35BS00/2027-2028', status: 200, expect: 'Publiceren' },
    ],
  },
  {
    role: 'other-school',
    email: 'ib@hetpalet.example',
    pages: [
      { name: 'beheer-forbidden', path: '/beheer/school/31QX00', status: 403 },
    ],
  },
];
