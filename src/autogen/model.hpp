#pragma once
// The catalog model: what a database's schema holds, as plain values. A
// backend's snapshot fills it (src/pg/snapshot.cpp for PostgreSQL); the diff
// compares two of them. Texts that the database normalises (types,
// expressions, constraint and index definitions) are kept exactly as the
// database prints them, so two snapshots taken the same way compare equal
// when the schemas are the same.

#include <compare>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace retort::autogen {

struct QualifiedName {
  std::string schema;  // empty where the database has no schemas
  std::string name;

  auto operator<=>(const QualifiedName&) const = default;
  bool operator==(const QualifiedName&) const = default;
  // "schema.name" (unquoted), for messages and keys.
  std::string text() const { return schema.empty() ? name : schema + "." + name; }
};

// The name as messages show it: without the schema when that is
// `default_schema` (or there is none).
std::string display(const QualifiedName& name, std::string_view default_schema);

enum class Identity { none, always, by_default };

struct Sequence {
  QualifiedName name;
  std::string type = "bigint";
  long long start = 1;
  long long increment = 1;
  long long min = 1;
  long long max = 9223372036854775807LL;
  long long cache = 1;
  bool cycle = false;
  // OWNED BY this column (other than a serial column's); empty: none.
  QualifiedName owner_table = {};
  std::string owner_column = {};
  bool operator==(const Sequence&) const = default;
  // The same options (type, start, increment, limits, cache, cycle), whatever the names
  // and owners.
  bool same_options(const Sequence& other) const;
};

struct Column {
  std::string name;
  std::string type;            // as the database prints it: "character varying(50)", "mood[]"
  QualifiedName base_type;     // the type, or an array's element type
  bool base_is_enum = false;
  bool is_array = false;
  std::string collation;       // a non-default collation, as written in SQL; empty otherwise
  bool nullable = true;
  std::string default_expr;    // empty: none
  Identity identity = Identity::none;
  // An identity column's sequence (its options are compared, not its name).
  Sequence identity_sequence;
  std::string generated;       // a stored generated column's expression; empty: not generated
  // The default is nextval() of a sequence owned by this column (serial).
  // default_expr is then empty and the sequence is not listed on its own.
  bool serial = false;
  std::string serial_sequence;  // that sequence's name (not compared)
  Sequence serial_options;      // and its options (compared: ALTER COLUMN TYPE leaves them)
  std::string comment;

  bool operator==(const Column& other) const;
};

enum class ConstraintKind { primary_key, unique, check, foreign_key, exclusion };

struct Constraint {
  std::string name;
  ConstraintKind kind = ConstraintKind::check;
  // The whole definition as the database prints it after "CONSTRAINT name":
  // "PRIMARY KEY (id)", "FOREIGN KEY (a) REFERENCES t(id) ON DELETE CASCADE".
  std::string definition;
  std::vector<std::string> columns;
  // Foreign keys.
  QualifiedName ref_table;
  std::vector<std::string> ref_columns;
  std::string on_update = "NO ACTION";
  std::string on_delete = "NO ACTION";
  bool deferrable = false;
  bool initially_deferred = false;

  bool unique_like() const { return kind == ConstraintKind::primary_key || kind == ConstraintKind::unique; }
  bool operator==(const Constraint& other) const { return name == other.name && kind == other.kind &&
                                                          definition == other.definition; }
};

struct Index {
  std::string name;
  bool unique = false;
  std::string method;  // "btree", "hash", "gin", ...
  // Everything after "USING <method> ": "(lower(title)) INCLUDE (id) WHERE (x > 0)".
  std::string body;
  std::vector<std::string> columns;  // plain columns used (for dependencies)
  bool operator==(const Index& other) const {
    return name == other.name && unique == other.unique && method == other.method &&
           body == other.body;
  }
};

struct Table {
  QualifiedName name;
  std::vector<Column> columns;  // in the table's column order
  std::vector<Constraint> constraints;
  std::vector<Index> indexes;   // indexes that do not implement a constraint
  std::string comment;
  bool unlogged = false;
  // Storage parameters as the database keeps them, "fillfactor=70", with the
  // TOAST table's as "toast.autovacuum_enabled=false"; sorted.
  std::vector<std::string> options;
  // A partitioned table's key, "RANGE (at)"; empty: not partitioned.
  std::string partition_by;
  // A partition: its parent and bound ("FOR VALUES FROM (...) TO (...)",
  // "DEFAULT"). Its columns, and the constraints and indexes it has from
  // its parent, are the parent's and not listed here.
  QualifiedName partition_of;
  std::string partition_bound;
  bool is_partition() const { return !partition_of.name.empty(); }

  const Column* column(const std::string& name) const;
  const Constraint* constraint(const std::string& name) const;
  const Index* index(const std::string& name) const;
  // Whether `other` has the same columns, in whatever order (autogenerate
  // leaves the order alone: a column made again comes last).
  bool same_columns(const Table& other) const;
  // The table without its foreign keys (made after, and dropped before,
  // the tables).
  Table without_foreign_keys() const;
};

