#pragma once
// How a command reaches its project's database: the URL (with --url and
// DATABASE_URL precedence already applied by config), the folder relative
// SQLite paths are taken from, the version table, and the connection.

#include <filesystem>
#include <memory>
#include <string>

#include <retort/backend.hpp>
#include <retort/commands.hpp>

namespace retort::detail {

// The URL to use; throws ConfigError naming the three ways to set one.
std::string database_url(const Project& project, const RunOptions& options);
// The config file's folder (the current folder without a config file).
std::filesystem::path base_dir(const Project& project);
VersionTable version_table(const Project& project);
// Connects with the config's lock and statement timeouts.
std::unique_ptr<Backend> open_backend(const Project& project, const RunOptions& options);

}  // namespace retort::detail
