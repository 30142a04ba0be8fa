#include <chrono>
#include <cstdlib>
#include <cstring>
#include <regex>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <retort/config.hpp>
#include <retort/error.hpp>
#include <retort/script.hpp>

#include "support/temp_dir.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// 2012-07-25 15:08:05.123456 UTC (ALEMBIC-SCENARIOS.md R4/R5).
const auto k_now = std::chrono::system_clock::time_point(std::chrono::seconds(1343228885)) +
                   std::chrono::microseconds(123456);

TEST(SlugTest, AlembicExamples) {
  const std::string r3 =
      "this is a really long name with lots of characters and also I'd like it to\nhave\nnewlines";
  EXPECT_EQ(make_slug(r3), "this_is_a_really_long_name_with_lots_of_");
  EXPECT_EQ(make_slug(r3, 60), "this_is_a_really_long_name_with_lots_of_characters_and_also_");
  EXPECT_EQ(make_slug("I'd like it to\nhave"), "i_d_like_it_to_have");
  EXPECT_EQ(make_slug("this is a message"), "this_is_a_message");
  EXPECT_EQ(make_slug("add ip account table, with a very long message that exceeds forty "
                      "characters"),
            "add_ip_account_table_with_a_very_long_");
  EXPECT_EQ(make_slug(""), "");
  EXPECT_EQ(make_slug("  --- !!! "), "");
  EXPECT_EQ(make_slug("Add User_Email"), "add_user_email");
}

TEST(SlugTest, TruncationRules) {
  const std::string word(50, 'x');
  EXPECT_EQ(make_slug(word), std::string(40, 'x') + "_");
  EXPECT_EQ(make_slug(word, 0), std::string(40, 'x') + "_");
  EXPECT_EQ(make_slug(std::string(40, 'x')), std::string(40, 'x'));
  EXPECT_EQ(make_slug("abc def", 5), "abc_");
  EXPECT_EQ(make_slug("abcd efgh", 5), "abcd_");
  EXPECT_EQ(make_slug("abc def", 7), "abc_def");
}

TEST(SlugTest, NonAsciiBytesAreWordCharactersCountedAsCodePoints) {
  EXPECT_EQ(make_slug("Café crème"), "café_crème");
  std::string accents;
  for (int i = 0; i < 45; ++i) {
    accents += "\xC3\xA9";  // é
  }
  std::string expected;
  for (int i = 0; i < 40; ++i) {
    expected += "\xC3\xA9";
  }
  EXPECT_EQ(make_slug(accents), expected + "_");
}

TEST(SlugTest, NeverHoldsSeparatorsOrDots) {
  const std::string slug = make_slug("../../etc/passwd \\ back.slash: C:\\x");
  EXPECT_EQ(slug, "etc_passwd_back_slash_c_x");
  EXPECT_EQ(slug.find_first_of("/\\.:"), std::string::npos);
}

TemplateTokens r4_tokens() {
  TemplateTokens t;
  t.rev = "12345";
  t.slug = "this_is_a_message";
  t.epoch = 1343228885;
  t.year = 2012;
  t.month = 7;
  t.day = 25;
  t.hour = 15;
  t.minute = 8;
  t.second = 5;
  return t;
}

TEST(WriterTest, ExpandFileTemplateAlembicExamples) {
  const TemplateTokens t = r4_tokens();
  EXPECT_EQ(expand_file_template(
                "%(rev)s_%(slug)s_%(year)s_%(month)s_%(day)s_%(hour)s_%(minute)s_%(second)s", t),
            "12345_this_is_a_message_2012_7_25_15_8_5");
  EXPECT_EQ(expand_file_template("%(epoch)s_%(rev)s_%(slug)s_%(year)s_%(month)s_%(day)s_%(hour)s_"
                                 "%(minute)s_%(second)s",
                                 t),
            "1343228885_12345_this_is_a_message_2012_7_25_15_8_5");
  EXPECT_EQ(expand_file_template(
                "%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s", t),
            "2012_07_25_1508-12345_this_is_a_message");
  EXPECT_EQ(expand_file_template("%(rev)s_%(slug)s", t), "12345_this_is_a_message");
}

