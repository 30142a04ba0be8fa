#pragma once
// The order of domains among themselves and around the functions their
// defaults and checks call (PostgreSQL checks both when a domain is made,
// and refuses to drop a function a domain calls), and of functions around
// the tables they are tied to.

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "autogen/model.hpp"
#include "autogen/operations.hpp"

namespace retort::autogen {

// `domains` ordered so a domain comes after the domain it is over.
std::vector<const Domain*> base_first(std::vector<const Domain*> domains, std::string_view default_schema);

// Of `domains`, those whose default or a check calls one of `functions`
// (quoted names without arguments, as created_routines() gives them), and
// those over one of those.
std::set<QualifiedName> domains_calling(const std::vector<const Domain*>& domains,
                                        const std::vector<std::string>& functions, std::string_view default_schema);

// Whether `o` is a function or procedure with a SQL-standard body (BEGIN
// ATOMIC): PostgreSQL parses it when it is made, and keeps the tables and
// columns it reads from being dropped or retyped while it is there.
bool atomic_body(const OtherObject& o);

// Whether function `o` is tied to one of `tables`: its arguments or result
// name one's row type, or its atomic body reads one.
bool tied_to_tables(const OtherObject& o, const std::set<QualifiedName>& tables, std::string_view default_schema);

// The functions and procedures with a BEGIN ATOMIC body, and the
// aggregates, of `from` that must be dropped before the functions they
// call are (and, those in `to` too, made again after): they call one of
// `remade_functions` (quoted names without arguments, an aggregate's state
// or final function among them) other than themselves, or (BEGIN ATOMIC,
// in both) read one of `touched`, tables whose columns are dropped or
// retyped.
std::set<QualifiedName> remade_callers(const Catalog& from, const Catalog& to, const std::set<QualifiedName>& touched,
                                       const std::vector<std::string>& remade_functions,
                                       std::string_view default_schema);

// The domains of `to` that stay (same base type and collation), and those
// of `from` that go, over a type made again (an enum whose values change,
// either way, a domain whose base type or collation changes, a range type
// whose definition changes), or over such a domain, or an array of one: by
// the type they are over, base first. The old type cannot go while they are
// over it, so the type's replacement makes them again too.
std::map<QualifiedName, std::vector<const Domain*>> domains_over_replaced(const Catalog& from, const Catalog& to,
                                                                         std::string_view default_schema);

// Of domains_over_replaced(), those the upgrade makes again: over an enum
// losing or reordering values or a domain whose base type or collation
// changes (or over such a domain). An enum only gaining values keeps them.
std::set<QualifiedName> remade_with_their_type(const Catalog& from, const Catalog& to,
                                               const std::map<QualifiedName, std::vector<const Domain*>>& over);

// Whether `small` is `big` with some values left out, in the same order.
bool is_subsequence(const std::vector<std::string>& small, const std::vector<std::string>& big);

// Domain `d` without its default and checks calling one of `functions`
// (quoted names without arguments).
Domain without_calls(Domain d, const std::vector<std::string>& functions);

// The functions, procedures and aggregates, in both `from` and `to`, whose
// arguments or result use an enum whose values change, or a domain, range
// or composite type made again (its base type or collation, its
// definition; composite_replaced()): they are dropped before the type
// changes and made again after.
std::set<QualifiedName> routines_over_replaced_types(const Catalog& from, const Catalog& to,
                                                     std::string_view default_schema);

// Sets ReplaceOther::in_columns on the composite types among `ops` that a
// column of `from` uses.
void mark_composites_in_columns(std::vector<Operation>& ops, const Catalog& from);

// The function, procedure or aggregate an operation makes (CreateOther,
// ReplaceOther) or drops (DropOther); nullptr for others.
const OtherObject* made_routine(const Operation& op);

// The quoted names (without arguments) of the routines `ops` make.
std::vector<std::string> made_routine_names(const std::vector<Operation>& ops);

// Column defaults in the tables and columns `ops` make or change that call
// one of `functions` (made later: they read those tables): left out there,
// and set by a column change appended to `later`; a column added to a table
// that stays is moved to `later` whole.
void defer_defaults_calling(std::vector<Operation>& ops, const std::vector<std::string>& functions,
                            std::vector<Operation>& later);
const OtherObject* dropped_routine(const Operation& op);

// The object an operation makes, replaces or drops (made_routine() or
// dropped_routine()); nullptr for others.
const OtherObject* object_of(const Operation& op);

// The foreign keys of tables that stay (in `from`, not among `dropped`,
// table and name) that the migration drops and adds again around changes
// to what they join: the key of a table in `rebuilt_keys` they reference,
// or columns at either end that change type. With the note saying why.
struct RebuiltForeignKey {
  QualifiedName table;
  Constraint key;
  std::string note;
};
std::vector<RebuiltForeignKey> foreign_keys_to_rebuild(const Catalog& from, const Catalog& to,
                                                       const std::set<QualifiedName>& rebuilt_keys,
                                                       const std::set<std::pair<QualifiedName, std::string>>& dropped,
                                                       std::string_view default_schema);

// The range types that `types` (operations making, replacing or dropping
// range and composite types) make or drop whose CANONICAL or SUBTYPE_DIFF
// function is one of `functions` (quoted names without arguments), and
// the composite types `types` makes or drops with an attribute of one of
// those:
// made after those functions are made, dropped before they go.
std::set<QualifiedName> types_calling(const std::vector<Operation>& types, const std::vector<std::string>& functions,
                                      std::string_view default_schema);

}  // namespace retort::autogen
