#pragma once
// Replaying a recorded Alembic scenario (tests/oracle/*.json) against the
// pure graph: success or failure of each step, the migrations run in order,
// the version rows after, and the printed output of heads, branches,
// history and current. Steps Alembic itself leaves to chance may match the
// recorded alternative run instead. Shared by oracle_conformance_test.cpp
// (public.json) and oracle_extra_test.cpp (extra.json).

#include <algorithm>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <retort/format.hpp>
#include <retort/plan.hpp>

#include "support/oracle.hpp"

namespace retort::test {

using nlohmann::json;

struct OracleOutcome {
  bool ok = false;
  json executed = json::array();
  std::vector<std::string> rows;  // database order
  std::string output;
  std::string error;
};

// The database of the scenario, reduced to what Alembic's steps touch.
class OracleReplay {
 public:
  explicit OracleReplay(const json& scenario) {
    try {
      m_map = std::make_unique<RevisionMap>(oracle_revisions(scenario));
    } catch (const Error& e) {
      m_map_error = e.what();
    }
  }

  OracleOutcome run(const json& step) {
    OracleOutcome out;
    const std::string cmd = step["cmd"];
    try {
      if (!m_map) {
        throw RevisionError(m_map_error);
      }
      if (cmd == "upgrade" || cmd == "downgrade" || cmd == "stamp") {
        Plan plan;
        if (cmd == "upgrade") {
          plan = plan_upgrade(*m_map, m_rows, step["target"].get<std::string>());
        } else if (cmd == "downgrade") {
          plan = plan_downgrade(*m_map, m_rows, step["target"].get<std::string>());
        } else {
          std::vector<std::string> targets;
          if (step["target"].is_array()) {
            targets = step["target"].get<std::vector<std::string>>();
          } else {
            targets.push_back(step["target"].get<std::string>());
          }
          plan = plan_stamp(*m_map, m_rows, targets, step.value("purge", false));
        }
        for (const auto& s : plan.steps) {
          if (!s.stamp) {
            out.executed.push_back({s.direction == Direction::up ? "up" : "down", s.revision});
          }
        }
        m_rows = plan.rows_after;
      } else if (cmd == "current") {
        for (const auto& r : m_rows) {
          if (!m_map->find(r)) {
            throw RevisionError("unknown row " + r);
          }
        }
        out.output = format::current(*m_map, m_rows, false);
      } else if (cmd == "heads") {
        out.output = format::heads(*m_map, false, false);
      } else if (cmd == "history") {
        out.output = format::history(*m_map, history(*m_map, "", ""), false);
      } else if (cmd == "branches") {
        out.output = format::branches(*m_map, history(*m_map, "", ""), false);
      } else {
        throw std::runtime_error("unknown oracle command " + cmd);
      }
      out.ok = true;
    } catch (const Error& e) {
      out.ok = false;
      out.error = e.what();
    }
    out.rows = m_rows;
    return out;
  }

  std::vector<std::string> m_rows;

 private:
  std::unique_ptr<RevisionMap> m_map;
  std::string m_map_error;
};

inline std::optional<std::string> oracle_mismatch(const json& step, const json& expected, const OracleOutcome& got) {
  if (expected["ok"].get<bool>() != got.ok) {
    return std::string("success differs (got ") + (got.ok ? "ok" : "error: " + got.error) + ", Alembic " +
           (expected["ok"].get<bool>() ? "ok" : "error: " + expected["error"].get<std::string>()) + ")";
  }
  if (expected["executed"] != got.executed) {
    return "executed differs: got " + got.executed.dump() + ", Alembic " + expected["executed"].dump();
  }
  auto want_rows = expected["version_rows"].get<std::vector<std::string>>();
  auto got_rows = got.rows;
  std::sort(want_rows.begin(), want_rows.end());
  std::sort(got_rows.begin(), got_rows.end());
  if (want_rows != got_rows) {
    return "version rows differ: got " + json(got_rows).dump() + ", Alembic " + json(want_rows).dump();
  }
  const std::string cmd = step["cmd"];
  if (got.ok && (cmd == "current" || cmd == "heads" || cmd == "branches" || cmd == "history")) {
    const std::string mine = oracle_normalize(cmd, got.output);
    bool matched = mine == oracle_normalize(cmd, expected["output"].get<std::string>());
    if (!matched && expected.contains("alt_output")) {
      matched = mine == oracle_normalize(cmd, expected["alt_output"].get<std::string>());
    }
    if (!matched) {
      return "output differs:\n--- got\n" + got.output + "--- Alembic\n" + expected["output"].get<std::string>();
    }
  }
  return std::nullopt;
}

// Replays the whole scenario; empty when every step agrees with the
// recorded run (or with its recorded alternative), else the first
// disagreement.
inline std::string oracle_replay_failure(const json& scenario) {
  // Each candidate list of results stays alive while it agrees with us.
  std::vector<const json*> candidates{&scenario["expected"]};
  if (scenario.contains("alt_expected")) {
    candidates.push_back(&scenario["alt_expected"]);
  }
  OracleReplay replay(scenario);
  std::string first_failure;
  const auto& steps = scenario["steps"];
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const OracleOutcome got = replay.run(steps[i]);
    std::vector<const json*> alive;
    for (const json* c : candidates) {
      const auto why = oracle_mismatch(steps[i], (*c)[i], got);
      if (!why) {
        alive.push_back(c);
      } else if (first_failure.empty()) {
        first_failure = "step " + std::to_string(i) + " `" + steps[i].dump() + "`: " + *why;
      }
    }
    if (alive.empty()) {
      return first_failure;
    }
    candidates = alive;
  }
  return "";
}

}  // namespace retort::test
