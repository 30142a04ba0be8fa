#include "autogen/sequence_sql.hpp"

#include <vector>

namespace retort::autogen {

namespace {

// The default limits PostgreSQL gives a sequence of `type`.
struct SequenceLimits {
  long long min;
  long long max;
};
SequenceLimits limits_of(const std::string& type) {
  if (type == "smallint") {
    return {-32768, 32767};
  }
  if (type == "integer") {
    return {-2147483648LL, 2147483647LL};
  }
  return {-9223372036854775807LL - 1, 9223372036854775807LL};
}
long long default_min(const Sequence& s) { return s.increment > 0 ? 1 : limits_of(s.type).min; }
long long default_max(const Sequence& s) { return s.increment > 0 ? limits_of(s.type).max : -1; }
long long default_start(const Sequence& s) { return s.increment > 0 ? s.min : s.max; }

// The clauses that take `from`'s options to `to`'s, in order: INCREMENT BY,
// MINVALUE, MAXVALUE, START WITH, CACHE, [NO] CYCLE. The limits are spelled
// out also when `limits_too` (a new type changes the implied ones).
std::vector<std::string> option_changes(const Sequence& from, const Sequence& to, bool limits_too) {
  std::vector<std::string> out;
  if (from.increment != to.increment) {
    out.push_back("INCREMENT BY " + std::to_string(to.increment));
  }
  if (from.min != to.min || limits_too) {
    out.push_back("MINVALUE " + std::to_string(to.min));
  }
  if (from.max != to.max || limits_too) {
    out.push_back("MAXVALUE " + std::to_string(to.max));
  }
  if (from.start != to.start) {
    out.push_back("START WITH " + std::to_string(to.start));
  }
  if (from.cache != to.cache) {
    out.push_back("CACHE " + std::to_string(to.cache));
  }
  if (from.cycle != to.cycle) {
    out.push_back(to.cycle ? "CYCLE" : "NO CYCLE");
  }
  return out;
}

}  // namespace

std::string sequence_options(const Sequence& s, bool with_type) {
  std::string out;
  if (with_type && s.type != "bigint") {
    out += " AS " + s.type;
  }
  if (s.increment != 1) {
    out += " INCREMENT BY " + std::to_string(s.increment);
  }
  if (s.min != default_min(s)) {
    out += " MINVALUE " + std::to_string(s.min);
  }
  if (s.max != default_max(s)) {
    out += " MAXVALUE " + std::to_string(s.max);
  }
  if (s.start != default_start(s)) {
    out += " START WITH " + std::to_string(s.start);
  }
  if (s.cache != 1) {
    out += " CACHE " + std::to_string(s.cache);
  }
  if (s.cycle) {
    out += " CYCLE";
  }
  return out;
}

bool restarts(const Sequence& from, const Sequence& to) {
  return from.start < to.min || from.start > to.max;
}

std::string alter_sequence_options(const Sequence& from, const Sequence& to) {
  const bool retyped = from.type != to.type;
  std::string out = retyped ? " AS " + to.type : std::string();
  for (const auto& clause : option_changes(from, to, retyped)) {
    out += " " + clause;
  }
  if (restarts(from, to)) {
    out += " RESTART";
  }
  return out;
}

Sequence serial_sequence_for(const std::string& column_type) {
  Sequence s;
  s.type = column_type == "integer" || column_type == "smallint" ? column_type : "bigint";
  s.max = limits_of(s.type).max;
  return s;
}

std::string serial_sequence_changes(const Column& c) {
  const Sequence made = serial_sequence_for(c.type);
  return made.same_options(c.serial_options) ? std::string() : alter_sequence_options(made, c.serial_options);
}

std::string identity_options(const Column& c) {
  const std::string options = sequence_options(c.identity_sequence, false);
  return options.empty() ? std::string() : " (" + options.substr(1) + ")";
}

std::string alter_identity_options(const Sequence& from, const Sequence& to) {
  std::string out;
  for (const auto& clause : option_changes(from, to, false)) {
    out += " SET " + clause;
  }
  if (!out.empty() && restarts(from, to)) {
    out += " RESTART";
  }
  return out;
}

}  // namespace retort::autogen
