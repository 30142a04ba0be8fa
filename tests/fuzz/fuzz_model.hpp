#pragma once
// The fuzzer's internals (tests/fuzz/schema_fuzz.hpp is its API): a schema
// is a model (the structs below); edits change the model; repair() then
// removes what an edit left dangling (an index on a dropped column, a view of
// a dropped table), so the model always renders to SQL PostgreSQL accepts,
// in dependency order. B's edits are also checked against A: the rows A
// holds must fit B and come back (rows_ok), and the change must not be one of
// autogenerate's known limits (limits_ok); an edit that fails either is
// undone and another one tried.
//
// The files of tests/fuzz/:
//   fuzz_model.cpp            SQL text, lookups, types and expressions
//   fuzz_render.cpp           render(): a model as SQL (and A's rows)
//   fuzz_repair.cpp           repair(): what an edit left dangling goes
//   fuzz_rows.cpp             rows_ok(): A's rows fit B and come back
//   fuzz_limits.cpp           limits_ok(): autogenerate's known limits
//   fuzz_gen.hpp              class Gen, the random generator
//   fuzz_random_columns.cpp   random types, expressions and columns
//   fuzz_random_objects.cpp   random indexes, triggers, rules, policies,
//                             partitions, functions and views
//   fuzz_edits_types.cpp      edits of schemas, types, sequences, functions
//   fuzz_edits_tables.cpp     edits of tables, columns and constraints
//   fuzz_edits_objects.cpp    edits of indexes, policies, triggers, rules,
//                             partitions and views
//   fuzz_generate.cpp         the list of edits, generate_pair()

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace retort::test::fuzz::detail {

// ---- SQL text -------------------------------------------------------------

std::string qi(const std::string& name);  // an identifier, quoted where it must be
std::string lit(const std::string& text);  // a string literal
std::string qn(const std::string& schema, const std::string& name);
// An element of an array literal: "{" + array_elem(v) + "}".
std::string array_elem(const std::string& value);
std::string join(const std::vector<std::string>& items, const std::string& sep);

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
  composite_,
  composite_array
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

std::string key_schema(const std::string& key);
std::string key_name(const std::string& key);
std::string key_q(const std::string& key);
const Table* root_of(const Model& m, const Table* t);
const std::vector<Column>& columns_of(const Model& m, const Table& t);
bool in_partition_tree(const Model& m, const Table& t);
// The partition key columns of `root` and of every partition under it.
std::set<std::string> locked_columns(const Model& m, const Table& root);

std::string type_sql(const Model& m, const Type& t);
bool raw_integral(const Type& t);
// The type, or a domain's base type.
std::optional<Type> base_of(const Model& m, const Type& t);
bool satisfies(const Model& m, const Type& type, Need need);

// A column of a table or view, as something reads it.
struct RelCol {
  std::string name;
  Type type;
  bool generated = false;
};

std::vector<RelCol> rel_columns(const Model& m, const std::string& key, int depth = 0);
const RelCol* col_in(const std::vector<RelCol>& cols, const std::string& name);
bool ref_ok(const Model& m, const std::string& ref, bool immutable);
bool expr_ok(const Model& m, const std::vector<RelCol>& cols, const Expr& e, bool immutable,
             bool allow_generated = true);
// A default or generation expression of `c`.
bool self_ok(const Model& m, const Column& c, const Expr& e);
std::string render_expr(const Model& m, const Expr& e);

template <class T, class P>
bool erase_if(std::vector<T>& v, P pred) {
  const auto before = v.size();
  v.erase(std::remove_if(v.begin(), v.end(), pred), v.end());
  return v.size() != before;
}

// ---- fuzz_render.cpp, fuzz_repair.cpp, fuzz_rows.cpp, fuzz_limits.cpp -----

std::string render(const Model& m, bool with_rows);
void repair(Model& m);
bool fk_types_ok(const Model& m, const Type& a, const Type& b);
// A column added (or added again) to a table with rows gets values.
bool fills(const Model& m, const Column& c);
std::string family(const Type& t);  // "num", "text", "time", "intarr" or "other"
bool rows_ok(const Model& a, const Model& b);
bool limits_ok(const Model& a, const Model& b);

}  // namespace retort::test::fuzz::detail
