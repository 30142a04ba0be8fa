#include "autogen/diff.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "autogen/column_rebuild.hpp"
#include "autogen/diff_phases.hpp"
#include "autogen/object_order.hpp"
#include "autogen/other_objects.hpp"
#include "autogen/rename_hints.hpp"
#include "autogen/schema_diff.hpp"
#include "autogen/sql_text.hpp"
#include "autogen/table_storage.hpp"
#include "autogen/type_sql.hpp"

namespace retort::autogen {

namespace {

using namespace phases;  // NOLINT(google-build-using-namespace): the phases read as plain words here

using ColumnKey = std::pair<QualifiedName, std::string>;

class Differ {
 public:
  Differ(const Catalog& from, const Catalog& to, const HasRows& has_rows)
      : m_from(from), m_to(to), m_has_rows(has_rows), m_ds(to.default_schema.empty() ? from.default_schema : to.default_schema) {}

  std::vector<Operation> run() {
    schemas_and_extensions();
    type_remade_functions();
    domains();  // before enums(): a dropped domain goes before the enum it is over
    enums();
    replaced_types();
    sequences();
    tables();
    add_partitions(m_touched, m_from);  // what reads a partition makes way as for its table
    keep_partition_indexes_own(m_buckets, m_from, m_to);
    table_storage_changes();
    rebuild_foreign_keys();
    tied_functions();
    views();
    others();
    for (Phase p : {create_table, create_partition, add_column, alter_column}) {
      defer_defaults_calling(m_buckets[p], made_routine_names(m_buckets[tied_function]), m_buckets[add_constraint]);
    }
    std::vector<Operation> out;
    for (auto& bucket : m_buckets) {
      out.insert(out.end(), std::make_move_iterator(bucket.begin()), std::make_move_iterator(bucket.end()));
    }
    return out;
  }

 private:
  // Whether `text` (an expression or definition as the database prints
  // it) calls a function or aggregate that is dropped and created again.
  bool calls_remade(const std::string& text) const {
    return std::any_of(m_remade_functions.begin(), m_remade_functions.end(),
                       [&](const std::string& name) { return calls_function(text, name); });
  }

  Operation& add(Phase phase, OperationKind kind) {
    m_buckets[phase].push_back(Operation{std::move(kind), {}, {}});
    return m_buckets[phase].back();
  }

  void schemas_and_extensions() {
    SchemaChanges changes = diff_schemas(m_from, m_to);
    for (auto& op : changes.create_schemas) m_buckets[create_schema].push_back(std::move(op));
    for (auto& op : changes.create_extensions) m_buckets[create_extension].push_back(std::move(op));
    for (auto& op : changes.drop_extensions) m_buckets[drop_extension].push_back(std::move(op));
    for (auto& op : changes.drop_schemas) m_buckets[drop_schema].push_back(std::move(op));
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
      m_changed_enums.push_back(e.name);
      if (is_subsequence(old->values, e.values)) {
        add(enum_type, AddEnumValues{e.name, old->values, e.values, type_uses(e.name, true, false),
                                     dependents_of(e.name), over(e.name, false)});
      } else {
        add(enum_type, ReplaceEnum{e.name, old->values, e.values, type_uses(e.name, true, true),
                                   dependents_of(e.name), over(e.name, true)});
      }
    }
    for (const auto& e : m_from.enums) {
      if (!m_to.find_enum(e.name)) {
        add(late_drop, DropEnum{e});
      }
    }
  }

