#include "autogen/type_sql.hpp"

#include <algorithm>
#include <functional>

#include "autogen/other_objects.hpp"
#include "autogen/sql_text.hpp"
#include "autogen/statement_parts.hpp"

namespace retort::autogen {

namespace {

// Converts each column in `uses` to `type` (qualified), through text
// when there is no cast from the old type, setting its default around it.
// Each column of `uses` converted to `type` (or an array of it) with the
// USING expression `convert` makes of the column's quoted name and its new
// type; its default set again around it.
void convert_uses(std::vector<std::string>& out, const std::vector<EnumUse>& uses, const std::string& type,
                  const std::function<std::string(const std::string&, const std::string&)>& convert,
                  std::string_view ds) {
  for (const auto& use : uses) {
    const std::string alter = alter_column(use.table, use.column, ds);
    const std::string to = type + (use.is_array ? "[]" : "");
    if (!use.default_before.empty()) {
      out.push_back(alter + "DROP DEFAULT");
    }
    out.push_back(alter + "TYPE " + to + " USING " + convert(quote_ident(use.column), to));
    if (!use.default_after.empty()) {
      out.push_back(alter + "SET DEFAULT " + use.default_after);
    }
  }
}

// With a cast, through text (an array through text[]) when `through_text`.
void convert_uses(std::vector<std::string>& out, const std::vector<EnumUse>& uses, const std::string& type,
                  bool through_text, std::string_view ds) {
  convert_uses(
      out, uses, type,
      [&](const std::string& column, const std::string& to) {
        const bool array = to.size() > 2 && to.compare(to.size() - 2, 2, "[]") == 0;
        return column + (through_text ? (array ? "::text[]" : "::text") : "") + "::" + to;
      },
      ds);
}

bool columns_of_type(const Catalog& catalog, const QualifiedName& table, const std::vector<std::string>& columns,
                     const QualifiedName& type) {
  const Table* t = catalog.table(table);
  return t != nullptr && std::any_of(columns.begin(), columns.end(), [&](const std::string& name) {
           const Column* c = t->column(name);
           return c != nullptr && c->base_type == type;
         });
}

// Foreign keys go first and come back last (they may need another
// dependent's unique key).
void drop_dependents(std::vector<std::string>& out, const EnumDependents& dependents, std::string_view ds) {
  for (const bool fk : {true, false}) {
    for (const auto& [table, c] : dependents.constraints) {
      if ((c.kind == ConstraintKind::foreign_key) == fk) {
        out.push_back("ALTER TABLE " + qualified(table, ds) + " DROP CONSTRAINT " + quote_ident(c.name));
      }
    }
  }
  for (const auto& [table, index] : dependents.indexes) {
    out.push_back("DROP INDEX " + sibling(table, index.name, ds));
  }
}

void add_dependents(std::vector<std::string>& out, const EnumDependents& dependents, std::string_view ds) {
  for (const auto& [table, c] : dependents.constraints) {
    if (c.kind != ConstraintKind::foreign_key) {
      out.push_back(add_constraint(table, c, ds));
    }
  }
  for (const auto& [table, index] : dependents.indexes) {
    out.push_back(index_statement(table, index, ds));
  }
  for (const auto& [table, c] : dependents.constraints) {
    if (c.kind == ConstraintKind::foreign_key) {
      out.push_back(add_constraint(table, c, ds));
    }
  }
}

void retarget_attributes(std::vector<std::string>& out, const EnumDependents& dependents, std::string_view ds) {
  for (const auto& [type, attribute] : dependents.attributes) {
    out.push_back("ALTER TYPE " + qualified(type, ds) + " ALTER ATTRIBUTE " + attribute);
  }
}

}  // namespace

bool names_type(const std::string& text, const QualifiedName& type, std::string_view ds) {
  const std::string cast = "::" + qualified(type, ds);
  for (std::size_t at = text.find(cast); at != std::string::npos; at = text.find(cast, at + 1)) {
    const std::size_t end = at + cast.size();
    if (end == text.size() || !identifier_char(text[end])) {
      return true;
    }
  }
  return false;
}

EnumDependents type_dependents(const Catalog& from, const Catalog& to, const QualifiedName& type,
                               std::string_view ds) {
  EnumDependents out;
  for (const auto& t : from.tables) {
    const Table* target = to.table(t.name);
    if (!target) {
      continue;
    }
    for (const auto& c : t.constraints) {
      const Constraint* next = target->constraint(c.name);
      // A foreign key between columns of the type: PostgreSQL rebuilds it
      // with the first column converted and refuses it (the other column
      // still has the old type).
      const bool between = c.kind == ConstraintKind::foreign_key &&
                           (columns_of_type(from, t.name, c.columns, type) ||
                            columns_of_type(from, c.ref_table, c.ref_columns, type));
      if (next && *next == c && (between || names_type(c.definition, type, ds))) {
        out.constraints.emplace_back(t.name, c);
      }
    }
    for (const auto& i : t.indexes) {
      const Index* next = target->index(i.name);
      if (next && *next == i && names_type(i.body, type, ds)) {
        out.indexes.emplace_back(t.name, i);
      }
    }
  }
  // A composite type that a column holds cannot change its attributes: it
  // is made again instead (held_composites_of(), Differ::dependents_of()).
  for (const auto& o : from.others) {
    if (!column_holds(from, to, o.name)) {
      for (auto& attribute : attributes_of_type(o, qualified(type, ds))) {
        out.attributes.emplace_back(o.name, std::move(attribute));
      }
    }
  }
  return out;
}

std::vector<std::string> create_domain(const Domain& d, std::string_view ds) {
  std::string create = "CREATE DOMAIN " + qualified(d.name, ds) + " AS " + d.base_type;
  if (!d.collation.empty()) {
    create += " COLLATE " + d.collation;
  }
  if (!d.default_expr.empty()) {
    create += " DEFAULT " + d.default_expr;
  }
  if (d.not_null) {
    create += " NOT NULL";
  }
  std::vector<std::string> out{create};
  // A domain over a domain starts with its base's default.
  if (d.over_domain && d.default_expr.empty()) {
    out.push_back("ALTER DOMAIN " + qualified(d.name, ds) + " DROP DEFAULT");
  }
  for (const auto& c : d.constraints) {
    // CREATE DOMAIN takes no NOT VALID.
    const std::string constraint = " CONSTRAINT " + quote_ident(c.name) + " " + c.definition;
    if (not_valid(c)) {
      out.push_back("ALTER DOMAIN " + qualified(d.name, ds) + " ADD" + constraint);
    } else {
      out[0] += constraint;
    }
  }
  return out;
}

std::vector<std::string> alter_domain(const AlterDomain& op, std::string_view ds) {
  const std::string alter = "ALTER DOMAIN " + qualified(op.to.name, ds) + " ";
  std::vector<std::string> out;
  for (const auto& c : op.from.constraints) {
    const auto it = std::find(op.to.constraints.begin(), op.to.constraints.end(), c);
    if (it == op.to.constraints.end()) {
      out.push_back(alter + "DROP CONSTRAINT " + quote_ident(c.name));
    }
  }
  if (op.from.default_expr != op.to.default_expr) {
    out.push_back(alter + (op.to.default_expr.empty() ? std::string("DROP DEFAULT")
                                                      : "SET DEFAULT " + op.to.default_expr));
  }
  if (op.from.not_null != op.to.not_null) {
    out.push_back(alter + (op.to.not_null ? "SET NOT NULL" : "DROP NOT NULL"));
  }
  for (const auto& c : op.to.constraints) {
    const auto it = std::find(op.from.constraints.begin(), op.from.constraints.end(), c);
    if (it == op.from.constraints.end()) {
      out.push_back(alter + "ADD CONSTRAINT " + quote_ident(c.name) + " " + c.definition);
    }
  }
  return out;
}

namespace {

// The domains over a type made again: made again over the new one before
// the old one goes.
void replace_over(std::vector<std::string>& out, const std::vector<ReplaceDomain>& over, std::string_view ds) {
  for (const auto& r : over) {
    for (auto& s : replace_domain(r, ds)) {
      out.push_back(std::move(s));
    }
  }
}

// The end of every replacement, once the new type is there and its columns
// are converted: attributes pointed at it, the constraints and indexes
// naming it back, the domains over it made again, then `drop` (the old one).
void finish_replacement(std::vector<std::string>& out, const EnumDependents& dependents,
                        const std::vector<ReplaceDomain>& over, std::string drop, std::string_view ds) {
  retarget_attributes(out, dependents, ds);
  for (const auto& c : dependents.composites) {
    for (auto& s : replace_composite(c, ds)) {
      out.push_back(std::move(s));
    }
  }
  add_dependents(out, dependents, ds);
  replace_over(out, over, ds);
  out.push_back(std::move(drop));
}

}  // namespace

std::vector<std::string> replace_enum(const ReplaceEnum& op, std::string_view ds) {
  std::string old_name = op.type.name.substr(0, 50) + "__old";
  std::vector<std::string> out;
  drop_dependents(out, op.dependents, ds);
  out.push_back("ALTER TYPE " + qualified(op.type, ds) + " RENAME TO " + quote_ident(old_name));
  out.push_back("CREATE TYPE " + qualified(op.type, ds) + " AS ENUM (" + literal_list(op.to) + ")");
  convert_uses(out, op.uses, qualified(op.type, ds), true, ds);
  finish_replacement(out, op.dependents, op.over, "DROP TYPE " + qualified({op.type.schema, old_name}, ds), ds);
  return out;
}

std::vector<std::string> add_enum_values(const AddEnumValues& op, std::string_view ds) {
  std::vector<std::string> out;
  std::vector<std::string> current = op.from;
  for (std::size_t i = 0; i < op.to.size(); ++i) {
    const std::string& value = op.to[i];
    if (std::find(current.begin(), current.end(), value) != current.end()) {
      continue;
    }
    std::string where;
    for (std::size_t j = i + 1; j < op.to.size() && where.empty(); ++j) {
      if (std::find(current.begin(), current.end(), op.to[j]) != current.end()) {
        where = " BEFORE " + quote_literal(op.to[j]);
      }
    }
    if (where.empty() && i > 0) {
      where = " AFTER " + quote_literal(op.to[i - 1]);
    }
    out.push_back("ALTER TYPE " + qualified(op.type, ds) + " ADD VALUE IF NOT EXISTS " +
                  quote_literal(value) + where);
    current.push_back(value);
  }
  return out;
}

std::vector<std::string> replace_domain(const ReplaceDomain& op, std::string_view ds) {
  const std::string name = qualified(op.to.name, ds);
  const std::string old_name = op.from.name.name.substr(0, 50) + "__old";
  std::vector<std::string> out;
  drop_dependents(out, op.dependents, ds);
  out.push_back("ALTER DOMAIN " + name + " RENAME TO " + quote_ident(old_name));
  for (auto& s : create_domain(op.to, ds)) {
    out.push_back(std::move(s));
  }
  convert_uses(out, op.uses, name, op.through_text, ds);
  finish_replacement(out, op.dependents, op.over, "DROP DOMAIN " + qualified({op.from.name.schema, old_name}, ds), ds);
  return out;
}

std::vector<std::string> replace_range(const ReplaceRange& op, std::string_view ds) {
  // A parameter of the definition, "SUBTYPE = integer, ...": "integer".
  const auto parameter = [](const std::string& definition, const std::string& key) {
    const std::string prefix = key + " = ";
    const std::size_t at = definition.find(prefix);
    if (at == std::string::npos || (at > 0 && definition[at - 1] != ' ')) {
      return std::string();
    }
    const std::size_t end = definition.find(", ", at);
    return definition.substr(at + prefix.size(), end == std::string::npos ? std::string::npos : end - at - prefix.size());
  };
  const std::string suffix = "__old";
  const std::string name = qualified(op.to.name, ds);
  const std::string old_name = op.from.name.name.substr(0, 50) + suffix;
  const std::string subtype = parameter(op.from.definition, "SUBTYPE");
  // The old type, its multirange type and their constructors make way
  // (the new ones have the same names); dropping the old type drops them.
  std::vector<std::string> out;
  drop_dependents(out, op.dependents, ds);
  out.push_back("ALTER TYPE " + name + " RENAME TO " + quote_ident(old_name));
  out.push_back("ALTER FUNCTION " + name + "(" + subtype + ", " + subtype + ") RENAME TO " + quote_ident(old_name));
  out.push_back("ALTER FUNCTION " + name + "(" + subtype + ", " + subtype + ", text) RENAME TO " +
                quote_ident(old_name));
  // As regtype prints it: qualified where it needs to be, quoted.
  const std::string multirange = parameter(op.from.definition, "MULTIRANGE_TYPE_NAME");
  if (!multirange.empty()) {
    const std::size_t dot = multirange.rfind('.');
    std::string bare = dot == std::string::npos ? multirange : multirange.substr(dot + 1);
    if (bare.size() > 1 && bare.front() == '"') {
      bare = bare.substr(1, bare.size() - 2);
    }
    const std::string renamed = quote_ident(bare.substr(0, 50) + suffix);
    out.push_back("ALTER TYPE " + multirange + " RENAME TO " + renamed);
    out.push_back("ALTER FUNCTION " + multirange + "() RENAME TO " + renamed);
  }
  out.push_back("CREATE TYPE " + name + " AS RANGE (" + op.to.definition + ")");
  convert_uses(out, op.uses, name, true, ds);
  finish_replacement(out, op.dependents, op.over, "DROP TYPE " + qualified({op.from.name.schema, old_name}, ds), ds);
  return out;
}

std::vector<std::string> replace_composite(const ReplaceComposite& op, std::string_view ds) {
  // Attributes added and dropped in place first, so that the old and the
  // new type have theirs in the same places and text converts one to the
  // other. Where ALTER cannot get them in the new order, each value is
  // built again attribute by attribute: in the USING expression, or, when
  // an array column holds the type (USING takes no subquery to unnest it),
  // by a cast from the old type to the new that a function of the old
  // type's schema does, which PostgreSQL applies to each element (keeping
  // the arrays' dimensions, bounds and NULLs). Both go before the old type.
  std::vector<std::string> out;
  const auto in_place = alter_type_sql(op.from, op.to, ds);
  for (const auto& s : in_place) {
    if (s.find(" ALTER ATTRIBUTE ") == std::string::npos) {
      out.push_back(s);
    }
  }
  drop_dependents(out, op.dependents, ds);
  const std::string name = qualified(op.to.name, ds);
  const std::string old_name = op.from.name.name.substr(0, 50) + "__old";
  out.push_back("ALTER TYPE " + name + " RENAME TO " + quote_ident(old_name));
  for (auto& s : create_other_sql(op.to, ds)) {
    out.push_back(std::move(s));
  }
  const bool in_array = std::any_of(op.uses.begin(), op.uses.end(), [](const EnumUse& u) { return u.is_array; });
  if (!in_place.empty() || op.from.definition == op.to.definition) {
    convert_uses(out, op.uses, name, true, ds);
  } else if (!in_array) {
    convert_uses(
        out, op.uses, name,
        [&](const std::string& column, const std::string&) { return composite_value_sql(op.from, op.to, column, ds); },
        ds);
  } else {
    const std::string old_type = qualified({op.from.name.schema, old_name}, ds);
    const std::string function =
        qualified({op.from.name.schema, op.from.name.name.substr(0, 50) + "__convert"}, ds) + "(" + old_type + ")";
    const std::string body = composite_value_sql(op.from, op.to, "$1", ds);
    std::string tag = "$convert$";
    while (body.find(tag) != std::string::npos) {
      tag.insert(tag.size() - 1, "_");
    }
    out.push_back("CREATE FUNCTION " + function + " RETURNS " + name + " LANGUAGE sql IMMUTABLE AS " + tag + " SELECT " +
                  body + " " + tag);
    const std::string cast = "CAST (" + old_type + " AS " + name + ")";
    out.push_back("CREATE " + cast + " WITH FUNCTION " + function);
    convert_uses(out, op.uses, name, false, ds);
    out.push_back("DROP " + cast);
    out.push_back("DROP FUNCTION " + function);
  }
  finish_replacement(out, op.dependents, {}, "DROP TYPE " + qualified({op.from.name.schema, old_name}, ds), ds);
  return out;
}

}  // namespace retort::autogen
