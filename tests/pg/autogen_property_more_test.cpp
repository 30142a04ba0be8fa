// More pairs for autogenerate's property (see autogen_property_test.cpp):
// start a database at A, declare B, run dev; the database's snapshot equals
// the shadow snapshot of B and check finds nothing; downgrade -1 gives back
// A's snapshot exactly; upgrade heads gives B again. These are the harder
// cases: identity and sequence options, NOT VALID constraints, foreign key
// variants, index variants, enums that constraints and views name, quoting.

#include <gtest/gtest.h>

#include <retort/autogen.hpp>

#include "support/autogen_property.hpp"

namespace retort {
namespace {

using test::SchemaPair;

const std::vector<SchemaPair>& pairs() {
  static const std::vector<SchemaPair> all = {
      // A sequence owned by a column that is dropped and added again (a
      // generated column made plain) keeps its owner and its value.
      {"sequence_owned_by_a_remade_column",
       "CREATE TABLE t (id int PRIMARY KEY, c int GENERATED ALWAYS AS (id * 2) STORED);"
       "CREATE SEQUENCE s OWNED BY t.c; INSERT INTO t VALUES (1); SELECT setval('s', 42);",
       "CREATE TABLE t (id int PRIMARY KEY, c int); CREATE SEQUENCE s OWNED BY t.c;"},
      // Functions taking or returning an enum whose values are reordered or
      // removed, or a domain whose base type changes, are dropped before the
      // type is made again and made after it, with the default, check and
      // view calling them.
      {"functions_over_a_replaced_enum_and_domain",
       "CREATE TYPE mood AS ENUM ('a', 'b', 'c');"
       "CREATE DOMAIN short AS varchar(5);"
       "CREATE FUNCTION is_happy(m mood) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT m = 'a' $$;"
       "CREATE FUNCTION first_mood() RETURNS mood LANGUAGE sql IMMUTABLE AS $$ SELECT 'a'::mood $$;"
       "CREATE FUNCTION shorten(s short) RETURNS short LANGUAGE sql IMMUTABLE AS $$ SELECT s $$;"
       "CREATE TABLE t (id int PRIMARY KEY, m mood DEFAULT first_mood(), s short, CHECK (is_happy(m) OR m = 'b'));"
       "CREATE VIEW happy AS SELECT id, is_happy(m) AS h, shorten(s) AS s FROM t;"
       "INSERT INTO t VALUES (1, 'a', 'x'), (2, 'b', 'y');",
       "CREATE TYPE mood AS ENUM ('b', 'a', 'd');"
       "CREATE DOMAIN short AS varchar(8);"
       "CREATE FUNCTION is_happy(m mood) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT m = 'a' $$;"
       "CREATE FUNCTION first_mood() RETURNS mood LANGUAGE sql IMMUTABLE AS $$ SELECT 'a'::mood $$;"
       "CREATE FUNCTION shorten(s short) RETURNS short LANGUAGE sql IMMUTABLE AS $$ SELECT s $$;"
       "CREATE TABLE t (id int PRIMARY KEY, m mood DEFAULT first_mood(), s short, CHECK (is_happy(m) OR m = 'b'));"
       "CREATE VIEW happy AS SELECT id, is_happy(m) AS h, shorten(s) AS s FROM t;"},
      // The same with names that need quotes (the function's signature
      // names the type as '"Mood"').
      {"functions_over_a_replaced_enum_and_domain_with_quoted_names",
       "CREATE TYPE \"Mood\" AS ENUM ('a', 'b', 'c');"
       "CREATE DOMAIN \"Short Text\" AS varchar(5);"
       "CREATE FUNCTION \"Is Happy\"(m \"Mood\") RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT m = 'a' $$;"
       "CREATE FUNCTION shorten(s \"Short Text\") RETURNS \"Short Text\" LANGUAGE sql IMMUTABLE AS $$ SELECT s $$;"
       "CREATE TABLE t (id int PRIMARY KEY, m \"Mood\", s \"Short Text\", CHECK (\"Is Happy\"(m) OR m = 'b'));"
       "CREATE VIEW happy AS SELECT id, \"Is Happy\"(m) AS h, shorten(s) AS s FROM t;"
       "INSERT INTO t VALUES (1, 'a', 'x'), (2, 'b', 'y');",
       "CREATE TYPE \"Mood\" AS ENUM ('b', 'a', 'd');"
       "CREATE DOMAIN \"Short Text\" AS varchar(8);"
       "CREATE FUNCTION \"Is Happy\"(m \"Mood\") RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT m = 'a' $$;"
       "CREATE FUNCTION shorten(s \"Short Text\") RETURNS \"Short Text\" LANGUAGE sql IMMUTABLE AS $$ SELECT s $$;"
       "CREATE TABLE t (id int PRIMARY KEY, m \"Mood\", s \"Short Text\", CHECK (\"Is Happy\"(m) OR m = 'b'));"
       "CREATE VIEW happy AS SELECT id, \"Is Happy\"(m) AS h, shorten(s) AS s FROM t;"},
      // The same for an enum gaining a value (its downgrade takes it out
      // again) and a range type made again.
      {"functions_over_an_enum_gaining_values_and_a_changed_range",
       "CREATE TYPE mood AS ENUM ('a', 'b');"
       "CREATE TYPE span AS RANGE (SUBTYPE = integer);"
       "CREATE FUNCTION is_happy(m mood) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT m = 'a' $$;"
       "CREATE FUNCTION width(s span) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT upper(s) - lower(s) $$;"
       "CREATE TABLE t (id int PRIMARY KEY, m mood, CHECK (is_happy(m) OR m = 'b'));"
       "CREATE VIEW happy AS SELECT id, is_happy(m) AS h FROM t;"
       "INSERT INTO t VALUES (1, 'a'), (2, 'b');",
       "CREATE TYPE mood AS ENUM ('a', 'b', 'c');"
       "CREATE TYPE span AS RANGE (SUBTYPE = bigint);"
       "CREATE FUNCTION is_happy(m mood) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT m = 'a' $$;"
       "CREATE FUNCTION width(s span) RETURNS integer LANGUAGE sql IMMUTABLE AS $$ SELECT (upper(s) - lower(s))::int $$;"
       "CREATE TABLE t (id int PRIMARY KEY, m mood, CHECK (is_happy(m) OR m = 'b'));"
       "CREATE VIEW happy AS SELECT id, is_happy(m) AS h FROM t;"},
      // Domains over an enum whose values are removed and reordered, over an
      // array of it, and over such a domain: made again over the new enum,
      // their columns converted, with a view over them and a function
      // taking one.
      {"domains_over_a_replaced_enum",
       "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
       "CREATE DOMAIN glad AS mood CHECK (VALUE <> 'sad'); CREATE DOMAIN moods AS mood[];"
       "CREATE DOMAIN gladder AS glad DEFAULT 'ok';"
       "CREATE FUNCTION is_ok(g glad) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT g::text = 'ok' $$;"
       "CREATE TABLE t (id int PRIMARY KEY, g glad, ms moods, gg gladder DEFAULT 'happy');"
       "CREATE VIEW oks AS SELECT id, is_ok(g) AS ok, gg FROM t;"
       "INSERT INTO t VALUES (1, 'ok', ARRAY['happy', 'ok']::mood[], 'happy'), (2, NULL, NULL, DEFAULT);",
       "CREATE TYPE mood AS ENUM ('happy', 'ok', 'meh');"
       "CREATE DOMAIN glad AS mood CHECK (VALUE <> 'meh'); CREATE DOMAIN moods AS mood[];"
       "CREATE DOMAIN gladder AS glad DEFAULT 'ok';"
       "CREATE FUNCTION is_ok(g glad) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT g::text = 'ok' $$;"
       "CREATE TABLE t (id int PRIMARY KEY, g glad, ms moods, gg gladder DEFAULT 'happy');"
       "CREATE VIEW oks AS SELECT id, is_ok(g) AS ok, gg FROM t;"},
      // An enum only gaining a value leaves the domain over it alone; the
      // downgrade, which takes the value out again, makes it again.
      {"domain_over_an_enum_gaining_a_value",
       "CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE DOMAIN glad AS mood CHECK (VALUE <> 'sad');"
       "CREATE TABLE t (id int PRIMARY KEY, g glad); INSERT INTO t VALUES (1, 'ok');",
       "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
       "CREATE DOMAIN glad AS mood CHECK (VALUE <> 'sad') CHECK (VALUE <> 'happy');"
       "CREATE TABLE t (id int PRIMARY KEY, g glad);"},
      // A domain over a domain whose base type changes.
      {"domain_over_a_replaced_domain",
       "CREATE DOMAIN code AS varchar(5); CREATE DOMAIN upper_code AS code CHECK (VALUE = upper(VALUE));"
       "CREATE TABLE t (id int PRIMARY KEY, c upper_code, d code); INSERT INTO t VALUES (1, 'AB', 'x');",
       "CREATE DOMAIN code AS varchar(10); CREATE DOMAIN upper_code AS code CHECK (VALUE = upper(VALUE));"
       "CREATE TABLE t (id int PRIMARY KEY, c upper_code, d code);"},
      // Composite types that columns hold, with an attribute of an enum made
      // again or of a domain made again: made again over the new type, their
      // columns (and an array column) converted, with a view over one and
      // a function taking one.
      {"composites_held_by_columns_over_a_replaced_enum_and_domain",
       "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE DOMAIN short AS varchar(5);"
       "CREATE TYPE entry AS (m mood, note text); CREATE TYPE tag AS (s short, n int);"
       "CREATE TABLE log (id int PRIMARY KEY, e entry, es entry[], t tag);"
       "CREATE FUNCTION mood_of(x entry) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT (x).m::text $$;"
       "CREATE VIEW lv AS SELECT id, (e).m AS m, mood_of(e) AS mt FROM log;"
       "INSERT INTO log VALUES (1, ROW('ok', 'x'), ARRAY[ROW('happy', 'y')::entry], ROW('ab', 1)), (2, NULL, NULL, NULL);",
       "CREATE TYPE mood AS ENUM ('happy', 'ok', 'meh'); CREATE DOMAIN short AS varchar(8);"
       "CREATE TYPE entry AS (m mood, note text); CREATE TYPE tag AS (s short, n int);"
       "CREATE TABLE log (id int PRIMARY KEY, e entry, es entry[], t tag);"
       "CREATE FUNCTION mood_of(x entry) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT (x).m::text $$;"
       "CREATE VIEW lv AS SELECT id, (e).m AS m, mood_of(e) AS mt FROM log;"},
      // ... and changing in ways ALTER TYPE does (an attribute added,
      // one dropped, one renamed): made again as they were, then altered
      // (the downgrade alters them back first); over a range type too.
      {"held_composites_changing_over_a_replaced_enum_domain_and_range",
       "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE DOMAIN short AS varchar(5);"
       "CREATE TYPE fr AS RANGE (SUBTYPE = float8);"
       "CREATE TYPE entry AS (m mood, note text, old int); CREATE TYPE tag AS (s short, n int);"
       "CREATE TYPE span AS (r fr, label text); CREATE TYPE kept AS (r fr);"
       "CREATE TABLE log (id int PRIMARY KEY, e entry, es entry[], t tag, sp span, k kept);"
       "INSERT INTO log VALUES (1, ROW('ok', 'x', 7), ARRAY[ROW('happy', 'y', 8)::entry], ROW('ab', 1),"
       " ROW('[1,2)', 'l'), ROW('[3,4)')), (2, NULL, NULL, NULL, NULL, NULL);",
       "CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad', 'meh'); CREATE DOMAIN short AS varchar(8);"
       "CREATE TYPE fr AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = float8mi);"
       "CREATE TYPE entry AS (m mood, note text, extra mood); CREATE TYPE tag AS (s short, k int);"
       "CREATE TYPE span AS (r fr, label text, r2 fr); CREATE TYPE kept AS (r fr);"
       "CREATE TABLE log (id int PRIMARY KEY, e entry, es entry[], t tag, sp span, k kept);"},
      // ... and made again themselves (attributes reordered or retyped),
      // with no column of the enum, domain or range: made again as they
      // were over the new type first, then made again as declared (seed 60163).
      {"held_composites_made_again_over_a_replaced_enum_domain_and_range",
       "CREATE TYPE mood AS ENUM ('e', 'Zed', 'd'); CREATE DOMAIN short AS varchar(5);"
       "CREATE TYPE fr AS RANGE (SUBTYPE = float8);"
       "CREATE TYPE entry AS (note varchar(22), n smallint, m mood); CREATE TYPE tag AS (s short, n int);"
       "CREATE TYPE span AS (r fr, label text);"
       "CREATE TABLE log (id int PRIMARY KEY, es entry[], t tag, sp span);"
       "INSERT INTO log VALUES (1, ARRAY[ROW('v1', 1, 'e')::entry, NULL::entry], ROW('ab', 1), ROW('[1,2)', 'l')),"
       " (2, NULL, NULL, NULL);",
       "CREATE TYPE mood AS ENUM ('Zed', 'd', 'e'); CREATE DOMAIN short AS varchar(8);"
       "CREATE TYPE fr AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = float8mi);"
       "CREATE TYPE entry AS (n smallint, note varchar(22), m mood); CREATE TYPE tag AS (n bigint, s short);"
       "CREATE TYPE span AS (label text, r fr);"
       "CREATE TABLE log (id int PRIMARY KEY, es entry[], t tag, sp span);",
       {}, "SELECT string_agg(concat_ws('|', id, es::text, t::text, sp::text), ',' ORDER BY id) FROM log",
       "1|{\"(1,v1,e)\",NULL}|(1,ab)|(l,\"[1,2)\"),2"},
      // Domains over an enum whose values are reordered, that go: made
      // again with it (their columns converted), then dropped.
      {"domains_over_a_reordered_enum_dropped",
       "CREATE TYPE e AS ENUM ('c', 'Zed', 'e'); CREATE DOMAIN d AS e; CREATE DOMAIN dd AS d;"
       "CREATE TABLE t (id int PRIMARY KEY, v d, w dd); INSERT INTO t VALUES (1, 'c', 'e');",
       "CREATE TYPE e AS ENUM ('c', 'e', 'Zed'); CREATE TABLE t (id int PRIMARY KEY, v text, w e);"},
      // A new domain over a domain made again is made after it.
      {"new_domain_over_a_domain_made_again",
       "CREATE DOMAIN d AS numeric(10,2) DEFAULT 17; CREATE TABLE t (v d); INSERT INTO t VALUES (1);",
       "CREATE DOMAIN d AS bigint DEFAULT 17; CREATE DOMAIN d2 AS d NOT NULL; CREATE TABLE t (v d, w d2 DEFAULT 1);"},
      // CREATE DOMAIN copies the default of the domain it is over.
      {"domain_over_a_domain_losing_its_default",
       "CREATE DOMAIN base AS text DEFAULT 'x';",
       "CREATE DOMAIN base AS text; CREATE DOMAIN over AS base;"
       "CREATE DOMAIN base2 AS int DEFAULT 1; CREATE DOMAIN over2 AS base2 DEFAULT 2;"},
      // Composite type attributes of an enum whose values are reordered or
      // removed, or of a domain made again, are pointed at the new type.
      {"composite_attributes_of_a_replaced_enum_and_domain",
       "CREATE TYPE mood AS ENUM ('a', 'b', 'c');"
       "CREATE DOMAIN short AS varchar(5);"
       "CREATE TYPE pair AS (m mood, ms mood[], s short, n int);"
       "CREATE TYPE gone AS (m mood);"
       "CREATE FUNCTION mk(m mood) RETURNS pair LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(m, ARRAY[m], 'x', 1)::pair $$;"
       "CREATE TABLE t (id int PRIMARY KEY, m mood);"
       "INSERT INTO t VALUES (1, 'a');",
       "CREATE TYPE mood AS ENUM ('b', 'a');"
       "CREATE DOMAIN short AS varchar(9);"
       "CREATE TYPE pair AS (m mood, ms mood[], s short, n int, extra text);"
       "CREATE FUNCTION mk(m mood) RETURNS pair LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(m, ARRAY[m], 'x', 1, 'e')::pair $$;"
       "CREATE TABLE t (id int PRIMARY KEY, m mood);"},
      // Identity columns and their sequence options.
      {"identity_sequence_options", "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, v int);",
       "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 10), v int);"},
      {"identity_added_with_options", "CREATE TABLE t (v int); INSERT INTO t VALUES (1);",
       "CREATE TABLE t (v int, id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 1000 CACHE 5 MAXVALUE 999999)"
       " PRIMARY KEY);"},
      {"identity_table_created_with_options", "",
       "CREATE TABLE t (id smallint GENERATED ALWAYS AS IDENTITY (INCREMENT BY -1 CYCLE) PRIMARY KEY, v text);"},
      {"identity_to_serial", "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY, v int); INSERT INTO t (v) VALUES (1);",
       "CREATE TABLE t (id serial, v int);"},
      {"identity_to_by_default_with_options",
       "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY (START WITH 5) PRIMARY KEY);",
       "CREATE TABLE t (id bigint GENERATED BY DEFAULT AS IDENTITY (START WITH 5 INCREMENT BY 2) PRIMARY KEY);"},
      {"identity_column_widened", "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v int);",
       "CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v int);"},
      // Serial and plain sequences.
      {"bigserial_to_plain", "CREATE TABLE t (id bigserial PRIMARY KEY, v int); INSERT INTO t (v) VALUES (1);",
       "CREATE TABLE t (id bigint PRIMARY KEY, v int);"},
      // ALTER COLUMN ... TYPE bigint leaves a serial's sequence AS integer
      // (it would run out at 2147483647); the migration widens it too, and
      // numbering goes on where it was.
      {"serial_to_bigserial", "CREATE TABLE t (id serial PRIMARY KEY, v int); INSERT INTO t (v) VALUES (1), (2);",
       "CREATE TABLE t (id bigserial PRIMARY KEY, v int);", {},
       "SELECT string_agg(id || ':' || v, ',') || ' seq ' || (SELECT seqtypid::regtype || ' ' || seqmax FROM "
       "pg_sequence WHERE seqrelid = 't_id_seq'::regclass) || ' next ' || (SELECT last_value FROM t_id_seq) FROM t",
       "1:1,2:2 seq bigint 9223372036854775807 next 2"},
      // A serial whose sequence was set apart from the one serial makes.
      {"serial_with_sequence_options", "CREATE TABLE t (v int);",
       "CREATE TABLE t (v int, id serial); ALTER SEQUENCE t_id_seq INCREMENT BY 10 CACHE 20;"
       "CREATE TABLE u (id bigserial); ALTER SEQUENCE u_id_seq AS integer;"},
      {"serial_in_quoted_table", "CREATE TABLE \"User Accts\" (\"Name\" text);",
       "CREATE TABLE \"User Accts\" (\"Name\" text, \"Id\" serial PRIMARY KEY);"},
      {"sequence_direction_and_range", "CREATE SEQUENCE s INCREMENT -1; CREATE SEQUENCE big;",
       "CREATE SEQUENCE s; CREATE SEQUENCE big AS smallint MINVALUE 10 MAXVALUE 20 CYCLE;"},
      {"owned_sequence_dropped_with_its_table",
       "CREATE TABLE t (a int); CREATE SEQUENCE s OWNED BY t.a; CREATE TABLE u (n bigint DEFAULT nextval('s'));", ""},
      {"owned_sequence_kept_when_its_table_goes",
       "CREATE TABLE t (a int); CREATE SEQUENCE s INCREMENT 3 OWNED BY t.a;", "CREATE SEQUENCE s INCREMENT 3;"},
      {"owned_sequence_moves_to_another_column", "CREATE TABLE t (a int, b int); CREATE SEQUENCE s OWNED BY t.b;",
       "CREATE TABLE t (a int); CREATE SEQUENCE s OWNED BY t.a;"},
      {"sequence_defaults_and_uuid", "CREATE TABLE t (id int);",
       "CREATE SEQUENCE \"Order_No\" START 500 INCREMENT 5;"
       "CREATE TABLE t (id int, uid uuid DEFAULT gen_random_uuid(), at timestamptz DEFAULT CURRENT_TIMESTAMP,"
       " n bigint DEFAULT nextval('\"Order_No\"'), tags text[] DEFAULT '{}', doc jsonb DEFAULT '{\"a\": 1}'::jsonb);"},
      // Generated columns.
      {"plain_to_generated", "CREATE TABLE t (a int, b int); INSERT INTO t VALUES (1, 5);",
       "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a + 1) STORED);"},
      {"generated_expression_change_with_index",
       "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED CHECK (b > 0)); CREATE INDEX ix_b ON t (b);"
       "CREATE UNIQUE INDEX ix_b_expr ON t ((b + 1)) WHERE a > 0; COMMENT ON COLUMN t.b IS 'twice';",
       "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 3) STORED CHECK (b > 0)); CREATE INDEX ix_b ON t (b);"
       "CREATE UNIQUE INDEX ix_b_expr ON t ((b + 1)) WHERE a > 0; COMMENT ON COLUMN t.b IS 'thrice';"},
      {"generated_column_over_retyped_column",
       "CREATE TABLE t (a int, b bigint GENERATED ALWAYS AS (a * 2) STORED); CREATE INDEX ix_b ON t (b);"
       "INSERT INTO t (a) VALUES (1);",
       "CREATE TABLE t (a bigint, b bigint GENERATED ALWAYS AS (a * 2) STORED); CREATE INDEX ix_b ON t (b);"},
      {"view_over_recreated_generated_column",
       "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a + 1) STORED); CREATE VIEW v AS SELECT b FROM t;",
       "CREATE TABLE t (a numeric, b int GENERATED ALWAYS AS (a + 1) STORED); CREATE VIEW v AS SELECT b FROM t;"},
      {"new_generated_column_over_retyped_column", "CREATE TABLE t (a int); INSERT INTO t VALUES (1);",
       "CREATE TABLE t (a text, b text GENERATED ALWAYS AS (a || '!') STORED);"},
      // Foreign keys.
      {"foreign_key_variants",
       "CREATE TABLE p (a int, b int, PRIMARY KEY (a, b)); CREATE TABLE c (id int PRIMARY KEY, pa int, pb int, parent int);",
       "CREATE TABLE p (a int, b int, PRIMARY KEY (a, b)); CREATE TABLE c (id int PRIMARY KEY, pa int, pb int,"
       " parent int REFERENCES c(id) ON DELETE SET NULL,"
       " FOREIGN KEY (pa, pb) REFERENCES p(a, b) MATCH FULL ON UPDATE CASCADE DEFERRABLE);"},
      {"foreign_key_becomes_deferrable",
       "CREATE TABLE u (id int PRIMARY KEY); CREATE TABLE p (u int CONSTRAINT p_u_fk REFERENCES u(id));",
       "CREATE TABLE u (id int PRIMARY KEY);"
       "CREATE TABLE p (u int CONSTRAINT p_u_fk REFERENCES u(id) ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED);"},
      {"foreign_key_not_valid", "CREATE TABLE u (id int PRIMARY KEY); CREATE TABLE p (u int); INSERT INTO p VALUES (7);",
       "CREATE TABLE u (id int PRIMARY KEY); CREATE TABLE p (u int);"
       "ALTER TABLE p ADD CONSTRAINT p_u_fk FOREIGN KEY (u) REFERENCES u(id) NOT VALID;"},
      // A column that a referenced key INCLUDEs changes type: PostgreSQL
      // rebuilds the key's index and refuses to while foreign keys depend on
      // it (seed 50410), so they are dropped first and added after.
      {"foreign_keys_to_a_key_including_a_retyped_column",
       "CREATE TABLE u (id int, v bigint, w bigint, parent int, PRIMARY KEY (id) INCLUDE (v));"
       "CREATE UNIQUE INDEX u_w ON u (w) INCLUDE (v); ALTER TABLE u ADD FOREIGN KEY (parent) REFERENCES u;"
       "CREATE TABLE p (u int REFERENCES u, uw bigint REFERENCES u (w));"
       "INSERT INTO u VALUES (1, 10, 100, 1); INSERT INTO p VALUES (1, 100);",
       "CREATE TABLE u (id int, v integer, w bigint, parent int, PRIMARY KEY (id) INCLUDE (v));"
       "CREATE UNIQUE INDEX u_w ON u (w) INCLUDE (v); ALTER TABLE u ADD FOREIGN KEY (parent) REFERENCES u;"
       "CREATE TABLE p (u int REFERENCES u, uw bigint REFERENCES u (w));",
       {}, "SELECT string_agg(u || '/' || uw, ',') FROM p", "1/100"},
      {"foreign_keys_across_schemas",
       "CREATE SCHEMA app; CREATE TABLE app.orgs (id int PRIMARY KEY); CREATE TABLE users (id int PRIMARY KEY, org int);",
       "CREATE SCHEMA app; CREATE TABLE app.orgs (id int PRIMARY KEY);"
       "CREATE TABLE users (id int PRIMARY KEY, org int REFERENCES app.orgs(id));"
       "CREATE TABLE app.members (user_id int REFERENCES public.users(id) ON DELETE CASCADE, org int REFERENCES app.orgs);",
       {"public", "app"}},
      {"drop_self_referencing_table",
       "CREATE TABLE node (id int PRIMARY KEY, parent int REFERENCES node(id)); INSERT INTO node VALUES (1, NULL), (2, 1);",
       ""},
      {"drop_circular_tables",
       "CREATE TABLE a (id int PRIMARY KEY, b_id int); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));"
       "ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b(id) DEFERRABLE INITIALLY DEFERRED;"
       "BEGIN; INSERT INTO a VALUES (1, 1); INSERT INTO b VALUES (1, 1); COMMIT;",
       ""},
      // Indexes and unique keys.
      {"index_variants", "CREATE TABLE d (id int, title text, body jsonb, tags int[], at timestamptz, code text);",
       "CREATE TABLE d (id int, title text, body jsonb, tags int[], at timestamptz, code text);"
       "CREATE INDEX ix_mix ON d (lower(title) DESC NULLS FIRST, id) INCLUDE (at) WHERE id > 10;"
       "CREATE INDEX ix_hash ON d USING hash (code); CREATE INDEX ix_body ON d USING gin (body jsonb_path_ops);"
       "CREATE INDEX ix_tags ON d USING gin (tags); CREATE INDEX ix_at ON d USING brin (at) WITH (pages_per_range = 16);"
       "CREATE UNIQUE INDEX ix_code ON d (code text_pattern_ops) NULLS NOT DISTINCT;"},
      {"unique_constraint_to_unique_index", "CREATE TABLE t (a int, b int, CONSTRAINT uq_ab UNIQUE (a, b));",
       "CREATE TABLE t (a int, b int); CREATE UNIQUE INDEX uq_ab ON t (a, b);"},
      {"unique_nulls_not_distinct", "CREATE TABLE t (a int, CONSTRAINT uq_a UNIQUE (a));",
       "CREATE TABLE t (a int, CONSTRAINT uq_a UNIQUE NULLS NOT DISTINCT (a) DEFERRABLE);"},
      {"exclusion_variants", "CREATE TABLE room (id int, during tsrange, area circle);",
       "CREATE TABLE room (id int, during tsrange, area circle,"
       " CONSTRAINT no_overlap EXCLUDE USING gist (during WITH &&) WHERE (id > 0) DEFERRABLE INITIALLY DEFERRED,"
       " EXCLUDE USING gist (area WITH &&));"},
      // Check constraints.
      {"check_not_valid_and_no_inherit", "CREATE TABLE t (a int, b int); INSERT INTO t VALUES (-1, 1);",
       "CREATE TABLE t (a int, b int CONSTRAINT b_pos CHECK (b > 0) NO INHERIT);"
       "ALTER TABLE t ADD CONSTRAINT a_pos CHECK (a > 0) NOT VALID;"},
      {"table_with_not_valid_check_created", "",
       "CREATE TABLE t (a int); ALTER TABLE t ADD CONSTRAINT a_pos CHECK (a > 0) NOT VALID;"},
      {"table_with_not_valid_check_dropped",
       "CREATE TABLE t (a int); INSERT INTO t VALUES (-1); ALTER TABLE t ADD CONSTRAINT a_pos CHECK (a > 0) NOT VALID;",
       ""},
      // Comments (index and type comments are not compared; they must not break anything).
      {"comments_on_many_objects",
       "CREATE TYPE mood AS ENUM ('a'); CREATE TABLE t (a int, b mood); CREATE INDEX ix_a ON t (a);"
       "CREATE VIEW v AS SELECT a FROM t;",
       "CREATE TYPE mood AS ENUM ('a'); CREATE TABLE t (a int, b mood); CREATE INDEX ix_a ON t (a);"
       "CREATE VIEW v AS SELECT a FROM t; COMMENT ON TABLE t IS 'T'; COMMENT ON COLUMN t.b IS 'it''s b';"
       "COMMENT ON VIEW v IS 'V'; COMMENT ON INDEX ix_a IS 'I'; COMMENT ON TYPE mood IS 'M';"},
      // Views around changed columns and types.
      {"views_over_type_change_with_using",
       "CREATE TABLE t (a text, b int); INSERT INTO t VALUES ('1', 2); CREATE VIEW v AS SELECT a, b FROM t;"
       "CREATE VIEW w AS SELECT a FROM v WHERE b > 0;",
       "CREATE TABLE t (a integer, b int); CREATE VIEW v AS SELECT a, b FROM t; CREATE VIEW w AS SELECT a FROM v WHERE b > 0;"},
      {"view_over_enum_value_removed",
       "CREATE TYPE mood AS ENUM ('a', 'b', 'c'); CREATE TABLE t (m mood); INSERT INTO t VALUES ('a');"
       "CREATE VIEW v AS SELECT m FROM t WHERE m <> 'b';",
       "CREATE TYPE mood AS ENUM ('a', 'b'); CREATE TABLE t (m mood); CREATE VIEW v AS SELECT m FROM t WHERE m <> 'b';"},
      {"view_naming_enum_without_its_table",
       "CREATE TYPE mood AS ENUM ('a', 'b'); CREATE TABLE t (x int); CREATE VIEW v AS SELECT x, 'a'::mood AS m FROM t;",
       "CREATE TYPE mood AS ENUM ('b', 'a'); CREATE TABLE t (x int); CREATE VIEW v AS SELECT x, 'a'::mood AS m FROM t;"},
      // Only the views naming the retyped column make way for it: one
      // reading other columns, and one holding the whole row, stay.
      {"views_reading_other_columns_or_the_whole_row_beside_a_retyped_column",
       "CREATE TABLE t (a int, b varchar(10), c text); INSERT INTO t VALUES (1, 'x', 'y');"
       "CREATE VIEW v_b AS SELECT a, b FROM t; CREATE VIEW v_other AS SELECT a, c FROM t;"
       "CREATE VIEW v_row AS SELECT row_to_json(t.*) AS j FROM t; CREATE VIEW v_on_b AS SELECT b FROM v_b;",
       "CREATE TABLE t (a int, b varchar(20), c text);"
       "CREATE VIEW v_b AS SELECT a, b FROM t; CREATE VIEW v_other AS SELECT a, c FROM t;"
       "CREATE VIEW v_row AS SELECT row_to_json(t.*) AS j FROM t; CREATE VIEW v_on_b AS SELECT b FROM v_b;",
       {}, "SELECT string_agg(j::text, ',') FROM v_row", "{\"a\":1,\"b\":\"x\",\"c\":\"y\"}"},
      // Enums that constraints and indexes name.
      {"enum_value_removed_under_check_and_partial_index",
       "CREATE TYPE mood AS ENUM ('a', 'b', 'c'); CREATE TABLE t (id int, m mood CONSTRAINT m_not_b CHECK (m <> 'b'));"
       "CREATE INDEX ix_m ON t (id) WHERE m = 'a'; INSERT INTO t VALUES (1, 'a');",
       "CREATE TYPE mood AS ENUM ('a', 'b'); CREATE TABLE t (id int, m mood CONSTRAINT m_not_b CHECK (m <> 'b'));"
       "CREATE INDEX ix_m ON t (id) WHERE m = 'a';"},
      {"enum_value_added_under_check",
       "CREATE TYPE mood AS ENUM ('a', 'c'); CREATE TABLE t (m mood CONSTRAINT m_not_c CHECK (m <> 'c'));",
       "CREATE TYPE mood AS ENUM ('a', 'b', 'c'); CREATE TABLE t (m mood CONSTRAINT m_not_c CHECK (m <> 'c'));"},
      {"enum_in_other_schema_value_added_first",
       "CREATE SCHEMA app; CREATE TYPE app.state AS ENUM ('open', 'done');"
       "CREATE TABLE app.task (s app.state DEFAULT 'open', ss app.state[]);",
       "CREATE SCHEMA app; CREATE TYPE app.state AS ENUM ('new', 'open', 'done');"
       "CREATE TABLE app.task (s app.state DEFAULT 'new', ss app.state[] DEFAULT '{new}');",
       {"public", "app"}},
      {"enum_dropped_while_array_column_uses_it",
       "CREATE TYPE mood AS ENUM ('a', 'b'); CREATE TABLE t (ms mood[] DEFAULT '{a}'); INSERT INTO t VALUES ('{a,b}');",
       "CREATE TABLE t (ms text[] DEFAULT '{a}');"},
      // Quoting.
      {"quoted_names_everywhere", "CREATE SCHEMA \"Sales\";",
       "CREATE SCHEMA \"Sales\"; CREATE TYPE \"Sales\".\"Status\" AS ENUM ('it''s', 'Done');"
       "CREATE TABLE \"Sales\".\"user\" (\"order\" int PRIMARY KEY, \"Status\" \"Sales\".\"Status\" DEFAULT 'it''s');"
       "CREATE TABLE \"Sales\".\"Order Items\" (\"user\" int REFERENCES \"Sales\".\"user\"(\"order\"), \"select\" text);"
       "CREATE INDEX \"Ix Items\" ON \"Sales\".\"Order Items\" (\"select\") WHERE \"user\" > 0;"
       "CREATE VIEW \"Sales\".\"All Items\" AS SELECT \"user\", \"select\" FROM \"Sales\".\"Order Items\";"
       "COMMENT ON COLUMN \"Sales\".\"Order Items\".\"select\" IS 'q';",
       {"public", "Sales"}},
      {"quoted_enum_value_replaced",
       "CREATE TYPE \"Mood\" AS ENUM ('a b', 'c''d'); CREATE TABLE \"T\" (\"M\" \"Mood\" DEFAULT 'c''d');",
       "CREATE TYPE \"Mood\" AS ENUM ('c''d', 'e'); CREATE TABLE \"T\" (\"M\" \"Mood\" DEFAULT 'e');"},
      // Type changes.
      {"type_changes_needing_using",
       "CREATE TABLE t (a text DEFAULT '1', b int, c varchar(5), d timestamp, e text);"
       "INSERT INTO t VALUES ('2', 1, 'true', '2020-01-01', '{\"k\": 1}');",
       "CREATE TABLE t (a int DEFAULT 1, b text, c boolean, d timestamptz, e jsonb);"},
      {"referenced_key_type_changes",
       "CREATE TABLE users (id int PRIMARY KEY); CREATE TABLE posts (user_id int REFERENCES users(id));"
       "INSERT INTO users VALUES (1); INSERT INTO posts VALUES (1);",
       "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE posts (user_id bigint REFERENCES users(id));"},
      {"retype_under_check_and_expression_index",
       "CREATE TABLE t (v varchar(10) CHECK (v <> '')); CREATE INDEX ix_v ON t (lower(v)) WHERE v <> 'x';",
       "CREATE TABLE t (v text CHECK (v <> '')); CREATE INDEX ix_v ON t (lower(v)) WHERE v <> 'x';"},
      {"table_rename_like_under_view", "CREATE TABLE old_t (a int); CREATE VIEW v AS SELECT a FROM old_t;",
       "CREATE TABLE new_t (a int); CREATE VIEW v AS SELECT a FROM new_t;"},
      {"same_table_name_in_two_schemas", "CREATE SCHEMA app; CREATE TABLE items (id int); CREATE TABLE app.items (id int);",
       "CREATE SCHEMA app; CREATE TABLE items (id bigint); CREATE TABLE app.items (id int, name text);"
       "CREATE VIEW app.v AS SELECT i.id FROM items i JOIN app.items j USING (id);",
       {"public", "app"}},
      // Objects that are not diffed stay as they are.
      {"partitioned_table_left_alone",
       "CREATE TABLE p (a int PRIMARY KEY) PARTITION BY RANGE (a);"
       "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10); CREATE TABLE r (a int REFERENCES p(a));",
       "CREATE TABLE p (a int PRIMARY KEY) PARTITION BY RANGE (a);"
       "CREATE TABLE p1 PARTITION OF p FOR VALUES FROM (0) TO (10); CREATE TABLE r (a int REFERENCES p(a), b text);"},
      // Found by the schema fuzzer (tests/pg/autogen_fuzz_test.cpp).
      {"generated_column_retyped", "CREATE TABLE t (a numeric(10,2), g numeric(16,2) GENERATED ALWAYS AS (a * 2) STORED);"
       "INSERT INTO t (a) VALUES (1.5);",
       "CREATE TABLE t (a numeric(10,2), g bigint GENERATED ALWAYS AS (a * 2) STORED);"},
      {"retyped_column_keeps_its_collation", "CREATE TABLE t (c varchar(10) COLLATE \"C\", d text COLLATE \"C\");",
       "CREATE TABLE t (c varchar(20) COLLATE \"C\", d varchar(30) COLLATE \"C\");"},
      // A collated text column retyped to a type without collations (an
      // enum, an integer) and back: no COLLATE on the way there.
      {"collated_column_retyped_to_types_without_collations",
       "CREATE TYPE e AS ENUM ('a', 'b');"
       "CREATE TABLE t (c text COLLATE \"C\", d text COLLATE \"POSIX\", f varchar(5) COLLATE \"C\");"
       "INSERT INTO t VALUES ('a', '1', 'x');",
       "CREATE TYPE e AS ENUM ('a', 'b');"
       "CREATE TABLE t (c e, d integer, f text);"},
      {"generated_column_made_plain_while_what_it_read_goes",
       "CREATE TABLE t (a text, g text GENERATED ALWAYS AS (lower(a)) STORED);",
       "CREATE TABLE t (b text, a text GENERATED ALWAYS AS (lower(b)) STORED, g text);"},
      {"generated_column_dropped_with_what_it_reads",
       "CREATE TABLE t (a int, g bigint GENERATED ALWAYS AS (a * 2) STORED, b int); INSERT INTO t (a, b) VALUES (1, 2);",
       "CREATE TABLE t (b int);"},
      // Domains.
      {"domain_column_unchanged",
       "CREATE DOMAIN posint AS int CHECK (VALUE > 0); CREATE TABLE t (a posint);",
       "CREATE DOMAIN posint AS int CHECK (VALUE > 0); CREATE TABLE t (a posint, b int);"},
      {"domain_added_with_its_column", "CREATE TABLE t (a int);",
       "CREATE DOMAIN posint AS int CHECK (VALUE > 0); CREATE TABLE t (a int, b posint);"},
      {"domain_changes",
       "CREATE DOMAIN posint AS int CHECK (VALUE > 0); CREATE DOMAIN label AS text; CREATE DOMAIN gone AS int;"
       "CREATE TABLE t (a posint);",
       "CREATE DOMAIN posint AS int NOT NULL DEFAULT 1 CONSTRAINT posint_small CHECK (VALUE < 100);"
       "CREATE DOMAIN label AS varchar(10) COLLATE \"C\"; CREATE TABLE t (a posint);"
       "ALTER DOMAIN posint ADD CONSTRAINT posint_even CHECK (VALUE % 2 = 0) NOT VALID;"},
      // A new base type or collation: the domain is made again and its
      // columns converted, with the defaults, checks, indexes and views
      // that name it.
      {"domain_base_type_widened_under_its_columns",
       "CREATE DOMAIN email AS varchar(100) CHECK (VALUE LIKE '%@%');"
       "CREATE TABLE users (id int PRIMARY KEY, e email DEFAULT 'a@b'::email, old email[], "
       "CONSTRAINT users_not_x CHECK (e <> 'x@y'::email));"
       "CREATE INDEX users_e ON users (e) WHERE e <> 'z@z'::email;"
       "CREATE VIEW user_mail AS SELECT id, e FROM users; INSERT INTO users VALUES (1, 'c@d', '{e@f}');",
       "CREATE DOMAIN email AS varchar(255) CHECK (VALUE LIKE '%@%');"
       "CREATE TABLE users (id int PRIMARY KEY, e email DEFAULT 'a@b'::email, old email[], "
       "CONSTRAINT users_not_x CHECK (e <> 'x@y'::email));"
       "CREATE INDEX users_e ON users (e) WHERE e <> 'z@z'::email;"
       "CREATE VIEW user_mail AS SELECT id, e FROM users;"},
      {"domain_base_type_narrowed_and_collation_changed",
       "CREATE DOMAIN code AS text; CREATE TABLE t (c code NOT NULL); INSERT INTO t VALUES ('ab');",
       "CREATE DOMAIN code AS varchar(5) COLLATE \"C\"; CREATE TABLE t (c code NOT NULL);"},
      // Generated columns reading a column whose type is made again are
      // dropped and added again around the conversion (PostgreSQL cannot
      // change the type of a column a generated column reads).
      {"domain_collation_changed_under_a_generated_column",
       "CREATE DOMAIN d AS text COLLATE \"C\";"
       "CREATE TABLE t (id int PRIMARY KEY, v d, g text GENERATED ALWAYS AS (upper(v)) STORED);"
       "INSERT INTO t (id, v) VALUES (1, 'a');",
       "CREATE DOMAIN d AS text COLLATE \"POSIX\";"
       "CREATE TABLE t (id int PRIMARY KEY, v d, g text GENERATED ALWAYS AS (upper(v)) STORED);"},
      {"enum_reordered_under_generated_columns",
       "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
       "CREATE TABLE t (id int PRIMARY KEY, m mood, g boolean GENERATED ALWAYS AS (m = 'ok') STORED, ms mood[],"
       " n int GENERATED ALWAYS AS (cardinality(ms)) STORED);"
       "INSERT INTO t (id, m, ms) VALUES (1, 'ok', '{sad,ok}');",
       "CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad');"
       "CREATE TABLE t (id int PRIMARY KEY, m mood, g boolean GENERATED ALWAYS AS (m = 'ok') STORED, ms mood[],"
       " n int GENERATED ALWAYS AS (cardinality(ms)) STORED);"},
      // Columns of an enum or a domain made again that become generated
      // (of another type) are dropped and added again, not converted; the
      // downgrade drops the generated ones and adds the old columns back
      // after the types are made again (seed 41027 of the fuzzer).
      {"columns_of_types_made_again_becoming_generated",
       "CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE DOMAIN code AS varchar(5);"
       "CREATE TABLE t (id int PRIMARY KEY, m mood, ms mood[], c code, keep mood[]);"
       "INSERT INTO t VALUES (1, 'ok', '{sad}', 'x', '{ok,sad}');",
       "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE DOMAIN code AS text;"
       "CREATE TABLE t (id int PRIMARY KEY, m text GENERATED ALWAYS AS (id::text) STORED,"
       " ms text GENERATED ALWAYS AS (id::text || '!') STORED, c int GENERATED ALWAYS AS (id + 1) STORED, keep mood[]);",
       {},
       "SELECT string_agg(format('%s|%s', id, keep), ';') FROM t",  // (the others' values are lost)
       "1|{ok,sad}"},
      // Foreign keys between columns of an enum or a domain made again (in
      // two tables, and one referencing its own table): dropped before the
      // columns are converted and added after (seed 41110 of the fuzzer).
      {"foreign_keys_between_columns_of_types_made_again",
       "CREATE TYPE mood AS ENUM ('sad', 'ok'); CREATE DOMAIN code AS varchar(5);"
       "CREATE TABLE moods (m mood PRIMARY KEY, c code UNIQUE);"
       "CREATE TABLE people (id int PRIMARY KEY, m mood REFERENCES moods DEFERRABLE, c code,"
       " CONSTRAINT people_c_fkey FOREIGN KEY (c) REFERENCES moods (c) ON DELETE CASCADE);"
       "CREATE TABLE tree (m mood PRIMARY KEY, parent mood REFERENCES tree);"
       "INSERT INTO moods VALUES ('sad', 'a'), ('ok', 'b'); INSERT INTO people VALUES (1, 'ok', 'a');"
       "INSERT INTO tree VALUES ('ok', NULL), ('sad', 'ok');",
       "CREATE TYPE mood AS ENUM ('ok', 'sad'); CREATE DOMAIN code AS varchar(8);"
       "CREATE TABLE moods (m mood PRIMARY KEY, c code UNIQUE);"
       "CREATE TABLE people (id int PRIMARY KEY, m mood REFERENCES moods DEFERRABLE, c code,"
       " CONSTRAINT people_c_fkey FOREIGN KEY (c) REFERENCES moods (c) ON DELETE CASCADE);"
       "CREATE TABLE tree (m mood PRIMARY KEY, parent mood REFERENCES tree);",
       {},
       "SELECT (SELECT string_agg(format('%s|%s|%s', id, m, c), ';') FROM people) || '/' ||"
       " (SELECT string_agg(format('%s|%s', m, parent), ';' ORDER BY m) FROM tree)",
       "1|ok|a/ok|;sad|ok"},
      // A domain gaining NOT NULL and a check while columns hold arrays of
      // it and a composite type with attributes of it: PostgreSQL refuses
      // ALTER DOMAIN then (it cannot check those values), so the domain is
      // made again and the values converted (seed 41844 of the fuzzer).
      {"domain_tightened_under_arrays_and_composite_types",
       "CREATE DOMAIN qty AS int; CREATE TYPE item AS (sku text, n qty, ns qty[]);"
       "CREATE TABLE orders (id int PRIMARY KEY, l item, ls item[], ns qty[], n qty);"
       "INSERT INTO orders VALUES (1, ROW('a', 2, '{3}'), ARRAY[ROW('b', 4, '{}')::item], '{5,6}', 7), (2, NULL, NULL, NULL, 8);",
       "CREATE DOMAIN qty AS int NOT NULL CONSTRAINT positive CHECK (VALUE > 0);"
       "CREATE TYPE item AS (sku text, n qty, ns qty[]);"
       "CREATE TABLE orders (id int PRIMARY KEY, l item, ls item[], ns qty[], n qty);",
       {},
       "SELECT string_agg(format('%s|%s|%s|%s|%s', id, l, ls, ns, n), ';' ORDER BY id) FROM orders",
       "1|(a,2,{3})|{\"(b,4,{})\"}|{5,6}|7;2||||8"},
      // The downgrade takes the values out again, converting the column.
      {"enum_values_added_under_a_generated_column",
       "CREATE TYPE mood AS ENUM ('sad', 'ok');"
       "CREATE TABLE t (id int PRIMARY KEY, m mood, g boolean GENERATED ALWAYS AS (m = 'ok') STORED);"
       "INSERT INTO t (id, m) VALUES (1, 'ok');",
       "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
       "CREATE TABLE t (id int PRIMARY KEY, m mood, g boolean GENERATED ALWAYS AS (m = 'ok') STORED);"},
      {"domain_over_reordered_enum_under_a_generated_column",
       "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE DOMAIN dm AS mood;"
       "CREATE TABLE t (id int PRIMARY KEY, m dm, g boolean GENERATED ALWAYS AS (m::mood = 'ok') STORED);"
       "INSERT INTO t (id, m) VALUES (1, 'ok');",
       "CREATE TYPE mood AS ENUM ('ok', 'sad', 'happy'); CREATE DOMAIN dm AS mood;"
       "CREATE TABLE t (id int PRIMARY KEY, m dm, g boolean GENERATED ALWAYS AS (m::mood = 'ok') STORED);"},
      {"composite_retyped_under_a_generated_column",
       "CREATE TYPE pt AS (x int, y int);"
       "CREATE TABLE t (id int PRIMARY KEY, p pt, sx int GENERATED ALWAYS AS ((p).x) STORED);"
       "INSERT INTO t (id, p) VALUES (1, ROW(1, 2));",
       "CREATE TYPE pt AS (x bigint, y int);"
       "CREATE TABLE t (id int PRIMARY KEY, p pt, sx bigint GENERATED ALWAYS AS ((p).x) STORED);"},
      {"range_type_changed_under_a_generated_column",
       "CREATE TYPE fr AS RANGE (SUBTYPE = float8);"
       "CREATE TABLE t (id int PRIMARY KEY, r fr, e boolean GENERATED ALWAYS AS (isempty(r)) STORED);"
       "INSERT INTO t (id, r) VALUES (1, '[1,2)');",
       "CREATE TYPE fr AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = float8mi);"
       "CREATE TABLE t (id int PRIMARY KEY, r fr, e boolean GENERATED ALWAYS AS (isempty(r)) STORED);"},
      // A generated column of such a type, or casting to one, is too: it
      // takes no USING, and its expression holds on to the old type.
      {"generated_columns_of_and_casting_to_a_reordered_enum",
       "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
       "CREATE TABLE t (id int PRIMARY KEY, g mood GENERATED ALWAYS AS ('ok'::mood) STORED,"
       " h mood[] GENERATED ALWAYS AS (ARRAY['sad'::mood]) STORED,"
       " k boolean GENERATED ALWAYS AS ('happy'::mood < 'sad'::mood) STORED);"
       "INSERT INTO t (id) VALUES (1);",
       "CREATE TYPE mood AS ENUM ('happy', 'ok', 'sad');"
       "CREATE TABLE t (id int PRIMARY KEY, g mood GENERATED ALWAYS AS ('ok'::mood) STORED,"
       " h mood[] GENERATED ALWAYS AS (ARRAY['sad'::mood]) STORED,"
       " k boolean GENERATED ALWAYS AS ('happy'::mood < 'sad'::mood) STORED);"},
      {"generated_column_of_a_domain_whose_collation_changes",
       "CREATE DOMAIN d AS text COLLATE \"C\";"
       "CREATE TABLE t (id int PRIMARY KEY, g d GENERATED ALWAYS AS ('x'::d) STORED);"
       "INSERT INTO t (id) VALUES (1);",
       "CREATE DOMAIN d AS text COLLATE \"POSIX\";"
       "CREATE TABLE t (id int PRIMARY KEY, g d GENERATED ALWAYS AS ('x'::d) STORED);"},
      {"domain_retyped_with_new_column_default",
       "CREATE DOMAIN n AS int; CREATE TABLE t (a n DEFAULT 1);",
       "CREATE DOMAIN n AS bigint; CREATE TABLE t (a n DEFAULT 2);"},
      {"domain_over_domain", "CREATE TABLE t (a int);",
       "CREATE DOMAIN \"b Base\" AS int CHECK (VALUE > 0); CREATE DOMAIN a_small AS \"b Base\" CHECK (VALUE < 10);"
       "CREATE TABLE t (a a_small);"},
      {"domain_dropped_with_its_column",
       "CREATE DOMAIN posint AS int CHECK (VALUE > 0); CREATE TABLE t (a int, b posint); INSERT INTO t VALUES (1, 2);",
       "CREATE TABLE t (a int);"},
      {"column_retyped_to_domain_over_enum_in_other_schema", "CREATE SCHEMA app; CREATE TABLE app.t (x text);",
       "CREATE SCHEMA app; CREATE TYPE app.mood AS ENUM ('a', 'b'); CREATE DOMAIN app.m AS app.mood DEFAULT 'a';"
       "CREATE TABLE app.t (x app.m);",
       {"public", "app"}},
  };
  return all;
}

RETORT_AUTOGEN_PROPERTY_SUITE(AutogenPropertyMore, pairs());

}  // namespace
}  // namespace retort
