#pragma once
// The notes on a dropped column or table that a new one of the same shape
// may be its rename: a diff cannot tell, so it says what to write instead.

#include <string>
#include <string_view>

#include "autogen/model.hpp"

namespace retort::autogen {

// Whether tables `a` and `b` have the same columns (names and types, in
// order).
bool same_column_list(const Table& a, const Table& b);

// For dropped column `from` of `table` and new column `to` of the same type.
std::string column_rename_note(const QualifiedName& table, const std::string& from, const std::string& to,
                               std::string_view default_schema);

// For dropped table `from` and new table `to` with the same columns.
std::string table_rename_note(const QualifiedName& from, const QualifiedName& to, std::string_view default_schema);

}  // namespace retort::autogen
