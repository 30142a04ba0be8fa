#pragma once
// Splits a SQL script into statements the way psql and sqlite3 do, so a
// backend can run them one at a time and say exactly which one failed.
//
// Understood: '...' strings with '' escapes, "identifiers", -- line and /* */
// block comments, and per dialect:
//   postgresql  E'...' strings with backslash escapes, $tag$...$tag$ dollar
//               quotes, nested /* */ comments, parentheses (CREATE RULE ...
//               (a; b)), and BEGIN ATOMIC ... END bodies of CREATE FUNCTION /
//               PROCEDURE (psql's heuristic);
//   sqlite      [identifiers] and `identifiers`, and the BEGIN ... END body of
//               CREATE TRIGGER (CASE ... END inside it included).
// Unterminated strings or comments run to the end of the script; the server
// reports them.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace retort::util {

enum class SqlDialect { postgresql, sqlite };

struct SqlStatement {
  // Byte offset in the script of the statement's first byte that is not
  // whitespace or comment.
  std::size_t offset = 0;
  // The statement from `offset` up to, not including, its terminating ';',
  // with trailing whitespace removed. Views into the script.
  std::string_view text;

  bool operator==(const SqlStatement&) const = default;
};

// The statements of `script` in order. Statements holding only whitespace and
// comments are dropped.
std::vector<SqlStatement> split_sql(std::string_view script, SqlDialect dialect);

// Whether `statement` (one statement, PostgreSQL) is COPY ... FROM STDIN,
// whose rows come from the client: psql sends the lines after it, up to a
// line "\.", as they are.
bool copies_from_stdin(std::string_view statement);

// The psql meta-command a statement starts with ("\\set", "\\restrict"),
// or empty.
std::string_view psql_meta_command(std::string_view statement);

// When `statement` starts with a psql meta-command ("\\set", "\\i", ...),
// which psql runs itself and no server parses: the error to report (what
// it is, what to do). Otherwise empty.
std::string psql_meta_command_error(std::string_view statement);

// The first position at or after `pos` that is neither whitespace nor inside
// a comment (script.size() when there is none).
std::size_t skip_space_and_comments(std::string_view script, std::size_t pos, SqlDialect dialect);

}  // namespace retort::util
