#include "sqlite/sqlite_backend.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <sqlite3.h>

#include <retort/config.hpp>

#include "util/sql_split.hpp"
#include "util/strings.hpp"

namespace retort::sqlite {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int k_default_busy_timeout_ms = 5000;

// The text of a REAL value: SQLite's own (15 significant digits) when it
// reads back as the same double, else the shortest text that does, so a
// value round-trips through a code migration's ctx.query().
std::string real_text(double value, std::string_view sqlite_text) {
  double parsed = 0;
  const auto [end, ec] = std::from_chars(sqlite_text.data(), sqlite_text.data() + sqlite_text.size(), parsed);
  if (ec == std::errc() && end == sqlite_text.data() + sqlite_text.size() && parsed == value) {
    return std::string(sqlite_text);
  }
  char buffer[64];
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  return std::string(buffer, written);
}

#define RETORT_SQLITE_CODE(c) \
  std::pair<int, const char*> { c, #c }
constexpr std::pair<int, const char*> k_code_names[] = {
    RETORT_SQLITE_CODE(SQLITE_ERROR),
    RETORT_SQLITE_CODE(SQLITE_INTERNAL),
    RETORT_SQLITE_CODE(SQLITE_PERM),
    RETORT_SQLITE_CODE(SQLITE_ABORT),
    RETORT_SQLITE_CODE(SQLITE_BUSY),
    RETORT_SQLITE_CODE(SQLITE_LOCKED),
    RETORT_SQLITE_CODE(SQLITE_NOMEM),
    RETORT_SQLITE_CODE(SQLITE_READONLY),
    RETORT_SQLITE_CODE(SQLITE_INTERRUPT),
    RETORT_SQLITE_CODE(SQLITE_IOERR),
    RETORT_SQLITE_CODE(SQLITE_CORRUPT),
    RETORT_SQLITE_CODE(SQLITE_NOTFOUND),
    RETORT_SQLITE_CODE(SQLITE_FULL),
    RETORT_SQLITE_CODE(SQLITE_CANTOPEN),
    RETORT_SQLITE_CODE(SQLITE_PROTOCOL),
    RETORT_SQLITE_CODE(SQLITE_EMPTY),
    RETORT_SQLITE_CODE(SQLITE_SCHEMA),
    RETORT_SQLITE_CODE(SQLITE_TOOBIG),
    RETORT_SQLITE_CODE(SQLITE_CONSTRAINT),
    RETORT_SQLITE_CODE(SQLITE_MISMATCH),
    RETORT_SQLITE_CODE(SQLITE_MISUSE),
    RETORT_SQLITE_CODE(SQLITE_NOLFS),
    RETORT_SQLITE_CODE(SQLITE_AUTH),
    RETORT_SQLITE_CODE(SQLITE_FORMAT),
    RETORT_SQLITE_CODE(SQLITE_RANGE),
    RETORT_SQLITE_CODE(SQLITE_NOTADB),
    RETORT_SQLITE_CODE(SQLITE_NOTICE),
    RETORT_SQLITE_CODE(SQLITE_WARNING),
    RETORT_SQLITE_CODE(SQLITE_ERROR_MISSING_COLLSEQ),
    RETORT_SQLITE_CODE(SQLITE_ERROR_RETRY),
    RETORT_SQLITE_CODE(SQLITE_ERROR_SNAPSHOT),
    RETORT_SQLITE_CODE(SQLITE_IOERR_READ),
    RETORT_SQLITE_CODE(SQLITE_IOERR_SHORT_READ),
    RETORT_SQLITE_CODE(SQLITE_IOERR_WRITE),
    RETORT_SQLITE_CODE(SQLITE_IOERR_FSYNC),
    RETORT_SQLITE_CODE(SQLITE_IOERR_DIR_FSYNC),
    RETORT_SQLITE_CODE(SQLITE_IOERR_TRUNCATE),
    RETORT_SQLITE_CODE(SQLITE_IOERR_FSTAT),
    RETORT_SQLITE_CODE(SQLITE_IOERR_UNLOCK),
    RETORT_SQLITE_CODE(SQLITE_IOERR_RDLOCK),
    RETORT_SQLITE_CODE(SQLITE_IOERR_DELETE),
    RETORT_SQLITE_CODE(SQLITE_IOERR_BLOCKED),
    RETORT_SQLITE_CODE(SQLITE_IOERR_NOMEM),
    RETORT_SQLITE_CODE(SQLITE_IOERR_ACCESS),
    RETORT_SQLITE_CODE(SQLITE_IOERR_CHECKRESERVEDLOCK),
    RETORT_SQLITE_CODE(SQLITE_IOERR_LOCK),
    RETORT_SQLITE_CODE(SQLITE_IOERR_CLOSE),
    RETORT_SQLITE_CODE(SQLITE_IOERR_DIR_CLOSE),
    RETORT_SQLITE_CODE(SQLITE_IOERR_SHMOPEN),
    RETORT_SQLITE_CODE(SQLITE_IOERR_SHMSIZE),
    RETORT_SQLITE_CODE(SQLITE_IOERR_SHMLOCK),
    RETORT_SQLITE_CODE(SQLITE_IOERR_SHMMAP),
    RETORT_SQLITE_CODE(SQLITE_IOERR_SEEK),
    RETORT_SQLITE_CODE(SQLITE_IOERR_DELETE_NOENT),
    RETORT_SQLITE_CODE(SQLITE_IOERR_MMAP),
    RETORT_SQLITE_CODE(SQLITE_IOERR_GETTEMPPATH),
    RETORT_SQLITE_CODE(SQLITE_IOERR_CONVPATH),
    RETORT_SQLITE_CODE(SQLITE_IOERR_VNODE),
    RETORT_SQLITE_CODE(SQLITE_IOERR_AUTH),
    RETORT_SQLITE_CODE(SQLITE_IOERR_BEGIN_ATOMIC),
    RETORT_SQLITE_CODE(SQLITE_IOERR_COMMIT_ATOMIC),
    RETORT_SQLITE_CODE(SQLITE_IOERR_ROLLBACK_ATOMIC),
    RETORT_SQLITE_CODE(SQLITE_IOERR_DATA),
    RETORT_SQLITE_CODE(SQLITE_IOERR_CORRUPTFS),
    RETORT_SQLITE_CODE(SQLITE_LOCKED_SHAREDCACHE),
    RETORT_SQLITE_CODE(SQLITE_LOCKED_VTAB),
    RETORT_SQLITE_CODE(SQLITE_BUSY_RECOVERY),
    RETORT_SQLITE_CODE(SQLITE_BUSY_SNAPSHOT),
    RETORT_SQLITE_CODE(SQLITE_BUSY_TIMEOUT),
    RETORT_SQLITE_CODE(SQLITE_CANTOPEN_NOTEMPDIR),
    RETORT_SQLITE_CODE(SQLITE_CANTOPEN_ISDIR),
    RETORT_SQLITE_CODE(SQLITE_CANTOPEN_FULLPATH),
    RETORT_SQLITE_CODE(SQLITE_CANTOPEN_CONVPATH),
    RETORT_SQLITE_CODE(SQLITE_CANTOPEN_DIRTYWAL),
    RETORT_SQLITE_CODE(SQLITE_CANTOPEN_SYMLINK),
    RETORT_SQLITE_CODE(SQLITE_CORRUPT_VTAB),
    RETORT_SQLITE_CODE(SQLITE_CORRUPT_SEQUENCE),
    RETORT_SQLITE_CODE(SQLITE_CORRUPT_INDEX),
    RETORT_SQLITE_CODE(SQLITE_READONLY_RECOVERY),
    RETORT_SQLITE_CODE(SQLITE_READONLY_CANTLOCK),
    RETORT_SQLITE_CODE(SQLITE_READONLY_ROLLBACK),
    RETORT_SQLITE_CODE(SQLITE_READONLY_DBMOVED),
    RETORT_SQLITE_CODE(SQLITE_READONLY_CANTINIT),
    RETORT_SQLITE_CODE(SQLITE_READONLY_DIRECTORY),
    RETORT_SQLITE_CODE(SQLITE_ABORT_ROLLBACK),
    RETORT_SQLITE_CODE(SQLITE_CONSTRAINT_CHECK),
    RETORT_SQLITE_CODE(SQLITE_CONSTRAINT_COMMITHOOK),
    RETORT_SQLITE_CODE(SQLITE_CONSTRAINT_FOREIGNKEY),
    RETORT_SQLITE_CODE(SQLITE_CONSTRAINT_FUNCTION),
    RETORT_SQLITE_CODE(SQLITE_CONSTRAINT_NOTNULL),
    RETORT_SQLITE_CODE(SQLITE_CONSTRAINT_PRIMARYKEY),
    RETORT_SQLITE_CODE(SQLITE_CONSTRAINT_TRIGGER),
    RETORT_SQLITE_CODE(SQLITE_CONSTRAINT_UNIQUE),
    RETORT_SQLITE_CODE(SQLITE_CONSTRAINT_VTAB),
    RETORT_SQLITE_CODE(SQLITE_CONSTRAINT_ROWID),
    RETORT_SQLITE_CODE(SQLITE_CONSTRAINT_PINNED),
    RETORT_SQLITE_CODE(SQLITE_CONSTRAINT_DATATYPE),
    RETORT_SQLITE_CODE(SQLITE_NOTICE_RECOVER_WAL),
    RETORT_SQLITE_CODE(SQLITE_NOTICE_RECOVER_ROLLBACK),
    RETORT_SQLITE_CODE(SQLITE_WARNING_AUTOINDEX),
    RETORT_SQLITE_CODE(SQLITE_AUTH_USER),
    RETORT_SQLITE_CODE(SQLITE_OK_LOAD_PERMANENTLY),
    RETORT_SQLITE_CODE(SQLITE_OK_SYMLINK),
};
#undef RETORT_SQLITE_CODE

std::string quote_identifier(std::string_view name) { return util::quoted(name, '"'); }

// Closes a statement however the scope is left.
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(m_stmt); }
  sqlite3_stmt** out() { return &m_stmt; }
  sqlite3_stmt* get() const { return m_stmt; }

