#pragma once
// Shared pieces of the tests that run the real `db` binary: a project folder
// (alembic.toml + versions/), migration files written in the DESIGN.md
// format (and as Alembic .py twins), and a small handle on the database a
// test runs against (a SQLite file, or a fresh PostgreSQL database), used to
// check what `db` did from outside.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

#include <retort/backend.hpp>

#include "support/pg_fixture.hpp"
#include "support/run_db.hpp"
#include "support/temp_dir.hpp"

namespace retort::test {

namespace fs = std::filesystem;

inline std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    out += (i ? sep : "") + v[i];
  }
  return out;
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto nl = text.find('\n', start);
    out.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) {
      break;
    }
    start = nl + 1;
  }
  return out;
}

// The 1-based line of the first line of `file` holding `needle` (0, and a
// test failure, when none does).
inline int line_in(const fs::path& file, const std::string& needle) {
  const auto lines = lines_of(read_file(file));
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(needle) != std::string::npos) {
      return static_cast<int>(i) + 1;
    }
  }
  ADD_FAILURE() << needle << " not in " << file;
  return 0;
}

inline std::size_t count_of(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

// One migration, as a test writes it.
struct Migration {
  Migration(std::string id_, std::vector<std::string> down_, std::string message_, std::string upgrade_ = {},
            std::string downgrade_ = {})
      : id(std::move(id_)),
        down(std::move(down_)),
        message(std::move(message_)),
        upgrade(std::move(upgrade_)),
        downgrade(std::move(downgrade_)) {}
  Migration&& labels(std::vector<std::string> v) && {
    branch_labels = std::move(v);
    return std::move(*this);
  }
  Migration&& depends(std::vector<std::string> v) && {
    depends_on = std::move(v);
    return std::move(*this);
  }
  Migration&& upgrade_outside_transaction() && {
    upgrade_transactional = false;
    return std::move(*this);
  }

  std::string id;
  std::vector<std::string> down;  // empty: a base
  std::string message;
  std::string upgrade;    // SQL of the upgrade section
  std::string downgrade;  // SQL of the downgrade section
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  bool upgrade_transactional = true;
  bool downgrade_transactional = true;
};

// Alembic's slug of a message (as compare.py's sqlproject.slugify).
inline std::string slug_of(const std::string& message) {
  std::string slug;
  std::string word;
  for (unsigned char c : message + " ") {
    if (std::isalnum(c) || c == '_') {
      word += static_cast<char>(std::tolower(c));
    } else if (!word.empty()) {
      slug += (slug.empty() ? "" : "_") + word;
      word.clear();
    }
  }
  return slug;
}

// The DESIGN.md file format.
inline std::string render_sql_migration(const Migration& m) {
  std::string s = "-- " + m.message + "\n--\n-- Revision ID: " + m.id + "\n-- Revises: " + join(m.down, ", ") +
                  "\n-- Create Date: 2026-01-01 00:00:00.000000\n";
  if (!m.branch_labels.empty()) {
    s += "-- Branch Labels: " + join(m.branch_labels, ", ") + "\n";
  }
  if (!m.depends_on.empty()) {
    s += "-- Depends On: " + join(m.depends_on, ", ") + "\n";
  }
  s += "\n-- migrate:upgrade" + std::string(m.upgrade_transactional ? "" : " transaction:false") + "\n" +
       m.upgrade + "\n\n-- migrate:downgrade" + (m.downgrade_transactional ? "" : " transaction:false") + "\n" +
       m.downgrade + "\n";
  return s;
}

inline std::string py_tuple(const std::vector<std::string>& v) {
  if (v.empty()) {
    return "None";
  }
  if (v.size() == 1) {
    return "'" + v[0] + "'";
  }
  std::string s = "(";
  for (const auto& x : v) {
    s += "'" + x + "', ";
  }
  return s + ")";
}

// An Alembic revision with the same id, graph and SQL (run by op.execute).
inline std::string render_py_migration(const Migration& m) {
  const auto body = [](const std::string& sql) {
    return sql.empty() ? std::string("    pass\n") : "    op.execute(\"\"\"" + sql + "\"\"\")\n";
  };
  return "\"\"\"" + m.message + "\n\nRevision ID: " + m.id + "\nRevises: " + join(m.down, ", ") +
         "\nCreate Date: 2026-01-01 00:00:00.000000\n\n\"\"\"\nfrom alembic import op\n\n"
         "revision = '" +
         m.id + "'\ndown_revision = " + py_tuple(m.down) + "\nbranch_labels = " + py_tuple(m.branch_labels) +
         "\ndepends_on = " + py_tuple(m.depends_on) + "\n\n\ndef upgrade():\n" + body(m.upgrade) +
         "\n\ndef downgrade():\n" + body(m.downgrade);
}

// A project folder: alembic.toml and versions/.
class CliProject {
 public:
  // `database_extra` is added to the [database] section (e.g.
  // "transaction_per_migration = true"). An empty url writes no url key.
  // The folder is made in `base` (default: the system temp dir).
  explicit CliProject(const std::string& url = "", const std::string& database_extra = "",
                      const fs::path& base = fs::temp_directory_path())
      : m_dir(base) {
    write_config(url, database_extra);
    fs::create_directories(versions());
  }

  const fs::path& dir() const { return m_dir.path(); }
  fs::path toml() const { return dir() / "alembic.toml"; }
  fs::path versions() const { return dir() / "versions"; }
  const TempDir& temp() const { return m_dir; }

  void write_config(const std::string& url, const std::string& database_extra = "") const {
    std::string text = "[alembic]\nscript_location = \".\"\nversion_locations = [\"versions\"]\n[database]\n";
    if (!url.empty()) {
      text += "url = \"" + url + "\"\n";
    }
    text += database_extra + "\n";
    m_dir.write("alembic.toml", text);
  }

  fs::path file_of(const Migration& m, const std::string& ext = ".sql") const {
    return versions() / (m.id + "_" + slug_of(m.message) + ext);
  }
  fs::path add(const Migration& m) const { return m_dir.write(file_of(m).lexically_relative(dir()), render_sql_migration(m)); }
  fs::path add_python(const Migration& m) const {
    return m_dir.write(file_of(m, ".py").lexically_relative(dir()), render_py_migration(m));
  }

  // `db -c <toml> args...`, run in the project folder.
  RunOutput db(const std::vector<std::string>& args, RunSpec spec = {}) const {
    std::vector<std::string> all{"-c", toml().string()};
    all.insert(all.end(), args.begin(), args.end());
    if (spec.cwd.empty()) {
      spec.cwd = dir();
    }
    return run_db(all, spec);
  }

 private:
  TempDir m_dir;
};

// A folder in memory (/dev/shm) when there is one, else the temp dir: for
// tests that write many small SQLite databases, whose syncs dominate on disk.
inline fs::path memory_temp_base() {
  std::error_code ec;
  if (fs::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0) {
    return "/dev/shm";
  }
  return fs::temp_directory_path();
}

// ---------------------------------------------------------------------------
// The database a test runs `db` against, seen from outside.

class TestDb {
 public:
  virtual ~TestDb() = default;
  virtual std::string kind() const = 0;  // "sqlite" or "postgresql"
  virtual std::string url() const = 0;
  // Rows of a query returning one column (NULL reads as "NULL").
  virtual std::vector<std::string> query(const std::string& sql) = 0;
  // Runs statements outside any transaction.
  virtual void exec(const std::string& sql) = 0;
  virtual bool has_table(const std::string& name) = 0;

  // alembic_version's rows, sorted; empty when the table is missing.
  std::vector<std::string> versions() {
    if (!has_table("alembic_version")) {
      return {};
    }
    auto rows = query("SELECT version_num FROM alembic_version");
    std::sort(rows.begin(), rows.end());
    return rows;
  }
};

class SqliteDb : public TestDb {
 public:
  explicit SqliteDb(fs::path file) : m_file(std::move(file)) {}
  std::string kind() const override { return "sqlite"; }
  std::string url() const override { return "sqlite:///" + fs::absolute(m_file).string(); }
  const fs::path& file() const { return m_file; }

  std::vector<std::string> query(const std::string& sql) override {
    std::vector<std::string> rows;
    with_db([&](sqlite3* db) {
      sqlite3_stmt* stmt = nullptr;
      if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
        throw std::runtime_error("sqlite: " + std::string(sqlite3_errmsg(db)) + " in: " + sql);
      }
      int rc;
      while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(stmt, 0);
        rows.emplace_back(text ? reinterpret_cast<const char*>(text) : "NULL");
      }
      sqlite3_finalize(stmt);
      if (rc != SQLITE_DONE) {
        throw std::runtime_error("sqlite: " + std::string(sqlite3_errmsg(db)) + " in: " + sql);
      }
    });
    return rows;
  }
  void exec(const std::string& sql) override {
    with_db([&](sqlite3* db) {
      char* error = nullptr;
      if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = error ? error : "?";
        sqlite3_free(error);
        throw std::runtime_error("sqlite: " + message + " in: " + sql);
      }
    });
  }
  bool has_table(const std::string& name) override {
    if (!fs::exists(m_file)) {
      return false;
    }
    return !query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = '" + name + "'").empty();
  }

 private:
  template <class Fn>
  void with_db(Fn&& fn) {
    sqlite3* db = nullptr;
    if (sqlite3_open(m_file.c_str(), &db) != SQLITE_OK) {
      const std::string message = db ? sqlite3_errmsg(db) : "out of memory";
      sqlite3_close(db);
      throw std::runtime_error("sqlite: cannot open " + m_file.string() + ": " + message);
    }
    sqlite3_busy_timeout(db, 10000);
    try {
      fn(db);
    } catch (...) {
      sqlite3_close(db);
      throw;
    }
    sqlite3_close(db);
  }

  fs::path m_file;
};

