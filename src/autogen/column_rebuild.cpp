#include "autogen/column_rebuild.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <utility>

#include "autogen/sql_text.hpp"

namespace retort::autogen {

std::set<std::string> recreated_columns(const Table& from, const Table& to, const Remade& remade) {
  const auto converted = [&](const Column& c) {
    return std::find(remade.types.begin(), remade.types.end(), c.base_type) != remade.types.end();
  };
  // A generated expression naming a type made again (a cast) holds on to the old one.
  const auto names_remade = [&](const std::string& text) {
    return std::any_of(remade.types.begin(), remade.types.end(),
                       [&](const QualifiedName& type) { return mentions_name(text, type.name); });
  };
  std::vector<std::string> retyped;
  for (const auto& c : from.columns) {
    const Column* next = to.column(c.name);
    if (next && (c.type != next->type || c.collation != next->collation || converted(c))) {
      retyped.push_back(c.name);
    }
  }
  const auto calls_remade = [&](const std::string& text) {
    return std::any_of(remade.functions.begin(), remade.functions.end(),
                       [&](const std::string& name) { return calls_function(text, name); });
  };
  std::set<std::string> out;
  for (const auto& c : from.columns) {
    const Column* next = to.column(c.name);
    if (!next) {
      continue;
    }
    const bool reads_retyped = !c.generated.empty() &&
                               std::any_of(retyped.begin(), retyped.end(), [&](const std::string& r) {
                                 return r != c.name && mentions_name(c.generated, r);
                               });
    const bool remade_itself = !c.generated.empty() && (converted(c) || names_remade(c.generated));
    if (c.generated != next->generated || reads_retyped || remade_itself || calls_remade(c.generated)) {
      out.insert(c.name);
    }
  }
  return out;
}

bool uses_any(const std::vector<std::string>& columns, const std::string& text, const std::set<std::string>& recreated) {
  return std::any_of(recreated.begin(), recreated.end(), [&](const std::string& r) {
    return std::find(columns.begin(), columns.end(), r) != columns.end() || mentions_name(text, r);
  });
}

std::set<std::string> with_parents_recreated(const Table& from, const Table& to, std::set<std::string> recreated,
                                             const Catalog& before, const Catalog& after, const Remade& remade) {
  const bool same_parent = from.is_partition() && to.partition_of == from.partition_of;
  const Table* parent = same_parent ? before.table(from.partition_of) : nullptr;
  const Table* next = parent != nullptr ? after.table(parent->name) : nullptr;
  if (next != nullptr) {
    for (auto& c : with_parents_recreated(*parent, *next, recreated_columns(*parent, *next, remade), before, after,
                                          remade)) {
      recreated.insert(c);
    }
  }
  return recreated;
}

void add_partitions(std::set<QualifiedName>& tables, const Catalog& catalog) {
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& t : catalog.tables) {
      if (t.is_partition() && tables.count(t.partition_of) > 0) {
        grew = tables.insert(t.name).second || grew;
      }
    }
  }
}

bool referenced_key_rebuilt(const Catalog& before, const Catalog& after, const Constraint& fk) {
  const Table* from = before.table(fk.ref_table);
  const Table* to = after.table(fk.ref_table);
  if (from == nullptr || to == nullptr) {
    return false;
  }
  std::vector<std::string> retyped_columns;
  for (const auto& c : from->columns) {
    const Column* next = to->column(c.name);
    if (next != nullptr && next->type != c.type) {
      retyped_columns.push_back(c.name);
    }
  }
  const auto names_retyped = [&](const std::string& text) {
    return std::any_of(retyped_columns.begin(), retyped_columns.end(),
                       [&](const std::string& c) { return mentions_name(text, c); });
  };
  const std::set<std::string> key(fk.ref_columns.begin(), fk.ref_columns.end());
  const bool by_constraint = std::any_of(from->constraints.begin(), from->constraints.end(), [&](const Constraint& c) {
    return c.unique_like() && std::set<std::string>(c.columns.begin(), c.columns.end()) == key &&
           names_retyped(c.definition);
  });
  return by_constraint || std::any_of(from->indexes.begin(), from->indexes.end(), [&](const Index& i) {
           return i.unique && names_retyped(i.body) && std::all_of(key.begin(), key.end(), [&](const std::string& k) {
                    return std::find(i.columns.begin(), i.columns.end(), k) != i.columns.end();
                  });
         });
}

std::set<std::string> changed_columns_of(const std::map<QualifiedName, std::set<std::string>>& changed,
                                         const Catalog& catalog, QualifiedName table) {
  std::set<std::string> out;
  for (const Table* t = catalog.table(table); true; t = catalog.table(table)) {
    if (const auto found = changed.find(table); found != changed.end()) {
      out.insert(found->second.begin(), found->second.end());
    }
    if (t == nullptr || !t->is_partition()) {
      return out;
    }
    table = t->partition_of;
  }
}

bool reads_columns(const View& v, const QualifiedName& table, const std::set<std::string>& columns) {
  return columns.count("*") > 0 || std::any_of(v.columns_read.begin(), v.columns_read.end(), [&](const auto& read) {
           return read.first == table && columns.count(read.second) > 0;
         });
}

bool holds_columns(const OtherObject& o, const std::set<std::string>& columns) {
  if (o.kind == "rule" || columns.count("*") > 0 || o.definition.find(".*") != std::string::npos ||
      (o.kind == "policy" && mentions_name(o.definition, o.table.name))) {
    return true;
  }
  return std::any_of(columns.begin(), columns.end(),
                     [&](const std::string& c) { return mentions_name(o.definition, c); });
}