 private:
  sqlite3_stmt* m_stmt = nullptr;
};

class SqliteBackend final : public Backend {
 public:
  SqliteBackend(SqliteLocation location, const ConnectOptions& options)
      : m_location(std::move(location)) {
    const std::string name = m_location.in_memory ? ":memory:" : m_location.file.string();
    const int rc = sqlite3_open_v2(name.c_str(), &m_db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) {
      const std::string reason = m_db != nullptr ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
      sqlite3_close_v2(m_db);
      m_db = nullptr;
      throw DatabaseError("could not open sqlite database '" + name + "': " + reason +
                              "; check that its folder exists and is writable",
                          result_code_name(rc));
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, options.lock_timeout_ms.value_or(k_default_busy_timeout_ms));
    if (options.statement_timeout_ms && *options.statement_timeout_ms > 0) {
      m_statement_timeout = std::chrono::milliseconds(*options.statement_timeout_ms);
      sqlite3_progress_handler(m_db, 1000, &SqliteBackend::on_progress, this);
    }
  }

  SqliteBackend(const SqliteBackend&) = delete;
  SqliteBackend& operator=(const SqliteBackend&) = delete;

  ~SqliteBackend() override {
    // An open transaction is rolled back by closing.
    sqlite3_close_v2(m_db);
    unlock_file();
  }

