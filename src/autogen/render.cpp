// The upgrade and downgrade sections of a generated migration, from its
// operations: each one's comments (DESTRUCTIVE, WARNING, NOTE) and
// statements, enum values added first in a transaction of their own, and
// the downgrade as the inverses in reverse order.

#include <string>
#include <vector>

#include "autogen/operations.hpp"

namespace retort::autogen {

namespace {

std::string render_one(const Operation& op, std::string_view ds) {
  std::string out;
  if (const auto loss = data_loss(op, ds)) {
    out += "-- DESTRUCTIVE: " + *loss + "\n";
  }
  for (const auto& w : op.warnings) {
    out += "-- WARNING: " + w + "\n";
  }
  for (const auto& n : op.notes) {
    out += "-- NOTE: " + n + "\n";
  }
  for (const auto& s : statements(op, ds)) {
    out += s + ";\n";
  }
  return out;
}

}  // namespace

RenderedMigration render_migration(const std::vector<Operation>& ops, std::string_view ds) {
  // Sections of one operation each, a blank line between two.
  const auto append = [](std::string& section, const std::string& part) {
    section += (section.empty() ? "" : "\n") + part;
  };
  std::string up;
  std::string first;
  for (const auto& op : ops) {
    if (must_commit_first(op)) {
      first += render_one(op, ds);
    }
  }
  if (!first.empty()) {
    append(up,
        "-- ALTER TYPE ... ADD VALUE: a new value cannot be used in the transaction that adds it,\n"
        "-- so what ran before is committed, the values are added on their own, and the rest\n"
        "-- runs in a new transaction.\nCOMMIT;\n" +
        first + "BEGIN;\n");
  }
  for (const auto& op : ops) {
    if (!must_commit_first(op)) {
      append(up, render_one(op, ds));
    }
  }
  std::string down;
  for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
    append(down, render_one(inverse(*it), ds));
  }
  return {up, down};
}


}  // namespace retort::autogen
