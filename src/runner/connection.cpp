#include "runner/connection.hpp"

namespace retort::detail {

std::string database_url(const Project& project, const RunOptions& options) {
  std::string url = options.url.empty() ? project.config().url : options.url;
  if (url.empty()) {
    throw ConfigError(
        "no database URL: set [database] url in alembic.toml, set DATABASE_URL, or pass --url");
  }
  try {
    static_cast<void>(url_dialect(url));
  } catch (const ConfigError& e) {
    const std::string origin = options.url.empty() ? project.config().url_origin : "--url";
    throw ConfigError(std::string(e.what()) + (origin.empty() ? "" : "; the url comes from " + origin));
  }
  return url;
}

std::filesystem::path base_dir(const Project& project) {
  const auto& file = project.config().config_file;
  return file.empty() ? std::filesystem::current_path() : file.parent_path();
}

VersionTable version_table(const Project& project) {
  return {project.config().version_table, project.config().version_table_schema};
}

std::unique_ptr<Backend> open_backend(const Project& project, const RunOptions& options) {
  ConnectOptions co;
  co.lock_timeout_ms = project.config().lock_timeout_ms;
  co.statement_timeout_ms = project.config().statement_timeout_ms;
  co.version_table = version_table(project);
  return connect(database_url(project, options), base_dir(project), co);
}

}  // namespace retort::detail
