// The SQLite backend on real files in temp folders.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <string>

#include <retort/backend.hpp>

#include "support/temp_dir.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using testing::HasSubstr;

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

class SqliteBackend : public testing::Test {
 protected:
  std::unique_ptr<Backend> open(const ConnectOptions& options = {}) {
    return connect("sqlite:///app.db", m_dir.path(), options);
  }
  fs::path file() const { return m_dir.path() / "app.db"; }
  test::TempDir m_dir;
};

TEST_F(SqliteBackend, RelativeUrlsResolveAgainstTheBaseFolderAndCreateTheFile) {
  EXPECT_FALSE(fs::exists(file()));
  const auto db = open();
  EXPECT_EQ(db->dialect(), "sqlite");
  EXPECT_FALSE(db->transactional_ddl());
  EXPECT_EQ(db->database_name(), file().string());
  db->execute("CREATE TABLE t (id int)");
  EXPECT_TRUE(fs::exists(file()));

  const auto nested = connect("sqlite+pysqlite:///sub/../app.db", m_dir.path());
  EXPECT_EQ(nested->database_name(), file().string());
  EXPECT_TRUE(nested->version_table_exists(VersionTable{"t", ""}));

  const auto absolute = connect("sqlite:///" + file().string(), "/nonexistent");
  EXPECT_TRUE(absolute->version_table_exists(VersionTable{"t", ""}));
}

TEST_F(SqliteBackend, MemoryDatabases) {
  for (const std::string url : {"sqlite://", "sqlite:///:memory:", "sqlite:///"}) {
    SCOPED_TRACE(url);
    const auto db = connect(url, m_dir.path());
    EXPECT_EQ(db->database_name(), ":memory:");
    db->execute("CREATE TABLE t (id int)");
    db->acquire_lock(milliseconds(0));
    // Every connection has its own.
    EXPECT_FALSE(connect(url, m_dir.path())->version_table_exists(VersionTable{"t", ""}));
    db->release_lock();
  }
  EXPECT_TRUE(fs::is_empty(m_dir.path()));
}

TEST_F(SqliteBackend, UnopenableFileIsADatabaseError) {
  const DatabaseError e =
      database_error([&] { connect("sqlite:///no/such/folder/app.db", m_dir.path()); });
  EXPECT_THAT(e.what(), HasSubstr("could not open sqlite database '" +
                                  (m_dir.path() / "no/such/folder/app.db").string() + "'"));
  EXPECT_EQ(e.sqlstate(), "SQLITE_CANTOPEN");
}

TEST_F(SqliteBackend, VersionTableDdlAndRoundTrip) {
  const auto db = open();
  const VersionTable table;
  EXPECT_FALSE(db->version_table_exists(table));
  EXPECT_TRUE(db->read_versions(table).empty());
  db->create_version_table(table);
  EXPECT_TRUE(db->version_table_exists(table));
  EXPECT_EQ(rows(*db,
                 "SELECT 1 FROM sqlite_master WHERE name = 'alembic_version' AND sql = 'CREATE "
                 "TABLE alembic_version (\n    version_num VARCHAR(32) NOT NULL, \n    "
                 "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n)'"),
            1);
  db->apply_version_change(table, VersionChange::insert("a1"));
  db->apply_version_change(table, VersionChange::insert("c2"));
  EXPECT_EQ(db->read_versions(table), (std::vector<std::string>{"a1", "c2"}));
  db->apply_version_change(table, VersionChange::update("a1", "d1"));
  db->apply_version_change(table, VersionChange::remove("c2"));
  EXPECT_EQ(db->read_versions(table), std::vector<std::string>{"d1"});
  EXPECT_EQ(open()->read_versions(table), std::vector<std::string>{"d1"});

  const SqlError dup =
      sql_error([&] { db->apply_version_change(table, VersionChange::insert("d1")); });
  EXPECT_EQ(dup.sqlstate(), "SQLITE_CONSTRAINT_PRIMARYKEY");
}

