// The seed tutorials' workflow, end to end through the library on a real
// PostgreSQL: change the declared schema, dev, look at the file; then
// downgrade -1 back to base and upgrade heads again.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <retort/autogen.hpp>

#include "support/autogen_fixture.hpp"

namespace retort {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::size_t file_count(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) {
    ++n;
  }
  return n;
}

constexpr const char* k_users =
    "CREATE TABLE users (\n"
    "  id BIGINT PRIMARY KEY,\n"
    "  email TEXT UNIQUE NOT NULL,\n"
    "  display_name TEXT NOT NULL\n";

std::string users(const std::string& more = {}) { return std::string(k_users) + more + ");\n"; }

class AutogenTutorial : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::pg_admin_url()) {
      GTEST_SKIP() << "RETORT_TEST_PG_URL is not set; run `source scripts/pg-throwaway.sh && pg_up` first";
    }
    m_project = std::make_unique<test::AutogenProject>("tutorial");
  }

  test::AutogenProject& p() { return *m_project; }

  // dev, then: the database holds the declared schema and check is clean.
  AutogenResult step(const std::string& schema, const std::string& name = {}, bool allow_destructive = false) {
    p().declare(schema);
    DevOptions o;
    o.name = name;
    o.allow_destructive = allow_destructive;
    AutogenResult r = dev(p().project(), o);
    EXPECT_TRUE(r.script);
    EXPECT_TRUE(check(p().project()).empty());
    m_files.push_back(p().live());
    return r;
  }

  std::unique_ptr<test::AutogenProject> m_project;
  std::vector<std::string> m_files;  // live snapshot after each step
};

