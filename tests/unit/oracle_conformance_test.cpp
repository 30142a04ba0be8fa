// Replays every scenario Alembic 1.8.1 recorded (tests/oracle/public.json)
// against the pure graph: success or failure of each step, the migrations
// run in order, the version rows after, and the printed output of heads,
// branches, history and current. Steps Alembic itself leaves to chance may
// match the recorded alternative run instead. (The replay itself lives in
// tests/support/oracle_replay.hpp.)

#include <gtest/gtest.h>

#include "support/oracle_replay.hpp"

namespace retort {
namespace {

class OracleConformance : public ::testing::TestWithParam<std::string> {};

TEST_P(OracleConformance, MatchesAlembic) {
  const std::string failure = test::oracle_replay_failure(test::oracle_scenario(GetParam()));
  ASSERT_TRUE(failure.empty()) << failure;
}

INSTANTIATE_TEST_SUITE_P(PublicScenarios, OracleConformance,
                         ::testing::ValuesIn(test::oracle_scenario_names()),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace retort
