// Edits of schemas, enums, domains, range and composite types, sequences,
// functions and aggregates (see fuzz_gen.hpp).

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/fuzz_gen.hpp"

namespace retort::test::fuzz::detail {

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
  if (extra("domain_over_domain") && !m.domains.empty() && chance(30)) {
    d.base = {TK::domain_, 0, 0, pick(m.domains).key()};
    d.not_null = chance(20);
    w = "add domain " + d.key() + " over domain " + d.base.ref;
    m.domains.push_back(d);
    return true;
  }
  if (extra("domain_over_enum") && !m.enums.empty() && chance(30)) {
    d.base = {TK::enum_, 0, 0, pick(m.enums).key()};
    if (chance(30)) d.def = random_default(d.base);
    d.not_null = chance(20);
    w = "add domain " + d.key() + " over enum " + d.base.ref;
    m.domains.push_back(d);
    return true;
  }
  if (chance(30)) d.def = random_default(d.base);
  if (d.base.k == TK::text_ && chance(15)) d.collation = "C";
  d.not_null = chance(20);
  const bool num = satisfies(m, d.base, Need::num);
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
  if (d.base.k == TK::domain_) return false;
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
  if (d.base.k == TK::enum_ || d.base.k == TK::domain_) return false;  // its base type's edits change it
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
  if (d.base.k == TK::enum_ || d.base.k == TK::domain_) return false;
  const bool num = satisfies(m, d.base, Need::num);
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
    if (extra("composite_over_domain") && chance(25)) t = domain_or_range(t);
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
  Type t = random_scalar_type();
  if (extra("composite_over_domain") && chance(25)) t = domain_or_range(t);
  c.attrs.emplace_back(fresh("at"), t);
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

#undef EDIT

}  // namespace retort::test::fuzz::detail
