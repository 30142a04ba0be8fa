// The example application (examples/app), built with its migrations compiled
// in by retort_add_migrations(), run as a real process in temp folders:
// on a fresh SQLite file (always) and a fresh PostgreSQL database
// (RETORT_TEST_PG_URL; skipped without it, as every PostgreSQL test is;
// scripts/test.sh always sets it).
//
// What it checks: the start-up upgrade reaches the head and the backfills
// filled every row; a second start runs nothing; with no versions/ on disk
// (everything built in) it still upgrades; a database part-way through
// continues; a versions/ file that differs
// from the built-in copy stops start-up (exit 1, naming the file) before
// the database is touched; and no compiler is ever needed.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <retort/backend.hpp>
#include <retort/script.hpp>

#include "support/pg_fixture.hpp"
#include "support/run_db.hpp"
#include "support/temp_dir.hpp"

namespace fs = std::filesystem;
using retort::test::RunOutput;
using retort::test::RunSpec;
using retort::test::TempDir;

namespace {

const fs::path k_app = RETORT_EXAMPLE_APP;
const fs::path k_example_dir = RETORT_EXAMPLE_DIR;
const std::string k_head = "5e6f7a8b9c0d";
const std::string k_bio_file = "2026_01_20_1000-3c4d5e6f7a8b_add_bio_to_users.cpp";
const std::string k_users_file = "2026_01_10_0900-1a2b3c4d5e6f_create_users.sql";

// A database for one test: a SQLite file in the test's folder, or a fresh
// PostgreSQL database dropped afterwards.
class Database {
 public:
  Database(const std::string& kind, const fs::path& dir) {
    if (kind == "sqlite") {
      m_url = "sqlite:///" + (dir / "app.sqlite").string();
    } else {
      m_pg = std::make_unique<retort::test::TestDatabase>("example_app");
      m_url = m_pg->url();
    }
  }
  const std::string& url() const { return m_url; }

  // The first column of every row, NULL as "NULL".
  std::vector<std::string> column(const std::string& sql) const {
    auto db = retort::connect(m_url, ".");
    const retort::QueryResult r = db->query(sql, {});
    std::vector<std::string> out;
    for (std::size_t i = 0; i < r.row_count(); ++i) {
      const auto& v = r.values[i * r.columns.size()];
      out.push_back(v ? *v : "NULL");
    }
    return out;
  }
  std::string value(const std::string& sql) const {
    const auto rows = column(sql);
    return rows.size() == 1 ? rows.front() : "<" + std::to_string(rows.size()) + " rows>";
  }
  bool has_version_table() const {
    auto db = retort::connect(m_url, ".");
    return db->version_table_exists(retort::VersionTable{});
  }

 private:
  std::string m_url;
  std::unique_ptr<retort::test::TestDatabase> m_pg;
};

// versions/ and alembic.toml of the example, copied into `dir`.
void copy_project(const fs::path& dir) {
  fs::copy(k_example_dir / "versions", dir / "versions", fs::copy_options::recursive);
  fs::copy_file(k_example_dir / "alembic.toml", dir / "alembic.toml");
}

// Runs the application in `dir` with the database URL as its argument.
RunOutput run_app(const fs::path& dir, const std::string& url, RunSpec spec = {}) {
  spec.cwd = dir;
  if (!spec.env.contains("DATABASE_URL")) {
    spec.env["DATABASE_URL"] = std::nullopt;
  }
  return retort::test::run_program(k_app.string(), url.empty() ? std::vector<std::string>{}
                                                              : std::vector<std::string>{url},
                                   spec);
}

void write_file(const fs::path& path, const std::string& text,
                std::ios::openmode mode = std::ios::trunc) {
  std::ofstream out(path, std::ios::binary | std::ios::out | mode);
  out << text;
  ASSERT_TRUE(out.good()) << path;
}

int count_of(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

// The database after a full upgrade.
void expect_at_head(const Database& db) {
  EXPECT_EQ(db.column("SELECT version_num FROM alembic_version"), std::vector<std::string>{k_head});
  EXPECT_EQ(db.value("SELECT COUNT(*) FROM users"), "2500");
  EXPECT_EQ(db.value("SELECT COUNT(*) FROM users WHERE bio = 'No bio yet'"), "2500");
  EXPECT_EQ(db.value("SELECT COUNT(*) FROM users WHERE handle IS NULL"), "0");
  EXPECT_EQ(db.value("SELECT handle FROM users WHERE id = 42"), "user_42");
}

class ExampleApp : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "postgresql") {
      RETORT_REQUIRE_PG();
    }
    m_db = std::make_unique<Database>(GetParam(), m_dir.path());
  }
  const fs::path& dir() const { return m_dir.path(); }
  const Database& db() const { return *m_db; }

 private:
  TempDir m_dir;
  std::unique_ptr<Database> m_db;
};

