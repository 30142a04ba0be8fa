#pragma once
// Spelling names and literals in PostgreSQL SQL.

#include <string>
#include <string_view>
#include <vector>

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

// Whether `c` may be part of an unquoted identifier.
bool identifier_char(char c);

// Whether `text` (an expression as the database prints it) names `name`
// (quoted where it needs to be) as a whole word; a string literal holding
// it counts too.
bool mentions_name(const std::string& text, const std::string& name);
// The same for a name already written as SQL: quoted where it needs to be,
// maybe qualified ('"Sf 31"', 'audit.t').
bool mentions_quoted(const std::string& text, const std::string& quoted);

// Whether `text` calls the function `quoted_name` ("f(" as a whole word,
// qualified or not).
bool calls_function(const std::string& text, const std::string& quoted_name);

// "fillfactor=70", "check_option='a b'": an option as the database keeps
// it, its value quoted where it needs to be.
std::string option_text(const std::string& option);

// " WITH (fillfactor=70, toast.autovacuum_enabled=false)" for storage or view
// options as the database keeps them; empty when there are none.
std::string with_options(const std::vector<std::string>& options);

}  // namespace retort::autogen
