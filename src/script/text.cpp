#include "script/text.hpp"

namespace retort::detail {

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t pos = 0;
  int number = 1;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::size_t stop = nl == std::string_view::npos ? text.size() : nl;
    std::string_view content = text.substr(pos, stop - pos);
    if (!content.empty() && content.back() == '\r') {
      content.remove_suffix(1);
    }
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(Line{content, pos, end, number++});
    pos = end;
  }
  return lines;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && is_space(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) {
    s.remove_prefix(1);
  }
  return trim_right(s);
}

bool split_list(std::string_view value, std::vector<std::string>& out, std::string& bad) {
  out.clear();
  value = trim(value);
  if (value.empty()) {
    return true;
  }
  for (;;) {
    const std::size_t comma = value.find(',');
    const std::string_view item = trim(value.substr(0, comma));
    bool has_space = false;
    for (char c : item) {
      has_space = has_space || is_space(c);
    }
    if (item.empty() || has_space) {
      bad = std::string(item);
      return false;
    }
    out.emplace_back(item);
    if (comma == std::string_view::npos) {
      return true;
    }
    value.remove_prefix(comma + 1);
  }
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      out += separator;
    }
    out += items[i];
  }
  return out;
}

}  // namespace retort::detail
