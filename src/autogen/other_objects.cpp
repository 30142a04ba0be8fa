#include "autogen/other_objects.hpp"

#include <algorithm>

#include "autogen/sql_text.hpp"
#include "autogen/statement_parts.hpp"
#include "util/strings.hpp"

namespace retort::autogen {

namespace {

bool is_aggregate(const OtherObject& o) { return o.kind == "aggregate"; }

// Functions, procedures and aggregates: made before tables, dropped after.
bool is_function(const OtherObject& o) { return o.kind == "function" || o.kind == "procedure" || is_aggregate(o); }

// The name as the snapshot wrote it, quote_ident(proname)(argument types),
// qualified unless in the default schema; an aggregate without arguments
// is name(*).
std::string routine_name(const OtherObject& o, std::string_view ds) {
  const bool bare = o.name.schema.empty() || o.name.schema == ds;
  std::string name = o.name.name;
  if (is_aggregate(o) && name.ends_with("()")) {
    name.insert(name.size() - 1, "*");
  }
  return (bare ? "" : quote_ident(o.name.schema) + ".") + name;
}

// An aggregate's definition: "RETURNS type", then what CREATE AGGREGATE
// takes in parentheses.
std::string aggregate_result(const std::string& definition) { return definition.substr(0, definition.find('\n')); }
std::string aggregate_body(const std::string& definition) {
  const std::size_t newline = definition.find('\n');
  return newline == std::string::npos ? std::string() : definition.substr(newline + 1);
}

bool is_type(const OtherObject& o) { return o.kind == "composite type" || o.kind == "range type"; }

struct Attribute {
  std::string name;  // quoted where it needs to be
  std::string type;
};

// A composite type's definition, "a integer, \"B c\" character varying(5)",
// as attributes: split at ", " outside quotes and parentheses, each at its
// first space outside quotes.
std::vector<Attribute> attributes(const std::string& definition) {
  std::vector<Attribute> out;
  std::string item;
  bool quoted = false;
  int depth = 0;
  const auto flush = [&] {
    std::size_t space = std::string::npos;
    bool q = false;
    for (std::size_t i = 0; i < item.size(); ++i) {
      if (item[i] == '"') {
        q = !q;
      } else if (item[i] == ' ' && !q) {
        space = i;
        break;
      }
    }
    if (space != std::string::npos) {
      out.push_back({item.substr(0, space), item.substr(space + 1)});
    }
    item.clear();
  };
  for (std::size_t i = 0; i < definition.size(); ++i) {
    const char c = definition[i];
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == '(') {
      ++depth;
    } else if (!quoted && c == ')') {
      --depth;
    } else if (!quoted && depth == 0 && c == ',' && i + 1 < definition.size() && definition[i + 1] == ' ') {
      flush();
      ++i;
      continue;
    }
    item += c;
  }
  if (!item.empty()) {
    flush();
  }
  return out;
}


// Row level security's definition: the clauses in force, ", " between.
constexpr std::string_view kRowSecurityClauses[][2] = {
    {"ENABLE ROW LEVEL SECURITY", "DISABLE ROW LEVEL SECURITY"},
    {"FORCE ROW LEVEL SECURITY", "NO FORCE ROW LEVEL SECURITY"}};

// ALTER TABLE statements turning row level security `from` into `to`.
std::vector<std::string> row_security_sql(const QualifiedName& table, const std::string& from,
                                          const std::string& to, std::string_view ds) {
  std::vector<std::string> out;
  for (const auto& clause : kRowSecurityClauses) {
    const bool before = from.find(clause[0]) != std::string::npos;
    const bool after = to.find(clause[0]) != std::string::npos;
    if (before != after) {
      out.push_back("ALTER TABLE " + qualified(table, ds) + " " + std::string(after ? clause[0] : clause[1]));
    }
  }
  return out;
}

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

Operation op(OperationKind kind) { return Operation{std::move(kind), {}, {}}; }

}  // namespace

