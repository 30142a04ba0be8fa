#pragma once
// The retort_host_v1 a code migration runs against: a live backend, or a
// recorder for offline (--sql) scripts.

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <retort/backend.hpp>
#include <retort/migration.hpp>

namespace retort::detail {

class MigrationHost {
 public:
  using Log = std::function<void(int level, std::string_view message)>;

  // Online: statements go to `backend`.
  MigrationHost(Backend& backend, std::string revision,
                const std::vector<std::pair<std::string, std::string>>& args, Log log);
  // Offline: statements are rendered for `dialect` into recorded().
  MigrationHost(std::string dialect, std::string revision,
                const std::vector<std::pair<std::string, std::string>>& args, Log log);
  MigrationHost(const MigrationHost&) = delete;
  MigrationHost& operator=(const MigrationHost&) = delete;

  const retort_host_v1* c_host() const { return &m_host; }

  // After the migration function failed: the database error behind it, if
  // one was, the statement that caused it, and the exception's message.
  const std::optional<SqlError>& sql_error() const { return m_sql_error; }
  const std::string& failed_statement() const { return m_failed_statement; }
  const std::string& exception_message() const { return m_exception; }

  // Offline: each statement execute() was given, parameters inlined.
  const std::vector<std::string>& recorded() const { return m_recorded; }

 private:
  void init(const std::vector<std::pair<std::string, std::string>>& args);
  static int c_execute(void* self, const char* sql, size_t size, const retort_value_v1* params,
                       size_t count, long long* affected);
  static int c_query(void* self, const char* sql, size_t size, const retort_value_v1* params,
                     size_t count, const retort_sink_v1* sink);
  static const char* c_error(void* self);
  static void c_log(void* self, int level, const char* message, size_t size);
  static void c_fail(void* self, const char* message, size_t size);

  int fail_with(const Error& e, std::string_view statement);

  Backend* m_backend = nullptr;
  std::string m_dialect;
  std::string m_revision;
  Log m_log;
  std::vector<std::string> m_keys, m_values;
  std::vector<const char*> m_key_ptrs, m_value_ptrs;
  retort_host_v1 m_host{};
  std::string m_error;
  std::optional<SqlError> m_sql_error;
  std::string m_failed_statement;
  std::string m_exception;
  std::vector<std::string> m_recorded;
};

// `sql` with each $N / ?N / ? outside quotes and comments replaced by the
// value as a SQL literal. Throws CommandError for a parameter with no value.
std::string inline_parameters(std::string_view sql, const std::vector<BoundValue>& params,
                              std::string_view dialect);

}  // namespace retort::detail