// Whether `to` is a partition and `from` a table of its own, or the other
// way round: ATTACH or DETACH with the table's own columns and constraints,
// which the diff leaves to a hand-written migration.
inline bool becomes_or_stops_being_partition(const Table& from, const Table& to) {
  return from.is_partition() != to.is_partition();
}

struct Enum {
  QualifiedName name;
  std::vector<std::string> values;  // in sort order
  bool operator==(const Enum&) const = default;
};

// A domain: a base type with a default, NOT NULL and check constraints.
struct Domain {
  QualifiedName name;
  std::string base_type;  // as the database prints it
  std::string collation;  // a non-default collation, as written in SQL; empty otherwise
  std::string default_expr;
  bool not_null = false;
  std::vector<Constraint> constraints;  // checks, by name
  bool over_domain = false;             // its base type is a domain, whose default CREATE DOMAIN copies
  bool operator==(const Domain&) const = default;
};

// A privilege on a view or routine that the migration's role must give
// again when it makes the object again (grants are not compared: a view or
// function dropped and created would lose them). `revoke`: the EXECUTE
// that PostgreSQL gives PUBLIC on a new routine was taken away.
struct Grant {
  std::string privilege;  // "SELECT", "EXECUTE", ...
  std::string grantee;    // a quoted role name, or PUBLIC
  bool grant_option = false;
  bool revoke = false;
  auto operator<=>(const Grant&) const = default;
  bool operator==(const Grant&) const = default;
};

struct View {
  QualifiedName name;
  std::string definition;  // the query, without a final ';'
  std::string comment;
  std::vector<QualifiedName> depends_on;  // tables and views it reads (not compared)
  // The columns of them it names, by table (not compared): PostgreSQL
  // retypes or drops none of these while the view is there; a whole-row
  // reference (t.*) holds none.
  std::vector<std::pair<QualifiedName, std::string>> columns_read = {};
  bool materialized = false;
  std::vector<Index> indexes;  // a materialized view's
  // "check_option=local", "security_barrier=true"; a materialized view's
  // storage parameters; sorted.
  std::vector<std::string> options;
  std::vector<Grant> grants = {};  // not compared
  bool operator==(const View& other) const {
    return name == other.name && definition == other.definition && comment == other.comment &&
           materialized == other.materialized && indexes == other.indexes && options == other.options;
  }
};

// An object read as the database prints it and compared as a whole:
// functions, procedures, aggregates, triggers, foreign tables, policies,
// rules, composite and range types, row level security and table
// inheritance. other_objects.hpp says which
// kinds the diff generates SQL for; a difference in any other is reported
// (to be migrated by hand) instead of silently left out.
struct OtherObject {
  std::string kind;        // "function", "trigger", "inheritance", ...
  QualifiedName name;      // functions: quoted name(argument types), e.g. "Add"(integer)
  QualifiedName table;     // the table or view it belongs to; empty when none
  std::string definition;  // as the database prints it
  std::vector<Grant> grants = {};  // a routine's (not compared)
  auto operator<=>(const OtherObject& other) const {
    return std::tie(kind, name, table, definition) <=> std::tie(other.kind, other.name, other.table, other.definition);
  }
  bool operator==(const OtherObject& other) const {
    return kind == other.kind && name == other.name && table == other.table && definition == other.definition;
  }
};

struct Extension {
  std::string name;
  std::string schema;
  bool operator==(const Extension&) const = default;
};

struct Catalog {
  // The schema unqualified names resolve to (PostgreSQL: current_schema()).
  std::string default_schema;
  std::vector<std::string> schemas;  // the schemas in scope that exist
  std::vector<Extension> extensions;
  std::vector<Enum> enums;
  std::vector<Domain> domains;
  std::vector<Sequence> sequences;
  std::vector<Table> tables;
  std::vector<View> views;
  std::vector<OtherObject> others;  // sorted by kind, table, name

  const Table* table(const QualifiedName& name) const;
  const Enum* find_enum(const QualifiedName& name) const;
  const Domain* domain(const QualifiedName& name) const;
  const Sequence* sequence(const QualifiedName& name) const;
  const View* view(const QualifiedName& name) const;
};

// `views`, each after the views it reads.
std::vector<const View*> dependency_order(const std::vector<View>& views);

// A canonical text form of everything the diff compares (objects sorted by
// name, columns by name): two catalogs are equal for autogenerate exactly
// when their dumps are (Catalog::others included, as "KIND NAME:
// DEFINITION" lines). For tests, `db snapshot` and debugging.
std::string dump(const Catalog& catalog);

// Drops what autogenerate must leave alone: the version table `version_table`
// in `version_schema` (empty: the default schema) and tables whose name or
// schema.name matches one of `exclude_tables` (fnmatch globs), with views
// that read them. Objects stay sorted by name.
void filter_catalog(Catalog& catalog, const std::string& version_table,
                    const std::string& version_schema,
                    const std::vector<std::string>& exclude_tables);

// Sorts every list by name (columns keep their order), so catalogs read in
// any order compare and render the same way.
void normalize(Catalog& catalog);

}  // namespace retort::autogen
