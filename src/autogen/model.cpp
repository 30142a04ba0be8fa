#include "autogen/model.hpp"

#include "autogen/sql_text.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <tuple>

namespace retort::autogen {

namespace {

template <class T>
const T* find_by_name(const std::vector<T>& items, const std::string& name) {
  for (const auto& item : items) {
    if (item.name == name) {
      return &item;
    }
  }
  return nullptr;
}

template <class T>
const T* find_by_qname(const std::vector<T>& items, const QualifiedName& name) {
  for (const auto& item : items) {
    if (item.name == name) {
      return &item;
    }
  }
  return nullptr;
}

const char* identity_text(Identity identity) {
  switch (identity) {
    case Identity::always:
      return "always";
    case Identity::by_default:
      return "by default";
    case Identity::none:
      break;
  }
  return "none";
}

const char* kind_text(ConstraintKind kind) {
  switch (kind) {
    case ConstraintKind::primary_key:
      return "primary key";
    case ConstraintKind::unique:
      return "unique";
    case ConstraintKind::check:
      return "check";
    case ConstraintKind::foreign_key:
      return "foreign key";
    case ConstraintKind::exclusion:
      return "exclusion";
  }
  return "?";
}

bool matches(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

}  // namespace

bool Column::operator==(const Column& other) const {
  return name == other.name && type == other.type && collation == other.collation &&
         nullable == other.nullable && default_expr == other.default_expr &&
         identity == other.identity &&
         (identity == Identity::none || identity_sequence.same_options(other.identity_sequence)) &&
         generated == other.generated &&
         serial == other.serial && (!serial || serial_options.same_options(other.serial_options)) &&
         comment == other.comment;
}

bool Sequence::same_options(const Sequence& other) const {
  Sequence renamed = other;
  renamed.name = name;
  renamed.owner_table = owner_table;
  renamed.owner_column = owner_column;
  return *this == renamed;
}

const Column* Table::column(const std::string& n) const { return find_by_name(columns, n); }

bool Table::same_columns(const Table& other) const {
  return columns.size() == other.columns.size() &&
         std::all_of(columns.begin(), columns.end(), [&](const Column& c) {
           const Column* o = other.column(c.name);
           return o != nullptr && *o == c;
         });
}
Table Table::without_foreign_keys() const {
  Table copy = *this;
  std::erase_if(copy.constraints, [](const Constraint& c) { return c.kind == ConstraintKind::foreign_key; });
  return copy;
}
const Constraint* Table::constraint(const std::string& n) const {
  return find_by_name(constraints, n);
}
const Index* Table::index(const std::string& n) const { return find_by_name(indexes, n); }

const Table* Catalog::table(const QualifiedName& n) const { return find_by_qname(tables, n); }
const Enum* Catalog::find_enum(const QualifiedName& n) const { return find_by_qname(enums, n); }
const Domain* Catalog::domain(const QualifiedName& n) const { return find_by_qname(domains, n); }
const Sequence* Catalog::sequence(const QualifiedName& n) const {
  return find_by_qname(sequences, n);
}
const View* Catalog::view(const QualifiedName& n) const { return find_by_qname(views, n); }

std::string display(const QualifiedName& name, std::string_view default_schema) {
  return name.schema.empty() || name.schema == default_schema ? name.name : name.text();
}

void normalize(Catalog& catalog) {
  const auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
  std::sort(catalog.schemas.begin(), catalog.schemas.end());
  std::sort(catalog.extensions.begin(), catalog.extensions.end(), by_name);
  std::sort(catalog.enums.begin(), catalog.enums.end(), by_name);
  std::sort(catalog.domains.begin(), catalog.domains.end(), by_name);
  for (auto& d : catalog.domains) {
    std::sort(d.constraints.begin(), d.constraints.end(), by_name);
  }
  std::sort(catalog.sequences.begin(), catalog.sequences.end(), by_name);
  std::sort(catalog.tables.begin(), catalog.tables.end(), by_name);
  std::sort(catalog.views.begin(), catalog.views.end(), by_name);
  std::sort(catalog.others.begin(), catalog.others.end(), [](const OtherObject& a, const OtherObject& b) {
    return std::tie(a.kind, a.table, a.name) < std::tie(b.kind, b.table, b.name);
  });
  for (auto& t : catalog.tables) {
    // Primary key first, then unique, check, exclusion, foreign keys.
    std::sort(t.constraints.begin(), t.constraints.end(), [](const Constraint& a, const Constraint& b) {
      const auto rank = [](ConstraintKind k) {
        switch (k) {
          case ConstraintKind::primary_key:
            return 0;
          case ConstraintKind::unique:
            return 1;
          case ConstraintKind::check:
            return 2;
          case ConstraintKind::exclusion:
            return 3;
          case ConstraintKind::foreign_key:
            return 4;
        }
        return 5;
      };
      return std::pair(rank(a.kind), a.name) < std::pair(rank(b.kind), b.name);
    });
    std::sort(t.indexes.begin(), t.indexes.end(), by_name);
    std::sort(t.options.begin(), t.options.end());
  }
  for (auto& v : catalog.views) {
    std::sort(v.indexes.begin(), v.indexes.end(), by_name);
    std::sort(v.options.begin(), v.options.end());
  }
}

std::vector<const View*> dependency_order(const std::vector<View>& views) {
  std::map<QualifiedName, const View*> by_name;
  for (const View& v : views) {
    by_name[v.name] = &v;
  }
  std::vector<const View*> out;
  std::set<QualifiedName> done;
  std::set<QualifiedName> visiting;
  std::function<void(const View*)> visit = [&](const View* v) {
    if (done.count(v->name) || visiting.count(v->name)) {
      return;
    }
    visiting.insert(v->name);
    for (const auto& d : v->depends_on) {
      if (auto it = by_name.find(d); it != by_name.end()) {
        visit(it->second);
      }
    }
    visiting.erase(v->name);
    done.insert(v->name);
    out.push_back(v);
  };
  for (const View& v : views) {
    visit(&v);
  }
  return out;
}

std::string dump(const Catalog& catalog) {
  std::string out;
  const auto line = [&](const std::string& text) { out += text + "\n"; };
  for (const auto& s : catalog.schemas) {
    line("schema " + s);
  }
  for (const auto& e : catalog.extensions) {
    line("extension " + e.name + " in " + e.schema);
  }
  for (const auto& e : catalog.enums) {
    std::string values;
    for (const auto& v : e.values) {
      values += (values.empty() ? "" : ", ") + v;
    }
    line("enum " + e.name.text() + " (" + values + ")");
  }
  for (const auto& d : catalog.domains) {
    std::string text = "domain " + d.name.text() + " as " + d.base_type;
    if (!d.collation.empty()) {
      text += " collate " + d.collation;
    }
    if (!d.default_expr.empty()) {
      text += " default " + d.default_expr;
    }
    if (d.not_null) {
      text += " not null";
    }
    for (const auto& c : d.constraints) {
      text += " constraint " + c.name + " " + c.definition;
    }
    line(text);
  }
  for (const auto& s : catalog.sequences) {
    line("sequence " + s.name.text() + " " + s.type + " start " + std::to_string(s.start) +
         " increment " + std::to_string(s.increment) + " min " + std::to_string(s.min) +
         " max " + std::to_string(s.max) + " cache " + std::to_string(s.cache) +
         (s.cycle ? " cycle" : "") +
         (s.owner_column.empty() ? "" : " owned by " + s.owner_table.text() + "." + s.owner_column));
  }
  for (const auto& t : catalog.tables) {
    line(std::string(t.unlogged ? "unlogged table " : "table ") + t.name.text() +
         (t.is_partition() ? " partition of " + t.partition_of.text() + " " + t.partition_bound : "") +
         (t.partition_by.empty() ? "" : " partition by " + t.partition_by) + with_options(t.options) +
         (t.comment.empty() ? "" : " comment '" + t.comment + "'"));
    std::vector<const Column*> columns;
    for (const auto& c : t.columns) {
      columns.push_back(&c);
    }
    std::sort(columns.begin(), columns.end(),
              [](const Column* a, const Column* b) { return a->name < b->name; });
    for (const Column* c : columns) {
      std::string text = "  column " + c->name + " " + c->type;
      if (!c->collation.empty()) {
        text += " collate " + c->collation;
      }
      text += c->nullable ? " null" : " not null";
      if (!c->default_expr.empty()) {
        text += " default " + c->default_expr;
      }
      if (c->identity != Identity::none) {
        const Sequence& s = c->identity_sequence;
        text += std::string(" identity ") + identity_text(c->identity) + " (" + s.type + " start " +
                std::to_string(s.start) + " increment " + std::to_string(s.increment) + " min " +
                std::to_string(s.min) + " max " + std::to_string(s.max) + " cache " +
                std::to_string(s.cache) + (s.cycle ? " cycle" : "") + ")";
      }
      if (!c->generated.empty()) {
        text += " generated " + c->generated;
      }
      if (c->serial) {
        const Sequence& s = c->serial_options;
        text += " serial (" + s.type + " start " + std::to_string(s.start) + " increment " +
                std::to_string(s.increment) + " min " + std::to_string(s.min) + " max " + std::to_string(s.max) +
                " cache " + std::to_string(s.cache) + (s.cycle ? " cycle" : "") + ")";
      }
      if (!c->comment.empty()) {
        text += " comment '" + c->comment + "'";
      }
      line(text);
    }
    for (const auto& c : t.constraints) {
      line(std::string("  constraint ") + c.name + " " + kind_text(c.kind) + " " + c.definition);
    }
    for (const auto& i : t.indexes) {
      line(std::string("  index ") + i.name + (i.unique ? " unique" : "") + " using " + i.method +
           " " + i.body);
    }
  }
  for (const auto& v : catalog.views) {
    line(std::string(v.materialized ? "materialized view " : "view ") + v.name.text() + with_options(v.options) +
         (v.comment.empty() ? "" : " comment '" + v.comment + "'") + " as " + v.definition);
    for (const auto& i : v.indexes) {
      line(std::string("  index ") + i.name + (i.unique ? " unique" : "") + " using " + i.method + " " + i.body);
    }
  }
  for (const auto& o : catalog.others) {
    line(o.kind + " " + o.name.text() +
         (o.table.name.empty() || o.table == o.name ? "" : " on " + o.table.text()) + ": " + o.definition);
  }
  return out;
}

void filter_catalog(Catalog& catalog, const std::string& version_table,
                    const std::string& version_schema,
                    const std::vector<std::string>& exclude_tables) {
  const QualifiedName version{version_schema.empty() ? catalog.default_schema : version_schema,
                              version_table};
  std::set<QualifiedName> dropped;
  const auto excluded = [&](const QualifiedName& name) {
    if (name == version) {
      return true;
    }
    return std::any_of(exclude_tables.begin(), exclude_tables.end(), [&](const std::string& p) {
      return matches(p, name.name) || matches(p, name.text());
    });
  };
  // A partition of a table left out is left out too.
  for (bool changed = true; changed;) {
    changed = false;
    std::erase_if(catalog.tables, [&](const Table& t) {
      if (excluded(t.name) || (t.is_partition() && dropped.count(t.partition_of) > 0)) {
        dropped.insert(t.name);
        changed = true;
        return true;
      }
      return false;
    });
  }
  // A view reading an excluded table cannot be created or dropped on its own
  // terms either; leave it (and views reading it) alone too.
  bool changed = true;
  while (changed) {
    changed = false;
    std::erase_if(catalog.views, [&](const View& v) {
      const bool reads_dropped = std::any_of(v.depends_on.begin(), v.depends_on.end(),
                                             [&](const QualifiedName& d) { return dropped.count(d) > 0; });
      if (reads_dropped || excluded(v.name)) {
        dropped.insert(v.name);
        changed = true;
        return true;
      }
      return false;
    });
  }
  // What belongs to a table or view left out (its triggers, policies,
  // rules) is left out with it; so are excluded foreign tables.
  std::erase_if(catalog.others, [&](const OtherObject& o) {
    if (!o.table.name.empty()) {
      return dropped.count(o.table) > 0;
    }
    return o.kind == "foreign table" && excluded(o.name);
  });
}

}  // namespace retort::autogen
