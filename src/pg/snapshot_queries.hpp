#pragma once
// The catalog queries behind pg::snapshot() (snapshot.cpp reads their rows
// into the model), for the schemas in scope.

#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

namespace retort::pg {

// The result of each catalog query. The queries run in two groups of about
// equal cost, on two connections sharing one snapshot when they can.
struct Rows {
  pqxx::result schemas, extensions, enums, domains, relations, columns, sequences, constraints, indexes,
      view_deps, others, grants;
};

struct Query {
  pqxx::result Rows::*into;
  std::string sql;
};

// {first group, second group} for the schemas in `schemas` (a text[] literal).
std::pair<std::vector<Query>, std::vector<Query>> catalog_queries(const std::string& schemas);

}  // namespace retort::pg