TEST_F(AutogenTutorial, FromEmptyToEverythingAndBack) {
  const std::string empty = p().live();

  // The first model on an empty database creates the table.
  AutogenResult r = step(users());
  EXPECT_EQ(r.script->revision.message, "add table users");
  EXPECT_TRUE(r.script->revision.down_revisions.empty());
  EXPECT_EQ(r.diff.upgrade_sql,
            "CREATE TABLE users (\n"
            "    id bigint NOT NULL,\n"
            "    email text NOT NULL,\n"
            "    display_name text NOT NULL,\n"
            "    CONSTRAINT users_pkey PRIMARY KEY (id),\n"
            "    CONSTRAINT users_email_key UNIQUE (email)\n"
            ");\n");
  EXPECT_EQ(r.diff.downgrade_sql, "-- DESTRUCTIVE: drops table users and every row in it\nDROP TABLE users;\n");
  EXPECT_EQ(r.script->path.parent_path(), p().dir() / "versions");
  EXPECT_THAT(test::read_file(r.script->path), HasSubstr("-- migrate:upgrade\nCREATE TABLE users ("));
  const std::string first = r.script->revision.id;
  p().exec("INSERT INTO users VALUES (1, 'ada@example.com', 'Ada')");

  // Nothing changed: nothing written.
  const std::size_t files = file_count(p().dir() / "versions");
  const AutogenResult none = dev(p().project(), {});
  EXPECT_TRUE(none.diff.empty());
  EXPECT_FALSE(none.script);
  EXPECT_EQ(file_count(p().dir() / "versions"), files);

  // bio TEXT: ADD COLUMN, and the message says so.
  r = step(users(",\n  bio TEXT"));
  EXPECT_EQ(r.script->revision.message, "add column users.bio");
  EXPECT_EQ(r.script->revision.down_revisions, std::vector<std::string>{first});
  EXPECT_EQ(r.diff.upgrade_sql, "ALTER TABLE users ADD COLUMN bio text;\n");
  EXPECT_THAT(r.diff.downgrade_sql, HasSubstr("ALTER TABLE users DROP COLUMN bio;"));

  // Optional, then required again.
  const std::string optional_name = std::string(k_users).replace(std::string(k_users).find("display_name TEXT NOT NULL"),
                                                                 26, "display_name TEXT") +
                                    ",\n  bio TEXT);\n";
  r = step(optional_name, "display name optional");
  EXPECT_EQ(r.script->revision.message, "display name optional");
  EXPECT_EQ(r.diff.upgrade_sql, "ALTER TABLE users ALTER COLUMN display_name DROP NOT NULL;\n");
  EXPECT_EQ(r.diff.downgrade_sql, "ALTER TABLE users ALTER COLUMN display_name SET NOT NULL;\n");
  r = step(users(",\n  bio TEXT"));
  EXPECT_EQ(r.diff.upgrade_sql, "ALTER TABLE users ALTER COLUMN display_name SET NOT NULL;\n");

  // A column with a server default.
  r = step(users(",\n  bio TEXT,\n  status TEXT NOT NULL DEFAULT 'active'"));
  EXPECT_EQ(r.diff.upgrade_sql, "ALTER TABLE users ADD COLUMN status text DEFAULT 'active'::text NOT NULL;\n");
  EXPECT_TRUE(r.diff.changes[0].warnings.empty());

  // A unique index.
  const std::string with_status = users(",\n  bio TEXT,\n  status TEXT NOT NULL DEFAULT 'active'");
  const std::string index = "CREATE UNIQUE INDEX ix_users_lower_email ON users (lower(email));\n";
  r = step(with_status + index);
  EXPECT_EQ(r.diff.upgrade_sql, "CREATE UNIQUE INDEX ix_users_lower_email ON users (lower(email));\n");
  EXPECT_EQ(r.diff.downgrade_sql, "DROP INDEX ix_users_lower_email;\n");

  // A table with a foreign key.
  const std::string posts =
      "CREATE TABLE posts (\n  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
      "  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,\n  title TEXT NOT NULL\n);\n";
  r = step(with_status + index + posts);
  EXPECT_EQ(r.diff.message(), "add table posts, add foreign key posts_user_id_fkey on posts");
  EXPECT_THAT(r.diff.upgrade_sql,
              HasSubstr("ALTER TABLE posts ADD CONSTRAINT posts_user_id_fkey FOREIGN KEY (user_id) REFERENCES "
                        "users(id) ON DELETE CASCADE;"));
  p().exec("INSERT INTO posts (user_id, title) VALUES (1, 'hello')");

  // An enum, then a value added to it.
  const std::string mood = "CREATE TYPE mood AS ENUM ('sad', 'happy');\n";
  const std::string with_mood = users(",\n  bio TEXT,\n  status TEXT NOT NULL DEFAULT 'active',\n  mood mood");
  r = step(mood + with_mood + index + posts);
  EXPECT_THAT(r.diff.upgrade_sql, HasSubstr("CREATE TYPE mood AS ENUM ('sad', 'happy');"));
  r = step("CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n" + with_mood + index + posts);
  EXPECT_EQ(r.script->revision.message, "add value 'ok' to enum mood");
  EXPECT_THAT(r.diff.upgrade_sql, HasSubstr("COMMIT;\nALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok' BEFORE 'happy';\nBEGIN;"));
  p().exec("UPDATE users SET mood = 'happy'");
  const std::string mood3 = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');\n";

  // Dropping a column is refused without --allow-destructive, and nothing is written.
  const std::string without_bio = users(",\n  status TEXT NOT NULL DEFAULT 'active',\n  mood mood");
  p().declare(mood3 + without_bio + index + posts);
  const std::size_t before = file_count(p().dir() / "versions");
  try {
    dev(p().project(), {});
    FAIL() << "dev accepted a destructive change";
  } catch (const CommandError& e) {
    EXPECT_THAT(e.what(), HasSubstr("drop column users.bio: drops column users.bio and the data in it"));
    EXPECT_THAT(e.what(), HasSubstr("--allow-destructive"));
  }
  EXPECT_EQ(file_count(p().dir() / "versions"), before);
  EXPECT_FALSE(check(p().project()).empty());
  r = step(mood3 + without_bio + index + posts, "drop bio", true);
  EXPECT_THAT(r.diff.upgrade_sql, HasSubstr("-- DESTRUCTIVE: drops column users.bio and the data in it\n"
                                            "ALTER TABLE users DROP COLUMN bio;"));
  EXPECT_EQ(r.diff.destructive().size(), 1u);

  // downgrade -1 back to base, one step at a time: each gives the state before.
  const std::size_t steps = m_files.size();
  for (std::size_t i = steps; i-- > 1;) {
    downgrade(p().project(), "-1");
    EXPECT_EQ(p().live(), m_files[i - 1]) << "after downgrading step " << i;
  }
  downgrade(p().project(), "-1");
  EXPECT_EQ(p().live(), empty);
  EXPECT_TRUE(current_rows(p().project()).empty());

  // And all the way up again, in one run.
  upgrade(p().project(), "heads");
  EXPECT_EQ(p().live(), m_files.back());
  EXPECT_TRUE(check(p().project()).empty());
}

