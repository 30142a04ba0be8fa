#pragma once
// Spelling names and literals in PostgreSQL SQL.

#include <string>
#include <string_view>

#include "autogen/model.hpp"

namespace retort::autogen {

// `name` as an identifier: bare when PostgreSQL would read it back unchanged
// (lower-case letters, digits, '_' and '$', not starting with a digit or '$',
// and not a keyword that needs quoting), else in double quotes.
std::string quote_ident(std::string_view name);

// `name` qualified with its schema unless the schema is `default_schema`.
std::string qualified(const QualifiedName& name, std::string_view default_schema);

// A string literal: 'it''s'.
std::string quote_literal(std::string_view text);

}  // namespace retort::autogen
