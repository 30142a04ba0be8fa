// Runs plans through a backend (online) or renders them as SQL (offline).

#include <retort/backend.hpp>
#include <retort/commands.hpp>

#include <algorithm>
#include <chrono>
#include <functional>

#include "code/code_steps.hpp"
#include "code/host.hpp"
#include "runner/connection.hpp"
#include "util/strings.hpp"

namespace retort {

namespace fs = std::filesystem;

namespace {

using detail::base_dir;
using detail::database_url;
using detail::version_table;

std::unique_ptr<Backend> open(const Project& project, const RunOptions& options) {
  return detail::open_backend(project, options);
}

// Holds the run lock for the lifetime of a command.
class LockGuard {
 public:
  LockGuard(Backend& backend, const RunOptions& options) : m_backend(backend) {
    m_backend.acquire_lock(options.lock_timeout);
  }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;
  ~LockGuard() {
    try {
      m_backend.release_lock();
    } catch (...) {
      // The session ends with the process; the server drops the lock then.
    }
  }

 private:
  Backend& m_backend;
};

const Section& section_of(const Script& script, Direction direction) {
  return direction == Direction::up ? script.upgrade : script.downgrade;
}

int line_of(const Section& section, std::size_t offset) {
  const std::size_t end = std::min(offset, section.body.size());
  return section.first_line +
         static_cast<int>(std::count(section.body.begin(), section.body.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
}

// Refuses the whole plan, before anything runs, when a step cannot run here.
void check_runnable(const Project& project, const Plan& plan) {
  std::vector<std::string> python;
  for (const auto& step : plan.steps) {
    if (step.stamp) {
      continue;
    }
    const Script& s = project.script(step.revision);
    if (s.kind == ScriptKind::python) {
      python.push_back(step.revision + " (" + s.path.string() + ")");
    }
  }
  if (!python.empty()) {
    throw CommandError("cannot run " + util::join(python, ", ") +
                       ": Alembic .py migrations are read for their graph only and retort never "
                       "runs Python; run these steps with Alembic, or mark them applied with "
                       "'db stamp'. Nothing was executed");
  }
}

// What the error message says about where the database was left.
std::string state_after_failure(Backend& backend, const VersionTable& table) {
  try {
    const auto rows = backend.read_versions(table);
    return rows.empty() ? "the version table is now empty (nothing applied)"
                        : "the version table now holds " + util::join(rows, ", ");
  } catch (const Error&) {
    return "the version table could not be read back";
  }
}

[[noreturn]] void report_failure(const Project& project, const Step& step, const SqlError& e,
                                 Backend& backend, const VersionTable& table) {
  const Script& script = project.script(step.revision);
  const Section& section = section_of(script, step.direction);
  std::string message = script.path.string() + ":" +
                        std::to_string(line_of(section, e.statement_offset())) + ": " +
                        (step.direction == Direction::up ? "upgrade" : "downgrade") + " of revision " +
                        step.revision + " failed: " + e.what();
  if (!e.sqlstate().empty()) {
    message += "\n  SQLSTATE: " + e.sqlstate();
  }
  if (!e.detail().empty()) {
    message += "\n  DETAIL: " + e.detail();
  }
  if (!e.hint().empty()) {
    message += "\n  HINT: " + e.hint();
  }
  message += "\n  " + state_after_failure(backend, table) +
             "; fix the migration and run the command again to continue from there";
  throw DatabaseError(message, e.sqlstate(), step.revision);
}

[[noreturn]] void report_code_failure(const Project& project, const Step& step,
                                      const detail::MigrationHost& host, Backend* backend,
                                      const VersionTable& table) {
  const Script& script = project.script(step.revision);
  std::string message = script.path.string() + ": " +
                        (step.direction == Direction::up ? "upgrade" : "downgrade") + " of revision " +
                        step.revision + " failed: ";
  const auto& sql = host.sql_error();
  std::string what = host.exception_message();
  if (what.empty() && sql) {
    what = sql->what();
  }
  message += what.empty() ? "the migration function failed" : what;
  if (sql) {
    if (what != sql->what()) {
      message += "\n  after the database refused a statement: " + std::string(sql->what());
    }
    std::string statement = util::strip(host.failed_statement());
    if (statement.size() > 200) {
      statement = statement.substr(0, 200) + "...";
    }
    message += "\n  STATEMENT: " + statement;
    if (!sql->sqlstate().empty()) {
      message += "\n  SQLSTATE: " + sql->sqlstate();
    }
    if (!sql->detail().empty()) {
      message += "\n  DETAIL: " + sql->detail();
    }
    if (!sql->hint().empty()) {
      message += "\n  HINT: " + sql->hint();
    }
  }
  if (backend != nullptr) {
    message += "\n  " + state_after_failure(*backend, table) +
               "; fix the migration and run the command again to continue from there";
  }
  throw DatabaseError(message, sql ? sql->sqlstate() : std::string(), step.revision);
}

detail::MigrationHost::Log logger(const RunOptions& options, const std::string& revision) {
  return [observer = options.observer, revision](int level, std::string_view text) {
    if (observer != nullptr) {
      observer->migration_message(revision, level != 0, text);
    }
  };
}

void apply_changes(Backend& backend, const VersionTable& table, const Step& step) {
  for (const auto& change : step.changes) {
    backend.apply_version_change(table, change);
  }
}

RunResult execute(const Project& project, const RunOptions& options,
                  const std::function<Plan(const std::vector<std::string>&)>& planner,
                  bool purge = false) {
  auto backend = open(project, options);
  LockGuard lock(*backend, options);
  const VersionTable table = version_table(project);
  const std::vector<std::string> rows = backend->read_versions(table);
  RunResult result;
  result.plan = planner(rows);
  check_runnable(project, result.plan);
  const detail::CodeSteps code(project, result.plan.steps, options.observer);
  for (const auto& w : result.plan.warnings) {
    if (options.observer) {
      options.observer->warning(w);
    }
  }

  const bool per_migration = project.config().transaction_per_migration;
  const bool need_table = !backend->version_table_exists(table);
  const auto run_step = [&](const Step& step) {
    const auto started = std::chrono::steady_clock::now();
    if (!step.stamp) {
      const Script& script = project.script(step.revision);
      const Section& section = section_of(script, step.direction);
      if (!section.transactional && backend->in_transaction()) {
        backend->commit();  // the section must run outside a transaction
      }
      if (script.kind == ScriptKind::cpp) {
        detail::MigrationHost host(*backend, step.revision, options.x_args, logger(options, step.revision));
        if (code.function(step)(host.c_host()) != 0) {
          if (backend->in_transaction()) {
            backend->rollback();
          }
          report_code_failure(project, step, host, backend.get(), table);
        }
      } else {
        try {
          backend->execute_script(section.body);
        } catch (const SqlError& e) {
          if (backend->in_transaction()) {
            backend->rollback();
          }
          report_failure(project, step, e, *backend, table);
        }
      }
      if (!backend->in_transaction()) {
        backend->begin();  // record the step right after it succeeded
      }
    }
    apply_changes(*backend, table, step);
    if (options.observer) {
      options.observer->step_finished(step, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                std::chrono::steady_clock::now() - started));
    }
  };

  try {
    backend->begin();
    if (need_table) {
      backend->create_version_table(table);
    }
    if (purge) {
      for (const auto& r : rows) {
        backend->apply_version_change(table, VersionChange::remove(r));
      }
    }
    if (per_migration) {
      backend->commit();
      for (const auto& step : result.plan.steps) {
        backend->begin();
        run_step(step);
        backend->commit();
      }
    } else {
      for (const auto& step : result.plan.steps) {
        run_step(step);
      }
      backend->commit();
    }
  } catch (...) {
    if (backend->in_transaction()) {
      try {
        backend->rollback();
      } catch (...) {
      }
    }
    throw;
  }
  return result;
}

// ---------------------------------------------------------------------------
// Offline rendering

// Ends the text with ';' unless it ends with a line "\." (the end of the
// rows psql sends for a COPY ... FROM STDIN, which psql reads as they are).
std::string terminated(const std::string& statement) {
  std::string s = util::strip(statement);
  const bool ends_copy_rows = s == "\\." || (s.size() > 2 && s.compare(s.size() - 3, 3, "\n\\.") == 0);
  if (!s.empty() && s.back() != ';' && !ends_copy_rows) {
    s += ';';
  }
  return s;
}

// A .cpp step offline: the statements its function executes, recorded.
std::string record_code_step(const Project& project, const Step& step, const detail::CodeSteps& code,
                             std::string_view dialect, const RunOptions& options) {
  detail::MigrationHost host(std::string(dialect), step.revision, options.x_args,
                             logger(options, step.revision));
  if (code.function(step)(host.c_host()) != 0) {
    report_code_failure(project, step, host, nullptr, {});
  }
  std::string out;
  for (const auto& statement : host.recorded()) {
    out += (out.empty() ? "" : "\n\n") + terminated(statement);
  }
  return out;
}

std::string render(const Project& project, const Plan& plan, std::string_view dialect,
                   const RunOptions& options) {
  const detail::CodeSteps code(project, plan.steps, options.observer);
  const bool transactional = dialect == "postgresql";
  const bool per_migration = project.config().transaction_per_migration;
  const VersionTable table = version_table(project);
  std::string out;
  const auto emit = [&](const std::string& text) { out += text + "\n\n"; };
  if (transactional && !per_migration) {
    emit("BEGIN;");
  }
  std::vector<std::string> rows = plan.rows_before;
  for (const auto& step : plan.steps) {
    if (transactional && per_migration) {
      emit("BEGIN;");
    }
    if (rows.empty()) {
      emit(table.create_sql() + ";");
    }
    emit("-- Running " + step.describe(false));
    if (!step.stamp) {
      const Script& script = project.script(step.revision);
      const Section& section = section_of(script, step.direction);
      const std::string body = script.kind == ScriptKind::cpp
                                   ? record_code_step(project, step, code, dialect, options)
                                   : util::strip(section.body);
      // A transaction:false section runs between a COMMIT and a new BEGIN,
      // as Alembic's autocommit_block() renders offline.
      const bool outside = transactional && !section.transactional && !body.empty();
      if (outside) {
        emit("COMMIT;");
      }
      if (!body.empty()) {
        emit(terminated(body));
      }
      if (outside) {
        emit("BEGIN;");
      }
    }
    for (const auto& change : step.changes) {
      emit(table.render(change) + ";");
    }
    rows = step.rows_after;
    if (transactional && per_migration) {
      emit("COMMIT;");
    }
  }
  if (transactional && !per_migration) {
    emit("COMMIT;");
  }
  return out;
}

// "start:end" for --sql. The start stands in for the database rows.
std::pair<std::vector<std::string>, std::string> split_range(const Project& project, std::string_view range,
                                                             bool require_start) {
  const auto colon = range.find(':');
  if (colon == std::string_view::npos) {
    if (require_start) {
      throw CommandError("downgrade with --sql requires <fromrev>:<torev>");
    }
    return {{}, std::string(range)};
  }
  if (range.find(':', colon + 1) != std::string_view::npos) {
    throw CommandError("a --sql range takes exactly one ':' (<fromrev>:<torev>); got '" +
                       std::string(range) + "'");
  }
  const std::string start(range.substr(0, colon));
  std::vector<std::string> rows;
  if (!start.empty() && start != "base") {
    try {
      if (auto id = project.map().resolve_one(start)) {
        rows.push_back(*id);
      }
    } catch (const ResolutionError& e) {
      throw ResolutionError("Can't locate revision identified by '" + e.argument() + "' (" + e.what() + ")",
                            e.argument());
    }
  }
  return {rows, std::string(range.substr(colon + 1))};
}

std::string_view dialect_of(const Project& project, const RunOptions& options) {
  return url_dialect(database_url(project, options));
}

void check_plan_offline(const Project& project, const Plan& plan) { check_runnable(project, plan); }

}  // namespace

RunResult upgrade(const Project& project, std::string_view target, const RunOptions& options) {
  if (target.find(':') != std::string_view::npos) {
    throw CommandError("Range revision not allowed");
  }
  return execute(project, options, [&](const auto& rows) { return plan_upgrade(project.map(), rows, target); });
}

RunResult upgrade(const Config& config, std::string_view target, const RunOptions& options) {
  const Project project(config);
  return upgrade(project, target, options);
}

std::vector<CompileResult> compile(const Project& project, const RunOptions& options) {
  std::vector<const Script*> scripts;
  for (const auto& s : project.scripts()) {
    scripts.push_back(&s);
  }
  std::vector<CompileResult> out;
  for (const auto& e : detail::compile_scripts(project, scripts, options.observer)) {
    out.push_back({e.source, e.object, e.compiled, e.elapsed});
  }
  return out;
}

RunResult downgrade(const Project& project, std::string_view target, const RunOptions& options) {
  if (target.find(':') != std::string_view::npos) {
    throw CommandError("Range revision not allowed");
  }
  return execute(project, options,
                 [&](const auto& rows) { return plan_downgrade(project.map(), rows, target); });
}

RunResult stamp(const Project& project, const std::vector<std::string>& targets, bool purge,
                const RunOptions& options) {
  for (const auto& t : targets) {
    if (t.find(':') != std::string::npos) {
      throw CommandError("Range revision not allowed");
    }
  }
  return execute(
      project, options, [&](const auto& rows) { return plan_stamp(project.map(), rows, targets, purge); },
      purge);
}

RunResult upgrade_sql(const Project& project, std::string_view range, const RunOptions& options) {
  const auto [rows, end] = split_range(project, range, false);
  RunResult result;
  result.plan = plan_upgrade(project.map(), rows, end);
  check_plan_offline(project, result.plan);
  result.sql = render(project, result.plan, dialect_of(project, options), options);
  return result;
}

RunResult downgrade_sql(const Project& project, std::string_view range, const RunOptions& options) {
  const auto [rows, end] = split_range(project, range, true);
  RunResult result;
  result.plan = plan_downgrade(project.map(), rows, end);
  check_plan_offline(project, result.plan);
  result.sql = render(project, result.plan, dialect_of(project, options), options);
  return result;
}

RunResult stamp_sql(const Project& project, const std::vector<std::string>& targets,
                    const RunOptions& options) {
  std::optional<std::string> start;
  std::vector<std::string> dests;
  for (const auto& t : targets) {
    const auto colon = t.find(':');
    if (colon == std::string::npos) {
      dests.push_back(t);
      continue;
    }
    const std::string s = t.substr(0, colon);
    if (start && *start != s) {
      throw CommandError("Stamp operation with --sql only supports a single starting revision at a time");
    }
    start = s;
    dests.push_back(t.substr(colon + 1));
  }
  std::vector<std::string> rows;
  if (start) {
    rows = split_range(project, *start + ":x", false).first;
  }
  RunResult result;
  result.plan = plan_stamp(project.map(), rows, dests, false);
  result.sql = render(project, result.plan, dialect_of(project, options), options);
  return result;
}

RunResult ensure_version(const Project& project, const RunOptions& options) {
  // An empty plan: execute() creates the version table when it is missing,
  // under the run lock, and changes nothing else.
  return execute(project, options, [](const auto& rows) {
    Plan plan;
    plan.rows_before = rows;
    plan.rows_after = rows;
    return plan;
  });
}

RunResult ensure_version_sql(const Project& project, const RunOptions& options) {
  const bool wrap = dialect_of(project, options) == "postgresql" && !project.config().transaction_per_migration;
  const std::string create = version_table(project).create_sql() + ";\n\n";
  RunResult result;
  result.sql = wrap ? "BEGIN;\n\n" + create + "COMMIT;\n\n" : create;
  return result;
}

std::vector<std::string> current_rows(const Project& project, const RunOptions& options) {
  auto backend = open(project, options);
  return backend->read_versions(version_table(project));
}

Status status(const Project& project, const RunOptions& options) {
  Status s;
  s.rows = current_rows(project, options);
  const RevisionMap& map = project.map();
  std::vector<std::string> known;
  for (const auto& r : s.rows) {
    (map.find(r) ? known : s.unknown_rows).push_back(r);
  }
  s.heads = map.heads();
  s.current = map.current_tips(known);
  if (s.unknown_rows.empty()) {
    s.pending = plan_upgrade(map, s.rows, "heads").steps;
  }
  return s;
}

std::string database_name(const Project& project, const RunOptions& options) {
  return open(project, options)->database_name();
}

RunResult reset(const Project& project, const RunOptions& options) {
  // The push after the drop must not be refused (an Alembic .py step, a
  // broken graph) once everything is gone: plan it and check it first.
  const Plan plan = plan_upgrade(project.map(), {}, "heads");
  check_runnable(project, plan);
  // Compile the code steps too before anything is dropped: a compile error
  // must not leave an empty database behind. The push reuses the objects.
  { const detail::CodeSteps compiled(project, plan.steps, options.observer); }
  {
    auto backend = open(project, options);
    LockGuard lock(*backend, options);
    backend->drop_everything(version_table(project), Backend::DropCommits::once);
  }
  return upgrade(project, "heads", options);
}

}  // namespace retort
