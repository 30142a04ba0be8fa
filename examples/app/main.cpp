// The example application: at start-up it brings its database up to date
// with the migrations built into it (retort_add_migrations in
// CMakeLists.txt), then prints what the migrations made.
//
//   retort_example_app [DATABASE_URL]
//
// The URL comes from the argument, else alembic.toml in the current folder
// (which reads DATABASE_URL), else DATABASE_URL. No compiler and no
// migration files are needed where it runs: versions/ on disk is optional,
// and when present must hold the same files the application was built with.

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <retort/backend.hpp>
#include <retort/commands.hpp>
#include <retort/config.hpp>
#include <retort/error.hpp>

namespace {

// Prints each migration as it is applied.
class PrintSteps : public retort::Observer {
 public:
  void step_finished(const retort::Step& step, std::chrono::milliseconds elapsed) override {
    std::printf("migrated: %s (%lld ms)\n", step.describe().c_str(),
                static_cast<long long>(elapsed.count()));
  }
  void warning(std::string_view message) override {
    std::fprintf(stderr, "warning: %.*s\n", static_cast<int>(message.size()), message.data());
  }
  // ctx.info() / ctx.warning() from a code migration.
  void migration_message(std::string_view revision, bool warning, std::string_view message) override {
    std::fprintf(warning ? stderr : stdout, "  %.*s: %.*s\n", static_cast<int>(revision.size()),
                 revision.data(), static_cast<int>(message.size()), message.data());
  }
};

std::string one_value(retort::Backend& db, const std::string& sql) {
  const retort::QueryResult result = db.query(sql, {});
  if (result.row_count() != 1 || !result.values.front()) {
    return "?";
  }
  return *result.values.front();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 2 || (argc == 2 && (std::string_view(argv[1]) == "-h" ||
                                 std::string_view(argv[1]) == "--help"))) {
    std::fprintf(stderr, "usage: %s [DATABASE_URL]\n", argv[0]);
    return 2;
  }
  try {
    const retort::Config config = retort::find_config(std::nullopt);
    PrintSteps printer;
    retort::RunOptions options;
    options.observer = &printer;
    if (argc == 2) {
      options.url = argv[1];
    }
    if (options.url.empty() && config.url.empty()) {
      std::fprintf(stderr,
                   "error: no database URL: pass one as the argument, set DATABASE_URL, or set "
                   "[database] url in alembic.toml\n");
      return 2;
    }

    // Start-up: apply whatever this build has that the database has not.
    const retort::RunResult result = retort::upgrade(config, "heads", options);
    std::printf("database up to date (%zu migration(s) applied)\n", result.plan.steps.size());

    // The application proper: here, a look at what the migrations made.
    const std::string url = options.url.empty() ? config.url : options.url;
    const std::filesystem::path base = config.config_file.empty()
                                           ? std::filesystem::current_path()
                                           : config.config_file.parent_path();
    auto db = retort::connect(url, base);
    std::printf("users: %s, with a bio: %s, with a handle: %s\n",
                one_value(*db, "SELECT COUNT(*) FROM users").c_str(),
                one_value(*db, "SELECT COUNT(*) FROM users WHERE bio IS NOT NULL").c_str(),
                one_value(*db, "SELECT COUNT(*) FROM users WHERE handle IS NOT NULL").c_str());
    return 0;
  } catch (const retort::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
}
