// The fuzzer's model: SQL text, lookups, types and expressions (see
// fuzz_model.hpp), and split_list.

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fuzz/fuzz_model.hpp"
#include "fuzz/schema_fuzz.hpp"

namespace retort::test::fuzz {

std::set<std::string> split_list(const std::string& text) {
  std::set<std::string> out;
  std::string item;
  auto flush = [&] {
    while (!item.empty() && item.back() == ' ') item.pop_back();
    std::size_t start = item.find_first_not_of(' ');
    if (start != std::string::npos) out.insert(item.substr(start));
    item.clear();
  };
  for (char c : text) {
    if (c == ',') {
      flush();
    } else {
      item += c;
    }
  }
  flush();
  return out;
}

namespace detail {

std::string qi(const std::string& name) {
  bool plain = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || name[0] == '_');
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) plain = false;
  }
  if (plain) return name;
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

std::string lit(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string qn(const std::string& schema, const std::string& name) {
  return schema == "public" ? qi(name) : qi(schema) + "." + qi(name);
}

std::string array_elem(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

std::string key_schema(const std::string& key) { return key.substr(0, key.find('.')); }

std::string key_name(const std::string& key) { return key.substr(key.find('.') + 1); }

std::string key_q(const std::string& key) { return qn(key_schema(key), key_name(key)); }

const Table* root_of(const Model& m, const Table* t) {
  while (t && !t->parent.empty()) t = find(m.tables, t->parent);
  return t;
}

const std::vector<Column>& columns_of(const Model& m, const Table& t) {
  static const std::vector<Column> none;
  const Table* root = root_of(m, &t);
  return root ? root->cols : none;
}

bool in_partition_tree(const Model& m, const Table& t) {
  const Table* root = root_of(m, &t);
  return root && root->part;
}

std::set<std::string> locked_columns(const Model& m, const Table& root) {
  std::set<std::string> out;
  for (const auto& t : m.tables) {
    if (t.part && root_of(m, &t) == &root) out.insert(t.part->col);
  }
  return out;
}

std::string type_sql(const Model& m, const Type& t) {
  (void)m;
  switch (t.k) {
    case TK::smallint_: return "smallint";
    case TK::integer_: return "integer";
    case TK::bigint_: return "bigint";
    case TK::numeric_: return "numeric(" + std::to_string(t.n) + "," + std::to_string(t.s) + ")";
    case TK::text_: return "text";
    case TK::varchar_: return "varchar(" + std::to_string(t.n) + ")";
    case TK::timestamptz_: return "timestamptz";
    case TK::date_: return "date";
    case TK::jsonb_: return "jsonb";
    case TK::boolean_: return "boolean";
    case TK::int_array: return "integer[]";
    case TK::bigint_array: return "bigint[]";
    case TK::text_array: return "text[]";
    case TK::int4range_: return "int4range";
    case TK::daterange_: return "daterange";
    case TK::enum_array:
    case TK::composite_array: return key_q(t.ref) + "[]";
    case TK::enum_:
    case TK::domain_:
    case TK::range_:
    case TK::composite_: return key_q(t.ref);
  }
  return "integer";
}

bool raw_integral(const Type& t) { return t.k == TK::smallint_ || t.k == TK::integer_ || t.k == TK::bigint_; }

std::optional<Type> base_of(const Model& m, const Type& t) {
  if (t.k != TK::domain_) return t;
  const Domain* d = find(m.domains, t.ref);
  if (!d) return std::nullopt;
  return d->base;
}

bool satisfies(const Model& m, const Type& type, Need need) {
  const std::optional<Type> b = base_of(m, type);
  if (!b) return false;
  const TK k = b->k;
  const bool num = k == TK::smallint_ || k == TK::integer_ || k == TK::bigint_ || k == TK::numeric_;
  const bool text = k == TK::text_ || k == TK::varchar_;
  const bool time = k == TK::timestamptz_ || k == TK::date_;
  switch (need) {
    case Need::any: return true;
    case Need::num: return num;
    case Need::int4: return k == TK::smallint_ || k == TK::integer_;
    case Need::integral: return raw_integral(*b);
    case Need::text: return text;
    case Need::time: return time;
    case Need::jsonb: return k == TK::jsonb_;
    case Need::boolean: return k == TK::boolean_;
    case Need::array: return k == TK::int_array || k == TK::bigint_array || k == TK::text_array || k == TK::enum_array;
    case Need::range: return k == TK::int4range_ || k == TK::daterange_ || k == TK::range_;
    case Need::enumeration: return k == TK::enum_;
    case Need::btree: return num || text || time || k == TK::enum_ || k == TK::boolean_;
  }
  return false;
}

std::vector<RelCol> rel_columns(const Model& m, const std::string& key, int depth) {
  std::vector<RelCol> out;
  if (depth > 20) return out;
  if (const Table* t = find(m.tables, key)) {
    for (const auto& c : columns_of(m, *t)) out.push_back({c.name, c.type, c.generated.has_value()});
    return out;
  }
  if (const View* v = find(m.views, key)) {
    std::vector<RelCol> source = rel_columns(m, v->source, depth + 1);
    for (const auto& item : v->items) {
      if (item.kind == 0) {
        for (const auto& s : source) {
          if (!item.expr.cols.empty() && s.name == item.expr.cols[0]) out.push_back({item.alias, s.type, false});
        }
      } else {
        out.push_back({item.alias, item.type, false});
      }
    }
  }
  return out;
}

const RelCol* col_in(const std::vector<RelCol>& cols, const std::string& name) {
  for (const auto& c : cols)
    if (c.name == name) return &c;
  return nullptr;
}

bool ref_ok(const Model& m, const std::string& ref, bool immutable) {
  const std::string kind = ref.substr(0, ref.find(':'));
  const std::string rest = ref.substr(ref.find(':') + 1);
  if (kind == "fn") {
    const Function* f = find(m.functions, rest);
    return f && f->kind == FnKind::pure && (!immutable || f->volatility == "IMMUTABLE");
  }
  if (kind == "seq") return find(m.sequences, rest) != nullptr;
  if (kind == "agg") return find(m.aggregates, rest) != nullptr;
  if (kind == "tbl") {
    const Table* t = find(m.tables, rest);
    return t && t->plain();
  }
  if (kind == "ev") {
    const Enum* e = find(m.enums, rest.substr(0, rest.find('|')));
    const std::string value = rest.substr(rest.find('|') + 1);
    return e && std::find(e->values.begin(), e->values.end(), value) != e->values.end();
  }
  return false;
}

bool expr_ok(const Model& m, const std::vector<RelCol>& cols, const Expr& e, bool immutable,
             bool allow_generated) {
  for (std::size_t i = 0; i < e.cols.size(); ++i) {
    const RelCol* c = col_in(cols, e.cols[i]);
    if (!c || !satisfies(m, c->type, e.needs[i])) return false;
    if (!allow_generated && c->generated) return false;
  }
  for (const auto& r : e.refs)
    if (!ref_ok(m, r, immutable)) return false;
  for (std::size_t i = 0; i < e.fcols.size(); ++i) {
    const std::string table = e.fcols[i].substr(0, e.fcols[i].find('|'));
    const std::string col = e.fcols[i].substr(e.fcols[i].find('|') + 1);
    const Table* t = find(m.tables, table);
    if (!t || !t->plain()) return false;
    const Column* c = find_named(t->cols, col);
    if (!c || !satisfies(m, c->type, e.fneeds[i])) return false;
  }
  return true;
}

bool self_ok(const Model& m, const Column& c, const Expr& e) {
  if (!satisfies(m, c.type, e.self)) return false;
  for (const auto& r : e.refs) {
    if (r.rfind("ev:", 0) == 0) {
      const std::string enum_key = r.substr(3, r.find('|') - 3);
      if (c.type.k != TK::enum_ || c.type.ref != enum_key) return false;
    }
  }
  return true;
}

std::string render_expr(const Model& m, const Expr& e) {
  std::string out;
  for (std::size_t i = 0; i < e.text.size(); ++i) {
    const char c = e.text[i];
    if ((c == '$' || c == '@' || c == '#') && i + 1 < e.text.size() && e.text[i + 1] >= '0' && e.text[i + 1] <= '9') {
      const std::size_t k = static_cast<std::size_t>(e.text[++i] - '0');
      if (c == '$') {
        out += qi(e.cols.at(k));
      } else if (c == '#') {
        out += qi(e.fcols.at(k).substr(e.fcols.at(k).find('|') + 1));
      } else {
        const std::string& r = e.refs.at(k);
        const std::string kind = r.substr(0, r.find(':'));
        const std::string rest = r.substr(r.find(':') + 1);
        if (kind == "seq") {
          out += lit(key_q(rest));
        } else if (kind == "ev") {
          out += lit(rest.substr(rest.find('|') + 1));
        } else {
          out += key_q(rest);
        }
      }
    } else {
      out += c;
    }
  }
  (void)m;
  return out;
}

}  // namespace detail
}  // namespace retort::test::fuzz
