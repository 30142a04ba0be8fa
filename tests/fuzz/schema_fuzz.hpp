#pragma once
// Random schema pairs for autogenerate's property (tests/pg/autogen_fuzz_test.cpp):
// from a seed, a schema A (a small set of objects of every kind autogenerate
// compares, with a few rows) and a schema B that is A after a few random
// edits, each adding, dropping or changing one object. Both apply to an
// empty PostgreSQL 15 database, A's rows fit B (so a migration from A to B
// and back is possible), and no edit is one docs/autogenerate.md lists as
// reported but not generated, or as a known limit.
//
// Plain C++ (no database). The implementation is tests/fuzz/*.cpp (see
// fuzz_model.hpp for a map), compiled into retort_db_tests only.

#include <set>
#include <string>
#include <vector>

namespace retort::test::fuzz {

struct FuzzOptions {
  // Edits (by name, e.g. "composite.reorder", or a prefix ending in '.', e.g.
  // "composite.") and features left out: "atomic_function" (BEGIN ATOMIC
  // bodies), "enum_in_composite", "quoted_names", "retype_generated",
  // "retype_collated" (retyping a column with a collation of its own),
  // "remake_read_column" (making generated a column that a generated column
  // reads), "drop_read_column" (dropping it), "view_of_partition",
  // "same_names" (objects of one kind with the same name in two schemas),
  // "subquery" (views and policies reading another table).
  std::set<std::string> off;
  // Features left out unless named here (so the fixed seeds keep their
  // pairs): "domain_over_enum", "domain_over_domain", "composite_over_domain"
  // (attributes of a domain or range type), "composite_array" (array
  // columns of composite types), "fk_retype" (the edit retyping both ends
  // of a foreign key).
  std::set<std::string> on;
  int min_edits = 2;  // edits from A to B
  int max_edits = 6;
};

struct GeneratedPair {
  unsigned seed = 0;
  std::string a;                     // schema A, then its rows (INSERTs)
  std::string b;                     // schema B
  std::vector<std::string> schemas;  // include_schemas: every schema A or B has
  std::vector<std::string> edits;    // what B changed, in order ("retype column t3.c4 integer -> bigint")
};

GeneratedPair generate_pair(unsigned seed, const FuzzOptions& options = {});

// "a,b , c" -> {"a", "b", "c"}
std::set<std::string> split_list(const std::string& text);

}  // namespace retort::test::fuzz
