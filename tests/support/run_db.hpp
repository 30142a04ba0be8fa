#pragma once
// Runs a program (usually the real `db` binary, RETORT_DB_BINARY) as a child
// process and captures what it did: exit code, stdout, stderr.
//
//   auto r = retort::test::run_db({"-c", toml, "heads"});
//   EXPECT_EQ(r.exit_code, 0) << r;
//
//   retort::test::RunSpec spec;
//   spec.cwd = dir.path();
//   spec.env["DATABASE_URL"] = url;      // set
//   spec.env["PGPASSWORD"] = std::nullopt;  // removed
//   spec.stdin_data = "yes\n";           // else stdin is /dev/null
//   auto r = retort::test::run_db({"push"}, spec);
//
// Several children can run at once (start several Process objects, then
// wait() for each): output is read through pipes polled together, so a
// child never blocks on a full pipe. A child still running after
// `timeout` is killed (exit_code -SIGKILL) so a hang fails the test rather
// than the whole run.
//
// POSIX only (posix_spawn with addchdir_np: glibc >= 2.29).

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace retort::test {

struct RunSpec {
  // The child's working folder; empty: the test's.
  std::filesystem::path cwd;
  // Environment changes over the test's own: a value sets the variable,
  // nullopt removes it.
  std::map<std::string, std::optional<std::string>> env;
  // Written to the child's stdin, which is then closed; without it stdin is
  // /dev/null (never a terminal).
  std::optional<std::string> stdin_data;
  std::chrono::milliseconds timeout{120'000};
};

struct RunOutput {
  int exit_code = -1;  // the exit status, or -signal when killed by one
  std::string out;
  std::string err;
  std::string command;  // for failure messages

  bool ok() const { return exit_code == 0; }
};

// Prints everything, so `EXPECT_EQ(r.exit_code, 0) << r;` explains itself.
inline std::ostream& operator<<(std::ostream& os, const RunOutput& r) {
  return os << "\n$ " << r.command << "\nexit code: " << r.exit_code << "\n--- stdout ---\n"
            << r.out << "--- stderr ---\n"
            << r.err << "--------------\n";
}

// One running child.
class Process {
 public:
  Process(const std::string& program, const std::vector<std::string>& args, const RunSpec& spec = {})
      : m_timeout(spec.timeout) {
    m_output.command = program;
    for (const auto& a : args) {
      m_output.command += " " + a;
    }

    int out_pipe[2], err_pipe[2], in_pipe[2] = {-1, -1};
    check(::pipe2(out_pipe, O_CLOEXEC), "pipe2");
    check(::pipe2(err_pipe, O_CLOEXEC), "pipe2");
    if (spec.stdin_data) {
      check(::pipe2(in_pipe, O_CLOEXEC), "pipe2");
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (spec.stdin_data) {
      posix_spawn_file_actions_adddup2(&actions, in_pipe[0], STDIN_FILENO);
    } else {
      posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    }
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
    if (!spec.cwd.empty()) {
      posix_spawn_file_actions_addchdir_np(&actions, spec.cwd.c_str());
    }

    std::vector<std::string> argv_s{program};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);

    std::map<std::string, std::string> env_map;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string kv = *e;
      const auto eq = kv.find('=');
      env_map[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
    }
    for (const auto& [k, v] : spec.env) {
      if (v) {
        env_map[k] = *v;
      } else {
        env_map.erase(k);
      }
    }
    std::vector<std::string> env_s;
    for (const auto& [k, v] : env_map) {
      env_s.push_back(k + "=" + v);
    }
    std::vector<char*> envp;
    for (auto& e : env_s) {
      envp.push_back(e.data());
    }
    envp.push_back(nullptr);

    const int rc = ::posix_spawn(&m_pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    if (in_pipe[0] >= 0) {
      ::close(in_pipe[0]);
    }
    m_out_fd = out_pipe[0];
    m_err_fd = err_pipe[0];
    m_in_fd = in_pipe[1];
    if (spec.stdin_data) {
      m_stdin = *spec.stdin_data;
    }
    if (rc != 0) {
      close_all();
      throw std::runtime_error("posix_spawn " + program + ": " + std::strerror(rc));
    }
    m_started = std::chrono::steady_clock::now();
  }

  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process() {
    if (m_pid > 0 && !m_waited) {
      ::kill(m_pid, SIGKILL);
      int status = 0;
      ::waitpid(m_pid, &status, 0);
    }
    close_all();
  }

  // Feeds stdin, collects the output until the child closes both streams,
  // reaps it and returns what it did. Call once.
  RunOutput wait() {
    std::size_t written = 0;
    if (m_in_fd >= 0 && m_stdin.empty()) {
      close_fd(m_in_fd);
    }
    const auto deadline = m_started + m_timeout;
    bool killed = false;
    while (m_out_fd >= 0 || m_err_fd >= 0) {
      std::vector<pollfd> fds;
      if (m_out_fd >= 0) fds.push_back({m_out_fd, POLLIN, 0});
      if (m_err_fd >= 0) fds.push_back({m_err_fd, POLLIN, 0});
      if (m_in_fd >= 0) fds.push_back({m_in_fd, POLLOUT, 0});
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        ::kill(m_pid, SIGKILL);
        killed = true;
        break;
      }
      const int n = ::poll(fds.data(), fds.size(), static_cast<int>(std::min<long long>(left.count(), 1000)));
      if (n < 0 && errno != EINTR) {
        throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
      }
      for (const auto& p : fds) {
        if (p.revents == 0) {
          continue;
        }
        if (p.fd == m_in_fd) {
          const ssize_t w = ::write(m_in_fd, m_stdin.data() + written, m_stdin.size() - written);
          if (w > 0) {
            written += static_cast<std::size_t>(w);
          }
          if (w < 0 || written == m_stdin.size()) {
            close_fd(m_in_fd);
          }
          continue;
        }
        char buf[65536];
        const ssize_t r = ::read(p.fd, buf, sizeof buf);
        if (r > 0) {
          (p.fd == m_out_fd ? m_output.out : m_output.err).append(buf, static_cast<std::size_t>(r));
        } else if (r == 0 || (errno != EINTR && errno != EAGAIN)) {
          close_fd(p.fd == m_out_fd ? m_out_fd : m_err_fd);
        }
      }
    }
    close_all();
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_waited = true;
    if (WIFEXITED(status)) {
      m_output.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
      m_output.exit_code = -WTERMSIG(status);
    }
    if (killed) {
      m_output.err += "\n[run_db: killed after " + std::to_string(m_timeout.count()) + " ms]\n";
    }
    return m_output;
  }

  pid_t pid() const { return m_pid; }

 private:
  static void check(int rc, const char* what) {
    if (rc != 0) {
      throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
    }
  }
  static void close_fd(int& fd) {
    if (fd >= 0) {
      ::close(fd);
      fd = -1;
    }
  }
  void close_all() {
    close_fd(m_out_fd);
    close_fd(m_err_fd);
    close_fd(m_in_fd);
  }

  pid_t m_pid = -1;
  bool m_waited = false;
  int m_out_fd = -1, m_err_fd = -1, m_in_fd = -1;
  std::string m_stdin;
  std::chrono::milliseconds m_timeout;
  std::chrono::steady_clock::time_point m_started;
  RunOutput m_output;
};

// Runs `program` with `args` to completion.
inline RunOutput run_program(const std::string& program, const std::vector<std::string>& args,
                             const RunSpec& spec = {}) {
  Process p(program, args, spec);
  return p.wait();
}

#ifdef RETORT_DB_BINARY
// The `db` binary under test.
inline std::string db_binary() { return RETORT_DB_BINARY; }

// Runs `db args...` to completion.
inline RunOutput run_db(const std::vector<std::string>& args, const RunSpec& spec = {}) {
  return run_program(db_binary(), args, spec);
}
#endif

}  // namespace retort::test
