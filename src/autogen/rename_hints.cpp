#include "autogen/rename_hints.hpp"

#include <algorithm>

#include "autogen/sql_text.hpp"

namespace retort::autogen {

bool same_column_list(const Table& a, const Table& b) {
  return !a.columns.empty() &&
         std::equal(a.columns.begin(), a.columns.end(), b.columns.begin(), b.columns.end(),
                    [](const Column& x, const Column& y) { return x.name == y.name && x.type == y.type; });
}

std::string column_rename_note(const QualifiedName& table, const std::string& from, const std::string& to,
                               std::string_view ds) {
  return "possible rename: " + display(table, ds) + "." + from + " and the new column " + to +
         " have the same type; if it was renamed, replace this DROP COLUMN and the ADD COLUMN with: ALTER TABLE " +
         qualified(table, ds) + " RENAME COLUMN " + quote_ident(from) + " TO " + quote_ident(to) + ";";
}

std::string table_rename_note(const QualifiedName& from, const QualifiedName& to, std::string_view ds) {
  std::string statements;
  QualifiedName at = from;
  if (from.schema != to.schema) {
    statements = "ALTER TABLE " + qualified(at, ds) + " SET SCHEMA " + quote_ident(to.schema) + ";";
    at.schema = to.schema;
  }
  if (from.name != to.name) {
    statements += std::string(statements.empty() ? "" : " ") + "ALTER TABLE " + qualified(at, ds) + " RENAME TO " +
                  quote_ident(to.name) + ";";
  }
  return "possible rename: table " + display(from, ds) + " and the new table " + display(to, ds) +
         " have the same columns; if it was renamed, replace this DROP TABLE and the CREATE TABLE with: " + statements +
         " (its indexes and constraints keep their names)";
}

}  // namespace retort::autogen
