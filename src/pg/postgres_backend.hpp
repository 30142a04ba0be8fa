#pragma once
// The PostgreSQL backend (libpqxx). This header names no libpqxx type; only
// src/pg/*.cpp include <pqxx/pqxx>.
//
// One connection for the whole run, in autocommit mode: begin(), commit()
// and rollback() send BEGIN / COMMIT / ROLLBACK, so statements can also run
// outside a transaction (CREATE INDEX CONCURRENTLY). Scripts are split into
// statements and sent one at a time, so an error names its statement.
// libpqxx's silent reconnect is switched off: a lost connection is an error,
// never a new session that has lost the lock and the transaction.

#include <retort/backend.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace retort::pg {

// Connects to `url` (postgresql://, postgres://, postgresql+driver://; any
// libpq URI). Throws DatabaseError "could not connect to '<masked url>': ..."
// when the server cannot be reached or refuses the connection.
std::unique_ptr<Backend> connect_postgres(std::string_view url, const ConnectOptions& options);

// The libpq URI for a retort URL: the SQLAlchemy driver part dropped
// ("postgresql+psycopg2://" -> "postgresql://"), everything else as given.
std::string libpq_uri(std::string_view url);

// libpq's error text ("ERROR:  msg\nDETAIL:  ...\nHINT:  ...\nCONTEXT: ...")
// taken apart.
struct ErrorText {
  std::string message;
  std::string detail;
  std::string hint;
  std::string context;
};
ErrorText parse_error_text(std::string_view text);

// The advisory-lock key for a version table: a fixed 64-bit FNV-1a hash of
// "retort:" + the table's qualified name.
long long advisory_lock_key(const VersionTable& table);

}  // namespace retort::pg
