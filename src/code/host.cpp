// The host side of the code-migration interface.

#include "code/host.hpp"

#include <cctype>
#include <charconv>
#include <cstring>

#include <retort/error.hpp>

namespace retort::detail {

namespace {

std::vector<BoundValue> bound(const retort_value_v1* params, std::size_t count) {
  std::vector<BoundValue> out(count);
  for (std::size_t i = 0; i < count; ++i) {
    const retort_value_v1& v = params[i];
    BoundValue& b = out[i];
    switch (v.type) {
      case RETORT_INTEGER:
        b.kind = BoundValue::Kind::integer;
        b.integer = v.integer;
        break;
      case RETORT_REAL:
        b.kind = BoundValue::Kind::real;
        b.real = v.real;
        break;
      case RETORT_TEXT:
        b.kind = BoundValue::Kind::text;
        b.text = std::string_view(v.text, v.size);
        break;
      case RETORT_BOOL:
        b.kind = BoundValue::Kind::boolean;
        b.integer = v.integer != 0 ? 1 : 0;
        break;
      default:
        b.kind = BoundValue::Kind::null;
        break;
    }
  }
  return out;
}

std::string literal(const BoundValue& v, std::string_view dialect) {
  switch (v.kind) {
    case BoundValue::Kind::null:
      return "NULL";
    case BoundValue::Kind::integer:
      return std::to_string(v.integer);
    case BoundValue::Kind::boolean:
      return dialect == "postgresql" ? (v.integer != 0 ? "TRUE" : "FALSE") : (v.integer != 0 ? "1" : "0");
    case BoundValue::Kind::real: {
      char buffer[64];
      const auto end = std::to_chars(buffer, buffer + sizeof buffer, v.real).ptr;
      return std::string(buffer, end);
    }
    case BoundValue::Kind::text: {
      std::string out = "'";
      for (char c : v.text) {
        out += c;
        if (c == '\'') {
          out += '\'';
        }
      }
      return out + "'";
    }
  }
  return "NULL";
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_'; }

}  // namespace

std::string inline_parameters(std::string_view sql, const std::vector<BoundValue>& params,
                              std::string_view dialect) {
  std::string out;
  std::size_t next_anonymous = 1;
  const auto value = [&](std::size_t n) {
    if (n == 0 || n > params.size()) {
      throw CommandError("the statement uses parameter " + std::to_string(n) + " but " +
                         std::to_string(params.size()) + " value(s) were given: " + std::string(sql));
    }
    return literal(params[n - 1], dialect);
  };
  std::size_t i = 0;
  while (i < sql.size()) {
    const char c = sql[i];
    const auto copy_until = [&](std::string_view end, std::size_t from) {
      const std::size_t stop = sql.find(end, from);
      const std::size_t to = stop == std::string_view::npos ? sql.size() : stop + end.size();
      out.append(sql.substr(i, to - i));
      i = to;
    };
    if (c == '\'' || c == '"') {
      std::size_t j = i + 1;
      while (j < sql.size()) {
        if (sql[j] == c) {
          if (j + 1 < sql.size() && sql[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      const std::size_t to = std::min(sql.size(), j + 1);
      out.append(sql.substr(i, to - i));
      i = to;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      copy_until("\n", i);
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      copy_until("*/", i + 2);
    } else if (c == '$' && i + 1 < sql.size() && is_digit(sql[i + 1])) {
      std::size_t j = i + 1;
      while (j < sql.size() && is_digit(sql[j])) {
        ++j;
      }
      out += value(std::stoul(std::string(sql.substr(i + 1, j - i - 1))));
      i = j;
    } else if (c == '$' && dialect == "postgresql" &&
               (i + 1 < sql.size() && (sql[i + 1] == '$' || is_ident_start(sql[i + 1])))) {
      std::size_t j = i + 1;
      while (j < sql.size() && (is_ident_start(sql[j]) || is_digit(sql[j]))) {
        ++j;
      }
      if (j < sql.size() && sql[j] == '$') {
        const std::string_view tag = sql.substr(i, j - i + 1);  // $tag$
        copy_until(tag, j + 1);
      } else {
        out.append(sql.substr(i, j - i));
        i = j;
      }
    } else if (c == '?' && dialect != "postgresql") {
      std::size_t j = i + 1;
      while (j < sql.size() && is_digit(sql[j])) {
        ++j;
      }
      const std::size_t n = j > i + 1 ? std::stoul(std::string(sql.substr(i + 1, j - i - 1))) : next_anonymous;
      next_anonymous = n + 1;
      out += value(n);
      i = j;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

MigrationHost::MigrationHost(Backend& backend, std::string revision,
                             const std::vector<std::pair<std::string, std::string>>& args, Log log)
    : m_backend(&backend), m_dialect(backend.dialect()), m_revision(std::move(revision)), m_log(std::move(log)) {
  init(args);
}

MigrationHost::MigrationHost(std::string dialect, std::string revision,
                             const std::vector<std::pair<std::string, std::string>>& args, Log log)
    : m_dialect(std::move(dialect)), m_revision(std::move(revision)), m_log(std::move(log)) {
  init(args);
}

void MigrationHost::init(const std::vector<std::pair<std::string, std::string>>& args) {
  for (const auto& [k, v] : args) {
    m_keys.push_back(k);
    m_values.push_back(v);
  }
  for (std::size_t i = 0; i < m_keys.size(); ++i) {
    m_key_ptrs.push_back(m_keys[i].c_str());
    m_value_ptrs.push_back(m_values[i].c_str());
  }
  m_host.abi = RETORT_MIGRATION_ABI;
  m_host.self = this;
  m_host.backend = m_dialect.c_str();
  m_host.revision = m_revision.c_str();
  m_host.offline = m_backend == nullptr ? 1 : 0;
  m_host.arg_count = m_keys.size();
  m_host.arg_keys = m_key_ptrs.data();
  m_host.arg_values = m_value_ptrs.data();
  m_host.execute = &c_execute;
  m_host.query = &c_query;
  m_host.error = &c_error;
  m_host.log = &c_log;
  m_host.fail = &c_fail;
}

int MigrationHost::fail_with(const Error& e, std::string_view statement) {
  m_error = e.what();
  m_failed_statement = std::string(statement);
  if (const auto* sql = dynamic_cast<const SqlError*>(&e)) {
    m_sql_error = *sql;
  } else {
    m_sql_error.reset();
  }
  return 1;
}

int MigrationHost::c_execute(void* self, const char* sql, size_t size, const retort_value_v1* params,
                             size_t count, long long* affected) {
  auto& host = *static_cast<MigrationHost*>(self);
  const std::string text(sql, size);
  try {
    const auto values = bound(params, count);
    if (host.m_backend == nullptr) {
      host.m_recorded.push_back(count == 0 ? text : inline_parameters(text, values, host.m_dialect));
      *affected = 0;
      return 0;
    }
    *affected = count == 0 ? host.m_backend->execute(text) : host.m_backend->execute(text, values);
    return 0;
  } catch (const Error& e) {
    return host.fail_with(e, text);
  } catch (const std::exception& e) {
    return host.fail_with(Error(e.what()), text);
  }
}

int MigrationHost::c_query(void* self, const char* sql, size_t size, const retort_value_v1* params,
                           size_t count, const retort_sink_v1* sink) {
  auto& host = *static_cast<MigrationHost*>(self);
  const std::string text(sql, size);
  try {
    if (host.m_backend == nullptr) {
      throw CommandError("ctx.query() needs a live database, and --sql renders a script without one; "
                         "run this migration online, or guard the query with ctx.offline()");
    }
    const QueryResult result = host.m_backend->query(text, bound(params, count));
    for (const auto& column : result.columns) {
      sink->column(sink->self, column.c_str(), column.size());
    }
    for (const auto& v : result.values) {
      sink->value(sink->self, v ? v->data() : nullptr, v ? v->size() : 0, v ? 0 : 1);
    }
    return 0;
  } catch (const Error& e) {
    return host.fail_with(e, text);
  } catch (const std::exception& e) {
    return host.fail_with(Error(e.what()), text);
  }
}

const char* MigrationHost::c_error(void* self) { return static_cast<MigrationHost*>(self)->m_error.c_str(); }

void MigrationHost::c_log(void* self, int level, const char* message, size_t size) {
  auto& host = *static_cast<MigrationHost*>(self);
  if (host.m_log) {
    try {
      host.m_log(level, std::string_view(message, size));
    } catch (...) {
      // A logger must not break the migration.
    }
  }
}

void MigrationHost::c_fail(void* self, const char* message, size_t size) {
  static_cast<MigrationHost*>(self)->m_exception.assign(message, size);
}

}  // namespace retort::detail
