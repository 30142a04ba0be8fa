// Edits of exclusion constraints, indexes, policies, triggers, rules,
// partitions and views (see fuzz_gen.hpp).

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/fuzz_gen.hpp"

namespace retort::test::fuzz::detail {

#define EDIT(fn) bool Gen::fn(std::string& w)

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

}  // namespace retort::test::fuzz::detail
