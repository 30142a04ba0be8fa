#pragma once
// In-memory catalogs for the diff's unit tests (no database).

#include <string>
#include <utility>
#include <vector>

#include "autogen/model.hpp"
#include "autogen/operations.hpp"

namespace retort::autogen::test {

// A catalog of schema public holding `tables`, normalized as a snapshot is.
inline Catalog catalog(std::vector<Table> tables = {}) {
  Catalog c;
  c.default_schema = "public";
  c.schemas = {"public"};
  c.tables = std::move(tables);
  normalize(c);
  return c;
}

// Table `name` of schema public with columns `columns`.
inline Table table_of(std::string name, std::vector<Column> columns) {
  Table t;
  t.name = {"public", std::move(name)};
  t.columns = std::move(columns);
  return t;
}

// A column of a type of schema public (an array of it when `array`).
inline Column column_of(std::string name, const std::string& type, bool array = false) {
  Column c;
  c.name = std::move(name);
  c.type = type + (array ? "[]" : "");
  c.base_type = {"public", type};
  c.is_array = array;
  return c;
}

// What the summary says of each of `ops`.
inline std::vector<std::string> descriptions(const std::vector<Operation>& ops) {
  std::vector<std::string> out;
  for (const auto& op : ops) {
    out.push_back(describe(op, "public"));
  }
  return out;
}

// A column of a built-in type.
inline Column col(std::string name, std::string type, bool nullable = true, std::string def = {}) {
  Column c;
  c.name = std::move(name);
  c.type = type;
  c.base_type = {"pg_catalog", type};
  c.nullable = nullable;
  c.default_expr = std::move(def);
  return c;
}

// A one-column primary key.
inline Constraint pk(std::string name, std::string column) {
  Constraint c;
  c.name = std::move(name);
  c.kind = ConstraintKind::primary_key;
  c.definition = "PRIMARY KEY (" + column + ")";
  c.columns = {column};
  return c;
}

// A one-column foreign key to public.`table`.
inline Constraint fk(std::string name, std::string column, std::string table, std::string ref_column) {
  Constraint c;
  c.name = std::move(name);
  c.kind = ConstraintKind::foreign_key;
  c.definition = "FOREIGN KEY (" + column + ") REFERENCES " + table + "(" + ref_column + ")";
  c.columns = {column};
  c.ref_table = {"public", table};
  c.ref_columns = {ref_column};
  return c;
}

// users(id bigint primary key, email text not null).
inline Table users() {
  Table t;
  t.name = {"public", "users"};
  t.columns = {col("id", "bigint", false), col("email", "text", false)};
  t.constraints = {pk("users_pkey", "id")};
  return t;
}

}  // namespace retort::autogen::test
