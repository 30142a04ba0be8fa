#pragma once
// Compares two catalogs and lists the operations turning the first into the
// second, in an order the database accepts: schemas and extensions, then
// drops (views, foreign keys, indexes and constraints, tables, columns),
// then types, sequences, tables, columns, column changes, late drops (old
// sequences and types), indexes and constraints, foreign keys, views,
// comments, and last the extensions and schemas that go. The downgrade runs
// the inverses in reverse order.

#include <functional>
#include <vector>

#include "autogen/model.hpp"
#include "autogen/operations.hpp"

namespace retort::autogen {

// Whether a table of the live database holds rows; asked only for tables
// that get a NOT NULL column without a default. May be empty (no warnings).
using HasRows = std::function<bool(const QualifiedName&)>;

// `from` is the live database, `to` the declared schema. Both should be
// normalize()d. Pure apart from `has_rows`.
std::vector<Operation> diff_catalogs(const Catalog& from, const Catalog& to,
                                     const HasRows& has_rows = {});

// The objects autogenerate reads but does not generate SQL for
// (Catalog::others) that differ between `from` (the live database) and `to`
// (the declared schema), one line each, e.g. "function add_one(integer):
// only in the declared schema". A migration written by hand must cover them.
std::vector<std::string> not_generated(const Catalog& from, const Catalog& to);

}  // namespace retort::autogen
