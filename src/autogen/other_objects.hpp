#pragma once
// Functions, procedures, composite and range types, and the triggers,
// policies, rules and row level security of tables: which of
// Catalog::others the diff generates SQL for, the operations it makes for
// them, and their SQL.
//
// - A function or procedure is created from pg_get_functiondef's text
//   (CREATE OR REPLACE ...), before tables, with check_function_bodies off
//   for the rest of the transaction (as pg_dump does), so that a column
//   default can call it and a SQL function may read a table made later in
//   the same migration. A changed body is replaced in place; a changed
//   signature line or result type (which CREATE OR REPLACE refuses) drops
//   and creates it. A removed one is dropped after the tables and columns
//   that could use it.
// - A trigger (pg_get_triggerdef's text, plus ALTER TABLE ... DISABLE /
//   ENABLE ... TRIGGER for its state), a rule (pg_get_ruledef's text), a
//   policy (CREATE POLICY ... AS
//   PERMISSIVE|RESTRICTIVE FOR ... TO ... USING ... WITH CHECK ...) and row
//   level security (ALTER TABLE ... ENABLE / FORCE ROW LEVEL SECURITY) are
//   made after the tables, functions and views; a changed trigger or policy
//   is dropped and made again; a removed one is dropped before tables and
//   columns go, also when its table goes, so that the downgrade makes it
//   again after the table. Triggers and rules of views are made after the
//   views and dropped before them; a view made again gets them again.
// - A composite type is created (CREATE TYPE ... AS (...)) after enums and
//   domains and before tables; a changed one gets ALTER TYPE ... ADD / DROP
//   ATTRIBUTE, ALTER ATTRIBUTE ... TYPE when that leaves its attributes in
//   the declared order, else it is dropped and created; a removed one is
//   dropped after the columns and functions that could use it.
// - A range type (CREATE TYPE ... AS RANGE (SUBTYPE = ..., ...)) is made
//   like a composite type, before composite types (which may use it), and
//   dropped and created when it changes.
// Triggers and rules of foreign tables, and those of materialized views,
// are reported, not generated (not_generated()).

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "autogen/model.hpp"
#include "autogen/operations.hpp"

