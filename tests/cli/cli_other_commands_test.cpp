// Alembic's remaining commands through the real `db` binary: ensure_version
// (SQLite and PostgreSQL) and edit (with editor scripts standing in for an
// editor).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "cli/cli_fixture.hpp"

namespace retort::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const std::string r1 = "a1a1a1a1a1a1";
const std::string r2 = "b2b2b2b2b2b2";
const std::string r3 = "c3c3c3c3c3c3";

const Migration m1{r1, {}, "create users", "CREATE TABLE users (id integer PRIMARY KEY);", "DROP TABLE users;"};
const Migration m2{r2, {r1}, "create posts", "CREATE TABLE posts (id integer);", "DROP TABLE posts;"};
const Migration m3{r3, {r1}, "create tags", "CREATE TABLE tags (id integer);", "DROP TABLE tags;"};

// What Alembic 1.8.1 prints for `alembic ensure_version --sql` (its CREATE
// TABLE; 1.8.1 follows it with a DROP TABLE that 1.19 no longer writes).
std::string alembic_create(const std::string& table) {
  return "CREATE TABLE " + table + " (\n    version_num VARCHAR(32) NOT NULL, \n    CONSTRAINT " + table +
         "_pkc PRIMARY KEY (version_num)\n);\n\n";
}

class CliEnsureVersion : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (pg()) {
      RETORT_REQUIRE_PG();
    }
    m_db = make_test_db(GetParam(), project.dir(), "cliensure");
    project.write_config(m_db->url());
    project.add(m1);
  }
  bool pg() const { return GetParam() == "postgresql"; }
  TestDb& database() { return *m_db; }
  RunOutput db(const std::vector<std::string>& args) { return project.db(args); }

  CliProject project;

 private:
  std::unique_ptr<TestDb> m_db;
};

INSTANTIATE_TEST_SUITE_P(Backends, CliEnsureVersion, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST_P(CliEnsureVersion, CreatesTheVersionTableAndNothingElse) {
  const auto r = db({"ensure_version"});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "");
  EXPECT_TRUE(database().has_table("alembic_version"));
  EXPECT_THAT(database().versions(), IsEmpty());
  EXPECT_FALSE(database().has_table("users"));

  // Again, and on a stamped table: the rows stay as they are.
  EXPECT_EQ(db({"ensure_version"}).exit_code, 0);
  EXPECT_EQ(db({"stamp", r1}).exit_code, 0);
  const auto again = db({"ensure_version"});
  EXPECT_EQ(again.exit_code, 0) << again;
  EXPECT_THAT(database().versions(), ElementsAre(r1));
  EXPECT_FALSE(database().has_table("users"));

  const auto stray = db({"ensure_version", "head"});
  EXPECT_EQ(stray.exit_code, 2) << stray;
  EXPECT_THAT(stray.err, HasSubstr("'ensure_version' takes no arguments; got 'head'")) << stray;
}

TEST_P(CliEnsureVersion, SqlPrintsTheCreateTableAndTouchesNothing) {
  const auto r = db({"ensure_version", "--sql"});
  EXPECT_EQ(r.exit_code, 0) << r;
  // PostgreSQL has transactional DDL: Alembic wraps the script in BEGIN/COMMIT.
  EXPECT_EQ(r.out, pg() ? "BEGIN;\n\n" + alembic_create("alembic_version") + "COMMIT;\n\n"
                        : alembic_create("alembic_version"));
  EXPECT_FALSE(database().has_table("alembic_version"));

  // One transaction per migration: no transaction around a script with none.
  project.write_config(database().url(), "transaction_per_migration = true\nversion_table = \"schema_versions\"");
  const auto named = db({"ensure_version", "--sql"});
  EXPECT_EQ(named.exit_code, 0) << named;
  EXPECT_EQ(named.out, alembic_create("schema_versions"));
  EXPECT_FALSE(database().has_table("schema_versions"));
}

// ---------------------------------------------------------------------------
// edit

class CliEdit : public ::testing::Test {
 protected:
  void SetUp() override {
    project.write_config("sqlite:///" + (project.dir() / "edit.sqlite").string());
    for (const auto& m : {m1, m2, m3}) {
      project.add(m);
    }
    m_editor = write_script("editor.sh", "for f in \"$@\"; do printf '%s\\n' \"$f\" >> '" + log().string() +
                                             "'; done\n");
  }

  fs::path log() const { return project.dir() / "edited.log"; }
  // The arguments editor.sh was started with, one per line, in order.
  std::vector<std::string> edited() const {
    std::vector<std::string> lines;
    std::ifstream in(log());
    for (std::string line; std::getline(in, line);) {
      lines.push_back(line);
    }
    return lines;
  }
  fs::path write_script(const std::string& name, const std::string& body) const {
    const auto path = project.temp().write("bin/" + name, "#!/bin/sh\n" + body);
    fs::permissions(path, fs::perms::owner_all);
    return path;
  }
  RunSpec with_editor(const std::string& editor) const {
    RunSpec spec;
    spec.env["EDITOR"] = editor;
    spec.env["VISUAL"] = std::nullopt;
    return spec;
  }
  RunOutput edit(const std::string& target, const RunSpec& spec) { return project.db({"edit", target}, spec); }
  RunOutput edit(const std::string& target) { return edit(target, with_editor(m_editor.string())); }
  std::string file(const Migration& m) const { return project.file_of(m).string(); }

  CliProject project;
  fs::path m_editor;
};

