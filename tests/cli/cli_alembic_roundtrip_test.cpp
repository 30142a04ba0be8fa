// Handing a PostgreSQL database back and forth between real Alembic
// (Debian's /usr/bin/alembic, Alembic 1.8) and retort's `db`: the same graph
// as retort .sql files and as Alembic .py twins (same ids, same SQL through
// op.execute), each tool continuing where the other stopped.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/cli_fixture.hpp"

namespace retort::test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const char* const k_alembic = "/usr/bin/alembic";

const std::string A = "aa00000000a1";
const std::string B = "bb00000000b2";
const std::string C = "cc00000000c3";
const std::string D = "dd00000000d4";
const std::string M = "ee00000000e5";
const std::string E = "ff00000000f6";

//   A -> B -> C ---> M -> E
//          \-> D -/
std::vector<Migration> graph() {
  return {
      {A, {}, "create a", "CREATE TABLE t_a (id integer PRIMARY KEY, note text);", "DROP TABLE t_a;"},
      {B, {A}, "create b", "CREATE TABLE t_b (id integer);\nINSERT INTO t_a (id, note) VALUES (1, 'b');",
       "DELETE FROM t_a WHERE id = 1;\nDROP TABLE t_b;"},
      {C, {B}, "create c", "CREATE TABLE t_c (id integer);", "DROP TABLE t_c;"},
      {D, {B}, "create d", "CREATE TABLE t_d (id integer);", "DROP TABLE t_d;"},
      {M, {C, D}, "merge c and d", "INSERT INTO t_a (id, note) VALUES (2, 'merge');", "DELETE FROM t_a WHERE id = 2;"},
      {E, {M}, "create e", "CREATE TABLE t_e (id integer);", "DROP TABLE t_e;"},
  };
}

const char* const k_env_py = R"(from alembic import context
from sqlalchemy import engine_from_config, pool

config = context.config


def run_migrations_online():
    connectable = engine_from_config(
        config.get_section(config.config_ini_section),
        prefix="sqlalchemy.",
        poolclass=pool.NullPool,
    )
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline mode is not used by this test")
run_migrations_online()
)";

class CliAlembicRoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    RETORT_REQUIRE_PG();
    if (!fs::exists(k_alembic)) {
      GTEST_SKIP() << k_alembic << " is missing (Debian's alembic package; CI installs it)";
    }
    database = std::make_unique<PgDb>("roundtrip");
    project = std::make_unique<CliProject>(database->url());
    for (const auto& m : graph()) {
      project->add(m);
      alembic_dir.write("versions/" + m.id + "_" + slug_of(m.message) + ".py", render_py_migration(m));
    }
    alembic_dir.write("env.py", k_env_py);
    alembic_dir.write("alembic.ini", "[alembic]\nscript_location = " + alembic_dir.path().string() +
                                         "\nsqlalchemy.url = " + database->url() + "\n");
  }

  RunOutput alembic(const std::vector<std::string>& args) {
    std::vector<std::string> all{"-c", (alembic_dir.path() / "alembic.ini").string()};
    all.insert(all.end(), args.begin(), args.end());
    RunSpec spec;
    spec.cwd = alembic_dir.path();
    auto r = run_program(k_alembic, all, spec);
    EXPECT_EQ(r.exit_code, 0) << r;
    return r;
  }
  RunOutput db(const std::vector<std::string>& args) {
    auto r = project->db(args);
    EXPECT_EQ(r.exit_code, 0) << r;
    return r;
  }
  std::vector<std::string> tables() {
    return database->query(
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 't\\_%' "
        "ORDER BY tablename");
  }
  std::vector<std::string> notes() { return database->query("SELECT note FROM t_a ORDER BY id"); }

  std::unique_ptr<PgDb> database;
  std::unique_ptr<CliProject> project;
  TempDir alembic_dir;
};