bool generated_kind(const OtherObject& o, const Catalog& from, const Catalog& to) {
  if (is_aggregate(o)) {
    return !o.definition.starts_with("ordered-set");
  }
  if (is_function(o) || is_type(o)) {
    return true;
  }
  const bool of_table = o.kind == "trigger" || o.kind == "policy" || o.kind == "row security" || o.kind == "rule";
  if (of_table && (from.table(o.table) != nullptr || to.table(o.table) != nullptr)) {
    return true;
  }
  // Triggers and rules of (plain) views.
  const auto plain_view = [&](const Catalog& c) {
    const View* v = c.view(o.table);
    return v != nullptr && !v->materialized;
  };
  return (o.kind == "trigger" || o.kind == "rule") && (plain_view(from) || plain_view(to));
}

std::map<OtherKey, const OtherObject*> others_by_key(const Catalog& catalog, bool generated, const Catalog& from,
                                                     const Catalog& to) {
  std::map<OtherKey, const OtherObject*> out;
  for (const auto& o : catalog.others) {
    if (generated_kind(o, from, to) == generated) {
      out.emplace(OtherKey{o.kind, o.table, o.name}, &o);
    }
  }
  return out;
}

OtherChanges diff_others(const Catalog& from, const Catalog& to,
                         const std::function<bool(const OtherObject&)>& remade) {
  OtherChanges out;
  const auto live = others_by_key(from, true, from, to);
  const auto declared = others_by_key(to, true, from, to);
  const auto on_view = [&](const OtherObject& o) { return from.view(o.table) != nullptr; };
  const auto is_remade = [&](const OtherObject& o) {
    return (o.kind == "trigger" || o.kind == "rule" || o.kind == "policy" || is_function(o)) && remade(o);
  };
  for (const auto& [key, o] : live) {
    if (declared.count(key) > 0 && !is_remade(*o)) {
      continue;
    }
    // A trigger or policy is dropped before its table or view too, so that
    // the downgrade makes it again after it.
    (is_function(*o)    ? out.drop_functions
     : is_type(*o)      ? out.drop_types
     : on_view(*o)      ? out.drop_view_objects
                        : out.drop_table_objects)
        .push_back(op(DropOther{*o}));
  }
  for (const auto& [key, o] : declared) {
    const auto found = live.find(key);
    auto& list = is_function(*o) ? out.functions : is_type(*o) ? out.types : out.table_objects;
    // What is made again keeps the grants it has; what is new gets none
    // (grants are not compared).
    OtherObject made = *o;
    made.grants = found == live.end() ? std::vector<Grant>() : found->second->grants;
    if (found == live.end() || is_remade(*found->second)) {
      list.push_back(op(CreateOther{made}));
    } else if (found->second->definition != o->definition) {
      list.push_back(op(ReplaceOther{*found->second, made}));
    }
  }
  // An aggregate uses the functions made with it (the keys sort aggregates
  // first, which is right for drops).
  std::stable_partition(out.functions.begin(), out.functions.end(), [](const Operation& o) {
    const auto* create = std::get_if<CreateOther>(&o.kind);
    const auto* replace = std::get_if<ReplaceOther>(&o.kind);
    return !is_aggregate(create ? create->object : replace->to);
  });
  // A composite type may have a range type's attribute, so ranges are made
  // first (and, in drop_types, dropped last: the keys sort them so).
  std::stable_partition(out.types.begin(), out.types.end(), [](const Operation& o) {
    const auto* create = std::get_if<CreateOther>(&o.kind);
    const auto* replace = std::get_if<ReplaceOther>(&o.kind);
    return (create ? create->object.kind : replace->to.kind) == "range type";
  });
  return out;
}

std::string other_name(const OtherObject& o, std::string_view ds) {
  if (o.table.name.empty()) {
    return o.kind + " " + display(o.name, ds);
  }
  if (o.kind == "row security") {
    return "row level security on " + display(o.table, ds);
  }
  return o.kind + " " + o.name.name + " on " + display(o.table, ds);
}

