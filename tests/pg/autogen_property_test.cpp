// The property autogenerate must keep, on a real PostgreSQL, for every pair
// of schemas (A, B) below: start a database at A, declare B, run dev; then
// the database's snapshot equals the shadow snapshot of B and check finds
// nothing; downgrade -1 gives back A's snapshot exactly; upgrade heads gives
// B again.

#include <gtest/gtest.h>

#include <retort/autogen.hpp>

#include "support/autogen_property.hpp"

namespace retort {
namespace {

using test::SchemaPair;

const char* const k_users = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n";

const std::vector<SchemaPair>& pairs() {
  static const std::vector<SchemaPair> all = {
      {"empty_to_table", "", "CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE NOT NULL, display_name text NOT NULL);"},
      {"table_to_empty", "CREATE TABLE users (id bigint PRIMARY KEY, email text UNIQUE NOT NULL); INSERT INTO users VALUES (1, 'a');", ""},
      {"add_column", k_users, "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, bio text);"},
      {"drop_column", "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, bio text DEFAULT 'x' CHECK (bio <> ''));"
                      "CREATE INDEX ix_bio ON users (bio); COMMENT ON COLUMN users.bio IS 'about';"
                      "INSERT INTO users VALUES (1, 'a', 'b');",
       k_users},
      {"rename_candidate", "CREATE TABLE users (id bigint PRIMARY KEY, name text);",
       "CREATE TABLE users (id bigint PRIMARY KEY, full_name text);"},
      {"make_optional", k_users, "CREATE TABLE users (id bigint PRIMARY KEY, email text);"},
      {"make_required", "CREATE TABLE users (id bigint PRIMARY KEY, email text); INSERT INTO users VALUES (1, 'a');",
       k_users},
      {"add_server_default", "CREATE TABLE users (id bigint PRIMARY KEY, status text NOT NULL DEFAULT 'a');"
                             "INSERT INTO users VALUES (1);",
       "CREATE TABLE users (id bigint PRIMARY KEY, status text NOT NULL DEFAULT 'active', n int DEFAULT 0 NOT NULL,"
       " at timestamptz NOT NULL DEFAULT now());"},
      {"drop_default", "CREATE TABLE users (id bigint PRIMARY KEY, status text DEFAULT 'a');",
       "CREATE TABLE users (id bigint PRIMARY KEY, status text);"},
      {"widen_varchar", "CREATE TABLE t (v varchar(20)); INSERT INTO t VALUES ('abc');", "CREATE TABLE t (v varchar(100));"},
      {"narrow_text", "CREATE TABLE t (v text); INSERT INTO t VALUES ('abc');", "CREATE TABLE t (v varchar(10));"},
      {"int_to_bigint_and_numeric", "CREATE TABLE t (a int, n numeric(10,2)); INSERT INTO t VALUES (1, 2.5);",
       "CREATE TABLE t (a bigint, n numeric(12,4));"},
      {"text_to_int", "CREATE TABLE t (a text); INSERT INTO t VALUES ('12');", "CREATE TABLE t (a integer);"},
      {"array_type", "CREATE TABLE t (a int[]); INSERT INTO t VALUES ('{1,2}');", "CREATE TABLE t (a bigint[]);"},
      {"collation", "CREATE TABLE t (a text);", "CREATE TABLE t (a text COLLATE \"C\");"},
      {"add_primary_key", "CREATE TABLE t (a int, b int);", "CREATE TABLE t (a int PRIMARY KEY, b int);"},
      {"drop_primary_key", "CREATE TABLE t (a int PRIMARY KEY, b int);", "CREATE TABLE t (a int NOT NULL, b int);"},
      {"composite_primary_key", "CREATE TABLE t (a int PRIMARY KEY, b int NOT NULL);",
       "CREATE TABLE t (a int, b int, PRIMARY KEY (a, b));"},
      {"add_unique", k_users, "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE);"},
      {"drop_unique", "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, CONSTRAINT uq_email UNIQUE (email));",
       k_users},
      {"check_constraints", "CREATE TABLE t (a int CONSTRAINT a_positive CHECK (a > 0), b int);",
       "CREATE TABLE t (a int CONSTRAINT a_positive CHECK (a >= 0), b int CHECK (b < 10));"},
      {"add_foreign_key", "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE posts (id int PRIMARY KEY, user_id bigint);",
       "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE posts (id int PRIMARY KEY, user_id bigint REFERENCES "
       "users(id) ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED);"},
      {"add_table_with_foreign_key", k_users,
       "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL); CREATE TABLE posts (id bigint GENERATED "
       "ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint NOT NULL REFERENCES users(id), title text NOT NULL);"},
      {"change_foreign_key_action",
       "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE posts (user_id bigint REFERENCES users(id));",
       "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE posts (user_id bigint REFERENCES users(id) ON DELETE RESTRICT);"},
      {"drop_referenced_table",
       "CREATE TABLE users (id bigint PRIMARY KEY); CREATE TABLE posts (id int, user_id bigint REFERENCES users(id));"
       "INSERT INTO users VALUES (1); INSERT INTO posts VALUES (1, NULL);",
       "CREATE TABLE posts (id int, user_id bigint);"},
      // Both ends of foreign keys retyped: text to an enum (PostgreSQL
      // refuses the key between the first converted column and the other),
      // integer to bigint; the keys are dropped while the columns change.
      {"foreign_key_columns_retyped",
       "CREATE TABLE parent (code text PRIMARY KEY, id int UNIQUE);"
       "CREATE TABLE child (n int PRIMARY KEY, code text REFERENCES parent, pid int REFERENCES parent (id));"
       "INSERT INTO parent VALUES ('a', 1), ('b', 2); INSERT INTO child VALUES (1, 'a', 2);",
       "CREATE TYPE letter AS ENUM ('a', 'b', 'c');"
       "CREATE TABLE parent (code letter PRIMARY KEY, id bigint UNIQUE);"
       "CREATE TABLE child (n int PRIMARY KEY, code letter REFERENCES parent, pid bigint REFERENCES parent (id));",
       {},
       "SELECT string_agg(format('%s|%s|%s', n, code, pid), ';') FROM child",
       "1|a|2"},
      {"foreign_key_cycle", "",
       "CREATE TABLE a (id int PRIMARY KEY, b_id int); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a(id));"
       "ALTER TABLE a ADD CONSTRAINT a_b_fk FOREIGN KEY (b_id) REFERENCES b(id);"},
      {"referenced_key_changes",
       "CREATE TABLE users (id bigint, org int, CONSTRAINT users_pkey PRIMARY KEY (id), CONSTRAINT u_id_org UNIQUE (id, org));"
       "CREATE TABLE posts (user_id bigint REFERENCES users(id));",
       "CREATE TABLE users (id bigint, org int, CONSTRAINT users_pkey PRIMARY KEY (id), CONSTRAINT u_id_org UNIQUE (org, id));"
       "CREATE TABLE posts (user_id bigint REFERENCES users(id));"},
      {"partial_and_expression_index", k_users,
       "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);"
       "CREATE UNIQUE INDEX ix_users_lower_email ON users (lower(email)) WHERE email <> '';"},
      {"index_methods_and_include", "CREATE TABLE docs (id int, tags text[], title text, body text);",
       "CREATE TABLE docs (id int, tags text[], title text, body text);"
       "CREATE INDEX ix_tags ON docs USING gin (tags); CREATE INDEX ix_title ON docs USING hash (title);"
       "CREATE INDEX ix_cover ON docs (id DESC NULLS LAST) INCLUDE (title);"},
      {"change_index", "CREATE TABLE t (a int, b int); CREATE INDEX ix_t ON t (a);",
       "CREATE TABLE t (a int, b int); CREATE INDEX ix_t ON t (a, b);"},
      {"exclusion_constraint", "CREATE TABLE booking (room int, during tsrange);",
       "CREATE TABLE booking (room int, during tsrange, EXCLUDE USING gist (during WITH &&));"},
      {"create_enum", k_users,
       "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');"
       "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, mood mood DEFAULT 'ok', moods mood[]);"},
      {"enum_add_values",
       "CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE users (id int, mood mood DEFAULT 'happy');"
       "INSERT INTO users VALUES (1, 'sad');",
       "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'ecstatic'); CREATE TABLE users (id int, mood mood DEFAULT 'happy');"},
      {"enum_add_value_used_by_new_default",
       "CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE users (id int, mood mood DEFAULT 'happy');",
       "CREATE TYPE mood AS ENUM ('sad', 'happy', 'meh'); CREATE TABLE users (id int, mood mood DEFAULT 'meh',"
       " other mood DEFAULT 'meh');"},
      {"enum_remove_value",
       "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE users (id int, mood mood DEFAULT 'ok', ms mood[]);"
       "INSERT INTO users VALUES (1, 'sad', '{happy}');",
       "CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE users (id int, mood mood DEFAULT 'happy', ms mood[]);"},
      {"enum_reorder", "CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE users (id int, mood mood);"
                       "INSERT INTO users VALUES (1, 'happy');",
       "CREATE TYPE mood AS ENUM ('happy', 'sad'); CREATE TABLE users (id int, mood mood);"},
      {"drop_enum", "CREATE TYPE mood AS ENUM ('sad'); CREATE TABLE users (id int, mood mood);", "CREATE TABLE users (id int);"},
      {"enum_column_to_text", "CREATE TYPE mood AS ENUM ('sad', 'happy'); CREATE TABLE users (id int, mood mood);"
                              "INSERT INTO users VALUES (1, 'sad');",
       "CREATE TABLE users (id int, mood text);"},
      {"sequences", "CREATE SEQUENCE s1; CREATE SEQUENCE s2 INCREMENT 2;",
       "CREATE SEQUENCE s2 INCREMENT 5 CACHE 10 CYCLE MAXVALUE 1000; CREATE SEQUENCE s3 AS integer START 100;"
       "CREATE TABLE orders (id bigint DEFAULT nextval('s3'));"},
      {"serial_columns", "CREATE TABLE t (a int); INSERT INTO t VALUES (5);",
       "CREATE TABLE t (a serial, b bigserial);"},
      // A sequence of its own that a column's default takes and that
      // becomes OWNED BY the column (a serial column, as PostgreSQL sees
      // it, here a nullable one): the old sequence goes before the new one
      // is made (seed 47211 of the fuzzer); a new table and a new column
      // made so stay nullable.
      {"sequence_becoming_a_nullable_serial",
       "CREATE SEQUENCE n_seq START 100; CREATE TABLE t (a int, n bigint); INSERT INTO t VALUES (1, NULL), (2, 7);",
       "CREATE SEQUENCE n_seq START 100; CREATE TABLE t (a int, n bigint DEFAULT nextval('n_seq'), m int);"
       "ALTER SEQUENCE n_seq OWNED BY t.n;"
       "CREATE SEQUENCE m_seq AS integer; ALTER TABLE t ALTER COLUMN m SET DEFAULT nextval('m_seq');"
       "ALTER SEQUENCE m_seq OWNED BY t.m;"
       "CREATE SEQUENCE u_seq; CREATE TABLE u (id bigint DEFAULT nextval('u_seq')); ALTER SEQUENCE u_seq OWNED BY u.id;",
       {},
       "SELECT string_agg(format('%s|%s', a, n), ';' ORDER BY a) FROM t",
       "1|;2|7"},
      {"identity_columns", "CREATE TABLE t (a int NOT NULL, b int GENERATED ALWAYS AS IDENTITY, c int GENERATED ALWAYS AS IDENTITY);",
       "CREATE TABLE t (a int GENERATED BY DEFAULT AS IDENTITY, b int GENERATED BY DEFAULT AS IDENTITY, c int NOT NULL);"},
      {"generated_columns", "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 2) STORED);",
       "CREATE TABLE t (a int, b int GENERATED ALWAYS AS (a * 3) STORED, c text GENERATED ALWAYS AS (a::text) STORED);"},
      {"comments", "CREATE TABLE t (a int, b int); COMMENT ON TABLE t IS 'old'; COMMENT ON COLUMN t.b IS 'gone';",
       "CREATE TABLE t (a int, b int); COMMENT ON TABLE t IS 'it''s new'; COMMENT ON COLUMN t.a IS 'the a';"},
      {"views", "CREATE TABLE t (a int, b int); CREATE VIEW old_v AS SELECT a FROM t;",
       "CREATE TABLE t (a int, b int); CREATE VIEW v AS SELECT a, b FROM t WHERE a > 0;"
       "CREATE VIEW v2 AS SELECT a FROM v; COMMENT ON VIEW v2 IS 'on a view';"},
      {"view_definition_changes", "CREATE TABLE t (a int, b int); CREATE VIEW v AS SELECT a FROM t;",
       "CREATE TABLE t (a int, b int); CREATE VIEW v AS SELECT a, b FROM t;"},
      {"view_over_altered_column",
       "CREATE TABLE t (a int, b varchar(10)); CREATE VIEW v AS SELECT a, b FROM t; CREATE VIEW w AS SELECT b FROM v;",
       "CREATE TABLE t (a int, b varchar(50)); CREATE VIEW v AS SELECT a, b FROM t; CREATE VIEW w AS SELECT b FROM v;"},
      {"quoted_identifiers", "CREATE TABLE \"User\" (\"Order\" int);",
       "CREATE TABLE \"User\" (\"Order\" bigint, \"select\" text, \"Mixed Case\" int NOT NULL DEFAULT 1);"
       "CREATE INDEX \"Ix Weird\" ON \"User\" (\"select\");"},
      {"extension", "CREATE TABLE t (id int);",
       "CREATE EXTENSION IF NOT EXISTS citext; CREATE TABLE t (id int, email citext);"},
      {"drop_extension", "CREATE EXTENSION IF NOT EXISTS citext; CREATE TABLE t (id int, email citext);",
       "CREATE TABLE t (id int);"},
      // A column of the extension's type keeps it: it moves (ALTER
      // EXTENSION ... SET SCHEMA), it is not dropped and made again.
      {"extension_moved_to_another_schema",
       "CREATE SCHEMA ext; CREATE EXTENSION IF NOT EXISTS citext; CREATE TABLE t (id int, email citext);"
       "INSERT INTO t VALUES (1, 'A@x');",
       "CREATE SCHEMA ext; CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA ext;"
       "CREATE TABLE t (id int, email ext.citext);",
       {"public", "ext"}},
      {"schema_and_tables_in_it", k_users,
       "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL); CREATE SCHEMA billing;"
       "CREATE TYPE billing.state AS ENUM ('open', 'paid');"
       "CREATE TABLE billing.invoices (id int PRIMARY KEY, user_id bigint REFERENCES public.users(id), state billing.state);",
       {"public", "billing"}},
      {"drop_schema", "CREATE SCHEMA billing; CREATE TABLE billing.invoices (id int PRIMARY KEY);"
                      "CREATE INDEX ix_inv ON billing.invoices (id) WHERE id > 0;",
       "", {"public", "billing"}},
      {"many_changes_at_once",
       "CREATE TYPE mood AS ENUM ('a', 'b'); CREATE TABLE users (id bigint PRIMARY KEY, name text, old int);"
       "CREATE TABLE gone (id int REFERENCES users(id)); CREATE VIEW v AS SELECT id, name FROM users;",
       "CREATE TYPE mood AS ENUM ('a', 'b', 'c'); CREATE TYPE kind AS ENUM ('x');"
       "CREATE TABLE users (id bigint PRIMARY KEY, name varchar(200) NOT NULL DEFAULT '', m mood DEFAULT 'c', k kind);"
       "CREATE TABLE posts (id int PRIMARY KEY, user_id bigint REFERENCES users(id));"
       "CREATE VIEW v AS SELECT id, name, m FROM users;"},
  };
  return all;
}

RETORT_AUTOGEN_PROPERTY_SUITE(AutogenProperty, pairs());

TEST(AutogenProperty, CorpusHasAtLeastFortyPairs) { EXPECT_GE(pairs().size(), 40u); }

}  // namespace
}  // namespace retort
