#include <algorithm>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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

constexpr std::string_view k_design_example = R"(-- add email to user
--
-- Revision ID: abc123def456
-- Revises: xyz789ghi012
-- Create Date: 2025-01-15 14:30:00.000000
-- Branch Labels: auth
-- Depends On: 0a1b2c3d4e5f

-- migrate:upgrade
ALTER TABLE "user" ADD COLUMN email TEXT NOT NULL;

-- migrate:downgrade
ALTER TABLE "user" DROP COLUMN email;
)";

// What parse_sql_script throws for `text` (file "v/x.sql").
std::string sql_error(std::string_view text) {
  try {
    parse_sql_script(text, "v/x.sql");
  } catch (const ScriptError& e) {
    return e.what();
  }
  return "<no error>";
}

std::string python_error(std::string_view text, const fs::path& path = "v/x.py") {
  try {
    parse_python_script(text, path);
  } catch (const ScriptError& e) {
    return e.what();
  }
  return "<no error>";
}

// A header + sections around `header_lines`.
std::string with_header(std::string_view header_lines) {
  return std::string(header_lines) + "\n-- migrate:upgrade\nSELECT 1;\n";
}

TEST(ScriptSqlTest, ParsesTheDesignExample) {
  const Script s = parse_sql_script(k_design_example, "/p/versions/x.sql");
  EXPECT_EQ(s.kind, ScriptKind::sql);
  EXPECT_EQ(s.path, fs::path("/p/versions/x.sql"));
  EXPECT_EQ(s.revision.id, "abc123def456");
  EXPECT_THAT(s.revision.down_revisions, ElementsAre("xyz789ghi012"));
  EXPECT_THAT(s.revision.branch_labels, ElementsAre("auth"));
  EXPECT_THAT(s.revision.depends_on, ElementsAre("0a1b2c3d4e5f"));
  EXPECT_EQ(s.revision.message, "add email to user");
  EXPECT_EQ(s.create_date, "2025-01-15 14:30:00.000000");
  EXPECT_THAT(s.header, StartsWith("-- add email to user\n--\n-- Revision ID: abc123def456\n"));
  EXPECT_THAT(s.header, ::testing::EndsWith("-- Depends On: 0a1b2c3d4e5f"));
  EXPECT_TRUE(s.upgrade.present);
  EXPECT_TRUE(s.upgrade.transactional);
  EXPECT_EQ(s.upgrade.first_line, 10);
  EXPECT_EQ(s.upgrade.body, "ALTER TABLE \"user\" ADD COLUMN email TEXT NOT NULL;");
  EXPECT_TRUE(s.downgrade.present);
  EXPECT_EQ(s.downgrade.first_line, 13);
  EXPECT_EQ(s.downgrade.body, "ALTER TABLE \"user\" DROP COLUMN email;");
}

// Files exactly as shared/oracle/sqlproject.py render_sql_revision writes them.
TEST(ScriptSqlTest, ParsesConformanceHarnessFiles) {
  const Script base = parse_sql_script(
      "-- first\n--\n-- Revision ID: ae1027a6acf\n-- Revises: \n-- Create Date: 2026-01-01 "
      "00:00:00.000000\n\n-- migrate:upgrade\nINSERT INTO oracle_trace(dir, rev) VALUES ('up', "
      "'ae1027a6acf');\n\n-- migrate:downgrade\nINSERT INTO oracle_trace(dir, rev) VALUES "
      "('down', 'ae1027a6acf');\n",
      "x.sql");
  EXPECT_EQ(base.revision.id, "ae1027a6acf");
  EXPECT_THAT(base.revision.down_revisions, IsEmpty());
  EXPECT_EQ(base.revision.message, "first");
  EXPECT_EQ(base.upgrade.body, "INSERT INTO oracle_trace(dir, rev) VALUES ('up', 'ae1027a6acf');");
  EXPECT_EQ(base.upgrade.first_line, 8);
  EXPECT_EQ(base.downgrade.first_line, 11);

  const Script merge = parse_sql_script(
      "-- merge a and b\n--\n-- Revision ID: 27c6a30d7c24\n-- Revises: ae1027a6acf, "
      "1975ea83b712\n-- Create Date: 2026-01-01 00:00:00.000000\n-- Branch Labels: "
      "shoppingcart\n-- Depends On: 55af2cb1c267, networking\n\n-- migrate:upgrade\nINSERT INTO "
      "oracle_trace(dir, rev) VALUES ('up', '27c6a30d7c24');\n\n-- migrate:downgrade\nINSERT "
      "INTO oracle_trace(dir, rev) VALUES ('down', '27c6a30d7c24');\n",
      "x.sql");
  EXPECT_THAT(merge.revision.down_revisions, ElementsAre("ae1027a6acf", "1975ea83b712"));
  EXPECT_THAT(merge.revision.branch_labels, ElementsAre("shoppingcart"));
  EXPECT_THAT(merge.revision.depends_on, ElementsAre("55af2cb1c267", "networking"));
  EXPECT_EQ(merge.revision.message, "merge a and b");

  const Script no_message = parse_sql_script(
      "-- \n--\n-- Revision ID: 3e9ab1c2\n-- Revises: x\n-- Create Date: 2026-01-01 "
      "00:00:00.000000\n\n-- migrate:upgrade\nINSERT INTO oracle_trace(dir, rev) VALUES ('up', "
      "'3e9ab1c2');\n\n-- migrate:downgrade\nINSERT INTO oracle_trace(dir, rev) VALUES ('down', "
      "'3e9ab1c2');\n",
      "x.sql");
  EXPECT_EQ(no_message.revision.id, "3e9ab1c2");
  EXPECT_EQ(no_message.revision.message, "");
  EXPECT_THAT(no_message.revision.down_revisions, ElementsAre("x"));
}

