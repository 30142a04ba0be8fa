#pragma once
// One change to the alembic_version table. Produced by the graph's plans,
// applied by a backend; neither needs to know the other.

#include <string>

namespace retort {

struct VersionChange {
  enum class Kind { insert, update, remove };
  Kind kind = Kind::insert;
  std::string from;  // update, remove: the row changed or deleted
  std::string to;    // insert, update: the new row

  static VersionChange insert(std::string rev) { return {Kind::insert, {}, std::move(rev)}; }
  static VersionChange update(std::string from, std::string to) {
    return {Kind::update, std::move(from), std::move(to)};
  }
  static VersionChange remove(std::string rev) { return {Kind::remove, std::move(rev), {}}; }
  bool operator==(const VersionChange&) const = default;
};

// Where the version table lives.
struct VersionTable {
  std::string name = "alembic_version";
  std::string schema;  // empty: the default schema / search_path

  // The table's name as written in SQL (schema-qualified when set, quoted
  // only when needed).
  std::string qualified() const;
  // The statements Alembic writes for a change, e.g.
  // "UPDATE alembic_version SET version_num='b' WHERE alembic_version.version_num = 'a'".
  std::string render(const VersionChange& change) const;
  // Throws DatabaseError with Alembic's "Online migration expected to match
  // one row when ..." message unless an UPDATE or DELETE matched one row.
  void check_matched(const VersionChange& change, long long rows) const;
  // CREATE TABLE with version_num VARCHAR(32) NOT NULL and the <name>_pkc key.
  std::string create_sql() const;
};

}  // namespace retort
