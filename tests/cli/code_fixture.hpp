#pragma once
// Shared pieces of the tests of C++ code migrations (versions/<file>.cpp)
// run by the real `db` binary, on SQLite and on PostgreSQL: a fixture with a
// project and a fresh database per test, .cpp files written with the header
// `db revision --cpp` writes, and the migration sources several tests share.
//
// Compiling costs about a second per source on the development machine, so
// most tests point [cpp] cache_dir at one content-addressed cache in the
// build tree (shared_code_cache()): an identical source text compiles once
// per build tree, whichever test or backend comes first. Tests about
// compiling and caching use the project's own cache (.retort/cpp) instead.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <string>
#include <vector>

#include "cli/cli_fixture.hpp"

namespace retort::test {

// Revision ids of the code-migration tests.
inline const std::string k_users = "a1a1a1a1a1a1";  // .sql: users with 2,500 rows
inline const std::string k_code = "b2b2b2b2b2b2";   // the .cpp under test
inline const std::string k_next = "c3c3c3c3c3c3";   // a later step

// The seed's first migration: `users` with 2,500 rows (batches of 1,000:
// 1000, 1000, 500, then 0).
inline Migration users_migration() {
  return {k_users, {}, "create users",
          "CREATE TABLE users (id integer PRIMARY KEY, name text);\n"
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)\n"
          "INSERT INTO users (id, name) SELECT i, 'user ' || i FROM n;",
          "DROP TABLE users;"};
}
inline constexpr int k_user_rows = 2500;

// A .cpp migration as `db revision --cpp` writes it: the `//` header, the
// include, then `code`.
inline std::string cpp_migration(const std::string& id, const std::string& down, const std::string& message,
                                 const std::string& code) {
  return "// " + message + "\n//\n// Revision ID: " + id + "\n// Revises: " + down +
         "\n// Create Date: 2026-01-01 00:00:00.000000\n\n#include <retort/migration.hpp>\n\n" + code;
}

// The issue's backfill, exactly.
inline const std::string k_issue_backfill = R"cpp(RETORT_UPGRADE(ctx) {
    ctx.execute("ALTER TABLE users ADD COLUMN bio TEXT");
    while (ctx.execute("UPDATE users SET bio = 'No bio yet' WHERE id IN "
                       "(SELECT id FROM users WHERE bio IS NULL LIMIT 1000)") > 0) {
    }
}
RETORT_DOWNGRADE(ctx) {
    ctx.execute("ALTER TABLE users DROP COLUMN bio");
}
)cpp";

// A resumable batched backfill that reports each batch's row count
// ("batch N: rows") and, with -x fail_at_batch=N, runs a statement on a
// missing table before batch N. `marker` goes above RETORT_UPGRADE (e.g.
// "// migrate:upgrade transaction:false").
inline std::string batched_backfill(const std::string& marker) {
  return R"cpp(#include <string>

// Whether an earlier, interrupted run already added the column.
static bool has_bio(retort::MigrationContext& ctx) {
  return !ctx.query(ctx.backend() == "postgresql"
                        ? "SELECT column_name FROM information_schema.columns "
                          "WHERE table_name = 'users' AND column_name = 'bio'"
                        : "SELECT name FROM pragma_table_info('users') WHERE name = 'bio'")
              .empty();
}

)cpp" + marker + R"cpp(
RETORT_UPGRADE(ctx) {
  if (!has_bio(ctx)) {
    ctx.execute("ALTER TABLE users ADD COLUMN bio TEXT");
  }
  const long long fail_at = std::stoll(ctx.arg("fail_at_batch", "0"));
  for (long long batch = 1;; ++batch) {
    if (batch == fail_at) {
      ctx.execute("UPDATE no_such_table SET bio = 'deliberate failure'");
    }
    const long long n = ctx.execute("UPDATE users SET bio = $1 WHERE id IN "
                                    "(SELECT id FROM users WHERE bio IS NULL ORDER BY id LIMIT $2)",
                                    "No bio yet", 1000);
    ctx.info("batch " + std::to_string(batch) + ": " + std::to_string(n));
    if (n == 0) {
      break;
    }
  }
}

RETORT_DOWNGRADE(ctx) {
  ctx.execute("ALTER TABLE users DROP COLUMN bio");
}
)cpp";
}

// Fails after some statements: by throwing (default, or -x mode=throw), by a
// SQL error (-x mode=sql), by std::abort() (-x mode=abort) or by SIGSEGV
// (-x mode=segv). With -x mode=none it completes.
inline const std::string k_failing = R"cpp(#include <csignal>
#include <cstdlib>
#include <stdexcept>
#include <string>

