// The real `db` binary on the commands that need no database (issue 2):
// init, revision, generate, merge, heads, branches, history, show, --json,
// --help, usage errors (exit 2) and command errors (exit 1).

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>
#include <set>

#include "cli/cli_fixture.hpp"
#include "support/oracle.hpp"

namespace retort::test {
namespace {

using nlohmann::json;
using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// Every file directly in `dir`.
std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  if (fs::exists(dir)) {
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.is_regular_file()) {
        out.push_back(e.path());
      }
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The only file of `dir` not in `before`.
fs::path new_file(const fs::path& dir, const std::vector<fs::path>& before) {
  std::vector<fs::path> added;
  for (const auto& f : files_in(dir)) {
    if (std::find(before.begin(), before.end(), f) == before.end()) {
      added.push_back(f);
    }
  }
  if (added.size() != 1) {
    ADD_FAILURE() << added.size() << " new files in " << dir;
    return {};
  }
  return added.front();
}

// The value of "-- Key: value" in a migration header ("" when absent).
std::string header_field(const std::string& text, const std::string& key) {
  const std::regex re("^-- " + key + ":[ ]?(.*)$", std::regex::multiline);
  std::smatch m;
  return std::regex_search(text, m, re) ? m[1].str() : std::string("<absent>");
}

// ---------------------------------------------------------------------------

TEST(CliInit, ScaffoldsAProjectAndRefusesToOverwrite) {
  TempDir dir;
  RunSpec spec;
  spec.cwd = dir.path();
  const auto r = run_db({"init"}, spec);
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "alembic.toml"));
  EXPECT_TRUE(fs::is_directory(dir.path() / "versions"));
  EXPECT_TRUE(fs::is_directory(dir.path() / "schema"));
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "templates" / "migration.sql.tmpl"));
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "templates" / "migration.cpp.tmpl"));
  EXPECT_THAT(read_file(dir.path() / "alembic.toml"), HasSubstr("[database]"));
  EXPECT_THAT(r.out, HasSubstr("Generating " + (dir.path() / "alembic.toml").string()));

  // The scaffolded project works: a revision lands in its versions/.
  const auto rev = run_db({"revision", "-m", "first"}, spec);
  ASSERT_EQ(rev.exit_code, 0) << rev;
  EXPECT_EQ(files_in(dir.path() / "versions").size(), 1u);

  const auto again = run_db({"init"}, spec);
  EXPECT_EQ(again.exit_code, 1) << again;
  EXPECT_THAT(again.err, AllOf(StartsWith("db: error: "), HasSubstr("already exists")));
}

TEST(CliInit, IntoANamedFolder) {
  TempDir dir;
  RunSpec spec;
  spec.cwd = dir.path();
  const auto r = run_db({"init", "proj"}, spec);
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "proj" / "alembic.toml"));
  EXPECT_TRUE(fs::is_directory(dir.path() / "proj" / "versions"));
}

// ---------------------------------------------------------------------------
// revision / generate / merge

class CliRevision : public ::testing::Test {
 protected:
  // Runs `db revision args...` and returns the file it wrote.
  fs::path revision(const std::vector<std::string>& args) {
    const auto before = files_in(project.versions());
    std::vector<std::string> all{"revision"};
    all.insert(all.end(), args.begin(), args.end());
    const auto r = project.db(all);
    EXPECT_EQ(r.exit_code, 0) << r;
    if (r.exit_code != 0) {
      return {};
    }
    const auto file = new_file(project.versions(), before);
    EXPECT_THAT(r.out, HasSubstr("Generating " + file.string() + " ...  done")) << r;
    return file;
  }
  static std::string id_of(const fs::path& file) { return header_field(read_file(file), "Revision ID"); }

  // A command that must fail with exit 1 and `message`; nothing written.
  void expect_refused(const std::vector<std::string>& args, const std::string& message) {
    const auto before = files_in(project.versions());
    const auto r = project.db(args);
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_THAT(r.err, StartsWith("db: error: ")) << r;
    EXPECT_THAT(r.err, HasSubstr(message)) << r;
    EXPECT_EQ(files_in(project.versions()), before) << "files were written by a refused command";
  }

  CliProject project{"sqlite:///unused.db"};
};