TEST(WriterTest, ExpandFileTemplateFormats) {
  const TemplateTokens t = r4_tokens();
  EXPECT_EQ(expand_file_template("%(epoch)d", t), "1343228885");
  EXPECT_EQ(expand_file_template("%(month)i", t), "7");
  EXPECT_EQ(expand_file_template("%(month)02d|%(month)2d|%(month)-3d|", t), "07| 7|7  |");
  EXPECT_EQ(expand_file_template("%(second).3d|%(second)05.2d|%(second)+d", t), "005|00005|+5");
  EXPECT_EQ(expand_file_template("%(rev).3s|%(rev)7s|%(rev)-7s|", t), "123|  12345|12345  |");
  EXPECT_EQ(expand_file_template("100%%_%(rev)s", t), "100%_12345");
  EXPECT_EQ(expand_file_template("plain", t), "plain");
}

std::string template_error(std::string_view file_template) {
  try {
    expand_file_template(file_template, r4_tokens());
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "<no error>";
}

TEST(WriterTest, ExpandFileTemplateErrors) {
  EXPECT_EQ(template_error("%(rev)s_%(foo)s"),
            "unknown token '%(foo)' in file_template '%(rev)s_%(foo)s'; expected one of rev, "
            "slug, epoch, year, month, day, hour, minute, second");
  EXPECT_EQ(template_error("%(rev)d"),
            "'%(rev)d' in file_template '%(rev)d' needs a number; use '%(rev)s'");
  EXPECT_EQ(template_error("%(year)x"),
            "unsupported conversion '%(year)x' in file_template '%(year)x'; expected '%(year)s' "
            "or '%(year)d'");
  EXPECT_EQ(template_error("a%s"),
            "unsupported '%' at character 2 of file_template 'a%s'; expected '%(token)s', "
            "'%(token)d' or '%%' for a literal '%'");
  EXPECT_THAT(template_error("50%"), HasSubstr("unsupported '%' at character 3"));
  EXPECT_EQ(template_error("%(rev"),
            "unterminated '%(' in file_template '%(rev'; expected '%(token)s'");
  EXPECT_THAT(template_error("%(rev).2"), HasSubstr("'%(rev)' in file_template '%(rev).2' has no "
                                                    "conversion"));
}

TEST(WriterTest, GenerateRevIdIsTwelveRandomHex) {
  std::set<std::string> seen;
  std::set<char> digits;
  const std::regex hex12("[0-9a-f]{12}");
  for (int i = 0; i < 200; ++i) {
    const std::string id = generate_rev_id();
    EXPECT_TRUE(std::regex_match(id, hex12)) << id;
    seen.insert(id);
    digits.insert(id.begin(), id.end());
  }
  EXPECT_EQ(seen.size(), 200U);
  EXPECT_EQ(digits.size(), 16U);
}

std::string rev_id_error(std::string_view id) {
  try {
    validate_rev_id(id);
  } catch (const RevisionError& e) {
    return e.what();
  }
  return "<no error>";
}

TEST(WriterTest, ValidateRevIdUsesAlembicMessages) {
  EXPECT_EQ(rev_id_error("no-dashes"),
            "Character(s) '-' not allowed in revision identifier 'no-dashes'");
  EXPECT_EQ(rev_id_error("no@atsigns"),
            "Character(s) '@' not allowed in revision identifier 'no@atsigns'");
  EXPECT_EQ(rev_id_error("no:colons"),
            "Character(s) ':' not allowed in revision identifier 'no:colons'");
  EXPECT_EQ(rev_id_error("no@atsigns-ordashes"),
            "Character(s) '-, @' not allowed in revision identifier 'no@atsigns-ordashes'");
  EXPECT_EQ(rev_id_error("no+plussignseither"),
            "Character(s) '+' not allowed in revision identifier 'no+plussignseither'");
  EXPECT_EQ(rev_id_error("a:b@c+d-e"),
            "Character(s) '+, -, :, @' not allowed in revision identifier 'a:b@c+d-e'");
  EXPECT_EQ(rev_id_error(""), "empty revision identifier; expected letters, digits or '_'");
  for (const char* bad : {"a b", "a/b", "a\\b", "a,b", "a\tb", "a\nb"}) {
    EXPECT_THAT(rev_id_error(bad), HasSubstr("revision identifier '" + std::string(bad) +
                                             "' must not contain whitespace, control characters, "
                                             "'/', '\\' or ','"));
  }
  EXPECT_NO_THROW(validate_rev_id("abc_123"));
  EXPECT_NO_THROW(validate_rev_id("ae1027a6acf"));
}

Config project(const test::TempDir& dir) {
  Config c = default_config(dir.path(), [](std::string_view) { return std::nullopt; });
  c.file_template = "%(rev)s_%(slug)s";
  c.timezone = "UTC";
  return c;
}

NewRevision design_example() {
  NewRevision spec;
  spec.message = "add email to user";
  spec.rev_id = "abc123def456";
  spec.down_revisions = {"xyz789ghi012"};
  spec.branch_labels = {"auth"};
  spec.depends_on = {"0a1b2c3d4e5f"};
  spec.upgrade_sql = "ALTER TABLE \"user\" ADD COLUMN email TEXT NOT NULL;\n\n";
  spec.downgrade_sql = "ALTER TABLE \"user\" DROP COLUMN email;";
  return spec;
}

TEST(WriterTest, WritesTheDesignFormat) {
  test::TempDir dir;
  const Script s = write_revision(project(dir), design_example(), k_now);
  const fs::path expected_path = dir.path() / "versions/abc123def456_add_email_to_user.sql";
  EXPECT_EQ(s.path, expected_path);
  EXPECT_EQ(test::read_file(expected_path), R"(-- add email to user
--
-- Revision ID: abc123def456
-- Revises: xyz789ghi012
-- Create Date: 2012-07-25 15:08:05.123456+00:00
-- Branch Labels: auth
-- Depends On: 0a1b2c3d4e5f

-- migrate:upgrade
ALTER TABLE "user" ADD COLUMN email TEXT NOT NULL;

-- migrate:downgrade
ALTER TABLE "user" DROP COLUMN email;
)");
  EXPECT_EQ(s.create_date, "2012-07-25 15:08:05.123456+00:00");
  EXPECT_EQ(s.upgrade.body, "ALTER TABLE \"user\" ADD COLUMN email TEXT NOT NULL;");
  EXPECT_EQ(s.upgrade.first_line, 10);
}

void expect_same_revision(const Revision& a, const Revision& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.down_revisions, b.down_revisions);
  EXPECT_EQ(a.branch_labels, b.branch_labels);
  EXPECT_EQ(a.depends_on, b.depends_on);
  EXPECT_EQ(a.message, b.message);
}

