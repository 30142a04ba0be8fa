// render(): a model as SQL, in dependency order, with A's rows (see
// fuzz_model.hpp).

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "fuzz/fuzz_model.hpp"

namespace retort::test::fuzz::detail {

namespace {

std::string column_type_sql(const Model& m, const Column& c) {
  if (c.serial) {
    return c.type.k == TK::smallint_ ? "smallserial" : c.type.k == TK::bigint_ ? "bigserial" : "serial";
  }
  return type_sql(m, c.type);
}

std::string column_sql(const Model& m, const Column& c) {
  std::string s = qi(c.name) + " " + column_type_sql(m, c);
  if (!c.collation.empty()) s += " COLLATE " + qi(c.collation);
  if (c.generated) s += " GENERATED ALWAYS AS (" + render_expr(m, *c.generated) + ") STORED";
  if (c.identity) {
    s += std::string(" GENERATED ") + (c.identity == 1 ? "ALWAYS" : "BY DEFAULT") + " AS IDENTITY (START WITH " +
         std::to_string(c.id_start) + " INCREMENT BY " + std::to_string(c.id_inc) + ")";
  }
  if (c.def) s += " DEFAULT " + render_expr(m, *c.def);
  if (c.not_null && !c.serial && !c.identity) s += " NOT NULL";
  return s;
}

std::string cols_sql(const std::vector<std::string>& cols) {
  std::vector<std::string> q;
  for (const auto& c : cols) q.push_back(qi(c));
  return join(q, ", ");
}

std::string deferrable_sql(bool deferrable, bool deferred) {
  if (!deferrable) return "";
  return deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
}

std::string key_sql(const Key& k, bool primary) {
  std::string s = "CONSTRAINT " + qi(k.name) + (primary ? " PRIMARY KEY" : " UNIQUE");
  if (!primary && k.nulls_not_distinct) s += " NULLS NOT DISTINCT";
  s += " (" + cols_sql(k.cols) + ")";
  if (!k.include.empty()) s += " INCLUDE (" + cols_sql(k.include) + ")";
  return s + deferrable_sql(k.deferrable, k.deferred);
}

std::string bound_sql(const Model& m, const Table& p) {
  if (p.bound.is_default) return "DEFAULT";
  const Table* parent = find(m.tables, p.parent);
  const Column* key = find_named(columns_of(m, *parent), parent->part->col);
  const TK k = key->type.k;
  auto value = [&](int v) {
    if (k == TK::date_) return lit(std::to_string(2000 + v) + "-01-01");
    if (k == TK::text_) return lit("k" + std::to_string(v));
    return std::to_string(v * 100);
  };
  if (parent->part->kind == "RANGE") {
    return "FOR VALUES FROM (" + value(p.bound.lo) + ") TO (" + value(p.bound.hi) + ")";
  }
  if (parent->part->kind == "LIST") {
    std::vector<std::string> vals;
    for (int v : p.bound.values) vals.push_back(k == TK::text_ ? lit("k" + std::to_string(v)) : std::to_string(v));
    return "FOR VALUES IN (" + join(vals, ", ") + ")";
  }
  return "FOR VALUES WITH (MODULUS " + std::to_string(parent->part->modulus) + ", REMAINDER " +
         std::to_string(p.bound.rem) + ")";
}

std::string options_sql(const std::vector<std::pair<std::string, std::string>>& options) {
  std::vector<std::string> o;
  for (const auto& [k, v] : options) o.push_back(k + "=" + v);
  return join(o, ", ");
}

std::string index_sql(const Model& m, const std::string& on, const Index& i) {
  std::string s = std::string("CREATE ") + (i.unique ? "UNIQUE " : "") + "INDEX " + qi(i.name) + " ON " + on;
  if (i.method != "btree" || i.name.size() % 2) s += " USING " + i.method;
  std::vector<std::string> items;
  for (const auto& it : i.items) {
    std::string x = render_expr(m, it.expr);
    const bool plain = it.expr.text == "$0";
    if (!plain) x = "(" + x + ")";
    if (!i.opclass.empty()) x += " " + i.opclass;
    if (it.desc) x += " DESC";
    if (it.nulls_first) x += " NULLS FIRST";
    items.push_back(x);
  }
  s += " (" + join(items, ", ") + ")";
  if (!i.include.empty()) s += " INCLUDE (" + cols_sql(i.include) + ")";
  if (i.nulls_not_distinct) s += " NULLS NOT DISTINCT";
  if (i.fillfactor) s += " WITH (fillfactor=" + std::to_string(i.fillfactor) + ")";
  if (i.where) s += " WHERE " + render_expr(m, *i.where);
  return s + ";\n";
}

std::string trigger_sql(const Model& m, const std::string& on, const Trigger& t) {
  std::string s =
      std::string("CREATE ") + (t.constraint ? "CONSTRAINT " : "") + "TRIGGER " + qi(t.name) + " " + t.timing + " ";
  std::vector<std::string> events;
  for (const auto& e : t.events) {
    events.push_back(e == "UPDATE" && !t.update_of.empty() ? "UPDATE OF " + cols_sql(t.update_of) : e);
  }
  s += join(events, " OR ") + " ON " + on;
  if (t.constraint) s += deferrable_sql(true, t.deferred);
  if (!t.transition.empty()) s += " REFERENCING " + t.transition;
  s += t.row ? " FOR EACH ROW" : " FOR EACH STATEMENT";
  if (t.when) s += " WHEN (" + render_expr(m, *t.when) + ")";
  s += " EXECUTE FUNCTION " + key_q(t.fn) + "();\n";
  if (t.enabled == 'D') s += "ALTER TABLE " + on + " DISABLE TRIGGER " + qi(t.name) + ";\n";
  if (t.enabled == 'A') s += "ALTER TABLE " + on + " ENABLE ALWAYS TRIGGER " + qi(t.name) + ";\n";
  if (t.enabled == 'R') s += "ALTER TABLE " + on + " ENABLE REPLICA TRIGGER " + qi(t.name) + ";\n";
  return s;
}

std::string rule_sql(const Model& m, const std::string& on, const Rule& r) {
  std::string s = "CREATE RULE " + qi(r.name) + " AS ON " + r.event + " TO " + on;
  if (r.where) s += " WHERE " + render_expr(m, *r.where);
  s += r.instead ? " DO INSTEAD " : " DO ALSO ";
  if (r.action == 0) s += "NOTHING";
  if (r.action == 1) s += "NOTIFY " + qi(r.channel);
  if (r.action == 2) s += render_expr(m, r.target);
  return s + ";\n";
}

std::string function_sql(const Model& m, const Function& f) {
  const std::string k = std::to_string(f.k);
  std::string options;
  if (f.kind != FnKind::procedure && f.kind != FnKind::trigger) options += " " + f.volatility;
  if (f.strict) options += " STRICT";
  if (f.parallel_safe) options += " PARALLEL SAFE";
  if (f.security_definer) options += " SECURITY DEFINER";
  switch (f.kind) {
    case FnKind::pure:
      if (f.plpgsql) {
        return "CREATE FUNCTION " + f.q() + "(" + f.arg + " integer) RETURNS " + f.ret + " LANGUAGE plpgsql" + options +
               " AS $$ BEGIN RETURN " + f.arg + " + " + k + "; END $$;\n";
      }
      return "CREATE FUNCTION " + f.q() + "(" + f.arg + " integer) RETURNS " + f.ret + " LANGUAGE sql" + options +
             " AS $$ SELECT (" + f.arg + " + " + k + ")::" + f.ret + " $$;\n";
    case FnKind::state:
      return "CREATE FUNCTION " + f.q() + "(s integer, " + f.arg + " integer) RETURNS integer LANGUAGE sql" + options +
             " AS $$ SELECT s + " + f.arg + " + " + k + " $$;\n";
    case FnKind::trigger:
      return "CREATE FUNCTION " + f.q() + "() RETURNS trigger LANGUAGE plpgsql" + options + " AS $$ BEGIN PERFORM " +
             k + "; RETURN COALESCE(NEW, OLD); END $$;\n";
    case FnKind::reader:
      if (f.atomic) {
        return "CREATE FUNCTION " + f.q() + "() RETURNS bigint LANGUAGE sql" + options +
               " BEGIN ATOMIC SELECT count(*) + " + k + " FROM " + key_q(f.table) + "; END;\n";
      }
      return "CREATE FUNCTION " + f.q() + "() RETURNS bigint LANGUAGE sql" + options + " AS $$ SELECT count(*) + " + k +
             " FROM " + key_q(f.table) + " $$;\n";
    case FnKind::procedure:
      return "CREATE PROCEDURE " + f.q() + "(INOUT n integer) LANGUAGE plpgsql" + options + " AS $$ BEGIN n := " + k +
             "; END $$;\n";
  }
  (void)m;
  return "";
}

std::string sequence_sql(const Sequence& s) {
  std::string out = "CREATE SEQUENCE " + s.q();
  if (!s.as.empty()) out += " AS " + s.as;
  out += " INCREMENT BY " + std::to_string(s.inc) + " MINVALUE " + std::to_string(s.min) + " MAXVALUE " +
         std::to_string(s.max) + " START WITH " + std::to_string(s.start);
  if (s.cache != 1) out += " CACHE " + std::to_string(s.cache);
  if (s.cycle) out += " CYCLE";
  return out + ";\n";
}

std::string value_sql(const Model& m, const Type& t, int i) {
  const std::string n = std::to_string(i);
  switch (t.k) {
    case TK::smallint_:
    case TK::integer_:
    case TK::bigint_:
    case TK::numeric_: return n;
    case TK::text_:
    case TK::varchar_: return lit("v" + n);
    case TK::timestamptz_:
    case TK::date_: return lit("2026-01-0" + n);
    case TK::jsonb_: return lit("{\"k\": " + n + "}");
    case TK::boolean_: return i % 2 ? "true" : "false";
    case TK::int_array:
    case TK::bigint_array: return lit("{" + n + "}");
    case TK::text_array: return lit("{v" + n + "}");
    case TK::int4range_: return lit("[" + std::to_string(10 * i) + "," + std::to_string(10 * i + 5) + ")");
    case TK::daterange_: return lit("[2026-0" + n + "-01,2026-0" + n + "-05)");
    case TK::enum_:
    case TK::enum_array: {
      const Enum* e = find(m.enums, t.ref);
      const std::string& v = e->values[static_cast<std::size_t>(i - 1) % e->values.size()];
      return t.k == TK::enum_ ? lit(v) : lit("{" + array_elem(v) + "}");
    }
    case TK::domain_: return value_sql(m, find(m.domains, t.ref)->base, i);
    case TK::range_: {
      const RangeType* r = find(m.ranges, t.ref);
      if (r->subtype == "date") return lit("[2026-0" + n + "-01,2026-0" + n + "-05)");
      return lit("[" + std::to_string(10 * i) + "," + std::to_string(10 * i + 5) + ")");
    }
    case TK::composite_:
    case TK::composite_array: {
      const Composite* c = find(m.composites, t.ref);
      std::vector<std::string> vals;
      for (const auto& [name, type] : c->attrs) vals.push_back(value_sql(m, type, i));
      const std::string row = "ROW(" + join(vals, ", ") + ")";
      if (t.k == TK::composite_) return row;
      // Two elements, the second a NULL or (in even rows, when no attribute
      // is of a domain, which may be NOT NULL) a row of NULLs.
      const bool nulls_fit = std::none_of(c->attrs.begin(), c->attrs.end(),
                                          [](const auto& at) { return at.second.k == TK::domain_; });
      const std::string second =
          i % 2 == 0 && nulls_fit ? "ROW(" + join(std::vector<std::string>(vals.size(), "NULL"), ", ") + ")" : "NULL";
      const std::string type = type_sql(m, Type{TK::composite_, 0, 0, t.ref});
      return "ARRAY[" + row + "::" + type + ", " + second + "::" + type + "]";
    }
  }
  return "NULL";
}

}  // namespace

std::string render(const Model& m, bool with_rows) {
  std::string s;
  for (const auto& schema : m.schemas) s += "CREATE SCHEMA " + qi(schema) + ";\n";
  for (const auto& e : m.enums) {
    std::vector<std::string> vals;
    for (const auto& v : e.values) vals.push_back(lit(v));
    s += "CREATE TYPE " + e.q() + " AS ENUM (" + join(vals, ", ") + ");\n";
  }
  for (const auto& q : m.sequences) s += sequence_sql(q);
  for (const auto& f : m.functions)
    if (f.kind != FnKind::reader) s += function_sql(m, f);
  for (const auto& d : m.domains) {
    s += "CREATE DOMAIN " + d.q() + " AS " + type_sql(m, d.base);
    if (!d.collation.empty()) s += " COLLATE " + qi(d.collation);
    if (d.def) s += " DEFAULT " + render_expr(m, *d.def);
    if (d.not_null) s += " NOT NULL";
    for (const auto& c : d.checks) s += " CONSTRAINT " + qi(c.name) + " CHECK (" + render_expr(m, c.expr) + ")";
    s += ";\n";
  }
  for (const auto& r : m.ranges) {
    s += "CREATE TYPE " + r.q() + " AS RANGE (SUBTYPE = " + r.subtype;
    if (r.diff) {
      s += std::string(", SUBTYPE_DIFF = ") + (r.subtype == "integer"   ? "int4range_subdiff"
                                               : r.subtype == "numeric" ? "numrange_subdiff"
                                               : r.subtype == "date"    ? "daterange_subdiff"
                                                                        : "float8mi");
    }
    if (!r.multirange.empty()) s += ", MULTIRANGE_TYPE_NAME = " + qn(r.schema, r.multirange);
    s += ");\n";
  }
  for (const auto& c : m.composites) {
    std::vector<std::string> attrs;
    for (const auto& [name, type] : c.attrs) attrs.push_back(qi(name) + " " + type_sql(m, type));
    s += "CREATE TYPE " + c.q() + " AS (" + join(attrs, ", ") + ");\n";
  }
  for (const auto& a : m.aggregates) {
    s += "CREATE AGGREGATE " + a.q() +
         "(integer) (SFUNC = " + (a.sfunc.rfind("fn:", 0) == 0 ? key_q(a.sfunc.substr(3)) : a.sfunc) +
         ", STYPE = integer";
    if (a.initcond >= 0) s += ", INITCOND = '" + std::to_string(a.initcond) + "'";
    if (a.final_int8) s += ", FINALFUNC = int8";
    if (a.combine) s += ", COMBINEFUNC = " + a.sfunc;
    if (a.parallel) s += ", PARALLEL = SAFE";
    s += ");\n";
  }
  std::vector<const Table*> tables;
  for (const auto& t : m.tables) tables.push_back(&t);
  std::sort(tables.begin(), tables.end(), [](const Table* a, const Table* b) { return a->order < b->order; });
  for (const Table* t : tables) {
    std::vector<std::string> parts;
    for (const auto& c : t->cols) parts.push_back(column_sql(m, c));
    if (t->pk) parts.push_back(key_sql(*t->pk, true));
    for (const auto& u : t->uniques) parts.push_back(key_sql(u, false));
    for (const auto& c : t->checks)
      if (!c.not_valid) parts.push_back("CONSTRAINT " + qi(c.name) + " CHECK (" + render_expr(m, c.expr) + ")");
    for (const auto& x : t->excls) {
      std::string e = "CONSTRAINT " + qi(x.name) + " EXCLUDE USING gist (" + qi(x.col) + " WITH &&)";
      if (x.where) e += " WHERE (" + render_expr(m, *x.where) + ")";
      parts.push_back(e + deferrable_sql(x.deferrable, false));
    }
    s += std::string("CREATE ") + (t->unlogged ? "UNLOGGED " : "") + "TABLE " + t->q();
    if (!t->parent.empty()) {
      s += " PARTITION OF " + key_q(t->parent);
      if (!parts.empty()) s += " (" + join(parts, ", ") + ")";
      s += " " + bound_sql(m, *t);
    } else {
      s += " (" + join(parts, ", ") + ")";
    }
    if (t->part) s += " PARTITION BY " + t->part->kind + " (" + qi(t->part->col) + ")";
    if (!t->options.empty()) s += " WITH (" + options_sql(t->options) + ")";
    s += ";\n";
  }
  for (const Table* t : tables) {
    for (const auto& c : t->checks) {
      if (c.not_valid) {
        s += "ALTER TABLE " + t->q() + " ADD CONSTRAINT " + qi(c.name) + " CHECK (" + render_expr(m, c.expr) +
             ") NOT VALID;\n";
      }
    }
  }
  for (const Table* t : tables) {
    for (const auto& f : t->fks) {
      s += "ALTER TABLE " + t->q() + " ADD CONSTRAINT " + qi(f.name) + " FOREIGN KEY (" + cols_sql(f.cols) +
           ") REFERENCES " + key_q(f.ref_table) + " (" + cols_sql(f.ref_cols) + ")" +
           (f.match_full ? " MATCH FULL" : "") + " ON UPDATE " + f.on_update + " ON DELETE " + f.on_delete +
           deferrable_sql(f.deferrable, f.deferred) + (f.not_valid ? " NOT VALID" : "") + ";\n";
    }
  }
  for (const auto& q : m.sequences) {
    if (!q.owned_table.empty()) {
      s += "ALTER SEQUENCE " + q.q() + " OWNED BY " + key_q(q.owned_table) + "." + qi(q.owned_col) + ";\n";
    }
  }
  for (const Table* t : tables) {
    for (const auto& i : t->indexes) s += index_sql(m, t->q(), i);
    if (!t->comment.empty()) s += "COMMENT ON TABLE " + t->q() + " IS " + lit(t->comment) + ";\n";
    for (const auto& c : t->cols) {
      if (!c.comment.empty()) s += "COMMENT ON COLUMN " + t->q() + "." + qi(c.name) + " IS " + lit(c.comment) + ";\n";
    }
  }
  for (const auto& f : m.functions)
    if (f.kind == FnKind::reader) s += function_sql(m, f);
  std::vector<const View*> views;
  for (const auto& v : m.views) views.push_back(&v);
  std::sort(views.begin(), views.end(), [](const View* a, const View* b) { return a->order < b->order; });
  for (const View* v : views) {
    std::vector<std::string> options;
    if (v->security_barrier) options.push_back("security_barrier=true");
    if (v->security_invoker) options.push_back("security_invoker=true");
    if (!v->check_option.empty()) options.push_back("check_option=" + v->check_option);
    if (v->fillfactor) options.push_back("fillfactor=" + std::to_string(v->fillfactor));
    std::vector<std::string> items;
    for (const auto& it : v->items) {
      const std::string x = render_expr(m, it.expr);
      items.push_back(it.kind == 0 && it.expr.cols[0] == it.alias ? x : x + " AS " + qi(it.alias));
    }
    s += std::string("CREATE ") + (v->materialized ? "MATERIALIZED " : "") + "VIEW " + v->q();
    if (!options.empty()) s += " WITH (" + join(options, ", ") + ")";
    s += " AS SELECT " + join(items, ", ") + " FROM " + key_q(v->source);
    if (v->where) s += " WHERE " + render_expr(m, *v->where);
    s += ";\n";
    for (const auto& i : v->indexes) s += index_sql(m, v->q(), i);
    if (!v->comment.empty()) {
      s += std::string("COMMENT ON ") + (v->materialized ? "MATERIALIZED VIEW " : "VIEW ") + v->q() + " IS " +
           lit(v->comment) + ";\n";
    }
  }
  if (with_rows) {
    for (const Table* t : tables) {
      if (t->rows == 0) continue;
      std::vector<const Column*> cols;
      for (const auto& c : t->cols)
        if (!c.generated && !c.identity && !c.serial) cols.push_back(&c);
      if (cols.empty()) {
        for (int i = 0; i < t->rows; ++i) s += "INSERT INTO " + t->q() + " DEFAULT VALUES;\n";
        continue;
      }
      std::vector<std::string> names, rows;
      for (const Column* c : cols) names.push_back(qi(c->name));
      for (int i = 1; i <= t->rows; ++i) {
        std::vector<std::string> vals;
        for (const Column* c : cols) vals.push_back(value_sql(m, c->type, i));
        rows.push_back("(" + join(vals, ", ") + ")");
      }
      s += "INSERT INTO " + t->q() + " (" + join(names, ", ") + ") VALUES " + join(rows, ", ") + ";\n";
    }
  }
  for (const Table* t : tables) {
    if (t->rls) s += "ALTER TABLE " + t->q() + " ENABLE ROW LEVEL SECURITY;\n";
    if (t->force_rls) s += "ALTER TABLE " + t->q() + " FORCE ROW LEVEL SECURITY;\n";
    for (const auto& p : t->policies) {
      s += "CREATE POLICY " + qi(p.name) + " ON " + t->q() + (p.restrictive ? " AS RESTRICTIVE" : "") + " FOR " +
           p.cmd + " TO " + p.roles;
      if (p.using_expr) s += " USING (" + render_expr(m, *p.using_expr) + ")";
      if (p.check_expr) s += " WITH CHECK (" + render_expr(m, *p.check_expr) + ")";
      s += ";\n";
    }
    for (const auto& tr : t->triggers) s += trigger_sql(m, t->q(), tr);
    for (const auto& r : t->rules) s += rule_sql(m, t->q(), r);
  }
  for (const View* v : views) {
    for (const auto& tr : v->triggers) s += trigger_sql(m, v->q(), tr);
    for (const auto& r : v->rules) s += rule_sql(m, v->q(), r);
  }
  return s;
}

}  // namespace retort::test::fuzz::detail