TEST_F(CliRevision, WritesAFileNamedByTheDefaultTemplateWithAFullHeader) {
  const auto first = revision({"-m", "Create the Users table!"});
  const std::regex name(R"(^\d{4}_\d{2}_\d{2}_\d{4}-([0-9a-f]{12})_create_the_users_table\.sql$)");
  std::smatch m;
  const std::string filename = first.filename().string();
  ASSERT_TRUE(std::regex_match(filename, m, name)) << filename;
  const std::string id = m[1];
  const std::string text = read_file(first);
  EXPECT_THAT(text, StartsWith("-- Create the Users table!\n"));
  EXPECT_EQ(header_field(text, "Revision ID"), id);
  EXPECT_EQ(header_field(text, "Revises"), "");
  EXPECT_TRUE(std::regex_match(header_field(text, "Create Date"),
                               std::regex(R"(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}.*)")))
      << header_field(text, "Create Date");
  EXPECT_THAT(text, HasSubstr("\n-- migrate:upgrade"));
  EXPECT_THAT(text, HasSubstr("\n-- migrate:downgrade"));

  // The next one revises the first, gets a different id, and the graph sees both.
  const auto second = revision({"-m", "add email"});
  const std::string text2 = read_file(second);
  EXPECT_EQ(header_field(text2, "Revises"), id);
  EXPECT_NE(id_of(second), id);
  EXPECT_TRUE(std::regex_match(id_of(second), std::regex("[0-9a-f]{12}")));
  const auto heads = project.db({"heads"});
  EXPECT_EQ(heads.out, id_of(second) + " (head)\n") << heads;
  const auto history = project.db({"history"});
  EXPECT_EQ(history.out, id + " -> " + id_of(second) + " (head), add email\n<base> -> " + id +
                             ", Create the Users table!\n")
      << history;
}

TEST_F(CliRevision, FileTemplateAndSlugTruncationFromTheConfig) {
  project.temp().write("alembic.toml",
                       "[alembic]\nversion_locations = [\"versions\"]\nfile_template = \"%(rev)s__%(slug)s\"\n"
                       "truncate_slug_length = 12\n");
  const auto file = revision({"-m", "a rather long message / ../ with slashes", "--rev-id", "feedbeef0001"});
  EXPECT_EQ(file.filename().string(), "feedbeef0001__a_rather_.sql");
  EXPECT_EQ(file.parent_path(), project.versions());
}

TEST_F(CliRevision, FileTemplateWithExtension) {
  project.temp().write("alembic.toml",
                       "[alembic]\nversion_locations = [\"versions\"]\nfile_template = \"%(rev)s_%(slug)s\"\n");
  const auto file = revision({"-m", "Hello, World", "--rev-id", "abc123"});
  EXPECT_EQ(file.filename().string(), "abc123_hello_world.sql");
}

TEST_F(CliRevision, RevIdIsUsedAndDuplicatesAndIllegalCharactersAreRefused) {
  const auto file = revision({"-m", "one", "--rev-id", "abc123"});
  EXPECT_EQ(id_of(file), "abc123");
  expect_refused({"revision", "-m", "two", "--rev-id", "abc123"}, "abc123");
  expect_refused({"revision", "-m", "two", "--rev-id", "abc123"}, "already used");
  for (const std::string bad : {"a-b", "a@b", "a+b", "a:b"}) {
    SCOPED_TRACE(bad);
    expect_refused({"revision", "-m", "two", "--rev-id", bad},
                   "Character(s) '" + bad.substr(1, 1) + "' not allowed in revision identifier '" + bad + "'");
  }
  expect_refused({"revision", "-m", "two", "--rev-id", "a/b"}, "a/b");
}

TEST_F(CliRevision, HeadAndSpliceFollowAlembic) {
  const std::string a = id_of(revision({"-m", "a", "--rev-id", "aaaa00000001"}));
  const std::string b = id_of(revision({"-m", "b", "--rev-id", "bbbb00000002"}));
  expect_refused({"revision", "-m", "c", "--head", a},
                 "Revision " + a +
                     " is not a head revision; please specify --splice to create a new branch from this revision");
  expect_refused({"revision", "-m", "c", "--head", "nosuch1"}, "Can't locate revision identified by 'nosuch1'");

  // --splice from a non-head (by prefix) starts a second branch.
  const auto c = revision({"-m", "c", "--head", "aaaa", "--splice", "--rev-id", "cccc00000003"});
  EXPECT_EQ(header_field(read_file(c), "Revises"), a);
  const auto heads = project.db({"heads"});
  EXPECT_EQ(heads.out, b + " (head)\ncccc00000003 (head)\n") << heads;

  expect_refused({"revision", "-m", "d"},
                 "Multiple heads are present; please specify the head revision on which the new revision "
                 "should be based, or perform a merge.");

  // --head on a head; --head base starts a new root.
  EXPECT_EQ(header_field(read_file(revision({"-m", "d", "--head", b})), "Revises"), b);
  EXPECT_EQ(header_field(read_file(revision({"-m", "root", "--head", "base"})), "Revises"), "");
}

