// Where the diff puts domains, sequences and functions that depend on one
// another: a domain whose default or check calls a function of the same
// migration is made after it (and a new function taking that domain after
// the domain), dropped before it; sequences come before domains. The
// PostgreSQL property tests run the same orders on a server.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/diff.hpp"
#include "autogen/object_order.hpp"
#include "support/autogen_catalog.hpp"

namespace retort::autogen {
namespace {

using ::testing::ElementsAre;

OtherObject function(std::string signature_name, std::string definition) {
  return {"function", {"public", std::move(signature_name)}, {}, std::move(definition)};
}

const OtherObject k_is_even = function(
    "is_even(integer)",
    "CREATE OR REPLACE FUNCTION public.is_even(i integer)\n RETURNS boolean\n LANGUAGE sql\n IMMUTABLE\n"
    "AS $function$ SELECT i % 2 = 0 $function$\n");
const OtherObject k_twice = function(
    "twice(even)",
    "CREATE OR REPLACE FUNCTION public.twice(e even)\n RETURNS integer\n LANGUAGE sql\n"
    "AS $function$ SELECT e * 2 $function$\n");

Domain even() {
  Domain d;
  d.name = {"public", "even"};
  d.base_type = "integer";
  Constraint check;
  check.name = "even_check";
  check.definition = "CHECK (is_even(VALUE))";
  d.constraints.push_back(check);
  return d;
}

Domain plain(std::string name, std::string base) {
  Domain d;
  d.name = {"public", std::move(name)};
  d.base_type = std::move(base);
  return d;
}

using test::catalog;
using test::descriptions;

TEST(AutogenDomainOrder, ADomainCallingANewFunctionComesAfterItAndGoesBeforeIt) {
  const Catalog empty = catalog();
  Catalog b = catalog();
  b.domains = {plain("even2", "even"), even()};
  b.others = {k_is_even, k_twice};
  EXPECT_THAT(descriptions(diff_catalogs(empty, b)),
              ElementsAre("add function is_even(integer)", "add domain even", "add domain even2",
                          "add function twice(even)"));
  EXPECT_THAT(descriptions(diff_catalogs(b, empty)),
              ElementsAre("drop function twice(even)", "drop domain even2", "drop domain even",
                          "drop function is_even(integer)"));
}

TEST(AutogenDomainOrder, ADomainGainingACheckOnANewFunctionIsAlteredAfterIt) {
  Catalog a = catalog();
  a.domains = {plain("even", "integer")};
  Catalog b = catalog();
  b.domains = {even()};
  b.others = {k_is_even};
  const auto ops = diff_catalogs(a, b);
  ASSERT_EQ(ops.size(), 2U);
  EXPECT_EQ(describe(ops[0], "public"), "add function is_even(integer)");
  EXPECT_TRUE(std::holds_alternative<AlterDomain>(ops[1].kind));
}

TEST(AutogenDomainOrder, DomainsCallingFunctionsThatStayKeepTheirPlaceBeforeFunctions) {
  Catalog a = catalog();
  a.others = {k_is_even};
  Catalog b = a;
  b.domains = {even()};
  b.others.push_back(function("other(integer)",
                              "CREATE OR REPLACE FUNCTION public.other(i integer)\n RETURNS integer\n LANGUAGE sql\n"
                              "AS $function$ SELECT i $function$\n"));
  EXPECT_THAT(descriptions(diff_catalogs(a, b)), ElementsAre("add domain even", "add function other(integer)"));
}

TEST(AutogenDomainOrder, ADomainLetsGoOfAFunctionDroppedAndMadeAgainAndTakesItBackAfter) {
  Catalog a = catalog();
  Domain d = even();
  d.default_expr = "2";
  a.domains = {d};
  a.others = {k_is_even};
  Catalog b = a;
  // An argument renamed: CREATE OR REPLACE cannot, so it is dropped and created.
  b.others = {function("is_even(integer)",
                       "CREATE OR REPLACE FUNCTION public.is_even(n integer)\n RETURNS boolean\n LANGUAGE sql\n"
                       " IMMUTABLE\nAS $function$ SELECT n % 2 = 0 $function$\n")};
  const auto ops = diff_catalogs(a, b);
  ASSERT_EQ(ops.size(), 3U);
  EXPECT_THAT(statements(ops[0], "public"), ElementsAre("ALTER DOMAIN even DROP CONSTRAINT even_check"));
  EXPECT_EQ(describe(ops[1], "public"), "change function is_even(integer)");
  EXPECT_THAT(statements(ops[2], "public"),
              ElementsAre("ALTER DOMAIN even ADD CONSTRAINT even_check CHECK (is_even(VALUE))"));
  // The downgrade: the same steps the other way, around the old function.
  EXPECT_THAT(statements(inverse(ops[2]), "public"), ElementsAre("ALTER DOMAIN even DROP CONSTRAINT even_check"));
  EXPECT_THAT(statements(inverse(ops[0]), "public"),
              ElementsAre("ALTER DOMAIN even ADD CONSTRAINT even_check CHECK (is_even(VALUE))"));
  // A function that stays as it is leaves the domain alone.
  EXPECT_TRUE(diff_catalogs(a, a).empty());
}

Catalog moods(std::vector<std::string> values) {
  Catalog c = catalog();
  c.enums = {Enum{{"public", "mood"}, std::move(values)}};
  c.domains = {plain("glad", "mood"), plain("gladder", "glad"), plain("moods", "mood[]"), plain("other", "text")};
  return c;
}

TEST(AutogenDomainOrder, DomainsOverAnEnumMadeAgainAreMadeAgainBeforeTheOldEnumGoes) {
  const auto ops = diff_catalogs(moods({"a", "b"}), moods({"b", "c"}));
  ASSERT_EQ(ops.size(), 1U);
  EXPECT_THAT(statements(ops[0], "public"),
              ElementsAre("ALTER TYPE mood RENAME TO mood__old", "CREATE TYPE mood AS ENUM ('b', 'c')",
                          "ALTER DOMAIN glad RENAME TO glad__old", "CREATE DOMAIN glad AS mood",
                          "ALTER DOMAIN gladder RENAME TO gladder__old", "CREATE DOMAIN gladder AS glad",
                          "DROP DOMAIN gladder__old", "DROP DOMAIN glad__old",
                          "ALTER DOMAIN moods RENAME TO moods__old", "CREATE DOMAIN moods AS mood[]",
                          "DROP DOMAIN moods__old", "DROP TYPE mood__old"));
  EXPECT_THAT(statements(inverse(ops[0]), "public"),
              ElementsAre("ALTER TYPE mood RENAME TO mood__old", "CREATE TYPE mood AS ENUM ('a', 'b')",
                          "ALTER DOMAIN glad RENAME TO glad__old", "CREATE DOMAIN glad AS mood",
                          "ALTER DOMAIN gladder RENAME TO gladder__old", "CREATE DOMAIN gladder AS glad",
                          "DROP DOMAIN gladder__old", "DROP DOMAIN glad__old",
                          "ALTER DOMAIN moods RENAME TO moods__old", "CREATE DOMAIN moods AS mood[]",
                          "DROP DOMAIN moods__old", "DROP TYPE mood__old"));
}

TEST(AutogenDomainOrder, AnEnumOnlyGainingValuesLeavesItsDomainsToTheDowngrade) {
  Catalog b = moods({"a", "b", "c"});
  b.domains[0].default_expr = "'c'::mood";  // glad changes too: altered on its own
  const auto ops = diff_catalogs(moods({"a", "b"}), b);
  ASSERT_EQ(ops.size(), 2U);
  EXPECT_THAT(statements(ops[0], "public"), ElementsAre("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'c' AFTER 'b'"));
  EXPECT_THAT(statements(ops[1], "public"), ElementsAre("ALTER DOMAIN glad SET DEFAULT 'c'::mood"));
  // The downgrade takes 'c' out: the domains, back as they were, are made
  // again over the enum without it.
  const auto back = statements(inverse(ops[0]), "public");
  EXPECT_THAT(back, ::testing::Contains("CREATE DOMAIN glad AS mood"));
  EXPECT_THAT(back, ::testing::Contains("CREATE DOMAIN moods AS mood[]"));
  EXPECT_EQ(back.back(), "DROP TYPE mood__old");
}

TEST(AutogenDomainOrder, DefaultsCallingAFunctionMadeAfterTheTablesAreSetAfterIt) {
  Column plain_column;
  plain_column.name = "id";
  plain_column.type = "integer";
  Column numbered = plain_column;
  numbered.name = "no";
  numbered.default_expr = "next_no()";
  Table orders;
  orders.name = {"public", "orders"};
  orders.columns = {plain_column, numbered};
  Column was = numbered;
  was.default_expr = "1";
  std::vector<Operation> ops{{CreateTable{orders}, {}, {}},
                             {AddColumn{{"public", "other"}, numbered}, {}, {}},
                             {AlterColumn{{"public", "third"}, was, numbered}, {}, {}},
                             {AddColumn{{"public", "other"}, plain_column}, {}, {}}};
  std::vector<Operation> later;
  defer_defaults_calling(ops, {"next_no"}, later);
  ASSERT_EQ(ops.size(), 3U);
  EXPECT_THAT(statements(ops[0], "public"),
              ElementsAre("CREATE TABLE orders (\n    id integer,\n    no integer\n)"));
  // The column change keeps its old default until the function is there.
  EXPECT_TRUE(statements(ops[1], "public").empty());
  EXPECT_THAT(statements(ops[2], "public"), ElementsAre("ALTER TABLE other ADD COLUMN id integer"));
  // The added column comes whole, after the function: its default fills
  // the rows there are.
  EXPECT_THAT(descriptions(later), ElementsAre("add column other.no", "alter column orders.no (default next_no())",
                                               "alter column third.no (default next_no())"));
  EXPECT_THAT(statements(later[1], "public"), ElementsAre("ALTER TABLE orders ALTER COLUMN no SET DEFAULT next_no()"));
  EXPECT_THAT(statements(later[2], "public"), ElementsAre("ALTER TABLE third ALTER COLUMN no SET DEFAULT next_no()"));
}

TEST(AutogenDomainOrder, SequencesComeBeforeDomainsThatMayCallNextval) {
  const Catalog empty = catalog();
  Catalog b = catalog();
  Domain counter = plain("counter", "bigint");
  counter.default_expr = "nextval('s'::regclass)";
  b.domains = {counter};
  b.sequences = {Sequence{{"public", "s"}, "bigint", 1, 1, 1, 9223372036854775807LL, 1, false}};
  EXPECT_THAT(descriptions(diff_catalogs(empty, b)), ElementsAre("add sequence s", "add domain counter"));
  EXPECT_THAT(descriptions(diff_catalogs(b, empty)), ElementsAre("drop domain counter", "drop sequence s"));
}

TEST(AutogenDomainOrder, AnExtensionChangingSchemaMovesAndTakesItsColumnsTypesAlong) {
  Catalog a = catalog();
  a.extensions = {{"citext", "public"}};
  a.tables = {test::table_of("t", {test::column_of("email", "citext")})};
  Catalog b = a;
  b.schemas.push_back("ext");
  b.extensions = {{"citext", "ext"}};
  b.tables[0].columns[0].type = "ext.citext";
  b.tables[0].columns[0].base_type = {"ext", "citext"};
  const auto ops = diff_catalogs(a, b);
  EXPECT_THAT(descriptions(ops), ElementsAre("add schema ext", "move extension citext to schema ext"));
  EXPECT_THAT(statements(ops[1], "public"), ElementsAre("ALTER EXTENSION citext SET SCHEMA ext"));
  EXPECT_THAT(statements(inverse(ops[1]), "public"), ElementsAre("ALTER EXTENSION citext SET SCHEMA public"));
}

}  // namespace
}  // namespace retort::autogen