TEST_F(CliEdit, OpensTheFilesTheRevisionNames) {
  auto r = edit(r2);
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(edited(), ElementsAre(file(m2)));

  fs::remove(log());
  r = edit("a1a1");  // a prefix
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(edited(), ElementsAre(file(m1)));

  fs::remove(log());
  r = edit("heads");  // each head in turn
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(edited(), UnorderedElementsAre(file(m2), file(m3)));

  fs::remove(log());
  r = edit("head");
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr("Multiple head revisions are present")) << r;
  r = edit("base");
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr("db: error: No revision files indicated by symbol 'base'")) << r;
  r = edit("f00dbeef");
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr("Can't locate revision identified by 'f00dbeef'")) << r;
  EXPECT_THAT(edited(), IsEmpty());

  const auto usage = project.db({"edit"}, with_editor(m_editor.string()));
  EXPECT_EQ(usage.exit_code, 2) << usage;
}

TEST_F(CliEdit, CurrentOpensWhatTheDatabaseHolds) {
  auto r = edit("current");
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr("db: error: No current revisions")) << r;
  EXPECT_THAT(edited(), IsEmpty());

  ASSERT_EQ(project.db({"upgrade", "heads"}).exit_code, 0);
  r = edit("current");
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(edited(), UnorderedElementsAre(file(m2), file(m3)));
}

TEST_F(CliEdit, TheEditorIsEditorThenVisualThenACommonOne) {
  // VISUAL when EDITOR is unset.
  RunSpec spec;
  spec.env["EDITOR"] = std::nullopt;
  spec.env["VISUAL"] = m_editor.string();
  auto r = edit(r1, spec);
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(edited(), ElementsAre(file(m1)));

  // A name looked up on PATH.
  fs::remove(log());
  const auto named = write_script("my-editor", "exec '" + m_editor.string() + "' \"$@\"\n");
  spec = with_editor("my-editor");
  spec.env["PATH"] = named.parent_path().string() + ":/usr/bin:/bin";
  r = edit(r1, spec);
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(edited(), ElementsAre(file(m1)));

  // A command with arguments runs through the shell, the file last.
  fs::remove(log());
  r = edit(r1, with_editor(m_editor.string() + " --wait"));
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(edited(), ElementsAre("--wait", file(m1)));

  // The first of sensible-editor, editor, nano, vim, code on PATH.
  fs::remove(log());
  const auto common = write_script("nano", "exec '" + m_editor.string() + "' \"$@\"\n");
  spec = RunSpec{};
  spec.env["EDITOR"] = std::nullopt;
  spec.env["VISUAL"] = std::nullopt;
  spec.env["PATH"] = common.parent_path().string();
  r = edit(r1, spec);
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(edited(), ElementsAre(file(m1)));
}

// Ctrl-C while editing reaches db and the editor (one process group on a
// terminal): db waits for the editor, which handles the signal as it would
// on its own.
TEST_F(CliEdit, CtrlCIsTheEditorsWhileItRuns) {
  const auto survives = write_script("interrupts-db", "kill -INT $PPID\nsleep 0.2\nexec '" + m_editor.string() + "' \"$@\"\n");
  auto r = edit(r1, with_editor(survives.string()));
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(edited(), ElementsAre(file(m1)));

  fs::remove(log());
  const auto interrupted = write_script("interrupted", "kill -INT $$\nexec '" + m_editor.string() + "' \"$@\"\n");
  r = edit(r1, with_editor(interrupted.string()));
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr(interrupted.string() + " was killed by signal 2 while editing " + file(m1))) << r;
  EXPECT_THAT(edited(), IsEmpty());
}

TEST_F(CliEdit, EditorFailuresAreErrors) {
  const auto failing = write_script("failing", "exit 3\n");
  auto r = edit(r1, with_editor(failing.string()));
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr("db: error: Error executing editor (" + failing.string() + " exited with status 3 on " +
                               file(m1) + ")"))
      << r;

  const TempDir empty;
  RunSpec none;
  none.env["EDITOR"] = std::nullopt;
  none.env["VISUAL"] = std::nullopt;
  none.env["PATH"] = empty.path().string();
  r = edit(r1, none);
  EXPECT_EQ(r.exit_code, 1) << r;
  EXPECT_THAT(r.err, HasSubstr("db: error: Error executing editor (No suitable editor found. Please set the "
                               "\"EDITOR\" or \"VISUAL\" environment variables)"))
      << r;
}

// ---------------------------------------------------------------------------
// list_templates and init --template

TEST(CliTemplates, ListTemplatesNamesTheOneLayoutInitWrites) {
  const TempDir dir;
  RunSpec in_dir;
  in_dir.cwd = dir.path();
  const auto list = run_db({"list_templates"}, in_dir);
  EXPECT_EQ(list.exit_code, 0) << list;
  EXPECT_EQ(list.out,
            "Available templates:\n\n"
            "generic - alembic.toml, versions/ for SQL (and C++) migrations, templates/ and schema/\n\n"
            "Templates are used via the 'init' command, e.g.:\n\n  db init --template generic ./scripts\n");

  const auto made = run_db({"init", "--template", "generic", "scripts"}, in_dir);
  EXPECT_EQ(made.exit_code, 0) << made;
  EXPECT_TRUE(fs::exists(dir.path() / "scripts" / "alembic.toml"));
  EXPECT_TRUE(fs::is_directory(dir.path() / "scripts" / "versions"));

  const auto unknown = run_db({"init", "--template", "multidb", "other"}, in_dir);
  EXPECT_EQ(unknown.exit_code, 1) << unknown;
  EXPECT_THAT(unknown.err, HasSubstr("db: error: No such template 'multidb'; 'db list_templates' lists them")) << unknown;
  EXPECT_FALSE(fs::exists(dir.path() / "other"));

  const auto two = run_db({"init", "a", "b"}, in_dir);
  EXPECT_EQ(two.exit_code, 2) << two;
  EXPECT_FALSE(fs::exists(dir.path() / "a"));
}

}  // namespace
}  // namespace retort::test