TEST(WriterTest, RoundTripsThroughTheParser) {
  test::TempDir dir;
  std::vector<NewRevision> specs;
  specs.push_back(design_example());
  NewRevision merge;
  merge.rev_id = "27c6a30d7c24";
  merge.message = "merge heads";
  merge.down_revisions = {"ae1027a6acf", "1975ea83b712"};
  merge.depends_on = {"networking", "55af2cb1c267"};
  specs.push_back(merge);
  NewRevision multi;
  multi.rev_id = "m1";
  multi.message = "summary line\nsecond line\n\nanother paragraph\n  indented: ok";
  multi.branch_labels = {"a", "b"};
  specs.push_back(multi);
  NewRevision empty;
  empty.rev_id = "e1";
  specs.push_back(empty);
  for (const NewRevision& spec : specs) {
    const Script written = write_revision(project(dir), spec, k_now);
    const Script parsed = parse_sql_script(test::read_file(written.path), written.path);
    expect_same_revision(parsed.revision, written.revision);
    Revision want;
    want.id = spec.rev_id;
    want.down_revisions = spec.down_revisions;
    want.branch_labels = spec.branch_labels;
    want.depends_on = spec.depends_on;
    want.message = spec.message;
    expect_same_revision(parsed.revision, want);
    EXPECT_EQ(parsed.upgrade.body, std::string(spec.upgrade_sql.substr(
                                       0, spec.upgrade_sql.find_last_not_of("\n") + 1)));
  }
}

TEST(WriterTest, BaseRevisionKeepsAnEmptyRevisesLineAndDropsOptionalOnes) {
  test::TempDir dir;
  NewRevision spec;
  spec.rev_id = "ae1027a6acf";
  spec.message = "first";
  const Script s = write_revision(project(dir), spec, k_now);
  EXPECT_EQ(test::read_file(s.path),
            "-- first\n--\n-- Revision ID: ae1027a6acf\n-- Revises: \n-- Create Date: 2012-07-25 "
            "15:08:05.123456+00:00\n\n-- migrate:upgrade\n\n-- migrate:downgrade\n");
  EXPECT_THAT(s.revision.down_revisions, IsEmpty());
  EXPECT_TRUE(s.downgrade.present);
}