bool retyped(const Catalog& before, const Catalog& after, const QualifiedName& table,
             const std::vector<std::string>& columns) {
  const Table* from = before.table(table);
  const Table* to = after.table(table);
  return from != nullptr && to != nullptr && std::any_of(columns.begin(), columns.end(), [&](const std::string& name) {
           const Column* a = from->column(name);
           const Column* b = to->column(name);
           return a != nullptr && b != nullptr && a->type != b->type;
         });
}

namespace {

bool partition_under(const Catalog& catalog, const QualifiedName& table, const QualifiedName& ancestor) {
  for (const Table* t = catalog.table(table); t != nullptr && t->is_partition(); t = catalog.table(t->partition_of)) {
    if (t->partition_of == ancestor) {
      return true;
    }
  }
  return false;
}

bool may_take(const Index& parent, const Index& own) {
  return parent.method == own.method && parent.unique == own.unique &&
         std::set<std::string>(parent.columns.begin(), parent.columns.end()) ==
             std::set<std::string>(own.columns.begin(), own.columns.end());
}

// The table and index of a CreateIndex or DropIndex, else nullopt.
std::optional<std::pair<QualifiedName, Index>> index_of(const Operation& op) {
  if (const auto* create = std::get_if<CreateIndex>(&op.kind)) {
    return std::pair(create->table, create->index);
  }
  if (const auto* drop = std::get_if<DropIndex>(&op.kind)) {
    return std::pair(drop->table, drop->index);
  }
  return std::nullopt;
}

}  // namespace

void keep_partition_indexes_own(std::array<std::vector<Operation>, phases::phase_count>& buckets, const Catalog& from,
                                const Catalog& to) {
  std::vector<Operation>& creates = buckets[phases::add_constraint];
  std::vector<Operation>& drops = buckets[phases::drop_constraint];
  const auto partitioned = [](const Catalog& catalog, const QualifiedName& table) {
    return std::any_of(catalog.tables.begin(), catalog.tables.end(),
                       [&](const Table& t) { return t.partition_of == table; });
  };
  // Copies (the operations move below); made: by the upgrade, else by the downgrade.
  std::vector<std::pair<CreateIndex, bool>> parents;
  for (const auto& op : creates) {
    const auto* create = std::get_if<CreateIndex>(&op.kind);
    if (create != nullptr && partitioned(to, create->table)) {
      parents.emplace_back(*create, true);
    }
  }
  for (const auto& op : drops) {
    const auto* drop = std::get_if<DropIndex>(&op.kind);
    if (drop != nullptr && partitioned(from, drop->table)) {
      parents.emplace_back(CreateIndex{drop->table, drop->index}, false);
    }
  }
  const auto taker = [&](const QualifiedName& table, const Index& own) -> const std::pair<CreateIndex, bool>* {
    for (const auto& parent : parents) {
      if ((partition_under(to, table, parent.first.table) || partition_under(from, table, parent.first.table)) &&
          may_take(parent.first.index, own)) {
        return &parent;
      }
    }
    return nullptr;
  };
  // Moves out of `ops` those on an index that a parent's may take.
  std::set<std::pair<QualifiedName, std::string>> moved;
  const auto take_out = [&](std::vector<Operation>& ops, std::vector<Operation>& taken) {
    std::vector<Operation> rest;
    for (auto& op : ops) {
      const auto index = index_of(op);
      if (index && taker(index->first, index->second) != nullptr) {
        moved.insert({index->first, index->second.name});
        taken.push_back(std::move(op));
      } else {
        rest.push_back(std::move(op));
      }
    }
    ops = std::move(rest);
  };
  std::vector<Operation> first;
  std::vector<Operation> after;
  take_out(creates, after);
  take_out(drops, first);
  for (auto& op : buckets[phases::create_partition]) {
    if (auto* create = std::get_if<CreateTable>(&op.kind)) {
      std::erase_if(create->table.indexes, [&](const Index& i) {
        const bool taken = taker(create->table.name, i) != nullptr;
        if (taken) {
          after.push_back(Operation{CreateIndex{create->table.name, i}, {}, {}});
        }
        return taken;
      });
    }
  }
  // Kept as they are: dropped first and made again after.
  for (const auto& t : to.tables) {
    const Table* old = t.is_partition() ? from.table(t.name) : nullptr;
    for (const auto& i : t.indexes) {
      const Index* was = old != nullptr ? old->index(i.name) : nullptr;
      const auto* parent = was != nullptr && *was == i && moved.count({t.name, i.name}) == 0 ? taker(t.name, i) : nullptr;
      if (parent != nullptr) {
        first.push_back(Operation{DropIndex{t.name, *was}, {}, {}});
        after.push_back(Operation{CreateIndex{t.name, i}, {}, {}});
        const std::string theirs = "index " + parent->first.index.name + " of " + parent->first.table.name;
        const std::string why = parent->second ? "made again after " + theirs + ", which would otherwise"
                                               : "dropped and made again: " + theirs +
                                                     ", which the downgrade makes again, would otherwise";
        after.back().notes.push_back(why + " take it over as its part on this partition");
      }
    }
  }
  std::move(after.begin(), after.end(), std::back_inserter(creates));
  drops.insert(drops.begin(), std::make_move_iterator(first.begin()), std::make_move_iterator(first.end()));
}

}  // namespace retort::autogen
