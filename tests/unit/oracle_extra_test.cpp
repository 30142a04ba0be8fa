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

class OracleExtra : public ::testing::TestWithParam<std::string> {};

// With no extra.json there is nothing to instantiate.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(OracleExtra);

TEST_P(OracleExtra, MatchesAlembic) {
  const std::string failure =
      test::oracle_replay_failure(test::oracle_scenario_at(RETORT_ORACLE_EXTRA_JSON, GetParam()));
  ASSERT_TRUE(failure.empty()) << failure;
}

INSTANTIATE_TEST_SUITE_P(ExtraScenarios, OracleExtra,
                         ::testing::ValuesIn(test::oracle_scenario_names_at(RETORT_ORACLE_EXTRA_JSON, true)),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace retort

#endif