TEST(WriterTest, MultiLineMessageStaysInTheComment) {
  test::TempDir dir;
  NewRevision spec;
  spec.rev_id = "a1";
  spec.message = "one\r\ntwo  \n\nthree\n\n";
  const Script s = write_revision(project(dir), spec, k_now);
  EXPECT_THAT(test::read_file(s.path), StartsWith("-- one\n-- two\n--\n-- three\n--\n-- Revision"));
  EXPECT_EQ(s.revision.message, "one\ntwo\n\nthree");
  EXPECT_EQ(s.path.filename(), "a1_one_two_three.sql");
}

TEST(WriterTest, GeneratesAnIdWhenNoneIsGiven) {
  test::TempDir dir;
  NewRevision spec;
  spec.message = "x";
  const Script s = write_revision(project(dir), spec, k_now);
  EXPECT_TRUE(std::regex_match(s.revision.id, std::regex("[0-9a-f]{12}")));
  EXPECT_EQ(s.path.filename(), s.revision.id + "_x.sql");
}

TEST(WriterTest, FileNamesFromTheConfiguredTemplate) {
  test::TempDir dir;
  Config c = project(dir);
  c.file_template =
      "%(epoch)s_%(rev)s_%(slug)s_%(year)s_%(month)s_%(day)s_%(hour)s_%(minute)s_%(second)s";
  NewRevision spec;
  spec.rev_id = "12345";
  spec.message = "this is a message";
  EXPECT_EQ(write_revision(c, spec, k_now).path.filename(),
            "1343228885_12345_this_is_a_message_2012_7_25_15_8_5.sql");
  // The default template.
  c.file_template = Config{}.file_template;
  spec.rev_id = "abc";
  EXPECT_EQ(write_revision(c, spec, k_now).path.filename(),
            "2012_07_25_1508-abc_this_is_a_message.sql");
}

TEST(WriterTest, TruncateSlugLengthFromConfig) {
  test::TempDir dir;
  Config c = project(dir);
  c.truncate_slug_length = 5;
  NewRevision spec;
  spec.rev_id = "r1";
  spec.message = "abc def ghi";
  EXPECT_EQ(write_revision(c, spec, k_now).path.filename(), "r1_abc_.sql");
}

TEST(WriterTest, SubfolderTemplateStaysInsideAndIsFoundRecursively) {
  test::TempDir dir;
  Config c = project(dir);
  c.file_template = "%(year)d/%(month).2d/%(day).2d_%(rev)s_%(slug)s";
  NewRevision spec;
  spec.rev_id = "r7";
  spec.message = "test message";
  const Script s = write_revision(c, spec, k_now);
  EXPECT_EQ(s.path, dir.path() / "versions/2012/07/25_r7_test_message.sql");
  EXPECT_TRUE(fs::exists(s.path));
  EXPECT_THAT(load_scripts(c), IsEmpty());
  c.recursive_version_locations = true;
  const auto scripts = load_scripts(c);
  ASSERT_EQ(scripts.size(), 1U);
  EXPECT_EQ(scripts[0].revision.id, "r7");
}

std::string write_error(const Config& c, NewRevision spec) {
  try {
    write_revision(c, std::move(spec), k_now);
  } catch (const Error& e) {
    return e.what();
  }
  return "<no error>";
}

bool folder_is_empty(const fs::path& p) {
  return !fs::exists(p) || fs::recursive_directory_iterator(p) == fs::recursive_directory_iterator();
}

TEST(WriterTest, FileNameMustStayInsideTheVersionFolder) {
  test::TempDir dir;
  Config c = project(dir);
  NewRevision spec;
  spec.rev_id = "r1";
  spec.message = "m";
  for (const char* bad : {"../%(rev)s", "/tmp/%(rev)s", "a//%(rev)s", "a/../../%(rev)s",
                          "./%(rev)s", "%(rev)s/../x"}) {
    c.file_template = bad;
    EXPECT_THAT(write_error(c, spec),
                HasSubstr("file_template '" + std::string(bad) + "' gives '"))
        << bad;
    EXPECT_THAT(write_error(c, spec), HasSubstr("which is not a plain relative path inside the "
                                                "version folder"))
        << bad;
  }
  c.file_template = "%(slug)s";
  spec.message = "";
  EXPECT_EQ(write_error(c, spec),
            "file_template '%(slug)s' gives the file name '.sql', which starts with '.' and would "
            "be ignored; add %(rev)s to it");
  // A message cannot lead outside: the slug holds word characters only.
  spec.message = "../../etc/passwd";
  EXPECT_EQ(write_revision(c, spec, k_now).path, dir.path() / "versions/etc_passwd.sql");
  EXPECT_TRUE(folder_is_empty(dir.path() / "etc"));
}

