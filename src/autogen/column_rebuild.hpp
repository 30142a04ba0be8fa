#pragma once
// Columns of a table that stays which the migration drops and adds again
// instead of altering, and what goes with them.

#include <array>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "autogen/diff_phases.hpp"
#include "autogen/model.hpp"
#include "autogen/operations.hpp"

namespace retort::autogen {

// What the migration makes again, which columns reading it make way for.
struct Remade {
  const std::vector<std::string>& functions;  // dropped and created: quoted names without arguments
  const std::vector<QualifiedName>& types;    // enums, domains, range and composite types whose
                                              // columns are converted (here or in the downgrade)
};

// The columns of `from` that are dropped and added again on the way to
// `to`: PostgreSQL cannot change a generation expression in place, nor
// change the type of a column that a generated column reads (retyped, or
// of a type in `remade.types`), nor convert a generated column (of such a
// type, or casting to one), nor keep a generated column calling a function
// in `remade.functions`.
std::set<std::string> recreated_columns(const Table& from, const Table& to, const Remade& remade);

// Whether a constraint or index on `columns` with definition `text` uses
// one of `recreated` (dropping the column drops it too).
bool uses_any(const std::vector<std::string>& columns, const std::string& text, const std::set<std::string>& recreated);

// `recreated` (columns of `from` dropped and added again) and, for a
// partition that keeps its parent, those of its parents (in catalogs
// `before` and `after`): a partition's own constraints and indexes on them
// go with them.
std::set<std::string> with_parents_recreated(const Table& from, const Table& to, std::set<std::string> recreated,
                                             const Catalog& before, const Catalog& after, const Remade& remade);

// Whether one of `columns` of `table` has another type in `after` than in
// `before` (a foreign key over it is dropped while they change: PostgreSQL
// rebuilds it after each ALTER and refuses it between, say, text and an
// enum).
bool retyped(const Catalog& before, const Catalog& after, const QualifiedName& table,
             const std::vector<std::string>& columns);

// Whether the key that foreign key `fk` references (a primary key, unique
// constraint or unique index on its columns) names a column other than
// those that changes type from `before` to `after`, in its INCLUDE list
// say: PostgreSQL rebuilds that index and refuses to while the foreign key
// depends on it.
bool referenced_key_rebuilt(const Catalog& before, const Catalog& after, const Constraint& fk);

// Adds to `tables` the partitions of each, and theirs, in `catalog`.
void add_partitions(std::set<QualifiedName>& tables, const Catalog& catalog);

// The columns of `table` (and of the tables it is a partition of) that
// `changed` lists, by table: retyped, converted or dropped; "*" for all.
std::set<std::string> changed_columns_of(const std::map<QualifiedName, std::set<std::string>>& changed,
                                         const Catalog& catalog, QualifiedName table);

// CREATE INDEX on a partitioned table takes an index of a partition that
// matches it as the partition's part, instead of making one, and the
// partition loses it as its own. For each index `creates` makes on a
// partitioned table, the own indexes of its partitions that it may take
// (same method, uniqueness and columns) come after it: those made anyway
// are moved there, those kept are dropped first and made again there.
// New partitions' own indexes leave their CREATE TABLE for the same place.
// `buckets`: the diff's operations by phase.
void keep_partition_indexes_own(std::array<std::vector<Operation>, phases::phase_count>& buckets, const Catalog& from,
                                const Catalog& to);

// Whether view `v` names one of `columns` of `table` ("*": all of them).
bool reads_columns(const View& v, const QualifiedName& table, const std::set<std::string>& columns);

// Whether trigger or policy `o` holds on to one of `columns` of its table:
// PostgreSQL retypes or drops no column that a trigger's WHEN or UPDATE OF,
// or a policy's expressions, name. A whole-row reference (NEW.*, or the
// table's own name in a policy) holds them all; a rule always does.
bool holds_columns(const OtherObject& o, const std::set<std::string>& columns);

}  // namespace retort::autogen