// A fresh PostgreSQL database (dropped at the end). Queries go through the
// retort library's own connection (the cli test binary has no libpqxx): a
// temporary view named like a version table is read with read_versions().
class PgDb : public TestDb {
 public:
  explicit PgDb(const std::string& prefix) : m_db(prefix) {}
  std::string kind() const override { return "postgresql"; }
  std::string url() const override { return m_db.url(); }
  std::string name() const { return m_db.name(); }

  std::vector<std::string> query(const std::string& sql) override {
    auto backend = connect(url(), ".");
    backend->execute("CREATE TEMP VIEW rt_test_query AS SELECT coalesce((q.c)::text, 'NULL') AS version_num FROM (" +
                     sql + ") AS q(c)");
    auto rows = backend->read_versions(VersionTable{"rt_test_query", ""});
    // Dropped now: a closed session's temporary objects go away only some
    // time after it ends, and would block e.g. a DROP TABLE of the tables
    // the view reads meanwhile.
    backend->execute("DROP VIEW rt_test_query");
    return rows;
  }
  void exec(const std::string& sql) override { connect(url(), ".")->execute_script(sql); }
  bool has_table(const std::string& name) override {
    return query("SELECT (to_regclass('" + name + "') IS NOT NULL)::text") == std::vector<std::string>{"true"};
  }

 private:
  TestDatabase m_db;
};

// "sqlite" (a file in `dir`) or "postgresql" (needs RETORT_TEST_PG_URL).
inline std::unique_ptr<TestDb> make_test_db(const std::string& kind, const fs::path& dir,
                                            const std::string& prefix) {
  if (kind == "sqlite") {
    return std::make_unique<SqliteDb>(dir / (prefix + ".sqlite"));
  }
  return std::make_unique<PgDb>(prefix);
}

}  // namespace retort::test