TEST_F(CliRevision, BranchLabelsAndDependsOn) {
  const std::string a = id_of(revision({"-m", "a", "--rev-id", "aaaa00000001"}));
  const auto f = revision({"-m", "feature", "--head", "base", "--branch-label", "feat", "--rev-id", "f00000000001"});
  EXPECT_EQ(header_field(read_file(f), "Branch Labels"), "feat");
  const auto heads = project.db({"heads"});
  EXPECT_THAT(heads.out, HasSubstr("f00000000001 (feat) (head)")) << heads;
  expect_refused({"revision", "-m", "again", "--head", "base", "--branch-label", "feat"}, "feat");

  // A partial id becomes the full id; a branch label stays a label.
  const auto d = revision({"-m", "dep", "--head", "feat@head", "--depends-on", "aaaa"});
  EXPECT_EQ(header_field(read_file(d), "Depends On"), a);
  const auto e = revision({"-m", "dep2", "--head", a, "--depends-on", "feat"});
  EXPECT_EQ(header_field(read_file(e), "Depends On"), "feat");
  expect_refused({"revision", "-m", "dep3", "--head", "feat@head", "--depends-on", "zzzz9"},
                 "Can't locate revision identified by 'zzzz9'");
}

TEST_F(CliRevision, VersionPath) {
  project.temp().write("alembic.toml", "[alembic]\nversion_locations = [\"versions\", \"more\"]\n");
  fs::create_directories(project.dir() / "more");
  expect_refused({"revision", "-m", "x"}, "Multiple version locations present, please specify --version-path");
  expect_refused({"revision", "-m", "x", "--version-path", (project.dir() / "elsewhere").string()},
                 "Path " + (project.dir() / "elsewhere").string() +
                     " is not represented in current version locations");
  const auto before = files_in(project.dir() / "more");
  const auto r = project.db({"revision", "-m", "x", "--version-path", (project.dir() / "more").string()});
  ASSERT_EQ(r.exit_code, 0) << r;
  EXPECT_EQ(new_file(project.dir() / "more", before).parent_path(), project.dir() / "more");
}

TEST_F(CliRevision, RefusesSqlAndPositionalMessages) {
  expect_refused({"revision", "-m", "x", "--sql"}, "--sql");
  const auto r = project.db({"revision", "message-without-m"});
  EXPECT_EQ(r.exit_code, 2) << r;
}

TEST_F(CliRevision, GenerateIsRevisionWithAName) {
  const auto before = files_in(project.versions());
  const auto r = project.db({"generate", "add email to user"});
  ASSERT_EQ(r.exit_code, 0) << r;
  const auto file = new_file(project.versions(), before);
  EXPECT_THAT(file.filename().string(), testing::EndsWith("_add_email_to_user.sql"));
  EXPECT_THAT(read_file(file), StartsWith("-- add email to user\n"));
  EXPECT_EQ(project.db({"generate"}).exit_code, 2);
}

TEST_F(CliRevision, MergeDefaultsToAllHeads) {
  revision({"-m", "a", "--rev-id", "aaaa00000001"});
  revision({"-m", "b", "--rev-id", "bbbb00000002"});
  revision({"-m", "c", "--head", "aaaa00000001", "--splice", "--rev-id", "cccc00000003"});
  const auto before = files_in(project.versions());
  const auto r = project.db({"merge", "-m", "merge heads", "--rev-id", "dddd00000004"});
  ASSERT_EQ(r.exit_code, 0) << r;
  const std::string text = read_file(new_file(project.versions(), before));
  EXPECT_EQ(header_field(text, "Revises"), "bbbb00000002, cccc00000003");
  EXPECT_EQ(project.db({"heads"}).out, "dddd00000004 (head)\n");
  EXPECT_THAT(project.db({"history"}).out,
              HasSubstr("bbbb00000002, cccc00000003 -> dddd00000004 (head) (mergepoint), merge heads\n"));

  // Explicit revisions, by prefix.
  revision({"-m", "e", "--head", "bbbb", "--splice", "--rev-id", "eeee00000005"});
  const auto before2 = files_in(project.versions());
  const auto r2 = project.db({"merge", "-m", "again", "dddd", "eeee"});
  ASSERT_EQ(r2.exit_code, 0) << r2;
  EXPECT_EQ(header_field(read_file(new_file(project.versions(), before2)), "Revises"),
            "dddd00000004, eeee00000005");
}

