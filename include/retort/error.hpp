#pragma once
// The exceptions retort throws. One root, a shallow set of subclasses callers
// can act on. Third-party exceptions (toml++, libpqxx, sqlite) are translated
// inside the layer that owns the dependency and never escape the library.

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace retort {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad or unreadable configuration (alembic.toml, URL, environment).
class ConfigError : public Error {
 public:
  using Error::Error;
};

// A migration file that cannot be read or parsed; what() starts with
// "<file>:<line>: ".
class ScriptError : public Error {
 public:
  ScriptError(std::filesystem::path file, int line, const std::string& message)
      : Error(file.string() + (line > 0 ? ":" + std::to_string(line) : std::string{}) + ": " +
              message),
        m_file(std::move(file)),
        m_line(line) {}
  explicit ScriptError(const std::string& message) : Error(message) {}
  const std::filesystem::path& file() const noexcept { return m_file; }
  int line() const noexcept { return m_line; }

 private:
  std::filesystem::path m_file;
  int m_line = 0;
};

// Anything wrong with the revision graph or a revision identifier: unknown or
// ambiguous ids, multiple heads, cycles, invalid plans.
class RevisionError : public Error {
 public:
  using Error::Error;
};

// A command-level refusal that is not about the graph (e.g. "Range revision
// not allowed", "Target database is not up to date").
class CommandError : public Error {
 public:
  using Error::Error;
};

// The database refused something. Carries the SQLSTATE when the server gave
// one and the revision being applied when it happened during a migration.
class DatabaseError : public Error {
 public:
  DatabaseError(const std::string& message, std::string sqlstate = {},
                std::string revision = {})
      : Error(message), m_sqlstate(std::move(sqlstate)), m_revision(std::move(revision)) {}
  const std::string& sqlstate() const noexcept { return m_sqlstate; }
  const std::string& revision() const noexcept { return m_revision; }

 private:
  std::string m_sqlstate;
  std::string m_revision;
};

}  // namespace retort
