#pragma once
// Pieces of the statements operations run, shared by operations.cpp and
// type_sql.cpp.

#include <string>
#include <string_view>
#include <vector>

#include "autogen/model.hpp"

namespace retort::autogen {

std::string join(const std::vector<std::string>& parts, std::string_view separator);

// 'a', 'b', 'c'
std::string literal_list(const std::vector<std::string>& values);

// The name a sibling object (index, sequence) of `table` gets in SQL.
std::string sibling(const QualifiedName& table, const std::string& name, std::string_view default_schema);

// CREATE [UNIQUE] INDEX name ON table [USING method] body
std::string index_statement(const QualifiedName& table, const Index& index, std::string_view default_schema);

// A constraint added NOT VALID: CREATE TABLE would mark it valid (it
// ignores NOT VALID), so it is added with ALTER TABLE after the table.
bool not_valid(const Constraint& c);

// GRANT privilege ON object TO grantee [WITH GRANT OPTION] (REVOKE ... FROM
// for a revoke), one statement for each of `grants`; `object` as SQL
// ("v", "ROUTINE f(integer)").
void add_grants(std::vector<std::string>& out, const std::vector<Grant>& grants, const std::string& object);

// ALTER TABLE table ADD CONSTRAINT name definition
std::string add_constraint(const QualifiedName& table, const Constraint& c, std::string_view ds);

// "ALTER TABLE table ALTER COLUMN column ", for a clause to follow.
std::string alter_column(const QualifiedName& table, const std::string& column, std::string_view default_schema);

}  // namespace retort::autogen
