// Edits of tables, columns, keys, checks and foreign keys (see fuzz_gen.hpp).

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fuzz/fuzz_gen.hpp"

namespace retort::test::fuzz::detail {

#define EDIT(fn) bool Gen::fn(std::string& w)

EDIT(e_table_add) {
  Table t;
  t.schema = pick_schema();
  t.name = name_for(t.schema, m.tables, "t");
  t.order = ++m.counter;
  const std::string key = t.key();
  m.tables.push_back(t);
  Table& x = m.tables.back();
  const int n = rnd(1, 5);
  for (int i = 0; i < n; ++i) {
    Column c = random_column(x, true);
    x.cols.push_back(c);
  }
  const std::vector<RelCol> cols = rel_columns(m, key);
  const auto keyable = cols_where(cols, Need::btree, false);
  if (!keyable.empty() && chance(50)) {
    Key k{fresh("pk"), {pick(keyable)->name}};
    const RelCol* second = pick(keyable);
    if (chance(25) && second->name != k.cols[0]) k.cols.push_back(second->name);
    x.pk = k;
  }
  if (!keyable.empty() && chance(15)) x.uniques.push_back({fresh("uq"), {pick(keyable)->name}});
  if (chance(20)) {
    if (auto c = random_check(cols)) x.checks.push_back({fresh("ck"), *c});
  }
  x.unlogged = on("table.unlogged") && chance(8);
  if (on("table.options") && chance(12)) {
    switch (rnd(0, 2)) {
      case 0: x.options = {{"fillfactor", std::to_string(rnd(5, 10) * 10)}}; break;
      case 1: x.options = {{"autovacuum_enabled", "false"}}; break;
      default: x.options = {{"toast.autovacuum_enabled", "false"}}; break;
    }
  }
  if (chance(15)) x.comment = chance(50) ? "a table" : "it's a table";
  w = "add table " + key;
  return true;
}

EDIT(e_table_drop) {
  std::vector<std::size_t> c;
  for (std::size_t i = 0; i < m.tables.size(); ++i)
    if (m.tables[i].parent.empty()) c.push_back(i);
  if (c.empty()) return false;
  const std::size_t i = pick(c);
  w = "drop table " + m.tables[i].key();
  m.tables.erase(m.tables.begin() + static_cast<long>(i));
  return true;
}

EDIT(e_table_unlogged) {
  Table* t = plain_table();
  if (!t) return false;
  t->unlogged = !t->unlogged;
  w = "table " + t->key() + (t->unlogged ? " unlogged" : " logged");
  return true;
}

EDIT(e_table_options) {
  Table* t = pick_table([](const Table& x) { return !x.part; });
  if (!t) return false;
  if (!t->options.empty() && chance(40)) {
    t->options.erase(t->options.begin() + rnd(0, static_cast<int>(t->options.size()) - 1));
    w = "reset a storage parameter of " + t->key();
    return true;
  }
  std::pair<std::string, std::string> o;
  switch (rnd(0, 2)) {
    case 0: o = {"fillfactor", std::to_string(rnd(5, 10) * 10)}; break;
    case 1: o = {"autovacuum_enabled", chance(50) ? "false" : "true"}; break;
    default: o = {"toast.autovacuum_enabled", chance(50) ? "false" : "true"}; break;
  }
  erase_if(t->options, [&](const auto& x) { return x.first == o.first; });
  t->options.push_back(o);
  w = "set " + o.first + "=" + o.second + " on " + t->key();
  return true;
}

EDIT(e_table_comment) {
  Table* t = pick_table([](const Table&) { return true; });
  if (!t) return false;
  t->comment = t->comment.empty() || chance(50) ? "comment " + std::to_string(rnd(1, 9)) : "";
  w = "comment on table " + t->key();
  return true;
}

EDIT(e_table_rls) {
  Table* t = column_table();
  if (!t) return false;
  if (chance(60)) {
    t->rls = !t->rls;
  } else {
    t->force_rls = !t->force_rls;
  }
  w = "row level security of " + t->key() + (t->rls ? " on" : " off") + (t->force_rls ? ", forced" : "");
  return true;
}

EDIT(e_column_add) {
  Table* t = column_table();
  if (!t) return false;
  Column c = random_column(*t, true);
  w = "add column " + t->key() + "." + c.name + " " + type_sql(m, c.type);
  t->cols.push_back(c);
  return true;
}

// A column of a table (not of a partition) that its partitioning does not use.
struct ColumnPick {
  Table* table = nullptr;
  Column* column = nullptr;
};

#define PICK_COLUMN(pred)                                               \
  ColumnPick pc;                                                        \
  {                                                                     \
    std::vector<ColumnPick> c;                                          \
    for (auto& t : m.tables) {                                          \
      if (!t.parent.empty()) continue;                                  \
      const std::set<std::string> locked = locked_columns(m, t);        \
      for (auto& col : t.cols)                                          \
        if (!locked.count(col.name) && (pred)) c.push_back({&t, &col}); \
    }                                                                   \
    if (c.empty()) return false;                                        \
    pc = pick(c);                                                       \
  }                                                                     \
  Table& t = *pc.table;                                                 \
  Column& col = *pc.column;                                             \
  (void)t;

EDIT(e_column_drop) {
  PICK_COLUMN(on("drop_read_column") || std::none_of(t.cols.begin(), t.cols.end(), [&](const Column& x) {
                return x.generated && std::find(x.generated->cols.begin(), x.generated->cols.end(), col.name) !=
                                          x.generated->cols.end();
              }));
  w = "drop column " + t.key() + "." + col.name;
  const std::string name = col.name;
  erase_if(t.cols, [&](const Column& x) { return x.name == name; });
  return true;
}

EDIT(e_column_retype) {
  PICK_COLUMN((!col.generated || on("retype_generated")) && (col.collation.empty() || on("retype_collated")));
  std::vector<Type> c;
  const Type& ty = col.type;
  const std::string f = family(ty);
  if (f == "num") {
    for (Type x : {Type{TK::smallint_}, Type{TK::integer_}, Type{TK::bigint_}, Type{TK::numeric_, rnd(6, 12), 0}}) {
      if (x.k == TK::numeric_) x.s = rnd(0, std::min(3, x.n - 3));
      if (!(x == ty)) c.push_back(x);
    }
  } else if (f == "text") {
    for (Type x : {Type{TK::text_}, Type{TK::varchar_, rnd(4, 60)}})
      if (!(x == ty)) c.push_back(x);
  } else if (f == "time") {
    c.push_back(ty.k == TK::date_ ? Type{TK::timestamptz_} : Type{TK::date_});
  } else if (f == "intarr") {
    c.push_back(ty.k == TK::int_array ? Type{TK::bigint_array} : Type{TK::int_array});
  }
  if (c.empty() || chance(25)) {
    if (f == "num") c.push_back({TK::text_});
    if (f == "text" && !m.enums.empty()) c.push_back({TK::enum_, 0, 0, pick(m.enums).key()});
    if (f == "text") c.push_back({TK::integer_});
    if (ty.k == TK::enum_) c.push_back({TK::text_});
    if (ty.k == TK::domain_) {
      if (const Domain* d = find(m.domains, ty.ref)) c.push_back(d->base);
    }
    for (const auto& d : m.domains)
      if (d.base == ty) c.push_back({TK::domain_, 0, 0, d.key()});
  }
  if (c.empty()) return false;
  const Type to = pick(c);
  w = "retype column " + t.key() + "." + col.name + " " + type_sql(m, ty) + " -> " + type_sql(m, to);
  col.type = to;
  if (col.def && !self_ok(m, col, *col.def)) col.def = chance(50) ? random_default(to) : std::nullopt;
  return true;
}

EDIT(e_column_not_null) {
  PICK_COLUMN(!col.identity && !col.serial && !col.generated);
  col.not_null = !col.not_null;
  w = std::string(col.not_null ? "set" : "drop") + " NOT NULL on " + t.key() + "." + col.name;
  return true;
}

EDIT(e_column_default) {
  PICK_COLUMN(!col.identity && !col.serial && !col.generated);
  if (col.def && chance(40)) {
    col.def.reset();
    w = "drop default of " + t.key() + "." + col.name;
    return true;
  }
  col.def = random_default(col.type);
  w = "set default of " + t.key() + "." + col.name;
  return col.def.has_value();
}

EDIT(e_column_identity) {
  PICK_COLUMN(raw_integral(col.type) && !col.serial && !col.generated && !t.part);
  if (!col.identity) {
    col.identity = chance(50) ? 1 : 2;
    col.def.reset();
    col.not_null = true;
    col.id_start = chance(50) ? 1 : 50;
    col.id_inc = chance(70) ? 1 : 3;
    w = "make " + t.key() + "." + col.name + " an identity column";
    return true;
  }
  switch (rnd(0, 2)) {
    case 0:
      col.identity = 0;
      col.not_null = chance(50);
      w = "drop identity of " + t.key() + "." + col.name;
      break;
    case 1:
      col.identity = 3 - col.identity;
      w = "identity of " + t.key() + "." + col.name + (col.identity == 1 ? " ALWAYS" : " BY DEFAULT");
      break;
    default:
      col.id_start = col.id_start == 1 ? 20 : 1;
      col.id_inc = col.id_inc == 1 ? 2 : 1;
      w = "identity options of " + t.key() + "." + col.name;
      break;
  }
  return true;
}

EDIT(e_column_serial) {
  PICK_COLUMN(raw_integral(col.type) && !col.identity && !col.generated);
  col.serial = !col.serial;
  if (col.serial) {
    col.def.reset();
    col.not_null = true;
  }
  w = std::string(col.serial ? "make " : "stop ") + t.key() + "." + col.name +
      (col.serial ? " serial" : " being serial");
  return true;
}

EDIT(e_column_generated) {
  PICK_COLUMN(on("remake_read_column") || std::none_of(t.cols.begin(), t.cols.end(), [&](const Column& x) {
                return x.generated && std::find(x.generated->cols.begin(), x.generated->cols.end(), col.name) !=
                                          x.generated->cols.end();
              }));
  if (col.generated && chance(50)) {
    col.generated.reset();
    w = "stop " + t.key() + "." + col.name + " being generated";
    return true;
  }
  std::vector<RelCol> cols = rel_columns(m, t.key());
  erase_if(cols, [&](const RelCol& c) { return c.name == col.name; });
  Type type;
  auto g = random_generated(cols, type);
  if (!g) return false;
  // A new expression of the same kind keeps the column's type (retyping a
  // generated column is "retype_generated").
  const bool keep_type = col.generated && g->self == col.generated->self && !on("retype_generated");
  col.generated = g;
  if (!keep_type) col.type = type;
  col.def.reset();
  col.identity = 0;
  col.serial = false;
  w = "generate " + t.key() + "." + col.name + " as " + g->text;
  return true;
}

EDIT(e_column_collation) {
  PICK_COLUMN(col.type.k == TK::text_ || col.type.k == TK::varchar_);
  const std::string before = col.collation;
  static const std::vector<std::string> c = {"", "C", "POSIX"};
  while (col.collation == before) col.collation = c[static_cast<std::size_t>(rnd(0, 2))];
  w = "collation of " + t.key() + "." + col.name + " " + (col.collation.empty() ? "default" : col.collation);
  return true;
}

EDIT(e_column_comment) {
  PICK_COLUMN(true);
  col.comment = col.comment.empty() || chance(50) ? "column comment " + std::to_string(rnd(1, 9)) : "";
  w = "comment on column " + t.key() + "." + col.name;
  return true;
}

EDIT(e_pk_add) {
  Table* t = column_table();
  if (!t) return false;
  const std::vector<RelCol> cols = rel_columns(m, t->key());
  const auto keyable = cols_where(cols, Need::btree, false);
  if (keyable.empty()) return false;
  Key k{t->pk ? t->pk->name : fresh("pk"), {pick(keyable)->name}};
  if (t->part) {
    for (const auto& c : locked_columns(m, *t))
      if (std::find(k.cols.begin(), k.cols.end(), c) == k.cols.end()) k.cols.push_back(c);
  } else if (chance(25)) {
    const std::string second = pick(keyable)->name;
    if (second != k.cols[0]) k.cols.push_back(second);
  }
  if (chance(10)) {
    for (const auto& c : cols)
      if (std::find(k.cols.begin(), k.cols.end(), c.name) == k.cols.end()) {
        k.include = {c.name};
        break;
      }
  }
  k.deferrable = chance(10);
  w = std::string(t->pk ? "change" : "add") + " primary key of " + t->key();
  t->pk = k;
  return true;
}

EDIT(e_pk_drop) {
  Table* t = pick_table([](const Table& x) { return x.pk.has_value(); });
  if (!t) return false;
  t->pk.reset();
  w = "drop primary key of " + t->key();
  return true;
}

EDIT(e_unique_add) {
  Table* t = column_table();
  if (!t) return false;
  const std::vector<RelCol> cols = rel_columns(m, t->key());
  const auto keyable = cols_where(cols, Need::btree, false);
  if (keyable.empty()) return false;
  Key k{fresh("uq"), {pick(keyable)->name}};
  if (t->part) {
    for (const auto& c : locked_columns(m, *t))
      if (std::find(k.cols.begin(), k.cols.end(), c) == k.cols.end()) k.cols.push_back(c);
  }
  k.nulls_not_distinct = chance(15);
  k.deferrable = chance(10);
  k.deferred = k.deferrable && chance(50);
  if (chance(10)) {
    for (const auto& c : cols)
      if (std::find(k.cols.begin(), k.cols.end(), c.name) == k.cols.end()) {
        k.include = {c.name};
        break;
      }
  }
  w = "add unique " + k.name + " to " + t->key();
  t->uniques.push_back(k);
  return true;
}

EDIT(e_unique_drop) {
  Table* t = pick_table([](const Table& x) { return !x.uniques.empty(); });
  if (!t) return false;
  const int i = rnd(0, static_cast<int>(t->uniques.size()) - 1);
  w = "drop unique " + t->uniques[static_cast<std::size_t>(i)].name + " of " + t->key();
  t->uniques.erase(t->uniques.begin() + i);
  return true;
}

EDIT(e_check_add) {
  Table* t = pick_table([&](const Table& x) { return x.parent.empty() || on("partition.local"); });
  if (!t) return false;
  auto e = random_check(rel_columns(m, t->key()));
  if (!e) return false;
  Check c{fresh("ck"), *e, t->plain() && chance(15)};
  w = "add check " + c.name + " to " + t->key();
  t->checks.push_back(c);
  return true;
}

EDIT(e_check_drop) {
  Table* t = pick_table([](const Table& x) { return !x.checks.empty(); });
  if (!t) return false;
  const int i = rnd(0, static_cast<int>(t->checks.size()) - 1);
  w = "drop check " + t->checks[static_cast<std::size_t>(i)].name + " of " + t->key();
  t->checks.erase(t->checks.begin() + i);
  return true;
}

EDIT(e_check_change) {
  Table* t = pick_table([](const Table& x) { return !x.checks.empty(); });
  if (!t) return false;
  Check& c = pick(t->checks);
  if (t->plain() && chance(30)) {
    c.not_valid = !c.not_valid;
  } else {
    auto e = random_check(rel_columns(m, t->key()));
    if (!e) return false;
    c.expr = *e;
  }
  w = "change check " + c.name + " of " + t->key();
  return true;
}

EDIT(e_fk_add) {
  Table* r = pick_table([](const Table& x) { return x.plain() && (x.pk || !x.uniques.empty()); });
  if (!r) return false;
  std::vector<const Key*> keys;
  if (r->pk && !r->pk->deferrable) keys.push_back(&*r->pk);
  for (const auto& u : r->uniques)
    if (!u.deferrable) keys.push_back(&u);
  if (keys.empty()) return false;
  const Key key = *pick(keys);
  const std::string r_key = r->key();
  Table* t = column_table();
  if (!t) return false;
  ForeignKey f;
  f.name = fresh("fk");
  f.ref_table = r_key;
  f.ref_cols = key.cols;
  const Table* rr = find(m.tables, r_key);
  std::vector<Column> ref_cols;
  for (const auto& c : key.cols) ref_cols.push_back(*find_named(rr->cols, c));
  for (const auto& rc : ref_cols) {
    std::vector<std::string> options;
    for (const auto& c : t->cols)
      if (!c.generated && fk_types_ok(m, c.type, rc.type) &&
          std::find(f.cols.begin(), f.cols.end(), c.name) == f.cols.end()) {
        options.push_back(c.name);
      }
    if (!options.empty() && chance(60)) {
      f.cols.push_back(pick(options));
    } else {
      Column c;
      c.name = fresh("c");
      c.type = rc.type;
      t->cols.push_back(c);
      f.cols.push_back(c.name);
    }
  }
  static const std::vector<std::string> actions = {"NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"};
  if (chance(40)) f.on_delete = actions[static_cast<std::size_t>(rnd(0, 4))];
  if (chance(25)) f.on_update = actions[static_cast<std::size_t>(rnd(0, 4))];
  f.match_full = f.cols.size() > 1 && chance(30);
  f.deferrable = chance(15);
  f.deferred = f.deferrable && chance(50);
  f.not_valid = t->plain() && chance(15);
  w = "add foreign key " + f.name + " from " + t->key() + " to " + r_key;
  t->fks.push_back(f);
  return true;
}

EDIT(e_fk_drop) {
  Table* t = pick_table([](const Table& x) { return !x.fks.empty(); });
  if (!t) return false;
  const int i = rnd(0, static_cast<int>(t->fks.size()) - 1);
  w = "drop foreign key " + t->fks[static_cast<std::size_t>(i)].name + " of " + t->key();
  t->fks.erase(t->fks.begin() + i);
  return true;
}

EDIT(e_fk_change) {
  Table* t = pick_table([](const Table& x) { return !x.fks.empty(); });
  if (!t) return false;
  ForeignKey& f = pick(t->fks);
  static const std::vector<std::string> actions = {"NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"};
  switch (rnd(0, 3)) {
    case 0: f.on_delete = actions[static_cast<std::size_t>(rnd(0, 4))]; break;
    case 1: f.on_update = actions[static_cast<std::size_t>(rnd(0, 4))]; break;
    case 2:
      f.deferrable = !f.deferrable;
      f.deferred = f.deferrable && chance(50);
      break;
    default:
      if (!t->plain()) return false;
      f.not_valid = !f.not_valid;
      break;
  }
  w = "change foreign key " + f.name + " of " + t->key();
  return true;
}

// Both ends of a one-column foreign key retyped alike (only with the
// "fk_retype" feature): integers to another integer type, text to varchar
// or text, or to an enum.
EDIT(e_fk_retype) {
  Table* t = pick_table([](const Table& x) {
    return std::any_of(x.fks.begin(), x.fks.end(), [](const ForeignKey& f) { return f.cols.size() == 1; });
  });
  if (!t) return false;
  std::vector<ForeignKey*> fks;
  for (auto& f : t->fks)
    if (f.cols.size() == 1) fks.push_back(&f);
  ForeignKey& f = *pick(fks);
  Table* r = find(m.tables, f.ref_table);
  if (!r || !t->parent.empty() || !r->parent.empty()) return false;
  Column* c = find_named(t->cols, f.cols[0]);
  Column* rc = find_named(r->cols, f.ref_cols[0]);
  if (!c || !rc || c->generated || rc->generated || locked_columns(m, *t).count(c->name) ||
      locked_columns(m, *r).count(rc->name)) {
    return false;
  }
  std::vector<Type> options;
  if (raw_integral(c->type) && raw_integral(rc->type)) {
    options = {Type{TK::smallint_}, Type{TK::integer_}, Type{TK::bigint_}};
  } else if (family(c->type) == "text" && family(rc->type) == "text") {
    options = {Type{TK::text_}, Type{TK::varchar_, rnd(20, 60)}};
    if (!m.enums.empty()) options.push_back({TK::enum_, 0, 0, pick(m.enums).key()});
  }
  std::erase_if(options, [&](const Type& x) { return x == c->type && x == rc->type; });
  if (options.empty()) return false;
  const Type to = pick(options);
  w = "retype foreign key " + f.name + " of " + t->key() + " and what it references to " + type_sql(m, to);
  for (Column* x : {c, rc}) {
    x->type = to;
    if (x->def && !self_ok(m, *x, *x->def)) x->def = std::nullopt;
  }
  return true;
}

#undef PICK_COLUMN

#undef EDIT

}  // namespace retort::test::fuzz::detail