// Every revision of the recorded Alembic scenarios, written the way the
// conformance harness writes it (sqlproject.py render_sql_revision).
TEST(ScriptSqlTest, ParsesEveryOracleRevisionAsTheHarnessWritesIt) {
  std::ifstream in(RETORT_ORACLE_JSON);
  if (!in) {
    GTEST_SKIP() << "no " << RETORT_ORACLE_JSON;
  }
  const nlohmann::json scenarios = nlohmann::json::parse(in);
  int count = 0;
  for (const auto& scenario : scenarios) {
    for (const auto& rev : scenario["revisions"]) {
      const std::string id = rev["id"];
      auto list = [&](const char* key) {
        std::vector<std::string> out;
        if (rev.contains(key)) {
          for (const auto& x : rev[key]) {
            out.push_back(x);
          }
        }
        return out;
      };
      auto join = [](const std::vector<std::string>& v) {
        std::string out;
        for (const auto& x : v) {
          out += (out.empty() ? "" : ", ") + x;
        }
        return out;
      };
      const std::string message = rev.value("message", "");
      std::string text = "-- " + message + "\n--\n-- Revision ID: " + id + "\n-- Revises: " +
                         join(list("down")) + "\n-- Create Date: 2026-01-01 00:00:00.000000\n";
      if (!list("branch_labels").empty()) {
        text += "-- Branch Labels: " + join(list("branch_labels")) + "\n";
      }
      if (!list("depends_on").empty()) {
        text += "-- Depends On: " + join(list("depends_on")) + "\n";
      }
      text += "\n-- migrate:upgrade\nINSERT INTO oracle_trace(dir, rev) VALUES ('up', '" + id +
              "');\n\n-- migrate:downgrade\nINSERT INTO oracle_trace(dir, rev) VALUES ('down', '" +
              id + "');\n";
      if (id.find_first_of("@-+:") != std::string::npos) {
        // Alembic refuses such a map (scenario graph_illegal_char_in_id).
        try {
          parse_sql_script(text, id + ".sql");
          ADD_FAILURE() << id;
        } catch (const ScriptError& e) {
          EXPECT_THAT(e.what(), HasSubstr("not allowed in revision identifier '" + id + "'"));
        }
        ++count;
        continue;
      }
      const Script s = parse_sql_script(text, id + ".sql");
      EXPECT_EQ(s.revision.id, id);
      EXPECT_EQ(s.revision.down_revisions, list("down")) << id;
      EXPECT_EQ(s.revision.branch_labels, list("branch_labels")) << id;
      EXPECT_EQ(s.revision.depends_on, list("depends_on")) << id;
      EXPECT_EQ(s.revision.message, message);
      ++count;
    }
  }
  EXPECT_GT(count, 100);
}

TEST(ScriptSqlTest, MultiLineMessages) {
  const Script two_lines = parse_sql_script(
      with_header("-- first line\n-- second line\n--\n-- Revision ID: a1\n-- Revises:"), "x.sql");
  EXPECT_EQ(two_lines.revision.message, "first line\nsecond line");

  const Script paragraphs = parse_sql_script(
      with_header("-- summary\n--\n-- more detail\n--   indented\n--\n-- Revision ID: a1"), "x.sql");
  EXPECT_EQ(paragraphs.revision.message, "summary\n\nmore detail\n  indented");

  // A message needs no blank line before the keys.
  const Script tight = parse_sql_script(with_header("-- msg\n-- Revision ID: a1"), "x.sql");
  EXPECT_EQ(tight.revision.message, "msg");
  EXPECT_EQ(tight.revision.id, "a1");
}

