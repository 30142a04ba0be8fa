// On-demand compilation of .cpp migrations: one compiler process per source
// (argv, no shell), several at once, objects cached by content hash.

#include "code/compiler.hpp"

#include <dlfcn.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <thread>

#include <retort/error.hpp>

#include "code/sha256.hpp"
#include "util/strings.hpp"

extern char** environ;

namespace retort::detail {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ScriptError(path, 0, std::string("cannot read the file: ") + std::strerror(errno));
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Writes `text` to `path` unless it already holds it, through a temporary
// file and a rename, so a concurrent reader never sees half a file.
void write_if_different(const fs::path& path, std::string_view text) {
  std::error_code ec;
  if (fs::exists(path, ec)) {
    std::ifstream in(path, std::ios::binary);
    const std::string old((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (old == text) {
      return;
    }
  }
  fs::create_directories(path.parent_path(), ec);
  const fs::path tmp = path.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) {
      throw ConfigError("cannot write '" + tmp.string() + "' in the code-migration cache; check that " +
                        path.parent_path().string() + " is writable or set [cpp] cache_dir");
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    throw ConfigError("cannot write '" + path.string() + "': " + ec.message());
  }
}

struct Outcome {
  int spawn_errno = 0;  // the compiler could not be started
  int status = 0;       // waitpid status
  std::string output;   // stdout and stderr together
};

// Runs argv[0] found on PATH, collecting its output; no shell.
Outcome run(const std::vector<std::string>& argv) {
  Outcome outcome;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    outcome.spawn_errno = errno;
    return outcome;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const auto& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    outcome.spawn_errno = rc;
    return outcome;
  }
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n > 0) {
      outcome.output.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(fds[0]);
  while (::waitpid(pid, &outcome.status, 0) < 0 && errno == EINTR) {
  }
  return outcome;
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) {
    return "exited with status " + std::to_string(WEXITSTATUS(status));
  }
  if (WIFSIGNALED(status)) {
    return std::string("was killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
           strsignal(WTERMSIG(status)) + ")";
  }
  return "failed";
}

}  // namespace

struct CodeCache::Loaded {
  void* handle = nullptr;
  MigrationCode code;
  ~Loaded() {
    if (handle != nullptr) {
      ::dlclose(handle);
    }
  }
};

CodeCache::CodeCache(const Config& config) : m_config(config), m_dir(config.cpp_cache()) {
  m_salt = "retort code migration, interface " + std::to_string(RETORT_MIGRATION_ABI);
  m_salt += '\0';
  m_salt += embedded_migration_header();
  m_salt += '\0';
  m_salt += config.cpp_compiler;
  for (const auto& flag : config.cpp_flags) {
    m_salt += '\0';
    m_salt += flag;
  }
  m_salt += '\0';
}

CodeCache::~CodeCache() = default;

std::string CodeCache::key(std::string_view source_text) const {
  return Sha256().update(m_salt).update(source_text).hex().substr(0, 32);
}

fs::path CodeCache::object_path(std::string_view source_text) const {
  return m_dir / (key(source_text) + ".so");
}

namespace {

// Opens an object and finds its two functions; empty `why` on success.
void* open_object(const fs::path& object, MigrationCode& code, std::string& why) {
  void* handle = ::dlopen(object.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* e = ::dlerror();
    why = e != nullptr ? e : "dlopen failed";
    return nullptr;
  }
  const auto* abi = static_cast<const unsigned*>(::dlsym(handle, "retort_migration_abi"));
  code.upgrade = reinterpret_cast<retort_migration_fn_v1>(::dlsym(handle, "retort_upgrade_v1"));
  code.downgrade = reinterpret_cast<retort_migration_fn_v1>(::dlsym(handle, "retort_downgrade_v1"));
  if (abi == nullptr || *abi != RETORT_MIGRATION_ABI) {
    why = "built against another version of <retort/migration.hpp>";
  } else if (code.upgrade == nullptr || code.downgrade == nullptr) {
    why = "no RETORT_UPGRADE or no RETORT_DOWNGRADE function";
  }
  if (!why.empty()) {
    ::dlclose(handle);
    return nullptr;
  }
  return handle;
}

}  // namespace

