// Compiling C++ code migrations, run by the real `db` binary on SQLite and on
// PostgreSQL: the object cache (reuse, rebuilds on an edit, on a broken or
// foreign object), `db compile`, and the files `db revision --cpp` and
// `db generate --cpp` write. These tests use the project's own cache
// (.retort/cpp), so every compile they expect really happens.

#include <regex>

#include "cli/code_fixture.hpp"

namespace retort::test {
namespace {

using ::testing::AllOf;
using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

class CliCodeCache : public CliCode {
 protected:
  void SetUp() override {
    CliCode::SetUp();
    if (!IsSkipped()) {
      configure("", "");  // no cache_dir: <project>/.retort/cpp
    }
  }
  void write_cpp(const fs::path& file, const std::string& code) {
    project.temp().write(file.lexically_relative(project.dir()), cpp_migration(k_code, k_users, "add bio", code));
  }
};
RETORT_CLI_CODE_BACKENDS(CliCodeCache);

// An object that looks like a compiled migration built against another
// interface version, whose functions do nothing; built with the system C
// compiler into `out`.
void build_foreign_object(const fs::path& dir, const fs::path& out) {
  const fs::path source = dir / "foreign.c";
  {
    std::ofstream f(source);
    f << "const unsigned retort_migration_abi = 999;\n"
         "int retort_upgrade_v1(const void* host) { (void)host; return 0; }\n"
         "int retort_downgrade_v1(const void* host) { (void)host; return 0; }\n";
  }
  const auto r = run_program("/usr/bin/cc", {"-shared", "-fPIC", "-o", out.string(), source.string()});
  ASSERT_EQ(r.exit_code, 0) << r;
}

TEST_P(CliCodeCache, CompilesOnceReusesTheObjectAndRebuildsWhatChanged) {
  add_sql(users_migration());
  const fs::path cpp = add_cpp(k_code, k_users, "add bio", k_issue_backfill);
  const std::regex compiled_line("Compiled [^\n]*/" + cpp.filename().string() + " \\([0-9]+ ms\\)\n");

  // db compile builds it, without touching the database.
  const auto first = ok({"compile"});
  EXPECT_TRUE(std::regex_search(first.err, compiled_line)) << first;
  EXPECT_EQ(compiled_lines(first), 1u) << first;
  EXPECT_EQ(first.out, "1 C++ migration(s): 1 compiled, 0 up to date in " + own_cache().string() + "\n");
  const auto objects = cached_objects(own_cache());
  ASSERT_THAT(objects, SizeIs(1));
  const fs::path object = objects[0];
  const long long built = mtime_ns(object);
  EXPECT_FALSE(has_table("alembic_version"));

  // push, compile again and downgrade use it as it is.
  const auto push = ok({"push"});
  EXPECT_EQ(compiled_lines(push), 0u) << push;
  EXPECT_THAT(versions(), ElementsAre(k_code));
  const auto again = ok({"compile"});
  EXPECT_EQ(compiled_lines(again), 0u) << again;
  EXPECT_THAT(again.out, HasSubstr("1 C++ migration(s): 0 compiled, 1 up to date")) << again;
  const auto down = ok({"downgrade", "-1"});
  EXPECT_EQ(compiled_lines(down), 0u) << down;
  EXPECT_EQ(mtime_ns(object), built);
  EXPECT_THAT(cached_objects(own_cache()), ElementsAre(object));

  // An edit is a new source: compiled once, then cached.
  write_cpp(cpp, k_issue_backfill + "// edited\n");
  const auto edited = ok({"push"});
  EXPECT_TRUE(std::regex_search(edited.err, compiled_line)) << edited;
  EXPECT_EQ(compiled_lines(edited), 1u) << edited;
  EXPECT_THAT(versions(), ElementsAre(k_code));
  EXPECT_THAT(cached_objects(own_cache()), SizeIs(2));
  EXPECT_EQ(compiled_lines(ok({"compile"})), 0u);

  // A broken file: db compile exits 1 naming it; nothing is cached.
  write_cpp(cpp, k_issue_backfill + "static int broken = undeclared_name;\n");
  const auto broken = fails({"compile"});
  EXPECT_THAT(broken.err, AllOf(HasSubstr(cpp.filename().string() + ":"), HasSubstr("undeclared_name"))) << broken;
  EXPECT_THAT(cached_objects(own_cache()), SizeIs(2));
  EXPECT_THAT(versions(), ElementsAre(k_code));

  // Back to the edited text: its object is still there.
  write_cpp(cpp, k_issue_backfill + "// edited\n");
  const auto restored = ok({"compile"});
  EXPECT_EQ(compiled_lines(restored), 0u) << restored;
  const auto now = cached_objects(own_cache());
  ASSERT_THAT(now, SizeIs(2));
  const fs::path edited_object = now[0] == object ? now[1] : now[0];

  // A damaged object is rebuilt, and the run succeeds.
  project.temp().write(edited_object.lexically_relative(project.dir()), "not an ELF file");
  const auto garbage = ok({"downgrade", "-1"});
  EXPECT_EQ(compiled_lines(garbage), 1u) << garbage;
  EXPECT_THAT(versions(), ElementsAre(k_users));
  EXPECT_THAT(columns_of("users"), ElementsAre("id", "name"));

  // So is one built against another interface version (whose functions
  // would do nothing): the real code runs.
  build_foreign_object(project.dir(), edited_object);
  const auto foreign = ok({"push"});
  EXPECT_EQ(compiled_lines(foreign), 1u) << foreign;
  EXPECT_THAT(versions(), ElementsAre(k_code));
  EXPECT_THAT(columns_of("users"), ElementsAre("id", "name", "bio"));
  EXPECT_EQ(scalar("SELECT count(*) FROM users WHERE bio = 'No bio yet'"), std::to_string(k_user_rows));
  EXPECT_EQ(compiled_lines(ok({"compile"})), 0u);
}

// The revision id in a written file's header.
std::string revision_in(const fs::path& file) {
  std::smatch m;
  const std::string text = read_file(file);
  if (!std::regex_search(text, m, std::regex("// Revision ID: ([0-9a-f]{12})\n"))) {
    ADD_FAILURE() << "no Revision ID in " << file << ":\n" << text;
    return {};
  }
  return m[1];
}

TEST_P(CliCodeCache, RevisionAndGenerateWriteCodeMigrationsThatRunAsWritten) {
  // The project's templates/ holds the template `db init` installs.
  fs::create_directories(project.dir() / "templates");
  fs::copy_file(fs::path(RETORT_SOURCE_DIR) / "templates" / "migration.cpp.tmpl",
                project.dir() / "templates" / "migration.cpp.tmpl");
  add_sql(users_migration());

  ok({"revision", "--cpp", "-m", "first code step"});
  ok({"generate", "--cpp", "second code step"});
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(project.versions())) {
    if (e.path().extension() == ".cpp") {
      files.push_back(e.path());
    }
  }
  ASSERT_THAT(files, SizeIs(2));
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    return a.filename().string().find("first") != std::string::npos &&
           b.filename().string().find("first") == std::string::npos;
  });
  ASSERT_THAT(files[0].filename().string(), HasSubstr("first_code_step"));
  ASSERT_THAT(files[1].filename().string(), HasSubstr("second_code_step"));
  const std::string first = revision_in(files[0]);
  const std::string second = revision_in(files[1]);
  for (const auto& f : files) {
    const std::string text = read_file(f);
    EXPECT_THAT(text, AllOf(HasSubstr("#include <retort/migration.hpp>"), HasSubstr("RETORT_UPGRADE(ctx) {\n}"),
                            HasSubstr("RETORT_DOWNGRADE(ctx) {\n}"), Not(HasSubstr("${"))))
        << text;
  }
  EXPECT_THAT(read_file(files[0]), AllOf(HasSubstr("// first code step\n"), HasSubstr("// Revises: " + k_users + "\n")));
  EXPECT_THAT(read_file(files[1]), HasSubstr("// Revises: " + first + "\n"));
  EXPECT_EQ(ok({"heads"}).out, second + " (head)\n");

  // As written: both compile (at once) and run, doing nothing.
  const auto push = ok({"push", "-x", "mode=fast"});
  EXPECT_EQ(compiled_lines(push), 2u) << push;
  EXPECT_THAT(push.err, AllOf(HasSubstr("Running upgrade " + k_users + " -> " + first + ", first code step"),
                              HasSubstr("Running upgrade " + first + " -> " + second + ", second code step")))
      << push;
  EXPECT_THAT(versions(), ElementsAre(second));
  EXPECT_THAT(columns_of("users"), ElementsAre("id", "name"));

  // show prints the header and the code.
  const auto show = ok({"show", "head"});
  EXPECT_THAT(show.out, AllOf(HasSubstr("Revision ID: " + second), HasSubstr("Revises: " + first),
                              HasSubstr("#include <retort/migration.hpp>"), HasSubstr("RETORT_UPGRADE(ctx) {\n}"),
                              HasSubstr("RETORT_DOWNGRADE(ctx) {\n}")))
      << show;

  const auto down = ok({"downgrade", k_users});
  EXPECT_EQ(compiled_lines(down), 0u) << down;
  EXPECT_THAT(versions(), ElementsAre(k_users));
  EXPECT_THAT(cached_objects(own_cache()), SizeIs(2));
}

}  // namespace
}  // namespace retort::test