std::vector<std::string> create_other_sql(const OtherObject& o, std::string_view ds) {
  if (is_function(o)) {
    std::vector<std::string> out =
        is_aggregate(o)
            ? std::vector<std::string>{"CREATE AGGREGATE " + routine_name(o, ds) + " (" + aggregate_body(o.definition) + ")"}
            : std::vector<std::string>{"SET LOCAL check_function_bodies = off", trimmed(o.definition)};
    add_grants(out, o.grants, "ROUTINE " + routine_name(o, ds));
    return out;
  }
  if (o.kind == "range type") {
    return {"CREATE TYPE " + qualified(o.name, ds) + " AS RANGE (" + o.definition + ")"};
  }
  if (is_type(o)) {
    return {"CREATE TYPE " + qualified(o.name, ds) + " AS (" + o.definition + ")"};
  }
  if (o.kind == "policy") {
    return {"CREATE POLICY " + quote_ident(o.name.name) + " ON " + qualified(o.table, ds) + " AS " + o.definition};
  }
  if (o.kind == "row security") {
    return row_security_sql(o.table, "", o.definition, ds);
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

std::vector<std::string> drop_other_sql(const OtherObject& o, std::string_view ds) {
  if (is_function(o)) {
    const std::string keyword = o.kind == "procedure" ? "DROP PROCEDURE "
                                : is_aggregate(o)     ? "DROP AGGREGATE "
                                                      : "DROP FUNCTION ";
    return {keyword + routine_name(o, ds)};
  }
  if (o.kind == "row security") {
    return row_security_sql(o.table, o.definition, "", ds);
  }
  if (is_type(o)) {
    return {"DROP TYPE " + qualified(o.name, ds)};
  }
  const std::string keyword = o.kind == "policy" ? "DROP POLICY " : o.kind == "rule" ? "DROP RULE " : "DROP TRIGGER ";
  return {keyword + quote_ident(o.name.name) + " ON " + qualified(o.table, ds)};
}

bool dropped_and_created(const OtherObject& from, const OtherObject& to) {
  if (is_aggregate(to)) {
    return aggregate_result(from.definition) != aggregate_result(to.definition);
  }
  return is_function(to) && signature(from.definition) != signature(to.definition);
}

std::string routine_name(const QualifiedName& name) {
  bool quoted = false;
  for (std::size_t i = 0; i < name.name.size(); ++i) {
    if (name.name[i] == '"') {
      quoted = !quoted;  // a doubled quote inside toggles twice
    } else if (name.name[i] == '(' && !quoted) {
      return name.name.substr(0, i);
    }
  }
  return name.name;
}

std::vector<std::string> remade_routines(const Catalog& from, const Catalog& to) {
  const auto live = others_by_key(from, true, from, to);
  std::vector<std::string> out;
  for (const auto& [key, o] : others_by_key(to, true, from, to)) {
    const auto found = live.find(key);
    if (is_function(*o) && found != live.end() && dropped_and_created(*found->second, *o)) {
      out.push_back(routine_name(o->name));
    }
  }
  return out;
}

std::vector<std::string> attributes_of_type(const OtherObject& o, const std::string& quoted_type) {
  std::vector<std::string> out;
  if (o.kind != "composite type") {
    return out;
  }
  for (const auto& a : attributes(o.definition)) {
    if (a.type == quoted_type || a.type == quoted_type + "[]") {
      out.push_back(a.name + " TYPE " + a.type);
    }
  }
  return out;
}

std::vector<std::string> dropped_attributes(const OtherObject& from, const OtherObject& to) {
  std::vector<std::string> out;
  if (from.kind != "composite type" || to.kind != "composite type") {
    return out;
  }
  const auto after = attributes(to.definition);
  for (const auto& a : attributes(from.definition)) {
    if (std::none_of(after.begin(), after.end(), [&](const Attribute& b) { return b.name == a.name; })) {
      out.push_back(a.name);
    }
  }
  return out;
}

std::vector<std::string> created_routines(const Catalog& from, const Catalog& to) {
  const auto live = others_by_key(from, true, from, to);
  std::vector<std::string> out;
  for (const auto& [key, o] : others_by_key(to, true, from, to)) {
    if (is_function(*o) && live.find(key) == live.end()) {
      out.push_back(routine_name(o->name));
    }
  }
  return out;
}

bool signature_names(const OtherObject& o, const std::string& quoted_name) {
  if (is_aggregate(o)) {
    return mentions_quoted(o.name.name, quoted_name) || mentions_quoted(aggregate_result(o.definition), quoted_name);
  }
  return is_function(o) && mentions_quoted(signature(o.definition), quoted_name);
}

std::vector<std::string> replace_other_sql(const OtherObject& from, const OtherObject& to, std::string_view ds) {
  if (is_aggregate(to) && !dropped_and_created(from, to)) {
    return {"CREATE OR REPLACE AGGREGATE " + routine_name(to, ds) + " (" + aggregate_body(to.definition) + ")"};
  }
  if (is_function(to) && !dropped_and_created(from, to)) {
    OtherObject replaced = to;  // CREATE OR REPLACE, which keeps the grants
    replaced.grants.clear();
    return create_other_sql(replaced, ds);
  }
  if (to.kind == "row security") {
    return row_security_sql(to.table, from.definition, to.definition, ds);
  }
  if (to.kind == "composite type") {
    if (auto alter = alter_type_sql(from, to, ds); !alter.empty()) {
      return alter;
    }
  }
  auto out = drop_other_sql(from, ds);
  for (auto& s : create_other_sql(to, ds)) {
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> alter_type_sql(const OtherObject& from, const OtherObject& to, std::string_view ds) {
  const auto before = attributes(from.definition);
  const auto after = attributes(to.definition);
  const auto find = [](const std::vector<Attribute>& list, const std::string& name) -> const Attribute* {
    for (const auto& a : list) {
      if (a.name == name) {
        return &a;
      }
    }
    return nullptr;
  };
  const std::string alter = "ALTER TYPE " + qualified(to.name, ds) + " ";
  std::vector<std::string> out;
  std::vector<std::string> order;
  for (const auto& a : before) {
    const Attribute* next = find(after, a.name);
    if (next == nullptr) {
      out.push_back(alter + "DROP ATTRIBUTE " + a.name);
      continue;
    }
    order.push_back(a.name);
    if (next->type != a.type) {
      out.push_back(alter + "ALTER ATTRIBUTE " + a.name + " TYPE " + next->type);
    }
  }
  for (const auto& a : after) {
    if (find(before, a.name) == nullptr) {
      out.push_back(alter + "ADD ATTRIBUTE " + a.name + " " + a.type);
      order.push_back(a.name);
    }
  }
  for (std::size_t i = 0; i < after.size(); ++i) {
    if (order.size() != after.size() || order[i] != after[i].name) {
      return {};
    }
  }
  return out;
}

std::vector<RetypedAttribute> retyped_attributes(const OtherObject& from, const OtherObject& to) {
  std::vector<RetypedAttribute> out;
  if (from.kind != "composite type" || to.kind != "composite type") {
    return out;
  }
  const auto after = attributes(to.definition);
  for (const auto& a : attributes(from.definition)) {
    for (const auto& b : after) {
      if (b.name == a.name && b.type != a.type) {
        out.push_back({a.name, a.type, b.type});
      }
    }
  }
  return out;
}

bool composite_replaced(const OtherObject& from, const OtherObject& to, const Catalog& before, const Catalog& after) {
  if (from.kind != "composite type" || to.kind != "composite type") {
    return false;
  }
  // Either way round: the downgrade of dropping an attribute in the middle
  // puts it back in the middle, which ALTER cannot.
  const bool reordered = alter_type_sql(from, to, "").empty() || alter_type_sql(to, from, "").empty();
  if (!reordered && retyped_attributes(from, to).empty()) {
    return false;
  }
  return std::any_of(before.tables.begin(), before.tables.end(), [&](const Table& t) {
    const Table* kept = after.table(t.name);
    return kept != nullptr && std::any_of(t.columns.begin(), t.columns.end(), [&](const Column& c) {
             const Column* next = kept->column(c.name);
             return c.base_type == from.name && next != nullptr && next->base_type == to.name &&
                    c.generated == next->generated;
           });
  });
}

std::string composite_value_sql(const OtherObject& from, const OtherObject& to, const std::string& value,
                                std::string_view ds) {
  const auto before = attributes(from.definition);
  std::vector<std::string> fields;
  for (const auto& b : attributes(to.definition)) {
    const auto a = std::find_if(before.begin(), before.end(), [&](const Attribute& x) { return x.name == b.name; });
    if (a == before.end()) {
      fields.push_back("NULL::" + b.type);
    } else {
      fields.push_back("(" + value + ")." + b.name + (a->type == b.type ? "" : "::" + b.type));
    }
  }
  // A NULL value stays NULL, a row of NULLs a row (`IS NULL` is true of
  // both). Not `value::text IS NULL`, which tells them apart too but which
  // PostgreSQL 15 cannot map to a partition ("unrecognized node type").
  return "CASE WHEN " + value + " IS NOT DISTINCT FROM NULL THEN NULL ELSE ROW(" + util::join(fields, ", ") + ")::" +
         qualified(to.name, ds) + " END";
}

bool column_holds(const Catalog& before, const Catalog& after, const QualifiedName& type) {
  return std::any_of(before.tables.begin(), before.tables.end(), [&](const Table& t) {
    const Table* kept = after.table(t.name);
    return kept != nullptr && std::any_of(t.columns.begin(), t.columns.end(), [&](const Column& c) {
             const Column* next = kept->column(c.name);
             return c.base_type == type && next != nullptr && next->base_type == type;
           });
  });
}

std::vector<const OtherObject*> held_composites_of(const Catalog& before, const Catalog& after,
                                                   const QualifiedName& type, std::string_view ds) {
  std::vector<const OtherObject*> out;
  for (const auto& o : before.others) {
    // Kept as it is, or changed after (and, the other way, before) it is
    // made again as it was: by ALTER TYPE, or made again itself
    // (ReplaceComposite, which comes after the type's replacement).
    const bool kept = std::any_of(after.others.begin(), after.others.end(), [&](const OtherObject& n) {
      return n.kind == o.kind && n.name == o.name &&
             (n.definition == o.definition || composite_replaced(o, n, before, after) ||
              (o.kind == "composite type" && !alter_type_sql(o, n, "").empty() && !alter_type_sql(n, o, "").empty() &&
               retyped_attributes(o, n).empty()));
    });
    if (kept && !attributes_of_type(o, qualified(type, ds)).empty() && column_holds(before, after, o.name)) {
      out.push_back(&o);
    }
  }
  return out;
}

bool domain_tightened_in_container(const Domain& from, const Domain& to, const Catalog& before,
                                   const Catalog& after, std::string_view ds) {
  const bool tightened = (to.not_null && !from.not_null) ||
                         std::any_of(to.constraints.begin(), to.constraints.end(), [&](const Constraint& c) {
                           return std::find(from.constraints.begin(), from.constraints.end(), c) ==
                                  from.constraints.end();
                         });
  if (!tightened) {
    return false;
  }
  const bool in_array = std::any_of(before.tables.begin(), before.tables.end(), [&](const Table& t) {
    const Table* kept = after.table(t.name);
    return kept != nullptr && std::any_of(t.columns.begin(), t.columns.end(), [&](const Column& c) {
             const Column* next = kept->column(c.name);
             return c.base_type == from.name && c.is_array && next != nullptr && next->base_type == to.name;
           });
  });
  return in_array || !held_composites_of(before, after, from.name, ds).empty();
}

bool range_calls(const OtherObject& o, const std::vector<std::string>& functions) {
  if (o.kind != "range type") {
    return false;
  }
  for (const std::string key : {"CANONICAL = ", "SUBTYPE_DIFF = "}) {
    const std::size_t at = o.definition.find(key);
    if (at == std::string::npos || (at > 0 && o.definition.compare(at - 2, 2, ", ") != 0)) {
      continue;
    }
    const std::size_t start = at + key.size();
    const std::size_t end = o.definition.find(", ", start);
    std::string name = o.definition.substr(start, end == std::string::npos ? std::string::npos : end - start);
    // As regproc prints it: schema-qualified when not on the search path.
    bool quoted = false;
    for (std::size_t i = 0; i < name.size(); ++i) {
      if (name[i] == '"') {
        quoted = !quoted;
      } else if (name[i] == '.' && !quoted) {
        name = name.substr(i + 1);
        break;
      }
    }
    if (std::find(functions.begin(), functions.end(), name) != functions.end()) {
      return true;
    }
  }
  return false;
}

}  // namespace retort::autogen
