// Every scenario of tests/oracle/public.json (real Alembic 1.8.1's recorded
// answers) replayed through the real `db` binary, the way
// ../shared/oracle/compare.py does it: a project per scenario whose
// migrations insert into a trace table, a fresh database, each step run as
// `db -c <toml> <cmd> ...`, and per step a comparison of success, the trace
// rows it added (in order), the version rows (as a set) and, for current /
// heads / branches / history, the printed output after normalisation.
// Scenarios with `alt_expected` pass when either recorded run matches.
//
// SQLite always; PostgreSQL when RETORT_TEST_PG_URL is set. Scenarios run
// on two threads (each its own projects and database).

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "cli/cli_fixture.hpp"
#include "support/oracle.hpp"

namespace retort::test {
namespace {

using nlohmann::json;

struct StepResult {
  bool ok = false;
  json executed = json::array();
  std::vector<std::string> versions;  // sorted
  std::string output;
  RunOutput run;
};

std::vector<std::string> step_args(const fs::path& toml, const json& step) {
  std::vector<std::string> args{"-c", toml.string(), step["cmd"].get<std::string>()};
  const std::string cmd = step["cmd"];
  if (cmd == "upgrade" || cmd == "downgrade") {
    args.push_back(step["target"].get<std::string>());
  } else if (cmd == "stamp") {
    if (step.value("purge", false)) {
      args.push_back("--purge");
    }
    if (step["target"].is_array()) {
      for (const auto& t : step["target"]) {
        args.push_back(t.get<std::string>());
      }
    } else {
      args.push_back(step["target"].get<std::string>());
    }
  }
  return args;
}

std::string describe(const json& step) {
  std::string s = step["cmd"];
  if (step.value("purge", false)) {
    s += " --purge";
  }
  if (step.contains("target")) {
    if (step["target"].is_array()) {
      for (const auto& t : step["target"]) {
        s += " " + t.get<std::string>();
      }
    } else {
      s += " " + step["target"].get<std::string>();
    }
  }
  return s;
}

// compare.py's step_mismatch(); empty when `got` agrees with `exp`.
std::string mismatch(const json& step, const json& exp, const StepResult& got) {
  if (exp["ok"].get<bool>() != got.ok) {
    return "success differs";
  }
  if (exp["executed"] != got.executed) {
    return "executed migrations differ";
  }
  auto want_rows = exp["version_rows"].get<std::vector<std::string>>();
  std::sort(want_rows.begin(), want_rows.end());
  if (want_rows != got.versions) {
    return "alembic_version rows differ";
  }
  const std::string cmd = step["cmd"];
  if (exp["ok"].get<bool>() && (cmd == "current" || cmd == "heads" || cmd == "branches" || cmd == "history")) {
    const std::string mine = oracle_normalize(cmd, got.output);
    bool matched = mine == oracle_normalize(cmd, exp["output"].get<std::string>());
    if (!matched && exp.contains("alt_output")) {
      matched = mine == oracle_normalize(cmd, exp["alt_output"].get<std::string>());
    }
    if (!matched) {
      return "output differs";
    }
  }
  return {};
}

// The trace rows added since `last_seq` and the sorted version rows.
struct State {
  std::vector<std::pair<long long, std::pair<std::string, std::string>>> trace;  // by seq
  std::vector<std::string> versions;
};

State read_state(TestDb& database, long long last_seq) {
  State state;
  std::vector<std::string> rows;
  const std::string trace_rows = " || ' ' || dir || ' ' || rev FROM oracle_trace WHERE seq > " + std::to_string(last_seq);
  if (database.kind() == "sqlite") {
    rows = database.query("SELECT 't ' || CAST(seq AS TEXT)" + trace_rows);
    for (const auto& v : database.versions()) {
      rows.push_back("v " + v);
    }
  } else {
    // One round trip: the version table is read through query_to_xml, so
    // the query is valid whether or not it exists.
    rows = database.query(
        "SELECT 't ' || seq::text" + trace_rows +
        " UNION ALL SELECT 'v ' || x::text FROM unnest(CASE WHEN to_regclass('alembic_version') IS NULL "
        "THEN ARRAY[]::xml[] ELSE xpath('//version_num/text()', query_to_xml('SELECT version_num FROM "
        "alembic_version', false, false, '')) END) AS x");
  }
  for (const auto& row : rows) {
    if (row.rfind("v ", 0) == 0) {
      state.versions.push_back(row.substr(2));
      continue;
    }
    const auto a = row.find(' ', 2);
    const auto b = row.find(' ', a + 1);
    state.trace.push_back({std::stoll(row.substr(2, a - 2)), {row.substr(a + 1, b - a - 1), row.substr(b + 1)}});
  }
  std::sort(state.trace.begin(), state.trace.end());
  std::sort(state.versions.begin(), state.versions.end());
  return state;
}

// Replays one scenario; returns "" when it passes, else why not. SQLite
// gets a fresh file; PostgreSQL reuses `pg` (one database per worker, reset
// to what a fresh database would hold: only an empty oracle_trace).
std::string replay(const std::string& kind, const json& scenario, TestDb* pg) {
  CliProject project("", "", memory_temp_base());
  std::unique_ptr<TestDb> sqlite;
  TestDb* database = pg;
  if (kind == "sqlite") {
    sqlite = std::make_unique<SqliteDb>(project.dir() / "oracle.sqlite");
    database = sqlite.get();
    database->exec("CREATE TABLE oracle_trace(seq INTEGER PRIMARY KEY AUTOINCREMENT, dir TEXT, rev TEXT)");
  } else {
    database->exec(
        "DROP TABLE IF EXISTS alembic_version; DROP TABLE IF EXISTS oracle_trace; "
        "CREATE TABLE oracle_trace(seq bigserial PRIMARY KEY, dir text, rev text)");
  }
  project.write_config(database->url());
  for (const auto& r : scenario["revisions"]) {
    const std::string id = r["id"];
    const std::string message = r.value("message", "");
    Migration m{id, r["down"].get<std::vector<std::string>>(), message,
                "INSERT INTO oracle_trace(dir, rev) VALUES ('up', '" + id + "');",
                "INSERT INTO oracle_trace(dir, rev) VALUES ('down', '" + id + "');"};
    m.branch_labels = r["branch_labels"].get<std::vector<std::string>>();
    m.depends_on = r["depends_on"].get<std::vector<std::string>>();
    project.temp().write("versions/" + id + "_" + oracle_slug(message) + ".sql", render_sql_migration(m));
  }

  struct Candidate {
    std::string name;
    const json* expected;
  };
  std::vector<Candidate> candidates{{"expected", &scenario["expected"]}};
  if (scenario.contains("alt_expected")) {
    candidates.push_back({"alt_expected", &scenario["alt_expected"]});
  }
  std::string first_failure;
  long long last_seq = 0;
  const auto& steps = scenario["steps"];
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const json& step = steps[i];
    StepResult got;
    got.run = run_db(step_args(project.toml(), step), RunSpec{project.dir(), {}, std::nullopt, std::chrono::seconds(60)});
    got.ok = got.run.exit_code == 0;
    got.output = got.run.out;
    const State state = read_state(*database, last_seq);
    for (const auto& [seq, entry] : state.trace) {
      got.executed.push_back({entry.first, entry.second});
      last_seq = seq;
    }
    got.versions = state.versions;

    std::vector<Candidate> alive;
    for (const auto& c : candidates) {
      const std::string why = mismatch(step, (*c.expected)[i], got);
      if (why.empty()) {
        alive.push_back(c);
      } else if (first_failure.empty() && c.name == "expected") {
        const json& exp = (*c.expected)[i];
        json got_json{{"ok", got.ok}, {"executed", got.executed}, {"version_rows", got.versions}};
        first_failure = "step " + std::to_string(i) + " `" + describe(step) + "`: " + why +
                        (exp.value("unstable", false) ? " [step is unstable in Alembic]" : "") +
                        "\n    alembic: " +
                        json{{"ok", exp["ok"]}, {"executed", exp["executed"]}, {"version_rows", exp["version_rows"]}}
                            .dump() +
                        (exp["error"].is_string() ? " error=" + exp["error"].get<std::string>() : "") +
                        "\n    db:      " + got_json.dump() + " exit=" + std::to_string(got.run.exit_code);
        if (why == "output differs") {
          first_failure += "\n    alembic output: " + json(exp["output"]).dump() +
                           "\n    db output:      " + json(got.output).dump();
        }
        first_failure += "\n    db stderr: " + got.run.err;
      }
    }
    if (alive.empty()) {
      return first_failure;
    }
    candidates = alive;
  }
  return {};
}

void replay_all(const std::string& kind) {
  const json& scenarios = oracle_scenarios();
  ASSERT_GT(scenarios.size(), 100u);
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::vector<std::pair<std::string, std::string>> failures;
  const auto worker = [&] {
    std::unique_ptr<PgDb> pg;
    for (std::size_t i = next++; i < scenarios.size(); i = next++) {
      const std::string name = scenarios[i]["name"];
      std::string why;
      try {
        if (kind != "sqlite" && !pg) {
          pg = std::make_unique<PgDb>("oracle");
        }
        why = replay(kind, scenarios[i], pg.get());
      } catch (const std::exception& e) {
        why = std::string("harness error: ") + e.what();
      }
      if (!why.empty()) {
        std::lock_guard<std::mutex> lock(mutex);
        failures.emplace_back(name, why);
      }
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back(worker);
  }
  for (auto& t : threads) {
    t.join();
  }
  std::sort(failures.begin(), failures.end());
  for (const auto& [name, why] : failures) {
    ADD_FAILURE() << "FAIL " << name << ": " << why;
  }
  EXPECT_EQ(failures.size(), 0u) << failures.size() << " of " << scenarios.size() << " scenarios failed on "
                                 << kind;
}

TEST(CliOracle, PublicScenariosOnSqlite) { replay_all("sqlite"); }

TEST(CliOracle, PublicScenariosOnPostgres) {
  RETORT_REQUIRE_PG();
  replay_all("postgresql");
}

}  // namespace
}  // namespace retort::test
