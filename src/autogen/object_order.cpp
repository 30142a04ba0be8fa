#include "autogen/object_order.hpp"

#include <algorithm>
#include <functional>
#include <iterator>

#include "autogen/column_rebuild.hpp"
#include "autogen/other_objects.hpp"
#include "autogen/sql_text.hpp"

namespace retort::autogen {

std::vector<const Domain*> base_first(std::vector<const Domain*> domains, std::string_view ds) {
  std::vector<const Domain*> out;
  while (!domains.empty()) {
    const auto ready = std::stable_partition(domains.begin(), domains.end(), [&](const Domain* d) {
      return std::none_of(domains.begin(), domains.end(), [&](const Domain* base) {
        return base != d && d->base_type == qualified(base->name, ds);
      });
    });
    // Nothing ready only in a cycle, which PostgreSQL does not allow.
    const auto end = ready == domains.begin() ? domains.end() : ready;
    out.insert(out.end(), domains.begin(), end);
    domains.erase(domains.begin(), end);
  }
  return out;
}

std::set<QualifiedName> domains_calling(const std::vector<const Domain*>& domains,
                                        const std::vector<std::string>& functions, std::string_view ds) {
  const auto calls = [&](const Domain& d) {
    return std::any_of(functions.begin(), functions.end(), [&](const std::string& f) {
      return calls_function(d.default_expr, f) ||
             std::any_of(d.constraints.begin(), d.constraints.end(),
                         [&](const Constraint& c) { return calls_function(c.definition, f); });
    });
  };
  std::set<QualifiedName> out;
  if (functions.empty()) {
    return out;
  }
  for (const Domain* d : base_first(domains, ds)) {
    if (calls(*d) || std::any_of(out.begin(), out.end(),
                                 [&](const QualifiedName& base) { return d->base_type == qualified(base, ds); })) {
      out.insert(d->name);
    }
  }
  return out;
}

bool atomic_body(const OtherObject& o) {
  return (o.kind == "function" || o.kind == "procedure") && o.definition.find("\nBEGIN ATOMIC") != std::string::npos;
}

bool tied_to_tables(const OtherObject& o, const std::set<QualifiedName>& tables, std::string_view ds) {
  const bool atomic = atomic_body(o);
  return std::any_of(tables.begin(), tables.end(), [&](const QualifiedName& t) {
    const std::string name = qualified(t, ds);
    return signature_names(o, name) || (atomic && mentions_name(o.definition, t.name));
  });
}

std::set<QualifiedName> remade_callers(const Catalog& from, const Catalog& to, const std::set<QualifiedName>& touched,
                                       const std::vector<std::string>& remade_functions, std::string_view ds) {
  std::set<QualifiedName> out;
  const auto declared = others_by_key(to, true, from, to);
  for (const auto& [key, o] : others_by_key(from, true, from, to)) {
    const bool aggregate = o->kind == "aggregate";
    if (!atomic_body(*o) && !aggregate) {
      continue;
    }
    const bool stays = declared.count(key) > 0;
    // An aggregate names its functions without parentheses.
    const std::string self = routine_name(o->name);
    const bool calls_remade = std::any_of(remade_functions.begin(), remade_functions.end(), [&](const std::string& f) {
      return f != self && (aggregate ? mentions_quoted(o->definition, f) : calls_function(o->definition, f));
    });
    if (calls_remade || (stays && !aggregate && tied_to_tables(*o, touched, ds))) {
      out.insert(o->name);
    }
  }
  return out;
}

namespace {

// The range types whose definitions change: made again.
std::vector<QualifiedName> changed_ranges(const Catalog& from, const Catalog& to) {
  std::vector<QualifiedName> out;
  for (const auto& o : to.others) {
    for (const auto& old : from.others) {
      if (o.kind == "range type" && old.kind == o.kind && old.name == o.name && old.definition != o.definition) {
        out.push_back(o.name);
      }
    }
  }
  return out;
}

}  // namespace

std::map<QualifiedName, std::vector<const Domain*>> domains_over_replaced(const Catalog& from, const Catalog& to,
                                                                         std::string_view ds) {
  std::set<QualifiedName> replaced;
  for (const auto& e : to.enums) {
    const Enum* old = from.find_enum(e.name);
    if (old != nullptr && old->values != e.values) {
      replaced.insert(e.name);
    }
  }
  std::vector<const Domain*> kept;
  for (const auto& d : to.domains) {
    const Domain* old = from.domain(d.name);
    if (old != nullptr && (old->base_type != d.base_type || old->collation != d.collation)) {
      replaced.insert(d.name);
    } else if (old != nullptr) {
      kept.push_back(&d);
    }
  }
  // A domain that goes is dropped late (after the columns of it change),
  // so it is there, as it is, while the type it is over is made again.
  for (const auto& d : from.domains) {
    if (to.domain(d.name) == nullptr) {
      kept.push_back(&d);
    }
  }
  for (const auto& name : changed_ranges(from, to)) {
    replaced.insert(name);
  }
  std::map<QualifiedName, std::vector<const Domain*>> out;
  for (const Domain* d : base_first(kept, ds)) {
    for (const auto& type : replaced) {
      const std::string name = qualified(type, ds);
      if (d->base_type == name || d->base_type == name + "[]") {
        out[type].push_back(d);
        replaced.insert(d->name);  // the domains over it come after it
        break;
      }
    }
  }
  return out;
}

std::set<QualifiedName> remade_with_their_type(const Catalog& from, const Catalog& to,
                                               const std::map<QualifiedName, std::vector<const Domain*>>& over) {
  std::set<QualifiedName> out;
  const std::function<void(const QualifiedName&)> add_over = [&](const QualifiedName& type) {
    if (const auto found = over.find(type); found != over.end()) {
      for (const Domain* d : found->second) {
        out.insert(d->name);
        add_over(d->name);
      }
    }
  };
  for (const auto& e : to.enums) {
    const Enum* old = from.find_enum(e.name);
    if (old != nullptr && old->values != e.values && !is_subsequence(old->values, e.values)) {
      add_over(e.name);
    }
  }
  for (const auto& d : to.domains) {
    const Domain* old = from.domain(d.name);
    if (old != nullptr && (old->base_type != d.base_type || old->collation != d.collation)) {
      add_over(d.name);
    }
  }
  for (const auto& name : changed_ranges(from, to)) {
    add_over(name);
  }
  return out;
}

bool is_subsequence(const std::vector<std::string>& small, const std::vector<std::string>& big) {
  std::size_t i = 0;
  for (const auto& v : big) {
    if (i < small.size() && small[i] == v) {
      ++i;
    }
  }
  return i == small.size();
}

Domain without_calls(Domain d, const std::vector<std::string>& functions) {
  const auto calls = [&](const std::string& text) {
    return std::any_of(functions.begin(), functions.end(),
                       [&](const std::string& f) { return calls_function(text, f); });
  };
  if (calls(d.default_expr)) {
    d.default_expr.clear();
  }
  std::erase_if(d.constraints, [&](const Constraint& c) { return calls(c.definition); });
  return d;
}

std::set<QualifiedName> routines_over_replaced_types(const Catalog& from, const Catalog& to, std::string_view ds) {
  std::vector<QualifiedName> changed;
  for (const auto& e : to.enums) {
    const Enum* old = from.find_enum(e.name);
    if (old != nullptr && old->values != e.values) {
      changed.push_back(e.name);
    }
  }
  for (const auto& d : to.domains) {
    const Domain* old = from.domain(d.name);
    if (old != nullptr && (old->base_type != d.base_type || old->collation != d.collation)) {
      changed.push_back(d.name);
    }
  }
  for (const auto& [type, over] : domains_over_replaced(from, to, ds)) {
    for (const Domain* d : over) {
      changed.push_back(d->name);
    }
  }
  const auto declared = others_by_key(to, true, from, to);
  const auto live = others_by_key(from, true, from, to);
  for (const auto& [key, o] : live) {
    const auto next = declared.find(key);
    if (next == declared.end() || next->second->definition == o->definition) {
      continue;
    }
    if (std::get<0>(key) == "range type" || composite_replaced(*o, *next->second, from, to)) {
      changed.push_back(o->name);
    }
  }
  // Composite types that columns hold are made again with the type they
  // have an attribute of (and those with an attribute of them).
  for (std::size_t i = 0; i < changed.size(); ++i) {
    for (const OtherObject* c : held_composites_of(from, to, changed[i], ds)) {
      changed.push_back(c->name);
    }
  }
  std::set<QualifiedName> out;
  for (const auto& [key, o] : live) {
    const bool uses_changed = std::any_of(changed.begin(), changed.end(), [&](const QualifiedName& type) {
      return signature_names(*o, qualified(type, ds));
    });
    if (uses_changed && declared.count(key) > 0) {
      out.insert(o->name);
    }
  }
  return out;
}

void mark_composites_in_columns(std::vector<Operation>& ops, const Catalog& from) {
  for (auto& op : ops) {
    if (auto* replace = std::get_if<ReplaceOther>(&op.kind)) {
      replace->in_columns = std::any_of(from.tables.begin(), from.tables.end(), [&](const Table& t) {
        return std::any_of(t.columns.begin(), t.columns.end(),
                           [&](const Column& c) { return c.base_type == replace->from.name; });
      });
    }
  }
}

const OtherObject* made_routine(const Operation& op) {
  const OtherObject* o = nullptr;
  if (const auto* create = std::get_if<CreateOther>(&op.kind)) {
    o = &create->object;
  } else if (const auto* replace = std::get_if<ReplaceOther>(&op.kind)) {
    o = &replace->to;
  }
  return o;
}

std::vector<std::string> made_routine_names(const std::vector<Operation>& ops) {
  std::vector<std::string> out;
  for (const auto& op : ops) {
    if (const OtherObject* o = made_routine(op); o != nullptr) {
      out.push_back(routine_name(o->name));
    }
  }
  return out;
}

void defer_defaults_calling(std::vector<Operation>& ops, const std::vector<std::string>& functions,
                            std::vector<Operation>& later) {
  const auto calls = [&](const Column& c) {
    return c.generated.empty() && std::any_of(functions.begin(), functions.end(), [&](const std::string& f) {
             return calls_function(c.default_expr, f);
           });
  };
  // A column added to a table that may have rows comes later whole: its
  // default fills them (and lets it be NOT NULL).
  const auto added_late = std::stable_partition(ops.begin(), ops.end(), [&](const Operation& op) {
    const auto* add = std::get_if<AddColumn>(&op.kind);
    return add == nullptr || !calls(add->column);
  });
  std::move(added_late, ops.end(), std::back_inserter(later));
  ops.erase(added_late, ops.end());
  // A new table's column, or a column's new default, is set later.
  const auto defer = [&](const QualifiedName& table, Column& c, const Column& before) {
    if (calls(c)) {
      Column without = c;
      without.default_expr = before.default_expr == c.default_expr ? std::string() : before.default_expr;
      later.push_back(Operation{AlterColumn{table, without, c}, {}, {}});
      c.default_expr = without.default_expr;
    }
  };
  for (auto& op : ops) {
    if (auto* create = std::get_if<CreateTable>(&op.kind)) {
      for (auto& c : create->table.columns) {
        defer(create->table.name, c, Column{});
      }
    } else if (auto* alter = std::get_if<AlterColumn>(&op.kind)) {
      defer(alter->table, alter->to, alter->from);
    }
  }
}

const OtherObject* dropped_routine(const Operation& op) {
  const auto* drop = std::get_if<DropOther>(&op.kind);
  return drop == nullptr ? nullptr : &drop->object;
}

std::set<QualifiedName> types_calling(const std::vector<Operation>& types, const std::vector<std::string>& functions,
                                      std::string_view ds) {
  std::set<QualifiedName> out;
  for (const auto& op : types) {
    if (const OtherObject* o = object_of(op); o != nullptr && range_calls(*o, functions)) {
      out.insert(o->name);
    }
  }
  for (const auto& op : types) {
    const OtherObject* o = object_of(op);
    if (o != nullptr && o->kind == "composite type" &&
        std::any_of(out.begin(), out.end(),
                    [&](const QualifiedName& range) { return !attributes_of_type(*o, qualified(range, ds)).empty(); })) {
      out.insert(o->name);
    }
  }
  return out;
}

const OtherObject* object_of(const Operation& op) {
  const OtherObject* o = made_routine(op);
  return o != nullptr ? o : dropped_routine(op);
}

std::vector<RebuiltForeignKey> foreign_keys_to_rebuild(const Catalog& from, const Catalog& to,
                                                       const std::set<QualifiedName>& rebuilt_keys,
                                                       const std::set<std::pair<QualifiedName, std::string>>& dropped,
                                                       std::string_view ds) {
  std::vector<RebuiltForeignKey> out;
  for (const auto& t : to.tables) {
    const Table* old = from.table(t.name);
    if (!old) {
      continue;
    }
    for (const auto& c : old->constraints) {
      if (c.kind != ConstraintKind::foreign_key || dropped.count({t.name, c.name}) > 0) {
        continue;
      }
      if (rebuilt_keys.count(c.ref_table) > 0) {
        out.push_back({t.name, c,
                       "dropped while the key of " + display(c.ref_table, ds) + " it references changes; added again below"});
      } else if (retyped(from, to, t.name, c.columns) || retyped(from, to, c.ref_table, c.ref_columns)) {
        out.push_back({t.name, c, "dropped while its columns change type; added again below"});
      } else if (referenced_key_rebuilt(from, to, c)) {
        out.push_back({t.name, c,
                       "dropped while the key of " + display(c.ref_table, ds) +
                           " it references is rebuilt (a column it includes changes type); added again below"});
      }
    }
  }
  return out;
}

}  // namespace retort::autogen
