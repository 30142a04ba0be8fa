// Autogenerate's property, shared by the pair corpora in
// tests/pg/autogen_property_test.cpp and autogen_property_more_test.cpp:
// start a database at A, declare B, run dev; then the database's snapshot
// equals the shadow snapshot of B and check finds nothing; downgrade -1
// gives back A's snapshot exactly; upgrade heads gives B again.

#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include <retort/autogen.hpp>

#include "support/autogen_fixture.hpp"

namespace retort::test {

struct SchemaPair {
  const char* name;
  const char* a;  // also may insert rows
  const char* b;
  std::vector<std::string> schemas = {};  // include_schemas
  // A query giving one value that says what the rows hold (e.g. a
  // string_agg of them): after dev it is `values_in_b`; after downgrade -1
  // what it was at A; after upgrade heads `values_in_b` again.
  const char* values = nullptr;
  const char* values_in_b = nullptr;
};

// gtest prints the pair by name, not as bytes.
inline void PrintTo(const SchemaPair& pair, std::ostream* os) { *os << pair.name; }

inline std::string pair_name(const ::testing::TestParamInfo<SchemaPair>& info) { return info.param.name; }

inline void expect_dev_reaches_b_and_downgrade_returns_to_a(const SchemaPair& pair) {
  AutogenProject p(pair.name);
  p.set_include_schemas(pair.schemas);
  if (*pair.a) {
    p.exec(pair.a);
  }
  const std::string a = p.live();
  const std::string values_in_a = pair.values ? p.value(pair.values) : "";
  p.declare(pair.b);
  const std::string b = p.declared();
  ASSERT_NE(a, b) << "the pair must differ";

  DevOptions dev_options;
  dev_options.allow_destructive = true;
  const AutogenResult result = dev(p.project(), dev_options);
  ASSERT_TRUE(result.script);
  SCOPED_TRACE("upgrade:\n" + result.diff.upgrade_sql + "\ndowngrade:\n" + result.diff.downgrade_sql);
  EXPECT_EQ(p.live(), b);
  const SchemaDiff after = check(p.project());
  EXPECT_TRUE(after.empty()) << after.upgrade_sql;
  if (pair.values) {
    EXPECT_EQ(p.value(pair.values), pair.values_in_b) << "after dev";
  }

  downgrade(p.project(), "-1");
  EXPECT_EQ(p.live(), a);
  if (pair.values) {
    EXPECT_EQ(p.value(pair.values), values_in_a) << "after downgrade -1";
  }

  upgrade(p.project(), "heads");
  EXPECT_EQ(p.live(), b);
  if (pair.values) {
    EXPECT_EQ(p.value(pair.values), pair.values_in_b) << "after upgrade heads";
  }
}

}  // namespace retort::test

// The property as a parameterized suite over `pairs` (a std::vector of
// SchemaPair): tests named Pairs/SUITE.DevReachesTheDeclaredSchemaAndDowngradeComesBack/NAME.
#define RETORT_AUTOGEN_PROPERTY_SUITE(SUITE, pairs)                                      \
  class SUITE : public ::testing::TestWithParam<::retort::test::SchemaPair> {};          \
  TEST_P(SUITE, DevReachesTheDeclaredSchemaAndDowngradeComesBack) {                      \
    RETORT_REQUIRE_PG();                                                                 \
    ::retort::test::expect_dev_reaches_b_and_downgrade_returns_to_a(GetParam());         \
  }                                                                                      \
  INSTANTIATE_TEST_SUITE_P(Pairs, SUITE, ::testing::ValuesIn(pairs), ::retort::test::pair_name)