TEST(WriterTest, FileTemplateErrorsNameTheConfigFile) {
  test::TempDir dir;
  Config c = project(dir);
  c.config_file = dir.path() / "alembic.toml";
  c.file_template = "%(foo)s";
  NewRevision spec;
  spec.rev_id = "r1";
  EXPECT_THAT(write_error(c, spec),
              StartsWith(c.config_file.string() + ": unknown token '%(foo)' in file_template"));
}

TEST(WriterTest, RefusesToOverwrite) {
  test::TempDir dir;
  const Config c = project(dir);
  NewRevision spec;
  spec.rev_id = "r1";
  spec.message = "m";
  const fs::path existing = dir.write("versions/r1_m.sql", "keep me");
  try {
    write_revision(c, spec, k_now);
    FAIL();
  } catch (const CommandError& e) {
    EXPECT_THAT(e.what(), HasSubstr("'" + existing.string() + "' already exists"));
  }
  EXPECT_EQ(test::read_file(existing), "keep me");
}

TEST(WriterTest, RejectsBadIdsAndListEntriesWithoutWriting) {
  test::TempDir dir;
  const Config c = project(dir);
  NewRevision spec;
  spec.message = "m";
  spec.rev_id = "no-dashes";
  EXPECT_EQ(write_error(c, spec),
            "Character(s) '-' not allowed in revision identifier 'no-dashes'");
  spec.rev_id = std::string(33, 'a');
  EXPECT_THAT(write_error(c, spec), HasSubstr("is longer than 32 characters"));
  spec.rev_id = "r1";
  spec.branch_labels = {"a,b"};
  EXPECT_EQ(write_error(c, spec),
            "branch label 'a,b' cannot be written: it must be non-empty, without whitespace or ','");
  spec.branch_labels = {};
  spec.depends_on = {"x y"};
  EXPECT_THAT(write_error(c, spec), StartsWith("dependency 'x y' cannot be written"));
  spec.depends_on = {};
  spec.down_revisions = {""};
  EXPECT_THAT(write_error(c, spec), StartsWith("revision '' cannot be written"));
  spec.down_revisions = {};
  spec.kind = ScriptKind::python;
  EXPECT_THAT(write_error(c, spec), HasSubstr("not Alembic .py files"));
  EXPECT_TRUE(folder_is_empty(dir.path() / "versions"));
}

TEST(WriterTest, MessageThatWouldNotReadBackIsRefused) {
  test::TempDir dir;
  const Config c = project(dir);
  NewRevision spec;
  spec.rev_id = "r1";
  for (const char* message : {"fix\nRevises: x", "Revision ID: x", "a\nmigrate:upgrade"}) {
    spec.message = message;
    EXPECT_THAT(write_error(c, spec),
                StartsWith("the file rendered from built-in migration.sql.tmpl would not read back"))
        << message;
  }
  EXPECT_TRUE(folder_is_empty(dir.path() / "versions"));
}

TEST(WriterTest, TimezoneUtcAndLocal) {
  test::TempDir dir;
  Config c = project(dir);
  NewRevision spec;
  spec.message = "m";
  c.timezone = "utc";
  spec.rev_id = "r1";
  EXPECT_EQ(write_revision(c, spec, k_now).create_date, "2012-07-25 15:08:05.123456+00:00");
  const std::regex naive("2012-07-2[456] \\d\\d:\\d\\d:05\\.123456");
  for (const char* local : {"", "local", "LOCAL"}) {
    c.timezone = local;
    spec.rev_id = "l" + std::to_string(std::strlen(local)) + local;
    const Script s = write_revision(c, spec, k_now);
    EXPECT_TRUE(std::regex_match(s.create_date, naive)) << s.create_date;
  }
}