  // The live columns of enum (or domain) `type` that are still there when
  // types change (after drops), but generated ones or ones becoming
  // generated (table() drops and adds them again): converted through text (with a cast) when
  // the type is replaced. A replacement sets each column's new default
  // itself (the old one may name a value that goes, or cast to the old
  // type); adding values leaves defaults to the column changes, and its
  // inverse finds the old defaults back in place.
  std::vector<EnumUse> type_uses(const QualifiedName& type, bool is_enum, bool replacing) {
    std::vector<EnumUse> uses;
    for (const auto& t : m_from.tables) {
      const Table* target = m_to.table(t.name);
      if (!target) {
        continue;
      }
      for (const auto& c : t.columns) {
        const Column* next = target->column(c.name);
        if (c.base_is_enum != is_enum || c.base_type != type || !next || !c.generated.empty() ||
            !next->generated.empty()) {
          continue;
        }
        // A default calling a function made again is dropped before and
        // set after it (table()), not around the conversion.
        const std::string before = calls_remade(c.default_expr) ? std::string() : c.default_expr;
        EnumUse use{t.name, c.name, c.is_array, before, before};
        touch(t.name, c.name);
        if (replacing) {
          const bool same_type =
              next->base_is_enum == is_enum && next->base_type == type && next->is_array == c.is_array;
          use.default_after = same_type && !calls_remade(next->default_expr) ? next->default_expr : std::string();
          // The conversion sets the new default; the column change must not.
          m_default_after_enum[{t.name, c.name}] = use.default_after;
        }
        uses.push_back(std::move(use));
      }
    }
    return uses;
  }

  // The domains over `type` (domains_over_replaced()), made again in its
  // replacement: as they become when `replacing` (the upgrade replaces the
  // type), as they are otherwise (its inverse does).
  std::vector<ReplaceDomain> over(const QualifiedName& type, bool replacing) {
    std::vector<ReplaceDomain> out;
    const auto found = m_domains_over.find(type);
    if (found == m_domains_over.end()) {
      return out;
    }
    for (const Domain* d : found->second) {
      const Domain& old = *m_from.domain(d->name);
      m_changed_enums.push_back(d->name);
      out.push_back(ReplaceDomain{old, replacing ? *d : old, type_uses(d->name, false, replacing),
                                  dependents_of(d->name), over(d->name, replacing), true});
    }
    return out;
  }

  void domains() {
    m_remade_domains = remade_with_their_type(m_from, m_to, m_domains_over);
    // A domain whose default or a check calls a function this migration
    // makes is made (or changed) after it, and so are the domains over it.
    // New functions whose arguments or result use one of them come after
    // them (others()).
    std::vector<const Domain*> changed;
    for (const auto& d : m_to.domains) {
      const Domain* old = m_from.domain(d.name);
      if (old == nullptr || !(*old == d)) {
        changed.push_back(&d);
      }
    }
    m_late_domains = domains_calling(changed, created_routines(m_from, m_to), m_ds);
    const auto phase_of = [&](const Domain& d) { return m_late_domains.count(d.name) > 0 ? late_domain : domain_type; };
    std::vector<const Domain*> all;
    std::vector<const Domain*> dropped;
    for (const auto& d : m_to.domains) {
      all.push_back(&d);
    }
    // Base first: a new domain over one made again or changed comes after it.
    for (const Domain* to : base_first(all, m_ds)) {
      const Domain& d = *to;
      const Domain* old = m_from.domain(d.name);
      if (!old) {
        add(phase_of(d), CreateDomain{d});
      } else if (old->base_type != d.base_type || old->collation != d.collation ||
                 domain_tightened_in_container(*old, d, m_from, m_to, m_ds)) {
        // No ALTER for these: made again, and its columns converted.
        m_changed_enums.push_back(d.name);
        add(phase_of(d), ReplaceDomain{*old, d, type_uses(d.name, false, true), dependents_of(d.name),
                                       over(d.name, true), false});
      } else if (m_remade_domains.count(d.name) > 0) {
        continue;  // made again in the replacement of the type it is over
      } else {
        // A default or check calling a function that is dropped and made
        // again lets go of it before, and takes it back after.
        const Domain apart = without_calls(*old, m_remade_functions);
        if (!(apart == *old)) {
          add(drop_constraint, AlterDomain{*old, apart});
        }
        if (!(apart == d)) {
          add(without_calls(d, m_remade_functions) == d ? phase_of(d) : late_domain, AlterDomain{apart, d});
        }
      }
    }
    for (const auto& d : m_from.domains) {
      if (!m_to.domain(d.name)) {
        dropped.push_back(&d);
      }
    }
    // A domain calling a function that goes is dropped before it (and so
    // are the domains over it); the others after the functions that may
    // use them.
    m_early_domains = domains_calling(dropped, created_routines(m_to, m_from), m_ds);
    const auto order = base_first(dropped, m_ds);
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      add(m_early_domains.count((*it)->name) > 0 ? drop_calling_domain : late_drop, DropDomain{**it});
    }
  }

