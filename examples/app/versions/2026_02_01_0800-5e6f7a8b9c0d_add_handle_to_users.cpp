// add handle to users
//
// Revision ID: 5e6f7a8b9c0d
// Revises: 3c4d5e6f7a8b
// Create Date: 2026-02-01 08:00:00.000000

#include <retort/migration.hpp>

#include <cctype>
#include <string>

namespace {

// "User 42" -> "user_42": computed in C++, one batch of rows at a time.
std::string handle_of(const std::string& name) {
  std::string out;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0) {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  return out;
}

}  // namespace

RETORT_UPGRADE(ctx) {
  ctx.execute("ALTER TABLE users ADD COLUMN handle TEXT");
  long long last_id = 0;
  for (;;) {
    const retort::Rows rows = ctx.query(
        "SELECT id, name FROM users WHERE id > $1 ORDER BY id LIMIT 500", last_id);
    if (rows.empty()) {
      break;
    }
    for (const retort::Row& row : rows) {
      last_id = row["id"].as_int();
      ctx.execute("UPDATE users SET handle = $1 WHERE id = $2", handle_of(row["name"].str()),
                  last_id);
    }
  }
  ctx.execute("CREATE UNIQUE INDEX users_handle ON users (handle)");
}

RETORT_DOWNGRADE(ctx) {
  ctx.execute("DROP INDEX users_handle");
  ctx.execute("ALTER TABLE users DROP COLUMN handle");
}