// ---------------------------------------------------------------------------
// Reading the graph: a fixed project with a branch point and a merge.

class CliGraph : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& m : graph()) {
      project.add(m);
    }
  }
  static std::vector<Migration> graph() {
    return {
        {"1111aaaa0001", {}, "create users", "CREATE TABLE users (id int);", "DROP TABLE users;"},
        {"2222bbbb0002", {"1111aaaa0001"}, "add email", "ALTER TABLE users ADD email text;",
         "ALTER TABLE users DROP email;"},
        {"3333cccc0003", {"2222bbbb0002"}, "feature one", "SELECT 1;", "SELECT 2;"},
        {"4444dddd0004", {"2222bbbb0002"}, "feature two", "SELECT 3;", "SELECT 4;"},
        {"5555eeee0005", {"3333cccc0003", "4444dddd0004"}, "merge features", "", ""},
    };
  }
  RunOutput ok(const std::vector<std::string>& args) {
    auto r = project.db(args);
    EXPECT_EQ(r.exit_code, 0) << r;
    return r;
  }
  RunOutput fails(const std::vector<std::string>& args, const std::string& message) {
    auto r = project.db(args);
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_THAT(r.err, StartsWith("db: error: ")) << r;
    EXPECT_THAT(r.err, HasSubstr(message)) << r;
    return r;
  }

  CliProject project{"sqlite:///unused.db"};
};

const char* const k_history =
    "3333cccc0003, 4444dddd0004 -> 5555eeee0005 (head) (mergepoint), merge features\n"
    "2222bbbb0002 -> 3333cccc0003, feature one\n"
    "2222bbbb0002 -> 4444dddd0004, feature two\n"
    "1111aaaa0001 -> 2222bbbb0002 (branchpoint), add email\n"
    "<base> -> 1111aaaa0001, create users\n";

TEST_F(CliGraph, HeadsBranchesHistory) {
  EXPECT_EQ(ok({"heads"}).out, "5555eeee0005 (head)\n");
  EXPECT_EQ(ok({"branches"}).out,
            "2222bbbb0002 (branchpoint)\n             -> 3333cccc0003\n             -> 4444dddd0004\n\n");
  EXPECT_EQ(ok({"history"}).out, k_history);
  EXPECT_EQ(ok({"history", "-r", "2222:"}).out,
            "3333cccc0003, 4444dddd0004 -> 5555eeee0005 (head) (mergepoint), merge features\n"
            "2222bbbb0002 -> 3333cccc0003, feature one\n"
            "2222bbbb0002 -> 4444dddd0004, feature two\n"
            "1111aaaa0001 -> 2222bbbb0002 (branchpoint), add email\n");
  EXPECT_EQ(ok({"history", "-r", ":3333"}).out,
            "2222bbbb0002 -> 3333cccc0003, feature one\n"
            "1111aaaa0001 -> 2222bbbb0002 (branchpoint), add email\n"
            "<base> -> 1111aaaa0001, create users\n");
  const auto verbose = ok({"heads", "-v"}).out;
  EXPECT_THAT(verbose, HasSubstr("Rev: 5555eeee0005 (head) (mergepoint)"));
  EXPECT_THAT(verbose, HasSubstr("Merges: 3333cccc0003, 4444dddd0004"));
  EXPECT_THAT(verbose, HasSubstr("Path: " + project.file_of(graph()[4]).string()));
}

