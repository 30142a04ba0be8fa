#include "pg/snapshot.hpp"

#include <algorithm>
#include <future>
#include <map>
#include <memory>
#include <string>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include <retort/config.hpp>
#include <retort/error.hpp>

#include "pg/postgres_backend.hpp"
#include "pg/snapshot_queries.hpp"
#include "util/strings.hpp"

namespace retort::pg {

namespace {

using autogen::Catalog;
using autogen::Column;
using autogen::Constraint;
using autogen::ConstraintKind;
using autogen::Identity;
using autogen::QualifiedName;

std::string text_array_literal(pqxx::transaction_base& tx, const std::vector<std::string>& items) {
  std::string out = "ARRAY[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    out += (i ? ", " : "") + tx.quote(items[i]);
  }
  return out + "]::text[]";
}

std::string str(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }

ConstraintKind constraint_kind(char c) {
  switch (c) {
    case 'p':
      return ConstraintKind::primary_key;
    case 'u':
      return ConstraintKind::unique;
    case 'f':
      return ConstraintKind::foreign_key;
    case 'x':
      return ConstraintKind::exclusion;
    default:
      return ConstraintKind::check;
  }
}

std::string fk_action(char c) {
  switch (c) {
    case 'r':
      return "RESTRICT";
    case 'c':
      return "CASCADE";
    case 'n':
      return "SET NULL";
    case 'd':
      return "SET DEFAULT";
    default:
      return "NO ACTION";
  }
}

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  while (!text.empty() && (text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

// The userinfo password of a URL, to keep it out of messages libpq echoes.
std::string password_of(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    return {};
  }
  const std::size_t start = scheme + 3;
  const std::size_t end = url.find_first_of("/?", start);
  const std::string_view authority = url.substr(start, end == std::string_view::npos ? url.npos : end - start);
  const std::size_t at = authority.rfind('@');
  if (at == std::string_view::npos) {
    return {};
  }
  const std::size_t colon = authority.find(':');
  if (colon == std::string_view::npos || colon > at) {
    return {};
  }
  return std::string(authority.substr(colon + 1, at - colon - 1));
}

std::string scrubbed(std::string text, const std::string& secret) {
  if (secret.size() < 3) {
    return text;
  }
  for (std::size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
    text.replace(pos, secret.size(), "***");
  }
  return text;
}

void run(pqxx::transaction_base& tx, const std::vector<Query>& queries, Rows& rows) {
  for (const auto& q : queries) {
    rows.*q.into = tx.exec(q.sql);
  }
}

// Builds the catalog from the rows.
class Reader {
 public:
  Reader(const Rows& rows, std::string default_schema) : m_rows(rows) {
    m_catalog.default_schema = std::move(default_schema);
  }

  Catalog read() {
    schemas_and_extensions();
    enums();
    domains();
    relations();
    columns();
    sequences();
    constraints();
    indexes();
    view_dependencies();
    others();
    grants();
    for (auto& [oid, table] : m_tables) {
      m_catalog.tables.push_back(std::move(table));
    }
    for (auto& [oid, view] : m_views) {
      m_catalog.views.push_back(std::move(view));
    }
    autogen::normalize(m_catalog);
    return std::move(m_catalog);
  }

 private:
  // A string literal as pg_get_expr() writes one (quotes doubled).
  static std::string quote_literal(const std::string& text) { return util::quoted(text, '\''); }

  void others() {
    for (const auto& row : m_rows.others) {
      m_catalog.others.push_back({str(row[0]), {str(row[1]), str(row[2])}, {str(row[3]), str(row[4])},
                                  str(row[5])});
    }
  }

  void schemas_and_extensions() {
    for (const auto& row : m_rows.schemas) {
      m_catalog.schemas.push_back(str(row[0]));
    }
    for (const auto& row : m_rows.extensions) {
      m_catalog.extensions.push_back({str(row[0]), str(row[1])});
    }
  }

  void enums() {
    const pqxx::result& rows = m_rows.enums;
    for (const auto& row : rows) {
      QualifiedName name{str(row[0]), str(row[1])};
      if (m_catalog.enums.empty() || m_catalog.enums.back().name != name) {
        m_catalog.enums.push_back({name, {}});
      }
      if (!row[2].is_null()) {
        m_catalog.enums.back().values.push_back(str(row[2]));
      }
    }
  }

  void domains() {
    for (const auto& row : m_rows.domains) {
      autogen::Domain d;
      d.name = {str(row[0]), str(row[1])};
      d.base_type = str(row[2]);
      d.not_null = row[3].as<bool>();
      d.default_expr = str(row[4]);
      d.collation = str(row[5]);
      const auto names = parse_text_array(str(row[6]));
      const auto definitions = parse_text_array(str(row[7]));
      d.over_domain = row[8].as<bool>();
      for (std::size_t i = 0; i < names.size() && i < definitions.size(); ++i) {
        Constraint c;
        c.name = names[i];
        c.kind = ConstraintKind::check;
        c.definition = definitions[i];
        d.constraints.push_back(std::move(c));
      }
      m_catalog.domains.push_back(std::move(d));
    }
  }

  void relations() {
    const pqxx::result& rows = m_rows.relations;
    for (const auto& row : rows) {
      const long long oid = row[0].as<long long>();
      QualifiedName name{str(row[1]), str(row[2])};
      if (str(row[3]) == "v" || str(row[3]) == "m") {
        std::string def = str(row[5]);
        while (!def.empty() && (def.back() == ';' || def.back() == ' ' || def.back() == '\n')) {
          def.pop_back();
        }
        autogen::View v;
        v.name = std::move(name);
        v.definition = std::move(def);
        v.comment = str(row[4]);
        v.materialized = str(row[3]) == "m";
        v.options = parse_text_array(str(row[7]));
        m_views.emplace(oid, std::move(v));
      } else {
        autogen::Table t;
        t.name = std::move(name);
        t.comment = str(row[4]);
        t.unlogged = row[6].as<bool>();
        t.options = parse_text_array(str(row[7]));
        t.partition_by = str(row[8]);
        t.partition_of = {str(row[9]), str(row[10])};
        t.partition_bound = str(row[11]);
        m_tables.emplace(oid, std::move(t));
      }
    }
  }

  // The columns, in each table's column order; their names by number for
  // names_of().
  void columns() {
    const pqxx::result& rows = m_rows.columns;
    struct Key {
      long long relid;
      int attnum;
      pqxx::result::size_type row;
    };
    std::vector<Key> order;
    order.reserve(static_cast<std::size_t>(rows.size()));
    for (pqxx::result::size_type r = 0; r < rows.size(); ++r) {
      order.push_back({rows[r][0].as<long long>(), rows[r][13].as<int>(), r});
    }
    std::sort(order.begin(), order.end(), [](const Key& a, const Key& b) {
      return a.relid != b.relid ? a.relid < b.relid : a.attnum < b.attnum;
    });
    for (const Key& key : order) {
      const pqxx::row row = rows[key.row];
      auto& names = m_column_names[key.relid];
      names.resize(std::max(names.size(), static_cast<std::size_t>(key.attnum) + 1));
      names[static_cast<std::size_t>(key.attnum)] = str(row[1]);
      auto it = m_tables.find(key.relid);
      if (it == m_tables.end()) {
        continue;
      }
      Column c;
      c.name = str(row[1]);
      c.type = str(row[2]);
      c.nullable = !row[3].as<bool>();
      const std::string expr = str(row[4]);
      const std::string identity = str(row[5]);
      const std::string generated = str(row[6]);
      if (generated == "s") {
        c.generated = expr;
      } else {
        c.default_expr = expr;
      }
      c.identity = identity == "a" ? Identity::always : identity == "d" ? Identity::by_default : Identity::none;
      c.collation = str(row[7]);
      c.comment = str(row[8]);
      c.base_type = {str(row[9]), str(row[10])};
      c.base_is_enum = row[11].as<bool>();
      c.is_array = row[12].as<bool>();
      it->second.columns.push_back(std::move(c));
    }
  }

  // The names of the columns a key lists: `names` (a text array) where the
  // query gave them, else the numbers in `numbers` ("{1,3}" or "1 3") of
  // relation `relid`, named from the columns rows. An expression's 0 names
  // none.
  std::vector<std::string> names_of(const pqxx::field& names, const pqxx::field& numbers, long long relid) const {
    if (!names.is_null()) {
      return parse_text_array(str(names));
    }
    std::vector<std::string> out;
    if (numbers.is_null()) {
      return out;
    }
    const auto found = m_column_names.find(relid);
    const std::string text = str(numbers);
    for (std::size_t i = text.find_first_of("0123456789"); i != std::string::npos;
         i = text.find_first_of("0123456789", i)) {
      std::size_t end = text.find_first_not_of("0123456789", i);
      const auto attnum = static_cast<std::size_t>(std::stoul(text.substr(i, end - i)));
      if (found != m_column_names.end() && attnum > 0 && attnum < found->second.size() &&
          !found->second[attnum].empty()) {
        out.push_back(found->second[attnum]);
      }
      i = end;
    }
    return out;
  }

  void sequences() {
    const pqxx::result& rows = m_rows.sequences;
    for (const auto& row : rows) {
      const std::string deptype = str(row[9]);
      autogen::Sequence s;
      s.name = {str(row[0]), str(row[1])};
      s.type = str(row[2]);
      s.start = row[3].as<long long>();
      s.increment = row[4].as<long long>();
      s.min = row[5].as<long long>();
      s.max = row[6].as<long long>();
      s.cache = row[7].as<long long>();
      s.cycle = row[8].as<bool>();
      if (deptype == "i") {
        // An identity column's own sequence: its options belong to the column.
        auto it = m_tables.find(row[10].as<long long>());
        if (it != m_tables.end()) {
          for (auto& col : it->second.columns) {
            if (col.name == str(row[13])) {
              col.identity_sequence = s;
            }
          }
        }
        continue;
      }
      if (deptype == "a") {
        // Owned by a column: a serial column when that column's default
        // takes its numbers from it.
        auto it = m_tables.find(row[10].as<long long>());
        if (it != m_tables.end()) {
          const std::string nextval = "nextval(" + quote_literal(str(row[12])) + "::regclass)";
          for (auto& col : it->second.columns) {
            if (col.name == str(row[13]) && col.default_expr == nextval) {
              col.serial = true;
              col.serial_sequence = str(row[1]);
              col.serial_options = s;
              col.default_expr.clear();
            }
          }
          bool owned = false;
          for (const auto& col : it->second.columns) {
            owned = owned || (col.serial && col.serial_sequence == str(row[1]));
          }
          if (owned) {
            continue;
          }
          s.owner_table = it->second.name;  // OWNED BY a column that is not serial
          s.owner_column = str(row[13]);
        }
      }
      m_catalog.sequences.push_back(std::move(s));
    }
  }

  void constraints() {
    const pqxx::result& rows = m_rows.constraints;
    for (const auto& row : rows) {
      auto it = m_tables.find(row[0].as<long long>());
      if (it == m_tables.end()) {
        continue;
      }
      Constraint c;
      c.name = str(row[1]);
      c.kind = constraint_kind(str(row[2]).front());
      c.definition = str(row[3]);
      c.deferrable = row[4].as<bool>();
      c.initially_deferred = row[5].as<bool>();
      c.columns = names_of(row[8], row[12], it->first);
      if (c.kind == ConstraintKind::foreign_key) {
        c.on_update = fk_action(str(row[6]).front());
        c.on_delete = fk_action(str(row[7]).front());
        c.ref_table = {str(row[9]), str(row[10])};
        c.ref_columns = names_of(row[11], row[13], row[14].as<long long>());
      }
      it->second.constraints.push_back(std::move(c));
    }
  }

  void indexes() {
    const pqxx::result& rows = m_rows.indexes;
    for (const auto& row : rows) {
      const long long oid = row[0].as<long long>();
      auto table = m_tables.find(oid);
      auto view = m_views.find(oid);
      if (table == m_tables.end() && (view == m_views.end() || !view->second.materialized)) {
        continue;
      }
      autogen::Index index;
      index.name = str(row[1]);
      index.unique = row[2].as<bool>();
      index.method = str(row[3]);
      const std::string def = str(row[4]);
      const std::string marker = " USING " + index.method + " ";
      const std::size_t at = def.find(marker);
      index.body = at == std::string::npos ? def : def.substr(at + marker.size());
      index.columns = names_of(row[5], row[6], oid);
      (table != m_tables.end() ? table->second.indexes : view->second.indexes).push_back(std::move(index));
    }
  }

  // Privileges on views and routines, kept with them (not compared).
  void grants() {
    for (const auto& row : m_rows.grants) {
      const QualifiedName name{str(row[1]), str(row[2])};
      const std::string how = str(row[5]);
      autogen::Grant grant{str(row[3]), str(row[4]), how == "grant option", how == "revoke"};
      if (str(row[0]) == "view") {
        for (auto& [oid, view] : m_views) {
          if (view.name == name) {
            view.grants.push_back(grant);
          }
        }
        continue;
      }
      for (auto& o : m_catalog.others) {
        if (o.name == name && o.table.name.empty() &&
            (o.kind == "function" || o.kind == "procedure" || o.kind == "aggregate")) {
          o.grants.push_back(grant);
        }
      }
    }
  }

  void view_dependencies() {
    if (m_views.empty()) {
      return;
    }
    const pqxx::result& rows = m_rows.view_deps;
    for (const auto& row : rows) {
      auto it = m_views.find(row[0].as<long long>());
      if (it == m_views.end()) {
        continue;
      }
      const QualifiedName read{str(row[1]), str(row[2])};
      auto& depends_on = it->second.depends_on;
      if (depends_on.empty() || depends_on.back() != read) {
        depends_on.push_back(read);
      }
      if (!str(row[3]).empty()) {
        it->second.columns_read.emplace_back(read, str(row[3]));
      }
    }
  }

  const Rows& m_rows;
  Catalog m_catalog;
  std::map<long long, autogen::Table> m_tables;
  std::map<long long, autogen::View> m_views;
  // Column names by number (a dropped column's is empty) of the tables the
  // columns query read.
  std::unordered_map<long long, std::vector<std::string>> m_column_names;
};

}  // namespace

std::vector<std::string> parse_text_array(std::string_view text) {
  std::vector<std::string> out;
  if (text.size() < 2 || text.front() != '{') {
    return out;
  }
  std::size_t i = 1;
  while (i < text.size() && text[i] != '}') {
    std::string item;
    if (text[i] == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
          ++i;
        }
        item += text[i];
      }
      ++i;  // closing quote
    } else {
      const std::size_t end = text.find_first_of(",}", i);
      item = std::string(text.substr(i, end - i));
      if (item == "NULL") {
        item.clear();
      }
      i = end;
    }
    out.push_back(std::move(item));
    if (i < text.size() && text[i] == ',') {
      ++i;
    }
  }
  return out;
}


