#pragma once
// Schema operations: what the diff produces. Each knows its inverse (the
// downgrade), what it says in a summary, whether it loses data, and the SQL
// it runs. The inverse of an operation built from the live snapshot carries
// the full definition of what it restores (a dropped table comes back with
// its columns, constraints, indexes and comments).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
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
// The extension's schema (ALTER EXTENSION ... SET SCHEMA).
struct AlterExtension {
  Extension from;
  Extension to;
};
struct CreateEnum {
  Enum type;
};
struct DropEnum {
  Enum type;
};

// A column whose type is an enum (or a domain) being replaced: converted
// through text (with a cast).
struct EnumUse {
  QualifiedName table;
  std::string column;
  bool is_array = false;
  std::string default_before;  // set again after converting back (downgrade)
  std::string default_after;   // set after converting (upgrade)
};

// Constraints and indexes (unchanged by the migration) whose definitions
// name an enum type, e.g. CHECK (m <> 'b'::mood): they would hold on to the
// renamed old type, so a replacement drops them first and adds them again
// after.
// Attributes of composite types of that type (no column uses those
// composite types) are pointed at the new type before the old one goes:
// (composite type, "attribute TYPE type"). Composite types of that type
// that columns hold, and that stay as they are, are made again over the new
// type with those columns converted (`composites`).
struct ReplaceComposite;
struct EnumDependents {
  std::vector<std::pair<QualifiedName, Constraint>> constraints;
  std::vector<std::pair<QualifiedName, Index>> indexes;
  std::vector<std::pair<QualifiedName, std::string>> attributes;
  std::vector<ReplaceComposite> composites;
};

struct ReplaceDomain;

// Values added to an enum, each in its place (ALTER TYPE ... ADD VALUE).
// `to` holds `from` as a subsequence. `uses`, `dependents` and `over` are
// for the inverse.
struct AddEnumValues {
  QualifiedName type;
  std::vector<std::string> from;
  std::vector<std::string> to;
  std::vector<EnumUse> uses;
  EnumDependents dependents;
  std::vector<ReplaceDomain> over;
};
// Values removed or reordered: rename the type, create it again, convert
// every column through text, drop the old type.
// The domains over it (`over`) are made again too, before the old type
// goes.
struct ReplaceEnum {
  QualifiedName type;
  std::vector<std::string> from;
  std::vector<std::string> to;
  std::vector<EnumUse> uses;
  EnumDependents dependents;
  std::vector<ReplaceDomain> over;
};
struct CreateDomain {
  Domain domain;
};
struct DropDomain {
  Domain domain;
};
// Default, NOT NULL and check constraint changes (not the base type).
struct AlterDomain {
  Domain from;
  Domain to;
};
// A new base type or collation (there is no ALTER for these): rename the
// domain, create it again, convert every column with a cast, drop the old
// one. `uses` are its columns (as for an enum), `dependents` the
// constraints and indexes that name it.
struct ReplaceDomain {
  Domain from;
  Domain to;
  std::vector<EnumUse> uses;
  EnumDependents dependents;
  // Domains over this one, made again before the old one goes; and whether
  // this one is such a domain (its columns then convert through text: there
  // is no cast between the old base type and the new).
  std::vector<ReplaceDomain> over;
  bool through_text = false;
};
// A range type whose definition changes while columns use it, a composite
// type has an attribute of it or a domain is over it: renamed (with its
// multirange type), created again, the columns converted through text, the
// attributes and domains moved over, the old one dropped.
struct ReplaceRange {
  OtherObject from;
  OtherObject to;
  std::vector<EnumUse> uses;
  EnumDependents dependents;
  std::vector<ReplaceDomain> over;
};
// A composite type retyping an attribute while columns use it: attributes
// added and dropped in place, then renamed, created again, the columns
// converted through text (the attributes are in the same places), the old
// one dropped.
struct ReplaceComposite {
  OtherObject from;
  OtherObject to;
  std::vector<EnumUse> uses;
  EnumDependents dependents;
};
struct CreateSequence {
  Sequence sequence;
};
struct DropSequence {
  Sequence sequence;
};
// Options, not the owner.
struct AlterSequence {
  Sequence from;
  Sequence to;
};
// OWNED BY: a sequence is created and dropped without its owner, given it
// after the tables are made and released before they go (dropping the
// owning column would drop the sequence).
struct SetSequenceOwner {
  QualifiedName sequence;
  QualifiedName from_table;  // empty name: none
  std::string from_column;
  QualifiedName to_table;
  std::string to_column;
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
// UNLOGGED and storage parameters (WITH (...)) of a table that stays.
struct AlterTableStorage {
  QualifiedName table;
  bool from_unlogged = false;
  bool to_unlogged = false;
  std::vector<std::string> from_options;
  std::vector<std::string> to_options;
};
// The toast.* storage parameters of a table whose columns change, set
// again: PostgreSQL keeps them on the table's TOAST table, which may only
// appear with a column the migration adds. Run at the start and the end of
// the upgrade (so the downgrade, in reverse, ends with them too); its own
// inverse.
struct ReapplyToastOptions {
  QualifiedName table;
  std::vector<std::string> options;
};
// A partition attached to or detached from its parent, with its bound
// ("FOR VALUES ...", "DEFAULT"). Detached, it is a table of its own.
struct AttachPartition {
  QualifiedName table;
  QualifiedName parent;
  std::string bound;
};
struct DetachPartition {
  QualifiedName table;
  QualifiedName parent;
  std::string bound;
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
// Functions, procedures, and triggers, policies and row level security of
// tables (Catalog::others of those kinds): made from the definition the
// database prints for them; other_objects.hpp has the rules.
struct CreateOther {
  OtherObject object;
};
struct DropOther {
  OtherObject object;
};
struct ReplaceOther {
  OtherObject from;
  OtherObject to;
  // A composite type that columns use: attributes it drops lose their
  // values (ALTER TYPE ... DROP ATTRIBUTE).
  bool in_columns = false;
};
enum class CommentTarget { table, column, view, materialized_view };
struct SetComment {
  CommentTarget target = CommentTarget::table;
  QualifiedName object;
  std::string column;
  std::string from;
  std::string to;
};

using OperationKind =
    std::variant<CreateSchema, DropSchema, CreateExtension, DropExtension, AlterExtension, CreateEnum, DropEnum,
                 AddEnumValues, ReplaceEnum, CreateDomain, DropDomain, AlterDomain, ReplaceDomain, ReplaceRange, ReplaceComposite, CreateSequence,
                 DropSequence, AlterSequence, SetSequenceOwner,
                 CreateTable, DropTable, AddColumn, DropColumn, AlterColumn, AlterTableStorage, ReapplyToastOptions, AttachPartition, DetachPartition, AddConstraint,
                 DropConstraint, CreateIndex, DropIndex, CreateView, DropView, CreateOther, DropOther, ReplaceOther,
                 SetComment>;

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
