-- Schema version 2: full-text search over the sections of LIVE profiles
-- (finder/search engineer), and indexes for geocoding by place/postcode.
--
-- The tokenizer 'passend' (lower case, accents folded, Dutch Snowball stem)
-- is registered on every connection by sq_fts_register() in
-- store_sqlite_find.c before migrations run.
--
-- The FTS rowid encodes the section: profile_id * 4096 + ord, so a
-- profile's rows are one rowid range and no extra mapping table is needed.
-- Only sections of profiles with is_live = 1 are indexed; drafts never are.

CREATE VIRTUAL TABLE section_fts USING fts5(heading, body, tokenize = 'passend');

CREATE TRIGGER section_fts_ai AFTER INSERT ON section
  WHEN new.ord < 4096 AND (SELECT is_live FROM profile WHERE id = new.profile_id)
  BEGIN
    INSERT INTO section_fts(rowid, heading, body) VALUES (new.profile_id * 4096 + new.ord, new.heading, new.body);
  END;

CREATE TRIGGER section_fts_ad AFTER DELETE ON section
  BEGIN
    DELETE FROM section_fts WHERE rowid = old.profile_id * 4096 + old.ord;
  END;

CREATE TRIGGER section_fts_au AFTER UPDATE ON section
  BEGIN
    DELETE FROM section_fts WHERE rowid = old.profile_id * 4096 + old.ord;
    INSERT INTO section_fts(rowid, heading, body)
      SELECT new.profile_id * 4096 + new.ord, new.heading, new.body FROM profile
      WHERE id = new.profile_id AND is_live AND new.ord < 4096;
  END;

-- A profile becomes live (published, newest year) or stops being live.
CREATE TRIGGER profile_fts_live AFTER UPDATE OF is_live ON profile
  WHEN old.is_live <> new.is_live
  BEGIN
    DELETE FROM section_fts WHERE rowid BETWEEN old.id * 4096 AND old.id * 4096 + 4095;
    INSERT INTO section_fts(rowid, heading, body)
      SELECT new.id * 4096 + ord, heading, body FROM section
      WHERE profile_id = new.id AND new.is_live AND ord < 4096;
  END;

INSERT INTO section_fts(rowid, heading, body)
  SELECT s.profile_id * 4096 + s.ord, s.heading, s.body FROM section s JOIN profile p ON p.id = s.profile_id
  WHERE p.is_live AND s.ord < 4096;

CREATE INDEX school_place ON school(place COLLATE NOCASE);
CREATE INDEX school_pc4 ON school(substr(replace(postcode, ' ', ''), 1, 4));
