#include "pg/postgres_backend.hpp"

#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include <pqxx/pqxx>

#include <retort/config.hpp>

#include "util/sql_split.hpp"
#include "util/strings.hpp"

namespace retort::pg {
namespace {

using Clock = std::chrono::steady_clock;

std::string trim(std::string_view s) {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b])) != 0) {
    ++b;
  }
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])) != 0) {
    --e;
  }
  return std::string(s.substr(b, e - b));
}

// libpq's multi-line connection errors on one line: "...failed: No such file
// or directory; Is the server running locally ...?".
std::string one_line(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      nl = text.size();
    }
    const std::string line = trim(text.substr(pos, nl - pos));
    if (!line.empty()) {
      if (!out.empty()) {
        out += "; ";
      }
      out += line;
    }
    pos = nl + 1;
  }
  return out;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && util::hex_digit(s[i + 1]) >= 0 &&
        util::hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(util::hex_digit(s[i + 1]) * 16 + util::hex_digit(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// The password(s) a URL carries (userinfo and password= parameters), raw
// and decoded, so they can be scrubbed from any text libpq echoes.
std::vector<std::string> secrets_in(std::string_view url) {
  std::vector<std::string> raw;
  if (const std::size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    const std::size_t start = scheme + 3;
    const std::size_t query = url.find('?', start);
    const std::size_t at = url.rfind('@', query == std::string_view::npos ? url.size() : query);
    if (at != std::string_view::npos && at > start) {
      const std::size_t colon = url.find(':', start);
      if (colon != std::string_view::npos && colon < at) {
        raw.emplace_back(url.substr(colon + 1, at - colon - 1));
      }
    }
  }
  std::string lower(url);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::size_t pos = lower.find("password="); pos != std::string::npos;
       pos = lower.find("password=", pos + 1)) {
    const std::size_t begin = pos + 9;
    const std::size_t end = url.find_first_of("&# ", begin);
    raw.emplace_back(url.substr(begin, end == std::string_view::npos ? url.npos : end - begin));
  }
  std::vector<std::string> out;
  for (const auto& r : raw) {
    out.push_back(r);
    out.push_back(percent_decode(r));
  }
  // Longest first, so a decoded secret never leaves part of a raw one.
  std::sort(out.begin(), out.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return out;
}

std::string scrub(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.size() < 3) {
      continue;  // too short to tell apart from ordinary text
    }
    for (std::size_t pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + 3)) {
      text.replace(pos, secret.size(), "***");
    }
  }
  return text;
}

std::string with_fallback_application_name(std::string uri) {
  uri += uri.find('?') == std::string::npos ? '?' : '&';
  uri += "fallback_application_name=retort";
  return uri;
}

// The byte offset of the 1-based character `position` PostgreSQL reports.
std::size_t byte_offset_of_char(std::string_view text, int position) {
  int chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) != 0x80U) {
      if (++chars == position) {
        return i;
      }
    }
  }
  return text.size();
}

class PostgresBackend final : public Backend {
 public:
  PostgresBackend(std::string_view url, const ConnectOptions& options)
      : m_masked_url(mask_url(url)),
        m_lock_key(advisory_lock_key(options.version_table)) {
    const auto secrets = secrets_in(url);
    try {
      m_conn = std::make_unique<pqxx::connection>(with_fallback_application_name(libpq_uri(url)));
      m_quiet = std::make_unique<pqxx::quiet_errorhandler>(*m_conn);
      // A lost connection must stay lost: a silent reconnect would drop the
      // run lock and the transaction while the run carries on.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
      m_conn->inhibit_reactivation(true);
#pragma GCC diagnostic pop
    } catch (const pqxx::pqxx_exception& e) {
      throw DatabaseError(scrub("could not connect to '" + m_masked_url +
                                    "': " + one_line(e.base().what()),
                                secrets));
    }
    if (options.lock_timeout_ms) {
      exec("SET lock_timeout = " + std::to_string(std::max(0, *options.lock_timeout_ms)));
    }
    if (options.statement_timeout_ms) {
      exec("SET statement_timeout = " +
           std::to_string(std::max(0, *options.statement_timeout_ms)));
    }
  }

