// Alembic's version-table statements, rendered the way SQLAlchemy renders
// them for PostgreSQL (identifier quoting, literal escaping), so offline
// scripts compare byte for byte with Alembic's.

#include <retort/error.hpp>
#include <retort/version_change.hpp>

#include <algorithm>
#include <array>
#include <string_view>

#include "util/strings.hpp"

namespace retort {
namespace {

// sqlalchemy.dialects.postgresql.base.RESERVED_WORDS (SQLAlchemy 1.4).
constexpr std::array<std::string_view, 102> k_reserved_words = {
    "all",          "analyse",        "analyze",          "and",
    "any",          "array",          "as",               "asc",
    "asymmetric",   "authorization",  "between",          "binary",
    "both",         "case",           "cast",             "check",
    "collate",      "column",         "constraint",       "create",
    "cross",        "current_catalog", "current_date",    "current_role",
    "current_schema", "current_time", "current_timestamp", "current_user",
    "default",      "deferrable",     "desc",             "distinct",
    "do",           "else",           "end",              "except",
    "false",        "fetch",          "for",              "foreign",
    "freeze",       "from",           "full",             "grant",
    "group",        "having",         "ilike",            "in",
    "initially",    "inner",          "intersect",        "into",
    "is",           "isnull",         "join",             "leading",
    "left",         "like",           "limit",            "localtime",
    "localtimestamp", "natural",      "new",              "not",
    "notnull",      "null",           "of",               "off",
    "offset",       "old",            "on",               "only",
    "or",           "order",          "outer",            "over",
    "overlaps",     "placing",        "primary",          "references",
    "returning",    "right",          "select",           "session_user",
    "similar",      "some",           "symmetric",        "table",
    "then",         "to",             "trailing",         "true",
    "union",        "unique",         "user",             "using",
    "variadic",     "verbose",        "when",             "where",
    "window",       "with"};

bool is_lower_legal(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

// SQLAlchemy's IdentifierPreparer._requires_quotes: reserved words, a leading
// digit or '$', any character outside [a-z0-9_$], or any upper-case letter.
bool requires_quotes(std::string_view name) {
  if (name.empty()) {
    return true;
  }
  if (std::find(k_reserved_words.begin(), k_reserved_words.end(), name) !=
      k_reserved_words.end()) {
    return true;
  }
  if ((name.front() >= '0' && name.front() <= '9') || name.front() == '$') {
    return true;
  }
  return !std::all_of(name.begin(), name.end(), is_lower_legal);
}

std::string quote_identifier(std::string_view name) {
  if (!requires_quotes(name)) {
    return std::string(name);
  }
  return util::quoted(name, '"');
}

std::string quote_literal(std::string_view value) { return util::quoted(value, '\''); }

}  // namespace

std::string VersionTable::qualified() const {
  if (schema.empty()) {
    return quote_identifier(name);
  }
  return quote_identifier(schema) + "." + quote_identifier(name);
}

std::string VersionTable::render(const VersionChange& change) const {
  const std::string table = qualified();
  switch (change.kind) {
    case VersionChange::Kind::insert:
      return "INSERT INTO " + table + " (version_num) VALUES (" + quote_literal(change.to) + ")";
    case VersionChange::Kind::update:
      return "UPDATE " + table + " SET version_num=" + quote_literal(change.to) + " WHERE " +
             table + ".version_num = " + quote_literal(change.from);
    case VersionChange::Kind::remove:
      return "DELETE FROM " + table + " WHERE " + table +
             ".version_num = " + quote_literal(change.from);
  }
  return {};
}

std::string VersionTable::create_sql() const {
  return "CREATE TABLE " + qualified() +
         " (\n    version_num VARCHAR(32) NOT NULL, \n    CONSTRAINT " +
         quote_identifier(name + "_pkc") + " PRIMARY KEY (version_num)\n)";
}

void VersionTable::check_matched(const VersionChange& change, long long rows) const {
  if (rows == 1 || change.kind == VersionChange::Kind::insert) {
    return;
  }
  if (change.kind == VersionChange::Kind::update) {
    throw DatabaseError("Online migration expected to match one row when updating '" + change.from + "' to '" +
                        change.to + "' in '" + name + "'; " + std::to_string(rows) + " found");
  }
  throw DatabaseError("Online migration expected to match one row when deleting '" + change.from + "' in '" +
                      name + "'; " + std::to_string(rows) + " found");
}

}  // namespace retort
