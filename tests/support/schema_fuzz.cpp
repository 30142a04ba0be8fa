// Random schema pairs for autogenerate's property: see schema_fuzz.hpp.
//
// A schema is a model (the structs below); edits change the model; repair()
// then removes what an edit left dangling (an index on a dropped column, a
// view of a dropped table), so the model always renders to SQL PostgreSQL
// accepts, in dependency order. B's edits are also checked against A: the
// rows A holds must fit B and come back (rows_ok), and the change must not be
// one of autogenerate's known limits (limits_ok); an edit that fails either is
// undone and another one tried.

#include "support/schema_fuzz.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

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

namespace {

// ---- SQL text -------------------------------------------------------------

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

// An element of an array literal: "{" + array_elem(v) + "}".
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

// ---- the model ------------------------------------------------------------

enum class TK {
  smallint_,
  integer_,
  bigint_,
  numeric_,
  text_,
  varchar_,
  timestamptz_,
  date_,
  jsonb_,
  boolean_,
  int_array,
  bigint_array,
  text_array,
  int4range_,
  daterange_,
  enum_,
  enum_array,
  domain_,
  range_,
  composite_
};

struct Type {
  Type(TK k_ = TK::integer_, int n_ = 0, int s_ = 0, std::string ref_ = {})
      : k(k_), n(n_), s(s_), ref(std::move(ref_)) {}

  TK k = TK::integer_;
  int n = 0;        // varchar length, numeric precision
  int s = 0;        // numeric scale
  std::string ref;  // enum, domain, range, composite: its key
  bool operator==(const Type&) const = default;
};

// What an expression needs of a column it reads.
enum class Need { any, num, int4, integral, text, time, jsonb, boolean, array, range, enumeration, btree };

// An expression over columns and objects: $k is cols[k], @k refs[k] (a
// function, sequence (as a literal), aggregate or table by its name, or an
// enum value as a literal), #k the column fcols[k] ("TABLEKEY|COL") of
// another table.
struct Expr {
  Expr() = default;

  Expr(std::string text_, std::vector<std::string> cols_ = {}, std::vector<Need> needs_ = {},
       std::vector<std::string> refs_ = {}, std::vector<std::string> fcols_ = {}, std::vector<Need> fneeds_ = {})
      : text(std::move(text_)),
        cols(std::move(cols_)),
        needs(std::move(needs_)),
        refs(std::move(refs_)),
        fcols(std::move(fcols_)),
        fneeds(std::move(fneeds_)) {}

  std::string text;
  std::vector<std::string> cols;
  std::vector<Need> needs;
  std::vector<std::string> refs;  // "fn:KEY" "seq:KEY" "agg:KEY" "tbl:KEY" "ev:ENUMKEY|VALUE"
  std::vector<std::string> fcols;
  std::vector<Need> fneeds;
  Need self = Need::any;  // of the column whose default or generation expression it is
  bool operator==(const Expr&) const = default;
};

struct Named {
  std::string schema = "public";
  std::string name;

  std::string key() const { return schema + "." + name; }

  std::string q() const { return qn(schema, name); }
};

struct Enum : Named {
  std::vector<std::string> values;
};

struct Check {
  Check(std::string name_ = {}, Expr expr_ = {}, bool not_valid_ = false)
      : name(std::move(name_)), expr(std::move(expr_)), not_valid(not_valid_) {}

  std::string name;
  Expr expr;
  bool not_valid = false;
};

struct Domain : Named {
  Type base;
  std::string collation;
  std::optional<Expr> def;
  bool not_null = false;
  std::vector<Check> checks;
};

struct RangeType : Named {
  std::string subtype = "integer";
  bool diff = false;
  std::string multirange;  // a name of its own; empty: PostgreSQL's
};

struct Composite : Named {
  std::vector<std::pair<std::string, Type>> attrs;
};

struct Sequence : Named {
  std::string as;  // empty: bigint
  long long start = 1, inc = 1, min = 1, max = 1000, cache = 1;
  bool cycle = false;
  std::string owned_table, owned_col;
};

enum class FnKind { pure, state, trigger, reader, procedure };

struct Function : Named {
  FnKind kind = FnKind::pure;
  std::string arg = "a";
  std::string ret = "integer";
  bool plpgsql = false;
  int k = 0;
  std::string volatility = "IMMUTABLE";
  bool strict = false;
  bool parallel_safe = false;
  bool security_definer = false;
  std::string table;  // reader: the table it counts
  bool atomic = false;
};

struct Aggregate : Named {
  std::string sfunc = "int4pl";  // a built-in, or "fn:KEY"
  int initcond = -1;
  bool final_int8 = false;
  bool combine = false;
  bool parallel = false;
};

struct Column {
  std::string name;
  Type type;
  bool not_null = false;
  std::optional<Expr> def;
  int identity = 0;  // 1 ALWAYS, 2 BY DEFAULT
  int id_start = 1, id_inc = 1;
  bool serial = false;
  std::optional<Expr> generated;
  std::string collation;
  std::string comment;
};

struct Key {
  Key(std::string name_ = {}, std::vector<std::string> cols_ = {}) : name(std::move(name_)), cols(std::move(cols_)) {}

  std::string name;
  std::vector<std::string> cols;
  std::vector<std::string> include;
  bool nulls_not_distinct = false;
  bool deferrable = false, deferred = false;
};

struct ForeignKey {
  std::string name;
  std::vector<std::string> cols;
  std::string ref_table;
  std::vector<std::string> ref_cols;
  std::string on_delete = "NO ACTION", on_update = "NO ACTION";
  bool match_full = false;
  bool deferrable = false, deferred = false, not_valid = false;
};

struct Exclusion {
  std::string name;
  std::string col;
  std::optional<Expr> where;
  bool deferrable = false;
};

struct IndexItem {
  IndexItem(Expr expr_ = {}) : expr(std::move(expr_)) {}

  Expr expr;
  bool desc = false, nulls_first = false;
};

struct Index {
  std::string name;
  bool unique = false;
  bool nulls_not_distinct = false;
  std::string method = "btree";
  std::string opclass;  // of the only item
  std::vector<IndexItem> items;
  std::vector<std::string> include;
  std::optional<Expr> where;
  int fillfactor = 0;
};

struct Policy {
  std::string name;
  bool restrictive = false;
  std::string cmd = "ALL";
  std::string roles = "PUBLIC";
  std::optional<Expr> using_expr, check_expr;
};

struct Trigger {
  std::string name;
  std::string timing = "AFTER";
  std::vector<std::string> events;
  std::vector<std::string> update_of;
  bool row = true;
  std::optional<Expr> when;
  std::string fn;  // key
  char enabled = 'O';
  bool constraint = false, deferred = false;
  std::string transition;  // "NEW TABLE AS x"
};

struct Rule {
  std::string name;
  std::string event = "DELETE";
  bool instead = true;
  std::optional<Expr> where;
  int action = 0;  // 0 NOTHING, 1 NOTIFY channel, 2 DELETE FROM another table (target)
  std::string channel;
  Expr target;
};

struct PartKey {
  PartKey(std::string kind_ = {}, std::string col_ = {}, int modulus_ = 0)
      : kind(std::move(kind_)), col(std::move(col_)), modulus(modulus_) {}

  std::string kind;  // RANGE LIST HASH
  std::string col;
  int modulus = 0;
};

struct Bound {
  bool is_default = false;
  int lo = 0, hi = 0;       // RANGE: slots [lo, hi)
  std::vector<int> values;  // LIST
  int rem = 0;              // HASH
};

struct Table : Named {
  int order = 0;
  std::vector<Column> cols;  // a partition's are its root's
  std::optional<Key> pk;
  std::vector<Key> uniques;
  std::vector<Check> checks;
  std::vector<ForeignKey> fks;
  std::vector<Exclusion> excls;
  std::vector<Index> indexes;
  std::string comment;
  bool unlogged = false;
  std::vector<std::pair<std::string, std::string>> options;
  bool rls = false, force_rls = false;
  std::vector<Policy> policies;
  std::vector<Trigger> triggers;
  std::vector<Rule> rules;
  std::optional<PartKey> part;
  std::string parent;  // key
  Bound bound;
  int rows = 0;  // rows A inserts

  bool plain() const { return !part && parent.empty(); }
};

struct ViewItem {
  ViewItem(Expr expr_ = {}, std::string alias_ = {}, int kind_ = 0, Type type_ = {})
      : expr(std::move(expr_)), alias(std::move(alias_)), kind(kind_), type(std::move(type_)) {}

  Expr expr;
  std::string alias;
  int kind = 0;  // 0 a column, 1 an expression, 2 an aggregate
  Type type;     // kinds 1 and 2
};

struct View : Named {
  int order = 0;
  std::string source;  // a table's or view's key
  bool materialized = false;
  std::vector<ViewItem> items;
  std::optional<Expr> where;
  bool security_barrier = false, security_invoker = false;
  std::string check_option;
  int fillfactor = 0;
  std::string comment;
  std::vector<Index> indexes;
  std::vector<Trigger> triggers;
  std::vector<Rule> rules;

  bool aggregates() const {
    return std::any_of(items.begin(), items.end(), [](const ViewItem& i) { return i.kind == 2; });
  }
};

struct Model {
  int counter = 0;
  std::vector<std::string> schemas;  // besides public
  std::vector<Enum> enums;
  std::vector<Domain> domains;
  std::vector<RangeType> ranges;
  std::vector<Composite> composites;
  std::vector<Sequence> sequences;
  std::vector<Function> functions;
  std::vector<Aggregate> aggregates;
  std::vector<Table> tables;
  std::vector<View> views;
};

template <class T>
T* find(std::vector<T>& v, const std::string& key) {
  for (auto& x : v)
    if (x.key() == key) return &x;
  return nullptr;
}

template <class T>
const T* find(const std::vector<T>& v, const std::string& key) {
  for (const auto& x : v)
    if (x.key() == key) return &x;
  return nullptr;
}

template <class T>
T* find_named(std::vector<T>& v, const std::string& name) {
  for (auto& x : v)
    if (x.name == name) return &x;
  return nullptr;
}

template <class T>
const T* find_named(const std::vector<T>& v, const std::string& name) {
  for (const auto& x : v)
    if (x.name == name) return &x;
  return nullptr;
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

// The partition key columns of `root` and of every partition under it.
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
    case TK::enum_array: return key_q(t.ref) + "[]";
    case TK::enum_:
    case TK::domain_:
    case TK::range_:
    case TK::composite_: return key_q(t.ref);
  }
  return "integer";
}

bool raw_integral(const Type& t) { return t.k == TK::smallint_ || t.k == TK::integer_ || t.k == TK::bigint_; }

// The type, or a domain's base type.
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

// A column of a table or view, as something reads it.
struct RelCol {
  std::string name;
  Type type;
  bool generated = false;
};

