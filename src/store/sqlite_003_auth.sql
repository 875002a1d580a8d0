-- Schema version 3: accounts and authoring (issue 5).
--   login_attempt  per-IP login throttling, kept in the database so every
--                  server thread and process sees the same counts
--   format         SWV formats (templates) published by SWV staff, one row per
--                  version; the project's own formats are embedded
--                  (data/formats/*.json) and act as version-1 defaults
--   profile_answer the editor's answers per profile version (item id ->
--                  value, JSON); sections and facts are derived from them
--   audit.school_id / audit.swv_id  so SWV staff can read the audit entries
--                  of their own SWV without joins over deleted rows

CREATE TABLE login_attempt (
  id      INTEGER PRIMARY KEY,
  ip      TEXT NOT NULL,
  at      TEXT NOT NULL,          -- ISO 8601 UTC
  email   TEXT,                   -- as typed (lower case), never a password
  ok      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX login_attempt_ip ON login_attempt(ip, at);

CREATE TABLE format (
  id           INTEGER PRIMARY KEY,
  swv_id       INTEGER NOT NULL REFERENCES swv(id) ON DELETE CASCADE,
  key          TEXT NOT NULL,
  version      INTEGER NOT NULL,
  json         TEXT NOT NULL,
  published_at TEXT NOT NULL,
  published_by INTEGER REFERENCES user(id) ON DELETE SET NULL,
  UNIQUE (swv_id, key, version)
);

CREATE TABLE profile_answer (
  profile_id INTEGER PRIMARY KEY REFERENCES profile(id) ON DELETE CASCADE,
  json       TEXT NOT NULL
);

CREATE INDEX session_user ON session(user_id);

ALTER TABLE audit ADD COLUMN school_id INTEGER;
ALTER TABLE audit ADD COLUMN swv_id INTEGER;
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_swv ON audit(swv_id, at);