TEST_F(CliAlembicRoundTrip, AlembicThenRetortThenAlembic) {
  // Alembic upgrades part-way (and creates the version table).
  alembic({"upgrade", B});
  EXPECT_THAT(database->versions(), ElementsAre(B));
  EXPECT_THAT(tables(), ElementsAre("t_a", "t_b"));

  // retort sees Alembic's rows and continues to the heads.
  EXPECT_EQ(db({"current"}).out, B + " (branchpoint)\n");
  const auto status = db({"status"});
  EXPECT_THAT(status.out, HasSubstr("4 pending migration(s)")) << status;
  const auto push = db({"push"});
  EXPECT_THAT(push.err, HasSubstr("Running upgrade " + B + " -> " + C)) << push;
  EXPECT_THAT(push.err, HasSubstr("Running upgrade " + M + " -> " + E)) << push;
  EXPECT_THAT(push.err, testing::Not(HasSubstr("-> " + B + ","))) << push;
  EXPECT_THAT(database->versions(), ElementsAre(E));
  EXPECT_THAT(tables(), ElementsAre("t_a", "t_b", "t_c", "t_d", "t_e"));
  EXPECT_THAT(notes(), ElementsAre("b", "merge"));

  // Alembic reads retort's rows.
  EXPECT_THAT(alembic({"current"}).out, HasSubstr(E + " (head)"));

  // retort goes back part-way, through the merge: two rows.
  db({"downgrade", "-1"});
  EXPECT_THAT(database->versions(), ElementsAre(M));
  const auto ambiguous = project->db({"downgrade", "-1"});  // as Alembic: a merge has two parents
  EXPECT_EQ(ambiguous.exit_code, 1) << ambiguous;
  EXPECT_THAT(ambiguous.err, HasSubstr("Ambiguous walk")) << ambiguous;
  EXPECT_THAT(database->versions(), ElementsAre(M));
  db({"downgrade", D});
  EXPECT_THAT(database->versions(), ElementsAre(C, D));
  EXPECT_THAT(tables(), ElementsAre("t_a", "t_b", "t_c", "t_d"));
  EXPECT_THAT(notes(), ElementsAre("b"));
  const auto current = alembic({"current"}).out;
  EXPECT_THAT(current, HasSubstr(C));
  EXPECT_THAT(current, HasSubstr(D));

  // Alembic continues to the heads from retort's two rows.
  alembic({"upgrade", "heads"});
  EXPECT_THAT(database->versions(), ElementsAre(E));
  EXPECT_THAT(tables(), ElementsAre("t_a", "t_b", "t_c", "t_d", "t_e"));
  EXPECT_THAT(notes(), ElementsAre("b", "merge"));
  EXPECT_EQ(db({"current", "--check-heads"}).out, E + " (head)\n");

  // And all the way down by Alembic, up again by retort.
  alembic({"downgrade", "base"});
  EXPECT_THAT(database->versions(), IsEmpty());
  EXPECT_THAT(tables(), IsEmpty());
  db({"push"});
  EXPECT_THAT(database->versions(), ElementsAre(E));
}

TEST_F(CliAlembicRoundTrip, RetortCreatesTheTableAndAlembicContinues) {
  // retort creates the version table; Alembic must accept it as its own.
  db({"upgrade", C});
  EXPECT_THAT(database->versions(), ElementsAre(C));
  EXPECT_THAT(alembic({"current"}).out, HasSubstr(C));
  alembic({"upgrade", "heads"});
  EXPECT_THAT(database->versions(), ElementsAre(E));
  EXPECT_THAT(tables(), ElementsAre("t_a", "t_b", "t_c", "t_d", "t_e"));

  // Alembic steps down one branch; retort finishes it.
  alembic({"downgrade", D});
  EXPECT_THAT(database->versions(), ElementsAre(C, D));
  EXPECT_THAT(notes(), ElementsAre("b"));
  const auto status = db({"status"});
  EXPECT_THAT(status.out, HasSubstr("Current revision(s): " + C + ", " + D)) << status;
  EXPECT_THAT(status.out, HasSubstr("2 pending migration(s)")) << status;
  db({"push"});
  EXPECT_THAT(database->versions(), ElementsAre(E));
  EXPECT_THAT(notes(), ElementsAre("b", "merge"));

  // Stamps are interchangeable too.
  db({"stamp", "--purge", B});
  EXPECT_THAT(alembic({"current"}).out, HasSubstr(B));
  alembic({"stamp", E});
  EXPECT_EQ(db({"current"}).out, E + " (head)\n");
}

}  // namespace
}  // namespace retort::test
