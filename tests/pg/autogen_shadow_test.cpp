// The shadow database and the catalog snapshot, on a real PostgreSQL.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <retort/autogen.hpp>

#include "autogen/autogen_internal.hpp"
#include "pg/snapshot.hpp"
#include "support/autogen_fixture.hpp"

namespace retort {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// Shadow databases this process made that still exist.
long long leftover_shadows() {
  return connect(*test::pg_admin_url(), ".")
      ->execute("SELECT 1 FROM pg_database WHERE datname LIKE 'retort\\_shadow\\_" + std::to_string(::getpid()) +
                "\\_%'");
}

// The ScriptError the declared schema of `p` gives; fails the test (and
// returns an empty error) when it applies.
ScriptError schema_error(const test::AutogenProject& p) {
  try {
    (void)diff_against_declared(p.project());
  } catch (const ScriptError& e) {
    return e;
  }
  ADD_FAILURE() << "a broken schema file was accepted";
  return ScriptError("the schema applied");
}

TEST(AutogenShadow, SchemaErrorNamesFileAndLineAndTheShadowIsGone) {
  RETORT_REQUIRE_PG();
  test::AutogenProject p("shadow_err");
  p.declare("CREATE TABLE users (id int PRIMARY KEY);\n", "01_users.sql");
  p.add_schema_file("02_posts.sql",
                    "-- posts\nCREATE TABLE posts (id int);\n\nCREATE TABLE comments (\n  post_id int REFERENCES nope(id)\n);\n");
  const ScriptError e = schema_error(p);
  EXPECT_THAT(e.what(), StartsWith((p.dir() / "schema" / "02_posts.sql").string() + ":4: the declared schema does "
                                                                                     "not apply: relation \"nope\" "
                                                                                     "does not exist"));
  EXPECT_THAT(e.what(), HasSubstr("42P01"));
  EXPECT_EQ(e.line(), 4);
  EXPECT_EQ(leftover_shadows(), 0);
}

TEST(AutogenShadow, SyntaxErrorPointsAtTheLine) {
  RETORT_REQUIRE_PG();
  test::AutogenProject p("shadow_syntax");
  p.declare("CREATE TABLE users (\n  id int,\n  name txet oops\n);\n");
  const ScriptError e = schema_error(p);
  EXPECT_EQ(e.line(), 3) << e.what();
  EXPECT_EQ(leftover_shadows(), 0);
}

TEST(AutogenShadow, FilesApplyInSortedOrderAndTheShadowIsDropped) {
  RETORT_REQUIRE_PG();
  test::AutogenProject p("shadow_order");
  p.declare("CREATE TABLE b (a_id int REFERENCES a(id));", "20_b.sql");
  p.add_schema_file("10_a.sql", "CREATE TABLE a (id int PRIMARY KEY);");
  const SchemaDiff d = diff_against_declared(p.project());
  EXPECT_EQ(d.message(), "add table a and 2 more changes");
  EXPECT_EQ(leftover_shadows(), 0);
}

// A file runs as one query in one transaction; one that cannot (CREATE
// INDEX CONCURRENTLY, an enum value added and used in the same file) runs
// again statement by statement, and its error is still reported by line.
TEST(AutogenShadow, StatementsThatRefuseATransactionStillApply) {
  RETORT_REQUIRE_PG();
  test::AutogenProject p("shadow_notx");
  p.declare("CREATE TYPE mood AS ENUM ('sad');\nALTER TYPE mood ADD VALUE 'happy';\n"
            "CREATE TABLE t (id int, m mood DEFAULT 'happy');\n"
            "CREATE INDEX CONCURRENTLY ix_t_id ON t (id);\n");
  const SchemaDiff d = diff_against_declared(p.project());
  EXPECT_THAT(d.upgrade_sql, HasSubstr("CREATE TYPE mood AS ENUM ('sad', 'happy');"));
  EXPECT_THAT(d.upgrade_sql, HasSubstr("DEFAULT 'happy'::mood"));
  EXPECT_THAT(d.upgrade_sql, HasSubstr("CREATE INDEX ix_t_id ON t"));
  EXPECT_EQ(leftover_shadows(), 0);
  p.add_schema_file("z.sql", "CREATE TABLE u (id int);\nCREATE INDEX CONCURRENTLY ix_u ON u (nope);\n");
  const ScriptError e = schema_error(p);
  EXPECT_EQ(e.line(), 2) << e.what();
  EXPECT_THAT(e.what(), HasSubstr("column \"nope\" does not exist"));
  EXPECT_EQ(leftover_shadows(), 0);
}

// A long file goes over in parts of 32 statements, each in a transaction of
// its own (autogen::shadow_parts): a statement that refuses a transaction,
// or an error, in a later part is handled there, with the file's line.
TEST(AutogenShadow, ALongFileRunsInPartsWithItsLinesKept) {
  RETORT_REQUIRE_PG();
  test::AutogenProject p("shadow_parts");
  std::string sql = "CREATE TYPE mood AS ENUM ('sad');\nALTER TYPE mood ADD VALUE 'happy';\n";
  for (int i = 0; i < 80; ++i) {
    sql += "CREATE TABLE t" + std::to_string(i) + " (id int PRIMARY KEY);\n";
    if (i == 40) {
      sql += "CREATE TABLE feelings (m mood DEFAULT 'happy');\n";
    }
    if (i == 70) {
      sql += "CREATE INDEX CONCURRENTLY ix_t5 ON t5 (id, id);\n";
    }
  }
  p.declare(sql);
  const SchemaDiff d = diff_against_declared(p.project());
  EXPECT_THAT(d.upgrade_sql, HasSubstr("CREATE TYPE mood AS ENUM ('sad', 'happy');"));
  EXPECT_THAT(d.upgrade_sql, HasSubstr("DEFAULT 'happy'::mood"));
  EXPECT_THAT(d.upgrade_sql, HasSubstr("CREATE INDEX ix_t5 ON t5 (id, id);"));
  EXPECT_THAT(d.upgrade_sql, HasSubstr("CREATE TABLE t0 ("));
  EXPECT_THAT(d.upgrade_sql, HasSubstr("CREATE TABLE t79 ("));
  EXPECT_EQ(leftover_shadows(), 0);
  // The 85th statement, in the third part.
  p.declare(sql + "-- more\nCREATE TABLE bad (\n  x int REFERENCES nope(id)\n);\n");
  const int line = 2 + 80 + 2 + 2;  // the enum's 2 lines, 80 tables, feelings, the index, "-- more"
  const ScriptError e = schema_error(p);
  EXPECT_EQ(e.line(), line) << e.what();
  EXPECT_THAT(e.what(), HasSubstr("relation \"nope\" does not exist"));
  EXPECT_EQ(leftover_shadows(), 0);
}

// A file that manages or depends on its transaction keeps one: SET LOCAL
// still holds for its last statement.
TEST(AutogenShadow, AFileWithSetLocalKeepsOneTransaction) {
  RETORT_REQUIRE_PG();
  test::AutogenProject p("shadow_setlocal");
  std::string sql = "CREATE SCHEMA app;\nSET LOCAL search_path = app;\n";
  for (int i = 0; i < 40; ++i) {
    sql += "CREATE TABLE t" + std::to_string(i) + " (id int);\n";
  }
  p.declare(sql);
  EXPECT_TRUE(diff_against_declared(p.project()).empty()) << diff_against_declared(p.project()).upgrade_sql;
  p.set_include_schemas({"app"});
  const SchemaDiff d = diff_against_declared(p.project());
  EXPECT_THAT(d.upgrade_sql, HasSubstr("CREATE TABLE app.t0 ("));
  EXPECT_THAT(d.upgrade_sql, HasSubstr("CREATE TABLE app.t39 ("));
}

TEST(AutogenShadow, WithoutCreatedbTheErrorNamesShadowUrl) {
  RETORT_REQUIRE_PG();
  test::AutogenProject p("shadow_priv");
  const test::TestRole role("rt_nocreatedb", "NOCREATEDB");
  p.declare("CREATE TABLE t (id int);");
  RunOptions o;
  o.url = role.url(p.url());
  try {
    (void)diff_against_declared(p.project(), o);
    ADD_FAILURE() << "a role without CREATEDB made a shadow database";
  } catch (const DatabaseError& e) {
    EXPECT_THAT(e.what(), HasSubstr("permission denied to create database"));
    EXPECT_THAT(e.what(), HasSubstr("[autogenerate] shadow_url"));
    EXPECT_EQ(e.sqlstate(), "42501") << e.what();
  }
}

TEST(AutogenShadow, ShadowUrlIsUsedAndEmptiedInstead) {
  RETORT_REQUIRE_PG();
  test::AutogenProject p("shadow_url");
  test::TestDatabase shadow("shadow_url_db");
  connect(shadow.url(), ".")->execute("CREATE TABLE leftover (id int)");
  p.set_shadow_url(shadow.url());
  p.declare("CREATE TABLE t (id int);");
  const SchemaDiff d = diff_against_declared(p.project());
  EXPECT_EQ(d.message(), "add table t");  // the leftover table was not seen
  EXPECT_EQ(leftover_shadows(), 0);
  EXPECT_EQ(connect(shadow.url(), ".")->execute("SELECT 1 FROM pg_class WHERE relname IN ('t', 'leftover')"), 0);
}

// A shadow_url database is emptied a few dozen drops per transaction: what
// the last run left there can be more than one transaction may lock (8,000
// domains with their array types: 16,000 locks).
TEST(AutogenShadow, AShadowUrlDatabaseTooBigForOneTransactionIsStillEmptied) {
  RETORT_REQUIRE_PG();
  test::AutogenProject p("shadow_url_big");
  test::TestDatabase shadow("shadow_url_big_db");
  connect(shadow.url(), ".")
      ->execute("DO $$ BEGIN FOR i IN 1..8000 LOOP EXECUTE format('CREATE DOMAIN d%s int', i); END LOOP; END $$");
  p.set_shadow_url(shadow.url());
  p.declare("CREATE DOMAIN positive AS int CHECK (VALUE > 0);\nCREATE TABLE t (id positive);\n");
  const SchemaDiff d = diff_against_declared(p.project());
  EXPECT_THAT(d.upgrade_sql, HasSubstr("CREATE DOMAIN positive AS integer"));
  EXPECT_THAT(d.upgrade_sql, Not(HasSubstr("d7999")));
  EXPECT_EQ(connect(shadow.url(), ".")
                ->execute("SELECT 1 FROM pg_type WHERE typtype = 'd' AND typnamespace = 'public'::regnamespace"),
            0);
  EXPECT_EQ(connect(shadow.url(), ".")->execute("SELECT 1 FROM pg_class WHERE relname = 't'"), 0);
}

TEST(AutogenShadow, RefusesSqliteAndMissingFilesAndPendingMigrations) {
  RETORT_REQUIRE_PG();
  test::AutogenProject p("shadow_refuse");
  RunOptions sqlite;
  sqlite.url = "sqlite://";
  try {
    (void)diff_against_declared(p.project(), sqlite);
    ADD_FAILURE();
  } catch (const CommandError& e) {
    EXPECT_THAT(e.what(), HasSubstr("autogenerate supports PostgreSQL for now"));
  }
  try {
    (void)diff_against_declared(p.project());  // schema/ is empty
    ADD_FAILURE();
  } catch (const ConfigError& e) {
    EXPECT_THAT(e.what(), HasSubstr("no declared schema file matches"));
    EXPECT_THAT(e.what(), HasSubstr("[autogenerate] schema"));
  }
  p.declare("CREATE TABLE t (id int);");
  RevisionOptions o;
  o.message = "pending";
  revision(p.project(), o);
  try {
    (void)dev(p.project(), {});
    ADD_FAILURE();
  } catch (const CommandError& e) {
    EXPECT_THAT(e.what(), StartsWith("Target database is not up to date."));
  }
}

TEST(AutogenShadow, VersionTableAndExcludedTablesAreLeftAlone) {
  RETORT_REQUIRE_PG();
  test::AutogenProject p("shadow_exclude");
  p.exec("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY); CREATE TABLE tmp_import (x int);");
  p.declare("");
  Config c = p.config();
  c.exclude_tables = {"tmp_*"};
  EXPECT_TRUE(diff_against_declared(Project(c)).empty());
  EXPECT_EQ(diff_against_declared(p.project()).message(), "drop table tmp_import");
}

// The snapshot reads on a second connection too; a role allowed only one
// gets the same catalog from one.
// The columns of keys and indexes are named in the key's order whichever way
// the snapshot names them: from the columns it read (tables, where dropped
// columns leave gaps in the numbers) or on the server (partitions, whose
// numbers differ from their parent's; materialized views; a referenced
// table outside the schemas read).
TEST(AutogenSnapshot, KeyColumnsAreNamedInKeyOrder) {
  test::AutogenProject p("keycols");
  p.exec(R"(
    CREATE SCHEMA elsewhere;
    CREATE TABLE elsewhere.ref (gone int, x int, y int, UNIQUE (y, x));
    CREATE TABLE parent (gone int, x int, y int, z int, PRIMARY KEY (z, x), UNIQUE (y, z));
    ALTER TABLE parent DROP COLUMN gone;
    CREATE TABLE child (gone int, a int, b int, c int, d int,
      FOREIGN KEY (c, a) REFERENCES parent (z, x),
      FOREIGN KEY (d, b) REFERENCES elsewhere.ref (y, x),
      CHECK (d > b));
    ALTER TABLE child DROP COLUMN gone;
    CREATE INDEX ix_child ON child (d, lower(b::text), a) INCLUDE (c);
    CREATE TABLE byrange (k int NOT NULL, v text, w int) PARTITION BY RANGE (k);
    CREATE TABLE part1 (gone int, w int, v text, k int NOT NULL);
    ALTER TABLE part1 DROP COLUMN gone;
    ALTER TABLE byrange ATTACH PARTITION part1 FOR VALUES FROM (0) TO (10);
    CREATE INDEX ix_part1 ON part1 (v, k);
    ALTER TABLE part1 ADD CONSTRAINT part1_w CHECK (w > k);
    ALTER TABLE byrange ADD UNIQUE (k, w);
    CREATE TABLE to_part (k int, w int, FOREIGN KEY (w, k) REFERENCES byrange (w, k));
    CREATE MATERIALIZED VIEW mv AS SELECT z, y, x FROM parent;
    CREATE INDEX ix_mv ON mv (x, z);
  )");
  const autogen::Catalog c = autogen::live_catalog(p.project());
  using Names = std::vector<std::string>;
  const autogen::Table* parent = c.table({"public", "parent"});
  const autogen::Table* child = c.table({"public", "child"});
  const autogen::Table* part1 = c.table({"public", "part1"});
  const autogen::Table* byrange = c.table({"public", "byrange"});
  const autogen::Table* to_part = c.table({"public", "to_part"});
  const autogen::View* mv = c.view({"public", "mv"});
  ASSERT_TRUE(parent && child && part1 && byrange && to_part && mv);
  ASSERT_TRUE(parent->constraint("parent_pkey") && parent->constraint("parent_y_z_key"));
  EXPECT_EQ(parent->constraint("parent_pkey")->columns, (Names{"z", "x"}));
  EXPECT_EQ(parent->constraint("parent_y_z_key")->columns, (Names{"y", "z"}));
  ASSERT_TRUE(child->constraint("child_c_a_fkey") && child->constraint("child_d_b_fkey") &&
              child->constraint("child_check"));
  EXPECT_EQ(child->constraint("child_c_a_fkey")->columns, (Names{"c", "a"}));
  EXPECT_EQ(child->constraint("child_c_a_fkey")->ref_columns, (Names{"z", "x"}));
  EXPECT_EQ(child->constraint("child_d_b_fkey")->columns, (Names{"d", "b"}));
  EXPECT_EQ(child->constraint("child_d_b_fkey")->ref_columns, (Names{"y", "x"}));
  EXPECT_EQ(child->constraint("child_d_b_fkey")->ref_table, (autogen::QualifiedName{"elsewhere", "ref"}));
  EXPECT_EQ(child->constraint("child_check")->columns, (Names{"d", "b"}));  // as conkey lists them
  ASSERT_TRUE(child->index("ix_child"));
  EXPECT_EQ(child->index("ix_child")->columns, (Names{"d", "a", "c"}));
  ASSERT_TRUE(part1->index("ix_part1") && part1->constraint("part1_w"));
  EXPECT_EQ(part1->index("ix_part1")->columns, (Names{"v", "k"}));
  EXPECT_EQ(part1->constraint("part1_w")->columns, (Names{"w", "k"}));
  ASSERT_TRUE(byrange->constraint("byrange_k_w_key"));
  EXPECT_EQ(byrange->constraint("byrange_k_w_key")->columns, (Names{"k", "w"}));
  ASSERT_EQ(to_part->constraints.size(), 1u);
  EXPECT_EQ(to_part->constraints[0].columns, (Names{"w", "k"}));
  EXPECT_EQ(to_part->constraints[0].ref_columns, (Names{"w", "k"}));
  ASSERT_EQ(mv->indexes.size(), 1u);
  EXPECT_EQ(mv->indexes[0].columns, (Names{"x", "z"}));
}

TEST(AutogenSnapshot, OneConnectionIsEnough) {
  RETORT_REQUIRE_PG();
  test::AutogenProject p("snap_oneconn");
  p.exec("CREATE TABLE a (id int PRIMARY KEY, n text UNIQUE); CREATE INDEX ix_a_n ON a (lower(n));");
  autogen::Catalog one;
  {
    const test::TestRole role("rt_oneconn", "CONNECTION LIMIT 1");
    one = pg::snapshot(role.url(p.url()), {});
  }
  EXPECT_EQ(autogen::dump(one), autogen::dump(pg::snapshot(p.url(), {})));
  ASSERT_EQ(one.tables.size(), 1u);
  EXPECT_EQ(one.tables[0].indexes.size(), 1u);
  EXPECT_EQ(one.tables[0].constraints.size(), 2u);
}

TEST(AutogenSnapshot, ReadsEveryKindOfObject) {
  RETORT_REQUIRE_PG();
  test::AutogenProject p("snapshot");
  p.exec(R"(
    CREATE EXTENSION citext;
    CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
    CREATE SEQUENCE order_seq START 100 INCREMENT 5;
    CREATE TABLE users (
      id bigserial PRIMARY KEY,
      email citext UNIQUE NOT NULL,
      name varchar(50) COLLATE "C" DEFAULT 'x',
      m mood DEFAULT 'ok',
      ms mood[],
      n numeric(10,2) CHECK (n > 0),
      g int GENERATED ALWAYS AS (length(name)) STORED,
      idn int GENERATED BY DEFAULT AS IDENTITY,
      o int DEFAULT nextval('order_seq'));
    CREATE TABLE posts (id int PRIMARY KEY, user_id bigint REFERENCES users(id) ON DELETE CASCADE DEFERRABLE
      INITIALLY DEFERRED, title text, during tsrange, EXCLUDE USING gist (during WITH &&));
    CREATE INDEX ix_posts_title ON posts (lower(title)) INCLUDE (id) WHERE title IS NOT NULL;
    CREATE INDEX ix_hash ON posts USING hash (title);
    CREATE VIEW v_users AS SELECT id, email FROM users WHERE id > 0;
    CREATE VIEW v_rows AS SELECT row_to_json(u.*) AS j FROM users u;
    COMMENT ON TABLE users IS 'the users';
    COMMENT ON COLUMN users.email IS 'it''s email';
    CREATE TABLE alembic_version (version_num varchar(32) NOT NULL PRIMARY KEY);
  )");
  const autogen::Catalog c = autogen::live_catalog(p.project());
  EXPECT_EQ(c.default_schema, "public");
  ASSERT_EQ(c.extensions.size(), 1u);
  EXPECT_EQ(c.extensions[0].name, "citext");
  ASSERT_EQ(c.enums.size(), 1u);  // citext's own objects are not listed
  EXPECT_EQ(c.enums[0].values, (std::vector<std::string>{"sad", "ok", "happy"}));
  ASSERT_EQ(c.sequences.size(), 1u);  // users_id_seq belongs to the serial, idn's to the identity
  EXPECT_EQ(c.sequences[0].name.name, "order_seq");
  EXPECT_EQ(c.sequences[0].start, 100);
  EXPECT_EQ(c.sequences[0].increment, 5);
  ASSERT_EQ(c.tables.size(), 2u);  // not the version table
  const autogen::Table& users = c.tables[1];
  ASSERT_EQ(users.name.name, "users");
  EXPECT_EQ(users.comment, "the users");
  ASSERT_EQ(users.columns.size(), 9u);
  EXPECT_TRUE(users.columns[0].serial);
  EXPECT_EQ(users.columns[0].type, "bigint");
  EXPECT_EQ(users.columns[0].default_expr, "");
  EXPECT_EQ(users.columns[1].type, "citext");
  EXPECT_FALSE(users.columns[1].nullable);
  EXPECT_EQ(users.columns[1].comment, "it's email");
  EXPECT_EQ(users.columns[2].type, "character varying(50)");
  EXPECT_EQ(users.columns[2].collation, "\"C\"");
  EXPECT_EQ(users.columns[2].default_expr, "'x'::character varying");
  EXPECT_TRUE(users.columns[3].base_is_enum);
  EXPECT_EQ(users.columns[3].default_expr, "'ok'::mood");
  EXPECT_TRUE(users.columns[4].is_array);
  EXPECT_EQ(users.columns[4].type, "mood[]");
  EXPECT_EQ(users.columns[4].base_type.name, "mood");
  EXPECT_EQ(users.columns[5].type, "numeric(10,2)");
  EXPECT_EQ(users.columns[6].generated, "length((name)::text)");
  EXPECT_EQ(users.columns[7].identity, autogen::Identity::by_default);
  EXPECT_EQ(users.columns[8].default_expr, "nextval('order_seq'::regclass)");
  ASSERT_EQ(users.constraints.size(), 3u);
  EXPECT_EQ(users.constraints[0].definition, "PRIMARY KEY (id)");
  EXPECT_EQ(users.constraints[1].definition, "UNIQUE (email)");
  EXPECT_EQ(users.constraints[2].definition, "CHECK ((n > (0)::numeric))");
  const autogen::Table& posts = c.tables[0];
  ASSERT_EQ(posts.constraints.size(), 3u);
  EXPECT_EQ(posts.constraints[1].kind, autogen::ConstraintKind::exclusion);
  const autogen::Constraint& fk = posts.constraints[2];
  EXPECT_EQ(fk.kind, autogen::ConstraintKind::foreign_key);
  EXPECT_EQ(fk.on_delete, "CASCADE");
  EXPECT_TRUE(fk.deferrable);
  EXPECT_TRUE(fk.initially_deferred);
  EXPECT_EQ(fk.ref_table.name, "users");
  EXPECT_EQ(fk.columns, std::vector<std::string>{"user_id"});
  EXPECT_EQ(fk.ref_columns, std::vector<std::string>{"id"});
  ASSERT_EQ(posts.indexes.size(), 2u);  // not the ones behind constraints
  EXPECT_EQ(posts.indexes[0].name, "ix_hash");
  EXPECT_EQ(posts.indexes[0].method, "hash");
  EXPECT_EQ(posts.indexes[1].body, "(lower(title)) INCLUDE (id) WHERE (title IS NOT NULL)");
  ASSERT_EQ(c.views.size(), 2u);
  const autogen::View& rows = c.views[0];
  const autogen::View& v_users = c.views[1];
  ASSERT_EQ(v_users.name.name, "v_users");
  EXPECT_THAT(v_users.definition, HasSubstr("FROM users"));
  EXPECT_EQ(v_users.depends_on, (std::vector<autogen::QualifiedName>{{"public", "users"}}));
  using Read = std::pair<autogen::QualifiedName, std::string>;
  EXPECT_EQ(v_users.columns_read, (std::vector<Read>{{{"public", "users"}, "email"}, {{"public", "users"}, "id"}}));
  // A whole-row reference names no column (PostgreSQL retypes one under it).
  ASSERT_EQ(rows.name.name, "v_rows");
  EXPECT_EQ(rows.depends_on, (std::vector<autogen::QualifiedName>{{"public", "users"}}));
  EXPECT_TRUE(rows.columns_read.empty());
}

}  // namespace
}  // namespace retort
