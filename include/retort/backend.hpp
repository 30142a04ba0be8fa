#pragma once
// A database connection as the runner needs it: run SQL, transactions, a
// lock that serialises concurrent runs, Alembic's version table. Backends
// know nothing of the revision graph.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <retort/config.hpp>
#include <retort/error.hpp>
#include <retort/version_change.hpp>

namespace retort {

// A statement the server refused. `statement_offset` is the byte offset, in
// the text given to execute_script, where the failing statement starts.
class SqlError : public DatabaseError {
 public:
  SqlError(const std::string& message, std::string sqlstate, std::string detail,
           std::string hint, std::size_t statement_offset,
           std::optional<std::size_t> error_offset = std::nullopt)
      : DatabaseError(message, std::move(sqlstate)),
        m_detail(std::move(detail)),
        m_hint(std::move(hint)),
        m_statement_offset(statement_offset),
        m_error_offset(error_offset) {}
  const std::string& detail() const noexcept { return m_detail; }
  const std::string& hint() const noexcept { return m_hint; }
  std::size_t statement_offset() const noexcept { return m_statement_offset; }
  // The byte offset, in the same text, of the exact spot the server pointed
  // at (PostgreSQL syntax errors), when it gave one; always >= the
  // statement's offset.
  const std::optional<std::size_t>& error_offset() const noexcept { return m_error_offset; }

 private:
  std::string m_detail;
  std::string m_hint;
  std::size_t m_statement_offset = 0;
  std::optional<std::size_t> m_error_offset;
};

// A value bound to a statement parameter ($1, $2, ...; SQLite also ?).
struct BoundValue {
  enum class Kind { null, integer, real, text, boolean };
  Kind kind = Kind::null;
  long long integer = 0;  // integer; boolean as 0/1
  double real = 0;
  std::string_view text;  // text (not owned)
};

// A query's result: column names, then every row's values (NULL: nullopt),
// row by row, in the database's text form.
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<std::optional<std::string>> values;
  std::size_t row_count() const { return columns.empty() ? 0 : values.size() / columns.size(); }
};

class Backend {
 public:
  virtual ~Backend() = default;

  // "postgresql" or "sqlite".
  virtual std::string_view dialect() const = 0;
  // Whether DDL is transactional (offline scripts emit BEGIN/COMMIT then).
  virtual bool transactional_ddl() const = 0;
  // The database's name (PostgreSQL: current_database(); SQLite: the file).
  virtual std::string database_name() = 0;

  // Takes the run lock (PostgreSQL: a session advisory lock; SQLite: an
  // exclusive lock file beside the database). Waits at most `timeout` when
  // given, else indefinitely. Throws DatabaseError on time-out.
  // Taking a lock already held, or releasing one not held, does nothing.
  virtual void acquire_lock(std::optional<std::chrono::milliseconds> timeout) = 0;
  // Call rollback() first after a failed statement: PostgreSQL refuses every
  // statement in an aborted transaction. Closing the backend also releases.
  virtual void release_lock() = 0;

  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  virtual bool in_transaction() const = 0;

  // Runs a section as written: several statements, comments allowed, sent
  // one at a time (outside a transaction each commits on its own, so e.g.
  // CREATE INDEX CONCURRENTLY works). Throws SqlError naming the failing
  // statement's offset; the statements before it have run.
  virtual void execute_script(const std::string& sql) = 0;
  // Runs one statement, returns rows affected.
  virtual long long execute(const std::string& sql) = 0;
  // Runs one statement with bound parameters, returns rows affected.
  virtual long long execute(const std::string& sql, const std::vector<BoundValue>& params) = 0;
  // Runs one query with bound parameters (none: PostgreSQL also takes
  // several statements and returns the last one's rows).
  [[nodiscard]] virtual QueryResult query(const std::string& sql,
                                          const std::vector<BoundValue>& params) = 0;

  virtual bool version_table_exists(const VersionTable& table) = 0;
  virtual void create_version_table(const VersionTable& table) = 0;
  // The rows in the order the database returns them; empty when the table
  // does not exist.
  [[nodiscard]] virtual std::vector<std::string> read_versions(const VersionTable& table) = 0;
  // Applies one change; an UPDATE or DELETE matching other than one row
  // throws DatabaseError with Alembic's "Online migration expected to match
  // one row when ..." message.
  virtual void apply_version_change(const VersionTable& table, const VersionChange& change) = 0;

  // How drop_everything commits.
  enum class DropCommits {
    once,      // in one transaction (or inside the caller's): all or nothing
    in_parts,  // every few dozen drops, for a database nothing else needs
               // (the shadow): one transaction locks every object it drops,
               // and a few thousand tables overflow PostgreSQL's lock table
  };
  // Drops every object in the managed schemas and the version table (reset).
  // PostgreSQL: extensions, user schemas other than public and the version
  // table's, and in the rest the tables, views, sequences, routines and
  // types the current role owns (see src/pg/postgres_backend.cpp); `once`
  // on more objects than the lock table holds throws DatabaseError 53200
  // saying so, nothing dropped. SQLite: every table, view, index and
  // trigger, with foreign keys off meanwhile, always in one transaction.
  virtual void drop_everything(const VersionTable& table, DropCommits commits) = 0;
};

struct ConnectOptions {
  // PostgreSQL's lock_timeout for the session (SQLite: the busy timeout,
  // default 5000 ms).
  std::optional<int> lock_timeout_ms;
  // PostgreSQL's statement_timeout for the session (SQLite: statements are
  // interrupted after this long).
  std::optional<int> statement_timeout_ms;
  // Names the run lock: runs using different version tables in one database
  // do not wait for each other (PostgreSQL: the advisory-lock key is derived
  // from "retort:" and the table's qualified name).
  VersionTable version_table;
};

// The dialect ("postgresql" or "sqlite") a URL names, without connecting
// (offline rendering needs it). Throws ConfigError like connect() for an
// unsupported or empty URL.
std::string_view url_dialect(std::string_view url);

// Opens a connection for `url` (postgresql://, postgres://,
// postgresql+driver://, sqlite:///rel, sqlite:////abs, sqlite://). Relative
// SQLite paths are taken relative to `base_dir`. Throws ConfigError for an
// unsupported URL and DatabaseError when the connection fails (never with
// the password in the message).
std::unique_ptr<Backend> connect(std::string_view url, const std::filesystem::path& base_dir,
                                 const ConnectOptions& options = {});

}  // namespace retort