std::vector<RelCol> rel_columns(const Model& m, const std::string& key, int depth = 0) {
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
             bool allow_generated = true) {
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

// A default or generation expression of `c`.
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

// ---- rendering --------------------------------------------------------------

std::string column_type_sql(const Model& m, const Column& c) {
  if (c.serial) {
    return c.type.k == TK::smallint_ ? "smallserial" : c.type.k == TK::bigint_ ? "bigserial" : "serial";
  }
  return type_sql(m, c.type);
}

std::string column_sql(const Model& m, const Column& c) {
  std::string s = qi(c.name) + " " + column_type_sql(m, c);
  if (!c.collation.empty()) s += " COLLATE " + qi(c.collation);
  if (c.generated) s += " GENERATED ALWAYS AS (" + render_expr(m, *c.generated) + ") STORED";
  if (c.identity) {
    s += std::string(" GENERATED ") + (c.identity == 1 ? "ALWAYS" : "BY DEFAULT") + " AS IDENTITY (START WITH " +
         std::to_string(c.id_start) + " INCREMENT BY " + std::to_string(c.id_inc) + ")";
  }
  if (c.def) s += " DEFAULT " + render_expr(m, *c.def);
  if (c.not_null && !c.serial && !c.identity) s += " NOT NULL";
  return s;
}

std::string cols_sql(const std::vector<std::string>& cols) {
  std::vector<std::string> q;
  for (const auto& c : cols) q.push_back(qi(c));
  return join(q, ", ");
}

std::string deferrable_sql(bool deferrable, bool deferred) {
  if (!deferrable) return "";
  return deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
}

std::string key_sql(const Key& k, bool primary) {
  std::string s = "CONSTRAINT " + qi(k.name) + (primary ? " PRIMARY KEY" : " UNIQUE");
  if (!primary && k.nulls_not_distinct) s += " NULLS NOT DISTINCT";
  s += " (" + cols_sql(k.cols) + ")";
  if (!k.include.empty()) s += " INCLUDE (" + cols_sql(k.include) + ")";
  return s + deferrable_sql(k.deferrable, k.deferred);
}

std::string bound_sql(const Model& m, const Table& p) {
  if (p.bound.is_default) return "DEFAULT";
  const Table* parent = find(m.tables, p.parent);
  const Column* key = find_named(columns_of(m, *parent), parent->part->col);
  const TK k = key->type.k;
  auto value = [&](int v) {
    if (k == TK::date_) return lit(std::to_string(2000 + v) + "-01-01");
    if (k == TK::text_) return lit("k" + std::to_string(v));
    return std::to_string(v * 100);
  };
  if (parent->part->kind == "RANGE") {
    return "FOR VALUES FROM (" + value(p.bound.lo) + ") TO (" + value(p.bound.hi) + ")";
  }
  if (parent->part->kind == "LIST") {
    std::vector<std::string> vals;
    for (int v : p.bound.values) vals.push_back(k == TK::text_ ? lit("k" + std::to_string(v)) : std::to_string(v));
    return "FOR VALUES IN (" + join(vals, ", ") + ")";
  }
  return "FOR VALUES WITH (MODULUS " + std::to_string(parent->part->modulus) + ", REMAINDER " +
         std::to_string(p.bound.rem) + ")";
}

std::string options_sql(const std::vector<std::pair<std::string, std::string>>& options) {
  std::vector<std::string> o;
  for (const auto& [k, v] : options) o.push_back(k + "=" + v);
  return join(o, ", ");
}

std::string index_sql(const Model& m, const std::string& on, const Index& i) {
  std::string s = std::string("CREATE ") + (i.unique ? "UNIQUE " : "") + "INDEX " + qi(i.name) + " ON " + on;
  if (i.method != "btree" || i.name.size() % 2) s += " USING " + i.method;
  std::vector<std::string> items;
  for (const auto& it : i.items) {
    std::string x = render_expr(m, it.expr);
    const bool plain = it.expr.text == "$0";
    if (!plain) x = "(" + x + ")";
    if (!i.opclass.empty()) x += " " + i.opclass;
    if (it.desc) x += " DESC";
    if (it.nulls_first) x += " NULLS FIRST";
    items.push_back(x);
  }
  s += " (" + join(items, ", ") + ")";
  if (!i.include.empty()) s += " INCLUDE (" + cols_sql(i.include) + ")";
  if (i.nulls_not_distinct) s += " NULLS NOT DISTINCT";
  if (i.fillfactor) s += " WITH (fillfactor=" + std::to_string(i.fillfactor) + ")";
  if (i.where) s += " WHERE " + render_expr(m, *i.where);
  return s + ";\n";
}

std::string trigger_sql(const Model& m, const std::string& on, const Trigger& t) {
  std::string s =
      std::string("CREATE ") + (t.constraint ? "CONSTRAINT " : "") + "TRIGGER " + qi(t.name) + " " + t.timing + " ";
  std::vector<std::string> events;
  for (const auto& e : t.events) {
    events.push_back(e == "UPDATE" && !t.update_of.empty() ? "UPDATE OF " + cols_sql(t.update_of) : e);
  }
  s += join(events, " OR ") + " ON " + on;
  if (t.constraint) s += deferrable_sql(true, t.deferred);
  if (!t.transition.empty()) s += " REFERENCING " + t.transition;
  s += t.row ? " FOR EACH ROW" : " FOR EACH STATEMENT";
  if (t.when) s += " WHEN (" + render_expr(m, *t.when) + ")";
  s += " EXECUTE FUNCTION " + key_q(t.fn) + "();\n";
  if (t.enabled == 'D') s += "ALTER TABLE " + on + " DISABLE TRIGGER " + qi(t.name) + ";\n";
  if (t.enabled == 'A') s += "ALTER TABLE " + on + " ENABLE ALWAYS TRIGGER " + qi(t.name) + ";\n";
  if (t.enabled == 'R') s += "ALTER TABLE " + on + " ENABLE REPLICA TRIGGER " + qi(t.name) + ";\n";
  return s;
}

std::string rule_sql(const Model& m, const std::string& on, const Rule& r) {
  std::string s = "CREATE RULE " + qi(r.name) + " AS ON " + r.event + " TO " + on;
  if (r.where) s += " WHERE " + render_expr(m, *r.where);
  s += r.instead ? " DO INSTEAD " : " DO ALSO ";
  if (r.action == 0) s += "NOTHING";
  if (r.action == 1) s += "NOTIFY " + qi(r.channel);
  if (r.action == 2) s += render_expr(m, r.target);
  return s + ";\n";
}

std::string function_sql(const Model& m, const Function& f) {
  const std::string k = std::to_string(f.k);
  std::string options;
  if (f.kind != FnKind::procedure && f.kind != FnKind::trigger) options += " " + f.volatility;
  if (f.strict) options += " STRICT";
  if (f.parallel_safe) options += " PARALLEL SAFE";
  if (f.security_definer) options += " SECURITY DEFINER";
  switch (f.kind) {
    case FnKind::pure:
      if (f.plpgsql) {
        return "CREATE FUNCTION " + f.q() + "(" + f.arg + " integer) RETURNS " + f.ret + " LANGUAGE plpgsql" + options +
               " AS $$ BEGIN RETURN " + f.arg + " + " + k + "; END $$;\n";
      }
      return "CREATE FUNCTION " + f.q() + "(" + f.arg + " integer) RETURNS " + f.ret + " LANGUAGE sql" + options +
             " AS $$ SELECT (" + f.arg + " + " + k + ")::" + f.ret + " $$;\n";
    case FnKind::state:
      return "CREATE FUNCTION " + f.q() + "(s integer, " + f.arg + " integer) RETURNS integer LANGUAGE sql" + options +
             " AS $$ SELECT s + " + f.arg + " + " + k + " $$;\n";
    case FnKind::trigger:
      return "CREATE FUNCTION " + f.q() + "() RETURNS trigger LANGUAGE plpgsql" + options + " AS $$ BEGIN PERFORM " +
             k + "; RETURN COALESCE(NEW, OLD); END $$;\n";
    case FnKind::reader:
      if (f.atomic) {
        return "CREATE FUNCTION " + f.q() + "() RETURNS bigint LANGUAGE sql" + options +
               " BEGIN ATOMIC SELECT count(*) + " + k + " FROM " + key_q(f.table) + "; END;\n";
      }
      return "CREATE FUNCTION " + f.q() + "() RETURNS bigint LANGUAGE sql" + options + " AS $$ SELECT count(*) + " + k +
             " FROM " + key_q(f.table) + " $$;\n";
    case FnKind::procedure:
      return "CREATE PROCEDURE " + f.q() + "(INOUT n integer) LANGUAGE plpgsql" + options + " AS $$ BEGIN n := " + k +
             "; END $$;\n";
  }
  (void)m;
  return "";
}

std::string sequence_sql(const Sequence& s) {
  std::string out = "CREATE SEQUENCE " + s.q();
  if (!s.as.empty()) out += " AS " + s.as;
  out += " INCREMENT BY " + std::to_string(s.inc) + " MINVALUE " + std::to_string(s.min) + " MAXVALUE " +
         std::to_string(s.max) + " START WITH " + std::to_string(s.start);
  if (s.cache != 1) out += " CACHE " + std::to_string(s.cache);
  if (s.cycle) out += " CYCLE";
  return out + ";\n";
}

std::string value_sql(const Model& m, const Type& t, int i) {
  const std::string n = std::to_string(i);
  switch (t.k) {
    case TK::smallint_:
    case TK::integer_:
    case TK::bigint_:
    case TK::numeric_: return n;
    case TK::text_:
    case TK::varchar_: return lit("v" + n);
    case TK::timestamptz_:
    case TK::date_: return lit("2026-01-0" + n);
    case TK::jsonb_: return lit("{\"k\": " + n + "}");
    case TK::boolean_: return i % 2 ? "true" : "false";
    case TK::int_array:
    case TK::bigint_array: return lit("{" + n + "}");
    case TK::text_array: return lit("{v" + n + "}");
    case TK::int4range_: return lit("[" + std::to_string(10 * i) + "," + std::to_string(10 * i + 5) + ")");
    case TK::daterange_: return lit("[2026-0" + n + "-01,2026-0" + n + "-05)");
    case TK::enum_:
    case TK::enum_array: {
      const Enum* e = find(m.enums, t.ref);
      const std::string& v = e->values[static_cast<std::size_t>(i - 1) % e->values.size()];
      return t.k == TK::enum_ ? lit(v) : lit("{" + array_elem(v) + "}");
    }
    case TK::domain_: return value_sql(m, find(m.domains, t.ref)->base, i);
    case TK::range_: {
      const RangeType* r = find(m.ranges, t.ref);
      if (r->subtype == "date") return lit("[2026-0" + n + "-01,2026-0" + n + "-05)");
      return lit("[" + std::to_string(10 * i) + "," + std::to_string(10 * i + 5) + ")");
    }
    case TK::composite_: {
      const Composite* c = find(m.composites, t.ref);
      std::vector<std::string> vals;
      for (const auto& [name, type] : c->attrs) vals.push_back(value_sql(m, type, i));
      return "ROW(" + join(vals, ", ") + ")";
    }
  }
  return "NULL";
}

std::string render(const Model& m, bool with_rows) {
  std::string s;
  for (const auto& schema : m.schemas) s += "CREATE SCHEMA " + qi(schema) + ";\n";
  for (const auto& e : m.enums) {
    std::vector<std::string> vals;
    for (const auto& v : e.values) vals.push_back(lit(v));
    s += "CREATE TYPE " + e.q() + " AS ENUM (" + join(vals, ", ") + ");\n";
  }
  for (const auto& q : m.sequences) s += sequence_sql(q);
  for (const auto& f : m.functions)
    if (f.kind != FnKind::reader) s += function_sql(m, f);
  for (const auto& d : m.domains) {
    s += "CREATE DOMAIN " + d.q() + " AS " + type_sql(m, d.base);
    if (!d.collation.empty()) s += " COLLATE " + qi(d.collation);
    if (d.def) s += " DEFAULT " + render_expr(m, *d.def);
    if (d.not_null) s += " NOT NULL";
    for (const auto& c : d.checks) s += " CONSTRAINT " + qi(c.name) + " CHECK (" + render_expr(m, c.expr) + ")";
    s += ";\n";
  }
  for (const auto& r : m.ranges) {
    s += "CREATE TYPE " + r.q() + " AS RANGE (SUBTYPE = " + r.subtype;
    if (r.diff) {
      s += std::string(", SUBTYPE_DIFF = ") + (r.subtype == "integer"   ? "int4range_subdiff"
                                               : r.subtype == "numeric" ? "numrange_subdiff"
                                               : r.subtype == "date"    ? "daterange_subdiff"
                                                                        : "float8mi");
    }
    if (!r.multirange.empty()) s += ", MULTIRANGE_TYPE_NAME = " + qn(r.schema, r.multirange);
    s += ");\n";
  }
  for (const auto& c : m.composites) {
    std::vector<std::string> attrs;
    for (const auto& [name, type] : c.attrs) attrs.push_back(qi(name) + " " + type_sql(m, type));
    s += "CREATE TYPE " + c.q() + " AS (" + join(attrs, ", ") + ");\n";
  }
  for (const auto& a : m.aggregates) {
    s += "CREATE AGGREGATE " + a.q() +
         "(integer) (SFUNC = " + (a.sfunc.rfind("fn:", 0) == 0 ? key_q(a.sfunc.substr(3)) : a.sfunc) +
         ", STYPE = integer";
    if (a.initcond >= 0) s += ", INITCOND = '" + std::to_string(a.initcond) + "'";
    if (a.final_int8) s += ", FINALFUNC = int8";
    if (a.combine) s += ", COMBINEFUNC = " + a.sfunc;
    if (a.parallel) s += ", PARALLEL = SAFE";
    s += ");\n";
  }
  std::vector<const Table*> tables;
  for (const auto& t : m.tables) tables.push_back(&t);
  std::sort(tables.begin(), tables.end(), [](const Table* a, const Table* b) { return a->order < b->order; });
  for (const Table* t : tables) {
    std::vector<std::string> parts;
    for (const auto& c : t->cols) parts.push_back(column_sql(m, c));
    if (t->pk) parts.push_back(key_sql(*t->pk, true));
    for (const auto& u : t->uniques) parts.push_back(key_sql(u, false));
    for (const auto& c : t->checks)
      if (!c.not_valid) parts.push_back("CONSTRAINT " + qi(c.name) + " CHECK (" + render_expr(m, c.expr) + ")");
    for (const auto& x : t->excls) {
      std::string e = "CONSTRAINT " + qi(x.name) + " EXCLUDE USING gist (" + qi(x.col) + " WITH &&)";
      if (x.where) e += " WHERE (" + render_expr(m, *x.where) + ")";
      parts.push_back(e + deferrable_sql(x.deferrable, false));
    }
    s += std::string("CREATE ") + (t->unlogged ? "UNLOGGED " : "") + "TABLE " + t->q();
    if (!t->parent.empty()) {
      s += " PARTITION OF " + key_q(t->parent);
      if (!parts.empty()) s += " (" + join(parts, ", ") + ")";
      s += " " + bound_sql(m, *t);
    } else {
      s += " (" + join(parts, ", ") + ")";
    }
    if (t->part) s += " PARTITION BY " + t->part->kind + " (" + qi(t->part->col) + ")";
    if (!t->options.empty()) s += " WITH (" + options_sql(t->options) + ")";
    s += ";\n";
  }
  for (const Table* t : tables) {
    for (const auto& c : t->checks) {
      if (c.not_valid) {
        s += "ALTER TABLE " + t->q() + " ADD CONSTRAINT " + qi(c.name) + " CHECK (" + render_expr(m, c.expr) +
             ") NOT VALID;\n";
      }
    }
  }
  for (const Table* t : tables) {
    for (const auto& f : t->fks) {
      s += "ALTER TABLE " + t->q() + " ADD CONSTRAINT " + qi(f.name) + " FOREIGN KEY (" + cols_sql(f.cols) +
           ") REFERENCES " + key_q(f.ref_table) + " (" + cols_sql(f.ref_cols) + ")" +
           (f.match_full ? " MATCH FULL" : "") + " ON UPDATE " + f.on_update + " ON DELETE " + f.on_delete +
           deferrable_sql(f.deferrable, f.deferred) + (f.not_valid ? " NOT VALID" : "") + ";\n";
    }
  }
  for (const auto& q : m.sequences) {
    if (!q.owned_table.empty()) {
      s += "ALTER SEQUENCE " + q.q() + " OWNED BY " + key_q(q.owned_table) + "." + qi(q.owned_col) + ";\n";
    }
  }
  for (const Table* t : tables) {
    for (const auto& i : t->indexes) s += index_sql(m, t->q(), i);
    if (!t->comment.empty()) s += "COMMENT ON TABLE " + t->q() + " IS " + lit(t->comment) + ";\n";
    for (const auto& c : t->cols) {
      if (!c.comment.empty()) s += "COMMENT ON COLUMN " + t->q() + "." + qi(c.name) + " IS " + lit(c.comment) + ";\n";
    }
  }
  for (const auto& f : m.functions)
    if (f.kind == FnKind::reader) s += function_sql(m, f);
  std::vector<const View*> views;
  for (const auto& v : m.views) views.push_back(&v);
  std::sort(views.begin(), views.end(), [](const View* a, const View* b) { return a->order < b->order; });
  for (const View* v : views) {
    std::vector<std::string> options;
    if (v->security_barrier) options.push_back("security_barrier=true");
    if (v->security_invoker) options.push_back("security_invoker=true");
    if (!v->check_option.empty()) options.push_back("check_option=" + v->check_option);
    if (v->fillfactor) options.push_back("fillfactor=" + std::to_string(v->fillfactor));
    std::vector<std::string> items;
    for (const auto& it : v->items) {
      const std::string x = render_expr(m, it.expr);
      items.push_back(it.kind == 0 && it.expr.cols[0] == it.alias ? x : x + " AS " + qi(it.alias));
    }
    s += std::string("CREATE ") + (v->materialized ? "MATERIALIZED " : "") + "VIEW " + v->q();
    if (!options.empty()) s += " WITH (" + join(options, ", ") + ")";
    s += " AS SELECT " + join(items, ", ") + " FROM " + key_q(v->source);
    if (v->where) s += " WHERE " + render_expr(m, *v->where);
    s += ";\n";
    for (const auto& i : v->indexes) s += index_sql(m, v->q(), i);
    if (!v->comment.empty()) {
      s += std::string("COMMENT ON ") + (v->materialized ? "MATERIALIZED VIEW " : "VIEW ") + v->q() + " IS " +
           lit(v->comment) + ";\n";
    }
  }
  if (with_rows) {
    for (const Table* t : tables) {
      if (t->rows == 0) continue;
      std::vector<const Column*> cols;
      for (const auto& c : t->cols)
        if (!c.generated && !c.identity && !c.serial) cols.push_back(&c);
      if (cols.empty()) {
        for (int i = 0; i < t->rows; ++i) s += "INSERT INTO " + t->q() + " DEFAULT VALUES;\n";
        continue;
      }
      std::vector<std::string> names, rows;
      for (const Column* c : cols) names.push_back(qi(c->name));
      for (int i = 1; i <= t->rows; ++i) {
        std::vector<std::string> vals;
        for (const Column* c : cols) vals.push_back(value_sql(m, c->type, i));
        rows.push_back("(" + join(vals, ", ") + ")");
      }
      s += "INSERT INTO " + t->q() + " (" + join(names, ", ") + ") VALUES " + join(rows, ", ") + ";\n";
    }
  }
  for (const Table* t : tables) {
    if (t->rls) s += "ALTER TABLE " + t->q() + " ENABLE ROW LEVEL SECURITY;\n";
    if (t->force_rls) s += "ALTER TABLE " + t->q() + " FORCE ROW LEVEL SECURITY;\n";
    for (const auto& p : t->policies) {
      s += "CREATE POLICY " + qi(p.name) + " ON " + t->q() + (p.restrictive ? " AS RESTRICTIVE" : "") + " FOR " +
           p.cmd + " TO " + p.roles;
      if (p.using_expr) s += " USING (" + render_expr(m, *p.using_expr) + ")";
      if (p.check_expr) s += " WITH CHECK (" + render_expr(m, *p.check_expr) + ")";
      s += ";\n";
    }
    for (const auto& tr : t->triggers) s += trigger_sql(m, t->q(), tr);
    for (const auto& r : t->rules) s += rule_sql(m, t->q(), r);
  }
  for (const View* v : views) {
    for (const auto& tr : v->triggers) s += trigger_sql(m, v->q(), tr);
    for (const auto& r : v->rules) s += rule_sql(m, v->q(), r);
  }
  return s;
}

// ---- repair: what an edit left dangling goes -------------------------------

template <class T, class P>
bool erase_if(std::vector<T>& v, P pred) {
  const auto before = v.size();
  v.erase(std::remove_if(v.begin(), v.end(), pred), v.end());
  return v.size() != before;
}

bool fk_types_ok(const Model& m, const Type& a, const Type& b) {
  if (a.k == TK::domain_ || b.k == TK::domain_) return a == b;
  if (raw_integral(a) && raw_integral(b)) return true;
  const bool ta = a.k == TK::text_ || a.k == TK::varchar_;
  const bool tb = b.k == TK::text_ || b.k == TK::varchar_;
  if (ta && tb) return true;
  return a == b && satisfies(m, a, Need::btree);
}

// A key (primary or unique, not deferrable) of `t` on exactly `cols`.
bool has_key_on(const Table& t, std::vector<std::string> cols) {
  std::sort(cols.begin(), cols.end());
  auto same = [&](const Key& k) {
    std::vector<std::string> c = k.cols;
    std::sort(c.begin(), c.end());
    return c == cols && !k.deferrable;
  };
  if (t.pk && same(*t.pk)) return true;
  return std::any_of(t.uniques.begin(), t.uniques.end(), same);
}

bool index_ok(const Model& m, const std::vector<RelCol>& cols, const Index& i, const Table* partitioned_root,
              bool partition) {
  if (i.items.empty()) return false;
  for (const auto& it : i.items)
    if (!expr_ok(m, cols, it.expr, true)) return false;
  if (i.where && !expr_ok(m, cols, *i.where, true)) return false;
  for (const auto& c : i.include)
    if (!col_in(cols, c)) return false;
  const bool plain_single = i.items.size() == 1 && i.items[0].expr.text == "$0";
  auto plain_type = [&](Need need) {
    return plain_single && satisfies(m, col_in(cols, i.items[0].expr.cols[0])->type, need);
  };
  if (i.method == "hash" && (i.items.size() != 1 || i.unique || !i.include.empty())) return false;
  if (i.method == "gin" && (!(plain_type(Need::jsonb) || plain_type(Need::array)) || i.unique)) return false;
  if (i.opclass == "jsonb_path_ops" && !plain_type(Need::jsonb)) return false;
  if (i.method == "gist" && (!plain_type(Need::range) || i.unique)) return false;
  if (i.method == "brin") {
    if (i.unique) return false;
    for (const auto& it : i.items) {
      const RelCol* c = it.expr.text == "$0" ? col_in(cols, it.expr.cols[0]) : nullptr;
      if (!c || !(satisfies(m, c->type, Need::num) || satisfies(m, c->type, Need::time))) return false;
    }
  }
  if (i.method == "hash") {
    const auto& it = i.items[0];
    if (it.expr.text == "$0" && !satisfies(m, col_in(cols, it.expr.cols[0])->type, Need::btree)) return false;
  }
  if (i.unique) {
    for (const auto& it : i.items) {
      if (it.expr.text == "$0" && !satisfies(m, col_in(cols, it.expr.cols[0])->type, Need::btree)) return false;
    }
    if (partition) return false;
  }
  if (partitioned_root && i.unique) {
    for (const auto& key : locked_columns(m, *partitioned_root)) {
      bool found = false;
      for (const auto& it : i.items) found = found || (it.expr.text == "$0" && it.expr.cols[0] == key);
      if (!found) return false;
    }
    for (const auto& it : i.items)
      if (it.expr.text != "$0") return false;
  }
  return true;
}

bool key_ok(const Model& m, const std::vector<RelCol>& cols, const Key& k, const Table* partitioned_root) {
  if (k.cols.empty()) return false;
  for (const auto& c : k.cols) {
    const RelCol* rc = col_in(cols, c);
    if (!rc || rc->generated || !satisfies(m, rc->type, Need::btree)) return false;
  }
  for (const auto& c : k.include) {
    if (!col_in(cols, c) || std::find(k.cols.begin(), k.cols.end(), c) != k.cols.end()) return false;
  }
  if (partitioned_root) {
    for (const auto& key : locked_columns(m, *partitioned_root))
      if (std::find(k.cols.begin(), k.cols.end(), key) == k.cols.end()) return false;
  }
  return true;
}

bool trigger_ok(const Model& m, const std::vector<RelCol>& cols, const Trigger& tr) {
  const Function* f = find(m.functions, tr.fn);
  if (!f || f->kind != FnKind::trigger) return false;
  for (const auto& c : tr.update_of)
    if (!col_in(cols, c)) return false;
  // A BEFORE trigger's WHEN cannot read NEW generated columns.
  return !tr.when || expr_ok(m, cols, *tr.when, false, tr.timing != "BEFORE");
}

bool rule_ok(const Model& m, const std::vector<RelCol>& cols, const Rule& r) {
  if (r.where && !expr_ok(m, cols, *r.where, false)) return false;
  return r.action != 2 || expr_ok(m, cols, r.target, false);
}

bool repair_once(Model& m) {
  bool changed = false;
  std::set<std::string> schemas(m.schemas.begin(), m.schemas.end());
  schemas.insert("public");
  auto gone = [&](const Named& n) { return !schemas.count(n.schema); };
  changed |= erase_if(m.enums, gone);
  changed |= erase_if(m.domains, gone);
  changed |= erase_if(m.ranges, gone);
  changed |= erase_if(m.composites, gone);
  changed |= erase_if(m.sequences, gone);
  changed |= erase_if(m.functions, gone);
  changed |= erase_if(m.aggregates, gone);
  changed |= erase_if(m.tables, gone);
  changed |= erase_if(m.views, gone);

  auto type_exists = [&](const Type& t) {
    switch (t.k) {
      case TK::enum_:
      case TK::enum_array: return find(m.enums, t.ref) != nullptr;
      case TK::domain_: return find(m.domains, t.ref) != nullptr;
      case TK::range_: return find(m.ranges, t.ref) != nullptr;
      case TK::composite_: return find(m.composites, t.ref) != nullptr;
      default: return true;
    }
  };
  for (auto& c : m.composites) {
    changed |= erase_if(c.attrs, [&](const auto& a) { return !type_exists(a.second); });
  }
  changed |= erase_if(m.composites, [](const Composite& c) { return c.attrs.empty(); });
  for (auto& d : m.domains) {
    if (d.def && (!satisfies(m, d.base, d.def->self) || !expr_ok(m, {}, *d.def, false))) {
      d.def.reset();
      changed = true;
    }
  }
  // Functions reading tables, aggregates over state functions.
  changed |= erase_if(m.functions, [&](const Function& f) {
    if (f.kind != FnKind::reader) return false;
    const Table* t = find(m.tables, f.table);
    return !t || !t->plain();
  });
  changed |= erase_if(m.aggregates, [&](const Aggregate& a) {
    if (a.sfunc.rfind("fn:", 0) != 0) return false;
    const Function* f = find(m.functions, a.sfunc.substr(3));
    return !f || f->kind != FnKind::state;
  });
  // Partitions of a table that went.
  changed |= erase_if(m.tables, [&](const Table& t) {
    if (t.parent.empty()) return false;
    const Table* p = find(m.tables, t.parent);
    return !p || !p->part;
  });
  for (auto& t : m.tables) {
    const bool tree = in_partition_tree(m, t);
    const bool partition = !t.parent.empty();
    const Table* root = root_of(m, &t);
    if (t.parent.empty()) {
      const std::set<std::string> locked = t.part ? locked_columns(m, t) : std::set<std::string>{};
      changed |= erase_if(t.cols, [&](const Column& c) { return !type_exists(c.type) && !locked.count(c.name); });
      for (auto& c : t.cols) {
        if (c.identity && (tree || !raw_integral(c.type) || c.generated || c.def || c.serial)) {
          c.identity = 0;
          changed = true;
        }
        if (c.serial && (!raw_integral(c.type) || c.generated || c.def)) {
          c.serial = false;
          changed = true;
        }
        if (c.identity || c.serial) c.not_null = true;
        if (c.collation.size() && !satisfies(m, c.type, Need::text)) {
          c.collation.clear();
          changed = true;
        }
        if (c.collation.size() && c.type.k == TK::domain_) {
          c.collation.clear();
          changed = true;
        }
      }
      std::vector<RelCol> cols = rel_columns(m, t.key());
      for (auto& c : t.cols) {
        if (c.def && (!expr_ok(m, cols, *c.def, false) || !self_ok(m, c, *c.def))) {
          c.def.reset();
          changed = true;
        }
      }
      // A generated column whose expression no longer holds goes (kept as a
      // plain column, its type could be one the old one does not cast to).
      changed |= erase_if(t.cols, [&](const Column& c) {
        return c.generated &&
               (!expr_ok(m, cols, *c.generated, true, false) || !self_ok(m, c, *c.generated) || locked.count(c.name));
      });
    }
    const std::vector<RelCol> cols = rel_columns(m, t.key());
    const Table* proot = root && root->part ? root : nullptr;
    if (t.pk && (partition || !key_ok(m, cols, *t.pk, proot))) {
      t.pk.reset();
      changed = true;
    }
    changed |= erase_if(t.uniques, [&](const Key& k) { return partition || !key_ok(m, cols, k, proot); });
    changed |=
        erase_if(t.checks, [&](const Check& c) { return !expr_ok(m, cols, c.expr, false) || (tree && c.not_valid); });
    changed |= erase_if(t.excls, [&](const Exclusion& x) {
      const RelCol* c = col_in(cols, x.col);
      return tree || !c || !satisfies(m, c->type, Need::range) || (x.where && !expr_ok(m, cols, *x.where, true));
    });
    changed |= erase_if(t.indexes, [&](const Index& i) {
      return !index_ok(m, cols, i, t.part && !partition ? proot : nullptr, partition);
    });
    changed |= erase_if(t.policies, [&](const Policy& p) {
      return partition || (p.using_expr && !expr_ok(m, cols, *p.using_expr, false)) ||
             (p.check_expr && !expr_ok(m, cols, *p.check_expr, false));
    });
    changed |= erase_if(t.triggers, [&](const Trigger& tr) {
      return partition || (tree && (tr.constraint || !tr.transition.empty())) || !trigger_ok(m, cols, tr);
    });
    changed |= erase_if(t.rules, [&](const Rule& r) { return tree || !rule_ok(m, cols, r); });
    if (partition && (t.rls || t.force_rls)) {
      t.rls = t.force_rls = false;
      changed = true;
    }
    if (tree && t.unlogged) {
      t.unlogged = false;
      changed = true;
    }
    if (t.part && !t.options.empty()) {
      t.options.clear();
      changed = true;
    }
  }
  // Foreign keys, once every table is repaired.
  for (auto& t : m.tables) {
    const std::vector<RelCol> cols = rel_columns(m, t.key());
    const bool partition = !t.parent.empty();
    changed |= erase_if(t.fks, [&](const ForeignKey& f) {
      if (partition || f.cols.size() != f.ref_cols.size()) return true;
      const Table* r = find(m.tables, f.ref_table);
      if (!r || !r->plain() || !has_key_on(*r, f.ref_cols)) return true;
      if (!t.unlogged && r->unlogged) return true;
      if (f.not_valid && in_partition_tree(m, t)) return true;
      for (std::size_t i = 0; i < f.cols.size(); ++i) {
        const RelCol* a = col_in(cols, f.cols[i]);
        const Column* b = find_named(r->cols, f.ref_cols[i]);
        if (!a || !b || a->generated || !fk_types_ok(m, a->type, b->type)) return true;
      }
      return false;
    });
  }
  for (auto& q : m.sequences) {
    if (q.owned_table.empty()) continue;
    const Table* t = find(m.tables, q.owned_table);
    if (!t || !t->parent.empty() || t->schema != q.schema || !find_named(t->cols, q.owned_col)) {
      q.owned_table.clear();
      q.owned_col.clear();
      changed = true;
    }
  }
  // Views, in order: a view of a view that went goes too.
  std::sort(m.views.begin(), m.views.end(), [](const View& a, const View& b) { return a.order < b.order; });
  for (std::size_t vi = 0; vi < m.views.size(); ++vi) {
    View& v = m.views[vi];
    const bool source_ok = find(m.tables, v.source) || find(m.views, v.source);
    if (!source_ok) {
      m.views.erase(m.views.begin() + static_cast<long>(vi));
      changed = true;
      --vi;
      continue;
    }
    const std::vector<RelCol> src = rel_columns(m, v.source);
    changed |= erase_if(v.items, [&](const ViewItem& it) { return !expr_ok(m, src, it.expr, false); });
    if (v.items.empty()) {
      m.views.erase(m.views.begin() + static_cast<long>(vi));
      changed = true;
      --vi;
      continue;
    }
    if (v.where && !expr_ok(m, src, *v.where, false)) {
      v.where.reset();
      changed = true;
    }
    const bool updatable = !v.materialized && find(m.tables, v.source) &&
                           std::all_of(v.items.begin(), v.items.end(), [](const ViewItem& i) { return i.kind == 0; });
    if (!v.check_option.empty() && !updatable) {
      v.check_option.clear();
      changed = true;
    }
    if (v.materialized && (v.security_barrier || v.security_invoker || !v.triggers.empty() || !v.rules.empty())) {
      v.security_barrier = v.security_invoker = false;
      v.triggers.clear();
      v.rules.clear();
      changed = true;
    }
    if (!v.materialized && (v.fillfactor || !v.indexes.empty())) {
      v.fillfactor = 0;
      v.indexes.clear();
      changed = true;
    }
    const std::vector<RelCol> own = rel_columns(m, v.key());
    changed |= erase_if(v.indexes, [&](const Index& i) { return !index_ok(m, own, i, nullptr, false) || i.unique; });
    changed |= erase_if(v.triggers, [&](const Trigger& tr) { return !trigger_ok(m, own, tr); });
    changed |= erase_if(v.rules, [&](const Rule& r) { return !rule_ok(m, own, r); });
  }
  return changed;
}

void repair(Model& m) {
  for (int i = 0; i < 50 && repair_once(m); ++i) {
  }
}

// ---- what A's rows and autogenerate's known limits allow ------------------

bool key_cols_of_table(const Table& t, std::set<std::string>& out) {
  if (t.pk) out.insert(t.pk->cols.begin(), t.pk->cols.end());
  for (const auto& u : t.uniques) out.insert(u.cols.begin(), u.cols.end());
  for (const auto& x : t.excls) out.insert(x.col);
  for (const auto& i : t.indexes) {
    if (!i.unique) continue;
    for (const auto& it : i.items) out.insert(it.expr.cols.begin(), it.expr.cols.end());
  }
  return true;
}

bool nullable_everywhere(const Model& m, const Column& c) {
  if (c.not_null) return false;
  if (c.type.k == TK::domain_) {
    const Domain* d = find(m.domains, c.type.ref);
    if (d && d->not_null) return false;
  }
  return true;
}

// A column added (or added again) to a table with rows gets values.
bool fills(const Model& m, const Column& c) {
  return c.identity || c.serial || c.generated || c.def || nullable_everywhere(m, c);
}

std::string family(const Type& t) {
  switch (t.k) {
    case TK::smallint_:
    case TK::integer_:
    case TK::bigint_:
    case TK::numeric_: return "num";
    case TK::text_:
    case TK::varchar_: return "text";
    case TK::timestamptz_:
    case TK::date_: return "time";
    case TK::int_array:
    case TK::bigint_array: return "intarr";
    default: return "other";
  }
}

bool rows_ok(const Model& a, const Model& b) {
  for (const auto& ta : a.tables) {
    if (ta.rows == 0) continue;
    const Table* tb = find(b.tables, ta.key());
    if (!tb) continue;
    std::set<std::string> keys_a, keys_b;
    key_cols_of_table(ta, keys_a);
    key_cols_of_table(*tb, keys_b);
    std::set<std::string> distinct;  // columns whose values stay distinct and not null
    for (const auto& ca : ta.cols) {
      const Column* cb = find_named(tb->cols, ca.name);
      const bool remade = !cb || ca.generated.has_value() != cb->generated.has_value() ||
                          (ca.generated && cb->generated && !(*ca.generated == *cb->generated));
      if (remade) {
        // The downgrade adds it again: it must get values, distinct ones
        // where A has a key on it.
        if (!fills(a, ca)) return false;
        if (keys_a.count(ca.name) && !(ca.identity || ca.serial)) return false;
        if (cb && keys_b.count(ca.name) && !(cb->identity || cb->serial)) return false;
        continue;
      }
      if (!(ca.type == cb->type)) {
        const std::string f = family(ca.type);
        if (f == "other" || f != family(cb->type)) return false;
      }
      distinct.insert(ca.name);
    }
    for (const auto& cb : tb->cols) {
      const Column* ca = find_named(ta.cols, cb.name);
      if (ca && ca->generated.has_value() == cb.generated.has_value()) continue;
      if (!fills(b, cb)) return false;
      if (cb.identity || cb.serial) distinct.insert(cb.name);
    }
    for (const auto& k : keys_b)
      if (!distinct.count(k)) return false;
    for (const auto& f : tb->fks) {
      if (f.not_valid) continue;
      for (const auto& c : f.cols) {
        const Column* cb = find_named(tb->cols, c);
        if (find_named(ta.cols, c) || !cb || !nullable_everywhere(b, *cb) || cb->def || cb->identity || cb->serial ||
            cb->generated) {
          return false;
        }
      }
    }
    // Enum values the rows hold stay.
    std::function<bool(const Type&)> values_stay = [&](const Type& t) -> bool {
      if (t.k == TK::enum_ || t.k == TK::enum_array) {
        const Enum* ea = find(a.enums, t.ref);
        const Enum* eb = find(b.enums, t.ref);
        if (!ea || !eb) return true;
        for (int i = 1; i <= ta.rows; ++i) {
          const std::string& v = ea->values[static_cast<std::size_t>(i - 1) % ea->values.size()];
          if (std::find(eb->values.begin(), eb->values.end(), v) == eb->values.end()) return false;
        }
      }
      if (t.k == TK::composite_) {
        const Composite* c = find(a.composites, t.ref);
        if (c)
          for (const auto& at : c->attrs)
            if (!values_stay(at.second)) return false;
      }
      return true;
    };
    for (const auto& ca : ta.cols)
      if (!values_stay(ca.type)) return false;
  }
  return true;
}

// docs/autogenerate.md, "Known limits": a function whose result type or
// argument names change while a domain uses it. (This generator makes no
// domain over an enum or another domain, no function or composite type over
// a domain or range type, and no BEGIN ATOMIC body that calls a function: the
// other known limits cannot come up.)
bool limits_ok(const Model& a, const Model& b) {
  std::set<std::string> used_by_domains;
  for (const Model* m : {&a, &b}) {
    for (const auto& d : m->domains) {
      if (d.def) used_by_domains.insert(d.def->refs.begin(), d.def->refs.end());
      for (const auto& c : d.checks) used_by_domains.insert(c.expr.refs.begin(), c.expr.refs.end());
    }
  }
  for (const auto& fa : a.functions) {
    const Function* fb = find(b.functions, fa.key());
    if (fb && (fa.ret != fb->ret || fa.arg != fb->arg) && used_by_domains.count("fn:" + fa.key())) return false;
  }
  return true;
}

// ---- the generator ------------------------------------------------------------

class Gen {
 public:
  Gen(unsigned seed, const FuzzOptions& options) : m_rng(seed), m_options(options) {}

  GeneratedPair run(unsigned seed);

 private:
  std::mt19937 m_rng;
  FuzzOptions m_options;
  Model m;

  // std::mt19937's numbers are the same everywhere; the standard library's
  // distributions and std::shuffle are not, so the pair a seed makes is
  // drawn from the numbers directly.
  int rnd(int lo, int hi) { return lo + static_cast<int>(m_rng() % static_cast<std::uint32_t>(hi - lo + 1)); }

  template <class V>
  void shuffle(V& v) {
    for (std::size_t i = v.size(); i > 1; --i)
      std::swap(v[i - 1], v[static_cast<std::size_t>(rnd(0, static_cast<int>(i) - 1))]);
  }

  bool chance(int percent) { return rnd(0, 99) < percent; }

  template <class V>
  auto& pick(V& v) {
    return v[static_cast<std::size_t>(rnd(0, static_cast<int>(v.size()) - 1))];
  }

  bool on(const std::string& feature) const {
    if (m_options.off.count(feature)) return false;
    const std::string prefix = feature.substr(0, feature.find('.') + 1);
    return prefix.empty() || !m_options.off.count(prefix);
  }

  std::string fresh(const std::string& prefix) {
    const std::string n = std::to_string(++m.counter);
    if (on("quoted_names") && chance(6)) {
      std::string p = prefix;
      p[0] = static_cast<char>(p[0] - 'a' + 'A');
      return p + " " + n;
    }
    return prefix + n;
  }

  // Whether `schema` has an object (other than an index or constraint) named `name`.
  bool name_taken(const std::string& schema, const std::string& name) const {
    auto in = [&](const auto& v) {
      return std::any_of(v.begin(), v.end(), [&](const auto& o) { return o.schema == schema && o.name == name; });
    };
    return in(m.tables) || in(m.views) || in(m.sequences) || in(m.enums) || in(m.domains) || in(m.composites) ||
           in(m.ranges) || in(m.functions) || in(m.aggregates);
  }

  // A fresh name, or now and then (feature "same_names") the name of an
  // object of the same kind in another schema.
  template <class V>
  std::string name_for(const std::string& schema, const V& objects, const std::string& prefix) {
    if (on("same_names") && chance(25)) {
      std::vector<std::string> c;
      for (const auto& o : objects)
        if (o.schema != schema && !name_taken(schema, o.name)) c.push_back(o.name);
      if (!c.empty()) return pick(c);
    }
    return fresh(prefix);
  }

  std::string pick_schema() {
    if (m.schemas.empty() || chance(70)) return "public";
    return pick(m.schemas);
  }

  template <class P>
  Table* pick_table(P pred) {
    std::vector<Table*> c;
    for (auto& t : m.tables)
      if (pred(t)) c.push_back(&t);
    return c.empty() ? nullptr : pick(c);
  }

  Table* column_table() {
    return pick_table([](const Table& t) { return t.parent.empty(); });
  }

  Table* plain_table() {
    return pick_table([](const Table& t) { return t.plain(); });
  }

  const Function* pick_function(FnKind kind, bool immutable = false) {
    std::vector<const Function*> c;
    for (const auto& f : m.functions)
      if (f.kind == kind && (!immutable || f.volatility == "IMMUTABLE")) c.push_back(&f);
    return c.empty() ? nullptr : pick(c);
  }

  std::vector<const RelCol*> cols_where(const std::vector<RelCol>& cols, Need need, bool allow_generated = true) {
    std::vector<const RelCol*> out;
    for (const auto& c : cols)
      if (satisfies(m, c.type, need) && (allow_generated || !c.generated)) out.push_back(&c);
    return out;
  }

  Type random_scalar_type();
  Type random_type(bool user_types);
  std::optional<Expr> random_default(const Type& t);
  std::optional<Expr> random_check(const std::vector<RelCol>& cols);
  std::optional<Expr> random_predicate(const std::vector<RelCol>& cols);
  std::optional<Expr> random_subquery(const std::vector<RelCol>& cols, const std::string& self);
  std::optional<Expr> random_generated(const std::vector<RelCol>& cols, Type& type);
  Column random_column(Table& t, bool user_types);
  std::optional<Index> random_index(const std::vector<RelCol>& cols, bool allow_unique, bool matview);
  std::optional<Trigger> random_trigger(const std::vector<RelCol>& cols, bool view, bool tree);
  std::optional<Rule> random_rule(const Table* t, const std::vector<RelCol>& cols, bool view);
  std::optional<Policy> random_policy(const std::vector<RelCol>& cols, const std::string& self);
  void random_sequence_options(Sequence& s);
  std::optional<Bound> free_bound(const Table& parent, const Table* except);
  std::optional<PartKey> random_part_key(const std::vector<Column>& cols);
  bool add_partition(Table& parent, int depth, std::string& what);
  std::optional<View> random_view();
  Function random_function(FnKind kind);

  // Edits: each changes one object and says what in `what`; false when it
  // does not apply to the model as it is.
  using Edit = bool (Gen::*)(std::string& what);

  struct EditKind {
    const char* name;
    Edit edit;
    int grow_weight;    // while A is built
    int change_weight;  // from A to B
  };

  static const std::vector<EditKind>& edits();

  bool e_schema_add(std::string& w);
  bool e_schema_drop(std::string& w);
  bool e_enum_add(std::string& w);
  bool e_enum_drop(std::string& w);
  bool e_enum_add_value(std::string& w);
  bool e_enum_remove_value(std::string& w);
  bool e_enum_reorder(std::string& w);
  bool e_domain_add(std::string& w);
  bool e_domain_drop(std::string& w);
  bool e_domain_default(std::string& w);
  bool e_domain_not_null(std::string& w);
  bool e_domain_check(std::string& w);
  bool e_domain_retype(std::string& w);
  bool e_range_add(std::string& w);
  bool e_range_drop(std::string& w);
  bool e_range_change(std::string& w);
  bool e_composite_add(std::string& w);
  bool e_composite_drop(std::string& w);
  bool e_composite_add_attr(std::string& w);
  bool e_composite_drop_attr(std::string& w);
  bool e_composite_retype_attr(std::string& w);
  bool e_composite_reorder(std::string& w);
  bool e_sequence_add(std::string& w);
  bool e_sequence_drop(std::string& w);
  bool e_sequence_options(std::string& w);
  bool e_sequence_owned_by(std::string& w);
  bool e_function_add(std::string& w);
  bool e_function_drop(std::string& w);
  bool e_function_body(std::string& w);
  bool e_function_options(std::string& w);
  bool e_function_result_type(std::string& w);
  bool e_function_rename_arg(std::string& w);
  bool e_aggregate_add(std::string& w);
  bool e_aggregate_drop(std::string& w);
  bool e_aggregate_change(std::string& w);
  bool e_aggregate_result_type(std::string& w);
  bool e_table_add(std::string& w);
  bool e_table_drop(std::string& w);
  bool e_table_unlogged(std::string& w);
  bool e_table_options(std::string& w);
  bool e_table_comment(std::string& w);
  bool e_table_rls(std::string& w);
  bool e_column_add(std::string& w);
  bool e_column_drop(std::string& w);
  bool e_column_retype(std::string& w);
  bool e_column_not_null(std::string& w);
  bool e_column_default(std::string& w);
  bool e_column_identity(std::string& w);
  bool e_column_serial(std::string& w);
  bool e_column_generated(std::string& w);
  bool e_column_collation(std::string& w);
  bool e_column_comment(std::string& w);
  bool e_pk_add(std::string& w);
  bool e_pk_drop(std::string& w);
  bool e_unique_add(std::string& w);
  bool e_unique_drop(std::string& w);
  bool e_check_add(std::string& w);
  bool e_check_drop(std::string& w);
  bool e_check_change(std::string& w);
  bool e_fk_add(std::string& w);
  bool e_fk_drop(std::string& w);
  bool e_fk_change(std::string& w);
  bool e_exclusion_add(std::string& w);
  bool e_exclusion_drop(std::string& w);
  bool e_index_add(std::string& w);
  bool e_index_drop(std::string& w);
  bool e_index_change(std::string& w);
  bool e_policy_add(std::string& w);
  bool e_policy_drop(std::string& w);
  bool e_policy_change(std::string& w);
  bool e_trigger_add(std::string& w);
  bool e_trigger_drop(std::string& w);
  bool e_trigger_change(std::string& w);
  bool e_trigger_enabled(std::string& w);
  bool e_rule_add(std::string& w);
  bool e_rule_drop(std::string& w);
  bool e_rule_change(std::string& w);
  bool e_partitioned_add(std::string& w);
  bool e_partition_add(std::string& w);
  bool e_partition_drop(std::string& w);
  bool e_partition_bound(std::string& w);
  bool e_partition_local(std::string& w);
  bool e_view_add(std::string& w);
  bool e_view_drop(std::string& w);
  bool e_view_change(std::string& w);
  bool e_view_options(std::string& w);
  bool e_view_materialize(std::string& w);
  bool e_view_comment(std::string& w);
  bool e_view_index(std::string& w);
  bool e_view_trigger(std::string& w);
  bool e_view_rule(std::string& w);

  bool apply_random(bool grow, std::string& what);
};

// ---- random parts ---------------------------------------------------------

Type Gen::random_scalar_type() {
  switch (rnd(0, 8)) {
    case 0: return {TK::integer_};
    case 1: return {TK::bigint_};
    case 2: return {TK::text_};
    case 3: return {TK::varchar_, rnd(4, 40)};
    case 4: {
      const int p = rnd(6, 12);
      return {TK::numeric_, p, rnd(0, std::min(3, p - 3))};
    }
    case 5: return {TK::date_};
    case 6: return {TK::boolean_};
    case 7: return {TK::smallint_};
    default: return {TK::integer_};
  }
}

Type Gen::random_type(bool user_types) {
  const int r = rnd(0, 99);
  if (r < 18) return {TK::integer_};
  if (r < 26) return {TK::bigint_};
  if (r < 29) return {TK::smallint_};
  if (r < 35) {
    const int p = rnd(6, 12);
    return {TK::numeric_, p, rnd(0, std::min(3, p - 3))};
  }
  if (r < 49) return {TK::text_};
  if (r < 56) return {TK::varchar_, rnd(4, 40)};
  if (r < 62) return {TK::timestamptz_};
  if (r < 66) return {TK::date_};
  if (r < 71) return {TK::jsonb_};
  if (r < 75) return {TK::boolean_};
  if (r < 78) return {TK::int_array};
  if (r < 80) return {TK::bigint_array};
  if (r < 82) return {TK::text_array};
  if (r < 84) return {TK::int4range_};
  if (r < 86) return {TK::daterange_};
  if (!user_types) return {TK::integer_};
  if (r < 91 && !m.enums.empty()) return {TK::enum_, 0, 0, pick(m.enums).key()};
  if (r < 93 && !m.enums.empty()) return {TK::enum_array, 0, 0, pick(m.enums).key()};
  if (r < 96 && !m.domains.empty()) return {TK::domain_, 0, 0, pick(m.domains).key()};
  if (r < 98 && !m.ranges.empty()) return {TK::range_, 0, 0, pick(m.ranges).key()};
  if (!m.composites.empty()) return {TK::composite_, 0, 0, pick(m.composites).key()};
  return {TK::text_};
}

std::optional<Expr> Gen::random_default(const Type& t) {
  Expr e;
  const std::optional<Type> base = base_of(m, t);
  if (!base) return std::nullopt;
  if (t.k == TK::enum_) {
    const Enum* en = find(m.enums, t.ref);
    if (!en) return std::nullopt;
    e.text = "@0";
    e.refs = {"ev:" + t.ref + "|" +
              en->values[static_cast<std::size_t>(rnd(0, static_cast<int>(en->values.size()) - 1))]};
    e.self = Need::enumeration;
    return e;
  }
  if (raw_integral(t) && !m.sequences.empty() && chance(20)) {
    e.text = "nextval(@0)";
    e.refs = {"seq:" + pick(m.sequences).key()};
    e.self = Need::integral;
    return e;
  }
  if (satisfies(m, t, Need::num)) {
    const Function* f = pick_function(FnKind::pure);
    if (f && chance(25)) {
      e.text = "@0(" + std::to_string(rnd(0, 9)) + ")";
      e.refs = {"fn:" + f->key()};
    } else {
      e.text = std::to_string(rnd(0, 99));
    }
    e.self = Need::num;
    return e;
  }
  if (satisfies(m, t, Need::text)) {
    static const std::vector<std::string> texts = {"'abc'", "'x'", "'o''k'"};
    e.text = texts[static_cast<std::size_t>(rnd(0, 2))];
    e.self = Need::text;
    return e;
  }
  if (satisfies(m, t, Need::time)) {
    e.text = base->k == TK::timestamptz_ && chance(50) ? "now()" : chance(50) ? "'2026-06-01'" : "CURRENT_DATE";
    e.self = Need::time;
    return e;
  }
  if (base->k == TK::jsonb_) {
    static const std::vector<std::string> texts = {"'{}'", "'[]'", "'{\"a\": 1}'"};
    e.text = texts[static_cast<std::size_t>(rnd(0, 2))];
    e.self = Need::jsonb;
    return e;
  }
  if (base->k == TK::boolean_) {
    e.text = chance(50) ? "true" : "false";
    e.self = Need::boolean;
    return e;
  }
  if (satisfies(m, t, Need::array)) {
    e.text = "'{}'";
    e.self = Need::array;
    return e;
  }
  if (satisfies(m, t, Need::range)) {
    e.text = "'empty'";
    e.self = Need::range;
    return e;
  }
  return std::nullopt;
}

std::optional<Expr> Gen::random_check(const std::vector<RelCol>& cols) {
  std::vector<const RelCol*> order;
  for (const auto& c : cols) order.push_back(&c);
  shuffle(order);
  const auto nums = cols_where(cols, Need::num);
  if (nums.size() >= 2 && chance(15)) {
    return Expr{"$0 + $1 > -2000", {nums[0]->name, nums[1]->name}, {Need::num, Need::num}};
  }
  for (const RelCol* c : order) {
    auto one = [&](const std::string& text, Need need) { return Expr{text, {c->name}, {need}}; };
    if (satisfies(m, c->type, Need::num)) {
      const Function* f = pick_function(FnKind::pure);
      if (f && satisfies(m, c->type, Need::int4) && chance(30)) {
        Expr e = one("@0($0) > -1000", Need::int4);
        e.refs = {"fn:" + f->key()};
        return e;
      }
      switch (rnd(0, 2)) {
        case 0: return one("$0 > -1000", Need::num);
        case 1: return one("$0 <> 12345", Need::num);
        default: return one("($0 + 1) > -1000", Need::num);
      }
    }
    if (satisfies(m, c->type, Need::text)) {
      switch (rnd(0, 2)) {
        case 0: return one("length($0) < 1000", Need::text);
        case 1: return one("$0 <> ''", Need::text);
        default: return one("lower($0) <> 'zzz'", Need::text);
      }
    }
    if (satisfies(m, c->type, Need::time)) return one("$0 > '2000-01-01'", Need::time);
    if (satisfies(m, c->type, Need::jsonb)) return one("jsonb_typeof($0) <> 'string'", Need::jsonb);
    if (satisfies(m, c->type, Need::array)) return one("cardinality($0) < 100", Need::array);
    if (satisfies(m, c->type, Need::range)) return one("upper_inf($0) IS NOT TRUE", Need::range);
    if (satisfies(m, c->type, Need::enumeration)) return one("$0::text <> 'zzz'", Need::enumeration);
  }
  return std::nullopt;
}

std::optional<Expr> Gen::random_predicate(const std::vector<RelCol>& cols) {
  if (cols.empty()) return std::nullopt;
  const RelCol& c = cols[static_cast<std::size_t>(rnd(0, static_cast<int>(cols.size()) - 1))];
  if (satisfies(m, c.type, Need::num)) return Expr{"$0 > 0", {c.name}, {Need::num}};
  if (satisfies(m, c.type, Need::text)) return Expr{"$0 <> ''", {c.name}, {Need::text}};
  return Expr{"$0 IS NOT NULL", {c.name}, {Need::any}};
}

// "$0 IN (SELECT #0 FROM @0)": a column of another table, of the same kind.
std::optional<Expr> Gen::random_subquery(const std::vector<RelCol>& cols, const std::string& self) {
  if (!on("subquery")) return std::nullopt;
  std::vector<std::tuple<const Table*, std::string, std::string, Need>> options;
  for (const auto& o : m.tables) {
    if (!o.plain() || o.key() == self) continue;
    for (const auto& oc : o.cols) {
      for (const auto& c : cols) {
        for (Need need : {Need::num, Need::text}) {
          if (satisfies(m, oc.type, need) && satisfies(m, c.type, need))
            options.emplace_back(&o, oc.name, c.name, need);
        }
      }
    }
  }
  if (options.empty()) return std::nullopt;
  const auto& [o, oc, c, need] = pick(options);
  if (chance(50)) {
    return Expr{"$0 IN (SELECT #0 FROM @0)", {c}, {need}, {"tbl:" + o->key()}, {o->key() + "|" + oc}, {need}};
  }
  return Expr{
      "EXISTS (SELECT 1 FROM @0 WHERE @0.#0 = $0)", {c}, {need}, {"tbl:" + o->key()}, {o->key() + "|" + oc}, {need}};
}

std::optional<Expr> Gen::random_generated(const std::vector<RelCol>& cols, Type& type) {
  std::vector<const RelCol*> order;
  for (const auto& c : cols)
    if (!c.generated) order.push_back(&c);
  shuffle(order);
  for (const RelCol* c : order) {
    if (satisfies(m, c->type, Need::num)) {
      const Function* f = pick_function(FnKind::pure, true);
      type = chance(70) ? Type{TK::bigint_} : Type{TK::numeric_, 16, 2};
      if (f && satisfies(m, c->type, Need::int4) && chance(30)) {
        Expr e{"@0($0)", {c->name}, {Need::int4}, {"fn:" + f->key()}};
        e.self = Need::num;
        return e;
      }
      Expr e{"($0 * 2)", {c->name}, {Need::num}};
      e.self = Need::num;
      return e;
    }
    if (satisfies(m, c->type, Need::text)) {
      type = {TK::text_};
      Expr e{chance(50) ? "lower($0)" : "($0 || '!')", {c->name}, {Need::text}};
      e.self = Need::text;
      return e;
    }
  }
  return std::nullopt;
}

Column Gen::random_column(Table& t, bool user_types) {
  const bool tree = t.part.has_value();
  Column c;
  c.name = fresh("c");
  c.type = random_type(user_types);
  std::vector<RelCol> cols = rel_columns(m, t.key());
  const int r = rnd(0, 99);
  if (raw_integral(c.type) && !tree && r < 10 && on("column.identity")) {
    c.identity = chance(50) ? 1 : 2;
    c.not_null = true;
    c.id_start = chance(70) ? 1 : 100;
    c.id_inc = chance(80) ? 1 : 2;
  } else if (raw_integral(c.type) && r < 16 && on("column.serial")) {
    c.serial = true;
    c.not_null = true;
  } else if (r < 24 && on("column.generated")) {
    Type gt;
    if (auto g = random_generated(cols, gt)) {
      c.type = gt;
      c.generated = g;
    }
  }
  if (!c.identity && !c.serial && !c.generated) {
    c.not_null = chance(25);
    if (chance(35)) c.def = random_default(c.type);
  }
  if ((c.type.k == TK::text_ || c.type.k == TK::varchar_) && chance(10) && on("column.collation")) {
    c.collation = chance(50) ? "C" : "POSIX";
  }
  if (chance(10)) c.comment = chance(50) ? "a column" : "it's";
  if (t.rows > 0 && !fills(m, c)) {
    c.def = random_default(c.type);
    if (!c.def) {
      c.type = {TK::integer_};
      c.def = random_default(c.type);
    }
  }
  return c;
}

std::optional<Index> Gen::random_index(const std::vector<RelCol>& cols, bool allow_unique, bool matview) {
  if (cols.empty()) return std::nullopt;
  Index i;
  i.name = fresh("ix");
  const int r = rnd(0, 99);
  auto plain = [](const RelCol* c) { return IndexItem{Expr{"$0", {c->name}, {Need::any}}}; };
  if (r < 10) {
    std::vector<const RelCol*> c = cols_where(cols, Need::jsonb);
    const auto arrays = cols_where(cols, Need::array);
    c.insert(c.end(), arrays.begin(), arrays.end());
    if (!c.empty()) {
      const RelCol* x = pick(c);
      i.method = "gin";
      i.items = {plain(x)};
      if (satisfies(m, x->type, Need::jsonb) && chance(30)) i.opclass = "jsonb_path_ops";
    }
  } else if (r < 18) {
    const auto c = cols_where(cols, Need::range);
    if (!c.empty()) {
      i.method = "gist";
      i.items = {plain(pick(c))};
    }
  } else if (r < 24) {
    auto c = cols_where(cols, Need::num);
    const auto times = cols_where(cols, Need::time);
    c.insert(c.end(), times.begin(), times.end());
    if (!c.empty()) {
      i.method = "brin";
      i.items = {plain(pick(c))};
    }
  } else if (r < 32) {
    const auto c = cols_where(cols, Need::btree);
    if (!c.empty()) {
      i.method = "hash";
      i.items = {plain(pick(c))};
    }
  }
  if (i.items.empty()) {
    i.method = "btree";
    const int n = rnd(1, 2);
    std::vector<const RelCol*> order;
    for (const auto& c : cols) order.push_back(&c);
    shuffle(order);
    for (const RelCol* c : order) {
      if (static_cast<int>(i.items.size()) >= n) break;
      if (!matview && chance(30)) {
        const Function* f = pick_function(FnKind::pure, true);
        if (f && satisfies(m, c->type, Need::int4) && chance(40)) {
          i.items.push_back({Expr{"@0($0)", {c->name}, {Need::int4}, {"fn:" + f->key()}}});
          continue;
        }
        if (satisfies(m, c->type, Need::num)) {
          i.items.push_back({Expr{chance(50) ? "$0 + 1" : "abs($0)", {c->name}, {Need::num}}});
          continue;
        }
        if (satisfies(m, c->type, Need::text)) {
          i.items.push_back({Expr{"lower($0)", {c->name}, {Need::text}}});
          continue;
        }
      }
      if (satisfies(m, c->type, Need::btree) || satisfies(m, c->type, Need::jsonb)) i.items.push_back(plain(c));
    }
    if (i.items.empty()) return std::nullopt;
    bool all_btree = true;
    for (auto& it : i.items) {
      if (it.expr.text == "$0" && !satisfies(m, col_in(cols, it.expr.cols[0])->type, Need::btree)) all_btree = false;
      it.desc = chance(15);
      it.nulls_first = chance(15);
    }
    if (allow_unique && all_btree && chance(25)) {
      i.unique = true;
      i.nulls_not_distinct = chance(15);
    }
    if (chance(10)) {
      for (const RelCol* c : order) {
        const bool used = std::any_of(i.items.begin(), i.items.end(),
                                      [&](const IndexItem& it) { return it.expr.cols[0] == c->name; });
        if (!used) {
          i.include = {c->name};
          break;
        }
      }
    }
    if (chance(10)) i.fillfactor = rnd(5, 10) * 10;
  }
  if (chance(20)) i.where = random_predicate(cols);
  return i;
}

std::optional<Trigger> Gen::random_trigger(const std::vector<RelCol>& cols, bool view, bool tree) {
  const Function* f = pick_function(FnKind::trigger);
  if (!f) return std::nullopt;
  Trigger t;
  t.name = fresh("tg");
  t.fn = f->key();
  static const std::vector<std::string> all = {"INSERT", "UPDATE", "DELETE"};
  for (const auto& e : all)
    if (chance(45)) t.events.push_back(e);
  if (t.events.empty()) t.events.push_back(all[static_cast<std::size_t>(rnd(0, 2))]);
  if (view) {
    t.timing = "INSTEAD OF";
    return t;
  }
  t.timing = chance(50) ? "BEFORE" : "AFTER";
  t.row = chance(70);
  if (!t.row && chance(20)) t.events.push_back("TRUNCATE");
  auto contains = [&](const std::string& e) {
    return std::find(t.events.begin(), t.events.end(), e) != t.events.end();
  };
  if (contains("UPDATE") && !cols.empty() && chance(25))
    t.update_of = {cols[static_cast<std::size_t>(rnd(0, static_cast<int>(cols.size()) - 1))].name};
  const auto plain_cols = cols_where(cols, Need::any, false);
  if (t.row && !plain_cols.empty() && chance(30)) {
    const std::string c = pick(plain_cols)->name;
    if (t.events.size() == 1 && t.events[0] == "UPDATE") {
      t.when = Expr{"OLD.$0 IS DISTINCT FROM NEW.$0", {c}, {Need::any}};
    } else if (!contains("DELETE")) {
      t.when = Expr{"NEW.$0 IS NOT NULL", {c}, {Need::any}};
    } else if (!contains("INSERT")) {
      t.when = Expr{"OLD.$0 IS NOT NULL", {c}, {Need::any}};
    }
  }
  if (!tree && t.row && t.timing == "AFTER" && chance(10)) {
    t.constraint = true;
    t.deferred = chance(50);
  }
  if (!tree && !t.constraint && t.timing == "AFTER" && t.events.size() == 1 && t.update_of.empty() && !t.when &&
      chance(25)) {
    t.transition = t.events[0] == "INSERT"   ? "NEW TABLE AS nt"
                   : t.events[0] == "DELETE" ? "OLD TABLE AS ot"
                                             : "OLD TABLE AS ot NEW TABLE AS nt";
  }
  if (chance(15)) t.enabled = "DAR"[rnd(0, 2)];
  return t;
}

std::optional<Rule> Gen::random_rule(const Table* t, const std::vector<RelCol>& cols, bool view) {
  Rule r;
  r.name = fresh("r");
  static const std::vector<std::string> events = {"INSERT", "UPDATE", "DELETE"};
  r.event = events[static_cast<std::size_t>(rnd(0, 2))];
  if (view) return r;
  r.instead = chance(50);
  const int a = rnd(0, 99);
  r.action = a < 30 ? 0 : a < 60 ? 1 : 2;
  r.channel = "ch" + std::to_string(rnd(1, 3));
  const std::string row = r.event == "INSERT" ? "new" : r.event == "DELETE" ? "old" : (chance(50) ? "new" : "old");
  if (!cols.empty() && chance(30)) {
    r.where = Expr{row + ".$0 IS NOT NULL",
                   {cols[static_cast<std::size_t>(rnd(0, static_cast<int>(cols.size()) - 1))].name},
                   {Need::any}};
  }
  if (r.action == 1) r.where.reset();  // PostgreSQL: a rule with WHERE cannot NOTIFY
  if (r.action == 2) {
    r.action = 0;
    std::vector<std::tuple<const Table*, std::string, std::string, Need>> options;
    for (const auto& o : m.tables) {
      if (!o.plain() || &o == t) continue;
      for (const auto& oc : o.cols) {
        for (const auto& c : cols) {
          for (Need need : {Need::num, Need::text}) {
            if (satisfies(m, oc.type, need) && satisfies(m, c.type, need))
              options.emplace_back(&o, oc.name, c.name, need);
          }
        }
      }
    }
    if (!options.empty()) {
      const auto& [o, oc, c, need] = pick(options);
      r.action = 2;
      r.target = Expr{"DELETE FROM @0 WHERE @0.#0 = " + row + ".$0",
                      {c},
                      {need},
                      {"tbl:" + o->key()},
                      {o->key() + "|" + oc},
                      {need}};
    }
  }
  return r;
}

std::optional<Policy> Gen::random_policy(const std::vector<RelCol>& cols, const std::string& self) {
  Policy p;
  p.name = fresh("pol");
  p.restrictive = chance(25);
  static const std::vector<std::string> cmds = {"ALL", "SELECT", "INSERT", "UPDATE", "DELETE"};
  p.cmd = cmds[static_cast<std::size_t>(rnd(0, 4))];
  p.roles = chance(70) ? "PUBLIC" : "CURRENT_USER";
  auto expr = [&]() -> std::optional<Expr> {
    const auto texts = cols_where(cols, Need::text);
    if (!texts.empty() && chance(20)) return Expr{"$0 = current_user", {texts[0]->name}, {Need::text}};
    if (chance(25)) return Expr{"true"};
    if (chance(20)) {
      if (auto e = random_subquery(cols, self)) return e;
    }
    return random_check(cols);
  };
  if (p.cmd != "INSERT") p.using_expr = expr();
  if ((p.cmd == "ALL" || p.cmd == "UPDATE" || p.cmd == "INSERT") && chance(50)) p.check_expr = expr();
  return p;
}

void Gen::random_sequence_options(Sequence& s) {
  static const std::vector<std::string> types = {"", "integer", "smallint", "bigint"};
  s.as = types[static_cast<std::size_t>(rnd(0, 3))];
  const long long hi = s.as == "smallint" ? 32767 : s.as == "integer" ? 2147483647LL : 9223372036854775807LL;
  if (chance(85)) {
    s.inc = std::vector<long long>{1, 1, 2, 5}[static_cast<std::size_t>(rnd(0, 3))];
    s.min = std::vector<long long>{1, 0, -10}[static_cast<std::size_t>(rnd(0, 2))];
    s.max = std::min(hi, std::vector<long long>{1000, 30000, hi}[static_cast<std::size_t>(rnd(0, 2))]);
    s.start = std::min(s.max, std::vector<long long>{s.min, 10, 100}[static_cast<std::size_t>(rnd(0, 2))]);
  } else {
    s.inc = chance(50) ? -1 : -2;
    s.max = std::vector<long long>{-1, 0, 10}[static_cast<std::size_t>(rnd(0, 2))];
    s.min = chance(50) ? -1000 : -30000;
    s.start = chance(50) ? s.max : s.max - 1;
  }
  s.cache = chance(80) ? 1 : 10;
  s.cycle = chance(20);
}

std::optional<Bound> Gen::free_bound(const Table& parent, const Table* except) {
  std::set<int> used;
  bool has_default = false;
  for (const auto& t : m.tables) {
    if (t.parent != parent.key() || &t == except) continue;
    if (t.bound.is_default) {
      has_default = true;
      continue;
    }
    for (int s = t.bound.lo; s < t.bound.hi; ++s) used.insert(s);
    used.insert(t.bound.values.begin(), t.bound.values.end());
    if (parent.part->kind == "HASH") used.insert(t.bound.rem);
  }
  Bound b;
  const std::string& kind = parent.part->kind;
  if (kind != "HASH" && !has_default && chance(15)) {
    b.is_default = true;
    return b;
  }
  for (int attempt = 0; attempt < 20; ++attempt) {
    if (kind == "RANGE") {
      b.lo = rnd(0, 8);
      b.hi = b.lo + rnd(1, 2);
      bool ok = b.hi <= 10;
      for (int s = b.lo; s < b.hi; ++s) ok = ok && !used.count(s);
      if (ok) return b;
    } else if (kind == "LIST") {
      const int v = rnd(1, 9);
      if (used.count(v)) continue;
      b.values = {v};
      const int w = rnd(1, 9);
      if (w != v && !used.count(w) && chance(40)) b.values.push_back(w);
      return b;
    } else {
      b.rem = rnd(0, parent.part->modulus - 1);
      if (!used.count(b.rem)) return b;
    }
  }
  return std::nullopt;
}

std::optional<PartKey> Gen::random_part_key(const std::vector<Column>& cols) {
  static const std::vector<std::string> kinds = {"RANGE", "LIST", "HASH"};
  PartKey k;
  k.kind = kinds[static_cast<std::size_t>(rnd(0, 2))];
  std::vector<const Column*> c;
  for (const auto& col : cols) {
    if (col.generated) continue;
    const TK t = col.type.k;
    if ((k.kind == "RANGE" && (t == TK::integer_ || t == TK::bigint_ || t == TK::date_)) ||
        (k.kind == "LIST" && (t == TK::integer_ || t == TK::text_)) ||
        (k.kind == "HASH" && (t == TK::integer_ || t == TK::bigint_ || t == TK::text_))) {
      c.push_back(&col);
    }
  }
  if (c.empty()) return std::nullopt;
  k.col = pick(c)->name;
  k.modulus = chance(50) ? 2 : 4;
  return k;
}

bool Gen::add_partition(Table& parent_ref, int depth, std::string& what) {
  const std::string parent_key = parent_ref.key();
  const auto b = free_bound(parent_ref, nullptr);
  if (!b) return false;
  Table p;
  p.schema = pick_schema();
  p.name = fresh("p");
  p.order = ++m.counter;
  p.parent = parent_key;
  p.bound = *b;
  const std::vector<Column> cols = columns_of(m, parent_ref);
  if (depth < 1 && chance(15)) {
    // By another column than the parent's, where there is one.
    std::vector<Column> others;
    for (const auto& c : cols)
      if (c.name != parent_ref.part->col) others.push_back(c);
    p.part = random_part_key(others.empty() ? cols : others);
  }
  if (!p.part && chance(15)) p.options = {{"fillfactor", std::to_string(rnd(5, 10) * 10)}};
  if (chance(10)) p.comment = "a partition";
  const std::string key = p.key();
  m.tables.push_back(std::move(p));
  what += (what.empty() ? "" : "; ") + std::string("add partition ") + key + " of " + parent_key;
  Table* added = find(m.tables, key);
  const std::vector<RelCol> rc = rel_columns(m, key);
  if (on("partition.local") && chance(10)) {
    if (auto c = random_check(rc)) added->checks.push_back({fresh("ck"), *c});
  }
  if (on("partition.local") && chance(15)) {
    if (auto i = random_index(rc, false, false)) added->indexes.push_back(*i);
  }
  if (added->part) {
    const int n = rnd(1, 2);
    for (int i = 0; i < n; ++i) add_partition(*find(m.tables, key), depth + 1, what);
  }
  return true;
}

Function Gen::random_function(FnKind kind) {
  Function f;
  f.schema = pick_schema();
  f.kind = kind;
  const std::string prefix = kind == FnKind::trigger     ? "tf"
                             : kind == FnKind::state     ? "sf"
                             : kind == FnKind::reader    ? "rf"
                             : kind == FnKind::procedure ? "pr"
                                                         : "f";
  std::vector<Function> same_kind;
  for (const auto& x : m.functions)
    if (x.kind == kind) same_kind.push_back(x);
  f.name = name_for(f.schema, same_kind, prefix);
  f.k = rnd(0, 9);
  f.arg = chance(50) ? "a" : "x";
  switch (kind) {
    case FnKind::pure:
      f.ret = chance(80) ? "integer" : "bigint";
      f.plpgsql = chance(30);
      f.volatility = chance(70) ? "IMMUTABLE" : chance(50) ? "STABLE" : "VOLATILE";
      f.strict = chance(30);
      f.parallel_safe = chance(20);
      f.security_definer = chance(10);
      break;
    case FnKind::state: f.strict = chance(30); break;
    case FnKind::trigger: f.volatility = "VOLATILE"; break;
    case FnKind::reader: {
      f.volatility = "STABLE";
      const Table* t = plain_table();
      if (t) f.table = t->key();
      f.atomic = on("atomic_function") && chance(30);
      break;
    }
    case FnKind::procedure: f.security_definer = chance(10); break;
  }
  return f;
}

std::optional<View> Gen::random_view() {
  std::vector<std::string> sources;
  for (const auto& t : m.tables)
    if (t.parent.empty() || on("view_of_partition")) sources.push_back(t.key());
  for (const auto& v : m.views) sources.push_back(v.key());
  if (sources.empty()) return std::nullopt;
  View v;
  v.schema = pick_schema();
  v.name = name_for(v.schema, m.views, "v");
  v.order = ++m.counter;
  v.source = pick(sources);
  const std::vector<RelCol> src = rel_columns(m, v.source);
  if (src.empty()) return std::nullopt;
  if (chance(20)) {
    v.items.push_back({Expr{"count(*)"}, "n", 2, {TK::bigint_}});
    const auto nums = cols_where(src, Need::num);
    if (!nums.empty() && chance(50))
      v.items.push_back({Expr{"sum($0)", {pick(nums)->name}, {Need::num}}, fresh("x"), 2, {TK::numeric_, 20, 2}});
    const auto ints = cols_where(src, Need::int4);
    if (!ints.empty() && !m.aggregates.empty() && chance(50)) {
      const Aggregate& a = pick(m.aggregates);
      v.items.push_back({Expr{"@0($0)", {pick(ints)->name}, {Need::int4}, {"agg:" + a.key()}},
                         fresh("x"),
                         2,
                         {a.final_int8 ? TK::bigint_ : TK::integer_}});
    }
  } else {
    std::vector<const RelCol*> order;
    for (const auto& c : src) order.push_back(&c);
    shuffle(order);
    const int n = rnd(1, 3);
    for (int i = 0; i < n && i < static_cast<int>(order.size()); ++i) {
      v.items.push_back({Expr{"$0", {order[static_cast<std::size_t>(i)]->name}, {Need::any}},
                         chance(20) ? fresh("x") : order[static_cast<std::size_t>(i)]->name,
                         0,
                         {}});
    }
    if (chance(25)) {
      const RelCol* c = pick(order);
      if (satisfies(m, c->type, Need::num))
        v.items.push_back({Expr{"$0 + 1", {c->name}, {Need::num}}, fresh("x"), 1, {TK::bigint_}});
      if (satisfies(m, c->type, Need::text))
        v.items.push_back({Expr{"lower($0)", {c->name}, {Need::text}}, fresh("x"), 1, {TK::text_}});
    }
  }
  if (chance(30)) v.where = chance(30) ? random_subquery(src, v.source) : random_check(src);
  v.materialized = on("view.materialize") && chance(25);
  if (!v.materialized) {
    v.security_barrier = chance(15);
    v.security_invoker = chance(15);
    if (chance(15)) v.check_option = chance(50) ? "local" : "cascaded";
  } else if (chance(15)) {
    v.fillfactor = rnd(5, 10) * 10;
  }
  if (chance(15)) v.comment = "a view";
  return v;
}

// ---- edits ------------------------------------------------------------------

#define EDIT(fn) bool Gen::fn(std::string& w)

EDIT(e_schema_add) {
  const std::string s = fresh("s");
  m.schemas.push_back(s);
  w = "add schema " + s;
  return true;
}

EDIT(e_schema_drop) {
  if (m.schemas.empty()) return false;
  const std::size_t i = static_cast<std::size_t>(rnd(0, static_cast<int>(m.schemas.size()) - 1));
  w = "drop schema " + m.schemas[i] + " with what it holds";
  m.schemas.erase(m.schemas.begin() + static_cast<long>(i));
  return true;
}

EDIT(e_enum_add) {
  static const std::vector<std::string> pool = {"a", "b", "c", "d", "e", "it's", "x y", "Zed"};
  Enum e;
  e.schema = pick_schema();
  e.name = name_for(e.schema, m.enums, "e");
  std::vector<std::string> values = pool;
  shuffle(values);
  values.resize(static_cast<std::size_t>(rnd(2, 4)));
  e.values = values;
  w = "add enum " + e.key();
  m.enums.push_back(e);
  return true;
}

EDIT(e_enum_drop) {
  if (m.enums.empty()) return false;
  const std::size_t i = static_cast<std::size_t>(rnd(0, static_cast<int>(m.enums.size()) - 1));
  w = "drop enum " + m.enums[i].key();
  m.enums.erase(m.enums.begin() + static_cast<long>(i));
  return true;
}

EDIT(e_enum_add_value) {
  if (m.enums.empty()) return false;
  static const std::vector<std::string> pool = {"a", "b", "c", "d", "e", "f", "it's", "x y", "Zed", "new"};
  Enum& e = pick(m.enums);
  std::vector<std::string> free;
  for (const auto& v : pool)
    if (std::find(e.values.begin(), e.values.end(), v) == e.values.end()) free.push_back(v);
  if (free.empty()) return false;
  const std::string v = pick(free);
  const int at = rnd(0, static_cast<int>(e.values.size()));
  e.values.insert(e.values.begin() + at, v);
  w = "add value " + v + " to enum " + e.key() + " at " + std::to_string(at);
  return true;
}

EDIT(e_enum_remove_value) {
  if (m.enums.empty()) return false;
  Enum& e = pick(m.enums);
  if (e.values.size() <= 2) return false;
  const int at = rnd(0, static_cast<int>(e.values.size()) - 1);
  w = "remove value " + e.values[static_cast<std::size_t>(at)] + " from enum " + e.key();
  e.values.erase(e.values.begin() + at);
  return true;
}

EDIT(e_enum_reorder) {
  if (m.enums.empty()) return false;
  Enum& e = pick(m.enums);
  const auto before = e.values;
  for (int i = 0; i < 10 && e.values == before; ++i) shuffle(e.values);
  w = "reorder enum " + e.key();
  return e.values != before;
}

EDIT(e_domain_add) {
  Domain d;
  d.schema = pick_schema();
  d.name = name_for(d.schema, m.domains, "d");
  switch (rnd(0, 3)) {
    case 0: d.base = {TK::integer_}; break;
    case 1: d.base = {TK::text_}; break;
    case 2: d.base = {TK::numeric_, 10, 2}; break;
    default: d.base = {TK::varchar_, 20}; break;
  }
  if (chance(30)) d.def = random_default(d.base);
  if (d.base.k == TK::text_ && chance(15)) d.collation = "C";
  d.not_null = chance(20);
  const bool num = d.base.k == TK::integer_ || d.base.k == TK::numeric_;
  const int n = rnd(0, 2);
  for (int i = 0; i < n; ++i) {
    d.checks.push_back({fresh("ck"), Expr{num ? (chance(50) ? "VALUE > -1000" : "VALUE <> 12345")
                                              : (chance(50) ? "length(VALUE) < 1000" : "VALUE <> ''")}});
  }
  w = "add domain " + d.key();
  m.domains.push_back(d);
  return true;
}

EDIT(e_domain_drop) {
  if (m.domains.empty()) return false;
  const std::size_t i = static_cast<std::size_t>(rnd(0, static_cast<int>(m.domains.size()) - 1));
  w = "drop domain " + m.domains[i].key();
  m.domains.erase(m.domains.begin() + static_cast<long>(i));
  return true;
}

EDIT(e_domain_default) {
  if (m.domains.empty()) return false;
  Domain& d = pick(m.domains);
  if (d.def && chance(40)) {
    d.def.reset();
    w = "drop default of domain " + d.key();
  } else {
    d.def = random_default(d.base);
    w = "set default of domain " + d.key();
  }
  return true;
}

EDIT(e_domain_not_null) {
  if (m.domains.empty()) return false;
  Domain& d = pick(m.domains);
  d.not_null = !d.not_null;
  w = std::string(d.not_null ? "set" : "drop") + " NOT NULL of domain " + d.key();
  return true;
}

EDIT(e_domain_retype) {
  if (m.domains.empty()) return false;
  Domain& d = pick(m.domains);
  const Type before = d.base;
  if (family(d.base) == "num") {
    static const std::vector<Type> types = {Type{TK::integer_}, Type{TK::bigint_}, Type{TK::numeric_, 10, 2},
                                            Type{TK::numeric_, 12, 3}, Type{TK::smallint_}};
    while (d.base == before) d.base = types[static_cast<std::size_t>(rnd(0, 4))];
  } else if (chance(50)) {
    d.collation = d.collation.empty() ? (chance(50) ? "C" : "POSIX") : "";
    w = "collation of domain " + d.key() + " " + (d.collation.empty() ? "default" : d.collation);
    return true;
  } else {
    d.base = d.base.k == TK::text_ ? Type{TK::varchar_, rnd(4, 30)} : Type{TK::text_};
  }
  w = "retype domain " + d.key() + " " + type_sql(m, before) + " -> " + type_sql(m, d.base);
  if (d.def && !satisfies(m, d.base, d.def->self)) d.def.reset();
  return true;
}

EDIT(e_domain_check) {
  if (m.domains.empty()) return false;
  Domain& d = pick(m.domains);
  if (!d.checks.empty() && chance(50)) {
    w = "drop check " + d.checks.back().name + " of domain " + d.key();
    d.checks.pop_back();
    return true;
  }
  const bool num = d.base.k == TK::integer_ || d.base.k == TK::numeric_;
  d.checks.push_back({fresh("ck"), Expr{num ? "VALUE > -1000" : "VALUE <> ''"}});
  w = "add check " + d.checks.back().name + " to domain " + d.key();
  return true;
}

EDIT(e_range_add) {
  static const std::vector<std::string> subtypes = {"integer", "numeric", "date", "double precision"};
  RangeType r;
  r.schema = pick_schema();
  r.name = fresh("rt");
  r.subtype = subtypes[static_cast<std::size_t>(rnd(0, 3))];
  r.diff = chance(50);
  if (chance(30)) r.multirange = fresh("mr");
  w = "add range type " + r.key();
  m.ranges.push_back(r);
  return true;
}

EDIT(e_range_drop) {
  if (m.ranges.empty()) return false;
  const std::size_t i = static_cast<std::size_t>(rnd(0, static_cast<int>(m.ranges.size()) - 1));
  w = "drop range type " + m.ranges[i].key();
  m.ranges.erase(m.ranges.begin() + static_cast<long>(i));
  return true;
}

EDIT(e_range_change) {
  if (m.ranges.empty()) return false;
  RangeType& r = pick(m.ranges);
  switch (rnd(0, 2)) {
    case 0: r.diff = !r.diff; break;
    case 1: r.multirange = r.multirange.empty() ? fresh("mr") : ""; break;
    default: r.subtype = r.subtype == "integer" ? "numeric" : "integer"; break;
  }
  w = "change range type " + r.key();
  return true;
}

EDIT(e_composite_add) {
  Composite c;
  c.schema = pick_schema();
  c.name = fresh("ct");
  const int n = rnd(1, 3);
  for (int i = 0; i < n; ++i) {
    Type t = random_scalar_type();
    if (on("enum_in_composite") && !m.enums.empty() && chance(20)) t = {TK::enum_, 0, 0, pick(m.enums).key()};
    c.attrs.emplace_back(fresh("at"), t);
  }
  w = "add composite type " + c.key();
  m.composites.push_back(c);
  return true;
}

EDIT(e_composite_drop) {
  if (m.composites.empty()) return false;
  const std::size_t i = static_cast<std::size_t>(rnd(0, static_cast<int>(m.composites.size()) - 1));
  w = "drop composite type " + m.composites[i].key();
  m.composites.erase(m.composites.begin() + static_cast<long>(i));
  return true;
}

EDIT(e_composite_add_attr) {
  if (m.composites.empty()) return false;
  Composite& c = pick(m.composites);
  c.attrs.emplace_back(fresh("at"), random_scalar_type());
  w = "add attribute " + c.attrs.back().first + " to composite type " + c.key();
  return true;
}

EDIT(e_composite_drop_attr) {
  if (m.composites.empty()) return false;
  Composite& c = pick(m.composites);
  if (c.attrs.size() < 2) return false;
  const int i = rnd(0, static_cast<int>(c.attrs.size()) - 1);
  w = "drop attribute " + c.attrs[static_cast<std::size_t>(i)].first + " of composite type " + c.key();
  c.attrs.erase(c.attrs.begin() + i);
  return true;
}

EDIT(e_composite_retype_attr) {
  if (m.composites.empty()) return false;
  Composite& c = pick(m.composites);
  auto& [name, type] = pick(c.attrs);
  if (type.k == TK::integer_)
    type = {TK::bigint_};
  else if (type.k == TK::bigint_)
    type = {TK::integer_};
  else if (type.k == TK::text_)
    type = {TK::varchar_, 10};
  else if (type.k == TK::varchar_)
    type = {TK::text_};
  else if (type.k == TK::numeric_)
    type = {TK::numeric_, type.n + 1, type.s};
  else
    return false;
  w = "retype attribute " + name + " of composite type " + c.key();
  return true;
}

EDIT(e_composite_reorder) {
  if (m.composites.empty()) return false;
  Composite& c = pick(m.composites);
  if (c.attrs.size() < 2) return false;
  std::swap(c.attrs[0], c.attrs[1]);
  w = "reorder attributes of composite type " + c.key();
  return true;
}

EDIT(e_sequence_add) {
  Sequence s;
  s.schema = pick_schema();
  s.name = name_for(s.schema, m.sequences, "seq");
  random_sequence_options(s);
  if (on("sequence.owned_by") && chance(15)) {
    Table* t = pick_table([&](const Table& x) { return x.parent.empty() && x.schema == s.schema && !x.cols.empty(); });
    if (t) {
      s.owned_table = t->key();
      s.owned_col = pick(t->cols).name;
    }
  }
  w = "add sequence " + s.key();
  m.sequences.push_back(s);
  return true;
}

EDIT(e_sequence_drop) {
  if (m.sequences.empty()) return false;
  const std::size_t i = static_cast<std::size_t>(rnd(0, static_cast<int>(m.sequences.size()) - 1));
  w = "drop sequence " + m.sequences[i].key();
  m.sequences.erase(m.sequences.begin() + static_cast<long>(i));
  return true;
}

EDIT(e_sequence_options) {
  if (m.sequences.empty()) return false;
  Sequence& s = pick(m.sequences);
  random_sequence_options(s);
  w = "change options of sequence " + s.key();
  return true;
}

EDIT(e_sequence_owned_by) {
  if (m.sequences.empty()) return false;
  Sequence& s = pick(m.sequences);
  if (!s.owned_table.empty() && chance(50)) {
    s.owned_table.clear();
    s.owned_col.clear();
    w = "sequence " + s.key() + " owned by none";
    return true;
  }
  Table* t = pick_table([&](const Table& x) { return x.parent.empty() && x.schema == s.schema && !x.cols.empty(); });
  if (!t) return false;
  s.owned_table = t->key();
  s.owned_col = pick(t->cols).name;
  w = "sequence " + s.key() + " owned by " + s.owned_table + "." + s.owned_col;
  return true;
}

EDIT(e_function_add) {
  const int r = rnd(0, 99);
  const FnKind kind = r < 45   ? FnKind::pure
                      : r < 65 ? FnKind::trigger
                      : r < 78 ? FnKind::reader
                      : r < 89 ? FnKind::procedure
                               : FnKind::state;
  Function f = random_function(kind);
  if (kind == FnKind::reader && f.table.empty()) return false;
  w = "add function " + f.key();
  m.functions.push_back(f);
  return true;
}

EDIT(e_function_drop) {
  if (m.functions.empty()) return false;
  const std::size_t i = static_cast<std::size_t>(rnd(0, static_cast<int>(m.functions.size()) - 1));
  w = "drop function " + m.functions[i].key();
  m.functions.erase(m.functions.begin() + static_cast<long>(i));
  return true;
}

EDIT(e_function_body) {
  if (m.functions.empty()) return false;
  Function& f = pick(m.functions);
  f.k = (f.k + rnd(1, 9)) % 10;
  if (f.kind == FnKind::pure && chance(30)) f.plpgsql = !f.plpgsql;
  w = "change body of function " + f.key();
  return true;
}

EDIT(e_function_options) {
  if (m.functions.empty()) return false;
  Function& f = pick(m.functions);
  switch (rnd(0, 3)) {
    case 0:
      if (f.kind != FnKind::pure && f.kind != FnKind::reader) return false;
      f.volatility = f.volatility == "IMMUTABLE" ? "STABLE" : f.volatility == "STABLE" ? "VOLATILE" : "IMMUTABLE";
      if (f.kind == FnKind::reader && f.volatility == "IMMUTABLE") f.volatility = "STABLE";
      break;
    case 1:
      if (f.kind == FnKind::trigger || f.kind == FnKind::procedure) return false;
      f.strict = !f.strict;
      break;
    case 2:
      if (f.kind == FnKind::procedure) return false;
      f.parallel_safe = !f.parallel_safe;
      break;
    default: f.security_definer = !f.security_definer; break;
  }
  w = "change options of function " + f.key();
  return true;
}

EDIT(e_function_result_type) {
  Function* f = nullptr;
  for (auto& x : m.functions)
    if (x.kind == FnKind::pure && (!f || chance(50))) f = &x;
  if (!f) return false;
  f->ret = f->ret == "integer" ? "bigint" : "integer";
  w = "function " + f->key() + " returns " + f->ret;
  return true;
}

EDIT(e_function_rename_arg) {
  Function* f = nullptr;
  for (auto& x : m.functions)
    if ((x.kind == FnKind::pure || x.kind == FnKind::state) && (!f || chance(50))) f = &x;
  if (!f) return false;
  f->arg = f->arg == "a" ? "x" : "a";
  w = "rename argument of function " + f->key() + " to " + f->arg;
  return true;
}

EDIT(e_aggregate_add) {
  Aggregate a;
  a.schema = pick_schema();
  a.name = fresh("ag");
  const Function* sf = pick_function(FnKind::state);
  if (!sf && chance(50)) {
    m.functions.push_back(random_function(FnKind::state));
    sf = &m.functions.back();
    w = "add function " + sf->key() + "; ";
  }
  const int r = rnd(0, 2);
  a.sfunc = sf && r == 0 ? "fn:" + sf->key() : r == 1 ? "int4larger" : "int4pl";
  if (chance(60)) a.initcond = rnd(0, 5);
  a.final_int8 = chance(20);
  a.combine = a.sfunc.rfind("fn:", 0) != 0 && chance(25);
  a.parallel = chance(30);
  w += "add aggregate " + a.key();
  m.aggregates.push_back(a);
  return true;
}

EDIT(e_aggregate_drop) {
  if (m.aggregates.empty()) return false;
  const std::size_t i = static_cast<std::size_t>(rnd(0, static_cast<int>(m.aggregates.size()) - 1));
  w = "drop aggregate " + m.aggregates[i].key();
  m.aggregates.erase(m.aggregates.begin() + static_cast<long>(i));
  return true;
}

EDIT(e_aggregate_change) {
  if (m.aggregates.empty()) return false;
  Aggregate& a = pick(m.aggregates);
  switch (rnd(0, 2)) {
    case 0: a.initcond = a.initcond >= 0 && chance(40) ? -1 : rnd(0, 5); break;
    case 1: a.parallel = !a.parallel; break;
    default:
      if (a.sfunc.rfind("fn:", 0) == 0) return false;
      a.combine = !a.combine;
      break;
  }
  w = "change aggregate " + a.key();
  return true;
}

EDIT(e_aggregate_result_type) {
  if (m.aggregates.empty()) return false;
  Aggregate& a = pick(m.aggregates);
  a.final_int8 = !a.final_int8;
  w = "aggregate " + a.key() + (a.final_int8 ? " returns bigint" : " returns integer");
  return true;
}

EDIT(e_table_add) {
  Table t;
  t.schema = pick_schema();
  t.name = name_for(t.schema, m.tables, "t");
  t.order = ++m.counter;
  const std::string key = t.key();
  m.tables.push_back(t);
  Table& x = m.tables.back();
  const int n = rnd(1, 5);
  for (int i = 0; i < n; ++i) {
    Column c = random_column(x, true);
    x.cols.push_back(c);
  }
  const std::vector<RelCol> cols = rel_columns(m, key);
  const auto keyable = cols_where(cols, Need::btree, false);
  if (!keyable.empty() && chance(50)) {
    Key k{fresh("pk"), {pick(keyable)->name}};
    const RelCol* second = pick(keyable);
    if (chance(25) && second->name != k.cols[0]) k.cols.push_back(second->name);
    x.pk = k;
  }
  if (!keyable.empty() && chance(15)) x.uniques.push_back({fresh("uq"), {pick(keyable)->name}});
  if (chance(20)) {
    if (auto c = random_check(cols)) x.checks.push_back({fresh("ck"), *c});
  }
  x.unlogged = on("table.unlogged") && chance(8);
  if (on("table.options") && chance(12)) {
    switch (rnd(0, 2)) {
      case 0: x.options = {{"fillfactor", std::to_string(rnd(5, 10) * 10)}}; break;
      case 1: x.options = {{"autovacuum_enabled", "false"}}; break;
      default: x.options = {{"toast.autovacuum_enabled", "false"}}; break;
    }
  }
  if (chance(15)) x.comment = chance(50) ? "a table" : "it's a table";
  w = "add table " + key;
  return true;
}

EDIT(e_table_drop) {
  std::vector<std::size_t> c;
  for (std::size_t i = 0; i < m.tables.size(); ++i)
    if (m.tables[i].parent.empty()) c.push_back(i);
  if (c.empty()) return false;
  const std::size_t i = pick(c);
  w = "drop table " + m.tables[i].key();
  m.tables.erase(m.tables.begin() + static_cast<long>(i));
  return true;
}

EDIT(e_table_unlogged) {
  Table* t = plain_table();
  if (!t) return false;
  t->unlogged = !t->unlogged;
  w = "table " + t->key() + (t->unlogged ? " unlogged" : " logged");
  return true;
}

EDIT(e_table_options) {
  Table* t = pick_table([](const Table& x) { return !x.part; });
  if (!t) return false;
  if (!t->options.empty() && chance(40)) {
    t->options.erase(t->options.begin() + rnd(0, static_cast<int>(t->options.size()) - 1));
    w = "reset a storage parameter of " + t->key();
    return true;
  }
  std::pair<std::string, std::string> o;
  switch (rnd(0, 2)) {
    case 0: o = {"fillfactor", std::to_string(rnd(5, 10) * 10)}; break;
    case 1: o = {"autovacuum_enabled", chance(50) ? "false" : "true"}; break;
    default: o = {"toast.autovacuum_enabled", chance(50) ? "false" : "true"}; break;
  }
  erase_if(t->options, [&](const auto& x) { return x.first == o.first; });
  t->options.push_back(o);
  w = "set " + o.first + "=" + o.second + " on " + t->key();
  return true;
}

EDIT(e_table_comment) {
  Table* t = pick_table([](const Table&) { return true; });
  if (!t) return false;
  t->comment = t->comment.empty() || chance(50) ? "comment " + std::to_string(rnd(1, 9)) : "";
  w = "comment on table " + t->key();
  return true;
}

EDIT(e_table_rls) {
  Table* t = column_table();
  if (!t) return false;
  if (chance(60)) {
    t->rls = !t->rls;
  } else {
    t->force_rls = !t->force_rls;
  }
  w = "row level security of " + t->key() + (t->rls ? " on" : " off") + (t->force_rls ? ", forced" : "");
  return true;
}

EDIT(e_column_add) {
  Table* t = column_table();
  if (!t) return false;
  Column c = random_column(*t, true);
  w = "add column " + t->key() + "." + c.name + " " + type_sql(m, c.type);
  t->cols.push_back(c);
  return true;
}

// A column of a table (not of a partition) that its partitioning does not use.
struct ColumnPick {
  Table* table = nullptr;
  Column* column = nullptr;
};

#define PICK_COLUMN(pred)                                               \
  ColumnPick pc;                                                        \
  {                                                                     \
    std::vector<ColumnPick> c;                                          \
    for (auto& t : m.tables) {                                          \
      if (!t.parent.empty()) continue;                                  \
      const std::set<std::string> locked = locked_columns(m, t);        \
      for (auto& col : t.cols)                                          \
        if (!locked.count(col.name) && (pred)) c.push_back({&t, &col}); \
    }                                                                   \
    if (c.empty()) return false;                                        \
    pc = pick(c);                                                       \
  }                                                                     \
  Table& t = *pc.table;                                                 \
  Column& col = *pc.column;                                             \
  (void)t;

EDIT(e_column_drop) {
  PICK_COLUMN(on("drop_read_column") || std::none_of(t.cols.begin(), t.cols.end(), [&](const Column& x) {
                return x.generated && std::find(x.generated->cols.begin(), x.generated->cols.end(), col.name) !=
                                          x.generated->cols.end();
              }));
  w = "drop column " + t.key() + "." + col.name;
  const std::string name = col.name;
  erase_if(t.cols, [&](const Column& x) { return x.name == name; });
  return true;
}

EDIT(e_column_retype) {
  PICK_COLUMN((!col.generated || on("retype_generated")) && (col.collation.empty() || on("retype_collated")));
  std::vector<Type> c;
  const Type& ty = col.type;
  const std::string f = family(ty);
  if (f == "num") {
    for (Type x : {Type{TK::smallint_}, Type{TK::integer_}, Type{TK::bigint_}, Type{TK::numeric_, rnd(6, 12), 0}}) {
      if (x.k == TK::numeric_) x.s = rnd(0, std::min(3, x.n - 3));
      if (!(x == ty)) c.push_back(x);
    }
  } else if (f == "text") {
    for (Type x : {Type{TK::text_}, Type{TK::varchar_, rnd(4, 60)}})
      if (!(x == ty)) c.push_back(x);
  } else if (f == "time") {
    c.push_back(ty.k == TK::date_ ? Type{TK::timestamptz_} : Type{TK::date_});
  } else if (f == "intarr") {
    c.push_back(ty.k == TK::int_array ? Type{TK::bigint_array} : Type{TK::int_array});
  }
  if (c.empty() || chance(25)) {
    if (f == "num") c.push_back({TK::text_});
    if (f == "text" && !m.enums.empty()) c.push_back({TK::enum_, 0, 0, pick(m.enums).key()});
    if (f == "text") c.push_back({TK::integer_});
    if (ty.k == TK::enum_) c.push_back({TK::text_});
    if (ty.k == TK::domain_) {
      if (const Domain* d = find(m.domains, ty.ref)) c.push_back(d->base);
    }
    for (const auto& d : m.domains)
      if (d.base == ty) c.push_back({TK::domain_, 0, 0, d.key()});
  }
  if (c.empty()) return false;
  const Type to = pick(c);
  w = "retype column " + t.key() + "." + col.name + " " + type_sql(m, ty) + " -> " + type_sql(m, to);
  col.type = to;
  if (col.def && !self_ok(m, col, *col.def)) col.def = chance(50) ? random_default(to) : std::nullopt;
  return true;
}

EDIT(e_column_not_null) {
  PICK_COLUMN(!col.identity && !col.serial && !col.generated);
  col.not_null = !col.not_null;
  w = std::string(col.not_null ? "set" : "drop") + " NOT NULL on " + t.key() + "." + col.name;
  return true;
}

EDIT(e_column_default) {
  PICK_COLUMN(!col.identity && !col.serial && !col.generated);
  if (col.def && chance(40)) {
    col.def.reset();
    w = "drop default of " + t.key() + "." + col.name;
    return true;
  }
  col.def = random_default(col.type);
  w = "set default of " + t.key() + "." + col.name;
  return col.def.has_value();
}

EDIT(e_column_identity) {
  PICK_COLUMN(raw_integral(col.type) && !col.serial && !col.generated && !t.part);
  if (!col.identity) {
    col.identity = chance(50) ? 1 : 2;
    col.def.reset();
    col.not_null = true;
    col.id_start = chance(50) ? 1 : 50;
    col.id_inc = chance(70) ? 1 : 3;
    w = "make " + t.key() + "." + col.name + " an identity column";
    return true;
  }
  switch (rnd(0, 2)) {
    case 0:
      col.identity = 0;
      col.not_null = chance(50);
      w = "drop identity of " + t.key() + "." + col.name;
      break;
    case 1:
      col.identity = 3 - col.identity;
      w = "identity of " + t.key() + "." + col.name + (col.identity == 1 ? " ALWAYS" : " BY DEFAULT");
      break;
    default:
      col.id_start = col.id_start == 1 ? 20 : 1;
      col.id_inc = col.id_inc == 1 ? 2 : 1;
      w = "identity options of " + t.key() + "." + col.name;
      break;
  }
  return true;
}

EDIT(e_column_serial) {
  PICK_COLUMN(raw_integral(col.type) && !col.identity && !col.generated);
  col.serial = !col.serial;
  if (col.serial) {
    col.def.reset();
    col.not_null = true;
  }
  w = std::string(col.serial ? "make " : "stop ") + t.key() + "." + col.name +
      (col.serial ? " serial" : " being serial");
  return true;
}

EDIT(e_column_generated) {
  PICK_COLUMN(on("remake_read_column") || std::none_of(t.cols.begin(), t.cols.end(), [&](const Column& x) {
                return x.generated && std::find(x.generated->cols.begin(), x.generated->cols.end(), col.name) !=
                                          x.generated->cols.end();
              }));
  if (col.generated && chance(50)) {
    col.generated.reset();
    w = "stop " + t.key() + "." + col.name + " being generated";
    return true;
  }
  std::vector<RelCol> cols = rel_columns(m, t.key());
  erase_if(cols, [&](const RelCol& c) { return c.name == col.name; });
  Type type;
  auto g = random_generated(cols, type);
  if (!g) return false;
  // A new expression of the same kind keeps the column's type (retyping a
  // generated column is "retype_generated").
  const bool keep_type = col.generated && g->self == col.generated->self && !on("retype_generated");
  col.generated = g;
  if (!keep_type) col.type = type;
  col.def.reset();
  col.identity = 0;
  col.serial = false;
  w = "generate " + t.key() + "." + col.name + " as " + g->text;
  return true;
}

EDIT(e_column_collation) {
  PICK_COLUMN(col.type.k == TK::text_ || col.type.k == TK::varchar_);
  const std::string before = col.collation;
  static const std::vector<std::string> c = {"", "C", "POSIX"};
  while (col.collation == before) col.collation = c[static_cast<std::size_t>(rnd(0, 2))];
  w = "collation of " + t.key() + "." + col.name + " " + (col.collation.empty() ? "default" : col.collation);
  return true;
}

EDIT(e_column_comment) {
  PICK_COLUMN(true);
  col.comment = col.comment.empty() || chance(50) ? "column comment " + std::to_string(rnd(1, 9)) : "";
  w = "comment on column " + t.key() + "." + col.name;
  return true;
}

EDIT(e_pk_add) {
  Table* t = column_table();
  if (!t) return false;
  const std::vector<RelCol> cols = rel_columns(m, t->key());
  const auto keyable = cols_where(cols, Need::btree, false);
  if (keyable.empty()) return false;
  Key k{t->pk ? t->pk->name : fresh("pk"), {pick(keyable)->name}};
  if (t->part) {
    for (const auto& c : locked_columns(m, *t))
      if (std::find(k.cols.begin(), k.cols.end(), c) == k.cols.end()) k.cols.push_back(c);
  } else if (chance(25)) {
    const std::string second = pick(keyable)->name;
    if (second != k.cols[0]) k.cols.push_back(second);
  }
  if (chance(10)) {
    for (const auto& c : cols)
      if (std::find(k.cols.begin(), k.cols.end(), c.name) == k.cols.end()) {
        k.include = {c.name};
        break;
      }
  }
  k.deferrable = chance(10);
  w = std::string(t->pk ? "change" : "add") + " primary key of " + t->key();
  t->pk = k;
  return true;
}

EDIT(e_pk_drop) {
  Table* t = pick_table([](const Table& x) { return x.pk.has_value(); });
  if (!t) return false;
  t->pk.reset();
  w = "drop primary key of " + t->key();
  return true;
}

EDIT(e_unique_add) {
  Table* t = column_table();
  if (!t) return false;
  const std::vector<RelCol> cols = rel_columns(m, t->key());
  const auto keyable = cols_where(cols, Need::btree, false);
  if (keyable.empty()) return false;
  Key k{fresh("uq"), {pick(keyable)->name}};
  if (t->part) {
    for (const auto& c : locked_columns(m, *t))
      if (std::find(k.cols.begin(), k.cols.end(), c) == k.cols.end()) k.cols.push_back(c);
  }
  k.nulls_not_distinct = chance(15);
  k.deferrable = chance(10);
  k.deferred = k.deferrable && chance(50);
  if (chance(10)) {
    for (const auto& c : cols)
      if (std::find(k.cols.begin(), k.cols.end(), c.name) == k.cols.end()) {
        k.include = {c.name};
        break;
      }
  }
  w = "add unique " + k.name + " to " + t->key();
  t->uniques.push_back(k);
  return true;
}

EDIT(e_unique_drop) {
  Table* t = pick_table([](const Table& x) { return !x.uniques.empty(); });
  if (!t) return false;
  const int i = rnd(0, static_cast<int>(t->uniques.size()) - 1);
  w = "drop unique " + t->uniques[static_cast<std::size_t>(i)].name + " of " + t->key();
  t->uniques.erase(t->uniques.begin() + i);
  return true;
}

EDIT(e_check_add) {
  Table* t = pick_table([&](const Table& x) { return x.parent.empty() || on("partition.local"); });
  if (!t) return false;
  auto e = random_check(rel_columns(m, t->key()));
  if (!e) return false;
  Check c{fresh("ck"), *e, t->plain() && chance(15)};
  w = "add check " + c.name + " to " + t->key();
  t->checks.push_back(c);
  return true;
}

EDIT(e_check_drop) {
  Table* t = pick_table([](const Table& x) { return !x.checks.empty(); });
  if (!t) return false;
  const int i = rnd(0, static_cast<int>(t->checks.size()) - 1);
  w = "drop check " + t->checks[static_cast<std::size_t>(i)].name + " of " + t->key();
  t->checks.erase(t->checks.begin() + i);
  return true;
}

EDIT(e_check_change) {
  Table* t = pick_table([](const Table& x) { return !x.checks.empty(); });
  if (!t) return false;
  Check& c = pick(t->checks);
  if (t->plain() && chance(30)) {
    c.not_valid = !c.not_valid;
  } else {
    auto e = random_check(rel_columns(m, t->key()));
    if (!e) return false;
    c.expr = *e;
  }
  w = "change check " + c.name + " of " + t->key();
  return true;
}

EDIT(e_fk_add) {
  Table* r = pick_table([](const Table& x) { return x.plain() && (x.pk || !x.uniques.empty()); });
  if (!r) return false;
  std::vector<const Key*> keys;
  if (r->pk && !r->pk->deferrable) keys.push_back(&*r->pk);
  for (const auto& u : r->uniques)
    if (!u.deferrable) keys.push_back(&u);
  if (keys.empty()) return false;
  const Key key = *pick(keys);
  const std::string r_key = r->key();
  Table* t = column_table();
  if (!t) return false;
  ForeignKey f;
  f.name = fresh("fk");
  f.ref_table = r_key;
  f.ref_cols = key.cols;
  const Table* rr = find(m.tables, r_key);
  std::vector<Column> ref_cols;
  for (const auto& c : key.cols) ref_cols.push_back(*find_named(rr->cols, c));
  for (const auto& rc : ref_cols) {
    std::vector<std::string> options;
    for (const auto& c : t->cols)
      if (!c.generated && fk_types_ok(m, c.type, rc.type) &&
          std::find(f.cols.begin(), f.cols.end(), c.name) == f.cols.end()) {
        options.push_back(c.name);
      }
    if (!options.empty() && chance(60)) {
      f.cols.push_back(pick(options));
    } else {
      Column c;
      c.name = fresh("c");
      c.type = rc.type;
      t->cols.push_back(c);
      f.cols.push_back(c.name);
    }
  }
  static const std::vector<std::string> actions = {"NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"};
  if (chance(40)) f.on_delete = actions[static_cast<std::size_t>(rnd(0, 4))];
  if (chance(25)) f.on_update = actions[static_cast<std::size_t>(rnd(0, 4))];
  f.match_full = f.cols.size() > 1 && chance(30);
  f.deferrable = chance(15);
  f.deferred = f.deferrable && chance(50);
  f.not_valid = t->plain() && chance(15);
  w = "add foreign key " + f.name + " from " + t->key() + " to " + r_key;
  t->fks.push_back(f);
  return true;
}

EDIT(e_fk_drop) {
  Table* t = pick_table([](const Table& x) { return !x.fks.empty(); });
  if (!t) return false;
  const int i = rnd(0, static_cast<int>(t->fks.size()) - 1);
  w = "drop foreign key " + t->fks[static_cast<std::size_t>(i)].name + " of " + t->key();
  t->fks.erase(t->fks.begin() + i);
  return true;
}

EDIT(e_fk_change) {
  Table* t = pick_table([](const Table& x) { return !x.fks.empty(); });
  if (!t) return false;
  ForeignKey& f = pick(t->fks);
  static const std::vector<std::string> actions = {"NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"};
  switch (rnd(0, 3)) {
    case 0: f.on_delete = actions[static_cast<std::size_t>(rnd(0, 4))]; break;
    case 1: f.on_update = actions[static_cast<std::size_t>(rnd(0, 4))]; break;
    case 2:
      f.deferrable = !f.deferrable;
      f.deferred = f.deferrable && chance(50);
      break;
    default:
      if (!t->plain()) return false;
      f.not_valid = !f.not_valid;
      break;
  }
  w = "change foreign key " + f.name + " of " + t->key();
  return true;
}

EDIT(e_exclusion_add) {
  Table* t = plain_table();
  if (!t) return false;
  std::vector<RelCol> cols = rel_columns(m, t->key());
  auto ranges = cols_where(cols, Need::range);
  Exclusion x;
  x.name = fresh("ex");
  if (ranges.empty() || chance(30)) {
    Column c;
    c.name = fresh("c");
    c.type = !m.ranges.empty() && chance(30) ? Type{TK::range_, 0, 0, pick(m.ranges).key()}
             : chance(50)                    ? Type{TK::int4range_}
                                             : Type{TK::daterange_};
    t->cols.push_back(c);
    x.col = c.name;
  } else {
    x.col = pick(ranges)->name;
  }
  if (chance(20)) x.where = random_predicate(cols);
  x.deferrable = chance(15);
  w = "add exclusion constraint " + x.name + " to " + t->key();
  t->excls.push_back(x);
  return true;
}

EDIT(e_exclusion_drop) {
  Table* t = pick_table([](const Table& x) { return !x.excls.empty(); });
  if (!t) return false;
  w = "drop exclusion constraint " + t->excls.back().name + " of " + t->key();
  t->excls.pop_back();
  return true;
}

EDIT(e_index_add) {
  Table* t = pick_table([&](const Table& x) { return x.parent.empty() || on("partition.local"); });
  if (!t) return false;
  auto i = random_index(rel_columns(m, t->key()), t->parent.empty(), false);
  if (!i) return false;
  if (t->part && i->unique) {
    i->items.clear();
    for (const auto& c : locked_columns(m, *t)) i->items.push_back({Expr{"$0", {c}, {Need::any}}});
    i->method = "btree";
    i->opclass.clear();
  }
  w = "add index " + i->name + " to " + t->key();
  t->indexes.push_back(*i);
  return true;
}

EDIT(e_index_drop) {
  Table* t = pick_table([](const Table& x) { return !x.indexes.empty(); });
  if (!t) return false;
  const int i = rnd(0, static_cast<int>(t->indexes.size()) - 1);
  w = "drop index " + t->indexes[static_cast<std::size_t>(i)].name + " of " + t->key();
  t->indexes.erase(t->indexes.begin() + i);
  return true;
}

EDIT(e_index_change) {
  Table* t = pick_table([](const Table& x) { return !x.indexes.empty(); });
  if (!t) return false;
  Index& i = pick(t->indexes);
  switch (rnd(0, 2)) {
    case 0:
      if (i.where) {
        i.where.reset();
      } else {
        i.where = random_predicate(rel_columns(m, t->key()));
      }
      break;
    case 1:
      if (i.method != "btree") return false;
      i.items[0].desc = !i.items[0].desc;
      break;
    default: {
      auto x = random_index(rel_columns(m, t->key()), t->parent.empty() && !t->part, false);
      if (!x) return false;
      x->name = i.name;
      i = *x;
      break;
    }
  }
  w = "change index " + i.name + " of " + t->key();
  return true;
}

EDIT(e_policy_add) {
  Table* t = column_table();
  if (!t) return false;
  auto p = random_policy(rel_columns(m, t->key()), t->key());
  if (!p) return false;
  if (chance(50)) t->rls = true;
  w = "add policy " + p->name + " to " + t->key();
  t->policies.push_back(*p);
  return true;
}

EDIT(e_policy_drop) {
  Table* t = pick_table([](const Table& x) { return !x.policies.empty(); });
  if (!t) return false;
  const int i = rnd(0, static_cast<int>(t->policies.size()) - 1);
  w = "drop policy " + t->policies[static_cast<std::size_t>(i)].name + " of " + t->key();
  t->policies.erase(t->policies.begin() + i);
  return true;
}

EDIT(e_policy_change) {
  Table* t = pick_table([](const Table& x) { return !x.policies.empty(); });
  if (!t) return false;
  Policy& p = pick(t->policies);
  auto x = random_policy(rel_columns(m, t->key()), t->key());
  if (!x) return false;
  x->name = p.name;
  p = *x;
  w = "change policy " + p.name + " of " + t->key();
  return true;
}

EDIT(e_trigger_add) {
  Table* t = column_table();
  if (!t) return false;
  const std::string key = t->key();
  if (!pick_function(FnKind::trigger)) {
    m.functions.push_back(random_function(FnKind::trigger));
    w = "add function " + m.functions.back().key() + "; ";
  }
  t = find(m.tables, key);
  auto tr = random_trigger(rel_columns(m, key), false, t->part.has_value());
  if (!tr) return false;
  w += "add trigger " + tr->name + " to " + key;
  t->triggers.push_back(*tr);
  return true;
}

EDIT(e_trigger_drop) {
  Table* t = pick_table([](const Table& x) { return !x.triggers.empty(); });
  if (!t) return false;
  const int i = rnd(0, static_cast<int>(t->triggers.size()) - 1);
  w = "drop trigger " + t->triggers[static_cast<std::size_t>(i)].name + " of " + t->key();
  t->triggers.erase(t->triggers.begin() + i);
  return true;
}

EDIT(e_trigger_change) {
  Table* t = pick_table([](const Table& x) { return !x.triggers.empty(); });
  if (!t) return false;
  Trigger& tr = pick(t->triggers);
  auto x = random_trigger(rel_columns(m, t->key()), false, t->part.has_value());
  if (!x) return false;
  x->name = tr.name;
  tr = *x;
  w = "change trigger " + tr.name + " of " + t->key();
  return true;
}

EDIT(e_trigger_enabled) {
  Table* t = pick_table([](const Table& x) { return !x.triggers.empty(); });
  if (!t) return false;
  Trigger& tr = pick(t->triggers);
  const char before = tr.enabled;
  while (tr.enabled == before) tr.enabled = "ODAR"[rnd(0, 3)];
  w = "trigger " + tr.name + " of " + t->key() + " enabled " + std::string(1, tr.enabled);
  return true;
}

EDIT(e_rule_add) {
  Table* t = plain_table();
  if (!t) return false;
  auto r = random_rule(t, rel_columns(m, t->key()), false);
  if (!r) return false;
  w = "add rule " + r->name + " to " + t->key();
  t->rules.push_back(*r);
  return true;
}

EDIT(e_rule_drop) {
  Table* t = pick_table([](const Table& x) { return !x.rules.empty(); });
  if (!t) return false;
  const int i = rnd(0, static_cast<int>(t->rules.size()) - 1);
  w = "drop rule " + t->rules[static_cast<std::size_t>(i)].name + " of " + t->key();
  t->rules.erase(t->rules.begin() + i);
  return true;
}

EDIT(e_rule_change) {
  Table* t = pick_table([](const Table& x) { return !x.rules.empty(); });
  if (!t) return false;
  Rule& r = pick(t->rules);
  auto x = random_rule(t, rel_columns(m, t->key()), false);
  if (!x) return false;
  x->name = r.name;
  r = *x;
  w = "change rule " + r.name + " of " + t->key();
  return true;
}

EDIT(e_partitioned_add) {
  Table t;
  t.schema = pick_schema();
  t.name = fresh("pt");
  t.order = ++m.counter;
  const std::string key = t.key();
  const int kind = rnd(0, 2);
  Column k;
  k.name = fresh("c");
  k.not_null = chance(40);
  if (kind == 0) {
    k.type = chance(50) ? Type{TK::date_} : Type{TK::integer_};
    t.part = PartKey{"RANGE", k.name};
  } else if (kind == 1) {
    k.type = chance(50) ? Type{TK::text_} : Type{TK::integer_};
    t.part = PartKey{"LIST", k.name};
  } else {
    k.type = chance(50) ? Type{TK::bigint_} : Type{TK::text_};
    t.part = PartKey{"HASH", k.name, chance(50) ? 2 : 4};
  }
  t.cols.push_back(k);
  m.tables.push_back(t);
  Table& x = m.tables.back();
  const int n = rnd(1, 3);
  for (int i = 0; i < n; ++i) {
    Column c = random_column(x, true);
    x.cols.push_back(c);
  }
  if (chance(40)) {
    const std::vector<RelCol> cols = rel_columns(m, key);
    const auto keyable = cols_where(cols, Need::btree, false);
    Key pk{fresh("pk"), {k.name}};
    const RelCol* other = keyable.empty() ? nullptr : pick(keyable);
    if (other && other->name != k.name && chance(50)) pk.cols.push_back(other->name);
    x.pk = pk;
  }
  w = "add partitioned table " + key;
  const int parts = rnd(1, 3);
  for (int i = 0; i < parts; ++i) add_partition(*find(m.tables, key), 0, w);
  return true;
}

EDIT(e_partition_add) {
  Table* t = pick_table([](const Table& x) { return x.part.has_value(); });
  if (!t) return false;
  return add_partition(*t, t->parent.empty() ? 0 : 1, w);
}

EDIT(e_partition_drop) {
  std::vector<std::size_t> c;
  for (std::size_t i = 0; i < m.tables.size(); ++i)
    if (!m.tables[i].parent.empty()) c.push_back(i);
  if (c.empty()) return false;
  const std::size_t i = pick(c);
  w = "drop partition " + m.tables[i].key();
  m.tables.erase(m.tables.begin() + static_cast<long>(i));
  return true;
}

EDIT(e_partition_bound) {
  Table* p = pick_table([](const Table& x) { return !x.parent.empty(); });
  if (!p) return false;
  const Table* parent = find(m.tables, p->parent);
  auto b = free_bound(*parent, p);
  if (!b) return false;
  if (b->is_default == p->bound.is_default && b->lo == p->bound.lo && b->hi == p->bound.hi &&
      b->values == p->bound.values && b->rem == p->bound.rem) {
    return false;
  }
  p->bound = *b;
  w = "change bound of partition " + p->key();
  return true;
}

EDIT(e_partition_local) {
  Table* p = pick_table([](const Table& x) { return !x.parent.empty(); });
  if (!p) return false;
  const std::vector<RelCol> cols = rel_columns(m, p->key());
  switch (rnd(0, 2)) {
    case 0:
      if (p->options.empty()) {
        p->options = {{"fillfactor", std::to_string(rnd(5, 10) * 10)}};
      } else {
        p->options.clear();
      }
      break;
    case 1: {
      auto c = random_check(cols);
      if (!c) return false;
      p->checks.push_back({fresh("ck"), *c});
      break;
    }
    default: {
      auto i = random_index(cols, false, false);
      if (!i) return false;
      p->indexes.push_back(*i);
      break;
    }
  }
  w = "change what is partition " + p->key() + "'s own";
  return true;
}

EDIT(e_view_add) {
  auto v = random_view();
  if (!v) return false;
  const std::string key = v->key();
  w = std::string("add ") + (v->materialized ? "materialized " : "") + "view " + key + " of " + v->source;
  m.views.push_back(*v);
  if (v->materialized && chance(40)) {
    auto i = random_index(rel_columns(m, key), false, true);
    if (i) find(m.views, key)->indexes.push_back(*i);
  }
  return true;
}

EDIT(e_view_drop) {
  if (m.views.empty()) return false;
  const std::size_t i = static_cast<std::size_t>(rnd(0, static_cast<int>(m.views.size()) - 1));
  w = "drop view " + m.views[i].key();
  m.views.erase(m.views.begin() + static_cast<long>(i));
  return true;
}

EDIT(e_view_change) {
  if (m.views.empty()) return false;
  View& v = pick(m.views);
  const std::vector<RelCol> src = rel_columns(m, v.source);
  if (chance(40)) {
    v.where = v.where ? std::nullopt : random_check(src);
  } else if (v.items.size() > 1 && chance(50)) {
    v.items.pop_back();
  } else if (!v.aggregates()) {
    const RelCol& c = src[static_cast<std::size_t>(rnd(0, static_cast<int>(src.size()) - 1))];
    const std::string alias = fresh("x");
    v.items.push_back({Expr{"$0", {c.name}, {Need::any}}, alias, 0, {}});
  } else {
    return false;
  }
  w = "change query of view " + v.key();
  return true;
}

EDIT(e_view_options) {
  if (m.views.empty()) return false;
  View& v = pick(m.views);
  if (v.materialized) {
    v.fillfactor = v.fillfactor ? 0 : rnd(5, 10) * 10;
  } else {
    switch (rnd(0, 2)) {
      case 0: v.security_barrier = !v.security_barrier; break;
      case 1: v.security_invoker = !v.security_invoker; break;
      default: v.check_option = v.check_option.empty() ? (chance(50) ? "local" : "cascaded") : ""; break;
    }
  }
  w = "change options of view " + v.key();
  return true;
}

EDIT(e_view_materialize) {
  if (m.views.empty()) return false;
  View& v = pick(m.views);
  v.materialized = !v.materialized;
  w = "view " + v.key() + (v.materialized ? " becomes materialized" : " stops being materialized");
  return true;
}

EDIT(e_view_comment) {
  if (m.views.empty()) return false;
  View& v = pick(m.views);
  v.comment = v.comment.empty() || chance(50) ? "view comment " + std::to_string(rnd(1, 9)) : "";
  w = "comment on view " + v.key();
  return true;
}

EDIT(e_view_index) {
  std::vector<View*> c;
  for (auto& v : m.views)
    if (v.materialized) c.push_back(&v);
  if (c.empty()) return false;
  View& v = *pick(c);
  if (!v.indexes.empty() && chance(50)) {
    w = "drop index " + v.indexes.back().name + " of " + v.key();
    v.indexes.pop_back();
    return true;
  }
  auto i = random_index(rel_columns(m, v.key()), false, true);
  if (!i) return false;
  w = "add index " + i->name + " to " + v.key();
  v.indexes.push_back(*i);
  return true;
}

EDIT(e_view_trigger) {
  std::vector<std::string> c;
  for (const auto& v : m.views)
    if (!v.materialized) c.push_back(v.key());
  if (c.empty()) return false;
  const std::string key = pick(c);
  View* v = find(m.views, key);
  if (!v->triggers.empty() && chance(50)) {
    w = "drop trigger " + v->triggers.back().name + " of " + key;
    v->triggers.pop_back();
    return true;
  }
  if (!pick_function(FnKind::trigger)) {
    m.functions.push_back(random_function(FnKind::trigger));
    w = "add function " + m.functions.back().key() + "; ";
  }
  auto tr = random_trigger(rel_columns(m, key), true, false);
  if (!tr) return false;
  w += "add trigger " + tr->name + " to " + key;
  find(m.views, key)->triggers.push_back(*tr);
  return true;
}

EDIT(e_view_rule) {
  std::vector<View*> c;
  for (auto& v : m.views)
    if (!v.materialized) c.push_back(&v);
  if (c.empty()) return false;
  View& v = *pick(c);
  if (!v.rules.empty() && chance(50)) {
    w = "drop rule " + v.rules.back().name + " of " + v.key();
    v.rules.pop_back();
    return true;
  }
  auto r = random_rule(nullptr, {}, true);
  if (!r) return false;
  for (const auto& x : v.rules)
    if (x.event == r->event) return false;
  w = "add rule " + r->name + " to " + v.key();
  v.rules.push_back(*r);
  return true;
}

#undef EDIT
#undef PICK_COLUMN

const std::vector<Gen::EditKind>& Gen::edits() {
  static const std::vector<EditKind> all = {
      {"schema.add", &Gen::e_schema_add, 3, 2},
      {"schema.drop", &Gen::e_schema_drop, 0, 1},
      {"enum.add", &Gen::e_enum_add, 5, 2},
      {"enum.drop", &Gen::e_enum_drop, 0, 2},
      {"enum.add_value", &Gen::e_enum_add_value, 0, 3},
      {"enum.remove_value", &Gen::e_enum_remove_value, 0, 3},
      {"enum.reorder", &Gen::e_enum_reorder, 0, 2},
      {"domain.add", &Gen::e_domain_add, 4, 2},
      {"domain.drop", &Gen::e_domain_drop, 0, 1},
      {"domain.default", &Gen::e_domain_default, 0, 2},
      {"domain.not_null", &Gen::e_domain_not_null, 0, 2},
      {"domain.check", &Gen::e_domain_check, 0, 2},
      {"domain.retype", &Gen::e_domain_retype, 0, 2},
      {"range.add", &Gen::e_range_add, 2, 1},
      {"range.drop", &Gen::e_range_drop, 0, 1},
      {"range.change", &Gen::e_range_change, 0, 2},
      {"composite.add", &Gen::e_composite_add, 3, 1},
      {"composite.drop", &Gen::e_composite_drop, 0, 1},
      {"composite.add_attr", &Gen::e_composite_add_attr, 0, 2},
      {"composite.drop_attr", &Gen::e_composite_drop_attr, 0, 2},
      {"composite.retype_attr", &Gen::e_composite_retype_attr, 0, 2},
      {"composite.reorder", &Gen::e_composite_reorder, 0, 1},
      {"sequence.add", &Gen::e_sequence_add, 3, 1},
      {"sequence.drop", &Gen::e_sequence_drop, 0, 1},
      {"sequence.options", &Gen::e_sequence_options, 0, 2},
      {"sequence.owned_by", &Gen::e_sequence_owned_by, 1, 1},
      {"function.add", &Gen::e_function_add, 6, 2},
      {"function.drop", &Gen::e_function_drop, 0, 2},
      {"function.body", &Gen::e_function_body, 0, 2},
      {"function.options", &Gen::e_function_options, 0, 2},
      {"function.result_type", &Gen::e_function_result_type, 0, 2},
      {"function.rename_arg", &Gen::e_function_rename_arg, 0, 1},
      {"aggregate.add", &Gen::e_aggregate_add, 2, 1},
      {"aggregate.drop", &Gen::e_aggregate_drop, 0, 1},
      {"aggregate.change", &Gen::e_aggregate_change, 0, 1},
      {"aggregate.result_type", &Gen::e_aggregate_result_type, 0, 1},
      {"table.add", &Gen::e_table_add, 6, 3},
      {"table.drop", &Gen::e_table_drop, 0, 2},
      {"table.unlogged", &Gen::e_table_unlogged, 0, 2},
      {"table.options", &Gen::e_table_options, 1, 2},
      {"table.comment", &Gen::e_table_comment, 1, 1},
      {"table.rls", &Gen::e_table_rls, 1, 1},
      {"column.add", &Gen::e_column_add, 4, 6},
      {"column.drop", &Gen::e_column_drop, 0, 5},
      {"column.retype", &Gen::e_column_retype, 0, 6},
      {"column.not_null", &Gen::e_column_not_null, 0, 4},
      {"column.default", &Gen::e_column_default, 1, 4},
      {"column.identity", &Gen::e_column_identity, 1, 3},
      {"column.serial", &Gen::e_column_serial, 1, 2},
      {"column.generated", &Gen::e_column_generated, 1, 3},
      {"column.collation", &Gen::e_column_collation, 0, 1},
      {"column.comment", &Gen::e_column_comment, 1, 1},
      {"pk.add", &Gen::e_pk_add, 2, 3},
      {"pk.drop", &Gen::e_pk_drop, 0, 2},
      {"unique.add", &Gen::e_unique_add, 2, 3},
      {"unique.drop", &Gen::e_unique_drop, 0, 2},
      {"check.add", &Gen::e_check_add, 2, 3},
      {"check.drop", &Gen::e_check_drop, 0, 2},
      {"check.change", &Gen::e_check_change, 0, 2},
      {"fk.add", &Gen::e_fk_add, 3, 3},
      {"fk.drop", &Gen::e_fk_drop, 0, 2},
      {"fk.change", &Gen::e_fk_change, 0, 2},
      {"exclusion.add", &Gen::e_exclusion_add, 1, 2},
      {"exclusion.drop", &Gen::e_exclusion_drop, 0, 1},
      {"index.add", &Gen::e_index_add, 4, 4},
      {"index.drop", &Gen::e_index_drop, 0, 2},
      {"index.change", &Gen::e_index_change, 0, 2},
      {"policy.add", &Gen::e_policy_add, 1, 2},
      {"policy.drop", &Gen::e_policy_drop, 0, 1},
      {"policy.change", &Gen::e_policy_change, 0, 1},
      {"trigger.add", &Gen::e_trigger_add, 2, 2},
      {"trigger.drop", &Gen::e_trigger_drop, 0, 1},
      {"trigger.change", &Gen::e_trigger_change, 0, 1},
      {"trigger.enabled", &Gen::e_trigger_enabled, 0, 1},
      {"rule.add", &Gen::e_rule_add, 1, 1},
      {"rule.drop", &Gen::e_rule_drop, 0, 1},
      {"rule.change", &Gen::e_rule_change, 0, 1},
      {"partitioned.add", &Gen::e_partitioned_add, 2, 1},
      {"partition.add", &Gen::e_partition_add, 1, 2},
      {"partition.drop", &Gen::e_partition_drop, 0, 2},
      {"partition.bound", &Gen::e_partition_bound, 0, 2},
      {"partition.local", &Gen::e_partition_local, 0, 1},
      {"view.add", &Gen::e_view_add, 4, 2},
      {"view.drop", &Gen::e_view_drop, 0, 1},
      {"view.change", &Gen::e_view_change, 0, 2},
      {"view.options", &Gen::e_view_options, 0, 1},
      {"view.materialize", &Gen::e_view_materialize, 0, 1},
      {"view.comment", &Gen::e_view_comment, 0, 1},
      {"view.index", &Gen::e_view_index, 1, 1},
      {"view.trigger", &Gen::e_view_trigger, 1, 1},
      {"view.rule", &Gen::e_view_rule, 1, 1},
  };
  return all;
}

bool Gen::apply_random(bool grow, std::string& what) {
  int total = 0;
  for (const auto& e : edits())
    if (on(e.name)) total += grow ? e.grow_weight : e.change_weight;
  if (total == 0) return false;
  int r = rnd(0, total - 1);
  for (const auto& e : edits()) {
    if (!on(e.name)) continue;
    r -= grow ? e.grow_weight : e.change_weight;
    if (r < 0) return (this->*e.edit)(what);
  }
  return false;
}

GeneratedPair Gen::run(unsigned seed) {
  GeneratedPair out;
  out.seed = seed;
  const int tables = rnd(2, 4);
  for (int i = 0; i < tables; ++i) {
    std::string w;
    if (on("table.add")) e_table_add(w);
  }
  const int grow = rnd(6, 14);
  for (int i = 0, tries = 0; i < grow && tries < 200; ++tries) {
    std::string w;
    if (apply_random(true, w)) {
      repair(m);
      ++i;
    }
  }
  repair(m);
  for (auto& t : m.tables) {
    if (t.plain() && t.fks.empty() && chance(60)) t.rows = rnd(1, 2);
  }
  const Model a = m;
  const std::string a_schema = render(a, false);
  const int edits_wanted = rnd(m_options.min_edits, m_options.max_edits);
  int done = 0;
  for (int tries = 0; tries < 500 && (done < edits_wanted || render(m, false) == a_schema); ++tries) {
    const Model backup = m;
    std::string w;
    bool ok = apply_random(false, w);
    if (ok) {
      repair(m);
      ok = rows_ok(a, m) && limits_ok(a, m);
    }
    if (!ok) {
      const int counter = m.counter;
      m = backup;
      m.counter = counter;
      continue;
    }
    out.edits.push_back(w);
    ++done;
  }
  out.a = render(a, true);
  out.b = render(m, false);
  std::set<std::string> schemas(a.schemas.begin(), a.schemas.end());
  schemas.insert(m.schemas.begin(), m.schemas.end());
  if (!schemas.empty() || chance(30)) {
    out.schemas.push_back("public");
    out.schemas.insert(out.schemas.end(), schemas.begin(), schemas.end());
  }
  return out;
}

}  // namespace

GeneratedPair generate_pair(unsigned seed, const FuzzOptions& options) {
  Gen gen(seed, options);
  return gen.run(seed);
}

}  // namespace retort::test::fuzz
