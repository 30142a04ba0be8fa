// The diff and the SQL it renders, on catalogs built in memory.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "autogen/diff.hpp"
#include "support/autogen_catalog.hpp"
#include "autogen/model.hpp"
#include "autogen/operations.hpp"
#include "autogen/sequence_sql.hpp"
#include "autogen/sql_text.hpp"
#include "pg/snapshot.hpp"

namespace retort::autogen {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

using test::catalog;
using test::col;
using test::fk;
using test::pk;
using test::users;
using test::descriptions;

TEST(AutogenSqlText, QuotesOnlyWhereNeeded) {
  EXPECT_EQ(quote_ident("users"), "users");
  EXPECT_EQ(quote_ident("_x1$"), "_x1$");
  EXPECT_EQ(quote_ident("User"), "\"User\"");
  EXPECT_EQ(quote_ident("user"), "\"user\"");
  EXPECT_EQ(quote_ident("order"), "\"order\"");
  EXPECT_EQ(quote_ident("name"), "name");  // unreserved keyword
  EXPECT_EQ(quote_ident("1abc"), "\"1abc\"");
  EXPECT_EQ(quote_ident("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(quote_ident("with space"), "\"with space\"");
  EXPECT_EQ(qualified({"public", "users"}, "public"), "users");
  EXPECT_EQ(qualified({"Billing", "users"}, "public"), "\"Billing\".users");
  EXPECT_EQ(quote_literal("it's"), "'it''s'");
}

TEST(AutogenWidening, KnowsLosslessChanges) {
  EXPECT_TRUE(is_widening("character varying(10)", "character varying(20)"));
  EXPECT_TRUE(is_widening("character varying(10)", "text"));
  EXPECT_TRUE(is_widening("character varying(10)", "character varying"));
  EXPECT_TRUE(is_widening("integer", "bigint"));
  EXPECT_TRUE(is_widening("smallint", "numeric"));
  EXPECT_TRUE(is_widening("numeric(10,2)", "numeric(12,4)"));
  EXPECT_TRUE(is_widening("real", "double precision"));
  EXPECT_TRUE(is_widening("integer[]", "bigint[]"));
  EXPECT_TRUE(is_widening("timestamp(3) without time zone", "timestamp without time zone"));
  EXPECT_FALSE(is_widening("character varying(20)", "character varying(10)"));
  EXPECT_FALSE(is_widening("text", "character varying(10)"));
  EXPECT_FALSE(is_widening("bigint", "integer"));
  EXPECT_FALSE(is_widening("numeric(10,2)", "numeric(10,4)"));
  EXPECT_FALSE(is_widening("numeric", "numeric(10,2)"));
  EXPECT_FALSE(is_widening("text", "integer"));
  EXPECT_FALSE(is_widening("integer", "integer[]"));
}

TEST(AutogenDiff, EqualCatalogsGiveNothing) {
  EXPECT_TRUE(diff_catalogs(catalog({users()}), catalog({users()})).empty());
}

TEST(AutogenDiff, ColumnOrderIsNotADifference) {
  Table a = users();
  Table b = users();
  std::swap(b.columns[0], b.columns[1]);
  EXPECT_TRUE(diff_catalogs(catalog({a}), catalog({b})).empty());
  EXPECT_EQ(dump(catalog({a})), dump(catalog({b})));
}

TEST(AutogenDiff, NewTableThenItsForeignKeysAfterAllTables) {
  Table posts;
  posts.name = {"public", "posts"};
  posts.columns = {col("id", "bigint", false), col("user_id", "bigint", false)};
  posts.constraints = {pk("posts_pkey", "id"), fk("posts_user_id_fkey", "user_id", "users", "id")};
  const auto ops = diff_catalogs(catalog(), catalog({posts, users()}));
  EXPECT_THAT(descriptions(ops), ElementsAre("add table posts", "add table users",
                                             "add foreign key posts_user_id_fkey on posts"));
  const auto sql = render_migration(ops, "public");
  EXPECT_THAT(sql.upgrade, HasSubstr("CREATE TABLE posts (\n    id bigint NOT NULL,\n    user_id bigint NOT "
                                     "NULL,\n    CONSTRAINT posts_pkey PRIMARY KEY (id)\n);"));
  EXPECT_THAT(sql.upgrade, HasSubstr("ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) "
                                     "REFERENCES users(id);"));
  // The downgrade drops the foreign key before the tables.
  EXPECT_LT(sql.downgrade.find("DROP CONSTRAINT posts_user_id_fkey"), sql.downgrade.find("DROP TABLE"));
}

TEST(AutogenDiff, DroppedTableComesBackWithItsFullDefinition) {
  Table t = users();
  t.comment = "people";
  t.columns[1].comment = "where mail goes";
  t.columns[1].collation = "\"C\"";
  t.columns.push_back(col("status", "text", false, "'active'::text"));
  Index ix;
  ix.name = "ix_users_email";
  ix.unique = true;
  ix.method = "btree";
  ix.body = "(lower(email)) WHERE (status <> 'gone'::text)";
  t.indexes = {ix};
  const auto ops = diff_catalogs(catalog({t}), catalog());
  ASSERT_THAT(descriptions(ops), ElementsAre("drop table users"));
  ASSERT_TRUE(data_loss(ops[0], "public"));
  const auto sql = render_migration(ops, "public");
  EXPECT_EQ(sql.upgrade, "-- DESTRUCTIVE: drops table users and every row in it\nDROP TABLE users;\n");
  EXPECT_EQ(sql.downgrade,
            "CREATE TABLE users (\n"
            "    id bigint NOT NULL,\n"
            "    email text COLLATE \"C\" NOT NULL,\n"
            "    status text DEFAULT 'active'::text NOT NULL,\n"
            "    CONSTRAINT users_pkey PRIMARY KEY (id)\n"
            ");\n"
            "CREATE UNIQUE INDEX ix_users_email ON users (lower(email)) WHERE (status <> 'gone'::text);\n"
            "COMMENT ON TABLE users IS 'people';\n"
            "COMMENT ON COLUMN users.email IS 'where mail goes';\n");
}

TEST(AutogenDiff, AddColumnAndPossibleRename) {
  Table a = users();
  a.columns.push_back(col("name", "text"));
  Table b = users();
  b.columns.push_back(col("full_name", "text"));
  const auto ops = diff_catalogs(catalog({a}), catalog({b}));
  ASSERT_THAT(descriptions(ops), ElementsAre("drop column users.name", "add column users.full_name"));
  ASSERT_EQ(ops[0].notes.size(), 1u);
  EXPECT_THAT(ops[0].notes[0], HasSubstr("ALTER TABLE users RENAME COLUMN name TO full_name;"));
  const auto sql = render_migration(ops, "public");
  EXPECT_THAT(sql.upgrade, HasSubstr("-- DESTRUCTIVE: drops column users.name and the data in it\n-- NOTE: possible rename"));
  EXPECT_THAT(sql.downgrade, HasSubstr("ALTER TABLE users ADD COLUMN name text;"));
}

TEST(AutogenDiff, ATableDroppedAndOneWithTheSameColumnsAddedIsAPossibleRename) {
  Table people = users();
  people.name = {"public", "people"};
  Table archived = users();
  archived.name = {"archive", "Users"};
  Table other = users();
  other.name = {"public", "other"};
  other.columns.push_back(col("extra", "text"));
  const auto ops = diff_catalogs(catalog({users()}), catalog({people, archived, other}));
  const auto drop = std::find_if(ops.begin(), ops.end(), [](const Operation& o) {
    return std::holds_alternative<DropTable>(o.kind);
  });
  ASSERT_NE(drop, ops.end());
  // Not `other`: a column more.
  ASSERT_EQ(drop->notes.size(), 2u);
  EXPECT_EQ(drop->notes[0],
            "possible rename: table users and the new table archive.Users have the same columns; if it was "
            "renamed, replace this DROP TABLE and the CREATE TABLE with: ALTER TABLE users SET SCHEMA archive; "
            "ALTER TABLE archive.users RENAME TO \"Users\"; (its indexes and constraints keep their names)");
  EXPECT_THAT(drop->notes[1], HasSubstr("with: ALTER TABLE users RENAME TO people; (its"));
  EXPECT_THAT(render_migration(ops, "public").upgrade,
              HasSubstr("-- DESTRUCTIVE: drops table users and every row in it\n-- NOTE: possible rename: table users"));
}

TEST(AutogenDiff, DifferentTypesAreNoRename) {
  Table a = users();
  a.columns.push_back(col("name", "text"));
  Table b = users();
  b.columns.push_back(col("age", "integer"));
  const auto ops = diff_catalogs(catalog({a}), catalog({b}));
  for (const auto& op : ops) {
    EXPECT_TRUE(op.notes.empty());
  }
}

TEST(AutogenDiff, NotNullWithoutDefaultOnATableWithRowsWarns) {
  Table b = users();
  b.columns.push_back(col("nick", "text", false));
  b.columns.push_back(col("status", "text", false, "'x'::text"));
  int asked = 0;
  const auto ops = diff_catalogs(catalog({users()}), catalog({b}), [&](const QualifiedName& t) {
    ++asked;
    EXPECT_EQ(t.name, "users");
    return true;
  });
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(asked, 1);  // only for the column without a default
  EXPECT_THAT(ops[0].warnings, ElementsAre(HasSubstr("has rows and the new NOT NULL column nick has no default")));
  EXPECT_TRUE(ops[1].warnings.empty());
  EXPECT_THAT(render_migration(ops, "public").upgrade, HasSubstr("-- WARNING: table users has rows"));
  // An empty table: no warning.
  const auto quiet = diff_catalogs(catalog({users()}), catalog({b}), [](const QualifiedName&) { return false; });
  EXPECT_TRUE(quiet[0].warnings.empty());
}

TEST(AutogenDiff, AlterColumnAndItsInverse) {
  Table a = users();
  a.columns.push_back(col("name", "character varying(20)", true, "'x'::character varying"));
  Table b = users();
  b.columns.push_back(col("name", "character varying(10)", false));
  const auto ops = diff_catalogs(catalog({a}), catalog({b}));
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(describe(ops[0], "public"),
            "alter column users.name (character varying(20) -> character varying(10), not null, drop default)");
  const auto loss = data_loss(ops[0], "public");
  ASSERT_TRUE(loss);
  EXPECT_THAT(*loss, HasSubstr("narrows users.name"));
  EXPECT_THAT(statements(ops[0], "public"),
              ElementsAre("ALTER TABLE users ALTER COLUMN name DROP DEFAULT",
                          "ALTER TABLE users ALTER COLUMN name TYPE character varying(10) USING "
                          "name::character varying(10)",
                          "ALTER TABLE users ALTER COLUMN name SET NOT NULL"));
  EXPECT_THAT(statements(inverse(ops[0]), "public"),
              ElementsAre("ALTER TABLE users ALTER COLUMN name TYPE character varying(20)",
                          "ALTER TABLE users ALTER COLUMN name SET DEFAULT 'x'::character varying",
                          "ALTER TABLE users ALTER COLUMN name DROP NOT NULL"));
  EXPECT_FALSE(data_loss(inverse(ops[0]), "public"));
}

TEST(AutogenDiff, IdentityAndSerial) {
  Table a = users();
  Table b = users();
  b.columns[0].identity = Identity::always;
  b.columns.push_back(col("n", "integer", false));
  b.columns.back().serial = true;
  b.columns.back().serial_options = serial_sequence_for("integer");
  const auto ops = diff_catalogs(catalog({a}), catalog({b}));
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_THAT(statements(ops[0], "public"), ElementsAre("ALTER TABLE users ADD COLUMN n serial"));
  EXPECT_THAT(statements(ops[1], "public"), ElementsAre("ALTER TABLE users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY"));
  EXPECT_THAT(statements(inverse(ops[1]), "public"), ElementsAre("ALTER TABLE users ALTER COLUMN id DROP IDENTITY"));
}

// ALTER COLUMN ... TYPE bigint leaves a serial's sequence AS integer, which
// runs out at 2147483647: the sequence is compared and changed with it.
TEST(AutogenDiff, ASerialBecomingBigserialTakesItsSequenceAlong) {
  Table a = users();
  a.columns[0].type = "integer";
  a.columns[0].serial = true;
  a.columns[0].serial_sequence = "users_id_seq";
  a.columns[0].serial_options = serial_sequence_for("integer");
  Table b = a;
  b.columns[0].type = "bigint";
  b.columns[0].serial_options = serial_sequence_for("bigint");
  const auto ops = diff_catalogs(catalog({a}), catalog({b}));
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(describe(ops[0], "public"), "alter column users.id (integer -> bigint, sequence integer -> bigint)");
  EXPECT_THAT(statements(ops[0], "public"),
              ElementsAre("ALTER TABLE users ALTER COLUMN id TYPE bigint",
                          "ALTER SEQUENCE users_id_seq AS bigint MINVALUE 1 MAXVALUE 9223372036854775807"));
  EXPECT_THAT(statements(inverse(ops[0]), "public"),
              ElementsAre("ALTER TABLE users ALTER COLUMN id TYPE integer USING id::integer",
                          "ALTER SEQUENCE users_id_seq AS integer MINVALUE 1 MAXVALUE 2147483647"));
  // Only the type changed (the sequence stays AS integer, as ALTER COLUMN
  // left it): the diff is the sequence.
  b.columns[0].serial_options = serial_sequence_for("integer");
  Table c = b;
  c.columns[0].serial_options = serial_sequence_for("bigint");
  const auto seq_ops = diff_catalogs(catalog({b}), catalog({c}));
  ASSERT_EQ(seq_ops.size(), 1u);
  EXPECT_THAT(statements(seq_ops[0], "public"),
              ElementsAre("ALTER SEQUENCE users_id_seq AS bigint MINVALUE 1 MAXVALUE 9223372036854775807"));
  // A table made with a serial whose sequence is not the one serial makes.
  const auto made = diff_catalogs(catalog({}), catalog({b}));
  ASSERT_EQ(made.size(), 1u);
  EXPECT_THAT(statements(made[0], "public"),
              Contains("ALTER SEQUENCE users_id_seq AS integer MINVALUE 1 MAXVALUE 2147483647"));
}

TEST(AutogenDiff, EnumValuesAddedRunFirstOutsideTheTransaction) {
  Catalog a = catalog({users()});
  a.enums = {{{"public", "mood"}, {"sad", "happy"}}};
  Table t = users();
  t.columns.push_back(col("mood", "mood", true, "'happy'::mood"));
  t.columns.back().base_type = {"public", "mood"};
  t.columns.back().base_is_enum = true;
  a.tables = {t};
  Catalog b = a;
  b.enums[0].values = {"sad", "ok", "happy", "ecstatic"};
  b.tables[0].columns.push_back(col("note", "text"));
  const auto ops = diff_catalogs(a, b);
  ASSERT_EQ(ops.size(), 2u);
  ASSERT_TRUE(std::holds_alternative<AddEnumValues>(ops[1].kind) || std::holds_alternative<AddEnumValues>(ops[0].kind));
  const auto sql = render_migration(ops, "public");
  EXPECT_EQ(sql.upgrade.substr(0, sql.upgrade.find("ALTER TABLE")),
            "-- ALTER TYPE ... ADD VALUE: a new value cannot be used in the transaction that adds it,\n"
            "-- so what ran before is committed, the values are added on their own, and the rest\n"
            "-- runs in a new transaction.\n"
            "COMMIT;\n"
            "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok' BEFORE 'happy';\n"
            "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ecstatic' AFTER 'happy';\n"
            "BEGIN;\n\n");
  // The downgrade rebuilds the type without them and converts the column.
  EXPECT_THAT(sql.downgrade, HasSubstr("ALTER TYPE mood RENAME TO mood__old;\n"
                                       "CREATE TYPE mood AS ENUM ('sad', 'happy');\n"
                                       "ALTER TABLE users ALTER COLUMN mood DROP DEFAULT;\n"
                                       "ALTER TABLE users ALTER COLUMN mood TYPE mood USING mood::text::mood;\n"
                                       "ALTER TABLE users ALTER COLUMN mood SET DEFAULT 'happy'::mood;\n"
                                       "DROP TYPE mood__old;\n"));
}

TEST(AutogenDiff, EnumReorderReplacesTheType) {
  Catalog a = catalog();
  a.enums = {{{"public", "mood"}, {"sad", "happy"}}};
  Catalog b = a;
  b.enums[0].values = {"happy", "sad"};
  const auto ops = diff_catalogs(a, b);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<ReplaceEnum>(ops[0].kind));
  EXPECT_FALSE(data_loss(ops[0], "public"));
  b.enums[0].values = {"happy"};
  const auto removing = diff_catalogs(a, b);
  ASSERT_TRUE(data_loss(removing[0], "public"));
  EXPECT_THAT(*data_loss(removing[0], "public"), HasSubstr("removes 'sad' from enum mood"));
}

TEST(AutogenDiff, TypesBeforeTablesAndDropsInReverse) {
  Catalog a = catalog();
  Catalog b = catalog();
  b.enums = {{{"public", "mood"}, {"a"}}};
  Table t = users();
  t.columns.push_back(col("m", "mood"));
  t.columns.back().base_type = {"public", "mood"};
  t.columns.back().base_is_enum = true;
  b.tables = {t};
  b.sequences = {Sequence{{"public", "order_seq"}, "bigint", 100, 5, 1, 9223372036854775807LL, 1, false}};
  const auto ops = diff_catalogs(a, b);
  // Sequences first: a domain's default may call nextval().
  EXPECT_THAT(descriptions(ops), ElementsAre("add sequence order_seq", "add enum mood", "add table users"));
  EXPECT_THAT(statements(ops[0], "public"),
              ElementsAre("CREATE SEQUENCE order_seq INCREMENT BY 5 START WITH 100"));
  const auto back = diff_catalogs(b, a);
  EXPECT_THAT(descriptions(back), ElementsAre("drop table users", "drop enum mood", "drop sequence order_seq"));
}

TEST(AutogenDiff, NotValidConstraintIsAddedAfterItsTable) {
  // CREATE TABLE ignores NOT VALID (it marks the constraint valid).
  Table t = users();
  Constraint check;
  check.name = "id_positive";
  check.definition = "CHECK ((id > 0)) NOT VALID";
  check.columns = {"id"};
  t.constraints.push_back(check);
  const auto ops = diff_catalogs(catalog(), catalog({t}));
  ASSERT_EQ(ops.size(), 1u);
  const auto sql = statements(ops[0], "public");
  ASSERT_EQ(sql.size(), 2u);
  EXPECT_THAT(sql[0], Not(HasSubstr("id_positive")));
  EXPECT_EQ(sql[1], "ALTER TABLE users ADD CONSTRAINT id_positive CHECK ((id > 0)) NOT VALID");
  EXPECT_THAT(render_migration(diff_catalogs(catalog({t}), catalog()), "public").downgrade,
              HasSubstr("\nALTER TABLE users ADD CONSTRAINT id_positive CHECK ((id > 0)) NOT VALID;"));
}

TEST(AutogenDiff, SequenceOutsideItsNewRangeRestarts) {
  Catalog a = catalog();
  Sequence down;
  down.name = {"public", "s"};
  down.increment = -1;
  down.start = -1;
  down.max = -1;
  down.min = -9223372036854775807LL - 1;
  a.sequences = {down};
  Catalog b = catalog();
  b.sequences = {Sequence{{"public", "s"}}};
  const auto ops = diff_catalogs(a, b);
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_THAT(statements(ops[0], "public"),
              ElementsAre("ALTER SEQUENCE s INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 "
                          "START WITH 1 RESTART"));
  EXPECT_THAT(statements(inverse(ops[0]), "public")[0], HasSubstr(" RESTART"));
  ASSERT_TRUE(data_loss(ops[0], "public"));
  // A change that keeps the start in range keeps the sequence's place.
  b.sequences[0].cache = 10;
  a.sequences = {Sequence{{"public", "s"}}};
  const auto kept = diff_catalogs(a, b);
  EXPECT_THAT(statements(kept[0], "public"), ElementsAre("ALTER SEQUENCE s CACHE 10"));
  EXPECT_FALSE(data_loss(kept[0], "public"));
}

TEST(AutogenDiff, IdentitySequenceOptionsAreComparedAndRendered) {
  Table a = users();
  a.columns[0].identity = Identity::always;
  Table b = a;
  b.columns[0].identity_sequence.start = 100;
  b.columns[0].identity_sequence.increment = 10;
  b.columns[0].identity_sequence.name = {"public", "other_name"};  // names are not compared
  const auto ops = diff_catalogs(catalog({a}), catalog({b}));
  ASSERT_EQ(ops.size(), 1u);
  EXPECT_EQ(describe(ops[0], "public"), "alter column users.id (identity options)");
  EXPECT_THAT(statements(ops[0], "public"),
              ElementsAre("ALTER TABLE users ALTER COLUMN id SET INCREMENT BY 10 SET START WITH 100"));
  EXPECT_THAT(statements(inverse(ops[0]), "public"),
              ElementsAre("ALTER TABLE users ALTER COLUMN id SET INCREMENT BY 1 SET START WITH 1"));
  EXPECT_NE(dump(catalog({a})), dump(catalog({b})));
  b.columns[0].identity_sequence = a.columns[0].identity_sequence;
  b.columns[0].identity_sequence.name = {"public", "other_name"};
  EXPECT_TRUE(diff_catalogs(catalog({a}), catalog({b})).empty());
  // Created with its options.
  b.columns[0].identity_sequence.start = 100;
  const auto created = diff_catalogs(catalog(), catalog({b}));
  EXPECT_THAT(statements(created[0], "public")[0],
              HasSubstr("id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100),"));
}

TEST(AutogenDiff, OwnedSequenceIsReleasedBeforeItsTableGoes) {
  Catalog a = catalog({users()});
  Sequence s{{"public", "s"}};
  s.owner_table = {"public", "users"};
  s.owner_column = "id";
  a.sequences = {s};
  Catalog b = catalog();
  b.sequences = {Sequence{{"public", "s"}}};
  const auto ops = diff_catalogs(a, b);
  ASSERT_THAT(descriptions(ops), ElementsAre("release sequence s from users.id", "drop table users"));
  EXPECT_THAT(statements(ops[0], "public"), ElementsAre("ALTER SEQUENCE s OWNED BY NONE"));
  EXPECT_THAT(statements(inverse(ops[0]), "public"), ElementsAre("ALTER SEQUENCE s OWNED BY users.id"));
  // Created: owned once its table is there.
  const auto created = diff_catalogs(catalog(), a);
  ASSERT_THAT(descriptions(created),
              ElementsAre("add sequence s", "add table users", "set owner of sequence s to users.id"));
  EXPECT_THAT(statements(created[0], "public"), ElementsAre("CREATE SEQUENCE s"));
}

// No ALTER changes a domain's base type: it is made again, and its columns
// converted with a cast (the downgrade converts them back).
TEST(AutogenDiff, ADomainsNewBaseTypeConvertsItsColumns) {
  Domain email;
  email.name = {"public", "email"};
  email.base_type = "character varying(100)";
  Table t = users();
  Column c = col("e", "email", true, "'a@b'::email");
  c.base_type = email.name;
  t.columns.push_back(c);
  Catalog a = catalog({t});
  a.domains = {email};
  Catalog b = a;
  b.domains[0].base_type = "character varying(50)";
  const auto ops = diff_catalogs(a, b);
  ASSERT_THAT(descriptions(ops),
              ElementsAre("change domain email from character varying(100) to character varying(50)"));
  EXPECT_THAT(statements(ops[0], "public"),
              ElementsAre("ALTER DOMAIN email RENAME TO email__old", "CREATE DOMAIN email AS character varying(50)",
                          "ALTER TABLE users ALTER COLUMN e DROP DEFAULT",
                          "ALTER TABLE users ALTER COLUMN e TYPE email USING e::email",
                          "ALTER TABLE users ALTER COLUMN e SET DEFAULT 'a@b'::email", "DROP DOMAIN email__old"));
  EXPECT_THAT(statements(inverse(ops[0]), "public"),
              Contains("CREATE DOMAIN email AS character varying(100)"));
  EXPECT_EQ(data_loss(ops[0], "public"),
            "converts the columns of domain email from character varying(100) to character varying(50): values "
            "that do not fit are cut or rejected");
  EXPECT_FALSE(data_loss(inverse(ops[0]), "public").has_value());  // wider
}

// A domain of schema public.
Domain make_domain(const std::string& name, const std::string& base_type, const std::string& default_expr = "") {
  Domain d;
  d.name = {"public", name};
  d.base_type = base_type;
  d.default_expr = default_expr;
  return d;
}

// An empty catalog with `domains`.
Catalog with_domains(std::vector<Domain> domains) {
  Catalog c = catalog();
  c.domains = std::move(domains);
  normalize(c);
  return c;
}

TEST(AutogenDiff, DomainsComeAfterTheDomainsTheyAreOver) {
  Domain base = make_domain("b Base", "integer");
  Constraint check;
  check.name = "b_check";
  check.definition = "CHECK ((VALUE > 0))";
  base.constraints = {check};
  Domain small = make_domain("a_small", "\"b Base\"", "1");
  small.not_null = true;
  Catalog b = with_domains({base, small});
  const auto ops = diff_catalogs(catalog(), b);
  ASSERT_THAT(descriptions(ops), ElementsAre("add domain b Base", "add domain a_small"));
  EXPECT_THAT(statements(ops[0], "public"),
              ElementsAre("CREATE DOMAIN \"b Base\" AS integer CONSTRAINT b_check CHECK ((VALUE > 0))"));
  EXPECT_THAT(statements(ops[1], "public"), ElementsAre("CREATE DOMAIN a_small AS \"b Base\" DEFAULT 1 NOT NULL"));
  EXPECT_THAT(descriptions(diff_catalogs(b, catalog())), ElementsAre("drop domain a_small", "drop domain b Base"));
  Catalog changed = b;
  changed.domains[0].not_null = false;
  changed.domains[0].default_expr.clear();
  changed.domains[1].constraints[0].definition = "CHECK ((VALUE > 1)) NOT VALID";
  const auto altered = diff_catalogs(b, changed);
  // Changes too go base first.
  ASSERT_THAT(descriptions(altered), ElementsAre("alter domain b Base", "alter domain a_small"));
  EXPECT_THAT(statements(altered[1], "public"),
              ElementsAre("ALTER DOMAIN a_small DROP DEFAULT", "ALTER DOMAIN a_small DROP NOT NULL"));
  EXPECT_THAT(statements(altered[0], "public"),
              ElementsAre("ALTER DOMAIN \"b Base\" DROP CONSTRAINT b_check",
                          "ALTER DOMAIN \"b Base\" ADD CONSTRAINT b_check CHECK ((VALUE > 1)) NOT VALID"));
}

// CREATE DOMAIN copies the default of a domain it is over: a domain that
// has none drops it.
TEST(AutogenDiff, ADomainOverADomainWithoutADefaultDropsTheOneItCopies) {
  const Domain base = make_domain("base", "text", "'x'::text");
  Domain over = make_domain("over", "base");
  over.over_domain = true;
  Catalog b = with_domains({base, over});
  const auto ops = diff_catalogs(catalog(), b);
  ASSERT_THAT(descriptions(ops), ElementsAre("add domain base", "add domain over"));
  EXPECT_THAT(statements(ops[1], "public"),
              ElementsAre("CREATE DOMAIN over AS base", "ALTER DOMAIN over DROP DEFAULT"));
  b.domains[1].default_expr = "'y'::text";
  EXPECT_THAT(statements(diff_catalogs(catalog(), b)[1], "public"),
              ElementsAre("CREATE DOMAIN over AS base DEFAULT 'y'::text"));
}

TEST(AutogenModel, FilterLeavesOutTheVersionTableAndExcludedTables) {
  Table v;
  v.name = {"public", "alembic_version"};
  Table tmp;
  tmp.name = {"public", "tmp_import"};
  Catalog c = catalog({users(), v, tmp});
  View view;
  view.name = {"public", "imports"};
  view.depends_on = {{"public", "tmp_import"}};
  c.views = {view};
  filter_catalog(c, "alembic_version", "", {"tmp_*"});
  ASSERT_EQ(c.tables.size(), 1u);
  EXPECT_EQ(c.tables[0].name.name, "users");
  EXPECT_TRUE(c.views.empty());
}

TEST(AutogenPgText, UrlWithDatabase) {
  EXPECT_EQ(pg::url_with_database("postgresql://u:p@h:5/app?sslmode=disable", "shadow"),
            "postgresql://u:p@h:5/shadow?sslmode=disable");
  EXPECT_EQ(pg::url_with_database("postgresql:///app?host=/tmp/x&port=5432", "shadow"),
            "postgresql:///shadow?host=/tmp/x&port=5432");
  EXPECT_EQ(pg::url_with_database("postgresql://h", "shadow"), "postgresql://h/shadow");
  EXPECT_EQ(pg::url_with_database("postgresql://h/?dbname=app&user=u", "shadow"), "postgresql://h/shadow?user=u");
}

TEST(AutogenPgText, ParseTextArray) {
  EXPECT_THAT(pg::parse_text_array("{}"), ElementsAre());
  EXPECT_THAT(pg::parse_text_array("{a,b}"), ElementsAre("a", "b"));
  EXPECT_THAT(pg::parse_text_array(R"({"a b","c,d","e\"f",NULL})"), ElementsAre("a b", "c,d", "e\"f", ""));
}

}  // namespace
}  // namespace retort::autogen
