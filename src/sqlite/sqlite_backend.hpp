#pragma once
// The SQLite backend (libsqlite3). This header names no sqlite3 type; only
// src/sqlite/*.cpp include <sqlite3.h>.
//
// Scripts run statement by statement through sqlite3_prepare_v2's tail
// pointer. Errors carry the extended result code's name as their "sqlstate"
// (e.g. "SQLITE_CONSTRAINT_PRIMARYKEY"). The run lock is an exclusive flock()
// on "<database file>.lock" beside the database (the file is left in place:
// removing it would let two runs lock different files); an in-memory database
// needs no lock.

#include <retort/backend.hpp>

#include <filesystem>
#include <memory>
#include <string_view>

namespace retort::sqlite {

// Where a sqlite URL points.
struct SqliteLocation {
  bool in_memory = false;
  std::filesystem::path file;  // absolute; empty when in memory

  bool operator==(const SqliteLocation&) const = default;
};

// sqlite:// and sqlite:///:memory: -> in memory; sqlite:///rel.db ->
// base_dir/rel.db; sqlite:////abs.db -> /abs.db. A "+driver" part and a
// "?query" are ignored. Throws ConfigError for a URL with a host.
SqliteLocation sqlite_location(std::string_view url, const std::filesystem::path& base_dir);

// Opens (creating when missing) the database `url` names. Throws
// DatabaseError when it cannot be opened.
std::unique_ptr<Backend> connect_sqlite(std::string_view url,
                                        const std::filesystem::path& base_dir,
                                        const ConnectOptions& options);

// The name of an SQLite (extended) result code, e.g. "SQLITE_BUSY_TIMEOUT";
// "SQLITE_<n>" for codes this build does not know.
std::string result_code_name(int code);

}  // namespace retort::sqlite
