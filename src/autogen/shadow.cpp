#include "autogen/shadow.hpp"

#include <glob.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cctype>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
#include <system_error>
#include <thread>

#include <retort/backend.hpp>
#include <retort/error.hpp>

#include "autogen/shadow_lanes.hpp"
#include "pg/snapshot.hpp"
#include "util/sql_split.hpp"
#include "util/strings.hpp"

namespace retort::autogen {

namespace fs = std::filesystem;

namespace {

constexpr int k_signals[] = {SIGINT, SIGTERM, SIGHUP};

// Statements a part or a batch holds: one transaction each.
constexpr std::size_t k_statements_per_part = 32;
// Fewer statements than this run on one connection: a second connection
// would cost more than it saves.
constexpr std::size_t k_fewest_for_lanes = 64;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ScriptError(path, 0, "cannot read this declared schema file");
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int line_at(const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

// The next word of `text` at or after `pos` (comments skipped), upper-cased,
// and where it ends.
std::pair<std::string, std::size_t> next_word(std::string_view text, std::size_t pos) {
  pos = util::skip_space_and_comments(text, pos, util::SqlDialect::postgresql);
  std::string word;
  while (pos < text.size() && (std::isalpha(static_cast<unsigned char>(text[pos])) != 0 || text[pos] == '_')) {
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(text[pos])));
    ++pos;
  }
  return {word, pos};
}

// Whether a statement begins, ends or depends on its transaction: the file
// then keeps one transaction, as it was written.
bool needs_its_transaction(std::string_view statement) {
  static const std::set<std::string, std::less<>> control = {
      "ABORT", "BEGIN", "COMMIT", "DECLARE", "END", "LOCK", "PREPARE", "RELEASE", "ROLLBACK", "SAVEPOINT", "START"};
  const auto [first, after] = next_word(statement, 0);
  if (control.count(first) != 0) {
    return true;
  }
  const std::string second = next_word(statement, after).first;
  if (first == "SET" || first == "RESET") {
    return second == "LOCAL" || second == "CONSTRAINTS" || second == "TRANSACTION";
  }
  // Temporary tables: ON COMMIT DROP / DELETE ROWS.
  return first == "CREATE" && (second == "TEMP" || second == "TEMPORARY" || second == "GLOBAL" || second == "LOCAL");
}

std::string shadow_name() {
  std::random_device rd;
  char suffix[9];
  std::snprintf(suffix, sizeof suffix, "%08x", rd());
  return "retort_shadow_" + std::to_string(::getpid()) + "_" + suffix;
}

}  // namespace

std::vector<fs::path> schema_files(const Config& config) {
  std::vector<fs::path> out;
  std::set<fs::path> seen;
  for (const auto& pattern : config.schema) {
    glob_t g{};
    const int rc = ::glob(pattern.c_str(), 0, nullptr, &g);
    std::vector<fs::path> matched;
    if (rc == 0) {
      for (std::size_t i = 0; i < g.gl_pathc; ++i) {
        matched.emplace_back(g.gl_pathv[i]);
      }
    }
    globfree(&g);
    std::sort(matched.begin(), matched.end());
    for (auto& p : matched) {
      if (fs::is_regular_file(p) && seen.insert(fs::weakly_canonical(p)).second) {
        out.push_back(std::move(p));
      }
    }
  }
  if (out.empty()) {
    std::string patterns;
    for (const auto& p : config.schema) {
      patterns += (patterns.empty() ? "'" : ", '") + p + "'";
    }
    throw ConfigError("no declared schema file matches " + (patterns.empty() ? "(no patterns)" : patterns) +
                      " ([autogenerate] schema" +
                      (config.config_file.empty() ? std::string() : " in " + config.config_file.string()) +
                      "); write the CREATE statements of your schema there, or point 'schema' at "
                      "your files");
  }
  return out;
}