TEST(ScriptSqlTest, HeaderWithoutMessage) {
  const Script s = parse_sql_script(with_header("-- Revision ID: a1\n-- Revises: b2"), "x.sql");
  EXPECT_EQ(s.revision.id, "a1");
  EXPECT_THAT(s.revision.down_revisions, ElementsAre("b2"));
  EXPECT_EQ(s.revision.message, "");
  // Revises absent: a base. Empty Branch Labels / Depends On: none.
  const Script base = parse_sql_script(
      with_header("-- m\n-- Revision ID: a1\n-- Branch Labels:\n-- Depends On: "), "x.sql");
  EXPECT_THAT(base.revision.down_revisions, IsEmpty());
  EXPECT_THAT(base.revision.branch_labels, IsEmpty());
  EXPECT_THAT(base.revision.depends_on, IsEmpty());
}

TEST(ScriptSqlTest, ListsAreTrimmed) {
  const Script s = parse_sql_script(
      with_header("-- m\n-- Revision ID: a1\n-- Revises:a,b ,  c\n-- Branch Labels: x,y"),
      "x.sql");
  EXPECT_THAT(s.revision.down_revisions, ElementsAre("a", "b", "c"));
  EXPECT_THAT(s.revision.branch_labels, ElementsAre("x", "y"));
}

TEST(ScriptSqlTest, TransactionOption) {
  const Script s = parse_sql_script(
      "-- m\n-- Revision ID: a1\n\n-- migrate:upgrade transaction:false\nCREATE INDEX "
      "CONCURRENTLY i ON t(c);\n-- migrate:downgrade   transaction:false  \nDROP INDEX "
      "CONCURRENTLY i;\n",
      "x.sql");
  EXPECT_FALSE(s.upgrade.transactional);
  EXPECT_FALSE(s.downgrade.transactional);
  EXPECT_EQ(s.upgrade.body, "CREATE INDEX CONCURRENTLY i ON t(c);");
  const Script t = parse_sql_script(
      "-- m\n-- Revision ID: a1\n-- migrate:upgrade transaction:true\nSELECT 1;\n", "x.sql");
  EXPECT_TRUE(t.upgrade.transactional);
}

