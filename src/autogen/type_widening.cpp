// Whether a column type change keeps every value (widening) or may lose
// data (narrowing), for autogenerate's destructive-change marks.

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "autogen/operations.hpp"

namespace retort::autogen {
namespace {

// "character varying(50)[]" -> {"character varying", {50}, 1}.
struct ParsedType {
  std::string base;
  std::vector<long long> args;
  int dims = 0;
};
ParsedType parse_type(std::string_view text) {
  ParsedType t;
  while (text.size() >= 2 && text.substr(text.size() - 2) == "[]") {
    ++t.dims;
    text.remove_suffix(2);
  }
  const std::size_t open = text.find('(');
  const std::size_t close = text.find(')', open == std::string_view::npos ? 0 : open);
  if (open == std::string_view::npos || close == std::string_view::npos) {
    t.base = std::string(text);
    return t;
  }
  t.base = std::string(text.substr(0, open)) + std::string(text.substr(close + 1));
  std::string_view args = text.substr(open + 1, close - open - 1);
  while (!args.empty()) {
    const std::size_t comma = args.find(',');
    t.args.push_back(std::atoll(std::string(args.substr(0, comma)).c_str()));
    if (comma == std::string_view::npos) {
      break;
    }
    args.remove_prefix(comma + 1);
  }
  return t;
}

int integer_rank(const std::string& base) {
  if (base == "smallint") {
    return 1;
  }
  if (base == "integer") {
    return 2;
  }
  if (base == "bigint") {
    return 3;
  }
  return 0;
}

int integer_digits(int rank) { return rank == 1 ? 5 : rank == 2 ? 10 : 19; }

}  // namespace

bool is_widening(std::string_view from_text, std::string_view to_text) {
  if (from_text == to_text) {
    return true;
  }
  const ParsedType from = parse_type(from_text);
  const ParsedType to = parse_type(to_text);
  if (from.dims != to.dims) {
    return false;
  }
  if (to.base == "text") {
    return true;
  }
  if (to.base == "character varying" || to.base == "character") {
    if (from.base != "character varying" && from.base != "character") {
      return false;
    }
    if (to.base == "character" && from.base != "character") {
      return false;  // char(n) pads
    }
    if (to.args.empty()) {
      return true;
    }
    return !from.args.empty() && from.args[0] <= to.args[0];
  }
  const int from_rank = integer_rank(from.base);
  if (to.base == "numeric") {
    if (from.base == "numeric") {
      if (to.args.empty()) {
        return true;
      }
      if (from.args.empty()) {
        return false;
      }
      const long long fp = from.args[0];
      const long long fs = from.args.size() > 1 ? from.args[1] : 0;
      const long long tp = to.args[0];
      const long long ts = to.args.size() > 1 ? to.args[1] : 0;
      return ts >= fs && tp - ts >= fp - fs;
    }
    if (from_rank > 0) {
      if (to.args.empty()) {
        return true;
      }
      const long long ts = to.args.size() > 1 ? to.args[1] : 0;
      return to.args[0] - ts >= integer_digits(from_rank);
    }
    return false;
  }
  const int to_rank = integer_rank(to.base);
  if (to_rank > 0) {
    return from_rank > 0 && from_rank <= to_rank;
  }
  if (to.base == "double precision") {
    return from.base == "real" || from_rank == 1 || from_rank == 2;
  }
  if (to.base == "real") {
    return from_rank == 1;
  }
  const auto is_time = [](const std::string& b, std::string_view kind) {
    return b.rfind(std::string(kind), 0) == 0;
  };
  if (is_time(to.base, "timestamp")) {
    if (from.base == "date") {
      return true;
    }
    if (!is_time(from.base, "timestamp")) {
      return false;
    }
    const long long fp = from.args.empty() ? 6 : from.args[0];
    const long long tp = to.args.empty() ? 6 : to.args[0];
    return tp >= fp;
  }
  return false;
}

}  // namespace retort::autogen
