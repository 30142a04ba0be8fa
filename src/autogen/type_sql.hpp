#pragma once
// The statements that make and change enums, domains and range types that
// columns use.

#include <string>
#include <string_view>
#include <vector>

#include "autogen/operations.hpp"

namespace retort::autogen {

// Whether `text` (a definition as the database prints it) names type
// `type`: its literals are cast to it ('b'::mood).
bool names_type(const std::string& text, const QualifiedName& type, std::string_view default_schema);

// The constraints and indexes that name enum or domain `type` and that
// turning `from` into `to` leaves as they are (those it changes are dropped
// before the type changes and added after anyway).
EnumDependents type_dependents(const Catalog& from, const Catalog& to, const QualifiedName& type,
                               std::string_view default_schema);

// CREATE DOMAIN with its default, NOT NULL and checks (a NOT VALID check
// with ALTER DOMAIN ... ADD after).
std::vector<std::string> create_domain(const Domain& d, std::string_view default_schema);

// ALTER DOMAIN: checks dropped, default and NOT NULL changed, checks added.
std::vector<std::string> alter_domain(const AlterDomain& op, std::string_view default_schema);

// ALTER TYPE ... ADD VALUE for each new value, in its place.
std::vector<std::string> add_enum_values(const AddEnumValues& op, std::string_view default_schema);

// Rename the enum, create it again, convert its columns through text, drop
// the old one; the constraints and indexes naming it are dropped first and
// added again.
std::vector<std::string> replace_enum(const ReplaceEnum& op, std::string_view default_schema);

// The same for a domain whose base type or collation changes: its columns
// are converted with a cast to the new domain.
std::vector<std::string> replace_domain(const ReplaceDomain& op, std::string_view default_schema);

// The same for a range type that columns use: it and its multirange type
// are renamed, and its columns converted through text.
std::vector<std::string> replace_range(const ReplaceRange& op, std::string_view default_schema);
std::vector<std::string> replace_composite(const ReplaceComposite& op, std::string_view default_schema);

}  // namespace retort::autogen