std::string without_psql_guards(const fs::path& file, std::string text) {
  if (text.find('\\') == std::string::npos && !util::icontains(text, "stdin")) {
    return text;
  }
  std::vector<std::size_t> guards;
  for (const auto& s : util::split_sql(text, util::SqlDialect::postgresql)) {
    if (util::copies_from_stdin(s.text)) {
      throw ScriptError(file, line_at(text, s.offset),
                        "COPY ... FROM STDIN loads rows, which psql sends from the lines after it: "
                        "retort sends the declared schema files to the server as SQL, and the shadow "
                        "database needs only the schema; remove the COPY and its rows");
    }
    const std::string_view command = util::psql_meta_command(s.text);
    if (command.empty()) {
      continue;
    }
    if (command != "\\restrict" && command != "\\unrestrict") {
      throw ScriptError(file, line_at(text, s.offset),
                        "the psql meta-command '" + std::string(command) +
                            "' is not SQL: retort sends the declared schema files to the server as SQL, "
                            "not through psql; remove the line");
    }
    guards.push_back(s.offset);
  }
  for (const std::size_t at : guards) {
    for (std::size_t i = at; i < text.size() && text[i] != '\n'; ++i) {
      text[i] = ' ';
    }
  }
  return text;
}

std::vector<std::pair<std::size_t, std::size_t>> shadow_parts(std::string_view text, std::size_t per_part) {
  const auto statements = util::split_sql(text, util::SqlDialect::postgresql);
  std::vector<std::pair<std::size_t, std::size_t>> parts;
  if (statements.empty()) {
    return parts;
  }
  const auto end_of = [](const util::SqlStatement& s) { return s.offset + s.text.size(); };
  if (per_part == 0 || std::any_of(statements.begin(), statements.end(),
                                   [](const auto& s) { return needs_its_transaction(s.text); })) {
    parts.emplace_back(statements.front().offset, end_of(statements.back()));
    return parts;
  }
  for (std::size_t i = 0; i < statements.size(); i += per_part) {
    const std::size_t last = std::min(i + per_part, statements.size()) - 1;
    parts.emplace_back(statements[i].offset, end_of(statements[last]));
  }
  return parts;
}

// ---------------------------------------------------------------------------
// InterruptCleanup

void block_interrupts_in_this_thread() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : k_signals) {
    sigaddset(&set, sig);
  }
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

struct InterruptCleanup::State {
  std::function<void()> cleanup;
  sigset_t old_mask{};
  std::thread watcher;
  std::atomic<bool> stopping{false};
};

InterruptCleanup::InterruptCleanup(std::function<void()> cleanup) : m_state(std::make_unique<State>()) {
  m_state->cleanup = std::move(cleanup);
  sigset_t watched;
  sigemptyset(&watched);
  for (int sig : k_signals) {
    struct sigaction current {};
    if (sigaction(sig, nullptr, &current) == 0 && current.sa_handler == SIG_IGN) {
      continue;  // the process ignores it (nohup): so do we
    }
    sigaddset(&watched, sig);
  }
  // The helper also waits for SIGUSR2, sent only to it to stop it.
  sigset_t helper = watched;
  sigaddset(&helper, SIGUSR2);
  pthread_sigmask(SIG_BLOCK, &helper, &m_state->old_mask);
  State* state = m_state.get();
  m_state->watcher = std::thread([state, helper] {
    int sig = 0;
    while (sigwait(&helper, &sig) == 0) {
      if (sig == SIGUSR2) {
        if (state->stopping) {
          return;
        }
        continue;
      }
      try {
        state->cleanup();
      } catch (...) {
        // Nothing more can be done on the way out.
      }
      // Let the signal do what it would have done without us.
      sigset_t one;
      sigemptyset(&one);
      sigaddset(&one, sig);
      pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
      raise(sig);
      return;
    }
  });
  // The calling thread keeps the watched signals blocked (so they reach the
  // helper) but not SIGUSR2.
  sigset_t caller = m_state->old_mask;
  for (int sig : k_signals) {
    if (sigismember(&watched, sig)) {
      sigaddset(&caller, sig);
    }
  }
  sigdelset(&caller, SIGUSR2);
  if (sigismember(&m_state->old_mask, SIGUSR2)) {
    sigaddset(&caller, SIGUSR2);
  }
  pthread_sigmask(SIG_SETMASK, &caller, nullptr);
}