namespace retort::autogen {

// Whether the diff writes SQL for `o` (read from `from` or `to`).
bool generated_kind(const OtherObject& o, const Catalog& from, const Catalog& to);

// Catalog::others of `catalog` by kind, table and name: those the diff writes
// SQL for when `generated`, the others when not.
using OtherKey = std::tuple<std::string, QualifiedName, QualifiedName>;
std::map<OtherKey, const OtherObject*> others_by_key(const Catalog& catalog, bool generated, const Catalog& from,
                                                     const Catalog& to);

struct OtherChanges {
  std::vector<Operation> drop_view_objects;   // before views go
  std::vector<Operation> drop_table_objects;  // before tables and columns go
  std::vector<Operation> types;               // composite types made or changed, before tables
  std::vector<Operation> drop_types;          // after the columns and functions that use them
  std::vector<Operation> functions;           // created or replaced, before tables are made
  std::vector<Operation> drop_functions;      // after tables and columns are gone
  std::vector<Operation> table_objects;       // created or changed, after everything else
};

// `remade(o)`: whether a trigger, rule, policy, function or procedure `o`
// that stays must be dropped before the tables and views change and made
// again after (its view is dropped and created again, a column it may use
// is retyped or dropped, or a function it calls is dropped and created).
OtherChanges diff_others(const Catalog& from, const Catalog& to,
                         const std::function<bool(const OtherObject&)>& remade);

// Whether turning function, procedure or aggregate `from` into `to` drops
// and creates it (CREATE OR REPLACE cannot change its result type or
// argument names): what calls it must make way.
bool dropped_and_created(const OtherObject& from, const OtherObject& to);

// The quoted name of routine `name` without its argument list:
// `"f"(integer)` gives `"f"`, as a call or an aggregate's SFUNC names it.
std::string routine_name(const QualifiedName& name);

// The quoted names (without arguments) of the functions and aggregates
// that turning `from` into `to` drops and creates again.
std::vector<std::string> remade_routines(const Catalog& from, const Catalog& to);

// The quoted names (without arguments) of the functions and aggregates
// that `to` has and `from` has not: made in this migration.
std::vector<std::string> created_routines(const Catalog& from, const Catalog& to);

// Whether the arguments or result of function, procedure or aggregate `o`
// name the type `quoted_name` (qualified or not).
bool signature_names(const OtherObject& o, const std::string& quoted_name);

// The attributes of composite type `o` whose type is `quoted_type` or an
// array of it: "name TYPE type", as ALTER TYPE ... ALTER ATTRIBUTE takes
// them.
std::vector<std::string> attributes_of_type(const OtherObject& o, const std::string& quoted_type);

// The attributes (quoted where they need to be) of composite type `from`
// that `to` has not.
std::vector<std::string> dropped_attributes(const OtherObject& from, const OtherObject& to);

// ALTER TYPE statements turning composite type `from` into `to` in place
// (ADD, DROP and ALTER ATTRIBUTE), or none when they would not leave the
// attributes in `to`'s order (ALTER cannot reorder them).
std::vector<std::string> alter_type_sql(const OtherObject& from, const OtherObject& to, std::string_view ds);

struct RetypedAttribute {
  std::string name;  // quoted where it needs to be
  std::string from;  // its type before
  std::string to;    // and after
};

// The attributes composite type `to` keeps from `from` with another type.
std::vector<RetypedAttribute> retyped_attributes(const OtherObject& from, const OtherObject& to);

// Whether composite type `from` becoming `to` (or back) retypes or
// reorders attributes while a column of catalog `before` that `after`
// keeps holds it: PostgreSQL refuses ALTER ATTRIBUTE ... TYPE then, and
// ALTER cannot reorder, so the type is made again and the columns
// converted (ReplaceComposite).
bool composite_replaced(const OtherObject& from, const OtherObject& to, const Catalog& before, const Catalog& after);

// Whether a column of catalog `before`, in a table and with a type that
// `after` keeps, holds type `type` (or an array of it).
bool column_holds(const Catalog& before, const Catalog& after, const QualifiedName& type);

// Whether range type `o`'s CANONICAL or SUBTYPE_DIFF function is one of
// `functions` (quoted names without arguments or schema).
bool range_calls(const OtherObject& o, const std::vector<std::string>& functions);

// Whether domain `from` becoming `to` adds NOT NULL or a check while a
// column that stays holds it inside another type (an array of it, or a
// composite type with an attribute of it): PostgreSQL cannot check those
// values, and refuses ALTER DOMAIN; the domain is made again instead.
bool domain_tightened_in_container(const Domain& from, const Domain& to, const Catalog& before,
                                   const Catalog& after, std::string_view default_schema);

// The composite types of `before` that `after` keeps (as they are, or
// changed in ways ALTER TYPE can do either way round: attributes added,
// dropped or renamed, not retyped or reordered), that have an attribute of
// type `type` (qualified as in `default_schema`) and that a column holds
// (column_holds()): made again as they are in `before` when `type` is.
std::vector<const OtherObject*> held_composites_of(const Catalog& before, const Catalog& after,
                                                   const QualifiedName& type, std::string_view default_schema);

// SQL turning `value` of composite type `from` into one of `to`, attribute
// by attribute by name (new ones NULL, retyped ones cast).
std::string composite_value_sql(const OtherObject& from, const OtherObject& to, const std::string& value,
                                std::string_view default_schema);

std::vector<std::string> create_other_sql(const OtherObject& o, std::string_view default_schema);
std::vector<std::string> drop_other_sql(const OtherObject& o, std::string_view default_schema);
std::vector<std::string> replace_other_sql(const OtherObject& from, const OtherObject& to,
                                           std::string_view default_schema);

// "function add_one(integer)", "trigger audit on users", "row level
// security on users"; an object without a table goes by its kind and name.
std::string other_name(const OtherObject& o, std::string_view default_schema);

}  // namespace retort::autogen
