#pragma once
// The API of a C++ code migration (versions/<file>.cpp):
//
//   #include <retort/migration.hpp>
//
//   RETORT_UPGRADE(ctx) {
//       ctx.execute("ALTER TABLE users ADD COLUMN bio TEXT");
//       while (ctx.execute("UPDATE users SET bio = $1 WHERE id IN "
//                          "(SELECT id FROM users WHERE bio IS NULL LIMIT 1000)",
//                          "No bio yet") > 0) {
//       }
//   }
//
//   RETORT_DOWNGRADE(ctx) { ctx.execute("ALTER TABLE users DROP COLUMN bio"); }
//
// This header depends on the standard library only. A migration talks to
// retort through a small C interface (retort_host_v1 below), so the shared
// object `db` compiles it into, and an application that builds it in with
// retort_add_migrations(), need nothing else; the C++ classes here are
// inline wrappers around it. Exceptions never cross that interface.
//
// Parameters are written $1, $2, ... on both backends (SQLite also takes ?).
// Values come back as text (NULL as a null field), as the database's text
// form.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

// Bumped whenever the C interface below changes; a cached object built
// against another version is rebuilt.
#define RETORT_MIGRATION_ABI 1

extern "C" {

enum retort_value_type_v1 {
  RETORT_NULL = 0,
  RETORT_INTEGER = 1,
  RETORT_REAL = 2,
  RETORT_TEXT = 3,
  RETORT_BOOL = 4
};

struct retort_value_v1 {
  int type;  // retort_value_type_v1
  long long integer;
  double real;
  const char* text;  // RETORT_TEXT: not NUL-terminated, `size` bytes
  size_t size;
};

// Receives a query's result: the column names first, then every value row
// by row (`is_null` set for SQL NULL).
struct retort_sink_v1 {
  void* self;
  void (*column)(void* self, const char* name, size_t size);
  void (*value)(void* self, const char* text, size_t size, int is_null);
};

// What retort hands a migration. Functions returning int give 0 on success;
// on failure the host keeps the error (SQLSTATE and all) and `error` gives
// its text.
struct retort_host_v1 {
  unsigned abi;         // RETORT_MIGRATION_ABI of the host
  void* self;
  const char* backend;  // "postgresql" or "sqlite"
  const char* revision;
  int offline;  // 1 in --sql mode: execute() is recorded, query() fails
  size_t arg_count;  // -x key=value arguments
  const char* const* arg_keys;
  const char* const* arg_values;
  int (*execute)(void* self, const char* sql, size_t size, const retort_value_v1* params,
                 size_t param_count, long long* affected);
  int (*query)(void* self, const char* sql, size_t size, const retort_value_v1* params,
               size_t param_count, const retort_sink_v1* sink);
  const char* (*error)(void* self);
  // level: 0 info, 1 warning
  void (*log)(void* self, int level, const char* message, size_t size);
  // An exception escaped the migration function.
  void (*fail)(void* self, const char* message, size_t size);
};

// A migration function as exported: 0 done, nonzero failed (the host was
// told why).
typedef int (*retort_migration_fn_v1)(const retort_host_v1* host);

}  // extern "C"

namespace retort {

// Thrown by the context when the database refused a statement; the host
// keeps the SQLSTATE, detail and hint for the report.
class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A bound parameter: null, bool, integer, floating point or text. Text is
// referenced, not copied: it must outlive the call (temporaries do).
class Param {
 public:
  Param(std::nullptr_t) noexcept : m_value{RETORT_NULL, 0, 0.0, nullptr, 0} {}
  Param(std::nullopt_t) noexcept : Param(nullptr) {}
  Param(bool v) noexcept : m_value{RETORT_BOOL, v ? 1 : 0, 0.0, nullptr, 0} {}
  template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                                          !std::is_same_v<T, char>,
                                      int> = 0>
  Param(T v) noexcept : m_value{RETORT_INTEGER, static_cast<long long>(v), 0.0, nullptr, 0} {}
  template <class T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
  Param(T v) noexcept : m_value{RETORT_REAL, 0, static_cast<double>(v), nullptr, 0} {}
  Param(std::string_view v) noexcept : m_value{RETORT_TEXT, 0, 0.0, v.data(), v.size()} {}
  Param(const std::string& v) noexcept : Param(std::string_view(v)) {}
  Param(const char* v) noexcept : Param(nullptr) {
    if (v != nullptr) {
      m_value = {RETORT_TEXT, 0, 0.0, v, std::strlen(v)};
    }
  }
  template <class T>
  Param(const std::optional<T>& v) : Param(nullptr) {
    if (v) {
      m_value = Param(*v).m_value;
    }
  }

  const retort_value_v1& value() const noexcept { return m_value; }

 private:
  retort_value_v1 m_value;
};

// One value of a result row, in the database's text form.
class Field {
 public:
  Field() = default;
  explicit Field(std::optional<std::string> text) : m_text(std::move(text)) {}

