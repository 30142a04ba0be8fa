// The small string helpers the library's layers share (util/strings.hpp).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "util/strings.hpp"

namespace retort::util {
namespace {

TEST(Strings, QuotedWrapsTheTextAndDoublesTheQuoteInside) {
  EXPECT_EQ(quoted("users", '"'), "\"users\"");
  EXPECT_EQ(quoted("a\"b", '"'), "\"a\"\"b\"");
  EXPECT_EQ(quoted("it's", '\''), "'it''s'");
  EXPECT_EQ(quoted("''", '\''), "''''''");
  EXPECT_EQ(quoted("", '\''), "''");
  // Only the quote asked for is doubled.
  EXPECT_EQ(quoted("say \"hi\"", '\''), "'say \"hi\"'");
}

TEST(Strings, HexDigitReadsBothCasesAndRefusesTheRest) {
  EXPECT_EQ(hex_digit('0'), 0);
  EXPECT_EQ(hex_digit('9'), 9);
  EXPECT_EQ(hex_digit('a'), 10);
  EXPECT_EQ(hex_digit('F'), 15);
  EXPECT_EQ(hex_digit('g'), -1);
  EXPECT_EQ(hex_digit('%'), -1);
  EXPECT_EQ(hex_digit(' '), -1);
}

TEST(Strings, SplitKeepsEmptyFieldsAndStripTakesWhitespaceFromBothEnds) {
  EXPECT_EQ(split("a,,b,", ','), (std::vector<std::string>{"a", "", "b", ""}));
  EXPECT_EQ(split("", ','), (std::vector<std::string>{""}));
  EXPECT_EQ(strip("  a b\t\n"), "a b");
  EXPECT_EQ(strip(" \t "), "");
  EXPECT_EQ(join({"a", "b", "c"}, ", "), "a, b, c");
  EXPECT_EQ(join({}, ", "), "");
}

TEST(Strings, EditDistanceCountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("heads", "heads"), 0u);
  EXPECT_EQ(edit_distance("haeds", "heads"), 2u);
  EXPECT_EQ(edit_distance("head", "heads"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(Strings, ParseIntTakesASignedDecimalAndRefusesTheRest) {
  long long v = 0;
  EXPECT_TRUE(parse_int(" -12 ", v));
  EXPECT_EQ(v, -12);
  EXPECT_TRUE(parse_int("+7", v));
  EXPECT_EQ(v, 7);
  EXPECT_FALSE(parse_int("1.5", v));
  EXPECT_FALSE(parse_int("-", v));
  EXPECT_FALSE(parse_int("", v));
  EXPECT_FALSE(parse_int("0x10", v));
}

}  // namespace
}  // namespace retort::util
