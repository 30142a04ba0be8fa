#pragma once
// The shadow database the declared schema is applied to, and the files that
// declare it.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <retort/config.hpp>

namespace retort {
class Backend;
}  // namespace retort

namespace retort::autogen {

// The declared schema files: each glob of config.schema expanded and
// sorted, in the order the globs are listed, each file once. Throws
// ConfigError when nothing matches at all.
std::vector<std::filesystem::path> schema_files(const Config& config);

// How ShadowDatabase::apply sends a schema file: [begin, end) byte ranges of
// `text`, each holding up to `per_part` whole statements (the last one's ';'
// left out), each to run in a transaction of its own. One part covering all
// the statements when one of them begins, ends or depends on its
// transaction (BEGIN, COMMIT, SAVEPOINT, SET LOCAL, SET CONSTRAINTS, LOCK,
// DECLARE, CREATE TEMP ...) or when `per_part` is 0; none when there is no
// statement. Why parts: every relation a transaction creates holds a lock
// until it ends, and PostgreSQL's lock table has room for about
// max_locks_per_transaction x max_connections (6,400 by default): a schema
// of a few thousand tables does not fit in one transaction ("out of shared
// memory", 53200). Each statement also costs more as the transaction grows.
std::vector<std::pair<std::size_t, std::size_t>> shadow_parts(std::string_view text, std::size_t per_part = 32);

// `text`, a declared schema file read from `file`, with pg_dump's psql
// guard lines (\restrict KEY, \unrestrict KEY: pg_dump 15.14 and later
// write them first and last) blanked out, its lines kept. Any other psql
// meta-command (\connect, \i, ...) at the start of a statement throws
// ScriptError with its file and line: the files go to the server as SQL.
std::string without_psql_guards(const std::filesystem::path& file, std::string text);

// connect(), but when the server turns the connection away for too many
// connections (53300) it tries again, five times over 0.8 s in all: a
// connection just closed can count against a role's CONNECTION LIMIT for a
// moment, until its server process has gone, and the shadow database must
// not be left behind for that.
std::unique_ptr<Backend> connect_waiting(const std::string& url, const std::filesystem::path& base_dir);

// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread, for helper
// threads that run while an InterruptCleanup may be waiting for them.
void block_interrupts_in_this_thread();

// Runs `cleanup` when SIGINT, SIGTERM or SIGHUP arrives while the object
// lives, then lets the signal do what it would have done (usually end the
// process). Those signals are blocked in the constructing thread meanwhile
// and waited for by a helper thread; the old mask comes back at the end.
class InterruptCleanup {
 public:
  explicit InterruptCleanup(std::function<void()> cleanup);
  InterruptCleanup(const InterruptCleanup&) = delete;
  InterruptCleanup& operator=(const InterruptCleanup&) = delete;
  ~InterruptCleanup();

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

// A database to apply the declared schema to, gone (or emptied) when the
// object goes away.
//  - `shadow_url` empty: CREATE DATABASE retort_shadow_<pid>_<random> on
//    the server of `target_url` (same credentials), dropped at the end,
//    also on Ctrl-C. Lacking the privilege throws DatabaseError naming
//    [autogenerate] shadow_url.
//  - otherwise that database, emptied before and after use.
class ShadowDatabase {
 public:
  ShadowDatabase(const std::string& target_url, const std::string& shadow_url,
                 const std::filesystem::path& base_dir);
  ShadowDatabase(const ShadowDatabase&) = delete;
  ShadowDatabase& operator=(const ShadowDatabase&) = delete;
  ~ShadowDatabase();

  const std::string& url() const { return m_url; }

  // Runs the files' statements. A schema of at least 64 statements that
  // plan_lanes() finds fit runs on `connections` connections at once, in
  // transactions of up to 32 statements, each statement after the earlier
  // ones it may touch (shadow_lanes.hpp): the server builds it on as many
  // cores. Otherwise, and when that run fails (the database is emptied
  // first), each file's statements run in order on one connection, in the
  // parts of shadow_parts(): each part as one query in one transaction,
  // or, when that fails, statement by statement outside a transaction (like
  // psql). Throws ScriptError "<file>:<line>: ..." for the first statement
  // the server refuses. `per_batch`: statements a connection takes at a
  // time (tests take fewer, to mix the connections' statements more).
  void apply(const std::vector<std::filesystem::path>& files, std::size_t connections = 2,
             std::size_t per_batch = 32);

  // Drops the database (or empties shadow_url's) on a helper thread, for
  // when nothing more is read from it: the caller goes on meanwhile, and
  // the destructor waits for it. Without a thread to spare it drops it
  // here. Ctrl-C still drops it until the destructor has run.
  void drop_in_background() noexcept;

 private:
  // Drops the database or empties shadow_url's; errors are ignored.
  void drop_database() const noexcept;
  // Drops everything in the shadow_url database.
  void empty_shadow_url() const;
  // A connection to the shadow database that does not wait for commits to
  // reach the disk; `wait_for_a_slot`: as connect_waiting() makes it.
  std::unique_ptr<Backend> connect_to_apply(bool wait_for_a_slot) const;
  // Empties the database again: dropped and created, or (shadow_url)
  // emptied.
  void reset();
  // CREATE DATABASE, unless a signal has already dropped it (throws
  // DatabaseError then).
  void create(Backend& admin);
  // False when the schema did not run side by side (nothing left in the
  // database).
  bool apply_side_by_side(const std::vector<std::string>& texts, std::size_t connections, std::size_t per_batch);
  void apply_in_order(const std::vector<std::filesystem::path>& files, const std::vector<std::string>& texts);

  std::string m_admin_url;  // where the temporary database was created from
  std::string m_url;
  std::string m_name;       // the temporary database; empty with shadow_url
  std::filesystem::path m_base_dir;
  struct Creation;
  std::shared_ptr<Creation> m_creation;
  std::unique_ptr<InterruptCleanup> m_interrupt;
  std::thread m_dropping;  // drop_in_background()'s
  bool m_dropped = false;
};

}  // namespace retort::autogen
