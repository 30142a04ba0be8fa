// The generator's random indexes, triggers, rules, policies, sequence options,
// partitions, functions and views (see fuzz_gen.hpp).

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "fuzz/fuzz_gen.hpp"

namespace retort::test::fuzz::detail {

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

}  // namespace retort::test::fuzz::detail