InterruptCleanup::~InterruptCleanup() {
  m_state->stopping = true;
  pthread_kill(m_state->watcher.native_handle(), SIGUSR2);
  m_state->watcher.join();
  // A signal that arrived after the helper stopped is still pending; it is
  // delivered as usual when the old mask comes back.
  pthread_sigmask(SIG_SETMASK, &m_state->old_mask, nullptr);
}

// ---------------------------------------------------------------------------
// ShadowDatabase

namespace {

bool too_many_connections(const DatabaseError& e) {
  const std::string what = e.what();
  return e.sqlstate() == "53300" || what.find("too many connections") != std::string::npos ||
         what.find("too many clients") != std::string::npos;
}

}  // namespace

std::unique_ptr<Backend> connect_waiting(const std::string& url, const fs::path& base_dir) {
  for (int attempt = 0;; ++attempt) {
    try {
      return connect(url, base_dir);
    } catch (const DatabaseError& e) {
      if (attempt == 5 || !too_many_connections(e)) {
        throw;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25 << attempt));  // 25 ms .. 400 ms
  }
}

// Taken by each CREATE DATABASE of the shadow and by the interrupt's DROP:
// a signal that arrives while the database is being created drops it once
// it exists, and none is created after the signal.
struct ShadowDatabase::Creation {
  std::mutex mutex;
  bool interrupted = false;
};

ShadowDatabase::ShadowDatabase(const std::string& target_url, const std::string& shadow_url,
                               const fs::path& base_dir)
    : m_admin_url(target_url), m_base_dir(base_dir), m_creation(std::make_shared<Creation>()) {
  if (!shadow_url.empty()) {
    if (shadow_url == target_url) {
      throw ConfigError("[autogenerate] shadow_url names the database itself ('" + mask_url(shadow_url) +
                        "'); it must be a separate database that retort may empty, or empty to use a "
                        "temporary one");
    }
    m_url = shadow_url;
    empty_shadow_url();
    return;
  }
  m_name = shadow_name();
  m_url = pg::url_with_database(target_url, m_name);
  // Installed first: a Ctrl-C during CREATE DATABASE still drops it.
  const std::string admin = m_admin_url;
  const std::string name = m_name;
  const fs::path dir = m_base_dir;
  const std::shared_ptr<Creation> creation = m_creation;
  m_interrupt = std::make_unique<InterruptCleanup>([admin, name, dir, creation] {
    const std::lock_guard lock(creation->mutex);
    creation->interrupted = true;
    connect_waiting(admin, dir)->execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  });
  try {
    create(*connect_waiting(m_admin_url, m_base_dir));
  } catch (const DatabaseError& e) {
    m_interrupt.reset();
    const std::string why = e.what();
    // libpqxx 6.4 leaves the SQLSTATE out of some errors (42501 among
    // them), so the server's message is the other clue.
    if (e.sqlstate() == "42501" || why.find("permission denied") != std::string::npos) {
      throw DatabaseError("cannot create a shadow database on '" + mask_url(m_admin_url) + "': " + why +
                              "; grant the role CREATEDB, or set [autogenerate] shadow_url to an "
                              "empty database that retort may use and empty again",
                          "42501");
    }
    throw DatabaseError("cannot create a shadow database on '" + mask_url(m_admin_url) + "': " + why +
                            "; set [autogenerate] shadow_url to an empty database that retort may use",
                        e.sqlstate());
  }
}