TEST(WriterTest, TimezoneByName) {
  const char* tzdir = std::getenv("TZDIR");
  if (!fs::exists(fs::path(tzdir != nullptr ? tzdir : "/usr/share/zoneinfo") / "EST5EDT")) {
    GTEST_SKIP() << "no zoneinfo database";
  }
  const char* tz = std::getenv("TZ");
  const std::optional<std::string> tz_before =
      tz != nullptr ? std::optional<std::string>(tz) : std::nullopt;
  test::TempDir dir;
  Config c = project(dir);
  c.file_template = "%(hour).2d%(minute).2d_%(rev)s";
  NewRevision spec;
  spec.message = "m";
  c.timezone = "EST5EDT";
  spec.rev_id = "r1";
  Script s = write_revision(c, spec, k_now);
  EXPECT_EQ(s.create_date, "2012-07-25 11:08:05.123456-04:00");
  EXPECT_EQ(s.path.filename(), "1108_r1.sql");
  c.timezone = "est5edt";  // upper-cased as Alembic does
  spec.rev_id = "r2";
  EXPECT_EQ(write_revision(c, spec, k_now).create_date, "2012-07-25 11:08:05.123456-04:00");
  c.timezone = "Asia/Kolkata";
  spec.rev_id = "r3";
  EXPECT_EQ(write_revision(c, spec, k_now).create_date, "2012-07-25 20:38:05.123456+05:30");
  // The process's own zone is as it was.
  const char* after = std::getenv("TZ");
  EXPECT_EQ(after != nullptr ? std::optional<std::string>(after) : std::nullopt, tz_before);
}

TEST(WriterTest, UnknownTimezone) {
  test::TempDir dir;
  Config c = project(dir);
  NewRevision spec;
  spec.rev_id = "r1";
  for (const char* tz : {"fake", "../etc/passwd", "/etc/passwd", "America"}) {
    c.timezone = tz;
    EXPECT_EQ(write_error(c, spec), "Can't locate timezone: " + std::string(tz));
  }
  EXPECT_TRUE(folder_is_empty(dir.path() / "versions"));
}

TEST(WriterTest, CppRevision) {
  test::TempDir dir;
  NewRevision spec;
  spec.kind = ScriptKind::cpp;
  spec.rev_id = "c0ffee000001";
  spec.message = "backfill emails";
  spec.down_revisions = {"abc123def456"};
  const Script s = write_revision(project(dir), spec, k_now);
  EXPECT_EQ(s.path, dir.path() / "versions/c0ffee000001_backfill_emails.cpp");
  EXPECT_EQ(s.kind, ScriptKind::cpp);
  const std::string text = test::read_file(s.path);
  EXPECT_THAT(text, StartsWith("// backfill emails\n//\n// Revision ID: c0ffee000001\n// Revises: "
                               "abc123def456\n// Create Date: 2012-07-25 15:08:05.123456+00:00\n\n"));
  EXPECT_THAT(text, HasSubstr("#include <retort/migration.hpp>\n"));
  EXPECT_THAT(text, HasSubstr("RETORT_UPGRADE(ctx) {\n}\n"));
  EXPECT_THAT(text, HasSubstr("RETORT_DOWNGRADE(ctx) {\n}\n"));
  const Script parsed = parse_cpp_script(text, s.path);
  EXPECT_EQ(parsed.revision.id, "c0ffee000001");
  EXPECT_THAT(parsed.revision.down_revisions, ElementsAre("abc123def456"));
  EXPECT_EQ(parsed.revision.message, "backfill emails");
  const auto loaded = load_scripts(project(dir));
  ASSERT_EQ(loaded.size(), 1U);
  EXPECT_EQ(loaded[0].kind, ScriptKind::cpp);
}

TEST(WriterTest, DirectoryDefaultsToTheFirstVersionLocation) {
  test::TempDir dir;
  Config c = project(dir);
  c.version_locations = {dir.path() / "one", dir.path() / "two"};
  NewRevision spec;
  spec.rev_id = "r1";
  EXPECT_EQ(write_revision(c, spec, k_now).path, dir.path() / "one/r1_.sql");
  spec.rev_id = "r2";
  spec.directory = dir.path() / "two";
  EXPECT_EQ(write_revision(c, spec, k_now).path, dir.path() / "two/r2_.sql");
  c.version_locations.clear();
  spec.directory.clear();
  spec.rev_id = "r3";
  EXPECT_THAT(write_error(c, spec), HasSubstr("no version location configured"));
}

