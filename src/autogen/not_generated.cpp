// What autogenerate reports instead of generating: differences in the
// objects it reads but has no operations for (Catalog::others).

#include <algorithm>
#include <string>
#include <vector>

#include "autogen/diff.hpp"
#include "autogen/other_objects.hpp"

namespace retort::autogen {

namespace {

// "trigger audit on events", "inheritance of users", "aggregate total(integer)".
std::string describe(const OtherObject& o, std::string_view default_schema) {
  if (o.table == o.name) {
    return o.kind + " of " + display(o.table, default_schema);
  }
  return other_name(o, default_schema);
}

// Short one-line definitions are worth showing side by side.
bool shown_inline(const std::string& definition) {
  return definition.size() <= 100 && definition.find('\n') == std::string::npos;
}

std::string quoted_or_none(const std::string& definition) {
  return definition.empty() ? "none" : "'" + definition + "'";
}

// Rows that exist only where a table has some (inheritance, row level
// security): a missing row is "none", not a missing object.
bool is_options(const std::string& kind) { return kind == "inheritance" || kind == "row security"; }

// Whether `catalog` has the table, view or foreign table `name`.
bool has_relation(const Catalog& catalog, const QualifiedName& name) {
  if (catalog.table(name) != nullptr || catalog.view(name) != nullptr) {
    return true;
  }
  return std::any_of(catalog.others.begin(), catalog.others.end(), [&](const OtherObject& o) {
    return o.table.name.empty() && o.name == name && o.kind == "foreign table";
  });
}

std::string differs(const OtherObject& o, const std::string& live, const std::string& declared,
                    std::string_view default_schema) {
  std::string line = describe(o, default_schema) + ": differs";
  if (shown_inline(live) && shown_inline(declared)) {
    line += " (database: " + quoted_or_none(live) + "; declared: " + quoted_or_none(declared) + ")";
  }
  return line;
}

std::string table_differs(const std::string& what, const QualifiedName& table, const std::string& live,
                          const std::string& declared, std::string_view ds) {
  return differs(OtherObject{what, table, table, {}}, live, declared, ds);
}

}  // namespace

std::vector<std::string> not_generated(const Catalog& from, const Catalog& to) {
  const auto live = others_by_key(from, false, from, to);
  const auto declared = others_by_key(to, false, from, to);
  std::vector<std::string> out;
  const std::string_view ds = to.default_schema;
  for (const auto& [key, o] : declared) {
    const auto found = live.find(key);
    if (found != live.end()) {
      if (found->second->definition != o->definition) {
        out.push_back(differs(*o, found->second->definition, o->definition, ds));
      }
    } else if (is_options(o->kind)) {
      out.push_back(differs(*o, "", o->definition, ds));
    } else {
      out.push_back(describe(*o, ds) + ": only in the declared schema");
    }
  }
  // Partitioning that changes on a table that stays.
  for (const auto& t : to.tables) {
    const Table* old = from.table(t.name);
    if (old == nullptr) {
      continue;
    }
    const auto membership = [&](const Table& x) {
      return x.is_partition() ? "PARTITION OF " + display(x.partition_of, ds) + " " + x.partition_bound : "";
    };
    const auto key = [](const Table& x) { return x.partition_by.empty() ? "" : "PARTITION BY " + x.partition_by; };
    if (becomes_or_stops_being_partition(*old, t)) {
      out.push_back(table_differs("partition membership", t.name, membership(*old), membership(t), ds));
    }
    if (old->partition_by != t.partition_by) {
      out.push_back(table_differs("partitioning", t.name, key(*old), key(t), ds));
    }
  }
  for (const auto& [key, o] : live) {
    if (declared.count(key) > 0) {
      continue;
    }
    // Dropping a table or view drops what belongs to it; making it again
    // in the downgrade does not bring that back.
    if (!o->table.name.empty() && !has_relation(to, o->table)) {
      out.push_back(describe(*o, ds) + ": goes with its " + (from.view(o->table) ? "view" : "table") +
                    "; the downgrade does not make it again");
    } else if (is_options(o->kind)) {
      out.push_back(differs(*o, o->definition, "", ds));
    } else {
      out.push_back(describe(*o, ds) + ": only in the database");
    }
  }
  return out;
}

}  // namespace retort::autogen
