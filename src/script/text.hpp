#pragma once
// Small text helpers shared by the script parsers and the writer.

#include <string>
#include <string_view>
#include <vector>

namespace retort::detail {

struct Line {
  std::string_view text;    // without the line break (and a trailing '\r')
  std::size_t offset = 0;   // byte offset of the line's first character
  std::size_t end = 0;      // byte offset just past the line break
  int number = 0;           // 1-based
};

// Splits on '\n'; a final line without a break is a line too.
std::vector<Line> split_lines(std::string_view text);

bool is_space(char c);
std::string_view trim(std::string_view s);
std::string_view trim_right(std::string_view s);

// Comma-separated list; "" is the empty list. Entries are trimmed. Returns
// false (with `bad` set) for an empty entry or one holding whitespace.
bool split_list(std::string_view value, std::vector<std::string>& out, std::string& bad);

std::string join(const std::vector<std::string>& items, std::string_view separator);

}  // namespace retort::detail