TEST_F(CliGraph, NegativeRelativeValuesParseAsValuesNotOptions) {
  // A linear project, so that -1 from heads has one answer.
  CliProject linear{"sqlite:///unused.db"};
  linear.add({"aaaa00000001", {}, "one", "SELECT 1;", "SELECT 1;"});
  linear.add({"bbbb00000002", {"aaaa00000001"}, "two", "SELECT 2;", "SELECT 2;"});
  linear.add({"cccc00000003", {"bbbb00000002"}, "three", "SELECT 3;", "SELECT 3;"});
  const std::string two_lines = "bbbb00000002 -> cccc00000003 (head), three\naaaa00000001 -> bbbb00000002, two\n";
  for (const auto& args : std::vector<std::vector<std::string>>{{"history", "-r", "-1:"},
                                                                 {"history", "-r-1:"},
                                                                 {"history", "--rev-range", "-1:"},
                                                                 {"history", "--rev-range=-1:"}}) {
    const auto r = linear.db(args);
    EXPECT_EQ(r.exit_code, 0) << r;
    EXPECT_EQ(r.out, two_lines) << r;
  }
  const auto r2 = linear.db({"history", "-r", "-2:"});
  EXPECT_EQ(r2.exit_code, 0) << r2;
  EXPECT_EQ(r2.out, two_lines + "<base> -> aaaa00000001, one\n") << r2;
  const auto r3 = linear.db({"history", "-r", "-2:-1"});
  EXPECT_EQ(r3.exit_code, 1) << r3;  // as Alembic: "Relative revision -1 didn't produce 1 migrations"
  EXPECT_THAT(r3.err, HasSubstr("Relative revision -1")) << r3;

  // `downgrade -1` reaches the command (which then wants a range for --sql).
  const auto d = linear.db({"downgrade", "-1", "--sql"});
  EXPECT_EQ(d.exit_code, 1) << d;
  EXPECT_THAT(d.err, HasSubstr("downgrade with --sql requires <fromrev>:<torev>")) << d;
  EXPECT_THAT(d.err, Not(HasSubstr("unrecognised option"))) << d;
  // and with a range it renders: -1 stays a value everywhere.
  const auto d2 = linear.db({"downgrade", "cccc00000003:-1", "--sql"});
  EXPECT_EQ(d2.exit_code, 0) << d2;
  EXPECT_THAT(d2.out, HasSubstr("-- Running downgrade cccc00000003 -> bbbb00000002")) << d2;
  EXPECT_THAT(d2.out, Not(HasSubstr("aaaa00000001 ->")));
}

TEST_F(CliGraph, ShowHeadPrintsTheHeaderAndBothSections) {
  const auto r = ok({"show", "4444"});
  EXPECT_THAT(r.out, StartsWith("Rev: 4444dddd0004\nParent: 2222bbbb0002\nPath: " +
                                project.file_of(graph()[3]).string() + "\n"));
  EXPECT_THAT(r.out, HasSubstr("    feature two\n"));
  EXPECT_THAT(r.out, HasSubstr("    Revision ID: 4444dddd0004\n    Revises: 2222bbbb0002\n"));
  EXPECT_THAT(r.out, HasSubstr("-- migrate:upgrade\nSELECT 3;\n-- migrate:downgrade\nSELECT 4;\n"));

  const auto head = ok({"show", "head"});
  EXPECT_THAT(head.out, StartsWith("Rev: 5555eeee0005 (head) (mergepoint)\nMerges: 3333cccc0003, 4444dddd0004\n"));
  EXPECT_THAT(head.out, HasSubstr("-- migrate:upgrade\n-- migrate:downgrade\n"));

  // Several revisions at once.
  const auto two = ok({"show", "1111", "2222"});
  EXPECT_THAT(two.out, HasSubstr("CREATE TABLE users (id int);"));
  EXPECT_THAT(two.out, HasSubstr("ALTER TABLE users DROP email;"));
}

