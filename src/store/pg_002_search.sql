-- Schema version 2 for PostgreSQL: full-text search over the sections of
-- live profiles, geocoding indexes and the data version counter (the
-- PostgreSQL side of sqlite_002_search.sql; store_pg_find.c reads it).
--
-- Search: the text search configuration dutch_unaccent is a copy of the
-- built-in "dutch" one whose word mappings first fold accents (unaccent)
-- and then stem with the Dutch Snowball stemmer, like the SQLite tokenizer
-- "passend" (utf8proc + libstemmer).  Unlike the built-in "dutch" it keeps
-- stop words, because the SQLite index keeps them too and every query term
-- must match on both backends.  Compound words ("dyslexiebegeleiding" for
-- "begeleiding") are found through a trigram index (pg_trgm) on the
-- accent-folded text.  Only sections of live profiles are indexed.
--
-- The extensions are installed in schema public so that several passend
-- schemas in one database share them; a DBA may install them beforehand
-- (CREATE EXTENSION needs the CREATE privilege on the database; both are
-- "trusted" extensions since PostgreSQL 13).

CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

-- unaccent() is only STABLE (its dictionary could change), so it cannot
-- appear in an index expression.  This wrapper names the
-- dictionary and the function with their schema, which makes it safe to
-- declare IMMUTABLE and independent of the search_path (pg_restore runs
-- with an empty one).
DO $$
DECLARE
  s text;
BEGIN
  SELECT n.nspname INTO STRICT s FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
   WHERE e.extname = 'unaccent';
  EXECUTE format('CREATE FUNCTION passend_fold(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE'
                 ' AS %L', format('SELECT lower(%I.unaccent(%L::regdictionary, $1))', s, s || '.unaccent'));
END $$;

CREATE TEXT SEARCH DICTIONARY passend_dutch_stem (TEMPLATE = snowball, Language = dutch);
CREATE TEXT SEARCH CONFIGURATION dutch_unaccent (COPY = dutch);
ALTER TEXT SEARCH CONFIGURATION dutch_unaccent
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
  WITH unaccent, passend_dutch_stem;

-- AND of many tsqueries (one per search term).
CREATE AGGREGATE passend_tsq_and(tsquery) (SFUNC = tsquery_and, STYPE = tsquery);

-- The search index holds the sections of LIVE profiles only, as the
-- SQLite FTS table does: drafts and old versions are never in it.
-- Triggers keep it current.  Dropping rows is immediate (a profile that
-- stops being live, deleted sections cascade); adding them is deferred to
-- the end of the transaction through search_pending, because a load that
-- brings in several published years of a school makes each one live in
-- turn, and only the last one must be indexed (computing tsvectors is the
-- expensive part of writing a profile).
CREATE TABLE section_search (
  profile_id bigint NOT NULL,
  ord        integer NOT NULL,
  tsv        tsvector NOT NULL,   -- heading weighted A, body D
  folded     text NOT NULL,       -- passend_fold(heading || ' ' || body), for compounds
  PRIMARY KEY (profile_id, ord),
  FOREIGN KEY (profile_id, ord) REFERENCES section(profile_id, ord) ON DELETE CASCADE
);
CREATE INDEX section_search_tsv ON section_search USING gin (tsv);
CREATE INDEX section_search_folded ON section_search USING gin (folded gin_trgm_ops);

-- Profiles whose sections may need indexing at commit.
CREATE TABLE search_pending (profile_id bigint PRIMARY KEY);

CREATE FUNCTION passend_search_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM search_pending WHERE profile_id = NEW.profile_id;
  INSERT INTO section_search(profile_id, ord, tsv, folded)
  SELECT s.profile_id, s.ord,
         setweight(to_tsvector('dutch_unaccent', s.heading), 'A') ||
         setweight(to_tsvector('dutch_unaccent', s.body), 'D'),
         passend_fold(s.heading || ' ' || s.body)
    FROM section s JOIN profile p ON p.id = s.profile_id
   WHERE s.profile_id = NEW.profile_id AND p.is_live
  ON CONFLICT (profile_id, ord) DO NOTHING;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER search_pending_commit AFTER INSERT ON search_pending
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION passend_search_index();

CREATE FUNCTION passend_section_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_pending(profile_id)
  SELECT DISTINCT n.profile_id FROM new_rows n JOIN profile p ON p.id = n.profile_id WHERE p.is_live
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER section_search_ins AFTER INSERT ON section
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION passend_section_added();

CREATE FUNCTION passend_section_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM section_search ss USING new_rows n WHERE ss.profile_id = n.profile_id AND ss.ord = n.ord;
  INSERT INTO search_pending(profile_id)
  SELECT DISTINCT n.profile_id FROM new_rows n JOIN profile p ON p.id = n.profile_id WHERE p.is_live
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER section_search_upd AFTER UPDATE ON section
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION passend_section_changed();

CREATE FUNCTION passend_profile_live() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM section_search ss USING new_rows n WHERE ss.profile_id = n.id AND NOT n.is_live;
  INSERT INTO search_pending(profile_id)
  SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.is_live AND NOT o.is_live
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER profile_search_live AFTER UPDATE ON profile
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION passend_profile_live();

-- Profiles inserted as live (passend copy writes the flags directly).
CREATE FUNCTION passend_profile_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_pending(profile_id) SELECT id FROM new_rows WHERE is_live ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER profile_search_ins AFTER INSERT ON profile
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION passend_profile_added();

CREATE INDEX school_place ON school (lower(place));
CREATE INDEX school_pc4 ON school (substr(replace(postcode, ' ', ''), 1, 4));

-- store_find_data_version(): one row, bumped once per writing transaction
-- by statement triggers on the content tables.  It is transactional, so a
-- reader never sees the new number before the data it stands for.
CREATE TABLE data_version (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  v   bigint NOT NULL,
  xid bigint
);
INSERT INTO data_version(v) VALUES (1);

CREATE FUNCTION passend_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_version SET v = v + 1, xid = txid_current() WHERE xid IS DISTINCT FROM txid_current();
  RETURN NULL;
END $$;

CREATE TRIGGER swv_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON swv
  FOR EACH STATEMENT EXECUTE FUNCTION passend_bump_data_version();
CREATE TRIGGER board_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON board
  FOR EACH STATEMENT EXECUTE FUNCTION passend_bump_data_version();
CREATE TRIGGER school_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON school
  FOR EACH STATEMENT EXECUTE FUNCTION passend_bump_data_version();
CREATE TRIGGER profile_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON profile
  FOR EACH STATEMENT EXECUTE FUNCTION passend_bump_data_version();
CREATE TRIGGER section_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON section
  FOR EACH STATEMENT EXECUTE FUNCTION passend_bump_data_version();
CREATE TRIGGER fact_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON fact
  FOR EACH STATEMENT EXECUTE FUNCTION passend_bump_data_version();
