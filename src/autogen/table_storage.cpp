#include "autogen/table_storage.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <set>

#include "autogen/sql_text.hpp"
#include "autogen/statement_parts.hpp"

namespace retort::autogen {

namespace {

// "fillfactor=70" by "fillfactor".
std::map<std::string, std::string> by_key(const std::vector<std::string>& options) {
  std::map<std::string, std::string> out;
  for (const auto& o : options) {
    out.emplace(o.substr(0, o.find('=')), o);
  }
  return out;
}

struct Changes {
  std::vector<std::string> set;    // as kept: "fillfactor=70"
  std::vector<std::string> reset;  // keys
};

Changes changes(const AlterTableStorage& op) {
  const auto before = by_key(op.from_options);
  const auto after = by_key(op.to_options);
  Changes out;
  for (const auto& [key, option] : after) {
    const auto found = before.find(key);
    if (found == before.end() || found->second != option) {
      out.set.push_back(option);
    }
  }
  for (const auto& [key, option] : before) {
    if (after.count(key) == 0) {
      out.reset.push_back(key);
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> alter_table_storage_sql(const AlterTableStorage& op, std::string_view ds) {
  const std::string alter = "ALTER TABLE " + qualified(op.table, ds) + " ";
  std::vector<std::string> out;
  if (op.from_unlogged != op.to_unlogged) {
    out.push_back(alter + (op.to_unlogged ? "SET UNLOGGED" : "SET LOGGED"));
  }
  const Changes c = changes(op);
  if (!c.reset.empty()) {
    out.push_back(alter + "RESET (" + join(c.reset, ", ") + ")");
  }
  if (!c.set.empty()) {
    std::vector<std::string> set;
    std::transform(c.set.begin(), c.set.end(), std::back_inserter(set), option_text);
    out.push_back(alter + "SET (" + join(set, ", ") + ")");
  }
  return out;
}

std::vector<AlterTableStorage> in_persistence_order(std::vector<AlterTableStorage> changes, const Catalog& to) {
  std::map<QualifiedName, std::vector<QualifiedName>> references;  // table -> tables it references
  for (const auto& t : to.tables) {
    for (const auto& c : t.constraints) {
      if (c.kind == ConstraintKind::foreign_key && c.ref_table != t.name) {
        references[t.name].push_back(c.ref_table);
      }
    }
  }
  std::map<QualifiedName, const AlterTableStorage*> by_table;
  for (const auto& op : changes) {
    by_table[op.table] = &op;
  }
  std::vector<const AlterTableStorage*> referenced_first;
  std::set<QualifiedName> seen;
  std::function<void(const AlterTableStorage*)> visit = [&](const AlterTableStorage* op) {
    if (!seen.insert(op->table).second) {
      return;
    }
    for (const auto& r : references[op->table]) {
      if (auto it = by_table.find(r); it != by_table.end()) {
        visit(it->second);
      }
    }
    referenced_first.push_back(op);
  };
  for (const auto& op : changes) {
    visit(&op);
  }
  const auto becomes_unlogged = [](const AlterTableStorage* op) { return op->to_unlogged && !op->from_unlogged; };
  std::vector<AlterTableStorage> out;
  for (auto it = referenced_first.rbegin(); it != referenced_first.rend(); ++it) {
    if (becomes_unlogged(*it)) {
      out.push_back(**it);
    }
  }
  for (const AlterTableStorage* op : referenced_first) {
    if (!becomes_unlogged(op)) {
      out.push_back(*op);
    }
  }
  return out;
}

namespace {

// How many parents a partition has above it in `catalog` (0: not a
// partition).
std::size_t partition_depth(const Catalog& catalog, const Table& t) {
  std::size_t depth = 0;
  for (const Table* p = &t; p != nullptr && p->is_partition() && depth <= catalog.tables.size();
       p = catalog.table(p->partition_of)) {
    ++depth;
  }
  return depth;
}

}  // namespace

std::vector<const Table*> parents_first(const Catalog& catalog, std::vector<const Table*> tables) {
  std::stable_sort(tables.begin(), tables.end(), [&](const Table* a, const Table* b) {
    return partition_depth(catalog, *a) < partition_depth(catalog, *b);
  });
  return tables;
}

std::string describe_table_storage(const AlterTableStorage& op, std::string_view ds) {
  std::vector<std::string> what;
  if (op.from_unlogged != op.to_unlogged) {
    what.push_back(op.to_unlogged ? "unlogged" : "logged");
  }
  const Changes c = changes(op);
  for (const auto& s : c.set) {
    what.push_back(s);
  }
  for (const auto& r : c.reset) {
    what.push_back("reset " + r);
  }
  return "set table " + display(op.table, ds) + " " + join(what, ", ");
}

std::vector<std::string> toast_options(const Table& t) {
  std::vector<std::string> out;
  std::copy_if(t.options.begin(), t.options.end(), std::back_inserter(out),
               [](const std::string& o) { return o.starts_with("toast."); });
  return out;
}

bool columns_change(const Table& from, const Table& to, const Catalog& before, const Catalog& after) {
  if (!from.same_columns(to)) {
    return true;
  }
  if (!from.is_partition() || from.partition_of != to.partition_of) {
    return false;
  }
  const Table* parent = before.table(from.partition_of);
  const Table* next = after.table(to.partition_of);
  return parent != nullptr && next != nullptr && columns_change(*parent, *next, before, after);
}

}  // namespace retort::autogen
