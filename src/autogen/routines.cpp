#include "autogen/routines.hpp"

#include <map>
#include <tuple>

#include "autogen/sql_text.hpp"

namespace retort::autogen {

namespace {

bool is_function(const OtherObject& o) { return o.kind == "function" || o.kind == "procedure"; }

// The state pg_get_triggerdef leaves out, as the snapshot appends it.
struct TriggerState {
  std::string_view suffix;
  std::string_view clause;
};
constexpr TriggerState kTriggerStates[] = {{" (disabled)", "DISABLE TRIGGER "},
                                           {" (enabled on replica)", "ENABLE REPLICA TRIGGER "},
                                           {" (enabled always)", "ENABLE ALWAYS TRIGGER "}};

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == ';')) {
    text.pop_back();
  }
  return text;
}

// The lines CREATE OR REPLACE may not change: the name with the arguments
// (their names and defaults) and the result type.
std::string signature(const std::string& definition) {
  const std::size_t first = definition.find('\n');
  if (first == std::string::npos) {
    return definition;
  }
  const std::size_t second = definition.find('\n', first + 1);
  const std::string line2 = definition.substr(first + 1, second - first - 1);
  return line2.rfind(" RETURNS ", 0) == 0 ? definition.substr(0, second) : definition.substr(0, first);
}

using Key = std::tuple<std::string, QualifiedName, QualifiedName>;

std::map<Key, const OtherObject*> generated(const Catalog& catalog, const Catalog& from, const Catalog& to) {
  std::map<Key, const OtherObject*> out;
  for (const auto& o : catalog.others) {
    if (generated_kind(o, from, to)) {
      out.emplace(Key{o.kind, o.table, o.name}, &o);
    }
  }
  return out;
}

Operation op(OperationKind kind) { return Operation{std::move(kind), {}, {}}; }

}  // namespace

bool generated_kind(const OtherObject& o, const Catalog& from, const Catalog& to) {
  if (is_function(o)) {
    return true;
  }
  return o.kind == "trigger" && (from.table(o.table) != nullptr || to.table(o.table) != nullptr);
}

RoutineChanges diff_routines(const Catalog& from, const Catalog& to) {
  RoutineChanges out;
  const auto live = generated(from, from, to);
  const auto declared = generated(to, from, to);
  for (const auto& [key, o] : live) {
    if (declared.count(key) > 0) {
      continue;
    }
    // A trigger is dropped before its table too, so that the downgrade
    // makes it again after the table.
    (is_function(*o) ? out.drop_functions : out.drop_triggers).push_back(op(DropRoutine{*o}));
  }
  for (const auto& [key, o] : declared) {
    const auto found = live.find(key);
    auto& list = is_function(*o) ? out.functions : out.triggers;
    if (found == live.end()) {
      list.push_back(op(CreateRoutine{*o}));
    } else if (found->second->definition != o->definition) {
      list.push_back(op(ReplaceRoutine{*found->second, *o}));
    }
  }
  return out;
}

std::string routine_name(const OtherObject& o, std::string_view ds) {
  if (is_function(o)) {
    return o.kind + " " + display(o.name, ds);
  }
  return o.kind + " " + o.name.name + " on " + display(o.table, ds);
}

std::vector<std::string> create_routine_sql(const OtherObject& o, std::string_view ds) {
  if (is_function(o)) {
    return {"SET LOCAL check_function_bodies = off", trimmed(o.definition)};
  }
  std::string definition = trimmed(o.definition);
  for (const auto& state : kTriggerStates) {
    if (definition.ends_with(state.suffix)) {
      definition.resize(definition.size() - state.suffix.size());
      return {definition, "ALTER TABLE " + qualified(o.table, ds) + " " + std::string(state.clause) +
                              quote_ident(o.name.name)};
    }
  }
  return {definition};
}

std::vector<std::string> drop_routine_sql(const OtherObject& o, std::string_view ds) {
  if (is_function(o)) {
    // The name is proname(argument types) as the snapshot wrote it; only the
    // function's own name may need quotes.
    const std::size_t paren = o.name.name.find('(');
    std::string keyword = o.kind == "procedure" ? "DROP PROCEDURE " : "DROP FUNCTION ";
    const QualifiedName bare{o.name.schema, o.name.name.substr(0, paren)};
    return {keyword + qualified(bare, ds) + o.name.name.substr(paren)};
  }
  return {"DROP TRIGGER " + quote_ident(o.name.name) + " ON " + qualified(o.table, ds)};
}

std::vector<std::string> replace_routine_sql(const OtherObject& from, const OtherObject& to, std::string_view ds) {
  if (is_function(to) && signature(from.definition) == signature(to.definition)) {
    return create_routine_sql(to, ds);  // CREATE OR REPLACE
  }
  auto out = drop_routine_sql(from, ds);
  for (auto& s : create_routine_sql(to, ds)) {
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace retort::autogen
