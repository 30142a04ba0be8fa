// Replays the extra scenarios recorded with real Alembic 1.8.1 on random
// graphs by tests/oracle/record.py (tests/oracle/extra.json), exactly like
// oracle_conformance_test.cpp replays public.json. Regenerate with
//   /usr/bin/python3 tests/oracle/record.py generate --seeds 1000-1499,2354,2370
//       --out tests/oracle/extra.json --jobs 2

#include <gtest/gtest.h>

#include "support/oracle_replay.hpp"

#ifdef RETORT_ORACLE_EXTRA_JSON

namespace retort {
namespace {

// The scenarios in 24 parts, scenario i in part i % 24: a test process per
// scenario would parse the 3 MB file at start-up in every unit test
// process (ctest runs each test in its own), which cost more than the
// replays. The parts read it only when they run.
constexpr int parts = 24;

class OracleExtra : public ::testing::TestWithParam<int> {};

TEST_P(OracleExtra, MatchesAlembic) {
  const auto names = test::oracle_scenario_names_at(RETORT_ORACLE_EXTRA_JSON, true);
  int replayed = 0;
  for (std::size_t i = static_cast<std::size_t>(GetParam()); i < names.size(); i += parts) {
    const std::string failure =
        test::oracle_replay_failure(test::oracle_scenario_at(RETORT_ORACLE_EXTRA_JSON, names[i]));
    EXPECT_TRUE(failure.empty()) << names[i] << ": " << failure;
    ++replayed;
  }
  // Without extra.json there is nothing to replay; with it, every part has some.
  if (!names.empty()) {
    EXPECT_GT(replayed, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(ExtraScenarios, OracleExtra, ::testing::Range(0, parts),
                         [](const auto& param_info) { return "part_" + std::to_string(param_info.param); });

}  // namespace
}  // namespace retort

#endif
