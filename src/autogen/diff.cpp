#include "autogen/diff.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <set>

#include "autogen/sql_text.hpp"

namespace retort::autogen {

namespace {

enum Phase : std::size_t {
  create_schema,
  create_extension,
  drop_view,
  drop_foreign_key,
  drop_constraint,
  drop_table,
  drop_column,
  enum_type,
  sequence,
  create_table,
  add_column,
  alter_column,
  late_drop,
  add_constraint,
  add_foreign_key,
  create_view,
  comment,
  drop_extension,
  drop_schema,
  phase_count
};

using ColumnKey = std::pair<QualifiedName, std::string>;

bool is_subsequence(const std::vector<std::string>& small, const std::vector<std::string>& big) {
  std::size_t i = 0;
  for (const auto& v : big) {
    if (i < small.size() && small[i] == v) {
      ++i;
    }
  }
  return i == small.size();
}

bool unique_like(const Constraint& c) {
  return c.kind == ConstraintKind::primary_key || c.kind == ConstraintKind::unique;
}

std::string display(const QualifiedName& name, const std::string& default_schema) {
  return name.schema.empty() || name.schema == default_schema ? name.name : name.text();
}

// `views` ordered so a view comes after the views it reads.
std::vector<const View*> dependency_order(const std::vector<const View*>& views) {
  std::map<QualifiedName, const View*> by_name;
  for (const View* v : views) {
    by_name[v->name] = v;
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
  for (const View* v : views) {
    visit(v);
  }
  return out;
}

class Differ {
 public:
  Differ(const Catalog& from, const Catalog& to, const HasRows& has_rows)
      : m_from(from), m_to(to), m_has_rows(has_rows), m_ds(to.default_schema.empty() ? from.default_schema : to.default_schema) {}

  std::vector<Operation> run() {
    schemas_and_extensions();
    enums();
    sequences();
    tables();
    rebuild_foreign_keys();
    views();
    std::vector<Operation> out;
    for (auto& bucket : m_buckets) {
      for (auto& op : bucket) {
        out.push_back(std::move(op));
      }
    }
    return out;
  }

 private:
  Operation& add(Phase phase, OperationKind kind) {
    m_buckets[phase].push_back(Operation{std::move(kind), {}, {}});
    return m_buckets[phase].back();
  }

  void schemas_and_extensions() {
    for (const auto& s : m_to.schemas) {
      if (std::find(m_from.schemas.begin(), m_from.schemas.end(), s) == m_from.schemas.end()) {
        add(create_schema, CreateSchema{s});
      }
    }
    for (const auto& s : m_from.schemas) {
      if (std::find(m_to.schemas.begin(), m_to.schemas.end(), s) == m_to.schemas.end()) {
        add(drop_schema, DropSchema{s});
      }
    }
    const auto find = [](const std::vector<Extension>& list, const std::string& name) -> const Extension* {
      for (const auto& e : list) {
        if (e.name == name) {
          return &e;
        }
      }
      return nullptr;
    };
    for (const auto& e : m_to.extensions) {
      const Extension* old = find(m_from.extensions, e.name);
      if (!old || !(*old == e)) {
        if (old) {
          add(drop_extension, DropExtension{*old});
        }
        add(create_extension, CreateExtension{e});
      }
    }
    for (const auto& e : m_from.extensions) {
      if (!find(m_to.extensions, e.name)) {
        add(drop_extension, DropExtension{e});
      }
    }
  }

  void enums() {
    for (const auto& e : m_to.enums) {
      const Enum* old = m_from.find_enum(e.name);
      if (!old) {
        add(enum_type, CreateEnum{e});
        continue;
      }
      if (old->values == e.values) {
        continue;
      }
      if (is_subsequence(old->values, e.values)) {
        add(enum_type, AddEnumValues{e.name, old->values, e.values, enum_uses(e.name, false)});
      } else {
        add(enum_type, ReplaceEnum{e.name, old->values, e.values, enum_uses(e.name, true)});
      }
    }
    for (const auto& e : m_from.enums) {
      if (!m_to.find_enum(e.name)) {
        add(late_drop, DropEnum{e});
      }
    }
  }

  // The live columns of enum `type` that are still there when types change
  // (after drops): converted through text when the type is replaced. A
  // replacement sets each column's new default itself (the old one may name
  // a value that goes); adding values leaves defaults to the column changes,
  // and its inverse finds the old defaults back in place.
  std::vector<EnumUse> enum_uses(const QualifiedName& type, bool replacing) {
    std::vector<EnumUse> uses;
    for (const auto& t : m_from.tables) {
      const Table* target = m_to.table(t.name);
      if (!target) {
        continue;
      }
      for (const auto& c : t.columns) {
        const Column* next = target->column(c.name);
        if (!c.base_is_enum || c.base_type != type || !next || c.generated != next->generated) {
          continue;
        }
        EnumUse use{t.name, c.name, c.is_array, c.default_expr, c.default_expr};
        m_touched.insert(t.name);
        if (replacing) {
          const bool same_type = next->base_is_enum && next->base_type == type && next->is_array == c.is_array;
          use.default_after = same_type ? next->default_expr : std::string();
          // The conversion sets the new default; the column change must not.
          m_default_after_enum[{t.name, c.name}] = use.default_after;
        }
        uses.push_back(std::move(use));
      }
    }
    return uses;
  }

  void sequences() {
    for (const auto& s : m_to.sequences) {
      const Sequence* old = m_from.sequence(s.name);
      if (!old) {
        add(sequence, CreateSequence{s});
      } else if (!(*old == s)) {
        add(sequence, AlterSequence{*old, s});
      }
    }
    for (const auto& s : m_from.sequences) {
      if (!m_to.sequence(s.name)) {
        add(late_drop, DropSequence{s});
      }
    }
  }

  static Table without_foreign_keys(const Table& t) {
    Table copy = t;
    std::erase_if(copy.constraints,
                  [](const Constraint& c) { return c.kind == ConstraintKind::foreign_key; });
    return copy;
  }

  void tables() {
    for (const auto& t : m_to.tables) {
      const Table* old = m_from.table(t.name);
      if (old) {
        table(*old, t);
        continue;
      }
      add(create_table, CreateTable{without_foreign_keys(t)});
      for (const auto& c : t.constraints) {
        if (c.kind == ConstraintKind::foreign_key) {
          add(add_foreign_key, AddConstraint{t.name, c});
        }
      }
    }
    for (const auto& t : m_from.tables) {
      if (m_to.table(t.name)) {
        continue;
      }
      for (const auto& c : t.constraints) {
        if (c.kind == ConstraintKind::foreign_key) {
          add(drop_foreign_key, DropConstraint{t.name, c});
        }
      }
      add(drop_table, DropTable{without_foreign_keys(t)});
      m_touched.insert(t.name);
    }
  }

  void table(const Table& from, const Table& to) {
    std::vector<const Column*> dropped;
    std::vector<const Column*> added;
    for (const auto& c : from.columns) {
      const Column* next = to.column(c.name);
      if (!next) {
        dropped.push_back(&c);
        continue;
      }
      if (c.generated != next->generated) {
        // PostgreSQL cannot change a generation expression in place.
        add(drop_column, DropColumn{from.name, c});
        add_column_op(to.name, *next);
        m_touched.insert(from.name);
        continue;
      }
      Column before = c;
      if (auto it = m_default_after_enum.find({from.name, c.name}); it != m_default_after_enum.end()) {
        before.default_expr = it->second;
      }
      before.comment = next->comment;
      if (!(before == *next)) {
        add(alter_column, AlterColumn{to.name, before, *next});
        if (before.type != next->type || before.collation != next->collation) {
          m_touched.insert(from.name);
        }
      }
      if (c.comment != next->comment) {
        add(comment, SetComment{CommentTarget::column, to.name, c.name, c.comment, next->comment});
      }
    }
    for (const auto& c : to.columns) {
      if (!from.column(c.name)) {
        added.push_back(&c);
        add_column_op(to.name, c);
      }
    }
    for (const Column* d : dropped) {
      Operation& op = add(drop_column, DropColumn{from.name, *d});
      m_touched.insert(from.name);
      for (const Column* a : added) {
        if (a->type == d->type && d->generated.empty()) {
          op.notes.push_back("possible rename: " + display(from.name, m_ds) + "." + d->name +
                             " and the new column " + a->name +
                             " have the same type; if it was renamed, replace this DROP COLUMN "
                             "and the ADD COLUMN with: ALTER TABLE " +
                             qualified(from.name, m_ds) + " RENAME COLUMN " + quote_ident(d->name) +
                             " TO " + quote_ident(a->name) + ";");
        }
      }
    }

    for (const auto& c : from.constraints) {
      const Constraint* next = to.constraint(c.name);
      if (!next || !(*next == c)) {
        const bool fk = c.kind == ConstraintKind::foreign_key;
        add(fk ? drop_foreign_key : drop_constraint, DropConstraint{from.name, c});
        if (unique_like(c)) {
          m_rebuilt_keys.insert(from.name);
        }
        if (fk) {
          m_dropped_fks.insert({from.name, c.name});
        }
      }
    }
    for (const auto& c : to.constraints) {
      const Constraint* old = from.constraint(c.name);
      if (!old || !(*old == c)) {
        const bool fk = c.kind == ConstraintKind::foreign_key;
        add(fk ? add_foreign_key : add_constraint, AddConstraint{to.name, c});
      }
    }
    for (const auto& i : from.indexes) {
      const Index* next = to.index(i.name);
      if (!next || !(*next == i)) {
        add(drop_constraint, DropIndex{from.name, i});
        if (i.unique) {
          m_rebuilt_keys.insert(from.name);
        }
      }
    }
    for (const auto& i : to.indexes) {
      const Index* old = from.index(i.name);
      if (!old || !(*old == i)) {
        add(add_constraint, CreateIndex{to.name, i});
      }
    }
    if (from.comment != to.comment) {
      add(comment, SetComment{CommentTarget::table, to.name, {}, from.comment, to.comment});
    }
  }

  void add_column_op(const QualifiedName& table, const Column& c) {
    Operation& op = add(add_column, AddColumn{table, c});
    const bool fills_itself = !c.default_expr.empty() || c.identity != Identity::none || c.serial ||
                              !c.generated.empty();
    if (!c.nullable && !fills_itself && m_has_rows && m_has_rows(table)) {
      op.warnings.push_back("table " + display(table, m_ds) + " has rows and the new NOT NULL column " +
                            c.name +
                            " has no default, so this fails on them: give it a default, or add it "
                            "nullable, fill it, then make it NOT NULL");
    }
  }

  // A foreign key needs the referenced table's key while that key is
  // dropped and created again: it goes first and comes back after.
  void rebuild_foreign_keys() {
    for (const auto& t : m_to.tables) {
      const Table* old = m_from.table(t.name);
      if (!old) {
        continue;
      }
      for (const auto& c : old->constraints) {
        if (c.kind != ConstraintKind::foreign_key || !m_rebuilt_keys.count(c.ref_table) ||
            m_dropped_fks.count({t.name, c.name})) {
          continue;
        }
        Operation& drop = add(drop_foreign_key, DropConstraint{t.name, c});
        drop.notes.push_back("dropped while the key of " + display(c.ref_table, m_ds) +
                             " it references changes; added again below");
        add(add_foreign_key, AddConstraint{t.name, c});
      }
    }
  }

  void views() {
    std::set<QualifiedName> recreate;
    for (const auto& v : m_from.views) {
      const View* next = m_to.view(v.name);
      if (!next || next->definition != v.definition) {
        recreate.insert(v.name);
        continue;
      }
      for (const auto& d : v.depends_on) {
        if (m_touched.count(d)) {
          recreate.insert(v.name);
        }
      }
    }
    // Views reading a view that goes are dropped and created again too.
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& v : m_from.views) {
        if (recreate.count(v.name)) {
          continue;
        }
        for (const auto& d : v.depends_on) {
          if (recreate.count(d)) {
            recreate.insert(v.name);
            changed = true;
            break;
          }
        }
      }
    }
    std::vector<const View*> from_views;
    for (const auto& v : m_from.views) {
      from_views.push_back(&v);
    }
    auto order = dependency_order(from_views);
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      if (recreate.count((*it)->name)) {
        add(drop_view, DropView{**it});
      }
    }
    std::vector<const View*> to_views;
    for (const auto& v : m_to.views) {
      to_views.push_back(&v);
    }
    for (const View* v : dependency_order(to_views)) {
      const View* old = m_from.view(v->name);
      if (!old || recreate.count(v->name)) {
        add(create_view, CreateView{*v});
      } else if (old->comment != v->comment) {
        add(comment, SetComment{CommentTarget::view, v->name, {}, old->comment, v->comment});
      }
    }
  }

  const Catalog& m_from;
  const Catalog& m_to;
  const HasRows& m_has_rows;
  std::string m_ds;
  std::array<std::vector<Operation>, phase_count> m_buckets;
  std::map<ColumnKey, std::string> m_default_after_enum;
  std::set<QualifiedName> m_touched;       // tables whose changes views must make way for
  std::set<QualifiedName> m_rebuilt_keys;  // tables whose primary or unique keys change
  std::set<ColumnKey> m_dropped_fks;
};

}  // namespace

std::vector<Operation> diff_catalogs(const Catalog& from, const Catalog& to, const HasRows& has_rows) {
  return Differ(from, to, has_rows).run();
}

}  // namespace retort::autogen
