#pragma once
// What a command handler gets: the parsed options, the positional
// arguments and the streams to print to. Handlers live in several files;
// the command table in cli.cpp lists them all.

#include <boost/program_options.hpp>

#include <chrono>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <retort/commands.hpp>
#include <retort/format.hpp>

namespace retort::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

// Boost.ProgramOptions reads "-1" as an option; such arguments are
// protected with this prefix while parsing and restored after.
constexpr char k_negative_mark = '\x01';

inline std::string unmark(std::string s) {
  if (!s.empty() && s.front() == k_negative_mark) {
    s.erase(0, 1);
  }
  return s;
}

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Context;
using Handler = std::function<int(Context&)>;

struct Command {
  std::string name;
  std::string summary;
  std::string usage;  // after "db <name>"
  std::function<void(po::options_description&)> add_options;
  Handler handler;
};

struct Context {
  std::ostream& out;
  std::ostream& err;
  po::variables_map vm;
  std::vector<std::string> args;  // positional arguments

  bool flag(const char* name) const { return vm.count(name) && vm[name].as<bool>(); }
  std::string text(const char* name) const {
    return vm.count(name) ? unmark(vm[name].as<std::string>()) : std::string{};
  }
  std::vector<std::string> list(const char* name) const {
    std::vector<std::string> v;
    if (vm.count(name)) {
      for (const auto& s : vm[name].as<std::vector<std::string>>()) {
        v.push_back(unmark(s));
      }
    }
    return v;
  }
  bool quiet() const { return flag("quiet"); }
  bool json_output() const { return flag("json"); }

  Config config() const {
    std::optional<fs::path> file;
    if (vm.count("config")) {
      file = fs::path(text("config"));
    }
    Config c = find_config(file);
    for (const auto& w : c.warnings) {
      err << "db: warning: " << w << "\n";
    }
    return c;
  }
  Project project() const {
    Project p(config());
    for (const auto& w : p.warnings()) {
      err << "db: warning: " << w << "\n";
    }
    return p;
  }
  RunOptions run_options(Observer* observer) const {
    RunOptions o;
    o.url = text("url");
    if (vm.count("lock-timeout")) {
      o.lock_timeout = std::chrono::milliseconds(vm["lock-timeout"].as<long>());
    }
    for (const auto& kv : list("x")) {
      const auto eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) {
        throw UsageError("-x takes KEY=VALUE; got '" + kv + "'");
      }
      o.x_args.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
    o.observer = observer;
    return o;
  }
};

class PrintingObserver : public Observer {
 public:
  PrintingObserver(std::ostream& err, bool quiet) : m_err(err), m_quiet(quiet) {}
  // Each line goes out in one write (std::cerr writes every << at once).
  void step_finished(const Step& step, std::chrono::milliseconds elapsed) override {
    if (!m_quiet) {
      m_err << ("Running " + step.describe() + " (" + std::to_string(elapsed.count()) + " ms)\n");
    }
  }
  void warning(std::string_view message) override { m_err << "db: warning: " << message << "\n"; }
  void code_ready(const fs::path& source, bool compiled, std::chrono::milliseconds elapsed) override {
    if (compiled && !m_quiet) {
      m_err << "Compiled " << source.string() << " (" << elapsed.count() << " ms)\n";
    }
  }
  void migration_message(std::string_view revision, bool warning, std::string_view message) override {
    if (warning || !m_quiet) {
      m_err << ((warning ? "db: warning: " : "  ") + std::string(revision) + ": " + std::string(message) + "\n");
    }
  }

 private:
  std::ostream& m_err;
  bool m_quiet;
};

format::DetailsFn details_of(const Project& project);

// Prints a run's result: its JSON summary with --json, else the offline SQL.
int print_run(Context& ctx, const RunResult& result);
// Refuses positional arguments for a command that takes none (usage error).
void no_arguments(const Context& ctx, const char* command);

// other_commands.cpp: list_templates, edit, ensure_version; and init, which
// the command table in cli.cpp lists first.
std::vector<Command> other_commands();
int cmd_init(Context& ctx);

// code_commands.cpp: compile.
std::vector<Command> code_commands();
// The text of a .cpp migration below its header (the code), for `show`.
std::string code_of(const Script& script);

// The commands defined outside cli.cpp (autogenerate, code migrations...).
std::vector<Command> extra_commands();

// autogen_commands.cpp: dev, diff, check, generate-from-diff.
std::vector<Command> autogen_commands();
// `revision --autogenerate`: fills the upgrade and downgrade (and an empty
// message) from the diff of the declared schema, printing the changes.
void autogenerate_revision(Context& ctx, RevisionOptions& options);

}  // namespace retort::cli