TEST(WriterTest, ProjectTemplateOverridesTheBuiltIn) {
  test::TempDir dir;
  dir.write("templates/migration.sql.tmpl",
            "-- ${message}\n-- Revision ID: ${rev_id}\n-- Revises: ${revises}\n-- Branch Labels: "
            "${branch_labels}\n-- migrate:upgrade\nSELECT $$x$$ || '$1' || '$$$$';\n${upgrade}\n");
  NewRevision spec;
  spec.rev_id = "r1";
  spec.message = "custom";
  spec.upgrade_sql = "SELECT 2;";
  const Script s = write_revision(project(dir), spec, k_now);
  EXPECT_EQ(test::read_file(s.path),
            "-- custom\n-- Revision ID: r1\n-- Revises: \n-- Branch Labels: \n-- migrate:upgrade\n"
            "SELECT $x$ || '$1' || '$$';\nSELECT 2;\n");
  EXPECT_EQ(load_template(project(dir), "migration.sql.tmpl").substr(0, 14), "-- ${message}\n");
}

TEST(WriterTest, ProjectTemplateWithoutBranchLabels) {
  test::TempDir dir;
  dir.write("templates/migration.sql.tmpl",
            "-- ${message}\n-- Revision ID: ${rev_id}\n-- Revises: ${revises}\n-- "
            "migrate:upgrade\n");
  NewRevision spec;
  spec.rev_id = "r1";
  spec.branch_labels = {"foobar"};
  const fs::path tmpl = dir.path() / "templates/migration.sql.tmpl";
  EXPECT_EQ(write_error(project(dir), spec),
            "Version r1 specified branch_labels foobar, however the migration file " +
                (dir.path() / "versions/r1_.sql").string() +
                " does not have them; have you upgraded your " + tmpl.string() +
                " to include the 'Branch Labels' line?");
  EXPECT_TRUE(folder_is_empty(dir.path() / "versions"));
}

TEST(WriterTest, TemplateErrorsNameTheTemplateLine) {
  test::TempDir dir;
  const fs::path tmpl = dir.write("templates/migration.sql.tmpl",
                                  "-- ${message}\n-- Revision ID: ${rev_id}\n-- ${oops}\n");
  NewRevision spec;
  spec.rev_id = "r1";
  EXPECT_EQ(write_error(project(dir), spec),
            tmpl.string() +
                ":3: unknown placeholder '${oops}'; expected one of ${branch_labels}, "
                "${create_date}, ${depends_on}, ${downgrade}, ${message}, ${rev_id}, ${revises}, "
                "${upgrade}");
  dir.write("templates/migration.sql.tmpl", "-- ${message}\n-- Revision ID: ${rev_id\n");
  EXPECT_THAT(write_error(project(dir), spec),
              StartsWith(tmpl.string() + ":2: unterminated '${'; expected '${name}'"));
  dir.write("templates/migration.sql.tmpl", "-- ${message}\n-- migrate:upgrade\n");
  EXPECT_THAT(write_error(project(dir), spec),
              StartsWith("the file rendered from " + tmpl.string() + " would not read back: "));
  EXPECT_TRUE(folder_is_empty(dir.path() / "versions"));
}

TEST(WriterTest, BuiltinTemplates) {
  for (const char* name : {"migration.sql.tmpl", "migration.cpp.tmpl", "alembic.toml.tmpl"}) {
    const auto text = builtin_template(name);
    ASSERT_TRUE(text) << name;
    EXPECT_FALSE(text->empty());
  }
  EXPECT_EQ(builtin_template("nope.tmpl"), std::nullopt);
  EXPECT_THAT(std::string(*builtin_template("migration.sql.tmpl")),
              HasSubstr("-- Revision ID: ${rev_id}\n"));
  test::TempDir dir;
  EXPECT_EQ(load_template(project(dir), "migration.cpp.tmpl"),
            std::string(*builtin_template("migration.cpp.tmpl")));
  try {
    load_template(project(dir), "nope.tmpl");
    FAIL();
  } catch (const ScriptError& e) {
    EXPECT_THAT(e.what(), HasSubstr("no template named 'nope.tmpl'"));
  }
}

}  // namespace
}  // namespace retort