TEST_F(CliGraph, JsonFormsCarryTheSameData) {
  const auto heads = json::parse(ok({"heads", "--json"}).out);
  ASSERT_TRUE(heads.is_array());
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_EQ(heads[0]["revision"], "5555eeee0005");
  EXPECT_EQ(heads[0]["down_revisions"], json({"3333cccc0003", "4444dddd0004"}));
  EXPECT_EQ(heads[0]["is_merge_point"], true);
  EXPECT_EQ(heads[0]["message"], "merge features");

  const auto history = json::parse(ok({"history", "--json"}).out);
  std::vector<std::string> ids;
  for (const auto& r : history) {
    ids.push_back(r["revision"]);
  }
  EXPECT_THAT(ids, ElementsAre("5555eeee0005", "3333cccc0003", "4444dddd0004", "2222bbbb0002", "1111aaaa0001"));
  const auto ranged = json::parse(ok({"history", "-r", ":3333", "--json"}).out);
  EXPECT_EQ(ranged.size(), 3u);

  const auto branches = json::parse(ok({"branches", "--json"}).out);
  ASSERT_EQ(branches.size(), 1u);
  EXPECT_EQ(branches[0]["revision"], "2222bbbb0002");
  EXPECT_EQ(branches[0]["is_branch_point"], true);

  const auto show = json::parse(ok({"show", "2222", "--json"}).out);
  ASSERT_EQ(show.size(), 1u);
  EXPECT_EQ(show[0]["revision"], "2222bbbb0002");
  EXPECT_EQ(show[0]["path"], project.file_of(graph()[1]).string());

  const auto before = files_in(project.versions());
  const auto rev = json::parse(ok({"revision", "-m", "json one", "--rev-id", "abcdef", "--json"}).out);
  EXPECT_EQ(rev["revision"], "abcdef");
  EXPECT_EQ(rev["path"], new_file(project.versions(), before).string());
}

TEST_F(CliGraph, ErrorsSayWhatWentWrong) {
  // An unknown id, with a hint; an ambiguous prefix, with its candidates.
  fails({"show", "5555eeee0006"}, "Can't locate revision identified by '5555eeee0006'");
  fails({"show", "5555eeee0006"}, "did you mean '5555eeee0005'?");
  fails({"upgrade", "5555eeee0006", "--sql"}, "did you mean '5555eeee0005'?");
  fails({"show", "zzzz"}, "Can't locate revision identified by 'zzzz'");
  project.add({"1111aaaa0009", {"5555eeee0005"}, "another", "", ""});
  fails({"show", "1111"}, "Multiple revisions start with '1111': '1111aaaa0001', '1111aaaa0009'");
  // Two heads: `show head` words it as Alembic's commands do.
  project.add({"6666ffff0006", {"5555eeee0005"}, "other", "", ""});
  fails({"show", "head"},
        "db: error: Multiple head revisions are present for given argument 'head'; please specify a specific "
        "target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads\n");
  fails({"history", "-r", "nocolon"}, "History range requires [start]:[end], [start]:, or :[end]");
}

TEST(CliGraphErrors, BrokenProjectsNameTheFile) {
  CliProject project{"sqlite:///unused.db"};
  const auto fails = [&](const std::string& message) {
    const auto r = project.db({"heads"});
    EXPECT_EQ(r.exit_code, 1) << r;
    EXPECT_THAT(r.err, StartsWith("db: error: ")) << r;
    EXPECT_THAT(r.err, HasSubstr(message)) << r;
  };
  project.add({"aaaa00000001", {}, "one", "", ""});

  // A down revision no file defines, named with the file that names it.
  const auto orphan = project.add({"bbbb00000002", {"ffff00000009"}, "two", "", ""});
  fails("Revision ffff00000009 referenced from bbbb00000002 is not present");
  fails(orphan.string());
  fs::remove(orphan);

  // A cycle.
  const auto c1 = project.add({"cccc00000003", {"dddd00000004"}, "three", "", ""});
  const auto c2 = project.add({"dddd00000004", {"cccc00000003"}, "four", "", ""});
  fails("Cycle is detected in revisions (cccc00000003, dddd00000004)");
  fs::remove(c1);
  fs::remove(c2);

  // A .sql file that does not parse: file:line and what was expected.
  const auto bad = project.temp().write("versions/eeee_bad.sql", "-- bad\n--\n-- Revises: aaaa00000001\n\n-- migrate:upgrade\nx\n");
  fails(bad.string() + ":1: ");
  fails("Revision ID");
  fs::remove(bad);
  const auto twice = project.temp().write(
      "versions/eeee_twice.sql",
      "-- twice\n--\n-- Revision ID: eeee00000005\n-- Revises: aaaa00000001\n-- Revises: aaaa00000001\n\n"
      "-- migrate:upgrade\n\n-- migrate:downgrade\n");
  fails(twice.string() + ":5: ");
  fs::remove(twice);

  // A bad alembic.toml: file:line.
  project.temp().write("alembic.toml", "[alembic]\nversion_locations = [\"versions\"]\nscript_location = 3\n");
  fails("alembic.toml:3:");
  fails("script_location");
  project.temp().write("alembic.toml", "[alembic\n");
  fails("alembic.toml:1:");

  // An unknown key only warns.
  project.temp().write("alembic.toml", "[alembic]\nversion_locations = [\"versions\"]\nbogus_key = 1\n");
  const auto r = project.db({"heads"});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_THAT(r.err, AllOf(HasSubstr("warning"), HasSubstr("bogus_key"), HasSubstr("alembic.toml:3")));
  EXPECT_EQ(r.out, "aaaa00000001 (head)\n");

  // A missing -c file.
  const auto missing = run_db({"-c", (project.dir() / "nope.toml").string(), "heads"});
  EXPECT_EQ(missing.exit_code, 1) << missing;
  EXPECT_THAT(missing.err, HasSubstr("nope.toml"));
}