  std::string_view dialect() const override { return "sqlite"; }
  // Alembic treats SQLite as non-transactional for offline scripts; online,
  // begin()/commit() work all the same.
  bool transactional_ddl() const override { return false; }

  std::string database_name() override {
    return m_location.in_memory ? std::string(":memory:") : m_location.file.string();
  }

  void acquire_lock(std::optional<std::chrono::milliseconds> timeout) override {
    if (m_location.in_memory || m_lock_fd >= 0) {
      return;  // nobody else can see an in-memory database
    }
    const std::string lock_file = m_location.file.string() + ".lock";
    const int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      throw DatabaseError("could not open the lock file '" + lock_file +
                          "': " + std::strerror(errno) + "; check that its folder is writable");
    }
    const auto start = Clock::now();
    auto pause = std::chrono::milliseconds(5);
    for (;;) {
      if (::flock(fd, LOCK_EX | (timeout ? LOCK_NB : 0)) == 0) {
        m_lock_fd = fd;
        return;
      }
      const int err = errno;
      if (err == EINTR) {
        continue;
      }
      if (err != EWOULDBLOCK) {
        ::close(fd);
        throw DatabaseError("could not lock '" + lock_file + "': " + std::strerror(err));
      }
      const auto waited =
          std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
      if (waited >= *timeout) {
        ::close(fd);
        throw DatabaseError("timed out after " + std::to_string(timeout->count()) +
                            "ms waiting for another retort run to release the migration lock "
                            "on '" +
                            database_name() + "'; retry, or raise --lock-timeout");
      }
      std::this_thread::sleep_for(std::min(pause, *timeout - waited));
      pause = std::min(pause * 2, std::chrono::milliseconds(100));
    }
  }

  void release_lock() override { unlock_file(); }

  void begin() override {
    if (in_transaction()) {
      throw DatabaseError("cannot begin a transaction on '" + database_name() +
                          "': one is already open; commit or roll it back first");
    }
    // IMMEDIATE takes the write lock now, so a concurrent writer makes the
    // run wait (busy timeout) instead of failing half-way.
    exec_one("BEGIN IMMEDIATE");
  }

  void commit() override { exec_one("COMMIT"); }

  void rollback() override {
    if (in_transaction()) {
      exec_one("ROLLBACK");
    }
  }

  bool in_transaction() const override { return sqlite3_get_autocommit(m_db) == 0; }

  void execute_script(const std::string& sql) override { run_script(sql); }

  long long execute(const std::string& sql) override { return run_script(sql); }

  long long execute(const std::string& sql, const std::vector<BoundValue>& params) override {
    Statement stmt;
    prepare_bound(sql, params, stmt);
    return step_all(stmt.get(), 0);
  }

  QueryResult query(const std::string& sql, const std::vector<BoundValue>& params) override {
    Statement stmt;
    prepare_bound(sql, params, stmt);
    QueryResult out;
    const int columns = sqlite3_column_count(stmt.get());
    for (int c = 0; c < columns; ++c) {
      const char* name = sqlite3_column_name(stmt.get(), c);
      out.columns.emplace_back(name != nullptr ? name : "");
    }
    if (m_statement_timeout) {
      m_deadline = Clock::now() + *m_statement_timeout;
    }
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
      for (int c = 0; c < columns; ++c) {
        const int type = sqlite3_column_type(stmt.get(), c);  // before any conversion
        if (type == SQLITE_NULL) {
          out.values.emplace_back(std::nullopt);
          continue;
        }
        const double real = type == SQLITE_FLOAT ? sqlite3_column_double(stmt.get(), c) : 0.0;
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), c));
        const auto size = static_cast<std::size_t>(sqlite3_column_bytes(stmt.get(), c));
        if (type == SQLITE_FLOAT) {
          out.values.emplace_back(real_text(real, std::string_view(text, size)));
        } else {
          out.values.emplace_back(std::in_place, text, size);
        }
      }
    }
    if (rc != SQLITE_DONE) {
      fail(0, std::nullopt);
    }
    return out;
  }

  bool version_table_exists(const VersionTable& table) override {
    const std::string master =
        table.schema.empty() ? std::string("sqlite_master")
                             : quote_identifier(table.schema) + ".sqlite_master";
    return !column("SELECT name FROM " + master +
                       " WHERE type = 'table' AND name = ?1 COLLATE NOCASE",
                   {table.name})
                .empty();
  }

  void create_version_table(const VersionTable& table) override {
    exec_one(table.create_sql());
  }

  std::vector<std::string> read_versions(const VersionTable& table) override {
    if (!version_table_exists(table)) {
      return {};
    }
    return column("SELECT version_num FROM " + table.qualified(), {});
  }

  void apply_version_change(const VersionTable& table, const VersionChange& change) override {
    table.check_matched(change, run_script(table.render(change)));
  }


  // Drops every trigger, view, index and table in sqlite_master (SQLite's
  // own sqlite_* tables excepted) and the version table, in one transaction
  // whatever `commits` says (SQLite has no lock table to overflow),
  // with foreign keys off (deferred when a transaction is already open, as
  // the pragma cannot change inside one).
  void drop_everything(const VersionTable& table, DropCommits /*commits*/) override {
    const bool own_transaction = !in_transaction();
    bool foreign_keys_were_on = false;
    if (own_transaction) {
      foreign_keys_were_on = column("PRAGMA foreign_keys", {}) == std::vector<std::string>{"1"};
      exec_one("PRAGMA foreign_keys = OFF");
      begin();
    } else {
      exec_one("PRAGMA defer_foreign_keys = ON");
    }
    try {
      for (const char* type : {"trigger", "view", "index", "table"}) {
        for (const auto& name :
             column("SELECT name FROM sqlite_master WHERE type = ?1 AND name NOT LIKE "
                    "'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
                    {type})) {
          std::string drop = "DROP ";
          for (const char* c = type; *c != '\0'; ++c) {
            drop += static_cast<char>(*c - 'a' + 'A');
          }
          exec_one(drop + " IF EXISTS " + quote_identifier(name));
        }
      }
      exec_one("DROP TABLE IF EXISTS " + table.qualified());
      if (own_transaction) {
        commit();
      }
    } catch (...) {
      if (own_transaction) {
        try {
          rollback();
        } catch (const Error&) {
          // The first error is the one worth reporting.
        }
      }
      restore_foreign_keys(own_transaction && foreign_keys_were_on);
      throw;
    }
    restore_foreign_keys(own_transaction && foreign_keys_were_on);
  }

 private:
  static int on_progress(void* self) {
    const auto* backend = static_cast<const SqliteBackend*>(self);
    return Clock::now() > backend->m_deadline ? 1 : 0;
  }

  void restore_foreign_keys(bool on) {
    if (on) {
      exec_one("PRAGMA foreign_keys = ON");
    }
  }

  void unlock_file() {
    if (m_lock_fd >= 0) {
      ::flock(m_lock_fd, LOCK_UN);
      ::close(m_lock_fd);
      m_lock_fd = -1;
    }
  }

  [[noreturn]] void fail(std::size_t offset, std::optional<std::size_t> error_offset) {
    const int code = sqlite3_extended_errcode(m_db);
    std::string message = sqlite3_errmsg(m_db);
    if (code == SQLITE_INTERRUPT && m_statement_timeout) {
      message = "canceling statement due to statement timeout (" +
                std::to_string(m_statement_timeout->count()) + "ms)";
    }
    throw SqlError(message, result_code_name(code), {}, {}, offset, error_offset);
  }

  // Runs every statement of `sql` in order; returns the rows changed by the
  // last one.
  long long run_script(const std::string& sql) {
    const char* const base = sql.c_str();
    const char* const end = base + sql.size();
    const char* p = base;
    long long changes = 0;
    while (p < end) {
      // Where the statement really starts, for the error's offset (prepare
      // skips the same whitespace, comments and stray semicolons).
      std::size_t offset = static_cast<std::size_t>(p - base);
      for (;;) {
        offset = util::skip_space_and_comments(sql, offset, util::SqlDialect::sqlite);
        if (offset < sql.size() && sql[offset] == ';') {
          ++offset;
          continue;
        }
        break;
      }
      if (offset >= sql.size()) {
        break;
      }
      if (std::string meta = util::psql_meta_command_error(std::string_view(sql).substr(offset)); !meta.empty()) {
        throw SqlError(meta, "", "", "", offset);
      }
      Statement stmt;
      const char* tail = nullptr;
      if (sqlite3_prepare_v2(m_db, p, static_cast<int>(end - p), stmt.out(), &tail) !=
          SQLITE_OK) {
        const int at = sqlite3_error_offset(m_db);
        fail(offset, at >= 0 ? std::optional<std::size_t>(static_cast<std::size_t>(p - base) +
                                                           static_cast<std::size_t>(at))
                             : std::nullopt);
      }
      p = tail != nullptr ? tail : end;
      if (stmt.get() == nullptr) {
        continue;  // only comments
      }
      changes = step_all(stmt.get(), offset);
    }
    return changes;
  }

  // Steps a statement to the end; returns the rows it returned (a query) or
  // changed (INSERT, UPDATE, DELETE; 0 for anything else, where
  // sqlite3_changes64 would still report an earlier statement's count).
  long long step_all(sqlite3_stmt* stmt, std::size_t offset) {
    if (m_statement_timeout) {
      m_deadline = Clock::now() + *m_statement_timeout;
    }
    const auto total_before = sqlite3_total_changes64(m_db);
    long long rows = 0;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      ++rows;
    }
    if (rc != SQLITE_DONE) {
      fail(offset, std::nullopt);
    }
    if (sqlite3_column_count(stmt) > 0) {
      return rows;
    }
    return sqlite3_total_changes64(m_db) == total_before ? 0 : sqlite3_changes64(m_db);
  }

  void exec_one(const std::string& sql) { run_script(sql); }

  // Prepares the one statement of `sql` and binds `params` to it: $N and ?N
  // take the N-th value, a bare ? the next.
  void prepare_bound(const std::string& sql, const std::vector<BoundValue>& params, Statement& stmt) {
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), static_cast<int>(sql.size()), stmt.out(), &tail) != SQLITE_OK) {
      const int at = sqlite3_error_offset(m_db);
      fail(0, at >= 0 ? std::optional<std::size_t>(static_cast<std::size_t>(at)) : std::nullopt);
    }
    const std::size_t rest = tail != nullptr ? static_cast<std::size_t>(tail - sql.c_str()) : sql.size();
    std::size_t after = util::skip_space_and_comments(sql, rest, util::SqlDialect::sqlite);
    while (after < sql.size() && sql[after] == ';') {
      after = util::skip_space_and_comments(sql, after + 1, util::SqlDialect::sqlite);
    }
    if (stmt.get() == nullptr || after < sql.size()) {
      throw SqlError(stmt.get() == nullptr ? "no statement to run"
                                           : "one statement expected, found more after offset " +
                                                 std::to_string(rest) + "; run them one at a time",
                     "", {}, {}, 0);
    }
    const int count = sqlite3_bind_parameter_count(stmt.get());
    if (static_cast<std::size_t>(count) != params.size()) {
      throw SqlError("the statement has " + std::to_string(count) + " parameter(s) but " +
                         std::to_string(params.size()) + " value(s) were given",
                     "", {}, {}, 0);
    }
    for (int i = 1; i <= count; ++i) {
      std::size_t index = static_cast<std::size_t>(i);
      if (const char* name = sqlite3_bind_parameter_name(stmt.get(), i); name != nullptr) {
        const std::string_view n(name);
        const bool numbered = n.size() > 1 && n.find_first_not_of("0123456789", 1) == std::string_view::npos;
        if (!numbered || (n[0] != '$' && n[0] != '?')) {
          throw SqlError("named parameter '" + std::string(n) + "' is not supported; use $1, $2, ...",
                         "", {}, {}, 0);
        }
        index = static_cast<std::size_t>(std::stoul(std::string(n.substr(1))));
      }
      if (index == 0 || index > params.size()) {
        throw SqlError("parameter " + std::to_string(index) + " has no value; " +
                           std::to_string(params.size()) + " value(s) were given",
                       "", {}, {}, 0);
      }
      const BoundValue& v = params[index - 1];
      int rc = SQLITE_OK;
      switch (v.kind) {
        case BoundValue::Kind::null:
          rc = sqlite3_bind_null(stmt.get(), i);
          break;
        case BoundValue::Kind::integer:
        case BoundValue::Kind::boolean:
          rc = sqlite3_bind_int64(stmt.get(), i, v.integer);
          break;
        case BoundValue::Kind::real:
          rc = sqlite3_bind_double(stmt.get(), i, v.real);
          break;
        case BoundValue::Kind::text:
          rc = sqlite3_bind_text64(stmt.get(), i, v.text.data(), v.text.size(), SQLITE_TRANSIENT,
                                   SQLITE_UTF8);
          break;
      }
      if (rc != SQLITE_OK) {
        fail(0, std::nullopt);
      }
    }
  }

  // The first column of every row of one query, with text parameters.
  std::vector<std::string> column(const std::string& sql, const std::vector<std::string>& params) {
    Statement stmt;
    if (sqlite3_prepare_v2(m_db, sql.c_str(), static_cast<int>(sql.size()), stmt.out(),
                           nullptr) != SQLITE_OK) {
      fail(0, std::nullopt);
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      sqlite3_bind_text(stmt.get(), static_cast<int>(i + 1), params[i].c_str(),
                        static_cast<int>(params[i].size()), SQLITE_TRANSIENT);
    }
    if (m_statement_timeout) {
      m_deadline = Clock::now() + *m_statement_timeout;
    }
    std::vector<std::string> out;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(stmt.get(), 0);
      out.emplace_back(text != nullptr ? reinterpret_cast<const char*>(text) : "");
    }
    if (rc != SQLITE_DONE) {
      fail(0, std::nullopt);
    }
    return out;
  }

  SqliteLocation m_location;
  sqlite3* m_db = nullptr;
  int m_lock_fd = -1;
  std::optional<std::chrono::milliseconds> m_statement_timeout;
  Clock::time_point m_deadline{};
};

}  // namespace

