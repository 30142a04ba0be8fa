// Autogenerate's property (see autogen_property_test.cpp) on random schema
// pairs: tests/fuzz/schema_fuzz.hpp makes, from a seed, a schema A (with a
// few rows) of every kind of object autogenerate compares, and a schema B
// that is A after a few random edits. Start a database at A, declare B, run
// dev; the database's snapshot equals the shadow snapshot of B and check
// finds nothing; downgrade -1 gives back A's exactly; upgrade heads gives B
// again. A failure prints the seed, A, B, the edits and the migration.
//
// Pairs/AutogenFuzz runs a fixed list of seeds. To look for new failures,
//
//   ./build/tests/retort_db_tests --gtest_filter='AutogenFuzzExplore.*'
//
// with RETORT_FUZZ_SEEDS=200 RETORT_FUZZ_START=1000 in the environment runs
// 200 more seeds from 1000 (RETORT_FUZZ_OFF="composite.,enum.reorder"
// leaves edits or features out, RETORT_FUZZ_ON="domain_over_enum" adds
// features left out by default, see FuzzOptions; RETORT_FUZZ_EDITS=4-10 makes
// 4 to 10 edits from A to B instead of 2 to 6, RETORT_FUZZ_KEEP=DIR writes
// each pair to DIR/SEED.sql), and RETORT_FUZZ_PAIR=DIR
// runs DIR/a.sql against DIR/b.sql (DIR/schemas: include_schemas, one a
// line), for a pair written by hand. Without the variables those tests do
// nothing and pass (a skipped test counts as a failure in CI).

#include <gtest/gtest.h>

#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <retort/autogen.hpp>

#include "support/autogen_fixture.hpp"
#include "fuzz/schema_fuzz.hpp"

