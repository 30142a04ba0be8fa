// The PostgreSQL backend against a real server (RETORT_TEST_PG_URL; see
// tests/support/pg_fixture.hpp). Each test works in its own database.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <string>
#include <thread>

#include <retort/backend.hpp>

#include "support/pg_fixture.hpp"

namespace retort {
namespace {

using std::chrono::milliseconds;
using testing::HasSubstr;
using testing::Not;
using testing::StartsWith;

// A `key=value` parameter of a URL's query, or "".
std::string query_param(std::string_view url, std::string_view key) {
  const std::size_t q = url.find('?');
  if (q == std::string_view::npos) {
    return {};
  }
  std::string_view rest = url.substr(q + 1);
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view item = rest.substr(0, amp);
    if (item.substr(0, key.size()) == key && item.size() > key.size() && item[key.size()] == '=') {
      return std::string(item.substr(key.size() + 1));
    }
    if (amp == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(amp + 1);
  }
  return {};
}

std::string replace_prefix(const std::string& url, std::string_view from, std::string_view to) {
  EXPECT_THAT(url, StartsWith(std::string(from)));
  return std::string(to) + url.substr(from.size());
}

// Rows a query returns (the backend reports a SELECT's row count).
long long rows(Backend& db, const std::string& sql) { return db.execute(sql); }

template <class F>
DatabaseError database_error(F&& f) {
  try {
    f();
  } catch (const DatabaseError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a DatabaseError";
  return DatabaseError("none");
}

template <class F>
SqlError sql_error(F&& f) {
  try {
    f();
  } catch (const SqlError& e) {
    return e;
  }
  ADD_FAILURE() << "expected a SqlError";
  return SqlError("none", "", "", "", 0);
}

class PgBackend : public testing::Test {
 protected:
  void SetUp() override {
    RETORT_REQUIRE_PG();
    m_db = std::make_unique<test::TestDatabase>(
        testing::UnitTest::GetInstance()->current_test_info()->name());
  }
  std::unique_ptr<Backend> open(const ConnectOptions& options = {}) {
    return connect(m_db->url(), ".", options);
  }
  const std::string& url() const { return m_db->url(); }
  std::string name() const { return m_db->name(); }

 private:
  std::unique_ptr<test::TestDatabase> m_db;
};

TEST_F(PgBackend, ConnectsWithEveryUrlSpelling) {
  ASSERT_THAT(url(), StartsWith("postgresql://"));
  std::vector<std::string> urls = {
      url(),
      replace_prefix(url(), "postgresql://", "postgres://"),
      replace_prefix(url(), "postgresql://", "postgresql+psycopg2://"),
      replace_prefix(url(), "postgresql://", "POSTGRESQL+psycopg2://"),
  };
  // The socket folder as a percent-encoded host (every '/' encoded).
  if (const std::string host = query_param(url(), "host"); !host.empty() && host[0] == '/') {
    std::string encoded;
    for (char c : host) {
      encoded += c == '/' ? std::string("%2F") : std::string(1, c);
    }
    const std::string port = query_param(url(), "port");
    const std::string user = query_param(url(), "user");
    urls.push_back("postgresql://" + (user.empty() ? "" : user + "@") + encoded +
                   (port.empty() ? "" : ":" + port) + "/" + name());
  }
  for (const auto& u : urls) {
    SCOPED_TRACE(u);
    const auto db = connect(u, ".");
    EXPECT_EQ(db->dialect(), "postgresql");
    EXPECT_TRUE(db->transactional_ddl());
    EXPECT_EQ(db->database_name(), name());
    EXPECT_EQ(rows(*db, "SELECT 1"), 1);
  }
}

TEST_F(PgBackend, EmptyUrlPartsFallBackToLibpqEnvironment) {
  const std::string host = query_param(url(), "host");
  if (host.empty()) {
    GTEST_SKIP() << "RETORT_TEST_PG_URL has no ?host=";
  }
  // libpq reads PG* itself; retort passes the URI on untouched.
  const auto set = [](const char* key, const std::string& value) {
    if (!value.empty()) {
      ::setenv(key, value.c_str(), 1);
    }
  };
  const char* old_db = std::getenv("PGDATABASE");
  const std::string saved_db = old_db != nullptr ? old_db : "";
  set("PGHOST", host);
  set("PGPORT", query_param(url(), "port"));
  set("PGUSER", query_param(url(), "user"));
  ::setenv("PGDATABASE", name().c_str(), 1);
  for (const std::string u : {"postgresql://", "postgresql:///", "postgres://"}) {
    SCOPED_TRACE(u);
    EXPECT_EQ(connect(u, ".")->database_name(), name());
  }
  EXPECT_EQ(connect("postgresql:///" + name(), ".")->database_name(), name());
  if (saved_db.empty()) {
    ::unsetenv("PGDATABASE");
  } else {
    ::setenv("PGDATABASE", saved_db.c_str(), 1);
  }
}

TEST_F(PgBackend, VersionTableDdlAndRoundTrip) {
  const auto db = open();
  const VersionTable table;
  EXPECT_FALSE(db->version_table_exists(table));
  EXPECT_TRUE(db->read_versions(table).empty());
  db->create_version_table(table);
  EXPECT_TRUE(db->version_table_exists(table));
  EXPECT_EQ(rows(*db,
                 "SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND "
                 "table_name = 'alembic_version' AND column_name = 'version_num' AND data_type = "
                 "'character varying' AND character_maximum_length = 32 AND is_nullable = 'NO'"),
            1);
  EXPECT_EQ(rows(*db,
                 "SELECT 1 FROM pg_constraint WHERE conname = 'alembic_version_pkc' AND contype "
                 "= 'p' AND conrelid = 'alembic_version'::regclass"),
            1);

  db->apply_version_change(table, VersionChange::insert("ae1027a6acf"));
  db->apply_version_change(table, VersionChange::insert("c2"));
  EXPECT_THAT(db->read_versions(table), testing::UnorderedElementsAre("ae1027a6acf", "c2"));
  db->apply_version_change(table, VersionChange::update("ae1027a6acf", "d1"));
  db->apply_version_change(table, VersionChange::remove("c2"));
  EXPECT_EQ(db->read_versions(table), std::vector<std::string>{"d1"});

  // Another session sees it (autocommit outside begin()).
  EXPECT_EQ(open()->read_versions(table), std::vector<std::string>{"d1"});
}

TEST_F(PgBackend, VersionTableInASchema) {
  const auto db = open();
  db->execute("CREATE SCHEMA \"My Schema\"");
  const VersionTable plain;
  const VersionTable table{"Version", "My Schema"};
  db->create_version_table(plain);
  EXPECT_FALSE(db->version_table_exists(table));
  EXPECT_TRUE(db->read_versions(table).empty());
  db->create_version_table(table);
  EXPECT_TRUE(db->version_table_exists(table));
  EXPECT_EQ(rows(*db, "SELECT 1 FROM pg_constraint WHERE conname = 'Version_pkc'"), 1);
  db->apply_version_change(table, VersionChange::insert("a"));
  db->apply_version_change(table, VersionChange::update("a", "b"));
  EXPECT_EQ(db->read_versions(table), std::vector<std::string>{"b"});
  EXPECT_TRUE(db->read_versions(plain).empty());
  EXPECT_FALSE(db->version_table_exists(VersionTable{"alembic_version", "no_such_schema"}));
}

TEST_F(PgBackend, RowcountChecksUseAlembicsMessages) {
  const auto db = open();
  const VersionTable table;
  db->create_version_table(table);
  EXPECT_EQ(database_error([&] {
              db->apply_version_change(table, VersionChange::update("x", "y"));
            }).what(),
            std::string("Online migration expected to match one row when updating 'x' to 'y' "
                        "in 'alembic_version'; 0 found"));
  EXPECT_EQ(
      database_error([&] { db->apply_version_change(table, VersionChange::remove("x")); }).what(),
      std::string(
          "Online migration expected to match one row when deleting 'x' in 'alembic_version'; 0 "
          "found"));

  // Without a primary key rows can repeat.
  const VersionTable loose{"loose_version", ""};
  db->execute("CREATE TABLE loose_version (version_num VARCHAR(32) NOT NULL)");
  db->execute("INSERT INTO loose_version VALUES ('a'), ('a')");
  EXPECT_EQ(database_error([&] {
              db->apply_version_change(loose, VersionChange::remove("a"));
            }).what(),
            std::string("Online migration expected to match one row when deleting 'a' in "
                        "'loose_version'; 2 found"));
}

TEST_F(PgBackend, ScriptErrorsCarrySqlstateOffsetDetailAndHint) {
  const auto db = open();
  const std::string script =
      "CREATE TABLE t (id int PRIMARY KEY);\n"
      "INSERT INTO t VALUES (1);\n"
      "-- the next one fails\n"
      "INSERT INTO t VALUES (1);\n"
      "INSERT INTO t VALUES (2);\n";
  const SqlError dup = sql_error([&] { db->execute_script(script); });
  EXPECT_EQ(dup.sqlstate(), "23505");
  EXPECT_EQ(dup.what(), std::string("duplicate key value violates unique constraint \"t_pkey\""));
  EXPECT_EQ(dup.detail(), "Key (id)=(1) already exists.");
  EXPECT_EQ(dup.hint(), "");
  EXPECT_EQ(dup.statement_offset(), script.find("INSERT INTO t VALUES (1);\nINSERT"));
  // Statements before the failing one ran (autocommit), later ones did not.
  EXPECT_EQ(rows(*db, "SELECT 1 FROM t"), 1);

  const SqlError nofn = sql_error([&] { db->execute_script("SELECT 1;\nSELECT no_such_fn(1)"); });
  EXPECT_EQ(nofn.sqlstate(), "42883");
  EXPECT_EQ(nofn.what(), std::string("function no_such_fn(integer) does not exist"));
  EXPECT_THAT(nofn.hint(), HasSubstr("No function matches the given name and argument types"));
  EXPECT_EQ(nofn.statement_offset(), 10U);

  const std::string raise =
      "DO $$\nBEGIN\n  RAISE EXCEPTION 'boom; really' USING DETAIL = 'the detail; line',\n"
      "    HINT = 'the hint', ERRCODE = 'P0001';\nEND\n$$;";
  const SqlError custom = sql_error([&] { db->execute_script("SELECT 1;\n" + raise); });
  EXPECT_EQ(custom.sqlstate(), "P0001");
  EXPECT_EQ(custom.what(), std::string("boom; really"));
  EXPECT_EQ(custom.detail(), "the detail; line");
  EXPECT_EQ(custom.hint(), "the hint");
  EXPECT_EQ(custom.statement_offset(), 10U);

  const std::string syntax = "SELECT 1;\n\n  SELECT 'ä'\n    FRM t;";
  const SqlError bad = sql_error([&] { db->execute_script(syntax); });
  EXPECT_EQ(bad.sqlstate(), "42601");
  EXPECT_EQ(bad.what(), std::string("syntax error at or near \"t\""));
  EXPECT_EQ(bad.statement_offset(), syntax.find("SELECT 'ä'"));
  ASSERT_TRUE(bad.error_offset().has_value());
  EXPECT_EQ(*bad.error_offset(), syntax.find("t;"));

  // A DatabaseError is what callers catch.
  EXPECT_THROW(db->execute("SELECT * FROM no_such_table"), DatabaseError);
}

TEST_F(PgBackend, MultiStatementScriptsWithDollarQuotes) {
  const auto db = open();
  db->execute_script(R"sql(
-- a migration as written
CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL DEFAULT 0);
CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  -- semicolons; and 'quotes' inside the body
  NEW.n := NEW.n + 41;
  RETURN NEW;
END;
$body$;
CREATE TRIGGER counter_bump BEFORE INSERT ON counter FOR EACH ROW EXECUTE FUNCTION bump();
DO $$ BEGIN INSERT INTO counter (id, n) VALUES (1, 1); END $$;
INSERT INTO counter (id, n) VALUES (2, length(E'a\'b;'));
CREATE FUNCTION twice(x int) RETURNS int LANGUAGE sql
BEGIN ATOMIC
  SELECT x * 2;
END;
/* trailing comment; */
)sql");
  EXPECT_EQ(rows(*db, "SELECT 1 FROM counter WHERE id = 1 AND n = 42"), 1);
  EXPECT_EQ(rows(*db, "SELECT 1 FROM counter WHERE id = 2 AND n = 45"), 1);
  EXPECT_EQ(rows(*db, "SELECT 1 WHERE twice(21) = 42"), 1);
  // Only comments: nothing to run.
  db->execute_script("-- nothing\n/* at all */");
  EXPECT_EQ(db->execute("UPDATE counter SET n = 0"), 2);
}

TEST_F(PgBackend, RollbackUndoesDdl) {
  const auto db = open();
  EXPECT_FALSE(db->in_transaction());
  db->begin();
  EXPECT_TRUE(db->in_transaction());
  db->execute_script("CREATE TABLE t (id int); INSERT INTO t VALUES (1);");
  db->create_version_table(VersionTable{});
  db->rollback();
  EXPECT_FALSE(db->in_transaction());
  EXPECT_FALSE(db->version_table_exists(VersionTable{}));
  EXPECT_FALSE(db->version_table_exists(VersionTable{"t", ""}));

  db->begin();
  db->execute("CREATE TABLE t (id int)");
  // Not visible to another session before COMMIT.
  EXPECT_FALSE(open()->version_table_exists(VersionTable{"t", ""}));
  db->commit();
  EXPECT_FALSE(db->in_transaction());
  EXPECT_TRUE(open()->version_table_exists(VersionTable{"t", ""}));
}

TEST_F(PgBackend, CommitAfterAFailedStatementReportsTheRollback) {
  const auto db = open();
  db->begin();
  db->execute("CREATE TABLE t (id int)");
  EXPECT_THROW(db->execute("SELECT * FROM nope"), SqlError);
  EXPECT_TRUE(db->in_transaction());
  const DatabaseError e = database_error([&] { db->commit(); });
  EXPECT_THAT(e.what(), HasSubstr("rolled back, not committed"));
  EXPECT_FALSE(db->in_transaction());
  EXPECT_FALSE(db->version_table_exists(VersionTable{"t", ""}));
  // The session is usable again.
  EXPECT_EQ(rows(*db, "SELECT 1"), 1);
  db->begin();
  EXPECT_THROW(db->begin(), DatabaseError);
  db->rollback();
}

TEST_F(PgBackend, CommitAfterAFailureASavepointUndidCommits) {
  const auto db = open();
  db->begin();
  db->execute("CREATE TABLE t (id int)");
  db->execute("SAVEPOINT s");
  EXPECT_THROW(db->execute("SELECT * FROM nope"), SqlError);
  db->execute("ROLLBACK TO SAVEPOINT s");
  db->execute("INSERT INTO t VALUES (1)");
  db->commit();
  EXPECT_FALSE(db->in_transaction());
  EXPECT_EQ(rows(*open(), "SELECT * FROM t"), 1);

  // A failure in an earlier transaction does not count against the next.
  db->begin();
  EXPECT_THROW(db->execute("SELECT * FROM nope"), SqlError);
  db->rollback();
  db->begin();
  db->execute("INSERT INTO t VALUES (2)");
  db->commit();
  EXPECT_EQ(rows(*open(), "SELECT * FROM t"), 2);
}

// The server would wait for rows that never come; refused before it is sent.
TEST_F(PgBackend, CopyFromStdinIsRefusedBeforeItIsSent) {
  const auto db = open();
  db->begin();
  const std::string script = "CREATE TABLE t (id int);\nCOPY t FROM stdin;\n1\n\\.\n";
  try {
    db->execute_script(script);
    FAIL() << "accepted";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.statement_offset(), script.find("COPY"));
    EXPECT_THAT(e.what(), HasSubstr("COPY ... FROM STDIN takes its rows from the client"));
    EXPECT_THAT(e.hint(), HasSubstr("INSERT ... VALUES"));
  }
  // Nothing was sent: the transaction is usable and holds the table.
  EXPECT_EQ(rows(*db, "SELECT * FROM t"), 0);
  EXPECT_THROW(db->execute("SELECT 1; COPY t FROM STDIN"), SqlError);
  EXPECT_THROW((void)db->query("COPY t FROM STDIN", {}), SqlError);
  db->execute("INSERT INTO t VALUES (1)");
  db->commit();
  EXPECT_EQ(rows(*open(), "SELECT * FROM t"), 1);
}

TEST_F(PgBackend, CreateIndexConcurrentlyRunsOutsideATransaction) {
  const auto db = open();
  db->execute_script(
      "CREATE TABLE t (id int);\nINSERT INTO t SELECT generate_series(1, 100);\n"
      "CREATE INDEX CONCURRENTLY t_id_idx ON t (id);\n");
  EXPECT_EQ(rows(*db, "SELECT 1 FROM pg_indexes WHERE indexname = 't_id_idx'"), 1);
  db->begin();
  const SqlError e =
      sql_error([&] { db->execute_script("CREATE INDEX CONCURRENTLY t_id2 ON t (id)"); });
  EXPECT_EQ(e.sqlstate(), "25001");
  db->rollback();
}

TEST_F(PgBackend, AdvisoryLockSerialisesRuns) {
  const auto first = open();
  const auto second = open();
  first->acquire_lock(std::nullopt);
  first->acquire_lock(std::nullopt);  // already held: no-op

  const auto start = std::chrono::steady_clock::now();
  const DatabaseError e = database_error([&] { second->acquire_lock(milliseconds(300)); });
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(300));
  EXPECT_EQ(e.what(), "timed out after 300ms waiting for another retort run to release the "
                      "migration lock on '" +
                          name() + "'; retry, or raise --lock-timeout");

