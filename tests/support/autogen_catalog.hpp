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

}  // namespace retort::autogen::test