TEST(ScriptSqlTest, BodyLinesMapToFileLines) {
  const std::string text =
      "-- m\n-- Revision ID: a1\n\n-- migrate:upgrade\n\nCREATE TABLE a (x int);\n\nCREATE "
      "TABLE b (y int);\n\n\n-- migrate:downgrade\nDROP TABLE b;\nDROP TABLE a;";
  const Script s = parse_sql_script(text, "x.sql");
  EXPECT_EQ(s.upgrade.first_line, 5);
  EXPECT_EQ(s.upgrade.body, "\nCREATE TABLE a (x int);\n\nCREATE TABLE b (y int);");
  // The file line of "CREATE TABLE b" from its offset inside the body.
  const std::size_t offset = s.upgrade.body.find("CREATE TABLE b");
  const auto newlines = std::count(s.upgrade.body.begin(),
                                   s.upgrade.body.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
  EXPECT_EQ(s.upgrade.first_line + newlines, 8);
  EXPECT_EQ(s.downgrade.first_line, 12);
  EXPECT_EQ(s.downgrade.body, "DROP TABLE b;\nDROP TABLE a;");
}

TEST(ScriptSqlTest, DowngradeIsOptional) {
  const Script s = parse_sql_script("-- m\n-- Revision ID: a1\n-- migrate:upgrade\n", "x.sql");
  EXPECT_TRUE(s.upgrade.present);
  EXPECT_EQ(s.upgrade.body, "");
  EXPECT_EQ(s.upgrade.first_line, 4);
  EXPECT_FALSE(s.downgrade.present);
}

TEST(ScriptSqlTest, DowngradeMayComeFirst) {
  const Script s = parse_sql_script(
      "-- m\n-- Revision ID: a1\n-- migrate:downgrade\nDROP TABLE t;\n--migrate:upgrade\nCREATE "
      "TABLE t ();\n",
      "x.sql");
  EXPECT_EQ(s.upgrade.body, "CREATE TABLE t ();");
  EXPECT_EQ(s.upgrade.first_line, 6);
  EXPECT_EQ(s.downgrade.body, "DROP TABLE t;");
}

TEST(ScriptSqlTest, CrlfAndByteOrderMark) {
  const Script s = parse_sql_script(
      "\xEF\xBB\xBF-- msg\r\n--\r\n-- Revision ID: a1\r\n-- Revises: b1, c1\r\n\r\n-- "
      "migrate:upgrade transaction:false\r\nSELECT 1;\r\n",
      "x.sql");
  EXPECT_EQ(s.revision.id, "a1");
  EXPECT_EQ(s.revision.message, "msg");
  EXPECT_THAT(s.revision.down_revisions, ElementsAre("b1", "c1"));
  EXPECT_FALSE(s.upgrade.transactional);
  EXPECT_EQ(s.upgrade.body, "SELECT 1;");
}

TEST(ScriptSqlTest, ErrorsSayWhereAndWhatWasExpected) {
  EXPECT_EQ(sql_error("-- msg\n--\n-- Revises: a\n\n-- migrate:upgrade\n"),
            "v/x.sql:1: no 'Revision ID:' in the header; expected a '-- Revision ID: <id>' line "
            "in the comment block at the top of the file");
  EXPECT_THAT(sql_error(with_header("-- m\n-- Revision ID:  ")),
              StartsWith("v/x.sql:2: empty 'Revision ID:'; expected the revision's id"));
  EXPECT_EQ(sql_error(with_header("-- m\n-- Revision ID: no-dashes")),
            "v/x.sql:2: Character(s) '-' not allowed in revision identifier 'no-dashes'");
  EXPECT_THAT(sql_error(with_header("-- m\n-- Revision ID: a b")),
              HasSubstr("v/x.sql:2: revision identifier 'a b' must not contain whitespace"));
  EXPECT_EQ(sql_error(with_header("-- m\n-- Revision ID: a1\n-- Revises: b\n-- Revises: c")),
            "v/x.sql:4: 'Revises:' given twice (first on line 3); expected each header key once");
  EXPECT_THAT(sql_error(with_header("-- m\n-- Revision ID: a1\n-- Revision ID: a2")),
              StartsWith("v/x.sql:3: 'Revision ID:' given twice (first on line 2)"));
  EXPECT_EQ(sql_error("-- m\n-- Revision ID: a1\n-- migrate:upgarde\nSELECT 1;\n"),
            "v/x.sql:3: unknown marker '-- migrate:upgarde'; expected '-- migrate:upgrade' or "
            "'-- migrate:downgrade'");
  EXPECT_THAT(sql_error("-- m\n-- Revision ID: a1\n-- migrate:upgrade\nSELECT 1;\n-- migrate:up\n"),
              StartsWith("v/x.sql:5: unknown marker '-- migrate:up'"));
  EXPECT_EQ(sql_error("-- m\n-- Revision ID: a1\n-- migrate:upgrade\nA;\n-- migrate:downgrade\nB;\n"
                      "-- migrate:upgrade\nC;\n"),
            "v/x.sql:7: duplicate '-- migrate:upgrade' section (the first is on line 3); "
            "expected one upgrade and at most one downgrade section");
  EXPECT_EQ(sql_error("-- m\n-- Revision ID: a1\n-- migrate:upgrade transaction:maybe\n"),
            "v/x.sql:3: unknown option 'transaction:maybe' after '-- migrate:upgrade'; expected "
            "'transaction:false' or nothing");
  EXPECT_THAT(sql_error("-- m\n-- Revision ID: a1\n-- migrate:downgrade notx\n"),
              StartsWith("v/x.sql:3: unknown option 'notx' after '-- migrate:downgrade'"));
  EXPECT_THAT(sql_error("-- m\n-- Revision ID: a1\nSELECT 1;\n-- migrate:upgrade\n"),
              StartsWith("v/x.sql:3: SQL before the first '-- migrate:' marker; expected"));
  EXPECT_THAT(sql_error("-- m\n-- Revision ID: a1\n\nSELECT 1;\n"),
              StartsWith("v/x.sql:4: no '-- migrate:upgrade' marker; expected"));
  EXPECT_THAT(sql_error("-- m\n-- Revision ID: a1\n"),
              StartsWith("v/x.sql:3: no '-- migrate:upgrade' marker; expected '-- "
                         "migrate:upgrade' after the header"));
  EXPECT_THAT(sql_error("-- m\n-- Revision ID: a1\n-- migrate:downgrade\nDROP TABLE t;\n"),
              StartsWith("v/x.sql:3: no '-- migrate:upgrade' section; expected"));
  EXPECT_EQ(sql_error(with_header("-- m\n-- Revision ID: a1\n-- Revison: b")),
            "v/x.sql:3: unknown header key 'Revison'; expected 'Revision ID:', 'Revises:', "
            "'Create Date:', 'Branch Labels:' or 'Depends On:'");
  EXPECT_THAT(sql_error(with_header("-- m\n-- Revision ID: a1\n-- just a note")),
              StartsWith("v/x.sql:3: unexpected text in the header after its keys: 'just a "
                         "note'; the message goes first"));
  EXPECT_EQ(sql_error(with_header("-- m\n-- Revision ID: a1\n-- Revises: a,,b")),
            "v/x.sql:3: empty entry in 'Revises:'; expected names separated by ', '");
  EXPECT_EQ(sql_error(with_header("-- m\n-- Revision ID: a1\n-- Depends On: a b")),
            "v/x.sql:3: 'a b' in 'Depends On:' holds whitespace; expected names separated by ', '");
  EXPECT_THAT(sql_error(""), StartsWith("v/x.sql:1: no 'Revision ID:' in the header"));
}

TEST(ScriptSqlTest, ErrorCarriesFileAndLine) {
  try {
    parse_sql_script("-- m\n-- Revision ID: a1\n-- migrate:nope\n", "/p/v/x.sql");
    FAIL();
  } catch (const ScriptError& e) {
    EXPECT_EQ(e.file(), fs::path("/p/v/x.sql"));
    EXPECT_EQ(e.line(), 3);
  }
}

constexpr std::string_view k_alembic_181 = R"("""add account table

Revision ID: 1975ea83b712
Revises: ae1027a6acf
Create Date: 2011-11-08 11:40:27.089406

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1975ea83b712'
down_revision = 'ae1027a6acf'
branch_labels = None
depends_on = None


def upgrade() -> None:
    revision = 'not-this-one'
    pass


def downgrade() -> None:
    pass
)";

