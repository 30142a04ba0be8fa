#pragma once
// Schemas and extensions, made first and dropped last by the diff; and
// sequences.

#include <vector>

#include "autogen/model.hpp"
#include "autogen/operations.hpp"

namespace retort::autogen {

struct SchemaChanges {
  std::vector<Operation> create_schemas;
  std::vector<Operation> create_extensions;
  std::vector<Operation> drop_extensions;
  std::vector<Operation> drop_schemas;
};

// The schemas and extensions that turning `from` into `to` makes and drops;
// an extension whose schema changes is moved (ALTER EXTENSION ... SET
// SCHEMA) with the extensions that are made, after the schemas.
SchemaChanges diff_schemas(const Catalog& from, const Catalog& to);

struct SequenceChanges {
  std::vector<Operation> release;  // OWNED BY NONE, before the owning column goes (and drops making way for serials)
  std::vector<Operation> make;     // made or changed, before the domains and tables that call nextval()
  std::vector<Operation> own;      // OWNED BY, once the owning column is there (and sequences taking a serial's name)
  std::vector<Operation> drop;     // after what uses them
};

// The sequences that turning `from` into `to` makes, changes and drops,
// their owners set apart (a sequence is made without one).
SequenceChanges diff_sequences(const Catalog& from, const Catalog& to);

// Whether columns `from` (in catalog `before`) and `to` (in `after`) differ
// only in their type's schema, which is the one an extension moves to:
// ALTER EXTENSION ... SET SCHEMA takes its types along.
bool moved_with_extension(const Column& from, const Column& to, const Catalog& before, const Catalog& after);

}  // namespace retort::autogen
