// Autogenerate's property (see autogen_property_test.cpp) for functions,
// procedures, composite types, triggers, materialized views, policies and
// row level security: start a database at A, declare B, run dev; the
// database's snapshot (all of these included) equals the shadow snapshot of
// B; downgrade -1 gives back A's exactly; upgrade heads gives B again.

#include <gtest/gtest.h>

#include <retort/autogen.hpp>

#include "support/autogen_property.hpp"

namespace retort {
namespace {

using test::SchemaPair;

#define TOUCH "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.at = now(); RETURN NEW; END $$;"
#define ROW_FUNCTIONS                                                                                        \
  "CREATE TABLE users (id int PRIMARY KEY, first text, last text);"                                          \
  "CREATE FUNCTION full_name(u users) RETURNS text LANGUAGE sql STABLE AS $$ SELECT u.first || ' ' || u.last $$;" \
  "CREATE FUNCTION user_count() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM users; END;" \
  "CREATE VIEW names AS SELECT full_name(u) AS n FROM users u;"
#define TIMERANGE                                                                                         \
  "CREATE FUNCTION app.time_subtype_diff(x time, y time) RETURNS float8 AS 'SELECT EXTRACT(EPOCH FROM (x - y))'"  \
  " LANGUAGE sql STRICT IMMUTABLE;"                                                                        \
  "CREATE TYPE timerange AS RANGE (subtype = time, subtype_diff = app.time_subtype_diff);"                 \
  "CREATE FUNCTION hours(r timerange) RETURNS float8 LANGUAGE sql AS 'SELECT app.time_subtype_diff(upper(r), lower(r)) / 3600';" \
  "CREATE TYPE slot AS (r timerange, n int);"
#define USERS "CREATE TABLE users (id int PRIMARY KEY, name text, at timestamptz);"

const std::vector<SchemaPair>& pairs() {
  static const std::vector<SchemaPair> all = {
      {"function_added", USERS,
       USERS "CREATE FUNCTION add_one(i integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT i + 1';"},
      {"function_body_changed", "CREATE FUNCTION f(i int) RETURNS int LANGUAGE sql AS 'SELECT i';",
       "CREATE FUNCTION f(i int) RETURNS int LANGUAGE sql AS 'SELECT i + 1';"},
      {"function_options_changed", "CREATE FUNCTION f(i int) RETURNS int LANGUAGE sql AS 'SELECT i';",
       "CREATE FUNCTION f(i int) RETURNS int LANGUAGE sql IMMUTABLE STRICT SECURITY DEFINER "
       "SET search_path = public AS 'SELECT i';"},
      // CREATE OR REPLACE refuses a new result type or argument name: drop
      // and create.
      {"function_result_type_changed", "CREATE FUNCTION f(i int) RETURNS int LANGUAGE sql AS 'SELECT i';",
       "CREATE FUNCTION f(i int) RETURNS bigint LANGUAGE sql AS 'SELECT i::bigint';"},
      {"function_argument_renamed", "CREATE FUNCTION f(i int) RETURNS int LANGUAGE sql AS 'SELECT i';",
       "CREATE FUNCTION f(n int) RETURNS int LANGUAGE sql AS 'SELECT n';"},
      {"function_dropped", "CREATE FUNCTION f(i int) RETURNS int LANGUAGE sql AS 'SELECT i';", ""},
      // Overloads are separate functions.
      {"function_overload_added", "CREATE FUNCTION f(i int) RETURNS int LANGUAGE sql AS 'SELECT i';",
       "CREATE FUNCTION f(i int) RETURNS int LANGUAGE sql AS 'SELECT i';"
       "CREATE FUNCTION f(t text) RETURNS text LANGUAGE sql AS 'SELECT t';"},
      // A default calling a new function: the function comes first.
      {"function_used_by_new_table_default", "",
       "CREATE SEQUENCE ids; CREATE FUNCTION next_id() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('ids') $$;"
       "CREATE TABLE t (id bigint DEFAULT next_id() PRIMARY KEY);"},
      // A SQL function reading a table made in the same migration.
      {"sql_function_reading_new_table", "",
       USERS "CREATE FUNCTION user_count() RETURNS bigint LANGUAGE sql STABLE AS 'SELECT count(*) FROM users';"},
      // A check constraint and an index calling a new function.
      {"function_used_by_check_and_index", USERS,
       USERS "CREATE FUNCTION norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(t)';"
             "ALTER TABLE users ADD CONSTRAINT users_name_norm CHECK (norm(name) <> '');"
             "CREATE INDEX ix_users_norm ON users (norm(name));"},
      // The table goes first, then the function its default called.
      {"function_dropped_with_its_table",
       "CREATE FUNCTION zero() RETURNS int LANGUAGE sql AS 'SELECT 0'; CREATE TABLE t (v int DEFAULT zero());", ""},
      // A function over an enum that goes: the function goes first.
      {"function_over_dropped_enum",
       "CREATE TYPE mood AS ENUM ('a', 'b'); CREATE FUNCTION first_mood() RETURNS mood LANGUAGE sql AS "
       "$$ SELECT 'a'::mood $$;",
       ""},
      {"function_in_other_schema", "CREATE SCHEMA app;",
       "CREATE SCHEMA app; CREATE FUNCTION app.\"Add One\"(i integer) RETURNS integer LANGUAGE sql AS 'SELECT i + 1';",
       {"public", "app"}},
      {"function_and_its_schema_dropped",
       "CREATE SCHEMA app; CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1';", "", {"public", "app"}},
      {"procedure_added_and_changed", "CREATE PROCEDURE p(INOUT n int) LANGUAGE plpgsql AS $$ BEGIN n := 1; END $$;",
       "CREATE PROCEDURE p(INOUT n int) LANGUAGE plpgsql AS $$ BEGIN n := 2; END $$;"
       "CREATE PROCEDURE q() LANGUAGE sql AS 'SELECT 1';"},
      // Triggers.
      {"trigger_added_with_its_function", USERS,
       USERS TOUCH "CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();"},
      {"trigger_on_new_table", "",
       USERS TOUCH "CREATE TRIGGER users_touch BEFORE INSERT OR UPDATE OF name ON users FOR EACH ROW "
                   "WHEN (NEW.name IS NOT NULL) EXECUTE FUNCTION touch();"},
      {"trigger_changed", USERS TOUCH "CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();",
       USERS TOUCH "CREATE TRIGGER users_touch BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();"},
      {"trigger_disabled", USERS TOUCH "CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();",
       USERS TOUCH "CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();"
                   "ALTER TABLE users DISABLE TRIGGER users_touch;"},
      {"trigger_enabled_always", USERS TOUCH,
       USERS TOUCH "CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();"
                   "ALTER TABLE users ENABLE ALWAYS TRIGGER users_touch;"},
      {"trigger_and_function_dropped",
       USERS TOUCH "CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();",
       USERS},
      {"trigger_function_body_changed_in_place",
       USERS TOUCH "CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();",
       USERS "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;"
             "CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();"},
      {"statement_trigger_with_transition_table", USERS TOUCH,
       USERS TOUCH "CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;"
                   "CREATE TRIGGER users_audit AFTER UPDATE ON users REFERENCING NEW TABLE AS changed "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit();"},
      {"constraint_trigger", USERS TOUCH,
       USERS TOUCH "CREATE CONSTRAINT TRIGGER users_check AFTER INSERT ON users DEFERRABLE INITIALLY DEFERRED "
                   "FOR EACH ROW EXECUTE FUNCTION touch();"},
      {"trigger_table_dropped",
       USERS TOUCH "CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();", TOUCH},
      // Materialized views, with their indexes.
      {"materialized_view_added", USERS "INSERT INTO users VALUES (1, 'a', now());",
       USERS "CREATE MATERIALIZED VIEW user_names AS SELECT id, name FROM users;"
             "CREATE UNIQUE INDEX user_names_id ON user_names (id);"
             "COMMENT ON MATERIALIZED VIEW user_names IS 'names';"},
      {"materialized_view_query_changed", USERS "CREATE MATERIALIZED VIEW m AS SELECT id FROM users;",
       USERS "CREATE MATERIALIZED VIEW m AS SELECT id, name FROM users WITH NO DATA;"},
      {"materialized_view_index_added", USERS "CREATE MATERIALIZED VIEW m AS SELECT id FROM users;",
       USERS "CREATE MATERIALIZED VIEW m AS SELECT id FROM users; CREATE INDEX m_id ON m (id);"},
      {"materialized_view_comment_changed", USERS "CREATE MATERIALIZED VIEW m AS SELECT id FROM users;",
       USERS "CREATE MATERIALIZED VIEW m AS SELECT id FROM users; COMMENT ON MATERIALIZED VIEW m IS 'ids';"},
      {"materialized_view_dropped", USERS "CREATE MATERIALIZED VIEW m AS SELECT id FROM users;", USERS},
      {"view_becomes_materialized", USERS "CREATE VIEW m AS SELECT id FROM users;",
       USERS "CREATE MATERIALIZED VIEW m AS SELECT id FROM users;"},
      // A column it reads changes type: made again around the change.
      {"column_retyped_under_materialized_view",
       "CREATE TABLE t (id int, v int); INSERT INTO t VALUES (1, 2);"
       "CREATE MATERIALIZED VIEW m AS SELECT id, v FROM t; CREATE VIEW mv AS SELECT * FROM m;",
       "CREATE TABLE t (id int, v bigint); CREATE MATERIALIZED VIEW m AS SELECT id, v FROM t;"
       "CREATE VIEW mv AS SELECT * FROM m;"},
      // Policies and row level security.
      {"policy_added_with_row_security", USERS,
       USERS "ALTER TABLE users ENABLE ROW LEVEL SECURITY;"
             "CREATE POLICY own ON users FOR SELECT TO PUBLIC USING (name = current_user);"},
      {"policy_changed", USERS "CREATE POLICY own ON users FOR SELECT USING (true);",
       USERS "CREATE POLICY own ON users AS RESTRICTIVE FOR UPDATE TO CURRENT_USER USING (id > 0) "
             "WITH CHECK (name IS NOT NULL);"},
      {"policy_dropped_and_row_security_off",
       USERS "ALTER TABLE users ENABLE ROW LEVEL SECURITY; ALTER TABLE users FORCE ROW LEVEL SECURITY;"
             "CREATE POLICY own ON users USING (true);",
       USERS},
      {"row_security_forced", USERS "ALTER TABLE users ENABLE ROW LEVEL SECURITY;",
       USERS "ALTER TABLE users ENABLE ROW LEVEL SECURITY; ALTER TABLE users FORCE ROW LEVEL SECURITY;"},
      {"policy_on_new_table_calling_new_function", "",
       USERS "CREATE FUNCTION is_me(n text) RETURNS boolean LANGUAGE sql STABLE AS 'SELECT n = current_user';"
             "ALTER TABLE users ENABLE ROW LEVEL SECURITY; CREATE POLICY own ON users USING (is_me(name));"},
      {"policy_and_its_table_dropped",
       USERS "ALTER TABLE users ENABLE ROW LEVEL SECURITY; CREATE POLICY \"Own Rows\" ON users USING (true);", ""},
      // Names that need quotes, in another schema.
      {"quoted_names_in_other_schema", "CREATE SCHEMA app; CREATE TABLE app.\"User Table\" (id int, \"At\" timestamptz);",
       "CREATE SCHEMA app; CREATE TABLE app.\"User Table\" (id int, \"At\" timestamptz);"
       "CREATE FUNCTION app.\"Touch\"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.\"At\" = now(); RETURN NEW; END $$;"
       "CREATE FUNCTION app.\"Add\"(a int, b int DEFAULT 1) RETURNS int LANGUAGE sql AS 'SELECT a + b';"
       "CREATE TRIGGER \"Touch Me\" BEFORE UPDATE ON app.\"User Table\" FOR EACH ROW EXECUTE FUNCTION app.\"Touch\"();"
       "ALTER TABLE app.\"User Table\" DISABLE TRIGGER \"Touch Me\";"
       "ALTER TABLE app.\"User Table\" ENABLE ROW LEVEL SECURITY;"
       "CREATE POLICY \"Mine\" ON app.\"User Table\" USING (app.\"Add\"(id) > 0);"
       "CREATE MATERIALIZED VIEW app.\"Counts\" AS SELECT count(*) AS n FROM app.\"User Table\";"
       "CREATE INDEX \"Counts N\" ON app.\"Counts\" (n);",
       {"public", "app"}},
      // Composite types.
      {"composite_type_added_and_used", USERS,
       "CREATE TYPE mood AS ENUM ('ok'); CREATE TYPE pair AS (a int, \"B c\" varchar(5), m mood);"
       "CREATE TABLE users (id int PRIMARY KEY, name text, at timestamptz, p pair);"
       "CREATE FUNCTION first(p pair) RETURNS int LANGUAGE sql AS 'SELECT (p).a';"},
      {"composite_type_attributes_changed", "CREATE TYPE pair AS (a int, b text, c date);",
       "CREATE TYPE pair AS (a bigint, c date, d numeric(10,2));"},
      {"composite_type_attributes_reordered", "CREATE TYPE pair AS (a int, b text);",
       "CREATE TYPE pair AS (b text, a int);"},
      {"composite_type_dropped_with_its_column_and_enum",
       "CREATE TYPE mood AS ENUM ('ok'); CREATE TYPE pair AS (a int, m mood);"
       "CREATE TABLE t (id int, p pair); INSERT INTO t VALUES (1, ROW(1, 'ok'));"
       "CREATE FUNCTION first(p pair) RETURNS int LANGUAGE sql AS 'SELECT (p).a';",
       "CREATE TABLE t (id int);"},
      // Triggers and rules of views: made after the view, dropped before
      // it, made again when the view is.
      {"instead_of_trigger_on_view_added", USERS TOUCH "CREATE VIEW uv AS SELECT id, name FROM users;",
       USERS TOUCH "CREATE VIEW uv AS SELECT id, name FROM users;"
                   "CREATE TRIGGER uv_insert INSTEAD OF INSERT ON uv FOR EACH ROW EXECUTE FUNCTION touch();"
                   "CREATE RULE uv_delete AS ON DELETE TO uv DO INSTEAD DELETE FROM users WHERE id = old.id;"},
      {"view_recreated_keeps_its_trigger_and_rule",
       USERS TOUCH "CREATE VIEW uv AS SELECT id, name FROM users;"
                   "CREATE TRIGGER uv_insert INSTEAD OF INSERT ON uv FOR EACH ROW EXECUTE FUNCTION touch();"
                   "CREATE RULE uv_delete AS ON DELETE TO uv DO INSTEAD DELETE FROM users WHERE id = old.id;",
       "CREATE TABLE users (id bigint PRIMARY KEY, name text, at timestamptz);" TOUCH
       "CREATE VIEW uv AS SELECT id, name FROM users;"
       "CREATE TRIGGER uv_insert INSTEAD OF INSERT ON uv FOR EACH ROW EXECUTE FUNCTION touch();"
       "CREATE RULE uv_delete AS ON DELETE TO uv DO INSTEAD DELETE FROM users WHERE id = old.id;"},
      {"view_and_its_trigger_both_changed",
       USERS TOUCH "CREATE VIEW uv AS SELECT id, name FROM users;"
                   "CREATE TRIGGER uv_insert INSTEAD OF INSERT ON uv FOR EACH ROW EXECUTE FUNCTION touch();",
       USERS TOUCH "CREATE VIEW uv AS SELECT id, name, at FROM users;"
                   "CREATE TRIGGER uv_write INSTEAD OF INSERT OR UPDATE ON uv FOR EACH ROW EXECUTE FUNCTION touch();"},
      {"view_dropped_with_its_trigger",
       USERS TOUCH "CREATE VIEW uv AS SELECT id, name FROM users;"
                   "CREATE TRIGGER uv_insert INSTEAD OF INSERT ON uv FOR EACH ROW EXECUTE FUNCTION touch();",
       USERS TOUCH},
      // What holds on to a column that is retyped or dropped is dropped
      // first and made again after.
      {"column_retyped_under_trigger_when_and_update_of",
       "CREATE TABLE users (id int PRIMARY KEY, score int, at timestamptz);" TOUCH
       "CREATE TRIGGER users_score BEFORE UPDATE OF score ON users FOR EACH ROW WHEN (old.score IS DISTINCT FROM "
       "new.score) EXECUTE FUNCTION touch();",
       "CREATE TABLE users (id int PRIMARY KEY, score bigint, at timestamptz);" TOUCH
       "CREATE TRIGGER users_score BEFORE UPDATE OF score ON users FOR EACH ROW WHEN (old.score IS DISTINCT FROM "
       "new.score) EXECUTE FUNCTION touch();"},
      {"column_retyped_under_policy", USERS "ALTER TABLE users ENABLE ROW LEVEL SECURITY;"
                                            "CREATE POLICY positive ON users USING (id > 0);",
       "CREATE TABLE users (id bigint PRIMARY KEY, name text, at timestamptz);"
       "ALTER TABLE users ENABLE ROW LEVEL SECURITY; CREATE POLICY positive ON users USING (id > 0);"},
      {"column_retyped_under_rule_of_another_table",
       USERS "CREATE TABLE log (id int, what text);"
             "CREATE RULE log_delete AS ON DELETE TO users DO ALSO INSERT INTO log (what) VALUES (old.name);",
       USERS "CREATE TABLE log (id int, what varchar(100));"
             "CREATE RULE log_delete AS ON DELETE TO users DO ALSO INSERT INTO log (what) VALUES (old.name);"},
      {"column_dropped_that_a_trigger_used",
       USERS TOUCH "CREATE TRIGGER users_name BEFORE UPDATE ON users FOR EACH ROW WHEN (old.name <> new.name) "
                   "EXECUTE FUNCTION touch();",
       "CREATE TABLE users (id int PRIMARY KEY, at timestamptz);" TOUCH
       "CREATE TRIGGER users_name BEFORE UPDATE ON users FOR EACH ROW WHEN (old.at <> new.at) "
       "EXECUTE FUNCTION touch();"},
      // Whole-row references (old.*, users.*) hold every column; a trigger
      // or policy naming no column that changes stays.
      {"column_retyped_beside_whole_row_and_unrelated_triggers_and_policies",
       "CREATE TABLE users (id int PRIMARY KEY, name text, at timestamptz);" TOUCH
       "CREATE TRIGGER any_change BEFORE UPDATE ON users FOR EACH ROW WHEN (old.* IS DISTINCT FROM new.*) "
       "EXECUTE FUNCTION touch(); CREATE TRIGGER always BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();"
       "ALTER TABLE users ENABLE ROW LEVEL SECURITY; CREATE POLICY whole ON users USING (users IS NOT NULL);"
       "CREATE POLICY by_id ON users USING (id > 0); INSERT INTO users VALUES (1, 'ann', NULL);",
       "CREATE TABLE users (id int PRIMARY KEY, name varchar(100), at timestamptz);" TOUCH
       "CREATE TRIGGER any_change BEFORE UPDATE ON users FOR EACH ROW WHEN (old.* IS DISTINCT FROM new.*) "
       "EXECUTE FUNCTION touch(); CREATE TRIGGER always BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch();"
       "ALTER TABLE users ENABLE ROW LEVEL SECURITY; CREATE POLICY whole ON users USING (users IS NOT NULL);"
       "CREATE POLICY by_id ON users USING (id > 0);",
       {}, "SELECT string_agg(id || ':' || name, ',') FROM users", "1:ann"},
      // A trigger or policy casting to an enum made again (its values
      // reordered) on a table with no column of it: PostgreSQL drops no
      // type they name.
      {"trigger_and_policy_naming_an_enum_made_again",
       "CREATE TYPE st AS ENUM ('a', 'b'); CREATE TABLE users (id int PRIMARY KEY, s text, at timestamptz);" TOUCH
       "CREATE TRIGGER st_b BEFORE UPDATE ON users FOR EACH ROW WHEN (new.s::st = 'b') EXECUTE FUNCTION touch();"
       "CREATE POLICY st_a ON users USING (s::st = 'a');",
       "CREATE TYPE st AS ENUM ('b', 'a'); CREATE TABLE users (id int PRIMARY KEY, s text, at timestamptz);" TOUCH
       "CREATE TRIGGER st_b BEFORE UPDATE ON users FOR EACH ROW WHEN (new.s::st = 'b') EXECUTE FUNCTION touch();"
       "CREATE POLICY st_a ON users USING (s::st = 'a');"},
      // Grants are not compared, but a view, materialized view or function
      // made again keeps those it had: a SECURITY DEFINER function with
      // EXECUTE taken from PUBLIC must not come back callable by anyone.
      {"views_and_functions_made_again_keep_their_grants",
       "DO $$ BEGIN CREATE ROLE retort_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
       "CREATE TABLE users (id int PRIMARY KEY, name varchar(50), secret text);"
       "CREATE VIEW names AS SELECT id, name FROM users;"
       "CREATE MATERIALIZED VIEW name_count AS SELECT count(name) AS n FROM users;"
       "CREATE FUNCTION peek(i int) RETURNS text LANGUAGE sql SECURITY DEFINER AS 'SELECT secret FROM users WHERE id = i';"
       "REVOKE EXECUTE ON FUNCTION peek(int) FROM PUBLIC; GRANT EXECUTE ON FUNCTION peek(int) TO retort_reader;"
       "GRANT SELECT ON names TO retort_reader WITH GRANT OPTION; GRANT SELECT ON name_count TO retort_reader, PUBLIC;",
       "CREATE TABLE users (id int PRIMARY KEY, name varchar(100), secret text);"
       "CREATE VIEW names AS SELECT id, name FROM users;"
       "CREATE MATERIALIZED VIEW name_count AS SELECT count(name) AS n FROM users;"
       "CREATE FUNCTION peek(k int) RETURNS text LANGUAGE sql SECURITY DEFINER AS 'SELECT secret FROM users WHERE id = k';",
       {},
       "SELECT (SELECT string_agg(c.relname || ':' || a.privilege_type || ':' || CASE WHEN a.grantee = 0 THEN 'PUBLIC' "
       "ELSE pg_get_userbyid(a.grantee) END || ':' || a.is_grantable, ',' ORDER BY c.relname, a.grantee) FROM pg_class c,"
       " aclexplode(c.relacl) a WHERE c.relname IN ('names', 'name_count') AND a.grantee <> c.relowner) || ' peek:' || "
       "(SELECT string_agg(CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, ',') FROM "
       "pg_proc p, aclexplode(p.proacl) a WHERE p.proname = 'peek' AND a.grantee <> p.proowner)",
       "name_count:SELECT:PUBLIC:false,name_count:SELECT:retort_reader:false,names:SELECT:retort_reader:true "
       "peek:retort_reader"},
      // Aggregates: made after the functions they use, replaced in place
      // unless their result type changes.
      {"aggregate_added_with_its_function", USERS,
       USERS "CREATE FUNCTION add_len(s int, t text) RETURNS int LANGUAGE sql IMMUTABLE AS "
             "'SELECT s + length(t)';"
             "CREATE AGGREGATE total_len(text) (SFUNC = add_len, STYPE = int, INITCOND = '0');"
             "CREATE VIEW name_len AS SELECT total_len(name) AS n FROM users;"},
      {"aggregate_changed_in_place", "CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int);",
       "CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int, INITCOND = '0', PARALLEL = SAFE);"},
      {"aggregate_result_type_changed", "CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int);",
       "CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int, FINALFUNC = int8, INITCOND = '0');"},
      {"aggregate_dropped_with_its_function",
       "CREATE FUNCTION add_len(s int, t text) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT s + length(t)';"
       "CREATE AGGREGATE total_len(text) (SFUNC = add_len, STYPE = int, INITCOND = '0');",
       ""},
      {"aggregate_without_arguments_moving_and_sortop", "",
       "CREATE AGGREGATE cnt(*) (SFUNC = int8inc, STYPE = int8, INITCOND = '0', PARALLEL = SAFE);"
       "CREATE AGGREGATE msum(int) (SFUNC = int4pl, STYPE = int, MSFUNC = int4pl, MINVFUNC = int4mi, MSTYPE = int, "
       "COMBINEFUNC = int4pl, PARALLEL = SAFE);"
       "CREATE AGGREGATE my_max(int) (SFUNC = int4larger, STYPE = int, SORTOP = >, COMBINEFUNC = int4larger);"
       "CREATE AGGREGATE \"Odd Name\"(text) (SFUNC = array_append, STYPE = text[], INITCOND = '{\"a, b\"}') ;"},
      // A function dropped and created (its argument is renamed, or its
      // result type changes): what calls it is dropped first and made
      // again after.
      {"function_renamed_argument_used_everywhere",
       "CREATE FUNCTION f(i int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT i + 1';"
       "CREATE TABLE t (id int PRIMARY KEY, v int DEFAULT f(1) CHECK (f(v) > 0), g int GENERATED ALWAYS AS (f(v)) "
       "STORED); CREATE INDEX t_fv ON t (f(v)); INSERT INTO t (id) VALUES (1);"
       "CREATE VIEW tv AS SELECT id, f(v) AS fv FROM t; CREATE MATERIALIZED VIEW tm AS SELECT f(2) AS two;"
       "ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (f(id) > 0);",
       "CREATE FUNCTION f(n int) RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT n + 1';"
       "CREATE TABLE t (id int PRIMARY KEY, v int DEFAULT f(1) CHECK (f(v) > 0), g int GENERATED ALWAYS AS (f(v)) "
       "STORED); CREATE INDEX t_fv ON t (f(v));"
       "CREATE VIEW tv AS SELECT id, f(v) AS fv FROM t; CREATE MATERIALIZED VIEW tm AS SELECT f(2) AS two;"
       "ALTER TABLE t ENABLE ROW LEVEL SECURITY; CREATE POLICY p ON t USING (f(id) > 0);"},
      {"function_result_type_changed_under_a_default",
       "CREATE SEQUENCE ids; CREATE FUNCTION next_id() RETURNS int LANGUAGE sql AS $$ SELECT nextval('ids')::int $$;"
       "CREATE TABLE t (id bigint DEFAULT next_id() PRIMARY KEY);",
       "CREATE SEQUENCE ids; CREATE FUNCTION next_id() RETURNS bigint LANGUAGE sql AS $$ SELECT nextval('ids') $$;"
       "CREATE TABLE t (id bigint DEFAULT next_id() PRIMARY KEY);"},
      {"trigger_function_renamed_argument",
       USERS "CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.at = now(); RETURN NEW; END $$;"
       "CREATE FUNCTION lower_name(s text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(s)';"
       "CREATE TRIGGER users_stamp BEFORE UPDATE ON users FOR EACH ROW WHEN (lower_name(old.name) <> "
       "lower_name(new.name)) EXECUTE FUNCTION stamp();",
       USERS "CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.at = now(); RETURN NEW; END $$;"
       "CREATE FUNCTION lower_name(t text) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT lower(t)';"
       "CREATE TRIGGER users_stamp BEFORE UPDATE ON users FOR EACH ROW WHEN (lower_name(old.name) <> "
       "lower_name(new.name)) EXECUTE FUNCTION stamp();"},
      {"aggregate_result_changed_under_a_view",
       USERS "CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int);"
             "CREATE VIEW sums AS SELECT total(id) AS s FROM users;",
       USERS "CREATE AGGREGATE total(int) (SFUNC = int4pl, STYPE = int, FINALFUNC = int8);"
             "CREATE VIEW sums AS SELECT total(id) AS s FROM users;"},
      // A domain whose check calls a new function, a domain over it and a
      // new function taking it: function, domains, then that function.
      {"domain_check_calls_new_function",
       "CREATE DOMAIN even AS int; CREATE DOMAIN even2 AS even;"
       "CREATE TABLE t (id int PRIMARY KEY, e even2); INSERT INTO t VALUES (1, 2);",
       "CREATE FUNCTION is_even(i int) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT i % 2 = 0 $$;"
       "CREATE DOMAIN even AS int CHECK (is_even(VALUE)); CREATE DOMAIN even2 AS even;"
       "CREATE DOMAIN even3 AS even2 DEFAULT 4;"
       "CREATE FUNCTION twice(e even2) RETURNS int LANGUAGE sql AS $$ SELECT e * 2 $$;"
       "CREATE TABLE t (id int PRIMARY KEY, e even2 DEFAULT 2, f even3, g int DEFAULT twice(4));"},
      // A new domain calling a new function and a new sequence; the other
      // way, both go with the domain first.
      {"domain_calls_new_function_and_sequence", "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);",
       "CREATE FUNCTION is_even(i int) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT i % 2 = 0 $$;"
       "CREATE SEQUENCE s; CREATE DOMAIN even AS int CHECK (is_even(VALUE)) DEFAULT 2;"
       "CREATE DOMAIN counter AS bigint DEFAULT nextval('s');"
       "CREATE TABLE t (id int PRIMARY KEY, e even, c counter);"},
      {"domain_calling_function_dropped",
       "CREATE FUNCTION is_even(i int) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT i % 2 = 0 $$;"
       "CREATE SEQUENCE s; CREATE DOMAIN even AS int CHECK (is_even(VALUE)) DEFAULT 2;"
       "CREATE DOMAIN even2 AS even; CREATE DOMAIN counter AS bigint DEFAULT nextval('s');"
       "CREATE FUNCTION twice(e even2) RETURNS int LANGUAGE sql AS $$ SELECT e * 2 $$;"
       "CREATE TABLE t (id int PRIMARY KEY, e even2, c counter); INSERT INTO t VALUES (1, 4, 10);",
       "CREATE TABLE t (id int PRIMARY KEY);"},
      // Functions a domain's check or default calls, dropped and created
      // (an argument renamed, a result type changed): the domain lets go of
      // them first and takes them back after, also a check that only the
      // new schema has.
      {"domain_calls_function_dropped_and_created",
       "CREATE FUNCTION is_even(i int) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT i % 2 = 0 $$;"
       "CREATE FUNCTION pick() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;"
       "CREATE DOMAIN even AS int CHECK (is_even(VALUE)) DEFAULT pick(); CREATE DOMAIN small AS int CHECK (VALUE < 100);"
       "CREATE TABLE t (id int PRIMARY KEY, e even, s small); INSERT INTO t VALUES (1, 4, 6);",
       "CREATE FUNCTION is_even(n int) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT n % 2 = 0 $$;"
       "CREATE FUNCTION pick() RETURNS bigint LANGUAGE sql AS $$ SELECT 2::bigint $$;"
       "CREATE DOMAIN even AS int CHECK (is_even(VALUE)) DEFAULT pick();"
       "CREATE DOMAIN small AS int CHECK (VALUE < 100) CONSTRAINT small_even CHECK (is_even(VALUE));"
       "CREATE TABLE t (id int PRIMARY KEY, e even, s small);"},
      // A function over a table's row type and one whose BEGIN ATOMIC body
      // reads a table: made after the table, dropped before it.
      {"functions_tied_to_a_new_table", "CREATE TABLE other (id int);",
       "CREATE TABLE other (id int);" ROW_FUNCTIONS},
      {"functions_tied_to_a_dropped_table",
       "CREATE TABLE other (id int);" ROW_FUNCTIONS "INSERT INTO users VALUES (1, 'a', 'b');",
       "CREATE TABLE other (id int);"},
      // A BEGIN ATOMIC body reading a column that is retyped or dropped, or
      // calling a function that is dropped and created, is made again
      // (with a view calling it); one over a row type stays.
      {"atomic_function_over_changed_columns",
       "CREATE TABLE users (id int PRIMARY KEY, first varchar(10), last text);"
       "CREATE FUNCTION norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(t) $$;"
       "CREATE FUNCTION firsts() RETURNS SETOF varchar LANGUAGE sql STABLE BEGIN ATOMIC SELECT first FROM users; END;"
       "CREATE FUNCTION lasts() RETURNS SETOF text LANGUAGE sql STABLE BEGIN ATOMIC SELECT norm(last) FROM users; END;"
       "CREATE FUNCTION n_users() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM users; END;"
       "CREATE FUNCTION full_name(u users) RETURNS text LANGUAGE sql STABLE AS $$ SELECT u.first || u.last $$;"
       "CREATE VIEW v AS SELECT n_users() AS n, (SELECT count(*) FROM lasts()) AS l;"
       "INSERT INTO users VALUES (1, 'a', 'B');",
       "CREATE TABLE users (id int PRIMARY KEY, first varchar(20), email text);"
       "CREATE FUNCTION norm(s text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(s) $$;"
       "CREATE FUNCTION firsts() RETURNS SETOF varchar LANGUAGE sql STABLE BEGIN ATOMIC SELECT first FROM users; END;"
       "CREATE FUNCTION lasts() RETURNS SETOF text LANGUAGE sql STABLE BEGIN ATOMIC SELECT norm(first) FROM users; END;"
       "CREATE FUNCTION n_users() RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM users; END;"
       "CREATE FUNCTION full_name(u users) RETURNS text LANGUAGE sql STABLE AS $$ SELECT u.first || u.email $$;"
       "CREATE VIEW v AS SELECT n_users() AS n, (SELECT count(*) FROM lasts()) AS l;"},
      // An aggregate whose state function is dropped and created (argument
      // renamed) goes first and comes back after it, with a view over it.
      {"aggregate_over_a_remade_state_function",
       "CREATE FUNCTION sf(s integer, a integer) RETURNS integer LANGUAGE sql AS $$ SELECT s + a $$;"
       "CREATE AGGREGATE total(integer) (SFUNC = sf, STYPE = integer);"
       "CREATE TABLE t (v int); CREATE VIEW sums AS SELECT total(v) AS s FROM t;",
       "CREATE FUNCTION sf(s integer, b integer) RETURNS integer LANGUAGE sql AS $$ SELECT s + b $$;"
       "CREATE AGGREGATE total(integer) (SFUNC = sf, STYPE = integer);"
       "CREATE TABLE t (v int); CREATE VIEW sums AS SELECT total(v) AS s FROM t;"},
      // The same with names that need quotes (seed 67230 of the fuzzer:
      // the aggregate was not seen to use '"Sf 31"', so DROP FUNCTION
      // failed on it).
      {"aggregate_over_a_remade_state_function_with_quoted_names",
       "CREATE FUNCTION \"Sf 31\"(s integer, a integer) RETURNS integer LANGUAGE sql AS $$ SELECT s + a $$;"
       "CREATE AGGREGATE \"Total 1\"(integer) (SFUNC = \"Sf 31\", STYPE = integer);"
       "CREATE TABLE t (v int); CREATE VIEW sums AS SELECT \"Total 1\"(v) AS s FROM t;",
       "CREATE FUNCTION \"Sf 31\"(s integer, x integer) RETURNS integer LANGUAGE sql AS $$ SELECT s + x $$;"
       "CREATE AGGREGATE \"Total 1\"(integer) (SFUNC = \"Sf 31\", STYPE = integer);"
       "CREATE TABLE t (v int); CREATE VIEW sums AS SELECT \"Total 1\"(v) AS s FROM t;"},
      // The same when the aggregate goes (and a BEGIN ATOMIC function
      // calling a function whose result type changes): dropped before
      // the function is (seed 43638 of the fuzzer); the downgrade makes
      // them again after it.
      {"aggregate_and_atomic_function_dropped_over_remade_functions",
       "CREATE FUNCTION sf(s integer, a integer) RETURNS integer LANGUAGE sql AS $$ SELECT s + a $$;"
       "CREATE AGGREGATE total(integer) (SFUNC = sf, STYPE = integer);"
       "CREATE FUNCTION two() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 2';"
       "CREATE FUNCTION four() RETURNS int LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT two() * 2; END;",
       "CREATE FUNCTION sf(s integer, b integer) RETURNS integer LANGUAGE sql AS $$ SELECT s + b $$;"
       "CREATE FUNCTION two() RETURNS bigint LANGUAGE sql IMMUTABLE AS 'SELECT 2';"},
      // A composite type that a column uses gains and loses attributes in
      // place (the lost one is marked destructive; dev runs with
      // --allow-destructive here).
      {"composite_type_in_a_column_changes_attributes",
       "CREATE TYPE pt AS (x int, y int); CREATE TABLE t (id int, p pt); INSERT INTO t VALUES (1, ROW(1, 2));",
       "CREATE TYPE pt AS (x int, z text); CREATE TABLE t (id int, p pt);"},
      // One that retypes an attribute while columns (and an array column)
      // hold it, and gains and loses others: made again, the columns
      // converted, with what names it (a default, a view over the column,
      // a function taking it, a composite type with an attribute of it).
      {"composite_type_in_a_column_retypes_attributes",
       "CREATE TYPE pt AS (x int, label varchar(10), old text); CREATE TYPE wrap AS (p pt, n int);"
       "CREATE TABLE shapes (id int PRIMARY KEY, p pt DEFAULT ROW(0, 'o', NULL)::pt, ps pt[]);"
       "CREATE VIEW shape_x AS SELECT id, (p).x AS x FROM shapes;"
       "CREATE FUNCTION label_of(v pt) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT (v).label::text $$;"
       "INSERT INTO shapes VALUES (1, ROW(1, 'a', 'gone'), ARRAY[ROW(2, 'b', NULL)::pt]), (2, NULL, NULL);",
       "CREATE TYPE pt AS (x bigint, label text, extra int); CREATE TYPE wrap AS (p pt, n int);"
       "CREATE TABLE shapes (id int PRIMARY KEY, p pt DEFAULT ROW(0, 'o', NULL)::pt, ps pt[]);"
       "CREATE VIEW shape_x AS SELECT id, (p).x AS x FROM shapes;"
       "CREATE FUNCTION label_of(v pt) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT (v).label::text $$;"},
      // Attributes reordered while a column holds the type, and one dropped
      // from the middle (its downgrade puts it back in the middle, which
      // ALTER cannot): each value built again attribute by attribute.
      {"composite_type_in_a_column_reordered",
       "CREATE TYPE pt AS (x int, y text, z int); CREATE TYPE pt2 AS (a int, b text, c int);"
       "CREATE TABLE t (id int PRIMARY KEY, p pt DEFAULT ROW(1, 'a', 2)::pt, q pt2);"
       "CREATE VIEW v AS SELECT id, (p).y AS y FROM t;"
       "INSERT INTO t VALUES (1, ROW(1, 'a', 2), ROW(1, 'b', 3)), (2, NULL, NULL), (3, ROW(NULL, NULL, NULL), NULL);",
       "CREATE TYPE pt AS (z bigint, x int, y text, w text); CREATE TYPE pt2 AS (a int, c int);"
       "CREATE TABLE t (id int PRIMARY KEY, p pt DEFAULT ROW(2, 1, 'a', 'w')::pt, q pt2);"
       "CREATE VIEW v AS SELECT id, (p).y AS y FROM t;"},
      // The same while array columns hold the type (one-dimensional,
      // multi-dimensional with other lower bounds, empty, NULL, with NULL
      // elements and rows of NULLs): each element converted by a cast
      // from the old type to the new; the values come through both ways.
      {"composite_type_in_array_columns_reordered",
       "CREATE TYPE pt AS (x int, y text);"
       "CREATE TABLE t (id int PRIMARY KEY, p pt, ps pt[] DEFAULT '{}', grid pt[][]);"
       "CREATE VIEW firsts AS SELECT id, ps[1] AS first, (ps[1]).y AS y FROM t;"
       "INSERT INTO t VALUES (1, ROW(1, 'a'), ARRAY[ROW(1, 'a')::pt, NULL, ROW(NULL, NULL)::pt],"
       "  '[0:1][1:2]={{\"(1,a)\",\"(2,b)\"},{\"(3,c)\",NULL}}'), (2, NULL, '{}', NULL), (3, NULL, NULL, '{}');",
       "CREATE TYPE pt AS (y text, x bigint);"
       "CREATE TABLE t (id int PRIMARY KEY, p pt, ps pt[] DEFAULT '{}', grid pt[][]);"
       "CREATE VIEW firsts AS SELECT id, ps[1] AS first, (ps[1]).y AS y FROM t;",
       {},
       "SELECT string_agg(format('%s|%s|%s|%s', id, p, ps, grid), ';' ORDER BY id) FROM t",
       "1|(a,1)|{\"(a,1)\",NULL,\"(,)\"}|[0:1][1:2]={{\"(a,1)\",\"(b,2)\"},{\"(c,3)\",NULL}};2||{}|;3|||{}"},
      // An attribute dropped from the middle while an array column holds
      // the type: dropped in place; the downgrade puts it back in the
      // middle by the cast (what it held is lost: NULL here, so that the
      // values come back as they were).
      {"composite_type_in_an_array_column_loses_a_middle_attribute",
       "CREATE SCHEMA app; CREATE TYPE app.pt AS (x int, gone text, y int);"
       "CREATE TABLE app.t (id int PRIMARY KEY, ps app.pt[]);"
       "INSERT INTO app.t VALUES (1, ARRAY[ROW(1, NULL, 2)::app.pt, ROW(3, NULL, NULL)::app.pt]), (2, ARRAY[NULL::app.pt]);",
       "CREATE SCHEMA app; CREATE TYPE app.pt AS (x int, y int); CREATE TABLE app.t (id int PRIMARY KEY, ps app.pt[]);",
       {"public", "app"},
       "SELECT string_agg(format('%s|%s', id, ps), ';' ORDER BY id) FROM app.t",
       "1|{\"(1,2)\",\"(3,)\"};2|{NULL}"},
      // A range type whose SUBTYPE_DIFF function is made in the same
      // migration (PostgreSQL's own example), with a function taking the
      // range, a composite type with an attribute of it and a column: the
      // range comes after the function, the others after the range; the
      // downgrade drops them in reverse. And the other way round.
      {"range_type_with_a_new_subtype_diff_function", "CREATE SCHEMA app; CREATE TABLE shifts (id int PRIMARY KEY);",
       "CREATE SCHEMA app;" TIMERANGE "CREATE TABLE shifts (id int PRIMARY KEY, during timerange, s slot);",
       {"public", "app"}},
      {"range_type_with_its_subtype_diff_function_dropped",
       "CREATE SCHEMA app;" TIMERANGE "CREATE TABLE shifts (id int PRIMARY KEY, during timerange, s slot);",
       "CREATE SCHEMA app; CREATE TABLE shifts (id int PRIMARY KEY);", {"public", "app"}},
      // A range type gaining a SUBTYPE_DIFF function made in the same
      // migration while a column holds it: made again after the function.
      {"range_type_in_a_column_gaining_a_new_subtype_diff_function",
       "CREATE SCHEMA app; CREATE TYPE app.fr AS RANGE (SUBTYPE = float8);"
       "CREATE TABLE t (id int PRIMARY KEY, r app.fr); INSERT INTO t VALUES (1, '[1.5,2)');",
       "CREATE SCHEMA app; CREATE FUNCTION app.\"Diff\"(a float8, b float8) RETURNS float8 LANGUAGE sql IMMUTABLE"
       " AS 'SELECT a - b';"
       "CREATE TYPE app.fr AS RANGE (SUBTYPE = float8, SUBTYPE_DIFF = app.\"Diff\");"
       "CREATE TABLE t (id int PRIMARY KEY, r app.fr);",
       {"public", "app"},
       "SELECT string_agg(format('%s|%s', id, r), ';') FROM t",
       "1|[1.5,2)"},
      // Column defaults calling a function whose BEGIN ATOMIC body reads a
      // table of the same migration (here the column's own table): the
      // function comes after the tables, and the defaults after it.
      {"defaults_calling_a_function_tied_to_a_new_table",
       "CREATE TABLE other (id int PRIMARY KEY); INSERT INTO other VALUES (1);",
       "CREATE TABLE orders (no int PRIMARY KEY, note text);"
       "CREATE FUNCTION next_no() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT coalesce(max(no), 0) + 1 FROM orders; END;"
       "ALTER TABLE orders ALTER COLUMN no SET DEFAULT next_no();"
       "CREATE TABLE other (id int PRIMARY KEY, n int NOT NULL DEFAULT next_no());"},
      {"materialized_view_over_function", "",
       "CREATE FUNCTION two() RETURNS int LANGUAGE sql IMMUTABLE AS 'SELECT 2';"
       "CREATE MATERIALIZED VIEW m AS SELECT two() AS n;"},
  };
  return all;
}

RETORT_AUTOGEN_PROPERTY_SUITE(AutogenPropertyRoutines, pairs());

}  // namespace
}  // namespace retort