autogen::Catalog snapshot(std::string_view url, const std::vector<std::string>& schemas,
                          const std::function<void()>& rows_read) {
  const std::string masked = mask_url(url);
  const std::string secret = password_of(url);
  const std::string uri = libpq_uri(url);
  std::unique_ptr<pqxx::connection> conn;
  try {
    conn = std::make_unique<pqxx::connection>(uri);
  } catch (const pqxx::pqxx_exception& e) {
    throw DatabaseError(scrubbed("could not connect to '" + masked + "': " + one_line(e.base().what()), secret));
  }
  auto quiet = std::make_unique<pqxx::quiet_errorhandler>(*conn);
  using ReadOnly = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;
  try {
    // The second group of queries runs on a second connection that shares
    // this transaction's snapshot (pg_export_snapshot), so both read the
    // same catalog. Where that fails (no second connection, no exported
    // snapshot), this connection runs both groups.
    std::string shared;
    auto tx = std::make_unique<ReadOnly>(*conn);
    try {
      shared = str(tx->exec1("SELECT pg_export_snapshot()")[0]);
    } catch (const pqxx::sql_error&) {
      tx.reset();  // aborted: start again without sharing
      tx = std::make_unique<ReadOnly>(*conn);
    }
    const pqxx::row first_row = tx->exec1("SELECT COALESCE(current_schema(), 'public')");
    const std::string default_schema = str(first_row[0]);
    const auto [first, second] = catalog_queries(
        text_array_literal(*tx, schemas.empty() ? std::vector<std::string>{default_schema} : schemas));
    Rows rows;
    std::future<Rows> helper;
    if (!shared.empty()) {
      try {
        helper = std::async(std::launch::async, [&uri, &shared, &second = second] {
          pqxx::connection c(uri);
          pqxx::quiet_errorhandler quiet_helper(c);
          ReadOnly t(c);
          t.exec("SET TRANSACTION SNAPSHOT " + t.quote(shared));
          Rows part;
          run(t, second, part);
          t.commit();
          return part;
        });
      } catch (const std::system_error&) {
        // No thread: this connection runs both groups.
      }
    }
    run(*tx, first, rows);
    bool second_done = false;
    if (helper.valid()) {
      try {
        Rows part = helper.get();
        for (const auto& q : second) {
          rows.*q.into = std::move(part.*q.into);
        }
        second_done = true;
      } catch (const std::exception&) {
        // The second connection failed: this one runs its queries.
      }
    }
    if (!second_done) {
      run(*tx, second, rows);
    }
    tx->commit();
    tx.reset();
    quiet.reset();
    conn.reset();
    if (rows_read) {
      rows_read();
    }
    return Reader(rows, default_schema).read();
  } catch (const pqxx::sql_error& e) {
    throw DatabaseError("reading the catalog of '" + masked + "' failed: " + one_line(e.what()),
                        e.sqlstate());
  } catch (const pqxx::pqxx_exception& e) {
    throw DatabaseError(scrubbed("reading the catalog of '" + masked + "' failed: " + one_line(e.base().what()), secret));
  }
}

}  // namespace retort::pg
