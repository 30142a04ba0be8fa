// Autogenerate's commands: diff the declared schema against the database,
// then write (and for dev apply) the migration.

#include <retort/autogen.hpp>
#include <retort/backend.hpp>

#include <algorithm>
#include <future>
#include <optional>

#include "autogen/autogen_internal.hpp"
#include "autogen/diff.hpp"
#include "autogen/shadow.hpp"
#include "autogen/sql_text.hpp"
#include "pg/snapshot.hpp"
#include "runner/connection.hpp"

namespace retort {

namespace fs = std::filesystem;

namespace {

using detail::base_dir;
using detail::database_url;
using detail::version_table;

void require_postgresql(std::string_view url) {
  if (url_dialect(url) != "postgresql") {
    throw CommandError("autogenerate supports PostgreSQL for now, and '" + mask_url(url) +
                       "' is a SQLite database (SQLite support is planned); point --url or "
                       "DATABASE_URL at a PostgreSQL database, or write the migration by hand "
                       "with 'db revision -m MESSAGE'");
  }
}

std::string list_or(const std::vector<std::string>& items, const char* none) {
  if (items.empty()) {
    return none;
  }
  std::string out;
  for (const auto& i : items) {
    out += (out.empty() ? "" : ", ") + i;
  }
  return out;
}

// Alembic's autogenerate refuses to compare a database that is not at its
// heads: the difference would hold the pending migrations too.
void require_heads(const Project& project, Backend& backend) {
  auto rows = backend.read_versions(version_table(project));
  auto heads = project.map().heads();
  std::sort(rows.begin(), rows.end());
  std::sort(heads.begin(), heads.end());
  if (rows == heads) {
    return;
  }
  throw CommandError("Target database is not up to date.\n  the database is at " +
                     list_or(rows, "base (no version rows)") + "; the heads are " +
                     list_or(heads, "(none)") +
                     "\n  run 'db push' (upgrade heads) first, then run this command again");
}

void filter(autogen::Catalog& catalog, const Project& project) {
  const Config& c = project.config();
  autogen::filter_catalog(catalog, c.version_table, c.version_table_schema, c.exclude_tables);
}

}  // namespace

namespace autogen {

Catalog live_catalog(const Project& project, const RunOptions& options) {
  const std::string url = database_url(project, options);
  require_postgresql(url);
  Catalog catalog = pg::snapshot(url, project.config().include_schemas);
  filter(catalog, project);
  return catalog;
}

Catalog declared_catalog(const Project& project, const RunOptions& options) {
  std::optional<ShadowDatabase> shadow;
  return declared_catalog(project, options, shadow);
}

Catalog declared_catalog(const Project& project, const RunOptions& options, std::optional<ShadowDatabase>& shadow) {
  const std::string url = database_url(project, options);
  require_postgresql(url);
  const auto files = schema_files(project.config());
  shadow.emplace(url, project.config().shadow_url, base_dir(project));
  shadow->apply(files, static_cast<std::size_t>(project.config().shadow_connections));
  Catalog catalog =
      pg::snapshot(shadow->url(), project.config().include_schemas, [&] { shadow->drop_in_background(); });
  filter(catalog, project);
  return catalog;
}

SchemaDiff summarize(const std::vector<Operation>& ops, std::string_view default_schema,
                     std::vector<std::string> not_generated) {
  SchemaDiff diff;
  // In the order of the file: values added to enums come first there.
  std::vector<const Operation*> ordered;
  for (const auto& op : ops) {
    if (must_commit_first(op)) {
      ordered.push_back(&op);
    }
  }
  for (const auto& op : ops) {
    if (!must_commit_first(op)) {
      ordered.push_back(&op);
    }
  }
  for (const Operation* p : ordered) {
    const Operation& op = *p;
    SchemaChange change;
    change.description = describe(op, default_schema);
    change.destructive = data_loss(op, default_schema).value_or("");
    change.warnings = op.warnings;
    change.notes = op.notes;
    diff.changes.push_back(std::move(change));
  }
  if (!ops.empty()) {
    const RenderedMigration rendered = render_migration(ops, default_schema);
    diff.upgrade_sql = rendered.upgrade;
    diff.downgrade_sql = rendered.downgrade;
  }
  if (!not_generated.empty()) {
    std::string list = "-- NOT GENERATED: retort writes no SQL for these differences; add it here by hand:\n";
    for (const auto& line : not_generated) {
      list += "--   " + line + "\n";
    }
    diff.upgrade_sql = list + (diff.upgrade_sql.empty() ? "" : "\n" + diff.upgrade_sql);
    diff.downgrade_sql = "-- NOT GENERATED: undo here, by hand, what was added to the upgrade by hand.\n" +
                         (diff.downgrade_sql.empty() ? "" : "\n" + diff.downgrade_sql);
  }
  diff.not_generated = std::move(not_generated);
  return diff;
}

}  // namespace autogen

std::vector<std::string> SchemaDiff::destructive() const {
  std::vector<std::string> out;
  for (const auto& c : changes) {
    if (!c.destructive.empty()) {
      out.push_back(c.description + ": " + c.destructive);
    }
  }
  return out;
}

std::string SchemaDiff::message() const {
  if (changes.empty()) {
    return {};
  }
  if (changes.size() == 1) {
    return changes.front().description;
  }
  if (changes.size() == 2) {
    return changes[0].description + ", " + changes[1].description;
  }
  return changes.front().description + " and " + std::to_string(changes.size() - 1) + " more changes";
}

SchemaDiff diff_against_declared(const Project& project, const RunOptions& options) {
  const std::string url = database_url(project, options);
  require_postgresql(url);
  ConnectOptions co;
  co.version_table = version_table(project);
  auto backend = connect(url, base_dir(project), co);
  require_heads(project, *backend);
  autogen::schema_files(project.config());  // fail early, before any database work

  // The live database is read while the shadow database is made.
  auto reading = std::async(std::launch::async, [&] {
    autogen::block_interrupts_in_this_thread();  // Ctrl-C goes to the shadow's cleanup
    return autogen::live_catalog(project, options);
  });
  std::optional<autogen::ShadowDatabase> shadow;  // dropped while the catalogs are compared
  const autogen::Catalog declared = autogen::declared_catalog(project, options, shadow);
  const autogen::Catalog live = reading.get();
  const auto has_rows = [&](const autogen::QualifiedName& table) {
    return backend->execute("SELECT 1 FROM " + autogen::qualified(table, "") + " LIMIT 1") > 0;
  };
  const auto ops = autogen::diff_catalogs(live, declared, has_rows);
  return autogen::summarize(ops, live.default_schema, autogen::not_generated(live, declared));
}

std::string schema_snapshot(const Project& project, SchemaSource source, const RunOptions& options) {
  return autogen::dump(source == SchemaSource::declared ? autogen::declared_catalog(project, options)
                                                        : autogen::live_catalog(project, options));
}

SchemaDiff autogenerate_into(const Project& project, RevisionOptions& revision,
                             const RunOptions& options) {
  SchemaDiff diff = diff_against_declared(project, options);
  revision.upgrade_sql = diff.upgrade_sql;
  revision.downgrade_sql = diff.downgrade_sql;
  if (revision.message.empty()) {
    revision.message = diff.message();
  }
  return diff;
}

AutogenResult generate_from_diff(const Project& project, RevisionOptions revision_options,
                                 const RunOptions& options, bool write_when_empty) {
  AutogenResult result;
  result.diff = autogenerate_into(project, revision_options, options);
  if (result.diff.empty() && !write_when_empty) {
    return result;
  }
  result.script = revision(project, revision_options);
  return result;
}

AutogenResult dev(const Project& project, const DevOptions& dev_options, const RunOptions& options) {
  AutogenResult result;
  result.diff = diff_against_declared(project, options);
  if (result.diff.empty()) {
    return result;
  }
  const auto destructive = result.diff.destructive();
  if (!destructive.empty() && !dev_options.allow_destructive) {
    std::string list;
    for (const auto& d : destructive) {
      list += "\n  - " + d;
    }
    throw CommandError("refusing to write and apply a destructive migration:" + list +
                       "\n  rerun with --allow-destructive to accept the loss, or change the "
                       "declared schema; nothing was written");
  }
  RevisionOptions revision_options;
  revision_options.message = dev_options.name.empty() ? result.diff.message() : dev_options.name;
  revision_options.upgrade_sql = result.diff.upgrade_sql;
  revision_options.downgrade_sql = result.diff.downgrade_sql;
  result.script = revision(project, revision_options);
  // The project as read before does not know the new file.
  const Project updated(project.config());
  try {
    result.run = upgrade(updated, "heads", options);
  } catch (const DatabaseError& e) {
    throw DatabaseError(std::string(e.what()) + "\n  the migration was written to " +
                            result.script->path.string() +
                            " but not applied: fix it and run 'db push', or delete it, change the "
                            "declared schema and run 'db dev' again",
                        e.sqlstate(), e.revision());
  }
  return result;
}

}  // namespace retort
