#pragma once
// Which statements of a declared schema may run side by side, on more than
// one connection to the shadow database, without changing what the schema
// makes: the server builds a large schema on one core per connection.
//
// Two statements keep their order when they may touch the same object. A
// statement touches every name the schema defines (CREATE ... name,
// CONSTRAINT name, RENAME ... TO name) that it mentions anywhere: as an
// identifier, quoted or not, or inside a string or a function body; case is
// ignored. A mentioned name also touches each defined name it extends with
// "_..." (t_pkey, t_id_seq, t_b_fkey, t_x_idx and the array type _t touch
// table t: the names PostgreSQL makes up begin with the table's), and two
// names that share their first 28 bytes touch each other (PostgreSQL
// truncates the table's part of a made-up name to no fewer than 28 bytes). A
// referenced table is touched too, so two foreign keys to one table never
// wait for each other's locks. Column names that no object shares touch
// nothing.
//
// CREATE EXTENSION, CREATE SCHEMA, GRANT, REVOKE and ALTER DEFAULT
// PRIVILEGES are barriers: everything before them first, everything after
// them after. SET and SELECT set_config() are session settings: before the
// first other statement, a preamble every connection runs first; further
// down, barriers that every connection runs before its next statement (as
// pg_dump's SET default_tablespace = ''). Anything else (data, DO, DROP,
// other SELECTs, ALTER TYPE ... ADD VALUE, CREATE INDEX CONCURRENTLY, a
// statement that needs its transaction) keeps the whole schema on one
// connection; so does a statement where one of the schema's functions may
// run (the query of CREATE TABLE ... AS or of a materialized view with
// data, or a statement over the rows those made, when it reaches a
// function through the names statements share): what the function does
// there no name shows.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace retort::autogen {

struct LanePlan {
  // False: the schema runs on one connection, as written; why_not says which
  // statement (its index) keeps it there and why.
  bool parallel = false;
  std::size_t why_not_statement = 0;
  std::string why_not;
  // Statements [0, preamble) set session state: each connection runs them
  // before anything else.
  std::size_t preamble = 0;
  // For each statement, the earlier statements that must be committed
  // before it runs (or run before it in the same transaction). Transitive
  // ones may be left out.
  std::vector<std::vector<std::uint32_t>> after;
  // Session settings after the preamble: every connection runs them.
  std::vector<bool> session;
};

LanePlan plan_lanes(const std::vector<std::string_view>& statements);

// Hands out the statements of a LanePlan in batches, to connections that
// each run a batch in one transaction. Not thread-safe: callers share it
// under their own mutex.
class LaneScheduler {
 public:
  explicit LaneScheduler(const LanePlan& plan);

  // Up to `max` statements, in their order, each of whose earlier
  // statements is committed or earlier in the batch; those ready among the
  // first `window` statements not handed out yet. Empty when none is ready
  // until a batch in flight is committed, or when finished().
  std::vector<std::uint32_t> take(std::size_t max, std::size_t window = 1024);
  // `batch`, from take(), is committed.
  void committed(const std::vector<std::uint32_t>& batch);
  // The session settings (LanePlan::session) whose turn has come, in order:
  // a connection runs those it has not run yet before each batch.
  const std::vector<std::uint32_t>& settings() const { return m_settings; }
  // Every statement has been handed out.
  bool finished() const { return m_first_open >= m_state.size(); }

 private:
  enum class State : std::uint8_t { open, taken, done };
  const LanePlan& m_plan;
  std::vector<State> m_state;
  std::vector<std::uint32_t> m_batch_of;
  std::uint32_t m_batches = 0;
  std::size_t m_first_open = 0;
  std::vector<std::uint32_t> m_settings;
};

}  // namespace retort::autogen