// ---------------------------------------------------------------------------
// Usage

// The lines of `db --help` between "Commands:" and the blank line after it.
std::vector<std::string> command_list_lines() {
  const auto r = run_db({"--help"});
  EXPECT_EQ(r.exit_code, 0) << r;
  std::vector<std::string> listed;
  bool in_list = false;
  for (const auto& line : lines_of(r.out)) {
    if (line == "Commands:") {
      in_list = true;
      continue;
    }
    if (in_list) {
      if (line.empty()) {
        break;
      }
      listed.push_back(line);
    }
  }
  return listed;
}

std::vector<std::string> listed_commands() {
  std::vector<std::string> names;
  for (const auto& line : command_list_lines()) {
    names.push_back(line.substr(2, line.find(' ', 2) - 2));
  }
  return names;
}

TEST(CliUsage, HelpForEveryCommandExitsZero) {
  const auto names = listed_commands();
  for (const char* required : {"init", "revision", "generate", "merge", "heads", "branches", "history", "show",
                               "current", "upgrade", "push", "migrate", "downgrade", "stamp", "status", "reset",
                               "check", "edit", "ensure_version", "list_templates"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required << " not in db --help";
  }
  for (const auto& name : names) {
    SCOPED_TRACE(name);
    for (const char* flag : {"--help", "-h"}) {
      const auto r = run_db({name, flag});
      EXPECT_EQ(r.exit_code, 0) << r;
      EXPECT_THAT(r.out, StartsWith("usage: db " + name)) << r;
      EXPECT_EQ(r.err, "") << r;
    }
  }
  EXPECT_EQ(run_db({"help"}).exit_code, 0);
  EXPECT_EQ(run_db({"-h"}).exit_code, 0);
}

// Like `alembic --version`, before a command or after one.
TEST(CliUsage, VersionPrintsTheVersionAndRunsNothing) {
  const auto r = run_db({"--version"});
  EXPECT_EQ(r.exit_code, 0) << r;
  EXPECT_TRUE(std::regex_match(r.out, std::regex("retort [0-9]+\\.[0-9]+\\.[0-9]+\n"))) << r;
  EXPECT_EQ(r.err, "") << r;
  const TempDir empty;  // no alembic.toml: a command that ran would fail
  RunSpec there;
  there.cwd = empty.path();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--version", "push"}, std::vector<std::string>{"push", "--version"}}) {
    const auto again = run_db(args, there);
    EXPECT_EQ(again.exit_code, 0) << again;
    EXPECT_EQ(again.out, r.out) << again;
  }
  EXPECT_FALSE(fs::exists(empty.path() / "retort-dev.db"));
}

TEST(CliUsage, HelpListsEverySummaryInOneColumn) {
  const auto listed = command_list_lines();
  std::set<std::size_t> columns;
  for (const auto& line : listed) {
    const auto name_end = line.find(' ', 2);
    ASSERT_NE(name_end, std::string::npos) << line;
    const auto summary = line.find_first_not_of(' ', name_end);
    ASSERT_NE(summary, std::string::npos) << line;
    EXPECT_GE(summary - name_end, 2u) << "name and summary run together: " << line;
    columns.insert(summary);
  }
  EXPECT_GT(listed.size(), 20u);
  EXPECT_EQ(columns.size(), 1u) << testing::PrintToString(listed);
}

