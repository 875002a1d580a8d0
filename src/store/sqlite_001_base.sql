-- Schema version 1: the profile model, users/roles/sessions and the audit log.
-- Applied by store_sqlite.c inside one transaction.

CREATE TABLE swv (
  id       INTEGER PRIMARY KEY,
  code     TEXT NOT NULL UNIQUE,
  name     TEXT NOT NULL,
  region   TEXT,
  website  TEXT
);

CREATE TABLE board (
  id       INTEGER PRIMARY KEY,
  code     TEXT NOT NULL UNIQUE,
  name     TEXT NOT NULL,
  swv_id   INTEGER REFERENCES swv(id)
);

-- A school location: BRIN + vestigingsnummer.
CREATE TABLE school (
  id           INTEGER PRIMARY KEY,
  brin         TEXT NOT NULL CHECK (length(brin) = 4),
  vestiging    TEXT NOT NULL CHECK (length(vestiging) = 2),
  name         TEXT NOT NULL,
  name_key     TEXT NOT NULL,           -- normalised name for matching imports
  swv_id       INTEGER REFERENCES swv(id),
  board_id     INTEGER REFERENCES board(id),
  kind         TEXT,                    -- bao, sbo, so
  address      TEXT,
  postcode     TEXT,
  place        TEXT,
  denomination TEXT,
  website      TEXT,
  phone        TEXT,
  email        TEXT,
  pupils       INTEGER,
  lat          REAL,
  lon          REAL,
  UNIQUE (brin, vestiging)
);
CREATE INDEX school_swv ON school(swv_id);
CREATE INDEX school_name_key ON school(name_key);

-- One row per version of a school's profile for a school year.  The flags
-- are maintained by the store on every write so readers need no subqueries:
--   is_head   the latest version of (school, year): the working copy
--   is_public the latest published version of (school, year)
--   is_live   the is_public row of the school's newest published year: what
--             the finder, overview and search read
CREATE TABLE profile (
  id             INTEGER PRIMARY KEY,
  school_id      INTEGER NOT NULL REFERENCES school(id) ON DELETE CASCADE,
  school_year    TEXT NOT NULL,
  version        INTEGER NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('concept','mr_advies','vastgesteld','gepubliceerd')),
  format         TEXT,
  format_version INTEGER,
  summary        TEXT,
  date_mr        TEXT,
  mr_advice      TEXT,
  date_set       TEXT,
  date_published TEXT,
  updated_at     TEXT NOT NULL,
  updated_by     INTEGER,
  source_file    TEXT,
  is_head        INTEGER NOT NULL DEFAULT 0,
  is_public      INTEGER NOT NULL DEFAULT 0,
  is_live        INTEGER NOT NULL DEFAULT 0,
  UNIQUE (school_id, school_year, version)
);
CREATE INDEX profile_live ON profile(is_live, school_id);

CREATE TABLE section (
  profile_id INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,
  ord        INTEGER NOT NULL,
  key        TEXT,
  heading    TEXT NOT NULL,
  body       TEXT NOT NULL,
  PRIMARY KEY (profile_id, ord)
);

CREATE TABLE fact (
  profile_id INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,
  ord        INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  code       TEXT,
  value      TEXT,
  count      INTEGER,
  where_     TEXT CHECK (where_ IN ('school','extern')),
  present    INTEGER NOT NULL DEFAULT 1,
  levels     INTEGER NOT NULL DEFAULT 0,    -- bit n = level n
  ev_line    INTEGER,
  ev_text    TEXT,
  source     TEXT NOT NULL DEFAULT 'manual',
  PRIMARY KEY (profile_id, ord)
);
CREATE INDEX fact_code ON fact(kind, code);

-- Accounts.  Roles are scoped: a school editor for school 12, a board member
-- for board 3, SWV staff for SWV 1.  Pupil-level records (later) get their
-- own consent table; see docs/data-model.md.
CREATE TABLE user (
  id            INTEGER PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name          TEXT NOT NULL,
  pw_hash       TEXT,
  disabled      INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until  TEXT,
  created_at    TEXT NOT NULL
);

CREATE TABLE role (
  user_id    INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  role       TEXT NOT NULL CHECK (role IN ('school_editor','mr_member','board_member','swv_staff','admin')),
  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('school','board','swv','all')),
  scope_id   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, role, scope_kind, scope_id)
);

CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,            -- hash of the cookie value, never the value
  user_id    INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  csrf       TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen  TEXT
);

-- Append-only: the triggers make the audit log impossible to edit through
-- the application's own connection.
CREATE TABLE audit (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  user_id     INTEGER,
  action      TEXT NOT NULL,
  object_kind TEXT,
  object_id   INTEGER,
  before      TEXT,
  after       TEXT,
  ip          TEXT
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