  PostgresBackend(const PostgresBackend&) = delete;
  PostgresBackend& operator=(const PostgresBackend&) = delete;

  ~PostgresBackend() override {
    // Closing the session rolls back an open transaction and releases the
    // advisory lock; the handler must go before the connection it is
    // registered with.
    m_quiet.reset();
    if (m_conn) {
      m_conn->disconnect();
    }
  }

  std::string_view dialect() const override { return "postgresql"; }
  bool transactional_ddl() const override { return true; }

  std::string database_name() override {
    if (m_database.empty()) {
      m_database = exec("SELECT current_database()").at(0).at(0).as<std::string>();
    }
    return m_database;
  }

  void acquire_lock(std::optional<std::chrono::milliseconds> timeout) override {
    if (m_lock_held) {
      return;
    }
    // Polling pg_try_advisory_lock rather than waiting in pg_advisory_lock
    // keeps the session's lock_timeout / statement_timeout (meant for the
    // migrations) from cutting the wait short.
    const std::string sql = "SELECT pg_try_advisory_lock(" + std::to_string(m_lock_key) + ")";
    const auto start = Clock::now();
    auto pause = std::chrono::milliseconds(10);
    for (;;) {
      if (exec(sql).at(0).at(0).as<bool>()) {
        m_lock_held = true;
        return;
      }
      const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
      if (timeout && waited >= *timeout) {
        throw DatabaseError("timed out after " + std::to_string(timeout->count()) +
                            "ms waiting for another retort run to release the migration lock "
                            "on '" +
                            database_name() + "'; retry, or raise --lock-timeout");
      }
      auto sleep = pause;
      if (timeout) {
        sleep = std::min(sleep, *timeout - waited);
      }
      std::this_thread::sleep_for(sleep);
      pause = std::min(pause * 2, std::chrono::milliseconds(200));
    }
  }

  void release_lock() override {
    if (!m_lock_held) {
      return;
    }
    m_lock_held = false;
    exec("SELECT pg_advisory_unlock(" + std::to_string(m_lock_key) + ")");
  }

  void begin() override {
    if (m_in_transaction) {
      throw DatabaseError("cannot begin a transaction on '" + m_masked_url +
                          "': one is already open; commit or roll it back first");
    }
    exec("BEGIN");
    m_in_transaction = true;
    m_failed_in_transaction = false;
  }

  void commit() override {
    // COMMIT of a transaction an earlier error aborted quietly answers
    // ROLLBACK (libpqxx 6.4 hides the command tag), so ask first, but only
    // when a statement in it failed: a transaction is aborted only by an
    // error its client was sent, and one a savepoint undid leaves it usable.
    if (m_failed_in_transaction) {
      try {
        exec("SELECT 1");
      } catch (const SqlError& e) {
        if (e.sqlstate() != "25P02") {
          throw;
        }
        rollback();
        throw DatabaseError(
            "the transaction was rolled back, not committed, because a statement in it failed",
            e.sqlstate());
      }
    }
    m_in_transaction = false;
    exec("COMMIT");
  }

  void rollback() override {
    if (!m_in_transaction) {
      return;
    }
    m_in_transaction = false;
    if (!m_conn->is_open()) {
      return;  // the server ended the session, and the transaction with it
    }
    exec("ROLLBACK");
  }

  bool in_transaction() const override { return m_in_transaction; }

  void execute_script(const std::string& sql) override {
    for (const auto& statement : util::split_sql(sql, util::SqlDialect::postgresql)) {
      refuse_psql_only(statement.text, statement.offset);
      exec(std::string(statement.text), statement.offset);
    }
  }

  long long execute(const std::string& sql) override {
    for (const auto& statement : util::split_sql(sql, util::SqlDialect::postgresql)) {
      refuse_psql_only(statement.text, statement.offset);
    }
    return static_cast<long long>(exec(sql).affected_rows());
  }