RETORT_UPGRADE(ctx) {
  ctx.execute("CREATE TABLE audit (id integer PRIMARY KEY, note text)");
  ctx.execute("INSERT INTO audit (id, note) VALUES ($1, $2)", 1, "first");
  if (ctx.backend() == "sqlite") {
    // A tiny page cache: the UPDATE spills changed pages into the database
    // file before the transaction ends, so a crash leaves a hot journal.
    ctx.execute("PRAGMA cache_size = 2");
  }
  ctx.execute("UPDATE users SET name = 'changed'");
  const std::string mode = ctx.arg("mode", "throw");
  ctx.info("mode " + mode);
  if (mode == "throw") {
    throw std::runtime_error("backfill aborted: bad row 17");
  }
  if (mode == "sql") {
    ctx.execute("INSERT INTO missing_table (id) VALUES ($1)", 5);
  }
  if (mode == "abort") {
    std::abort();
  }
  if (mode == "segv") {
    std::raise(SIGSEGV);
  }
}

RETORT_DOWNGRADE(ctx) {
  ctx.execute("UPDATE users SET name = 'user ' || id");
  ctx.execute("DROP TABLE audit");
}
)cpp";

// Bound parameters of every kind; the rows read back with ctx.query() are
// reported through ctx.info ("row ..."). -x verify=no skips the queries (for
// --sql); -x label=... is echoed.
inline const std::string k_params = R"cpp(#include <cstdio>
#include <optional>
#include <string>

static std::string show(const retort::Row& row) {
  char d[64];
  std::snprintf(d, sizeof d, "%.17g", row["d"].as_double());
  return "row " + row["id"].str() + " t=[" + row["t"].str() + "] i=" + std::to_string(row["i"].as_int()) +
         " d=" + d + " b=" + (row["b"].as_bool() ? "true" : "false") +
         " n=" + (row["n"].is_null() ? std::string("NULL") : "[" + row["n"].str() + "]");
}

RETORT_UPGRADE(ctx) {
  const std::string evil = "'; DROP TABLE users; --";
  const std::optional<std::string> none;
  const std::optional<std::string> some = "set";
  const std::string insert = "INSERT INTO params (id, t, i, d, b, n) VALUES ($1, $2, $3, $4, $5, $6)";
  ctx.execute("CREATE TABLE params (id integer PRIMARY KEY, t text, i bigint, d double precision, "
              "b boolean, n text)");
  ctx.execute(insert, 1, "O'Brien", 9007199254740993LL, 0.1 + 0.2, true, std::nullopt);
  ctx.execute(insert, 2, evil, -7, -0.125, false, nullptr);
  ctx.execute(insert, 3, std::string("tab\there, \"dq\", $1 and ?"), 0, 1e-300, false, some);
  ctx.execute(insert, 4, "none", 4, 4.0, true, none);
  ctx.execute("UPDATE users SET name = $1 WHERE id = $2", evil, 1);
  ctx.execute("UPDATE users SET name = $2 WHERE id = $1", 2, "O'Brien");
  ctx.info("label=" + ctx.arg("label", "(unset)") + " args=" + std::to_string(ctx.args().size()));
  if (ctx.arg("verify", "yes") != "yes") {
    return;
  }
  const auto all = ctx.query("SELECT id, t, i, d, b, n FROM params ORDER BY id");
  std::string columns;
  for (const auto& c : all.columns()) {
    columns += (columns.empty() ? "" : ",") + c;
  }
  ctx.info("columns " + columns + ", " + std::to_string(all.size()) + " rows");
  for (const auto& row : all) {
    ctx.info(show(row));
  }
  const std::string select = "SELECT id, t, i, d, b, n FROM params ";
  for (const auto& row : ctx.query(select + "WHERE t = $1 AND b = $2", "O'Brien", true)) {
    ctx.info("text+bool " + show(row));
  }
  for (const auto& row : ctx.query(select + "WHERE t = $1 AND b = $2", evil, false)) {
    ctx.info("evil " + show(row));
  }
  ctx.info("O'Brien false: " + std::to_string(ctx.query(select + "WHERE t = $1 AND b = $2", "O'Brien", false).size()));
  for (const auto& row : ctx.query(select + "WHERE i = $1 AND d = $2", 9007199254740993LL, 0.1 + 0.2)) {
    ctx.info("int+double " + show(row));
  }
  for (const auto& row : ctx.query(select + "WHERE n IS NOT DISTINCT FROM $1 ORDER BY id", nullptr)) {
    ctx.info("null " + row["id"].str());
  }
  const auto names = ctx.query("SELECT name AS who FROM users WHERE id <= $1 ORDER BY id", 2);
  ctx.info("users " + names.columns().at(0) + ": [" + names[0]["who"].str() + "] [" + names[1][0].str() + "]");
}