TEST_F(SqliteBackend, RowcountChecksUseAlembicsMessages) {
  const auto db = open();
  const VersionTable table;
  db->create_version_table(table);
  EXPECT_EQ(database_error([&] {
              db->apply_version_change(table, VersionChange::update("x", "y"));
            }).what(),
            std::string("Online migration expected to match one row when updating 'x' to 'y' "
                        "in 'alembic_version'; 0 found"));
  const VersionTable loose{"loose_version", ""};
  db->execute("CREATE TABLE loose_version (version_num VARCHAR(32) NOT NULL)");
  db->execute("INSERT INTO loose_version VALUES ('a'), ('a')");
  EXPECT_EQ(database_error([&] {
              db->apply_version_change(loose, VersionChange::remove("a"));
            }).what(),
            std::string("Online migration expected to match one row when deleting 'a' in "
                        "'loose_version'; 2 found"));
}

TEST_F(SqliteBackend, ScriptErrorsCarryCodeNameAndOffset) {
  const auto db = open();
  const std::string script =
      "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE);\n"
      "INSERT INTO t VALUES (1, 'a');\n"
      "-- the next one fails\n"
      "INSERT INTO t VALUES (2, 'a');\n"
      "INSERT INTO t VALUES (3, 'c');\n";
  const SqlError e = sql_error([&] { db->execute_script(script); });
  EXPECT_EQ(e.sqlstate(), "SQLITE_CONSTRAINT_UNIQUE");
  EXPECT_EQ(e.what(), std::string("UNIQUE constraint failed: t.name"));
  EXPECT_EQ(e.statement_offset(), script.find("INSERT INTO t VALUES (2"));
  EXPECT_EQ(rows(*db, "SELECT * FROM t"), 1);

  const std::string syntax = "SELECT 1;;\n  /* c */ SELECT 2 FRM t;";
  const SqlError bad = sql_error([&] { db->execute_script(syntax); });
  EXPECT_EQ(bad.sqlstate(), "SQLITE_ERROR");
  EXPECT_THAT(bad.what(), HasSubstr("syntax error"));
  EXPECT_EQ(bad.statement_offset(), syntax.find("SELECT 2"));
  ASSERT_TRUE(bad.error_offset().has_value());
  EXPECT_EQ(*bad.error_offset(), syntax.find("t;"));

  EXPECT_EQ(sql_error([&] { db->execute("SELECT * FROM nope"); }).statement_offset(), 0U);
}

TEST_F(SqliteBackend, TriggersAndMultiStatementScripts) {
  const auto db = open();
  db->execute_script(R"sql(
-- a migration as written
CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL DEFAULT 0);
CREATE TABLE log (msg TEXT);
CREATE TRIGGER counter_log AFTER INSERT ON counter
BEGIN
  INSERT INTO log VALUES ('inserted; ' || CASE WHEN new.n > 0 THEN 'positive' ELSE 'other' END);
  UPDATE counter SET n = n + 1 WHERE id = new.id;
END;
INSERT INTO counter (id, n) VALUES (1, 41);
/* done; */
)sql");
  EXPECT_EQ(rows(*db, "SELECT 1 FROM counter WHERE n = 42"), 1);
  EXPECT_EQ(rows(*db, "SELECT 1 FROM log WHERE msg = 'inserted; positive'"), 1);
  db->execute_script("-- nothing\n/* at all */;;");
  EXPECT_EQ(db->execute("UPDATE counter SET n = 0"), 1);
  EXPECT_EQ(db->execute("CREATE TABLE other (id int)"), 0);
  EXPECT_EQ(db->execute("SELECT * FROM log UNION ALL SELECT 'x'"), 2);
}