std::string result_code_name(int code) {
  for (const auto& [value, name] : k_code_names) {
    if (value == code) {
      return name;
    }
  }
  return "SQLITE_" + std::to_string(code);
}

SqliteLocation sqlite_location(std::string_view url, const fs::path& base_dir) {
  const std::size_t sep = url.find("://");
  std::string_view rest = sep == std::string_view::npos ? std::string_view{} : url.substr(sep + 3);
  if (const std::size_t query = rest.find('?'); query != std::string_view::npos) {
    rest = rest.substr(0, query);
  }
  if (rest.empty()) {
    return {true, {}};
  }
  if (rest.front() != '/') {
    throw ConfigError("sqlite URL '" + mask_url(url) +
                      "' names a host; expected sqlite:///relative.db, sqlite:////absolute.db "
                      "or sqlite:// (in memory)");
  }
  const std::string_view path = rest.substr(1);
  if (path.empty() || path == ":memory:") {
    return {true, {}};
  }
  fs::path file(path);
  if (file.is_relative()) {
    file = fs::absolute(base_dir) / file;
  }
  return {false, file.lexically_normal()};
}

std::unique_ptr<Backend> connect_sqlite(std::string_view url, const fs::path& base_dir,
                                        const ConnectOptions& options) {
  return std::make_unique<SqliteBackend>(sqlite_location(url, base_dir), options);
}

}  // namespace retort::sqlite
