// The SQL made for the objects of Catalog::others that autogenerate writes:
// aggregates, range types, rules, composite types, on objects built in
// memory (the PostgreSQL property tests run it).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/diff.hpp"
#include "autogen/operations.hpp"
#include "autogen/other_objects.hpp"
#include "support/autogen_catalog.hpp"

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

// A routine made again gives back the grants it had, and takes EXECUTE
// from PUBLIC again where it had been; CREATE OR REPLACE keeps them itself.
TEST(AutogenOtherSql, RoutinesMadeAgainGiveTheirGrantsBack) {
  auto before = aggregate("app", "total(integer)", "RETURNS integer\nSFUNC = int4pl, STYPE = integer");
  before.grants = {{"EXECUTE", "PUBLIC", false, true}, {"EXECUTE", "\"Reader\"", true, false}};
  EXPECT_THAT(create_other_sql(before, "public"),
              ElementsAre("CREATE AGGREGATE app.total(integer) (SFUNC = int4pl, STYPE = integer)",
                          "REVOKE EXECUTE ON ROUTINE app.total(integer) FROM PUBLIC",
                          "GRANT EXECUTE ON ROUTINE app.total(integer) TO \"Reader\" WITH GRANT OPTION"));
  auto after = before;
  after.definition += ", INITCOND = '0'";
  EXPECT_THAT(replace_other_sql(before, after, "public"),
              ElementsAre("CREATE OR REPLACE AGGREGATE app.total(integer) (SFUNC = int4pl, STYPE = integer, "
                          "INITCOND = '0')"));
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

TEST(AutogenOtherSql, DroppingAnAttributeOfACompositeTypeThatColumnsUseLosesData) {
  const OtherObject before{"composite type", {"public", "pt"}, {}, "x integer, y integer, \"Z z\" text"};
  OtherObject after = before;
  after.definition = "x integer, w text";
  EXPECT_THAT(dropped_attributes(before, after), ElementsAre("y", "\"Z z\""));
  EXPECT_THAT(replace_other_sql(before, after, "public"),
              ElementsAre("ALTER TYPE pt DROP ATTRIBUTE y", "ALTER TYPE pt DROP ATTRIBUTE \"Z z\"",
                          "ALTER TYPE pt ADD ATTRIBUTE w text"));
  // Only columns hold values of it.
  EXPECT_EQ(data_loss(Operation{ReplaceOther{before, after, false}, {}, {}}, "public"), std::nullopt);
  EXPECT_EQ(data_loss(Operation{ReplaceOther{before, after, true}, {}, {}}, "public"),
            "drops attributes y, \"Z z\" of composite type pt and the values the columns of that type hold in them");
  // The downgrade drops w, and keeps the flag.
  EXPECT_EQ(data_loss(inverse(Operation{ReplaceOther{before, after, true}, {}, {}}), "public"),
            "drops attribute w of composite type pt and the values the columns of that type hold in it");
}

Catalog with_point_columns(const std::string& definition) {
  Catalog c = test::catalog({test::table_of("t", {test::column_of("p", "pt"), test::column_of("ps", "pt", true)})});
  c.others = {{"composite type", {"public", "pt"}, {}, definition}};
  return c;
}

TEST(AutogenOtherSql, ACompositeTypeRetypingAnAttributeColumnsHoldIsMadeAgainAndTheColumnsConverted) {
  const Catalog a = with_point_columns("x integer, y text");
  const Catalog b = with_point_columns("x bigint, y text, z integer");
  const auto ops = diff_catalogs(a, b);
  ASSERT_EQ(ops.size(), 1U);
  ASSERT_TRUE(std::holds_alternative<ReplaceComposite>(ops[0].kind));
  EXPECT_EQ(describe(ops[0], "public"), "change composite type pt and convert its columns");
  // z is added in place first: then both types have their attributes in
  // the same places, and text converts one into the other.
  EXPECT_THAT(statements(ops[0], "public"),
              ElementsAre("ALTER TYPE pt ADD ATTRIBUTE z integer", "ALTER TYPE pt RENAME TO pt__old",
                          "CREATE TYPE pt AS (x bigint, y text, z integer)",
                          "ALTER TABLE t ALTER COLUMN p TYPE pt USING p::text::pt",
                          "ALTER TABLE t ALTER COLUMN ps TYPE pt[] USING ps::text[]::pt[]", "DROP TYPE pt__old"));
  EXPECT_EQ(data_loss(ops[0], "public"), std::nullopt);  // widened, added
  EXPECT_THAT(statements(inverse(ops[0]), "public"),
              ElementsAre("ALTER TYPE pt DROP ATTRIBUTE z", "ALTER TYPE pt RENAME TO pt__old",
                          "CREATE TYPE pt AS (x integer, y text)",
                          "ALTER TABLE t ALTER COLUMN p TYPE pt USING p::text::pt",
                          "ALTER TABLE t ALTER COLUMN ps TYPE pt[] USING ps::text[]::pt[]", "DROP TYPE pt__old"));
  EXPECT_EQ(data_loss(inverse(ops[0]), "public"),
            "changes composite type pt under its columns: drops attribute z and the values in it; narrows x from "
            "bigint to integer: values that do not fit are cut or rejected");
}

TEST(AutogenOtherSql, ACompositeTypeReorderedUnderAColumnIsBuiltAgainAttributeByAttribute) {
  Catalog a = with_point_columns("x integer, y text");
  a.tables[0].columns.pop_back();  // no array column
  Catalog b = a;
  b.others[0].definition = "y text, x bigint, \"Z\" integer";
  ASSERT_TRUE(composite_replaced(a.others[0], b.others[0], a, b));
  const auto ops = diff_catalogs(a, b);
  ASSERT_EQ(ops.size(), 1U);
  EXPECT_THAT(statements(ops[0], "public"),
              ElementsAre("ALTER TYPE pt RENAME TO pt__old", "CREATE TYPE pt AS (y text, x bigint, \"Z\" integer)",
                          "ALTER TABLE t ALTER COLUMN p TYPE pt USING CASE WHEN p IS NOT DISTINCT FROM NULL THEN NULL ELSE "
                          "ROW((p).y, (p).x::bigint, NULL::integer)::pt END",
                          "DROP TYPE pt__old"));
}

TEST(AutogenOtherSql, ACompositeTypeReorderedUnderAnArrayColumnIsConvertedByACastOfTheOldTypeToTheNew) {
  const Catalog a = with_point_columns("x integer, y text");
  const Catalog b = with_point_columns("y text, x bigint");
  ASSERT_TRUE(composite_replaced(a.others[0], b.others[0], a, b));
  const auto ops = diff_catalogs(a, b);
  ASSERT_EQ(ops.size(), 1U);
  const std::string value = "CASE WHEN $1 IS NOT DISTINCT FROM NULL THEN NULL ELSE ROW(($1).y, ($1).x::bigint)::pt END";
  EXPECT_THAT(statements(ops[0], "public"),
              ElementsAre("ALTER TYPE pt RENAME TO pt__old", "CREATE TYPE pt AS (y text, x bigint)",
                          "CREATE FUNCTION pt__convert(pt__old) RETURNS pt LANGUAGE sql IMMUTABLE AS $convert$ SELECT " +
                              value + " $convert$",
                          "CREATE CAST (pt__old AS pt) WITH FUNCTION pt__convert(pt__old)",
                          "ALTER TABLE t ALTER COLUMN p TYPE pt USING p::pt",
                          "ALTER TABLE t ALTER COLUMN ps TYPE pt[] USING ps::pt[]", "DROP CAST (pt__old AS pt)",
                          "DROP FUNCTION pt__convert(pt__old)", "DROP TYPE pt__old"));
}

TEST(AutogenOtherSql, TheConversionFunctionsBodyIsQuotedWithATagItDoesNotHold) {
  Catalog a = with_point_columns("x integer, \"$convert$\" text");
  a.others[0].name = {"app", "pt"};
  for (auto& c : a.tables[0].columns) {
    c.base_type = {"app", "pt"};
  }
  Catalog b = a;
  b.others[0].definition = "\"$convert$\" text, x integer";
  const auto ops = diff_catalogs(a, b);
  ASSERT_EQ(ops.size(), 1U);
  const auto sql = statements(ops[0], "public");
  ASSERT_GE(sql.size(), 3U);
  EXPECT_EQ(sql[2],
            "CREATE FUNCTION app.pt__convert(app.pt__old) RETURNS app.pt LANGUAGE sql IMMUTABLE AS $convert_$ SELECT "
            "CASE WHEN $1 IS NOT DISTINCT FROM NULL THEN NULL ELSE ROW(($1).\"$convert$\", ($1).x)::app.pt END "
            "$convert_$");
}

TEST(AutogenOtherSql, ACompositeTypeLosingAMiddleAttributeUnderAColumnIsMadeAgainForTheDowngrade) {
  Catalog a = with_point_columns("x integer, y text, z integer");
  a.tables[0].columns.pop_back();
  Catalog b = a;
  b.others[0].definition = "x integer, z integer";
  const auto ops = diff_catalogs(a, b);
  ASSERT_EQ(ops.size(), 1U);
  EXPECT_THAT(statements(ops[0], "public"),
              ElementsAre("ALTER TYPE pt DROP ATTRIBUTE y", "ALTER TYPE pt RENAME TO pt__old",
                          "CREATE TYPE pt AS (x integer, z integer)",
                          "ALTER TABLE t ALTER COLUMN p TYPE pt USING p::text::pt", "DROP TYPE pt__old"));
  // Back: y goes between x and z again, which ADD ATTRIBUTE cannot do.
  EXPECT_THAT(statements(inverse(ops[0]), "public"),
              ::testing::Contains("ALTER TABLE t ALTER COLUMN p TYPE pt USING CASE WHEN p IS NOT DISTINCT FROM NULL THEN NULL "
                                  "ELSE ROW((p).x, NULL::text, (p).z)::pt END"));
}

TEST(AutogenOtherSql, ACompositeTypeNoColumnHoldsOrOnlyGainingAttributesIsAlteredInPlace) {
  Catalog a = with_point_columns("x integer, y text");
  Catalog b = with_point_columns("x integer, y text, z integer");
  EXPECT_FALSE(composite_replaced(a.others[0], b.others[0], a, b));
  EXPECT_THAT(statements(diff_catalogs(a, b).at(0), "public"), ElementsAre("ALTER TYPE pt ADD ATTRIBUTE z integer"));
  // No column holds it: ALTER ATTRIBUTE ... TYPE.
  a.tables.clear();
  b = a;
  b.others[0].definition = "x bigint, y text";
  EXPECT_FALSE(composite_replaced(a.others[0], b.others[0], a, b));
  EXPECT_THAT(statements(diff_catalogs(a, b).at(0), "public"), ElementsAre("ALTER TYPE pt ALTER ATTRIBUTE x TYPE bigint"));
}

TEST(AutogenOtherSql, ARangeTypeMadeAgainTakesTheDomainOverItAndTheAttributesOfItAlong) {
  Catalog a = test::catalog();
  Domain open;
  open.name = {"public", "open_span"};
  open.base_type = "span";
  a.domains = {open};
  a.others = {{"composite type", {"public", "slot"}, {}, "s span, label text"},
              {"range type", {"public", "span"}, {}, "SUBTYPE = integer"}};
  Catalog b = a;
  b.others[1].definition = "SUBTYPE = bigint";
  const auto ops = diff_catalogs(a, b);
  ASSERT_EQ(ops.size(), 1U);
  ASSERT_TRUE(std::holds_alternative<ReplaceRange>(ops[0].kind));
  EXPECT_THAT(statements(ops[0], "public"),
              ElementsAre("ALTER TYPE span RENAME TO span__old", "ALTER FUNCTION span(integer, integer) RENAME TO span__old",
                          "ALTER FUNCTION span(integer, integer, text) RENAME TO span__old",
                          "CREATE TYPE span AS RANGE (SUBTYPE = bigint)", "ALTER TYPE slot ALTER ATTRIBUTE s TYPE span",
                          "ALTER DOMAIN open_span RENAME TO open_span__old", "CREATE DOMAIN open_span AS span",
                          "DROP DOMAIN open_span__old", "DROP TYPE span__old"));
  const auto back = statements(inverse(ops[0]), "public");
  EXPECT_THAT(back, ::testing::Contains("CREATE TYPE span AS RANGE (SUBTYPE = integer)"));
  EXPECT_THAT(back, ::testing::Contains("CREATE DOMAIN open_span AS span"));
}

TEST(AutogenOtherSql, ACompositeTypeAColumnHoldsIsMadeAgainWithTheEnumItHasAnAttributeOf) {
  Catalog a = with_point_columns("m mood, n integer");
  a.enums = {Enum{{"public", "mood"}, {"a", "b"}}};
  a.others.push_back({"composite type", {"public", "loose"}, {}, "m mood"});  // no column holds it
  Catalog b = a;
  b.enums[0].values = {"b", "c"};
  const auto ops = diff_catalogs(a, b);
  ASSERT_EQ(ops.size(), 1U);
  EXPECT_THAT(statements(ops[0], "public"),
              ElementsAre("ALTER TYPE mood RENAME TO mood__old", "CREATE TYPE mood AS ENUM ('b', 'c')",
                          "ALTER TYPE loose ALTER ATTRIBUTE m TYPE mood", "ALTER TYPE pt RENAME TO pt__old",
                          "CREATE TYPE pt AS (m mood, n integer)",
                          "ALTER TABLE t ALTER COLUMN p TYPE pt USING p::text::pt",
                          "ALTER TABLE t ALTER COLUMN ps TYPE pt[] USING ps::text[]::pt[]", "DROP TYPE pt__old",
                          "DROP TYPE mood__old"));
  // One made again itself (an attribute retyped) is made again as it was
  // over the new enum first, then as declared (seed 60163).
  b.others[0].definition = "m mood, n bigint";
  const auto held = held_composites_of(a, b, {"public", "mood"}, "public");
  ASSERT_EQ(held.size(), 1U);
  EXPECT_EQ(held[0]->name.name, "pt");
  std::vector<std::string> all;
  for (const auto& op : diff_catalogs(a, b)) {
    const auto some = statements(op, "public");
    all.insert(all.end(), some.begin(), some.end());
  }
  const auto at = [&](const std::string& statement) { return std::find(all.begin(), all.end(), statement) - all.begin(); };
  EXPECT_LT(at("CREATE TYPE pt AS (m mood, n integer)"), at("DROP TYPE mood__old"));
  EXPECT_LT(at("DROP TYPE mood__old"), at("CREATE TYPE pt AS (m mood, n bigint)"));
  EXPECT_LT(at("CREATE TYPE pt AS (m mood, n bigint)"), static_cast<std::ptrdiff_t>(all.size()));
}

TEST(AutogenOtherSql, AttributesOfATypeAreFoundByTypeAndArrayOfIt) {
  const OtherObject pair{"composite type", {"public", "pair"}, {}, "m mood, ms mood[], other moods, n integer"};
  EXPECT_THAT(attributes_of_type(pair, "mood"), ElementsAre("m TYPE mood", "ms TYPE mood[]"));
  const OtherObject range{"range type", {"public", "span"}, {}, "SUBTYPE = mood"};
  EXPECT_TRUE(attributes_of_type(range, "mood").empty());
}

TEST(AutogenOtherSql, ARoutinesNameIsItsQuotedNameWithoutItsArguments) {
  EXPECT_EQ(routine_name({"public", "total(integer)"}), "total");
  EXPECT_EQ(routine_name({"public", "\"Total\"(integer, text)"}), "\"Total\"");
  EXPECT_EQ(routine_name({"public", "now_utc()"}), "now_utc");
  // A parenthesis or a doubled quote inside a quoted name is part of it.
  EXPECT_EQ(routine_name({"public", "\"f(x)\"(integer)"}), "\"f(x)\"");
  EXPECT_EQ(routine_name({"public", "\"a\"\"(b\"(text)"}), "\"a\"\"(b\"");
  // An aggregate's SFUNC names its function without arguments.
  EXPECT_EQ(routine_name({"public", "int4pl"}), "int4pl");
}

TEST(AutogenOtherSql, ARangeTypeCallsItsSubtypeDiffAndCanonicalFunctionsByNameWithoutSchema) {
  const auto range = [](const std::string& definition) {
    return OtherObject{"range type", {"app", "r"}, {}, definition};
  };
  const std::vector<std::string> made = {"\"Diff\"", "canon"};
  EXPECT_TRUE(range_calls(range("SUBTYPE = double precision, SUBTYPE_DIFF = app.\"Diff\""), made));
  EXPECT_TRUE(range_calls(range("SUBTYPE = integer, CANONICAL = canon, SUBTYPE_DIFF = int4mi"), made));
  EXPECT_TRUE(range_calls(range("SUBTYPE = integer, SUBTYPE_DIFF = \"x.y\".canon"), made));
  EXPECT_FALSE(range_calls(range("SUBTYPE = double precision, SUBTYPE_DIFF = float8mi"), made));
  EXPECT_FALSE(range_calls(range("SUBTYPE = integer, SUBTYPE_DIFF = canon2"), made));
  EXPECT_FALSE(range_calls(OtherObject{"composite type", {"app", "r"}, {}, "SUBTYPE_DIFF = canon"}, made));
}

}  // namespace
}  // namespace retort::autogen
