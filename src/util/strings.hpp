#pragma once
// Small string helpers shared by the library's layers.

#include <string>
#include <string_view>
#include <vector>

namespace retort::util {

std::string join(const std::vector<std::string>& parts, std::string_view separator);
// Python's str.strip(): whitespace removed at both ends.
std::string strip(std::string_view text);
std::vector<std::string> split(std::string_view text, char separator);
bool starts_with(std::string_view text, std::string_view prefix);
// Whether `text` contains `lower` (ASCII lowercase) in any letter case.
bool icontains(std::string_view text, std::string_view lower);
// Levenshtein distance, for "did you mean" hints.
std::size_t edit_distance(std::string_view a, std::string_view b);
// Python's int() on a plain decimal literal with an optional sign.
bool parse_int(std::string_view text, long long& value);
// `text` between two `quote` characters, a quote inside doubled: SQL's
// string literals ('it''s') and quoted identifiers ("a""b").
std::string quoted(std::string_view text, char quote);
// The value of hexadecimal digit `c`, -1 if it is not one.
int hex_digit(char c);

}  // namespace retort::util