ShadowDatabase::~ShadowDatabase() {
  if (m_dropping.joinable()) {
    m_dropping.join();
  } else if (!m_dropped) {
    drop_database();
  }
  m_interrupt.reset();  // on the thread that made it, as it must be
}

void ShadowDatabase::drop_in_background() noexcept {
  if (m_dropped) {
    return;
  }
  m_dropped = true;
  try {
    m_dropping = std::thread([this] {
      block_interrupts_in_this_thread();
      drop_database();
    });
  } catch (...) {
    drop_database();  // no thread to spare: here, then
  }
}

void ShadowDatabase::drop_database() const noexcept {
  try {
    if (m_name.empty()) {
      empty_shadow_url();
    } else {
      connect_waiting(m_admin_url, m_base_dir)->execute("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
    }
  } catch (...) {
    // A leftover shadow database is harmless; the next run uses a new name.
  }
}

void ShadowDatabase::empty_shadow_url() const {
  connect_waiting(m_url, m_base_dir)->drop_everything(VersionTable{}, Backend::DropCommits::in_parts);
}

std::unique_ptr<Backend> ShadowDatabase::connect_to_apply(bool wait_for_a_slot) const {
  auto backend = wait_for_a_slot ? connect_waiting(m_url, m_base_dir) : connect(m_url, m_base_dir);
  // A throwaway database need not wait for its commits to reach the disk.
  backend->execute("SET synchronous_commit = off");
  return backend;
}

void ShadowDatabase::reset() {
  if (m_name.empty()) {
    empty_shadow_url();
    return;
  }
  auto admin = connect_waiting(m_admin_url, m_base_dir);
  admin->execute("DROP DATABASE IF EXISTS " + m_name + " WITH (FORCE)");
  create(*admin);
}

void ShadowDatabase::create(Backend& admin) {
  const std::lock_guard lock(m_creation->mutex);
  if (m_creation->interrupted) {
    throw DatabaseError("interrupted: the shadow database " + m_name + " is not made again");
  }
  admin.execute("CREATE DATABASE " + m_name);
}

void ShadowDatabase::apply(const std::vector<fs::path>& files, std::size_t connections, std::size_t per_batch) {
  std::vector<std::string> texts;
  texts.reserve(files.size());
  for (const auto& file : files) {
    texts.push_back(without_psql_guards(file, read_text(file)));
  }
  if (connections > 1 && apply_side_by_side(texts, connections, std::max<std::size_t>(per_batch, 1))) {
    return;
  }
  apply_in_order(files, texts);
}

bool ShadowDatabase::apply_side_by_side(const std::vector<std::string>& texts, std::size_t connections,
                                        std::size_t per_batch) {
  std::vector<std::string_view> statements;
  for (const auto& text : texts) {
    for (const auto& s : util::split_sql(text, util::SqlDialect::postgresql)) {
      statements.push_back(s.text);
    }
  }
  if (statements.size() < k_fewest_for_lanes) {
    return false;
  }
  const LanePlan plan = plan_lanes(statements);
  if (!plan.parallel) {
    return false;
  }
  std::vector<std::unique_ptr<Backend>> lanes;
  try {
    for (std::size_t k = 0; k < connections; ++k) {
      auto backend = connect_to_apply(k == 0);  // the others may be refused
      for (std::size_t p = 0; p < plan.preamble; ++p) {
        backend->execute(std::string(statements[p]));
      }
      lanes.push_back(std::move(backend));
    }
  } catch (const Error&) {
    if (lanes.empty()) {
      return false;  // the run on one connection reports it
    }
  }

  std::mutex mutex;
  std::condition_variable ready;
  LaneScheduler scheduler(plan);
  bool failed = false;
  const auto fail = [&] {
    const std::lock_guard lock(mutex);
    failed = true;
    ready.notify_all();
  };
  // Runs batches on `backend` until there are none left or one failed
  // anywhere.
  const auto lane_loop = [&](Backend& backend) {
    std::size_t settings_run = 0;
    for (;;) {
      std::vector<std::uint32_t> batch;
      std::string sql;
      {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] {
          if (failed || scheduler.finished()) {
            return true;
          }
          batch = scheduler.take(per_batch);
          return !batch.empty();
        });
        if (batch.empty()) {
          return;
        }
        // Settings further down the files: before this connection's first
        // statement after them (a SET lasts past the commit).
        const auto& settings = scheduler.settings();
        for (; settings_run < settings.size(); ++settings_run) {
          sql.append(statements[settings[settings_run]]).append(";\n");
        }
      }
      for (const std::uint32_t i : batch) {
        sql.append(statements[i]).append(";\n");
      }
      try {
        backend.begin();
        static_cast<void>(backend.query(sql, {}));
        backend.commit();
      } catch (...) {
        try {
          if (backend.in_transaction()) {
            backend.rollback();  // its locks go now, not when the connection closes
          }
        } catch (...) {
          // The connection is closed below anyway.
        }
        fail();
        return;
      }
      {
        const std::lock_guard lock(mutex);
        scheduler.committed(batch);
      }
      ready.notify_all();
    }
  };
  // lane_loop that never throws (a helper thread could not pass it on).
  const auto run_lane = [&](Backend& backend) noexcept {
    try {
      lane_loop(backend);
    } catch (...) {
      fail();  // out of memory, say: the run on one connection follows
    }
  };
  std::vector<std::thread> helpers;
  for (std::size_t k = 1; k < lanes.size(); ++k) {
    try {
      helpers.emplace_back([&run_lane, &lane = *lanes[k]] {
        block_interrupts_in_this_thread();
        run_lane(lane);
      });
    } catch (const std::system_error&) {
      break;  // fewer lanes
    }
  }
  run_lane(*lanes.front());
  for (auto& helper : helpers) {
    helper.join();
  }
  lanes.clear();
  if (!failed) {
    return true;
  }
  // A statement failed (or the connections stood in each other's way): the
  // run on one connection, from an empty database, says which and where.
  reset();
  return false;
}

