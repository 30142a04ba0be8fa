#include "autogen/statement_parts.hpp"

#include "autogen/sql_text.hpp"

namespace retort::autogen {

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    out += (i ? std::string(separator) : std::string()) + parts[i];
  }
  return out;
}

std::string literal_list(const std::vector<std::string>& values) {
  std::vector<std::string> quoted;
  for (const auto& v : values) {
    quoted.push_back(quote_literal(v));
  }
  return join(quoted, ", ");
}

std::string sibling(const QualifiedName& table, const std::string& name,
                    std::string_view default_schema) {
  return qualified({table.schema, name}, default_schema);
}

void add_grants(std::vector<std::string>& out, const std::vector<Grant>& grants, const std::string& object) {
  for (const auto& g : grants) {
    out.push_back(g.revoke ? "REVOKE " + g.privilege + " ON " + object + " FROM " + g.grantee
                           : "GRANT " + g.privilege + " ON " + object + " TO " + g.grantee +
                                 (g.grant_option ? " WITH GRANT OPTION" : ""));
  }
}

std::string index_statement(const QualifiedName& table, const Index& index,
                            std::string_view default_schema) {
  std::string out = std::string("CREATE ") + (index.unique ? "UNIQUE " : "") + "INDEX " +
                    quote_ident(index.name) + " ON " + qualified(table, default_schema) + " ";
  if (index.method != "btree") {
    out += "USING " + index.method + " ";
  }
  return out + index.body;
}

bool not_valid(const Constraint& c) {
  constexpr std::string_view suffix = " NOT VALID";
  return c.definition.size() > suffix.size() &&
         std::string_view(c.definition).substr(c.definition.size() - suffix.size()) == suffix;
}

std::string add_constraint(const QualifiedName& table, const Constraint& c, std::string_view ds) {
  return "ALTER TABLE " + qualified(table, ds) + " ADD CONSTRAINT " + quote_ident(c.name) + " " +
         c.definition;
}

std::string alter_column(const QualifiedName& table, const std::string& column,
                         std::string_view default_schema) {
  return "ALTER TABLE " + qualified(table, default_schema) + " ALTER COLUMN " + quote_ident(column) +
         " ";
}

}  // namespace retort::autogen
