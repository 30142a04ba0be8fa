// Autogenerate's commands: dev, diff, check, generate-from-diff, and the
// --autogenerate option of revision.

#include <nlohmann/json.hpp>

#include <retort/autogen.hpp>

#include "cli/context.hpp"

namespace retort::cli {

using nlohmann::json;

namespace {

json diff_json(const SchemaDiff& diff) {
  json changes = json::array();
  for (const auto& c : diff.changes) {
    changes.push_back(json{{"description", c.description},
                           {"destructive", c.destructive},
                           {"warnings", c.warnings},
                           {"notes", c.notes}});
  }
  return json{{"changes", changes},
              {"not_generated", diff.not_generated},
              {"upgrade_sql", diff.upgrade_sql},
              {"downgrade_sql", diff.downgrade_sql}};
}

void print_changes(std::ostream& out, const SchemaDiff& diff) {
  for (const auto& c : diff.changes) {
    out << "  - " << c.description << "\n";
    if (!c.destructive.empty()) {
      out << "      DESTRUCTIVE: " << c.destructive << "\n";
    }
    for (const auto& w : c.warnings) {
      out << "      WARNING: " << w << "\n";
    }
    for (const auto& n : c.notes) {
      out << "      NOTE: " << n << "\n";
    }
  }
}

void print_not_generated(std::ostream& out, const SchemaDiff& diff) {
  if (diff.not_generated.empty()) {
    return;
  }
  out << "Not generated (retort writes no SQL for these; write a migration for them by hand):\n";
  for (const auto& line : diff.not_generated) {
    out << "  - " << line << "\n";
  }
}

int print_result(Context& ctx, const AutogenResult& result) {
  if (ctx.json_output()) {
    json j = diff_json(result.diff);
    if (result.script) {
      j["revision"] = result.script->revision.id;
      j["path"] = result.script->path.string();
    }
    ctx.out << j.dump(2) << "\n";
    return 0;
  }
  if (ctx.quiet()) {
    return 0;
  }
  if (result.diff.in_sync()) {
    ctx.out << "No changes detected\n";
    return 0;
  }
  if (result.diff.empty()) {
    ctx.out << "No changes retort can generate; nothing was written\n";
  } else {
    ctx.out << "Detected " << result.diff.changes.size() << " change(s):\n";
    print_changes(ctx.out, result.diff);
  }
  print_not_generated(ctx.out, result.diff);
  if (result.script) {
    ctx.out << "Generating " << result.script->path.string() << " ...  done\n";
  }
  return 0;
}

int cmd_dev(Context& ctx) {
  if (!ctx.args.empty()) {
    throw UsageError("unexpected argument '" + ctx.args.front() + "'; the message goes in --name");
  }
  const Project project = ctx.project();
  DevOptions dev_options;
  dev_options.name = ctx.vm.count("name") ? ctx.text("name") : ctx.text("message");
  dev_options.allow_destructive = ctx.flag("allow-destructive");
  PrintingObserver observer(ctx.err, ctx.quiet() || ctx.json_output());
  return print_result(ctx, dev(project, dev_options, ctx.run_options(&observer)));
}

int cmd_diff(Context& ctx) {
  if (!ctx.args.empty()) {
    throw UsageError("diff takes no arguments");
  }
  const Project project = ctx.project();
  const SchemaDiff diff = diff_against_declared(project, ctx.run_options(nullptr));
  if (ctx.json_output()) {
    ctx.out << diff_json(diff).dump(2) << "\n";
  } else if (!diff.in_sync()) {
    ctx.out << diff.upgrade_sql;
  } else if (!ctx.quiet()) {
    ctx.err << "No changes detected\n";
  }
  return ctx.flag("exit-code") && !diff.in_sync() ? 1 : 0;
}

int cmd_check(Context& ctx) {
  if (!ctx.args.empty()) {
    throw UsageError("check takes no arguments");
  }
  const Project project = ctx.project();
  const SchemaDiff diff = check(project, ctx.run_options(nullptr));
  if (ctx.json_output()) {
    ctx.out << diff_json(diff).dump(2) << "\n";
  } else if (diff.in_sync()) {
    if (!ctx.quiet()) {
      ctx.out << "No new upgrade operations detected.\n";
    }
  } else {
    if (!diff.empty()) {
      ctx.out << "New upgrade operations detected:\n";
      print_changes(ctx.out, diff);
    }
    print_not_generated(ctx.out, diff);
  }
  return diff.in_sync() ? 0 : 1;
}

int cmd_generate_from_diff(Context& ctx) {
  if (ctx.args.size() != 1) {
    throw UsageError("expected the new migration's NAME, e.g. db generate-from-diff \"add email to user\"");
  }
  const Project project = ctx.project();
  RevisionOptions revision;
  revision.message = ctx.args.front();
  revision.rev_id = ctx.text("rev-id");
  if (ctx.vm.count("head")) {
    revision.head = ctx.list("head");
  }
  return print_result(ctx, generate_from_diff(project, revision, ctx.run_options(nullptr)));
}

int cmd_snapshot(Context& ctx) {
  if (!ctx.args.empty()) {
    throw UsageError("snapshot takes no arguments");
  }
  const Project project = ctx.project();
  ctx.out << schema_snapshot(project, ctx.flag("declared") ? SchemaSource::declared : SchemaSource::database,
                             ctx.run_options(nullptr));
  return 0;
}

void add_dev_options(po::options_description& d) {
  d.add_options()("name,n", po::value<std::string>(), "the migration's message (default: made from the changes)")(
      "message,m", po::value<std::string>(), "same as --name")(
      "allow-destructive", po::bool_switch(), "write and apply even when the migration drops data");
}

}  // namespace

void autogenerate_revision(Context& ctx, RevisionOptions& options) {
  const Project project = ctx.project();
  const SchemaDiff diff = autogenerate_into(project, options, ctx.run_options(nullptr));
  if (ctx.quiet() || ctx.json_output()) {
    return;
  }
  if (diff.in_sync()) {
    ctx.out << "No changes detected; writing an empty migration\n";
  } else if (diff.empty()) {
    ctx.out << "No changes retort can generate; writing a migration to fill in by hand\n";
  } else {
    ctx.out << "Detected " << diff.changes.size() << " change(s):\n";
    print_changes(ctx.out, diff);
  }
  print_not_generated(ctx.out, diff);
}

std::vector<Command> autogen_commands() {
  return {
      {"dev", "write a migration for the declared schema's changes and apply it",
       "[--name MESSAGE] [--allow-destructive]", add_dev_options,
       cmd_dev},
      {"diff", "print the SQL 'dev' would write for the declared schema's changes", "[--exit-code]",
       [](po::options_description& d) {
         d.add_options()("exit-code", po::bool_switch(), "exit 1 when there are differences");
       },
       cmd_diff},
      {"check", "fail (exit 1) when the declared schema and the database differ", "", {}, cmd_check},
      {"generate-from-diff", "write a migration for the declared schema's changes, without applying it",
       "NAME",
       [](po::options_description& d) {
         d.add_options()("rev-id", po::value<std::string>(), "use this id instead of a random one")(
             "head", po::value<std::vector<std::string>>(), "base the revision on this head (default: head)");
       },
       cmd_generate_from_diff},
      {"snapshot", "print the schema autogenerate sees in the database (or, with --declared, in the schema files)",
       "[--declared]",
       [](po::options_description& d) {
         d.add_options()("declared", po::bool_switch(), "the declared schema, applied to a shadow database");
       },
       cmd_snapshot},
  };
}

}  // namespace retort::cli