TEST_F(AutogenTutorial, NotNullColumnWithoutDefaultOnRowsIsWarnedAbout) {
  step(users());
  p().exec("INSERT INTO users VALUES (1, 'a', 'A')");
  p().declare(users(",\n  nick TEXT NOT NULL"));
  const SchemaDiff d = diff_against_declared(p().project());
  ASSERT_EQ(d.changes.size(), 1u);
  ASSERT_EQ(d.changes[0].warnings.size(), 1u);
  EXPECT_THAT(d.changes[0].warnings[0], HasSubstr("table users has rows and the new NOT NULL column nick has no default"));
  EXPECT_THAT(d.upgrade_sql, HasSubstr("-- WARNING: table users has rows"));
  // dev writes it, the upgrade fails on the rows, and the error says where the file is.
  try {
    dev(p().project(), {});
    FAIL() << "the NOT NULL column was added to a table with rows";
  } catch (const DatabaseError& e) {
    EXPECT_THAT(e.what(), HasSubstr("column \"nick\""));
    EXPECT_THAT(e.what(), HasSubstr("but not applied: fix it and run 'db push'"));
  }
}

TEST_F(AutogenTutorial, PossibleRenameIsFlaggedWithTheStatement) {
  step(users(",\n  name TEXT"));
  p().declare(users(",\n  full_name TEXT"));
  const SchemaDiff d = diff_against_declared(p().project());
  ASSERT_EQ(d.changes.size(), 2u);
  EXPECT_THAT(d.changes[0].notes,
              ::testing::ElementsAre(HasSubstr("ALTER TABLE users RENAME COLUMN name TO full_name;")));
  EXPECT_THAT(d.upgrade_sql, HasSubstr("-- NOTE: possible rename"));
}

TEST_F(AutogenTutorial, PossibleTableRenameIsFlaggedWithTheStatement) {
  step(users());
  std::string renamed = users();
  renamed.replace(renamed.find("users"), 5, "members");
  p().declare(renamed);
  const SchemaDiff d = diff_against_declared(p().project());
  const auto drop = std::find_if(d.changes.begin(), d.changes.end(),
                                 [](const auto& c) { return c.description == "drop table users"; });
  ASSERT_NE(drop, d.changes.end());
  EXPECT_THAT(drop->notes, ::testing::ElementsAre(HasSubstr("with: ALTER TABLE users RENAME TO members;")));
  EXPECT_THAT(d.upgrade_sql, HasSubstr("-- NOTE: possible rename: table users and the new table members"));
}

TEST_F(AutogenTutorial, GenerateWritesWithoutApplying) {
  step(users());
  p().declare(users(",\n  bio TEXT"));
  RevisionOptions o;
  o.message = "add bio";
  const AutogenResult r = generate_from_diff(p().project(), o);
  ASSERT_TRUE(r.script);
  EXPECT_EQ(r.script->revision.message, "add bio");
  EXPECT_EQ(r.script->upgrade.body, "ALTER TABLE users ADD COLUMN bio text;");
  // Not applied: the database is now behind its heads.
  try {
    check(p().project());
    FAIL() << "check ran on a database behind its heads";
  } catch (const CommandError& e) {
    EXPECT_THAT(e.what(), HasSubstr("Target database is not up to date."));
    EXPECT_THAT(e.what(), HasSubstr("db push"));
  }
  upgrade(p().project(), "heads");
  EXPECT_TRUE(check(p().project()).empty());

  // revision --autogenerate: the diff fills the revision options.
  p().declare(users(",\n  bio TEXT,\n  age INT"));
  RevisionOptions ro;
  const SchemaDiff d = autogenerate_into(p().project(), ro);
  EXPECT_EQ(ro.message, "add column users.age");
  EXPECT_EQ(ro.upgrade_sql, "ALTER TABLE users ADD COLUMN age integer;\n");
  EXPECT_EQ(ro.downgrade_sql, d.downgrade_sql);
  // No difference: generate writes nothing.
  p().declare(users(",\n  bio TEXT"));
  const std::size_t n = file_count(p().dir() / "versions");
  EXPECT_FALSE(generate_from_diff(p().project(), RevisionOptions{}).script);
  EXPECT_EQ(file_count(p().dir() / "versions"), n);
}

}  // namespace
}  // namespace retort
