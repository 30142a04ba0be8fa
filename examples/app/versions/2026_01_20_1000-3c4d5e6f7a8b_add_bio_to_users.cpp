// add bio to users
//
// Revision ID: 3c4d5e6f7a8b
// Revises: 1a2b3c4d5e6f
// Create Date: 2026-01-20 10:00:00.000000

#include <retort/migration.hpp>

#include <string>

// A batched backfill: outside a transaction each UPDATE commits on its own,
// so a large table is never locked for the whole run and a failure keeps the
// batches already done (the loop picks up where it stopped).
// migrate:upgrade transaction:false
RETORT_UPGRADE(ctx) {
  ctx.execute("ALTER TABLE users ADD COLUMN bio TEXT");
  long long total = 0;
  for (;;) {
    const long long n = ctx.execute(
        "UPDATE users SET bio = $1 WHERE id IN "
        "(SELECT id FROM users WHERE bio IS NULL ORDER BY id LIMIT 1000)",
        "No bio yet");
    if (n == 0) {
      break;
    }
    total += n;
  }
  ctx.info("backfilled bio on " + std::to_string(total) + " users");
}

RETORT_DOWNGRADE(ctx) {
  ctx.execute("ALTER TABLE users DROP COLUMN bio");
}