  // A different version table is a different lock.
  ConnectOptions other;
  other.version_table = VersionTable{"other_version", ""};
  const auto third = open(other);
  third->acquire_lock(milliseconds(0));
  third->release_lock();

  // A waiter without a timeout gets the lock once it is released.
  auto waiter = std::async(std::launch::async, [&] {
    second->acquire_lock(std::nullopt);
    return std::chrono::steady_clock::now();
  });
  EXPECT_EQ(waiter.wait_for(milliseconds(200)), std::future_status::timeout);
  const auto released = std::chrono::steady_clock::now();
  first->release_lock();
  ASSERT_EQ(waiter.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_GE(waiter.get(), released);
  second->release_lock();
  first->acquire_lock(milliseconds(1000));
}

TEST_F(PgBackend, LockTimeoutIgnoresTheSessionTimeouts) {
  ConnectOptions options;
  options.lock_timeout_ms = 50;
  options.statement_timeout_ms = 50;
  const auto first = open();
  const auto second = open(options);
  first->acquire_lock(std::nullopt);
  EXPECT_THROW(second->acquire_lock(milliseconds(300)), DatabaseError);
  first->release_lock();
  second->acquire_lock(milliseconds(300));
}

TEST_F(PgBackend, SessionTimeoutsApply) {
  ConnectOptions options;
  options.statement_timeout_ms = 100;
  EXPECT_EQ(sql_error([&] { open(options)->execute("SELECT pg_sleep(2)"); }).sqlstate(),
            "57014");

  options.statement_timeout_ms = 5000;
  options.lock_timeout_ms = 100;
  const auto db = open(options);
  const auto holder = open();
  holder->execute("CREATE TABLE t (id int)");
  holder->begin();
  holder->execute("LOCK TABLE t IN ACCESS EXCLUSIVE MODE");
  EXPECT_EQ(sql_error([&] { db->execute("SELECT * FROM t"); }).sqlstate(), "55P03");
  holder->rollback();
}

TEST_F(PgBackend, NoticesAreNotPrinted) {
  const auto db = open();
  testing::internal::CaptureStderr();
  db->execute("DROP TABLE IF EXISTS no_such_table");
  db->execute_script("DO $$ BEGIN RAISE NOTICE 'hello'; RAISE WARNING 'careful'; END $$");
  db->rollback();
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST_F(PgBackend, ALostConnectionStaysLost) {
  const auto db = open();
  db->acquire_lock(std::nullopt);
  const DatabaseError e =
      database_error([&] { db->execute("SELECT pg_terminate_backend(pg_backend_pid())"); });
  EXPECT_THAT(e.what(), HasSubstr("lost the connection to"));
  // No silent reconnect (which would have dropped the lock).
  EXPECT_THROW(db->execute("SELECT 1"), DatabaseError);
  open()->acquire_lock(milliseconds(2000));
}

TEST_F(PgBackend, DropEverything) {
  const auto db = open();
  const VersionTable table;
  db->create_version_table(table);
  db->apply_version_change(table, VersionChange::insert("abc"));
  const std::string schema_sql = R"sql(
CREATE SCHEMA app;
CREATE TYPE mood AS ENUM ('sad', 'happy');
CREATE TYPE app.pair AS (a int, b int);
CREATE TYPE floatrange AS RANGE (subtype = float8);
CREATE DOMAIN positive AS int CHECK (VALUE > 0);
CREATE SEQUENCE standalone_seq;
CREATE TABLE parent (id serial PRIMARY KEY, m mood, p positive);
CREATE TABLE child (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    parent_id int REFERENCES parent (id));
CREATE TABLE app.things (id int PRIMARY KEY, pr app.pair);
CREATE TABLE measurements (at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE measurements_2024 PARTITION OF measurements
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE VIEW parent_view AS SELECT * FROM parent;
CREATE MATERIALIZED VIEW child_mv AS SELECT * FROM child;
CREATE FUNCTION add1(x int) RETURNS int LANGUAGE sql AS 'SELECT x + 1';
CREATE PROCEDURE noop() LANGUAGE sql AS 'SELECT 1';
CREATE AGGREGATE mysum (int) (sfunc = int4pl, stype = int);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER parent_touch BEFORE INSERT ON parent FOR EACH ROW EXECUTE FUNCTION touch();
INSERT INTO parent (m, p) VALUES ('happy', 1);
INSERT INTO child (parent_id) VALUES (1);
)sql";
  db->execute_script(schema_sql);
  bool have_extension = true;
  try {
    db->execute("CREATE EXTENSION pgcrypto");
  } catch (const DatabaseError&) {
    have_extension = false;  // contrib not installed
  }

  db->drop_everything(table, Backend::DropCommits::once);
  EXPECT_FALSE(db->in_transaction());
  const std::string user_schema = "n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'";
  EXPECT_EQ(rows(*db, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
                      "c.relnamespace WHERE " + user_schema),
            0);
  EXPECT_EQ(rows(*db, "SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = "
                      "t.typnamespace WHERE " + user_schema),
            0);
  EXPECT_EQ(rows(*db, "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = "
                      "p.pronamespace WHERE " + user_schema),
            0);
  EXPECT_EQ(rows(*db, "SELECT 1 FROM pg_namespace WHERE nspname = 'app'"), 0);
  EXPECT_EQ(rows(*db, "SELECT 1 FROM pg_namespace WHERE nspname = 'public'"), 1);
  EXPECT_EQ(rows(*db, "SELECT 1 FROM pg_extension WHERE extname = 'pgcrypto'"), 0);
  EXPECT_FALSE(db->version_table_exists(table));

  // The same migrations apply again.
  db->execute_script(schema_sql);
  if (have_extension) {
    db->execute("CREATE EXTENSION pgcrypto");
  }
  db->create_version_table(table);
}

// Dropping 8,000 domains (with their array types) in one transaction takes
// more locks than the server's lock table holds (64 x 100 by default):
// `once` says so and drops nothing; `in_parts` commits as it goes and gets
// there. (The failing attempt fills the lock table for every session on
// the server: hence AloneOnTheServer, run by ctest with nothing beside it.)
TEST_F(PgBackend, DropEverythingBeyondTheLockTableAloneOnTheServer) {
  const auto db = open();
  const VersionTable table;
  db->execute(
      "DO $$ BEGIN FOR i IN 1..8000 LOOP EXECUTE format('CREATE DOMAIN d%s int', i); END LOOP; END $$");
  db->execute_script("CREATE SCHEMA app; CREATE TABLE app.t (id d1); CREATE TABLE kept (id d2);");
  db->create_version_table(table);
  const std::string domains = "SELECT 1 FROM pg_type WHERE typtype = 'd' AND typname LIKE 'd%'";
  try {
    db->drop_everything(table, Backend::DropCommits::once);
    ADD_FAILURE() << "8,000 domains were dropped in one transaction; the test needs more";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(e.sqlstate(), "53200") << e.what();
    EXPECT_THAT(e.what(), HasSubstr("cannot drop everything in '"));
    EXPECT_THAT(e.what(), HasSubstr("nothing was dropped"));
    EXPECT_THAT(e.what(), HasSubstr("max_locks_per_transaction"));
  }
  EXPECT_FALSE(db->in_transaction());
  EXPECT_EQ(rows(*db, domains), 8000);
  EXPECT_EQ(rows(*db, "SELECT 1 FROM pg_class WHERE relname = 't' OR relname = 'kept'"), 2);
  EXPECT_TRUE(db->version_table_exists(table));

  db->drop_everything(table, Backend::DropCommits::in_parts);
  EXPECT_FALSE(db->in_transaction());
  EXPECT_EQ(rows(*db, domains), 0);
  EXPECT_EQ(rows(*db, "SELECT 1 FROM pg_class WHERE relname = 't' OR relname = 'kept'"), 0);
  EXPECT_EQ(rows(*db, "SELECT 1 FROM pg_namespace WHERE nspname = 'app'"), 0);
  EXPECT_FALSE(db->version_table_exists(table));
}

TEST_F(PgBackend, DropEverythingKeepsTheVersionTablesSchema) {
  const auto db = open();
  db->execute_script("CREATE SCHEMA meta; CREATE SCHEMA app; CREATE TABLE app.t (id int);");
  const VersionTable table{"alembic_version", "meta"};
  db->create_version_table(table);
  db->begin();
  db->drop_everything(table, Backend::DropCommits::once);  // inside the caller's transaction
  EXPECT_TRUE(db->in_transaction());
  db->commit();
  EXPECT_EQ(rows(*db, "SELECT 1 FROM pg_namespace WHERE nspname = 'meta'"), 1);
  EXPECT_EQ(rows(*db, "SELECT 1 FROM pg_namespace WHERE nspname = 'app'"), 0);
  EXPECT_FALSE(db->version_table_exists(table));
  db->create_version_table(table);
}

TEST(PgConnect, UnreachableServerIsADatabaseErrorWithoutThePassword) {
  for (const std::string url :
       {"postgresql://u:s3cret@/db?host=/nonexistent", "postgresql://u:s3cret@/db?host=/nonexistent&port=5999",
        "postgresql+psycopg2://u:s3cret%21@/db?host=/nonexistent",
        "postgresql:///db?host=/nonexistent&user=u&password=s3cret",
        "postgresql://u:s3cret@127.0.0.1:1/db?connect_timeout=2"}) {
    SCOPED_TRACE(url);
    try {
      connect(url, ".");
      ADD_FAILURE() << "connected";
    } catch (const DatabaseError& e) {
      const std::string what = e.what();
      EXPECT_THAT(what, StartsWith("could not connect to 'postgresql"));
      EXPECT_THAT(what, HasSubstr("***"));
      EXPECT_THAT(what, Not(HasSubstr("s3cret")));
      EXPECT_THAT(what, Not(HasSubstr("\n")));
    }
  }
}

TEST(PgConnect, BadUriTextNeverEchoesThePassword) {
  // libpq quotes the offending part of a malformed URI.
  for (const std::string url : {"postgresql://u:s3cr%zzet@/db?host=/nonexistent",
                                "postgresql://u:s3cret@/db?host=/nonexistent&bogus=1"}) {
    SCOPED_TRACE(url);
    try {
      connect(url, ".");
      ADD_FAILURE() << "connected";
    } catch (const DatabaseError& e) {
      EXPECT_THAT(e.what(), Not(HasSubstr("s3cr")));
    }
  }
}

TEST_F(PgBackend, MissingDatabaseIsADatabaseError) {
  const DatabaseError e =
      database_error([&] { connect(test::with_database(url(), "no_such_db_x"), "."); });
  EXPECT_THAT(e.what(), HasSubstr("could not connect to"));
  EXPECT_THAT(e.what(), HasSubstr("database \"no_such_db_x\" does not exist"));
}

}  // namespace
}  // namespace retort