  long long execute(const std::string& sql, const std::vector<BoundValue>& params) override {
    return static_cast<long long>(exec_bound(sql, params).affected_rows());
  }

  QueryResult query(const std::string& sql, const std::vector<BoundValue>& params) override {
    if (params.empty()) {
      for (const auto& statement : util::split_sql(sql, util::SqlDialect::postgresql)) {
        refuse_psql_only(statement.text, statement.offset);
      }
    }
    const pqxx::result r = params.empty() ? exec(sql) : exec_bound(sql, params);
    QueryResult out;
    const auto columns = static_cast<std::size_t>(r.columns());
    for (std::size_t c = 0; c < columns; ++c) {
      out.columns.emplace_back(r.column_name(static_cast<pqxx::row::size_type>(c)));
    }
    out.values.reserve(columns * r.size());
    for (const auto& row : r) {
      for (const auto& field : row) {
        out.values.push_back(field.is_null() ? std::nullopt
                                             : std::optional<std::string>(std::in_place, field.c_str(),
                                                                          field.size()));
      }
    }
    return out;
  }

  bool version_table_exists(const VersionTable& table) override {
    return exec("SELECT to_regclass(" + m_conn->quote(table.qualified()) + ") IS NOT NULL")
        .at(0)
        .at(0)
        .as<bool>();
  }

  void create_version_table(const VersionTable& table) override { exec(table.create_sql()); }

  std::vector<std::string> read_versions(const VersionTable& table) override {
    std::vector<std::string> rows;
    if (!version_table_exists(table)) {
      return rows;
    }
    for (const auto& row : exec("SELECT version_num FROM " + table.qualified())) {
      rows.push_back(row[0].as<std::string>());
    }
    return rows;
  }

  void apply_version_change(const VersionTable& table, const VersionChange& change) override {
    table.check_matched(change, execute(table.render(change)));
  }


  void drop_everything(const VersionTable& table, DropCommits commits) override;

 private:
  // Runs one statement in autocommit mode (or in the transaction BEGIN
  // opened) and translates libpqxx's exceptions. `offset` is where the
  // statement starts in the caller's script.
  pqxx::result exec(const std::string& sql, std::size_t offset = 0) {
    return translating(sql, offset, [&](pqxx::nontransaction& tx) { return tx.exec(sql); });
  }

  // psql's own syntax, refused at its line before it is sent: a
  // meta-command, which the server would call a syntax error, and COPY ...
  // FROM STDIN, which waits for rows from the client (libpq ends that wait
  // with an error only when the next statement is sent).
  static void refuse_psql_only(std::string_view statement, std::size_t offset) {
    if (std::string meta = util::psql_meta_command_error(statement); !meta.empty()) {
      throw SqlError(meta, "", "", "", offset);
    }
    if (util::copies_from_stdin(statement)) {
      throw SqlError(
          "COPY ... FROM STDIN takes its rows from the client, and db does not send any: the "
          "lines after it, up to a line '\\.', are rows for psql, not SQL",
          "", "",
          "load the rows with INSERT ... VALUES, or with COPY ... FROM a file the database server "
          "can read",
          offset);
    }
  }

  // One statement with parameters, sent in text form (the server infers
  // their types, so '42' serves an integer column and a LIMIT).
  pqxx::result exec_bound(const std::string& sql, const std::vector<BoundValue>& params) {
    std::vector<std::string> text(params.size());
    std::vector<const char*> pointers(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const BoundValue& v = params[i];
      switch (v.kind) {
        case BoundValue::Kind::null:
          continue;
        case BoundValue::Kind::integer:
          text[i] = std::to_string(v.integer);
          break;
        case BoundValue::Kind::boolean:
          text[i] = v.integer != 0 ? "true" : "false";
          break;
        case BoundValue::Kind::real: {
          char buffer[64];
          const auto end = std::to_chars(buffer, buffer + sizeof buffer, v.real).ptr;
          text[i].assign(buffer, end);
          break;
        }
        case BoundValue::Kind::text:
          text[i] = std::string(v.text);
          break;
      }
      pointers[i] = text[i].c_str();
    }
    return translating(sql, 0, [&](pqxx::nontransaction& tx) {
      return tx.exec_params(sql, pqxx::prepare::make_dynamic_params(pointers));
    });
  }