TEST(CliUsage, UnknownCommandsAndOptionsExitTwo) {
  TempDir dir;
  RunSpec spec;
  spec.cwd = dir.path();
  const auto r = run_db({"hedas"}, spec);
  EXPECT_EQ(r.exit_code, 2) << r;
  EXPECT_THAT(r.err, AllOf(StartsWith("db: error: "), HasSubstr("unknown command 'hedas'"),
                           HasSubstr("did you mean 'heads'?")))
      << r;
  const auto r2 = run_db({"upgarde", "head"}, spec);
  EXPECT_EQ(r2.exit_code, 2) << r2;
  EXPECT_THAT(r2.err, HasSubstr("did you mean 'upgrade'?")) << r2;
  const auto r3 = run_db({"histroy"}, spec);
  EXPECT_THAT(r3.err, HasSubstr("did you mean 'history'?")) << r3;

  const auto bad = run_db({"heads", "--bogus"}, spec);
  EXPECT_EQ(bad.exit_code, 2) << bad;
  EXPECT_THAT(bad.err, AllOf(StartsWith("db: error: "), HasSubstr("--bogus"))) << bad;

  const auto missing_value = run_db({"history", "-r"}, spec);
  EXPECT_EQ(missing_value.exit_code, 2) << missing_value;

  const auto no_target = run_db({"upgrade"}, spec);
  EXPECT_EQ(no_target.exit_code, 2) << no_target;
  const auto two_targets = run_db({"downgrade", "a", "b"}, spec);
  EXPECT_EQ(two_targets.exit_code, 2) << two_targets;

  // Commands without arguments refuse stray words (e.g. a range without -r).
  for (const char* cmd : {"heads", "branches", "history", "current", "status", "reset"}) {
    const auto stray = run_db({cmd, "-1:"}, spec);
    EXPECT_EQ(stray.exit_code, 2) << stray;
    EXPECT_THAT(stray.err, HasSubstr("takes no arguments; got '-1:'")) << stray;
  }

  const auto nothing = run_db({}, spec);
  EXPECT_EQ(nothing.exit_code, 2) << nothing;
  EXPECT_THAT(nothing.err, HasSubstr("usage: db"));
}

// ---------------------------------------------------------------------------
// Plain output is Alembic's, character for character: the same graph as
// Alembic .py twins, read by Debian's alembic.

TEST(CliAlembicOutput, HeadsBranchesHistoryMatchAlembic) {
  if (!fs::exists("/usr/bin/alembic")) {
    GTEST_SKIP() << "/usr/bin/alembic is missing (Debian's python3-alembic / alembic package; CI installs it)";
  }
  const std::vector<Migration> graph = {
      {"1111aaaa0001", {}, "create users", "", ""},
      {"2222bbbb0002", {"1111aaaa0001"}, "add email", "", ""},
      Migration{"3333cccc0003", {"2222bbbb0002"}, "feature one"}.labels({"feat"}),
      {"4444dddd0004", {"2222bbbb0002"}, "feature two", "", ""},
      {"5555eeee0005", {"3333cccc0003", "4444dddd0004"}, "merge features", "", ""},
      {"6666ffff0006", {"5555eeee0005"}, "after the merge", "", ""},
      Migration{"7777aaaa0007", {}, "second root"}.depends({"2222bbbb0002"}),
  };
  CliProject project{"sqlite:///unused.db"};
  TempDir alembic;
  for (const auto& m : graph) {
    project.add(m);
    alembic.write("versions/" + m.id + "_" + slug_of(m.message) + ".py", render_py_migration(m));
  }
  alembic.write("alembic.ini", "[alembic]\nscript_location = " + alembic.path().string() +
                                   "\nsqlalchemy.url = sqlite://\n");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"heads"},
           {"branches"},
           {"history"},
           {"history", "-r", "2222:"},
           {"history", "-r", ":4444"},
           {"history", "-r", "3333:6666"},
           {"history", "-r", "feat@base:"},
           {"history", "-r-1:"},
       }) {
    SCOPED_TRACE(join(args, " "));
    std::vector<std::string> alembic_args{"-c", (alembic.path() / "alembic.ini").string()};
    alembic_args.insert(alembic_args.end(), args.begin(), args.end());
    RunSpec spec;
    spec.cwd = alembic.path();
    const auto want = run_program("/usr/bin/alembic", alembic_args, spec);
    const auto got = project.db(args);
    EXPECT_EQ(got.exit_code == 0, want.exit_code == 0) << got << want;
    if (want.exit_code == 0) {
      EXPECT_EQ(oracle_normalize(args[0], got.out), oracle_normalize(args[0], want.out)) << got << want;
    }
  }
}

}  // namespace
}  // namespace retort::test