  // Range and composite types made again, with what holds them converted
  // (ReplaceRange, ReplaceComposite; ranges first, so that a composite over
  // one is made again as it was, then as declared); others() leaves them out.
  void replaced_types() {
    for (const std::string kind : {"range type", "composite type"}) {
      for (const auto& o : m_to.others) {
        for (const auto& old : m_from.others) {
          if (o.kind != kind || old.kind != o.kind || old.name != o.name || old.definition == o.definition) {
            continue;
          }
          if (o.kind == "range type") {
            auto uses = type_uses(o.name, false, true);
            EnumDependents held = dependents_of(o.name);
            if (!uses.empty() || !held.attributes.empty() || !held.composites.empty() || !held.constraints.empty() ||
                !held.indexes.empty() || m_domains_over.count(o.name) > 0) {
              m_changed_enums.push_back(o.name);
              m_replaced_types.insert(o.name);
              add(range_calls(o, created_routines(m_from, m_to)) ? late_domain : domain_type,
                  ReplaceRange{old, o, std::move(uses), std::move(held), over(o.name, true)});
            }
          } else if (o.kind == "composite type" && composite_replaced(old, o, m_from, m_to)) {
            m_changed_enums.push_back(o.name);
            m_replaced_types.insert(o.name);
            add(domain_type, ReplaceComposite{old, o, type_uses(o.name, false, true), dependents_of(o.name)});
          }
        }
      }
    }
  }

  void sequences() {
    SequenceChanges changes = diff_sequences(m_from, m_to);
    for (auto& op : changes.release) m_buckets[release_sequence].push_back(std::move(op));
    for (auto& op : changes.make) m_buckets[sequence].push_back(std::move(op));
    for (auto& op : changes.own) m_buckets[own_sequence].push_back(std::move(op));
    for (auto& op : changes.drop) m_buckets[late_drop].push_back(std::move(op));
  }

  // Whether `t` is a partition, maybe of a new partition, of a table that
  // stays (and may gain the columns its key or checks name).
  bool under_existing_table(const Table& t) const {
    for (const Table* p = &t; p != nullptr && p->is_partition(); p = m_to.table(p->partition_of)) {
      if (m_from.table(p->partition_of) != nullptr) {
        return true;
      }
    }
    return false;
  }

  void tables() {
    std::vector<const Table*> created;
    for (const auto& t : m_to.tables) {
      const Table* old = m_from.table(t.name);
      if (!old) {
        created.push_back(&t);
      } else if (!becomes_or_stops_being_partition(*old, t)) {  // else reported, not generated
        table(*old, t);
      }
    }
    for (const Table* t : parents_first(m_to, created)) {
      add(under_existing_table(*t) ? create_partition : create_table, CreateTable{t->without_foreign_keys()});
      for (const auto& c : t->constraints) {
        if (c.kind == ConstraintKind::foreign_key) {
          add(add_foreign_key, AddConstraint{t->name, c});
        }
      }
    }
    std::vector<const Table*> dropped;
    for (const auto& t : m_from.tables) {
      if (!m_to.table(t.name)) {
        dropped.push_back(&t);
      }
    }
    dropped = parents_first(m_from, dropped);
    for (auto it = dropped.rbegin(); it != dropped.rend(); ++it) {
      const Table& t = **it;
      for (const auto& c : t.constraints) {
        if (c.kind == ConstraintKind::foreign_key) {
          add(drop_foreign_key, DropConstraint{t.name, c});
        }
      }
      Operation& op = add(drop_table, DropTable{t.without_foreign_keys()});
      touch(t.name, "*");
      for (const Table* c : created) {
        if (same_column_list(t, *c)) {
          op.notes.push_back(table_rename_note(t.name, c->name, m_ds));
        }
      }
    }
  }