  template <class Fn>
  pqxx::result translating(const std::string& sql, std::size_t offset, Fn&& fn) {
    try {
      return translated(sql, offset, fn);
    } catch (...) {
      m_failed_in_transaction = m_failed_in_transaction || m_in_transaction;
      throw;
    }
  }

  template <class Fn>
  pqxx::result translated(const std::string& sql, std::size_t offset, Fn& fn) {
    try {
      pqxx::nontransaction tx(*m_conn);
      return fn(tx);
    } catch (const pqxx::sql_error& e) {
      const ErrorText text = parse_error_text(e.what());
      std::optional<std::size_t> error_offset;
      if (const auto* syntax = dynamic_cast<const pqxx::syntax_error*>(&e);
          syntax != nullptr && syntax->error_position > 0) {
        error_offset = offset + byte_offset_of_char(sql, syntax->error_position);
      }
      throw SqlError(text.message.empty() ? one_line(e.what()) : text.message, e.sqlstate(),
                     text.detail, text.hint, offset, error_offset);
    } catch (const pqxx::broken_connection& e) {
      // libpq's reasons are worth showing; libpqxx's own ("Could not obtain
      // client encoding: not connected.") are not.
      std::string reason = one_line(e.what());
      if (reason.rfind("Could not ", 0) == 0 || reason.rfind("Connection to database", 0) == 0) {
        reason.clear();
      }
      throw DatabaseError("lost the connection to '" + m_masked_url + "'" +
                          (reason.empty() ? "" : ": " + reason) +
                          "; the server may have restarted or ended the session");
    } catch (const pqxx::in_doubt_error& e) {
      throw DatabaseError("lost the connection to '" + m_masked_url +
                          "' while committing; check whether the changes were applied: " +
                          one_line(e.what()));
    } catch (const pqxx::pqxx_exception& e) {
      throw DatabaseError("'" + m_masked_url + "': " + one_line(e.base().what()));
    }
  }

  std::vector<std::string> column(const std::string& sql) {
    std::vector<std::string> out;
    for (const auto& row : exec(sql)) {
      out.push_back(row[0].as<std::string>());
    }
    return out;
  }

  std::string m_masked_url;
  long long m_lock_key = 0;
  std::unique_ptr<pqxx::connection> m_conn;
  std::unique_ptr<pqxx::quiet_errorhandler> m_quiet;
  bool m_in_transaction = false;
  bool m_failed_in_transaction = false;  // a statement failed since BEGIN
  bool m_lock_held = false;
  std::string m_database;
};

// Members of an extension go with their extension, and internal parts of
// another object (a range type's constructors, an identity column's
// sequence) with that object; neither can be dropped on its own. (A
// partitioned table depends internally on itself, through its key.)
constexpr std::string_view k_not_in_extension =
    " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '{catalog}'::regclass"
    " AND d.objid = {oid} AND d.deptype IN ('e', 'i')"
    " AND NOT (d.refclassid = '{catalog}'::regclass AND d.refobjid = {oid}))";

std::string not_in_extension(std::string_view catalog, std::string_view oid) {
  std::string s(k_not_in_extension);
  for (std::size_t at = s.find("{catalog}"); at != std::string::npos; at = s.find("{catalog}")) {
    s.replace(at, 9, catalog);
  }
  for (std::size_t at = s.find("{oid}"); at != std::string::npos; at = s.find("{oid}")) {
    s.replace(at, 5, oid);
  }
  return s;
}

constexpr std::string_view k_user_schema =
    "n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'";