TEST_F(SqliteBackend, RollbackUndoesDdl) {
  const auto db = open();
  db->begin();
  EXPECT_TRUE(db->in_transaction());
  db->create_version_table(VersionTable{});
  db->execute_script("CREATE TABLE t (id int); INSERT INTO t VALUES (1);");
  db->rollback();
  EXPECT_FALSE(db->in_transaction());
  EXPECT_FALSE(db->version_table_exists(VersionTable{}));
  EXPECT_FALSE(db->version_table_exists(VersionTable{"t", ""}));
  db->begin();
  db->execute("CREATE TABLE t (id int)");
  db->commit();
  EXPECT_FALSE(db->in_transaction());
  EXPECT_TRUE(open()->version_table_exists(VersionTable{"t", ""}));
  db->rollback();  // nothing open: no-op
}

TEST_F(SqliteBackend, FileLockBetweenTwoBackends) {
  const auto first = open();
  const auto second = open();
  first->acquire_lock(std::nullopt);
  EXPECT_TRUE(fs::exists(file().string() + ".lock"));
  const auto start = std::chrono::steady_clock::now();
  const DatabaseError e = database_error([&] { second->acquire_lock(milliseconds(200)); });
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(200));
  EXPECT_EQ(e.what(), "timed out after 200ms waiting for another retort run to release the "
                      "migration lock on '" +
                          file().string() + "'; retry, or raise --lock-timeout");

  auto waiter = std::async(std::launch::async, [&] { second->acquire_lock(std::nullopt); });
  EXPECT_EQ(waiter.wait_for(milliseconds(100)), std::future_status::timeout);
  first->release_lock();
  ASSERT_EQ(waiter.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  waiter.get();
  EXPECT_THROW(first->acquire_lock(milliseconds(50)), DatabaseError);
  second->release_lock();
  first->acquire_lock(milliseconds(50));
}

TEST_F(SqliteBackend, StatementTimeout) {
  ConnectOptions options;
  options.statement_timeout_ms = 50;
  const auto db = open(options);
  const SqlError e = sql_error([&] {
    db->execute(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c");
  });
  EXPECT_EQ(e.sqlstate(), "SQLITE_INTERRUPT");
  EXPECT_THAT(e.what(), HasSubstr("statement timeout"));
  EXPECT_EQ(rows(*db, "SELECT 1"), 1);
}

TEST_F(SqliteBackend, DropEverything) {
  const auto db = open();
  const VersionTable table;
  db->execute("PRAGMA foreign_keys = ON");
  db->create_version_table(table);
  db->apply_version_change(table, VersionChange::insert("abc"));
  const std::string schema_sql = R"sql(
CREATE TABLE parent (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE);
CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id));
CREATE INDEX child_parent ON child (parent_id);
CREATE VIEW v AS SELECT * FROM parent JOIN child ON child.parent_id = parent.id;
CREATE TRIGGER t AFTER DELETE ON parent BEGIN DELETE FROM child WHERE parent_id = old.id; END;
INSERT INTO parent (name) VALUES ('p');
INSERT INTO child (parent_id) VALUES (1);
)sql";
  db->execute_script(schema_sql);
  db->drop_everything(table, Backend::DropCommits::once);
  EXPECT_FALSE(db->in_transaction());
  EXPECT_EQ(rows(*db, "SELECT * FROM sqlite_master WHERE name NOT LIKE 'sqlite%'"), 0);
  EXPECT_EQ(rows(*db, "SELECT 1 WHERE (SELECT foreign_keys FROM pragma_foreign_keys) = 1"), 1);
  db->execute_script(schema_sql);

  db->begin();
  db->drop_everything(table, Backend::DropCommits::once);
  db->commit();
  EXPECT_EQ(rows(*db, "SELECT * FROM sqlite_master WHERE name NOT LIKE 'sqlite%'"), 0);
}

TEST(SqliteConnect, UnsupportedUrlsAreConfigErrors) {
  EXPECT_THROW(connect("sqlite://host/app.db", "."), ConfigError);
  EXPECT_THROW(connect("mysql://u:pw@h/db", "."), ConfigError);
}

}  // namespace
}  // namespace retort
