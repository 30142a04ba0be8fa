// The SQL made for the objects of Catalog::others that autogenerate writes:
// aggregates, range types, rules, composite types, on objects built in
// memory (the PostgreSQL property tests run it).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/other_objects.hpp"

namespace retort::autogen {
namespace {

using ::testing::ElementsAre;

OtherObject aggregate(std::string schema, std::string name, std::string definition) {
  return {"aggregate", {std::move(schema), std::move(name)}, {}, std::move(definition)};
}

TEST(AutogenOtherSql, AggregatesAreMadeFromTheirParametersAndReplacedInPlaceWhileTheResultStays) {
  const auto before = aggregate("public", "total(integer)", "RETURNS integer\nSFUNC = int4pl, STYPE = integer");
  const auto after =
      aggregate("public", "total(integer)", "RETURNS integer\nSFUNC = int4pl, STYPE = integer, INITCOND = '0'");
  EXPECT_THAT(create_other_sql(before, "public"),
              ElementsAre("CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer)"));
  EXPECT_THAT(drop_other_sql(before, "public"), ElementsAre("DROP AGGREGATE total(integer)"));
  EXPECT_THAT(replace_other_sql(before, after, "public"),
              ElementsAre("CREATE OR REPLACE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer, "
                          "INITCOND = '0')"));
  // CREATE OR REPLACE cannot change the result type.
  const auto wider =
      aggregate("public", "total(integer)", "RETURNS bigint\nSFUNC = int4pl, STYPE = integer, FINALFUNC = int8");
  EXPECT_THAT(replace_other_sql(before, wider, "public"),
              ElementsAre("DROP AGGREGATE total(integer)",
                          "CREATE AGGREGATE total(integer) (SFUNC = int4pl, STYPE = integer, FINALFUNC = int8)"));
}

TEST(AutogenOtherSql, AnAggregateWithoutArgumentsTakesAStarAndOtherSchemasQualify) {
  const auto count = aggregate("app", "cnt()", "RETURNS bigint\nSFUNC = int8inc, STYPE = bigint");
  EXPECT_THAT(create_other_sql(count, "public"),
              ElementsAre("CREATE AGGREGATE app.cnt(*) (SFUNC = int8inc, STYPE = bigint)"));
  EXPECT_THAT(drop_other_sql(count, "public"), ElementsAre("DROP AGGREGATE app.cnt(*)"));
}

TEST(AutogenOtherSql, RangeTypesAreDroppedAndMadeAgain) {
  const OtherObject before{"range type", {"public", "span"}, {}, "SUBTYPE = integer, SUBTYPE_OPCLASS = int4_ops"};
  OtherObject after = before;
  after.definition = "SUBTYPE = bigint, SUBTYPE_OPCLASS = int8_ops";
  EXPECT_THAT(replace_other_sql(before, after, "public"),
              ElementsAre("DROP TYPE span", "CREATE TYPE span AS RANGE (SUBTYPE = bigint, SUBTYPE_OPCLASS = int8_ops)"));
}

TEST(AutogenOtherSql, RulesAreMadeFromTheirDefinitionAndDroppedByName) {
  const OtherObject rule{"rule", {"app", "keep"}, {"app", "items"},
                         "CREATE RULE keep AS\n    ON DELETE TO app.items DO INSTEAD NOTHING;"};
  EXPECT_THAT(create_other_sql(rule, "public"),
              ElementsAre("CREATE RULE keep AS\n    ON DELETE TO app.items DO INSTEAD NOTHING"));
  EXPECT_THAT(drop_other_sql(rule, "public"), ElementsAre("DROP RULE keep ON app.items"));
  EXPECT_EQ(other_name(rule, "public"), "rule keep on app.items");
}

}  // namespace
}  // namespace retort::autogen