void ShadowDatabase::apply_in_order(const std::vector<fs::path>& files, const std::vector<std::string>& texts) {
  auto backend = connect_to_apply(true);
  for (std::size_t f = 0; f < files.size(); ++f) {
    const fs::path& file = files[f];
    const std::string& text = texts[f];
    for (const auto& [begin, end] : shadow_parts(text, k_statements_per_part)) {
      const std::string part = text.substr(begin, end - begin);
      // A part goes to the server as one multi-statement query in one
      // transaction: one round trip instead of one per statement. Some
      // statements refuse to run in a transaction (CREATE INDEX
      // CONCURRENTLY, a value added to an enum and used in the same part),
      // and a failing statement is best reported on its own: in both cases
      // the part, rolled back, runs again statement by statement, as psql
      // would run it, and that run's error is the one reported with its
      // file and line.
      try {
        backend->begin();
        static_cast<void>(backend->query(part, {}));
        backend->commit();
        continue;
      } catch (const DatabaseError&) {
        if (backend->in_transaction()) {
          backend->rollback();
        }
      }
      try {
        backend->execute_script(part);
      } catch (const SqlError& e) {
        std::string message = std::string("the declared schema does not apply: ") + e.what();
        if (!e.sqlstate().empty()) {
          message += " (SQLSTATE " + e.sqlstate() + ")";
        }
        if (!e.detail().empty()) {
          message += "\n  DETAIL: " + e.detail();
        }
        if (!e.hint().empty()) {
          message += "\n  HINT: " + e.hint();
        }
        throw ScriptError(file, line_at(text, begin + e.error_offset().value_or(e.statement_offset())), message);
      }
    }
  }
}

}  // namespace retort::autogen