// What it drops, in this order, each list read just before its drops (so
// CASCADE effects never leave a stale name):
//  1. extensions installed in a user schema, whose owner the current role
//     has (or is a member of: a superuser has every role);
//  2. every user schema such a role owns, except public and the version
//     table's own schema, with CASCADE;
//  3. in the remaining user schemas, the objects such a role owns: views,
//     materialized views, tables (incl. partitioned and foreign), sequences,
//     functions / procedures / aggregates, and enum, range, composite and
//     domain types; and the version table itself.
// User schemas are all but pg_catalog, information_schema and pg_* (toast,
// temp). Other objects (collations, operators, text-search objects) and
// cluster-wide ones (roles, foreign servers, publications) are left alone.
// Up to 64 objects of a kind go in one DROP statement. `once`: all in one
// transaction. `in_parts`: each DROP statement commits, and the schemas of
// step 2 go last, after their objects, so that no one DROP SCHEMA ...
// CASCADE takes the locks of thousands of objects at once.
void PostgresBackend::drop_everything(const VersionTable& table, DropCommits commits) {
  constexpr std::size_t k_names_per_drop = 64;
  const bool own_transaction = !m_in_transaction;
  const bool in_parts = commits == DropCommits::in_parts && own_transaction;
  if (own_transaction) {
    begin();
  }
  const auto abandon = [&] {
    if (own_transaction) {
      try {
        rollback();
      } catch (const Error&) {
        // The first error is the one worth reporting.
      }
    }
  };
  // DROP <what> IF EXISTS a, b, ... CASCADE, up to 64 names a statement
  // (IF EXISTS: CASCADE may have taken some already); in parts, each
  // statement commits.
  const auto drop = [&](std::string_view what, const std::vector<std::string>& names) {
    for (std::size_t i = 0; i < names.size(); i += k_names_per_drop) {
      std::string sql = "DROP " + std::string(what) + " IF EXISTS ";
      for (std::size_t j = i; j < std::min(names.size(), i + k_names_per_drop); ++j) {
        sql += (j == i ? "" : ", ") + names[j];
      }
      exec(sql + " CASCADE");
      if (in_parts) {
        commit();
        begin();
      }
    }
  };
  const std::string keep_schema = table.schema.empty() ? std::string("public") : std::string(table.schema);
  const auto drop_schemas = [&] {
    drop("SCHEMA", column("SELECT quote_ident(n.nspname) FROM pg_namespace n WHERE " + std::string(k_user_schema) +
                          " AND n.nspname NOT IN ('public', " + m_conn->quote(keep_schema) +
                          ") AND pg_has_role(n.nspowner, 'USAGE')" +
                          not_in_extension("pg_namespace", "n.oid") + " ORDER BY n.nspname"));
  };
  try {
    drop("EXTENSION", column("SELECT quote_ident(e.extname) FROM pg_extension e JOIN pg_namespace n ON n.oid = "
                             "e.extnamespace WHERE " +
                             std::string(k_user_schema) + " AND pg_has_role(e.extowner, 'USAGE') ORDER BY e.extname"));
    if (!in_parts) {
      drop_schemas();
    }
    drop("TABLE", {table.qualified()});

    const std::string relations =
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c JOIN "
        "pg_namespace n ON n.oid = c.relnamespace WHERE " +
        std::string(k_user_schema) + " AND pg_has_role(c.relowner, 'USAGE')" +
        not_in_extension("pg_class", "c.oid") + " AND c.relkind IN ";
    const auto drop_relations = [&](std::string_view kinds, std::string_view what) {
      drop(what, column(relations + std::string(kinds) + " ORDER BY 1"));
    };
    drop_relations("('m')", "MATERIALIZED VIEW");
    drop_relations("('v')", "VIEW");
    drop_relations("('f')", "FOREIGN TABLE");
    drop_relations("('r', 'p')", "TABLE");
    drop_relations("('S')", "SEQUENCE");

    drop("ROUTINE", column("SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = "
                           "p.pronamespace WHERE " +
                           std::string(k_user_schema) + " AND pg_has_role(p.proowner, 'USAGE')" +
                           not_in_extension("pg_proc", "p.oid") + " ORDER BY 1"));

    const std::string types =
        "SELECT quote_ident(n.nspname) || '.' || quote_ident(t.typname) FROM pg_type t JOIN "
        "pg_namespace n ON n.oid = t.typnamespace WHERE " +
        std::string(k_user_schema) + " AND pg_has_role(t.typowner, 'USAGE')" +
        not_in_extension("pg_type", "t.oid");
    drop("DOMAIN", column(types + " AND t.typtype = 'd' ORDER BY 1"));
    drop("TYPE", column(types +
                        " AND (t.typtype IN ('e', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM "
                        "pg_class c WHERE c.oid = t.typrelid) = 'c')) ORDER BY 1"));
    if (in_parts) {
      drop_schemas();
    }
    if (own_transaction) {
      commit();
    }
  } catch (const DatabaseError& e) {
    abandon();
    // libpqxx 6.4 does not always carry the SQLSTATE; the message is the
    // other clue.
    if (!in_parts && (e.sqlstate() == "53200" || std::string_view(e.what()).find("out of shared memory") !=
                                                      std::string_view::npos)) {
      throw DatabaseError(
          "cannot drop everything in '" + m_masked_url +
              "' in one transaction: it locks each table, index, sequence, type and constraint it drops "
              "until the end, and this database has more than the server's lock table holds (out of "
              "shared memory, SQLSTATE 53200); nothing was dropped. Raise max_locks_per_transaction (the "
              "server needs a restart) and run this again, or drop and create the database, then run "
              "'db push'",
          "53200");
    }
    throw;
  } catch (...) {
    abandon();
    throw;
  }
}

}  // namespace

