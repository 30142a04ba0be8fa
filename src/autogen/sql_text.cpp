#include "autogen/sql_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "util/strings.hpp"

namespace retort::autogen {

namespace {

// PostgreSQL 15's keywords that are not "unreserved" (pg_get_keywords()
// WHERE catcode <> 'U'): quote_ident() quotes these.
constexpr std::array<std::string_view, 151> k_keywords = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric",
    "authorization", "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast",
    "char", "character", "check", "coalesce", "collate", "collation", "column", "concurrently",
    "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
    "current_schema", "current_time", "current_timestamp", "current_user", "dec", "decimal",
    "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists",
    "extract", "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant",
    "greatest", "group", "grouping", "having", "ilike", "in", "initially", "inner", "inout", "int",
    "integer", "intersect", "interval", "into", "is", "isnull", "join", "lateral", "leading",
    "least", "left", "like", "limit", "localtime", "localtimestamp", "national", "natural",
    "nchar", "none", "normalize", "not", "notnull", "null", "nullif", "numeric", "offset", "on",
    "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing", "position",
    "precision", "primary", "real", "references", "returning", "right", "row", "select",
    "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric", "table",
    "tablesample", "then", "time", "timestamp", "to", "trailing", "treat", "trim", "true",
    "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose", "when",
    "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
    "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable"};

bool bare_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$'; }

}  // namespace

std::string quote_ident(std::string_view name) {
  const bool bare = !name.empty() && ((name.front() >= 'a' && name.front() <= 'z') || name.front() == '_') &&
                    std::all_of(name.begin(), name.end(), bare_char) &&
                    std::find(k_keywords.begin(), k_keywords.end(), name) == k_keywords.end();
  if (bare) {
    return std::string(name);
  }
  return util::quoted(name, '"');
}

std::string qualified(const QualifiedName& name, std::string_view default_schema) {
  if (name.schema.empty() || name.schema == default_schema) {
    return quote_ident(name.name);
  }
  return quote_ident(name.schema) + "." + quote_ident(name.name);
}

std::string quote_literal(std::string_view text) { return util::quoted(text, '\''); }

bool identifier_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

bool mentions_name(const std::string& text, const std::string& name) { return mentions_quoted(text, quote_ident(name)); }

bool mentions_quoted(const std::string& text, const std::string& word) {
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
    const std::size_t end = at + word.size();
    if ((at == 0 || !identifier_char(text[at - 1])) && (end == text.size() || !identifier_char(text[end]))) {
      return true;
    }
  }
  return false;
}

bool calls_function(const std::string& text, const std::string& quoted_name) {
  const std::string call = quoted_name + "(";
  for (std::size_t at = text.find(call); at != std::string::npos; at = text.find(call, at + 1)) {
    if (at == 0 || !identifier_char(text[at - 1])) {
      return true;
    }
  }
  return false;
}

std::string option_text(const std::string& option) {
  const std::size_t eq = option.find('=');
  if (eq == std::string::npos) {
    return option;
  }
  const std::string value = option.substr(eq + 1);
  const bool plain = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
  });
  return option.substr(0, eq + 1) + (plain ? value : quote_literal(value));
}

std::string with_options(const std::vector<std::string>& options) {
  std::string out;
  for (const auto& o : options) {
    out += (out.empty() ? " WITH (" : ", ") + option_text(o);
  }
  return out.empty() ? out : out + ")";
}

}  // namespace retort::autogen