  bool is_null() const noexcept { return !m_text.has_value(); }
  const std::optional<std::string>& optional() const noexcept { return m_text; }
  // The text; throws MigrationError for NULL.
  const std::string& str() const {
    if (!m_text) {
      throw MigrationError("the value is NULL");
    }
    return *m_text;
  }
  long long as_int() const {
    const std::string& s = str();
    std::size_t used = 0;
    long long v = 0;
    try {
      v = std::stoll(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != s.size() || s.empty()) {
      throw MigrationError("'" + s + "' is not an integer");
    }
    return v;
  }
  double as_double() const {
    const std::string& s = str();
    std::size_t used = 0;
    double v = 0;
    try {
      v = std::stod(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != s.size() || s.empty()) {
      throw MigrationError("'" + s + "' is not a number");
    }
    return v;
  }
  // PostgreSQL's t/f, SQLite's 1/0, and true/false.
  bool as_bool() const {
    const std::string& s = str();
    if (s == "t" || s == "true" || s == "1") {
      return true;
    }
    if (s == "f" || s == "false" || s == "0") {
      return false;
    }
    throw MigrationError("'" + s + "' is not a boolean");
  }

 private:
  std::optional<std::string> m_text;
};

class Rows;

class Row {
 public:
  std::size_t size() const noexcept { return m_fields.size(); }
  const Field& operator[](std::size_t i) const { return m_fields.at(i); }
  // The field of the column named `name`; throws MigrationError if none.
  const Field& operator[](std::string_view name) const;

 private:
  friend class Rows;
  const std::vector<std::string>* m_columns = nullptr;
  std::vector<Field> m_fields;
};

class Rows {
 public:
  Rows() = default;
  Rows(const Rows& other) : m_columns(other.m_columns), m_rows(other.m_rows) { relink(); }
  Rows(Rows&& other) noexcept : m_columns(std::move(other.m_columns)), m_rows(std::move(other.m_rows)) {
    relink();
  }
  Rows& operator=(Rows other) noexcept {
    m_columns.swap(other.m_columns);
    m_rows.swap(other.m_rows);
    relink();
    return *this;
  }

  const std::vector<std::string>& columns() const noexcept { return m_columns; }
  std::size_t size() const noexcept { return m_rows.size(); }
  bool empty() const noexcept { return m_rows.empty(); }
  const Row& operator[](std::size_t i) const { return m_rows.at(i); }
  std::vector<Row>::const_iterator begin() const noexcept { return m_rows.begin(); }
  std::vector<Row>::const_iterator end() const noexcept { return m_rows.end(); }

  // Filled by the host through a retort_sink_v1.
  static void on_column(void* self, const char* name, std::size_t size) {
    static_cast<Rows*>(self)->m_columns.emplace_back(name, size);
  }
  static void on_value(void* self, const char* text, std::size_t size, int is_null) {
    Rows& rows = *static_cast<Rows*>(self);
    if (rows.m_rows.empty() || rows.m_rows.back().m_fields.size() == rows.m_columns.size()) {
      rows.m_rows.emplace_back();
      rows.m_rows.back().m_columns = &rows.m_columns;
    }
    rows.m_rows.back().m_fields.emplace_back(is_null != 0 ? std::nullopt
                                                          : std::optional<std::string>(std::in_place, text, size));
  }

 private:
  void relink() {
    for (Row& row : m_rows) {
      row.m_columns = &m_columns;
    }
  }
  std::vector<std::string> m_columns;
  std::vector<Row> m_rows;
};

inline const Field& Row::operator[](std::string_view name) const {
  if (m_columns != nullptr) {
    for (std::size_t i = 0; i < m_columns->size() && i < m_fields.size(); ++i) {
      if ((*m_columns)[i] == name) {
        return m_fields[i];
      }
    }
  }
  throw MigrationError("the result has no column '" + std::string(name) + "'");
}

// What a migration function receives.
class MigrationContext {
 public:
  explicit MigrationContext(const retort_host_v1& host) : m_host(host) {}
  MigrationContext(const MigrationContext&) = delete;
  MigrationContext& operator=(const MigrationContext&) = delete;

  // Runs one statement (without parameters PostgreSQL also takes several);
  // returns the rows it affected. In --sql mode the statement is written to
  // the script and 0 is returned. Throws MigrationError when the database
  // refuses it.
  long long execute(std::string_view sql) { return run_execute(sql, nullptr, 0); }
  template <class... P>
  long long execute(std::string_view sql, const P&... params) {
    const retort_value_v1 values[] = {Param(params).value()...};
    return run_execute(sql, values, sizeof...(P));
  }

  // Runs a query and returns its rows. Needs a live database: in --sql mode
  // it throws MigrationError.
  Rows query(std::string_view sql) { return run_query(sql, nullptr, 0); }
  template <class... P>
  Rows query(std::string_view sql, const P&... params) {
    const retort_value_v1 values[] = {Param(params).value()...};
    return run_query(sql, values, sizeof...(P));
  }

  // "postgresql" or "sqlite".
  std::string_view backend() const noexcept { return m_host.backend; }
  // The revision being run.
  std::string_view revision() const noexcept { return m_host.revision; }
  // True in --sql (offline) mode.
  bool offline() const noexcept { return m_host.offline != 0; }

  // The value of `-x key=value`, if given.
  std::optional<std::string> arg(std::string_view key) const {
    for (std::size_t i = m_host.arg_count; i > 0; --i) {
      if (key == m_host.arg_keys[i - 1]) {
        return std::string(m_host.arg_values[i - 1]);
      }
    }
    return std::nullopt;
  }
  std::string arg(std::string_view key, std::string_view fallback) const {
    auto v = arg(key);
    return v ? *v : std::string(fallback);
  }
  std::map<std::string, std::string> args() const {
    std::map<std::string, std::string> out;
    for (std::size_t i = 0; i < m_host.arg_count; ++i) {
      out[m_host.arg_keys[i]] = m_host.arg_values[i];
    }
    return out;
  }

  // Messages shown with the run's progress (on stderr for `db`).
  void info(std::string_view message) const { m_host.log(m_host.self, 0, message.data(), message.size()); }
  void warning(std::string_view message) const {
    m_host.log(m_host.self, 1, message.data(), message.size());
  }

 private:
  long long run_execute(std::string_view sql, const retort_value_v1* values, std::size_t n) {
    long long affected = 0;
    if (m_host.execute(m_host.self, sql.data(), sql.size(), values, n, &affected) != 0) {
      throw MigrationError(m_host.error(m_host.self));
    }
    return affected;
  }
  Rows run_query(std::string_view sql, const retort_value_v1* values, std::size_t n) {
    Rows rows;
    const retort_sink_v1 sink{&rows, &Rows::on_column, &Rows::on_value};
    if (m_host.query(m_host.self, sql.data(), sql.size(), values, n, &sink) != 0) {
      throw MigrationError(m_host.error(m_host.self));
    }
    return rows;
  }

  const retort_host_v1& m_host;
};

namespace detail {

// Runs a migration body; no exception leaves it.
inline int run_migration(const retort_host_v1* host, void (*body)(MigrationContext&)) noexcept {
  try {
    MigrationContext ctx(*host);
    body(ctx);
    return 0;
  } catch (const std::exception& e) {
    const char* what = e.what();
    host->fail(host->self, what, std::strlen(what));
  } catch (...) {
    static const char unknown[] = "an exception that is not a std::exception";
    host->fail(host->self, unknown, sizeof unknown - 1);
  }
  return 1;
}

}  // namespace detail
}  // namespace retort

#if defined(RETORT_MIGRATION_BUILTIN)
// Built into an application by retort_add_migrations(): the functions stay
// local to their translation unit, which registers them (see
// cmake/RetortMigrations.cmake).
#define RETORT_DETAIL_ENTRY(direction)                                                        \
  static void retort_##direction##_body(::retort::MigrationContext&);                        \
  static int retort_##direction##_entry(const retort_host_v1* host) {                         \
    return ::retort::detail::run_migration(host, &retort_##direction##_body);                 \
  }
// Defined in libretort: records a built-in migration (its file name, its
// source text as in versions/, its two functions). Returns 0.
extern "C" int retort_builtin_register_v1(unsigned abi, const char* file_name, const char* source,
                                          size_t source_size, retort_migration_fn_v1 upgrade,
                                          retort_migration_fn_v1 downgrade);
// Used once per translation unit, after the migration's code.
#define RETORT_REGISTER_BUILTIN(file_name, source, source_size)                                \
  [[maybe_unused]] static const int retort_builtin_registered = retort_builtin_register_v1(   \
      RETORT_MIGRATION_ABI, file_name, source, source_size, &retort_upgrade_entry,            \
      &retort_downgrade_entry);
#else
// Compiled on demand by `db` into a shared object: two exported C functions
// and the interface version they were built against.
#define RETORT_DETAIL_ENTRY(direction)                                                        \
  static void retort_##direction##_body(::retort::MigrationContext&);                        \
  extern "C" __attribute__((visibility("default"))) int retort_##direction##_v1(              \
      const retort_host_v1* host) {                                                           \
    return ::retort::detail::run_migration(host, &retort_##direction##_body);                 \
  }
extern "C" __attribute__((visibility("default"), weak)) const unsigned retort_migration_abi =
    RETORT_MIGRATION_ABI;
#endif

#define RETORT_UPGRADE(ctx)  \
  RETORT_DETAIL_ENTRY(upgrade) \
  static void retort_upgrade_body([[maybe_unused]] ::retort::MigrationContext& ctx)
#define RETORT_DOWNGRADE(ctx)  \
  RETORT_DETAIL_ENTRY(downgrade) \
  static void retort_downgrade_body([[maybe_unused]] ::retort::MigrationContext& ctx)
