// repair(): what an edit left dangling goes (see fuzz_model.hpp).

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fuzz/fuzz_model.hpp"

namespace retort::test::fuzz::detail {

bool fk_types_ok(const Model& m, const Type& a, const Type& b) {
  if (a.k == TK::domain_ || b.k == TK::domain_) return a == b;
  if (raw_integral(a) && raw_integral(b)) return true;
  const bool ta = a.k == TK::text_ || a.k == TK::varchar_;
  const bool tb = b.k == TK::text_ || b.k == TK::varchar_;
  if (ta && tb) return true;
  return a == b && satisfies(m, a, Need::btree);
}

namespace {

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
      case TK::composite_:
      case TK::composite_array: return find(m.composites, t.ref) != nullptr;
      default: return true;
    }
  };
  changed |= erase_if(m.domains, [&](const Domain& d) { return !type_exists(d.base); });
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
        // PostgreSQL finds no equality between two columns of a domain over
        // an enum ("incompatible types: d and d").
        std::optional<Type> base = a->type;
        for (int depth = 0; base && base->k == TK::domain_ && depth < 8; ++depth) base = base_of(m, *base);
        if (a->type.k == TK::domain_ && base && base->k == TK::enum_) return true;
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

}  // namespace

void repair(Model& m) {
  for (int i = 0; i < 50 && repair_once(m); ++i) {
  }
}

}  // namespace retort::test::fuzz::detail
