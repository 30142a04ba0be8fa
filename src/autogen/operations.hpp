#pragma once
// Schema operations: what the diff produces. Each knows its inverse (the
// downgrade), what it says in a summary, whether it loses data, and the SQL
// it runs. The inverse of an operation built from the live snapshot carries
// the full definition of what it restores (a dropped table comes back with
// its columns, constraints, indexes and comments).

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "autogen/model.hpp"

namespace retort::autogen {

struct CreateSchema {
  std::string name;
};
struct DropSchema {
  std::string name;
};
struct CreateExtension {
  Extension extension;
};
struct DropExtension {
  Extension extension;
};
struct CreateEnum {
  Enum type;
};
struct DropEnum {
  Enum type;
};

// A column whose type is an enum being replaced: converted through text.
struct EnumUse {
  QualifiedName table;
  std::string column;
  bool is_array = false;
  std::string default_before;  // set again after converting back (downgrade)
  std::string default_after;   // set after converting (upgrade)
};

// Values added to an enum, each in its place (ALTER TYPE ... ADD VALUE).
// `to` holds `from` as a subsequence. `uses` are for the inverse.
struct AddEnumValues {
  QualifiedName type;
  std::vector<std::string> from;
  std::vector<std::string> to;
  std::vector<EnumUse> uses;
};
// Values removed or reordered: rename the type, create it again, convert
// every column through text, drop the old type.
struct ReplaceEnum {
  QualifiedName type;
  std::vector<std::string> from;
  std::vector<std::string> to;
  std::vector<EnumUse> uses;
};
struct CreateSequence {
  Sequence sequence;
};
struct DropSequence {
  Sequence sequence;
};
struct AlterSequence {
  Sequence from;
  Sequence to;
};
// Columns, constraints other than foreign keys, indexes and comments.
struct CreateTable {
  Table table;
};
struct DropTable {
  Table table;
};
struct AddColumn {
  QualifiedName table;
  Column column;
};
struct DropColumn {
  QualifiedName table;
  Column column;
};
// Type, collation, nullability, default, identity and serial changes.
struct AlterColumn {
  QualifiedName table;
  Column from;
  Column to;
};
struct AddConstraint {
  QualifiedName table;
  Constraint constraint;
};
struct DropConstraint {
  QualifiedName table;
  Constraint constraint;
};
struct CreateIndex {
  QualifiedName table;
  Index index;
};
struct DropIndex {
  QualifiedName table;
  Index index;
};
struct CreateView {
  View view;
};
struct DropView {
  View view;
};
enum class CommentTarget { table, column, view };
struct SetComment {
  CommentTarget target = CommentTarget::table;
  QualifiedName object;
  std::string column;
  std::string from;
  std::string to;
};

using OperationKind =
    std::variant<CreateSchema, DropSchema, CreateExtension, DropExtension, CreateEnum, DropEnum,
                 AddEnumValues, ReplaceEnum, CreateSequence, DropSequence, AlterSequence,
                 CreateTable, DropTable, AddColumn, DropColumn, AlterColumn, AddConstraint,
                 DropConstraint, CreateIndex, DropIndex, CreateView, DropView, SetComment>;

struct Operation {
  OperationKind kind;
  // Set by the diff, shown in the file and the summary.
  std::vector<std::string> warnings;
  std::vector<std::string> notes;
};

// The operation that undoes `op` (without the diff's warnings and notes).
Operation inverse(const Operation& op);

// A short description for summaries and generated messages, e.g.
// "add column users.email". Names are qualified unless in `default_schema`.
std::string describe(const Operation& op, std::string_view default_schema);

// What data `op` loses, e.g. "drops column users.bio and the data in it";
// nullopt when it loses none.
std::optional<std::string> data_loss(const Operation& op, std::string_view default_schema);

// The statements `op` runs, in order, without terminating ';'.
std::vector<std::string> statements(const Operation& op, std::string_view default_schema);

// ALTER TYPE ... ADD VALUE: the new value cannot be used in the transaction
// that added it, so the migration commits it on its own, first.
bool must_commit_first(const Operation& op);

// Whether changing a column from type `from` to `to` keeps every value
// (varchar(10) -> varchar(20), integer -> bigint, anything -> text).
bool is_widening(std::string_view from, std::string_view to);

// The upgrade and downgrade sections for `ops` (in upgrade order): each
// operation's comments (DESTRUCTIVE, WARNING, notes) and statements, the
// downgrade being the inverses in reverse order.
struct RenderedMigration {
  std::string upgrade;
  std::string downgrade;
};
RenderedMigration render_migration(const std::vector<Operation>& ops,
                                   std::string_view default_schema);

}  // namespace retort::autogen