  void table(const Table& from, const Table& to) {
    const bool columns_change = autogen::columns_change(from, to, m_from, m_to);
    if (columns_change && !toast_options(from).empty()) {
      add(toast_options_first, ReapplyToastOptions{from.name, toast_options(from)});
    }
    if (columns_change && !toast_options(to).empty()) {
      add(toast_options_last, ReapplyToastOptions{to.name, toast_options(to)});
    }
    const auto first_drop = static_cast<std::ptrdiff_t>(m_buckets[drop_column].size());
    std::vector<const Column*> dropped;
    std::vector<const Column*> added;
    const Remade remade{m_remade_functions, m_changed_enums};
    const std::set<std::string> recreated = recreated_columns(from, to, remade);
    // A partition's own constraints and indexes go with its parents' columns.
    const std::set<std::string> gone_columns = with_parents_recreated(from, to, recreated, m_from, m_to, remade);
    for (const auto& c : from.columns) {
      const Column* next = to.column(c.name);
      if (!next) {
        dropped.push_back(&c);
        continue;
      }
      if (recreated.count(c.name)) {
        add(drop_column, DropColumn{from.name, c});
        add_column_op(to.name, *next);
        touch(from.name, c.name);
        // Dropping the column would drop the sequences it owns: they let go
        // first and are given to the new column.
        for (const auto& s : m_from.sequences) {
          const Sequence* kept = m_to.sequence(s.name);
          if (s.owner_table == from.name && s.owner_column == c.name && kept != nullptr &&
              kept->owner_table == to.name && kept->owner_column == c.name) {
            add(release_sequence, SetSequenceOwner{s.name, from.name, c.name, {}, {}});
            add(own_sequence, SetSequenceOwner{s.name, {}, {}, to.name, c.name});
          }
        }
        continue;
      }
      Column before = c;
      if (moved_with_extension(c, *next, m_from, m_to)) {
        // The same type, in the schema its extension moves to.
        before.type = next->type;
        before.base_type = next->base_type;
      }
      if (calls_remade(c.default_expr)) {
        // The default lets go of the function before it is dropped; the
        // column change below sets it (again).
        Column without = c;
        without.default_expr.clear();
        add(drop_constraint, AlterColumn{from.name, c, without});
        before.default_expr.clear();
      }
      if (auto it = m_default_after_enum.find({from.name, c.name}); it != m_default_after_enum.end()) {
        before.default_expr = it->second;
      }
      before.comment = next->comment;
      if (!(before == *next)) {
        add(alter_column, AlterColumn{to.name, before, *next});
        if (before.type != next->type || before.collation != next->collation) {
          touch(from.name, c.name);
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
      touch(from.name, d->name);
      for (const Column* a : added) {
        if (a->type == d->type && d->generated.empty()) {
          op.notes.push_back(column_rename_note(from.name, d->name, a->name, m_ds));
        }
      }
    }

    for (const auto& c : from.constraints) {
      const Constraint* next = to.constraint(c.name);
      if (!next || !(*next == c) || uses_any(c.columns, c.definition, gone_columns) || calls_remade(c.definition)) {
        const bool fk = c.kind == ConstraintKind::foreign_key;
        add(fk ? drop_foreign_key : drop_constraint, DropConstraint{from.name, c});
        if (c.unique_like()) {
          m_rebuilt_keys.insert(from.name);
        }
        if (fk) {
          m_dropped_fks.insert({from.name, c.name});
        }
      }
    }
    for (const auto& c : to.constraints) {
      const Constraint* old = from.constraint(c.name);
      if (!old || !(*old == c) || uses_any(old->columns, old->definition, gone_columns) ||
          calls_remade(old->definition)) {
        const bool fk = c.kind == ConstraintKind::foreign_key;
        add(fk ? add_foreign_key : add_constraint, AddConstraint{to.name, c});
      }
    }
    for (const auto& i : from.indexes) {
      const Index* next = to.index(i.name);
      if (!next || !(*next == i) || uses_any(i.columns, i.body, gone_columns) || calls_remade(i.body)) {
        add(drop_constraint, DropIndex{from.name, i});
        if (i.unique) {
          m_rebuilt_keys.insert(from.name);
        }
      }
    }
    for (const auto& i : to.indexes) {
      const Index* old = from.index(i.name);
      if (!old || !(*old == i) || uses_any(old->columns, old->body, gone_columns) || calls_remade(old->body)) {
        add(add_constraint, CreateIndex{to.name, i});
      }
    }
    if (from.comment != to.comment) {
      add(comment, SetComment{CommentTarget::table, to.name, {}, from.comment, to.comment});
    }
    // A generated column goes before the columns it reads.
    std::stable_partition(m_buckets[drop_column].begin() + first_drop, m_buckets[drop_column].end(),
                          [](const Operation& op) {
                            const auto* d = std::get_if<DropColumn>(&op.kind);
                            return d != nullptr && !d->column.generated.empty();
                          });
    if (from.is_partition() && (from.partition_of != to.partition_of || from.partition_bound != to.partition_bound)) {
      // Early only when its parent goes (which would take it along).
      const bool parent_goes = m_to.table(from.partition_of) == nullptr;
      add(parent_goes ? detach_partition : late_detach,
          DetachPartition{from.name, from.partition_of, from.partition_bound});
      add(attach_partition, AttachPartition{to.name, to.partition_of, to.partition_bound});
    }
    if (from.unlogged != to.unlogged || from.options != to.options) {
      m_storage.push_back(AlterTableStorage{to.name, from.unlogged, to.unlogged, from.options, to.options});
    }
  }

  void table_storage_changes() {
    for (auto& op : in_persistence_order(std::move(m_storage), m_to)) {
      const bool rewrites = op.from_unlogged != op.to_unlogged;
      const std::string note = "rewrites table " + display(op.table, m_ds) + " under an ACCESS EXCLUSIVE lock" +
                               (op.to_unlogged ? "; an unlogged table is emptied after a crash and not "
                                                 "copied to standbys"
                                               : "");
      Operation& added = add(table_storage, std::move(op));
      if (rewrites) {
        added.notes.push_back(note);
      }
    }
  }

  void add_column_op(const QualifiedName& table, const Column& c) {
    Operation& op = add(c.generated.empty() ? add_column : add_generated_column, AddColumn{table, c});
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
    for (auto& [table, key, note] : foreign_keys_to_rebuild(m_from, m_to, m_rebuilt_keys, m_dropped_fks, m_ds)) {
      add(drop_foreign_key, DropConstraint{table, key}).notes.push_back(std::move(note));
      add(add_foreign_key, AddConstraint{table, std::move(key)});
    }
  }

  void views() {
    std::set<QualifiedName> recreate;
    for (const auto& v : m_from.views) {
      const View* next = m_to.view(v.name);
      // A materialized view's indexes are made with it.
      if (!next || next->definition != v.definition || next->materialized != v.materialized ||
          next->indexes != v.indexes || next->options != v.options) {
        recreate.insert(v.name);
        continue;
      }
      if (calls_remade(v.definition)) {
        recreate.insert(v.name);
      }
      // A view naming an enum that changes would hold on to the old type.
      for (const auto& e : m_changed_enums) {
        if (names_type(v.definition, e, m_ds)) {
          recreate.insert(v.name);
        }
      }
      for (const auto& d : v.depends_on) {
        if (m_touched.count(d) && reads_columns(v, d, changed_columns_of(m_touched_columns, m_from, d))) {
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
    const auto order = dependency_order(m_from.views);
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      if (recreate.count((*it)->name)) {
        add(drop_view, DropView{**it});
        if (m_to.view((*it)->name) != nullptr) {
          m_recreated_views.insert((*it)->name);
        }
      }
    }
    for (const View* v : dependency_order(m_to.views)) {
      const View* old = m_from.view(v->name);
      if (!old || recreate.count(v->name)) {
        View made = *v;
        made.grants = old != nullptr ? old->grants : std::vector<Grant>();  // kept when made again; not compared
        add(create_view, CreateView{made});
      } else if (old->comment != v->comment) {
        add(comment, SetComment{v->materialized ? CommentTarget::materialized_view : CommentTarget::view, v->name,
                                {}, old->comment, v->comment});
      }
    }
  }

  // Functions, procedures and aggregates over a type made again (or an
  // enum whose values change): routines_over_replaced_types().
  void type_remade_functions() {
    m_type_remade = routines_over_replaced_types(m_from, m_to, m_ds);
    for (const auto& name : m_type_remade) {
      m_remade_functions.push_back(routine_name(name));
    }
  }

  // The constraints and indexes naming `type` that a replacement drops and
  // adds again: not those calling a function made again, which make way
  // for it on their own (table()).
  EnumDependents dependents_of(const QualifiedName& type) {
    EnumDependents out = type_dependents(m_from, m_to, type, m_ds);
    std::erase_if(out.constraints, [&](const auto& c) { return calls_remade(c.second.definition); });
    std::erase_if(out.indexes, [&](const auto& i) { return calls_remade(i.second.body); });
    for (const OtherObject* c : held_composites_of(m_from, m_to, type, m_ds)) {
      m_changed_enums.push_back(c->name);
      out.composites.push_back({*c, *c, type_uses(c->name, false, false), dependents_of(c->name)});
    }
    return out;
  }

  // Tables made or changed, which functions tied to them come after; and
  // the routines made again around what they read (remade_callers()).
  void tied_functions() {
    for (const auto& t : m_to.tables) {
      const Table* old = m_from.table(t.name);
      if (old == nullptr || m_touched.count(t.name) > 0 || !old->same_columns(t)) {
        m_made_tables.insert(t.name);
      }
    }
    m_remade_callers = remade_callers(m_from, m_to, m_touched, m_remade_functions, m_ds);
    for (const auto& name : m_remade_callers) {
      m_remade_functions.push_back(routine_name(name));
    }
  }

  void others() {
    // Triggers, rules and policies holding on to columns that change
    // (holds_columns()) or naming a type made again.
    const auto remade = [&](const OtherObject& o) {
      if (o.kind == "function" || o.kind == "procedure" || o.kind == "aggregate") {
        return m_remade_callers.count(o.name) > 0 || m_type_remade.count(o.name) > 0;
      }
      if (m_recreated_views.count(o.table) > 0 || calls_remade(o.definition) ||
          (m_touched.count(o.table) > 0 && holds_columns(o, changed_columns_of(m_touched_columns, m_from, o.table))) ||
          std::any_of(m_changed_enums.begin(), m_changed_enums.end(),
                      [&](const QualifiedName& e) { return names_type(o.definition, e, m_ds); })) {
        return true;
      }
      return o.kind != "trigger" && std::any_of(m_touched.begin(), m_touched.end(), [&](const QualifiedName& t) {
               return mentions_name(o.definition, t.name);
             });
    };
    auto changes = diff_others(m_from, m_to, remade);
    const auto into = [&](Phase phase, std::vector<Operation>&& ops) {
      for (auto& op : ops) {
        m_buckets[phase].push_back(std::move(op));
      }
    };
    into(drop_view_objects, std::move(changes.drop_view_objects));
    into(drop_constraint, std::move(changes.drop_table_objects));
    // A function whose arguments or result use a domain made after the
    // functions comes after that domain; one that uses a domain dropped
    // before the functions, before it.
    const auto names_one_of = [&](const OtherObject& o, const std::set<QualifiedName>& domains) {
      return std::any_of(domains.begin(), domains.end(),
                         [&](const QualifiedName& d) { return signature_names(o, qualified(d, m_ds)); });
    };
    const auto move_out = [&](std::vector<Operation>& ops, Phase phase, const auto& pick) {
      const auto end = std::stable_partition(ops.begin(), ops.end(), [&](const Operation& op) { return !pick(op); });
      into(phase, std::vector<Operation>(std::make_move_iterator(end), std::make_move_iterator(ops.end())));
      ops.erase(end, ops.end());
    };
    // Range types calling a function made here come after it (and what
    // names them after them); ones calling a function that goes, before it.
    const auto late_types = types_calling(changes.types, created_routines(m_from, m_to), m_ds);
    const auto early_types = types_calling(changes.drop_types, created_routines(m_to, m_from), m_ds);
    m_late_domains.insert(late_types.begin(), late_types.end());
    m_early_domains.insert(early_types.begin(), early_types.end());
    move_out(changes.functions, late_function, [&](const Operation& op) {
      const OtherObject* o = made_routine(op);
      return o != nullptr && names_one_of(*o, m_late_domains);
    });
    move_out(changes.drop_functions, drop_domain_user, [&](const Operation& op) {
      const OtherObject* o = dropped_routine(op);
      return o != nullptr && names_one_of(*o, m_early_domains);
    });
    move_out(changes.functions, tied_function, [&](const Operation& op) {
      const OtherObject* o = made_routine(op);
      return o != nullptr && (tied_to_tables(*o, m_made_tables, m_ds) || m_remade_callers.count(o->name) > 0);
    });
    move_out(changes.drop_functions, drop_tied_function, [&](const Operation& op) {
      const OtherObject* o = dropped_routine(op);
      return o != nullptr && (tied_to_tables(*o, m_touched, m_ds) || m_remade_callers.count(o->name) > 0 ||
                              m_type_remade.count(o->name) > 0);
    });
    into(create_function, std::move(changes.functions));
    std::erase_if(changes.types, [&](const Operation& op) {
      const auto* replace = std::get_if<ReplaceOther>(&op.kind);
      return replace != nullptr && m_replaced_types.count(replace->to.name) > 0;
    });
    mark_composites_in_columns(changes.types, m_from);
    const auto one_of = [](const std::set<QualifiedName>& names) {
      return [&names](const Operation& op) { return object_of(op) != nullptr && names.count(object_of(op)->name) > 0; };
    };
    move_out(changes.types, late_domain, one_of(late_types));
    into(domain_type, std::move(changes.types));
    move_out(changes.drop_types, drop_calling_domain, one_of(early_types));
    into(drop_function, std::move(changes.drop_functions));
    into(drop_function, std::move(changes.drop_types));  // after the functions that may use them
    into(create_trigger, std::move(changes.table_objects));
  }

  void touch(const QualifiedName& table, const std::string& column) {
    m_touched.insert(table);
    m_touched_columns[table].insert(column);
  }

  const Catalog& m_from;
  const Catalog& m_to;
  const HasRows& m_has_rows;
  std::string m_ds;
  std::array<std::vector<Operation>, phase_count> m_buckets;
  std::map<ColumnKey, std::string> m_default_after_enum;
  std::set<QualifiedName> m_touched;       // tables whose changes views must make way for
  std::map<QualifiedName, std::set<std::string>> m_touched_columns;  // and their columns that change
  std::set<QualifiedName> m_rebuilt_keys;  // tables whose primary or unique keys change
  std::set<ColumnKey> m_dropped_fks;
  std::vector<QualifiedName> m_changed_enums;  // enums whose values change, other types made again
  std::vector<AlterTableStorage> m_storage;     // in the tables' order
  std::set<QualifiedName> m_recreated_views;    // dropped and created again
  std::set<QualifiedName> m_replaced_types;     // range and composite types made again (replaced_types())
  std::set<QualifiedName> m_late_domains;       // made after the functions they call
  // Domains over types made again, by type (the upgrade makes them again too).
  std::map<QualifiedName, std::vector<const Domain*>> m_domains_over = domains_over_replaced(m_from, m_to, m_ds);
  std::set<QualifiedName> m_remade_domains;
  std::set<QualifiedName> m_early_domains;      // dropped before the functions they call
  std::set<QualifiedName> m_made_tables;        // made or changed: functions tied to them come after
  std::set<QualifiedName> m_type_remade;        // functions over changed types, made again
  std::set<QualifiedName> m_remade_callers;     // BEGIN ATOMIC functions and aggregates made again
  // Routines dropped and created again, by quoted name: what calls them makes way.
  std::vector<std::string> m_remade_functions = remade_routines(m_from, m_to);
};

}  // namespace

std::vector<Operation> diff_catalogs(const Catalog& from, const Catalog& to, const HasRows& has_rows) {
  return Differ(from, to, has_rows).run();
}

}  // namespace retort::autogen
