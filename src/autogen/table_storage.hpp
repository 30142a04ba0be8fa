#pragma once
// A table's persistence (UNLOGGED), storage parameters (WITH (...)) and
// place among partitions: the SQL and the words for AlterTableStorage, and
// the order tables change in. A table that is created or dropped gets them
// in its CREATE TABLE.

#include <string>
#include <string_view>
#include <vector>

#include "autogen/operations.hpp"

namespace retort::autogen {

// ALTER TABLE ... SET LOGGED | SET UNLOGGED, SET (changed and new
// parameters), RESET (removed ones).
std::vector<std::string> alter_table_storage_sql(const AlterTableStorage& op, std::string_view default_schema);

// `changes` ordered as PostgreSQL needs them, given the foreign keys of
// `to`: a table becomes UNLOGGED only once the tables referencing it are,
// and LOGGED only once the tables it references are. So those becoming
// unlogged go referencing tables first, then the others referenced first.
std::vector<AlterTableStorage> in_persistence_order(std::vector<AlterTableStorage> changes, const Catalog& to);

// `tables` of `catalog`, each partitioned table before its partitions.
std::vector<const Table*> parents_first(const Catalog& catalog, std::vector<const Table*> tables);

// "set table cache unlogged, fillfactor=70, reset autovacuum_enabled".
std::string describe_table_storage(const AlterTableStorage& op, std::string_view default_schema);

// The toast.* storage parameters of `t` ("toast.autovacuum_enabled=false").
std::vector<std::string> toast_options(const Table& t);

// Whether the columns of table `from` (of catalog `before`) change on the
// way to `to` (of `after`): its own, or for a partition that keeps its
// parent, its parent's (a partition has its parent's columns). A table
// rewritten so may lose its TOAST table, and its toast.* options with it.
bool columns_change(const Table& from, const Table& to, const Catalog& before, const Catalog& after);

}  // namespace retort::autogen