TEST(ScriptPythonTest, ReadsAlembic181Template) {
  const Script s = parse_python_script(k_alembic_181, "/p/v/1975ea83b712_add_account_table.py");
  EXPECT_EQ(s.kind, ScriptKind::python);
  EXPECT_EQ(s.revision.id, "1975ea83b712");
  EXPECT_THAT(s.revision.down_revisions, ElementsAre("ae1027a6acf"));
  EXPECT_THAT(s.revision.branch_labels, IsEmpty());
  EXPECT_THAT(s.revision.depends_on, IsEmpty());
  EXPECT_EQ(s.revision.message,
            "add account table\n\nRevision ID: 1975ea83b712\nRevises: ae1027a6acf\nCreate Date: "
            "2011-11-08 11:40:27.089406");
  EXPECT_FALSE(s.upgrade.present);
  EXPECT_FALSE(s.downgrade.present);
}

TEST(ScriptPythonTest, ReadsCurrentTemplateWithAnnotations) {
  const Script s = parse_python_script(R"(
"""merge heads

Revision ID: 27c6a30d7c24
Revises: ae1027a6acf, 1975ea83b712
Create Date: 2026-11-21 23:46:02.683526

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "27c6a30d7c24"
down_revision: Union[str, Sequence[str], None] = ('ae1027a6acf', '1975ea83b712')
branch_labels: Union[str, Sequence[str], None] = ('shoppingcart',)
depends_on: Union[str, Sequence[str], None] = ['55af2cb1c267', 'networking']


def upgrade() -> None:
    """Upgrade schema."""
    pass
)",
                                       "m.py");
  EXPECT_EQ(s.revision.id, "27c6a30d7c24");
  EXPECT_THAT(s.revision.down_revisions, ElementsAre("ae1027a6acf", "1975ea83b712"));
  EXPECT_THAT(s.revision.branch_labels, ElementsAre("shoppingcart"));
  EXPECT_THAT(s.revision.depends_on, ElementsAre("55af2cb1c267", "networking"));
  EXPECT_THAT(s.revision.message, StartsWith("merge heads\n\nRevision ID: 27c6a30d7c24"));
}

TEST(ScriptPythonTest, ValueShapes) {
  auto down = [](std::string_view value) {
    return parse_python_script("revision = 'r1'\ndown_revision = " + std::string(value) + "\n",
                               "m.py")
        .revision.down_revisions;
  };
  EXPECT_THAT(down("None"), IsEmpty());
  EXPECT_THAT(down("()"), IsEmpty());
  EXPECT_THAT(down("'x'"), ElementsAre("x"));
  EXPECT_THAT(down("(\"x\",)"), ElementsAre("x"));
  EXPECT_THAT(down("['x']"), ElementsAre("x"));
  EXPECT_THAT(down("('x', 'y')"), ElementsAre("x", "y"));
  EXPECT_THAT(down("'x', 'y'"), ElementsAre("x", "y"));
  EXPECT_THAT(down("(\n    'x',  # first\n    'y',\n)"), ElementsAre("x", "y"));
  EXPECT_THAT(down("'x'  # a comment with 'quotes'"), ElementsAre("x"));
  EXPECT_THAT(down("u'x'"), ElementsAre("x"));
  EXPECT_THAT(down("r'x'"), ElementsAre("x"));
  EXPECT_THAT(down("'a' 'b'"), ElementsAre("ab"));
  EXPECT_THAT(down("\\\n  'x'"), ElementsAre("x"));
  const Script labels = parse_python_script(
      "revision = 'r1'; down_revision = None\nbranch_labels = 'lbl'\ndepends_on = ('d1',)\n",
      "m.py");
  EXPECT_THAT(labels.revision.branch_labels, ElementsAre("lbl"));
  EXPECT_THAT(labels.revision.depends_on, ElementsAre("d1"));
}

TEST(ScriptPythonTest, DocstringForms) {
  EXPECT_EQ(parse_python_script("'''single quotes\n\nmore'''\nrevision = 'a'\ndown_revision = None\n",
                                "m.py")
                .revision.message,
            "single quotes\n\nmore");
  EXPECT_EQ(parse_python_script("# -*- coding: utf-8 -*-\n\n\"\"\"  padded \\\"x\\\" \\u00e9  "
                                "\n\"\"\"\nrevision = 'a'\ndown_revision = None\n",
                                "m.py")
                .revision.message,
            "padded \"x\" \xC3\xA9");
  EXPECT_EQ(parse_python_script("\"one line\"\nrevision = 'a'\ndown_revision = None\n", "m.py")
                .revision.message,
            "one line");
  // Not a docstring: the first statement is code.
  EXPECT_EQ(parse_python_script("import os\n\"\"\"late\"\"\"\nrevision = 'a'\ndown_revision = None\n",
                                "m.py")
                .revision.message,
            "");
}

TEST(ScriptPythonTest, IgnoresWhatIsNotModuleLevelAssignment) {
  const Script s = parse_python_script(R"("""doc
revision = 'in-docstring'
"""
text = """
down_revision = 'in-a-string'
"""
revision = 'real1'
down_revision = None
if False:
    revision = 'indented'
class X:
    down_revision = 'in-class'
def f():
    depends_on = ['in-function']
x = {'revision': 'in-dict'}
revision_extra = 'other name'
)",
                                       "m.py");
  EXPECT_EQ(s.revision.id, "real1");
  EXPECT_THAT(s.revision.down_revisions, IsEmpty());
  EXPECT_THAT(s.revision.depends_on, IsEmpty());
}

TEST(ScriptPythonTest, LaterAssignmentWins) {
  const Script s =
      parse_python_script("revision = 'a'\nrevision = 'b'\ndown_revision = None\n", "m.py");
  EXPECT_EQ(s.revision.id, "b");
}

TEST(ScriptPythonTest, LegacyFileNameGivesTheId) {
  const Script s = parse_python_script("down_revision = None\n", "/p/v/1a2b3c.py");
  EXPECT_EQ(s.revision.id, "1a2b3c");
  EXPECT_EQ(python_error("down_revision = None\n", "/p/v/add_table.py"),
            "/p/v/add_table.py: Could not determine revision id from filename add_table.py. Be "
            "sure the 'revision' variable is declared inside the script (please see 'Upgrading "
            "from Alembic 0.1 to 0.2' in the documentation).");
  // Upper-case hex is not the legacy form.
  EXPECT_THAT(python_error("down_revision = None\n", "/p/v/1A2B.py"),
              HasSubstr("Could not determine revision id from filename 1A2B.py."));
}

TEST(ScriptPythonTest, Errors) {
  EXPECT_EQ(python_error("revision = 'a'\n"),
            "v/x.py: no 'down_revision' assignment; expected down_revision = None for a base "
            "revision, or the id(s) it revises");
  EXPECT_EQ(python_error("revision = 'a'\n\ndown_revision = get_parent()\n"),
            "v/x.py:3: cannot read 'down_revision' here; expected None, a string, or a tuple or "
            "list of strings (retort reads this file without running Python)");
  EXPECT_THAT(python_error("revision = 'a'\ndown_revision = None\nbranch_labels = LABELS\n"),
              StartsWith("v/x.py:3: cannot read 'branch_labels' here; expected None"));
  EXPECT_THAT(python_error("revision = 'a'\ndown_revision = None\ndepends_on = f'{x}'\n"),
              StartsWith("v/x.py:3: cannot read 'depends_on' here"));
  EXPECT_THAT(python_error("revision = None\ndown_revision = None\n"),
              StartsWith("v/x.py:1: cannot read 'revision' here; expected a string literal"));
  EXPECT_THAT(python_error("revision = ('a',)\ndown_revision = None\n"),
              StartsWith("v/x.py:1: cannot read 'revision' here"));
  EXPECT_EQ(python_error("\nrevision = 'no@atsigns-ordashes'\ndown_revision = None\n"),
            "v/x.py:2: Character(s) '-, @' not allowed in revision identifier "
            "'no@atsigns-ordashes'");
  EXPECT_THAT(python_error("revision = ''\ndown_revision = None\n"),
              StartsWith("v/x.py:1: 'revision' is empty"));
  EXPECT_THAT(python_error("revision = 'a'\ndown_revision = ('x',\n"),
              StartsWith("v/x.py:2: '(' is never closed"));
  EXPECT_THAT(python_error("\"\"\"doc\nrevision = 'a'\n"),
              StartsWith("v/x.py:1: string is never closed; expected a closing \"\"\""));
  EXPECT_THAT(python_error("revision = 'a\ndown_revision = None\n"),
              StartsWith("v/x.py:1: string is never closed on its line"));
  EXPECT_THAT(python_error("revision = 'a')\n"), StartsWith("v/x.py:1: unmatched ')'"));
}

TEST(ScriptCppTest, ReadsTheHeader) {
  const Script s = parse_cpp_script(R"(// backfill emails
//
// Revision ID: c0ffee000001
// Revises: abc123def456
// Create Date: 2025-01-15 14:30:00.000000
// Depends On: auth

#include <retort/migration.hpp>
// Revision ID: not-the-header

RETORT_UPGRADE(ctx) {}
)",
                                    "/p/v/x.cpp");
  EXPECT_EQ(s.kind, ScriptKind::cpp);
  EXPECT_EQ(s.revision.id, "c0ffee000001");
  EXPECT_THAT(s.revision.down_revisions, ElementsAre("abc123def456"));
  EXPECT_THAT(s.revision.depends_on, ElementsAre("auth"));
  EXPECT_EQ(s.revision.message, "backfill emails");
  EXPECT_EQ(s.create_date, "2025-01-15 14:30:00.000000");
  EXPECT_THAT(s.header, ::testing::EndsWith("// Depends On: auth"));
  EXPECT_FALSE(s.upgrade.present);
}

TEST(ScriptCppTest, MarkerEndsTheHeader) {
  const Script s = parse_cpp_script(
      "// m\n// Revision ID: a1\n// migrate:upgrade\n// Revision ID: a2\n", "x.cpp");
  EXPECT_EQ(s.revision.id, "a1");
}

TEST(ScriptCppTest, Errors) {
  try {
    parse_cpp_script("// m\n// Revises: a\n#include <x>\n", "v/x.cpp");
    FAIL();
  } catch (const ScriptError& e) {
    EXPECT_EQ(std::string(e.what()),
              "v/x.cpp:1: no 'Revision ID:' in the header; expected a '// Revision ID: <id>' line "
              "in the comment block at the top of the file");
  }
  try {
    parse_cpp_script("// m\n// Revision ID: a1\n// Revises: a\n// Revises: b\n", "v/x.cpp");
    FAIL();
  } catch (const ScriptError& e) {
    EXPECT_THAT(e.what(), StartsWith("v/x.cpp:4: 'Revises:' given twice (first on line 3)"));
  }
}

std::string sql_file(std::string_view id, std::string_view down = "") {
  return "-- m\n-- Revision ID: " + std::string(id) + "\n-- Revises: " + std::string(down) +
         "\n\n-- migrate:upgrade\n";
}

std::vector<std::string> ids(const std::vector<Script>& scripts) {
  std::vector<std::string> out;
  for (const Script& s : scripts) {
    out.push_back(s.revision.id);
  }
  return out;
}

Config config_for(const fs::path& root, std::vector<fs::path> locations, bool recursive = false) {
  Config c = default_config(root, [](std::string_view) { return std::nullopt; });
  c.version_locations = std::move(locations);
  c.recursive_version_locations = recursive;
  return c;
}

TEST(ScriptLoadTest, ReadsFilesInNameOrderAndIgnoresOthers) {
  test::TempDir dir;
  const fs::path v = dir.path() / "versions";
  dir.write("versions/b_second.sql", sql_file("bbb"));
  dir.write("versions/a_first.sql", sql_file("aaa"));
  dir.write("versions/c_third.py", "revision = 'ccc'\ndown_revision = None\n");
  dir.write("versions/d_fourth.cpp", "// m\n// Revision ID: ddd\n");
  dir.write("versions/B_upper.sql", sql_file("upper"));  // 'B' < 'a' in byte order
  dir.write("versions/__init__.py", "");
  dir.write("versions/.#a_first.sql", "garbage");
  dir.write("versions/.hidden.sql", "garbage");
  dir.write("versions/notes.txt", "garbage");
  dir.write("versions/x.sql~", "garbage");
  dir.write("versions/__pycache__/e.py", "garbage");
  dir.write("versions/sub/e.sql", sql_file("eee"));
  const std::vector<Script> scripts = load_scripts(config_for(dir.path(), {v}));
  EXPECT_THAT(ids(scripts), ElementsAre("upper", "aaa", "bbb", "ccc", "ddd"));
  EXPECT_EQ(scripts[1].path, v / "a_first.sql");
  EXPECT_TRUE(scripts[1].path.is_absolute());
  EXPECT_EQ(scripts[3].kind, ScriptKind::python);
  EXPECT_EQ(scripts[4].kind, ScriptKind::cpp);
}

TEST(ScriptLoadTest, RecursiveReadsOwnFilesBeforeSubfolders) {
  test::TempDir dir;
  const fs::path v = dir.path() / "versions";
  dir.write("versions/z_top.sql", sql_file("top2"));
  dir.write("versions/a_top.sql", sql_file("top1"));
  dir.write("versions/2024/12/26_x.sql", sql_file("deep"));
  dir.write("versions/2024/01_y.sql", sql_file("mid"));
  dir.write("versions/2023/01_z.sql", sql_file("early"));
  dir.write("versions/__pycache__/x.sql", sql_file("cache"));
  dir.write("versions/.git/x.sql", sql_file("hidden"));
  EXPECT_THAT(ids(load_scripts(config_for(dir.path(), {v}, true))),
              ElementsAre("top1", "top2", "early", "mid", "deep"));
}

TEST(ScriptLoadTest, LocationsInOrderMissingOnesSkippedDuplicatesReadOnce) {
  test::TempDir dir;
  dir.write("model1/x.sql", sql_file("ccc"));
  dir.write("model2/x.sql", sql_file("bbb"));
  dir.write("model3/x.sql", sql_file("aaa"));
  const Config c = config_for(dir.path(), {dir.path() / "model1", dir.path() / "missing",
                                           dir.path() / "model2", dir.path() / "model3",
                                           dir.path() / "model2/../model1"});
  EXPECT_THAT(ids(load_scripts(c)), ElementsAre("ccc", "bbb", "aaa"));
}

TEST(ScriptLoadTest, SymlinkedFileIsReadOnce) {
  test::TempDir dir;
  const fs::path target = dir.write("versions/a.sql", sql_file("aaa"));
  fs::create_directories(dir.path() / "more");
  fs::create_symlink(target, dir.path() / "more/b.sql");
  EXPECT_THAT(ids(load_scripts(config_for(dir.path(), {dir.path() / "versions", dir.path() / "more"}))),
              ElementsAre("aaa"));
}

TEST(ScriptLoadTest, SymlinkLoopIsWalkedOnce) {
  test::TempDir dir;
  dir.write("versions/a.sql", sql_file("aaa"));
  dir.write("versions/sub/b.sql", sql_file("bbb"));
  fs::create_directory_symlink(dir.path() / "versions", dir.path() / "versions/sub/loop");
  EXPECT_THAT(ids(load_scripts(config_for(dir.path(), {dir.path() / "versions"}, true))),
              ElementsAre("aaa", "bbb"));
}

TEST(ScriptLoadTest, ParseErrorsNameTheFile) {
  test::TempDir dir;
  const fs::path bad = dir.write("versions/bad.sql", "-- m\n-- Revision ID: a1\n-- migrate:oops\n");
  try {
    load_scripts(config_for(dir.path(), {dir.path() / "versions"}));
    FAIL();
  } catch (const ScriptError& e) {
    EXPECT_THAT(e.what(), StartsWith(bad.string() + ":3: unknown marker"));
  }
}

TEST(ScriptLoadTest, EmptyOrMissingLocations) {
  test::TempDir dir;
  EXPECT_THAT(load_scripts(config_for(dir.path(), {dir.path() / "nope"})), IsEmpty());
  EXPECT_THAT(load_scripts(config_for(dir.path(), {})), IsEmpty());
}

}  // namespace
}  // namespace retort