RETORT_DOWNGRADE(ctx) {
  ctx.execute("DROP TABLE params");
}
)cpp";

// The content-addressed cache most tests share (see the top of the file).
inline fs::path shared_code_cache() {
  return fs::path(RETORT_DB_BINARY).parent_path() / "cli-code-tests-cache";
}

// The modification time of a file, in nanoseconds.
inline long long mtime_ns(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) {
    return -1;
  }
  return static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000LL + st.st_mtim.tv_nsec;
}

// The .so files in a cache folder, sorted.
inline std::vector<fs::path> cached_objects(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".so") {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// One project and one fresh database per test; GetParam() is the backend.
class CliCode : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (pg()) {
      RETORT_REQUIRE_PG();
    }
    m_db = make_test_db(GetParam(), project.dir(), "clicode");
    configure();
  }

  bool pg() const { return GetParam() == "postgresql"; }
  TestDb& database() { return *m_db; }

  // Writes alembic.toml. `cpp` is the [cpp] section's body; by default the
  // shared cache.
  void configure(const std::string& database_extra = "", std::optional<std::string> cpp = std::nullopt) {
    if (!cpp) {
      cpp = "cache_dir = \"" + shared_code_cache().string() + "\"\n";
    }
    project.write_config(m_db->url(), database_extra + "\n[cpp]\n" + *cpp);
  }
  // The project's own cache, as with no cache_dir.
  fs::path own_cache() const { return project.dir() / ".retort" / "cpp"; }

  fs::path add_sql(const Migration& m) { return project.add(m); }
  fs::path add_cpp(const std::string& id, const std::string& down, const std::string& message,
                   const std::string& code) {
    const fs::path file = project.versions() / (id + "_" + slug_of(message) + ".cpp");
    project.temp().write(file.lexically_relative(project.dir()), cpp_migration(id, down, message, code));
    return file;
  }

  RunOutput db(const std::vector<std::string>& args, const RunSpec& spec = {}) { return project.db(args, spec); }
  RunOutput ok(const std::vector<std::string>& args, const RunSpec& spec = {}) {
    auto r = db(args, spec);
    EXPECT_EQ(r.exit_code, 0) << r;
    return r;
  }
  RunOutput fails(const std::vector<std::string>& args, const RunSpec& spec = {}) {
    auto r = db(args, spec);
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_THAT(r.err, ::testing::HasSubstr("db: error: ")) << r;
    return r;
  }

  // The ctx.info() messages of revision `rev` in a run's stderr.
  static std::vector<std::string> infos(const RunOutput& r, const std::string& rev) {
    std::vector<std::string> out;
    const std::string prefix = "  " + rev + ": ";
    for (const auto& line : lines_of(r.err)) {
      if (line.rfind(prefix, 0) == 0) {
        out.push_back(line.substr(prefix.size()));
      }
    }
    return out;
  }
  static std::size_t compiled_lines(const RunOutput& r) { return count_of(r.err, "Compiled "); }

  std::vector<std::string> versions() { return m_db->versions(); }
  bool has_table(const std::string& t) { return m_db->has_table(t); }
  std::vector<std::string> query(const std::string& sql) { return m_db->query(sql); }
  std::string scalar(const std::string& sql) {
    const auto rows = m_db->query(sql);
    return rows.size() == 1 ? rows[0] : "(" + std::to_string(rows.size()) + " rows)";
  }
  std::vector<std::string> columns_of(const std::string& table) {
    if (pg()) {
      return m_db->query("SELECT column_name::text FROM information_schema.columns WHERE table_name = '" + table +
                         "' ORDER BY ordinal_position");
    }
    return m_db->query("SELECT name FROM pragma_table_info('" + table + "')");
  }

  CliProject project;

 private:
  std::unique_ptr<TestDb> m_db;
};

#define RETORT_CLI_CODE_BACKENDS(suite)                                                      \
  INSTANTIATE_TEST_SUITE_P(Backends, suite, ::testing::Values("sqlite", "postgresql"),     \
                           [](const ::testing::TestParamInfo<std::string>& p) { return p.param; })

}  // namespace retort::test
