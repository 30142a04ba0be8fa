// Alembic's commands beyond the revision graph and the runs: init,
// list_templates, edit and ensure_version.

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string_view>

#include <retort/error.hpp>

#include "cli/context.hpp"

extern char** environ;

namespace retort::cli {

namespace {

// How to start the editor on a file: the program and the arguments before
// the file's path.
struct Editor {
  std::vector<std::string> argv;
};

std::optional<std::string> on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (path == nullptr) {
    return std::nullopt;
  }
  const std::string_view dirs = path;
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    end = end == std::string_view::npos ? dirs.size() : end;
    const std::string_view dir = dirs.substr(start, end - start);
    const fs::path candidate = fs::path(dir.empty() ? "." : std::string(dir)) / name;
    if (::access(candidate.c_str(), X_OK) == 0 && !fs::is_directory(candidate)) {
      return candidate.string();
    }
    start = end + 1;
  }
  return std::nullopt;
}

// Alembic's choice: $EDITOR, then $VISUAL (a path that exists, or a name on
// PATH), then sensible-editor, editor, nano, vim and code on PATH. A value
// with arguments ("code --wait", "emacs -nw") runs through /bin/sh, as git
// runs it.
Editor find_editor() {
  std::vector<std::string> names;
  for (const char* var : {"EDITOR", "VISUAL"}) {
    const char* value = std::getenv(var);
    if (value == nullptr || *value == '\0') {
      continue;
    }
    const std::string choice = value;
    if (fs::exists(choice) && !fs::is_directory(choice)) {
      return {{choice}};
    }
    if (choice.find_first_of(" \t") != std::string::npos) {
      return {{"/bin/sh", "-c", choice + " \"$@\"", choice}};
    }
    if (choice.find('/') == std::string::npos) {
      names.push_back(choice);
    }
  }
  for (const char* name : {"sensible-editor", "editor", "nano", "vim", "code"}) {
    names.emplace_back(name);
  }
  for (const auto& name : names) {
    if (auto path = on_path(name)) {
      return {{*path}};
    }
  }
  throw CommandError(
      "Error executing editor (No suitable editor found. Please set the \"EDITOR\" or \"VISUAL\" "
      "environment variables)");
}

// While the editor runs, Ctrl-C and Ctrl-\ are the editor's: db ignores
// them (restored when the editor ends), and the editor starts with their
// default handling, so db does not die and leave it running on the terminal.
class TerminalSignalsIgnored {
 public:
  TerminalSignalsIgnored() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGINT, &ignore, &m_int);
    ::sigaction(SIGQUIT, &ignore, &m_quit);
  }
  TerminalSignalsIgnored(const TerminalSignalsIgnored&) = delete;
  TerminalSignalsIgnored& operator=(const TerminalSignalsIgnored&) = delete;
  ~TerminalSignalsIgnored() {
    ::sigaction(SIGINT, &m_int, nullptr);
    ::sigaction(SIGQUIT, &m_quit, nullptr);
  }

 private:
  struct sigaction m_int {};
  struct sigaction m_quit {};
};

void open_in_editor(const Editor& editor, const fs::path& file) {
  std::vector<std::string> args = editor.argv;
  args.push_back(file.string());
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  const TerminalSignalsIgnored ignored;
  posix_spawnattr_t attr;
  ::posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGQUIT);
  ::posix_spawnattr_setsigdefault(&attr, &defaults);
  ::posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, argv[0], nullptr, &attr, argv.data(), environ);
  ::posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    throw CommandError("Error executing editor (" + args.front() + ": " + std::strerror(rc) + ")");
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      throw CommandError("Error executing editor (waiting for " + args.front() + ": " + std::strerror(errno) + ")");
    }
  }
  const std::string shown = editor.argv.size() > 1 ? editor.argv.back() : editor.argv.front();
  if (WIFSIGNALED(status)) {
    throw CommandError("Error executing editor (" + shown + " was killed by signal " +
                       std::to_string(WTERMSIG(status)) + " while editing " + file.string() + ")");
  }
  if (WEXITSTATUS(status) != 0) {
    throw CommandError("Error executing editor (" + shown + " exited with status " +
                       std::to_string(WEXITSTATUS(status)) + " on " + file.string() + ")");
  }
}

// Alembic's init writes one of several environment templates; retort has
// one layout, listed under Alembic's name for its default.
constexpr const char* k_template = "generic";

}  // namespace

int cmd_init(Context& ctx) {
  if (ctx.vm.count("template") && ctx.text("template") != k_template) {
    throw CommandError("No such template '" + ctx.text("template") + "'; 'db list_templates' lists them");
  }
  if (ctx.args.size() > 1) {
    throw UsageError("init takes one folder; got '" + ctx.args[1] + "' too");
  }
  const fs::path dir = ctx.args.empty() ? fs::current_path() : fs::path(ctx.args.front());
  fs::create_directories(dir);
  for (const auto& p : init(dir)) {
    if (!ctx.quiet()) {
      ctx.out << (fs::is_directory(p) ? "Creating directory " : "Generating ") << fs::absolute(p).string()
              << " ...  done\n";
    }
  }
  if (!ctx.quiet()) {
    ctx.out << "Please edit configuration/connection settings in " << fs::absolute(dir / "alembic.toml").string()
            << " before proceeding.\n";
  }
  return 0;
}

namespace {

int cmd_list_templates(Context& ctx) {
  no_arguments(ctx, "list_templates");
  ctx.out << "Available templates:\n\n"
          << k_template << " - alembic.toml, versions/ for SQL (and C++) migrations, templates/ and schema/\n"
          << "\nTemplates are used via the 'init' command, e.g.:\n\n  db init --template " << k_template
          << " ./scripts\n";
  return 0;
}

int cmd_edit(Context& ctx) {
  if (ctx.args.size() != 1) {
    throw UsageError("expected one revision, e.g. db edit head");
  }
  const std::string& target = ctx.args.front();
  const Project project = ctx.project();
  std::vector<std::string> ids;
  if (target == "current") {
    const auto rows = current_rows(project, ctx.run_options(nullptr));
    if (rows.empty()) {
      throw CommandError("No current revisions");
    }
    for (const auto& row : rows) {
      for (const auto& id : resolve_revisions(project.map(), row)) {
        ids.push_back(id);
      }
    }
  } else {
    ids = resolve_revisions(project.map(), target);
    if (ids.empty()) {
      throw CommandError("No revision files indicated by symbol '" + target + "'");
    }
  }
  const Editor editor = find_editor();
  for (const auto& id : ids) {
    open_in_editor(editor, project.script(id).path);
  }
  return 0;
}

int cmd_ensure_version(Context& ctx) {
  no_arguments(ctx, "ensure_version");
  const Project project = ctx.project();
  const RunOptions options = ctx.run_options(nullptr);
  return print_run(ctx, ctx.flag("sql") ? ensure_version_sql(project, options) : ensure_version(project, options));
}

}  // namespace

std::vector<Command> other_commands() {
  return {
      {"list_templates", "list the layouts init can write", "", {}, cmd_list_templates},
      {"edit", "open the file of REVISION (head, an id, current...) in $EDITOR", "REVISION", {}, cmd_edit},
      {"ensure_version", "create the version table if it does not exist", "[--sql]",
       [](po::options_description& d) {
         d.add_options()("sql", po::bool_switch(), "print the CREATE TABLE instead of running it");
       },
       cmd_ensure_version},
  };
}

}  // namespace retort::cli