std::vector<MigrationCode> CodeCache::prepare(const std::vector<const Script*>& scripts,
                                              const std::function<void(const CompileEvent&)>& on_event) {
  if (scripts.empty()) {
    return {};
  }
  const fs::path include_dir = m_dir / "include";
  write_if_different(include_dir / "retort" / "migration.hpp", embedded_migration_header());

  struct Job {
    const Script* script = nullptr;
    fs::path object;
    bool compile = false;
    Outcome outcome;
    std::chrono::milliseconds elapsed{0};
  };
  std::vector<Job> jobs;
  for (const Script* s : scripts) {
    Job job;
    job.script = s;
    job.object = object_path(read_text(s->path));
    std::error_code ec;
    job.compile = !fs::exists(job.object, ec);
    if (!job.compile) {
      // A cached object another interface version built, or one cut short,
      // is rebuilt.
      MigrationCode probe;
      std::string why;
      if (void* h = open_object(job.object, probe, why)) {
        ::dlclose(h);
      } else {
        fs::remove(job.object, ec);
        job.compile = true;
      }
    }
    jobs.push_back(std::move(job));
  }

  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (jobs[i].compile) {
      pending.push_back(i);
    }
  }
  if (!pending.empty()) {
    unsigned workers = m_config.cpp_jobs > 0 ? static_cast<unsigned>(m_config.cpp_jobs)
                                             : std::max(1u, std::thread::hardware_concurrency());
    workers = std::min<unsigned>(workers, static_cast<unsigned>(pending.size()));
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
      for (std::size_t n; (n = next.fetch_add(1)) < pending.size();) {
        Job& job = jobs[pending[n]];
        const fs::path tmp = job.object.string() + ".tmp." + std::to_string(::getpid()) + "." +
                             std::to_string(pending[n]);
        std::vector<std::string> argv{m_config.cpp_compiler};
        argv.insert(argv.end(), m_config.cpp_flags.begin(), m_config.cpp_flags.end());
        for (const char* flag : {"-fPIC", "-shared", "-fvisibility=hidden", "-Wl,-z,defs"}) {
          argv.emplace_back(flag);
        }
        argv.insert(argv.end(), {"-I", include_dir.string(), "-o", tmp.string(), job.script->path.string()});
        const auto started = Clock::now();
        job.outcome = run(argv);
        job.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
        std::error_code ec;
        if (job.outcome.spawn_errno == 0 && job.outcome.status == 0) {
          fs::rename(tmp, job.object, ec);
        } else {
          fs::remove(tmp, ec);
        }
      }
    };
    std::vector<std::thread> threads;
    for (unsigned i = 1; i < workers; ++i) {
      threads.emplace_back(work);
    }
    work();
    for (auto& t : threads) {
      t.join();
    }
  }

  std::string failures;
  for (const Job& job : jobs) {
    if (!job.compile) {
      continue;
    }
    if (job.outcome.spawn_errno != 0) {
      throw ConfigError("cannot run the C++ compiler '" + m_config.cpp_compiler + "' for " +
                        job.script->path.string() + ": " + std::strerror(job.outcome.spawn_errno) +
                        "; install one (apt-get install g++) or set [cpp] compiler in alembic.toml. "
                        "Nothing was run");
    }
    if (job.outcome.status != 0) {
      failures += "\n" + job.script->path.string() + " (revision " + job.script->revision.id +
                  "): the compiler " + describe_status(job.outcome.status) + ":\n" +
                  util::strip(job.outcome.output) + "\n";
    }
  }
  if (!failures.empty()) {
    throw ScriptError("C++ migration failed to compile; nothing was run; fix the file and run the "
                      "command again:" + failures);
  }

  std::vector<MigrationCode> out;
  for (const Job& job : jobs) {
    auto loaded = std::make_unique<Loaded>();
    std::string why;
    loaded->handle = open_object(job.object, loaded->code, why);
    if (loaded->handle == nullptr) {
      throw ScriptError(job.script->path, 0,
                        "the compiled migration " + job.object.string() + " cannot be loaded: " + why);
    }
    out.push_back(loaded->code);
    m_loaded.push_back(std::move(loaded));
    if (on_event) {
      on_event({job.script->path, job.object, job.compile, job.elapsed});
    }
  }
  return out;
}

}  // namespace retort::detail