std::string libpq_uri(std::string_view url) {
  const std::size_t sep = url.find("://");
  if (sep == std::string_view::npos) {
    return std::string(url);
  }
  std::string scheme(url.substr(0, std::min(sep, url.substr(0, sep).find('+'))));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return scheme + std::string(url.substr(sep));
}

ErrorText parse_error_text(std::string_view text) {
  ErrorText out;
  std::string* field = &out.message;
  std::string ignored;
  bool first = true;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      nl = text.size();
    }
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    const auto take = [&](std::string_view tag, std::string* into) {
      if (line.substr(0, tag.size()) == tag) {
        field = into;
        line.remove_prefix(tag.size());
        while (!line.empty() && line.front() == ' ') {
          line.remove_prefix(1);
        }
        return true;
      }
      return false;
    };
    bool tagged = false;
    if (first) {
      for (std::string_view severity : {"ERROR:", "FATAL:", "PANIC:", "WARNING:", "NOTICE:"}) {
        if (take(severity, &out.message)) {
          tagged = true;
          break;
        }
      }
    }
    first = false;
    tagged = tagged || take("DETAIL:", &out.detail) || take("HINT:", &out.hint) ||
             take("CONTEXT:", &out.context) || take("QUERY:", &ignored) ||
             take("LOCATION:", &ignored);
    if (!tagged && line.substr(0, 5) == "LINE " && line.find(':') != std::string_view::npos) {
      field = &ignored;  // "LINE 1: SELEC 1" and the caret line under it
      continue;
    }
    if (field == &ignored) {
      continue;
    }
    if (!tagged && !field->empty()) {
      *field += '\n';
    }
    *field += line;
  }
  for (std::string* f : {&out.message, &out.detail, &out.hint, &out.context}) {
    *f = trim(*f);
  }
  return out;
}

long long advisory_lock_key(const VersionTable& table) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : "retort:" + table.qualified()) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return std::bit_cast<std::int64_t>(hash);
}

std::unique_ptr<Backend> connect_postgres(std::string_view url, const ConnectOptions& options) {
  return std::make_unique<PostgresBackend>(url, options);
}

}  // namespace retort::pg
