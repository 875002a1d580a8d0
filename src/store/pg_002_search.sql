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
-- accent-folded text.
--
-- The extensions are installed in schema public so that several passend
-- schemas in one database share them; a DBA may install them beforehand
-- (CREATE EXTENSION needs the CREATE privilege on the database; both are
-- "trusted" extensions since PostgreSQL 13).

CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

-- unaccent() is only STABLE (its dictionary could change), so it cannot
-- appear in a generated column or an index.  This wrapper names the
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

-- Every section carries its search vector (heading weighted above body)
-- and its folded text; the store only returns sections of live profiles,
-- so drafts are never found although their rows are indexed.
ALTER TABLE section
  ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('dutch_unaccent', heading), 'A') ||
    setweight(to_tsvector('dutch_unaccent', body), 'D')) STORED,
  ADD COLUMN folded text GENERATED ALWAYS AS (passend_fold(heading || ' ' || body)) STORED;
CREATE INDEX section_tsv ON section USING gin (tsv);
CREATE INDEX section_folded ON section USING gin (folded gin_trgm_ops);

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