TEST_P(ExampleApp, UpgradesAtStartUpThenRunsNothing) {
  copy_project(dir());
  const RunOutput first = run_app(dir(), db().url());
  ASSERT_EQ(first.exit_code, 0) << first;
  EXPECT_EQ(count_of(first.out, "migrated: upgrade"), 3) << first;
  EXPECT_NE(first.out.find("backfilled bio on 2500 users"), std::string::npos) << first;
  EXPECT_NE(first.out.find("database up to date (3 migration(s) applied)"), std::string::npos) << first;
  EXPECT_NE(first.out.find("users: 2500, with a bio: 2500, with a handle: 2500"), std::string::npos)
      << first;
  expect_at_head(db());

  const RunOutput second = run_app(dir(), db().url());
  ASSERT_EQ(second.exit_code, 0) << second;
  EXPECT_EQ(count_of(second.out, "migrated:"), 0) << second;
  EXPECT_NE(second.out.find("database up to date (0 migration(s) applied)"), std::string::npos)
      << second;
  expect_at_head(db());
}

TEST_P(ExampleApp, TakesTheUrlFromDatabaseUrl) {
  copy_project(dir());
  RunSpec spec;
  spec.env["DATABASE_URL"] = db().url();
  const RunOutput r = run_app(dir(), "", spec);
  ASSERT_EQ(r.exit_code, 0) << r;
  expect_at_head(db());
}

// Production: no migration files at all, no config file; everything is
// built in, the .sql migration included.
TEST_P(ExampleApp, UpgradesWithNoVersionsOnDisk) {
  ASSERT_FALSE(fs::exists(dir() / "versions"));
  const RunOutput r = run_app(dir(), db().url());
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(count_of(r.out, "migrated: upgrade"), 3) << r;
  expect_at_head(db());
}

// A database part-way through (the .sql step applied earlier, e.g. by an
// older build) continues with the built-in code migrations only.
TEST_P(ExampleApp, ContinuesFromAnEarlierRevision) {
  const retort::Script first =
      retort::parse_sql_script(retort::test::read_file(k_example_dir / "versions" / k_users_file),
                               k_users_file);
  {
    auto backend = retort::connect(db().url(), ".");
    backend->execute_script(first.upgrade.body);
    const retort::VersionTable table;
    backend->create_version_table(table);
    backend->execute("INSERT INTO alembic_version (version_num) VALUES ('1a2b3c4d5e6f')");
  }
  const RunOutput r = run_app(dir(), db().url());
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(count_of(r.out, "migrated: upgrade"), 2) << r;
  EXPECT_NE(r.out.find("upgrade 1a2b3c4d5e6f -> 3c4d5e6f7a8b"), std::string::npos) << r;
  expect_at_head(db());
}

TEST_P(ExampleApp, RefusesACodeMigrationThatDiffersFromTheBuiltInCopy) {
  copy_project(dir());
  write_file(dir() / "versions" / k_bio_file, "// edited after the application was built\n",
             std::ios::app);
  const RunOutput r = run_app(dir(), db().url());
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find(k_bio_file), std::string::npos) << r;
  EXPECT_NE(r.err.find("differs from the built-in copy"), std::string::npos) << r;
  EXPECT_FALSE(db().has_version_table()) << "nothing may run";
}

TEST_P(ExampleApp, RefusesAnSqlMigrationThatDiffersFromTheBuiltInCopy) {
  copy_project(dir());
  write_file(dir() / "versions" / k_users_file, "-- edited after the application was built\n",
             std::ios::app);
  const RunOutput r = run_app(dir(), db().url());
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_NE(r.err.find(k_users_file), std::string::npos) << r;
  EXPECT_NE(r.err.find("differs from the built-in copy"), std::string::npos) << r;
  EXPECT_FALSE(db().has_version_table()) << "nothing may run";
}

// The built-in code runs as compiled: no compiler on PATH, and the one the
// config names does not exist.
TEST_P(ExampleApp, NeverInvokesACompiler) {
  copy_project(dir());
  write_file(dir() / "alembic.toml",
             "\n[cpp]\ncompiler = \"/nonexistent/c++\"\ncache_dir = \"" + (dir() / "cache").string() +
                 "\"\n",
             std::ios::app);
  fs::create_directories(dir() / "empty-bin");
  RunSpec spec;
  spec.env["PATH"] = (dir() / "empty-bin").string();
  spec.env["CXX"] = "/nonexistent/c++";
  const RunOutput r = run_app(dir(), db().url(), spec);
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(count_of(r.out, "migrated: upgrade"), 3) << r;
  expect_at_head(db());

  // The control: a code migration on disk that is not built in needs the
  // compiler, and the configured one is what would run.
  write_file(dir() / "versions" / "2026_03_01_0900-7a8b9c0d1e2f_not_built_in.cpp",
                  "// not built in\n//\n// Revision ID: 7a8b9c0d1e2f\n// Revises: " + k_head +
                      "\n// Create Date: 2026-03-01 09:00:00.000000\n\n"
                      "#include <retort/migration.hpp>\n\nRETORT_UPGRADE(ctx) {}\n");
  const RunOutput control = run_app(dir(), db().url(), spec);
  EXPECT_EQ(control.exit_code, 1) << control;
  EXPECT_NE(control.err.find("/nonexistent/c++"), std::string::npos) << control;
  EXPECT_EQ(db().column("SELECT version_num FROM alembic_version"), std::vector<std::string>{k_head});
}

INSTANTIATE_TEST_SUITE_P(Backends, ExampleApp, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& param_info) { return param_info.param; });

TEST(ExampleAppUsage, ExplainsAMissingUrl) {
  TempDir dir;
  const RunOutput r = run_app(dir.path(), "");
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_NE(r.err.find("no database URL"), std::string::npos) << r;
}

}  // namespace