namespace retort {
namespace {

using test::fuzz::FuzzOptions;
using test::fuzz::GeneratedPair;

std::string describe(const GeneratedPair& pair) {
  std::string out = "seed " + std::to_string(pair.seed) + "\n-- A:\n" + pair.a + "\n-- B:\n" + pair.b + "\n-- edits:\n";
  for (const auto& e : pair.edits) out += "--   " + e + "\n";
  out += "-- include_schemas:";
  for (const auto& s : pair.schemas) out += " " + s;
  return out + "\n";
}

// The steps of test::expect_dev_reaches_b_and_downgrade_returns_to_a, for a
// pair made at run time. An exception (a statement of the migration that
// PostgreSQL refuses) is a failure here, so the trace above says which pair.
void expect_dev_reaches_b_and_downgrade_returns_to_a(const GeneratedPair& pair) {
  SCOPED_TRACE(describe(pair));
  test::AutogenProject p("fuzz");
  p.set_include_schemas(pair.schemas);
  std::string a;
  std::string b;
  try {
    p.exec(pair.a);
    a = p.live();
  } catch (const std::exception& e) {
    FAIL() << "schema A does not apply (a mistake of the generator): " << e.what();
  }
  try {
    p.declare(pair.b);
    b = p.declared();
  } catch (const std::exception& e) {
    FAIL() << "schema B does not apply (a mistake of the generator): " << e.what();
  }
  DevOptions dev_options;
  dev_options.allow_destructive = true;
  AutogenResult result;
  try {
    result = dev(p.project(), dev_options);
  } catch (const std::exception& e) {
    // The migration dev wrote stays in versions/ when its upgrade fails.
    std::string written;
    for (const auto& file : std::filesystem::directory_iterator(p.dir() / "versions")) {
      std::ifstream in(file.path());
      std::stringstream text;
      text << in.rdbuf();
      written += text.str();
    }
    FAIL() << "dev: " << e.what() << "\n" << written;
  }
  EXPECT_TRUE(result.diff.not_generated.empty())
      << "B has changes retort does not generate (a mistake of the generator):\n  "
      << (result.diff.not_generated.empty() ? "" : result.diff.not_generated.front());
  if (!result.script) {
    // The edits cancelled out: nothing to migrate.
    EXPECT_EQ(a, b);
    return;
  }
  SCOPED_TRACE("upgrade:\n" + result.diff.upgrade_sql + "\ndowngrade:\n" + result.diff.downgrade_sql);
  EXPECT_EQ(p.live(), b);
  try {
    const SchemaDiff after = check(p.project());
    EXPECT_TRUE(after.empty()) << after.upgrade_sql;
    downgrade(p.project(), "-1");
  } catch (const std::exception& e) {
    FAIL() << "check or downgrade: " << e.what();
  }
  EXPECT_EQ(p.live(), a);
  try {
    upgrade(p.project(), "heads");
  } catch (const std::exception& e) {
    FAIL() << "upgrade heads: " << e.what();
  }
  EXPECT_EQ(p.live(), b);
}

// Seeds 1 to 43, 72 and 78. The pairs depend only on the seed and on
// tests/fuzz/: a change there changes every pair, and the list is picked
// again (RETORT_FUZZ_SEEDS=120 RETORT_FUZZ_START=1 lists the failures).
// Seeds 10, 19, 20 and 72 found two bugs since fixed (a column dropped
// before the generated column reading it; ALTER ... TYPE ... USING on a
// generated column). Seed 78 found an enum losing a value under a composite
// type that kept the old type, since fixed. Seeds 1 to 120 all pass.
const std::vector<unsigned>& seeds() {
  static const std::vector<unsigned> all = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
                                            16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
                                            31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 72, 78};
  return all;
}

class AutogenFuzz : public ::testing::TestWithParam<unsigned> {};

TEST_P(AutogenFuzz, DevReachesTheDeclaredSchemaAndDowngradeComesBack) {
  RETORT_REQUIRE_PG();
  expect_dev_reaches_b_and_downgrade_returns_to_a(test::fuzz::generate_pair(GetParam()));
}

std::string seed_name(const ::testing::TestParamInfo<unsigned>& param) { return "seed_" + std::to_string(param.param); }

INSTANTIATE_TEST_SUITE_P(Pairs, AutogenFuzz, ::testing::ValuesIn(seeds()), seed_name);

// With the features left out by default (domains over enums and over other
// domains, composite types with attributes of domain and range types) and
// 4 to 12 edits: seeds 21000 to 21015; 20030, without domains over domains,
// found a domain over a reordered enum dropped after the enum's old type;
// 21129 a composite value rebuilt on a partitioned table in a way
// PostgreSQL cannot run; with 6 to 16 edits, 22142 and 22149 a domain made
// over a domain keeping the default CREATE DOMAIN copies, 22306 a domain
// made over one made again before it, 22515 COLLATE "default" on a column
// retyped from collated text to an enum (all since fixed). With array
// columns of composite types too, 6 to 16 edits: 41027 an enum column
// becoming generated converted after it was dropped, 41110 a foreign key
// between two enum columns rebuilt half-converted, 41198 a partition's
// toast.* options lost with its parent's columns, 41844 ALTER DOMAIN ADD
// CONSTRAINT under a composite type a column holds; with 10 to 24, 43638 an
// aggregate dropped after its remade state function; with the edit
// retyping both ends of a foreign key too, 47211 a sequence of its own
// becoming a column's serial sequence, 50410 a foreign key left on a
// primary key whose INCLUDE column changes type (all since fixed).
struct MoreTypesSeed {
  unsigned seed;
  bool domain_over_domain;
  int min_edits = 4;
  int max_edits = 12;
  bool composite_array = false;
  bool fk_retype = false;
};

class AutogenFuzzMoreTypes : public ::testing::TestWithParam<MoreTypesSeed> {};

TEST_P(AutogenFuzzMoreTypes, DevReachesTheDeclaredSchemaAndDowngradeComesBack) {
  RETORT_REQUIRE_PG();
  FuzzOptions options;
  options.on = {"domain_over_enum", "composite_over_domain"};
  if (GetParam().domain_over_domain) {
    options.on.insert("domain_over_domain");
  }
  if (GetParam().composite_array) {
    options.on.insert("composite_array");
  }
  if (GetParam().fk_retype) {
    options.on.insert("fk_retype");
  }
  options.min_edits = GetParam().min_edits;
  options.max_edits = GetParam().max_edits;
  expect_dev_reaches_b_and_downgrade_returns_to_a(test::fuzz::generate_pair(GetParam().seed, options));
}

std::vector<MoreTypesSeed> more_types_seeds() {
  std::vector<MoreTypesSeed> out;
  for (unsigned seed = 21000; seed <= 21015; ++seed) {
    out.push_back({seed, true});
  }
  out.push_back({20030, false});
  out.push_back({21129, true});
  out.push_back({22142, true, 6, 16});
  out.push_back({22149, true, 6, 16});
  out.push_back({22306, true, 6, 16});
  out.push_back({22515, true, 6, 16});
  out.push_back({40278, true, 6, 16});
  for (unsigned seed : {41027U, 41110U, 41198U, 41844U}) {
    out.push_back({seed, true, 6, 16, true});
  }
  out.push_back({43638, true, 10, 24, true});
  out.push_back({47211, true, 6, 16, true, true});
  out.push_back({50410, true, 6, 16, true, true});
  return out;
}

INSTANTIATE_TEST_SUITE_P(Pairs, AutogenFuzzMoreTypes, ::testing::ValuesIn(more_types_seeds()),
                         [](const ::testing::TestParamInfo<MoreTypesSeed>& param) {
                           return "seed_" + std::to_string(param.param.seed);
                         });

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// Exploration: RETORT_FUZZ_SEEDS=N more seeds from RETORT_FUZZ_START
// (default 1000). Unset, it does nothing and passes.
TEST(AutogenFuzzExplore, SeedsFromTheEnvironment) {
  const std::string count = env("RETORT_FUZZ_SEEDS");
  if (count.empty()) {
    return;
  }
  RETORT_REQUIRE_PG();
  const std::string start_text = env("RETORT_FUZZ_START");
  const unsigned start = start_text.empty() ? 1000U : static_cast<unsigned>(std::stoul(start_text));
  const unsigned n = static_cast<unsigned>(std::stoul(count));
  FuzzOptions options;
  options.off = test::fuzz::split_list(env("RETORT_FUZZ_OFF"));
  options.on = test::fuzz::split_list(env("RETORT_FUZZ_ON"));
  const std::string edits = env("RETORT_FUZZ_EDITS");  // "4-10": edits from A to B
  if (!edits.empty()) {
    options.min_edits = std::stoi(edits.substr(0, edits.find('-')));
    options.max_edits = std::stoi(edits.substr(edits.find('-') + 1));
  }
  const std::string keep = env("RETORT_FUZZ_KEEP");  // a folder: each pair also goes to KEEP/SEED.sql
  std::vector<unsigned> failed;
  for (unsigned seed = start; seed < start + n; ++seed) {
    const int before = ::testing::UnitTest::GetInstance()->current_test_info()->result()->total_part_count();
    const GeneratedPair pair = test::fuzz::generate_pair(seed, options);
    if (!keep.empty()) {
      std::ofstream(std::filesystem::path(keep) / (std::to_string(seed) + ".sql")) << describe(pair);
    }
    expect_dev_reaches_b_and_downgrade_returns_to_a(pair);
    if (::testing::UnitTest::GetInstance()->current_test_info()->result()->total_part_count() != before) {
      failed.push_back(seed);
    }
  }
  std::ostringstream summary;
  for (unsigned seed : failed) summary << " " << seed;
  std::cout << "[ fuzz     ] " << n - failed.size() << " of " << n << " seeds passed; failed:" << summary.str()
            << std::endl;
}

// A pair written by hand: RETORT_FUZZ_PAIR=DIR with DIR/a.sql, DIR/b.sql and,
// if there is one, DIR/schemas. Unset, it does nothing and passes.
TEST(AutogenFuzzExplore, PairFromTheEnvironment) {
  const std::string dir = env("RETORT_FUZZ_PAIR");
  if (dir.empty()) {
    return;
  }
  RETORT_REQUIRE_PG();
  auto read = [](const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  GeneratedPair pair;
  pair.a = read(std::filesystem::path(dir) / "a.sql");
  pair.b = read(std::filesystem::path(dir) / "b.sql");
  std::istringstream schemas(read(std::filesystem::path(dir) / "schemas"));
  for (std::string line; std::getline(schemas, line);) {
    if (!line.empty()) pair.schemas.push_back(line);
  }
  expect_dev_reaches_b_and_downgrade_returns_to_a(pair);
}

}  // namespace
}  // namespace retort
