// Argument parsing and printing for `db`. Each command is a short handler
// over the library's commands; everything it prints is decided here.

#include "cli/cli.hpp"
#include "cli/context.hpp"

#include <unistd.h>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <iostream>
#include <optional>
#include <regex>

#include <retort/commands.hpp>
#include <retort/error.hpp>
#include <retort/format.hpp>

namespace retort::cli {

using nlohmann::json;

format::DetailsFn details_of(const Project& project) {
  return [&project](const Revision& rev) {
    const Script& s = project.script(rev.id);
    std::string longdoc = rev.message;
    if (s.kind != ScriptKind::python) {
      longdoc += "\n\nRevision ID: " + rev.id + "\nRevises: ";
      for (std::size_t i = 0; i < rev.down_revisions.size(); ++i) {
        longdoc += (i ? ", " : "") + rev.down_revisions[i];
      }
      longdoc += "\nCreate Date: " + s.create_date;
    }
    std::string stripped = longdoc;
    while (!stripped.empty() && std::isspace(static_cast<unsigned char>(stripped.back()))) {
      stripped.pop_back();
    }
    return format::Details{s.path.string(), stripped};
  };
}

namespace {

json step_json(const Step& s) {
  json j{{"direction", s.direction == Direction::up ? "up" : "down"},
         {"stamp", s.stamp},
         {"from", s.from_ids},
         {"to", s.to_ids},
         {"rows_after", s.rows_after}};
  if (!s.stamp) {
    j["revision"] = s.revision;
    j["message"] = s.doc;
  }
  return j;
}

json revision_json(const RevisionMap& map, const Revision& r) {
  return json{{"revision", r.id},
              {"down_revisions", r.down_revisions},
              {"depends_on", r.depends_on},
              {"branch_labels", map.branch_labels(r.id)},
              {"message", r.doc()},
              {"is_head", map.is_head(r.id)},
              {"is_real_head", map.is_real_head(r.id)},
              {"is_branch_point", map.is_branch_point(r.id)},
              {"is_merge_point", map.is_merge_point(r.id)},
              {"path", r.origin}};
}

json revisions_json(const RevisionMap& map, const std::vector<std::string>& ids) {
  json a = json::array();
  for (const auto& id : ids) {
    a.push_back(revision_json(map, *map.find(id)));
  }
  return a;
}

}  // namespace

int print_run(Context& ctx, const RunResult& result) {
  if (ctx.json_output()) {
    json steps = json::array();
    for (const auto& s : result.plan.steps) {
      steps.push_back(step_json(s));
    }
    ctx.out << json{{"steps", steps}, {"rows_before", result.plan.rows_before},
                    {"rows_after", result.plan.rows_after}, {"warnings", result.plan.warnings}}
                   .dump(2)
            << "\n";
  } else if (!result.sql.empty()) {
    ctx.out << result.sql;
  }
  return 0;
}

// Commands without positional arguments refuse stray words instead of
// ignoring them (`db history -1:` without -r would print everything).
void no_arguments(const Context& ctx, const char* command) {
  if (!ctx.args.empty()) {
    throw UsageError(std::string("'") + command + "' takes no arguments; got '" + ctx.args.front() + "'");
  }
}

namespace {

std::string single_target(Context& ctx, const char* what) {
  if (ctx.args.size() != 1) {
    throw UsageError(std::string("expected exactly one ") + what + " (e.g. 'head', '-1', 'ae10')");
  }
  return ctx.args.front();
}

// ---------------------------------------------------------------------------
// Handlers

RevisionOptions revision_options(Context& ctx) {
  RevisionOptions o;
  o.message = ctx.text("message");
  if (ctx.vm.count("head")) {
    o.head = ctx.list("head");
  }
  o.splice = ctx.flag("splice");
  o.branch_labels = ctx.list("branch-label");
  o.depends_on = ctx.list("depends-on");
  o.rev_id = ctx.text("rev-id");
  o.version_path = ctx.text("version-path");
  if (ctx.flag("cpp")) {
    if (ctx.flag("autogenerate")) {
      throw UsageError("--cpp and --autogenerate cannot be combined: autogenerate writes SQL");
    }
    o.kind = ScriptKind::cpp;
  }
  if (ctx.flag("sql")) {
    throw CommandError(
        "Using --sql with the revision command when revision_environment is not configured does not "
        "make any sense");
  }
  if (ctx.flag("autogenerate")) {
    autogenerate_revision(ctx, o);  // src/cli/autogen_commands.cpp
  }
  return o;
}

int print_written(Context& ctx, const Script& s) {
  if (ctx.json_output()) {
    ctx.out << json{{"revision", s.revision.id}, {"path", s.path.string()}}.dump(2) << "\n";
  } else if (!ctx.quiet()) {
    ctx.out << "Generating " << s.path.string() << " ...  done\n";
  }
  return 0;
}

int cmd_revision(Context& ctx) {
  if (!ctx.args.empty()) {
    throw UsageError("unexpected argument '" + ctx.args.front() + "'; the message goes in -m");
  }
  const Project project = ctx.project();
  return print_written(ctx, revision(project, revision_options(ctx)));
}

int cmd_generate(Context& ctx) {
  RevisionOptions o = revision_options(ctx);
  if (ctx.args.size() != 1) {
    throw UsageError("expected the new migration's NAME, e.g. db generate \"add email to user\"");
  }
  o.message = ctx.args.front();
  const Project project = ctx.project();
  return print_written(ctx, revision(project, o));
}

int cmd_merge(Context& ctx) {
  const Project project = ctx.project();
  RevisionOptions o = revision_options(ctx);
  return print_written(ctx, merge(project, ctx.args, o));
}

int cmd_heads(Context& ctx) {
  no_arguments(ctx, "heads");
  const Project project = ctx.project();
  const auto& map = project.map();
  if (ctx.json_output()) {
    ctx.out << revisions_json(map, ctx.flag("resolve-dependencies") ? map.real_heads() : map.heads()).dump(2)
            << "\n";
    return 0;
  }
  ctx.out << format::heads(map, ctx.flag("verbose"), ctx.flag("resolve-dependencies"), details_of(project));
  return 0;
}

int cmd_history(Context& ctx) {
  no_arguments(ctx, "history");
  const Project project = ctx.project();
  Range range;
  if (ctx.vm.count("rev-range")) {
    range = parse_history_range(ctx.text("rev-range"));
  }
  std::vector<std::string> rows;
  const bool indicate = ctx.flag("indicate-current");
  if (indicate || range.start == "current" || range.end == "current") {
    rows = current_rows(project, ctx.run_options(nullptr));
  }
  const auto ids = history(project.map(), range.start, range.end, rows);
  if (ctx.json_output()) {
    ctx.out << revisions_json(project.map(), ids).dump(2) << "\n";
    return 0;
  }
  ctx.out << format::history(project.map(), ids, ctx.flag("verbose"), rows, indicate, details_of(project));
  return 0;
}

int cmd_branches(Context& ctx) {
  no_arguments(ctx, "branches");
  const Project project = ctx.project();
  const auto ids = history(project.map(), "", "");
  if (ctx.json_output()) {
    std::vector<std::string> points;
    std::copy_if(ids.begin(), ids.end(), std::back_inserter(points),
                 [&](const auto& id) { return project.map().is_branch_point(id); });
    ctx.out << revisions_json(project.map(), points).dump(2) << "\n";
    return 0;
  }
  ctx.out << format::branches(project.map(), ids, ctx.flag("verbose"), details_of(project));
  return 0;
}

int cmd_show(Context& ctx) {
  if (ctx.args.empty()) {
    throw UsageError("expected a revision, e.g. db show head");
  }
  const Project project = ctx.project();
  const auto& map = project.map();
  std::vector<std::string> ids;
  for (const auto& target : ctx.args) {
    if (target == "current") {
      for (const auto& r : current_rows(project, ctx.run_options(nullptr))) {
        ids.push_back(r);
      }
      continue;
    }
    for (const auto& id : resolve_revisions(map, target)) {
      ids.push_back(id);
    }
  }
  if (ctx.json_output()) {
    ctx.out << revisions_json(map, ids).dump(2) << "\n";
    return 0;
  }
  const auto details = details_of(project);
  for (const auto& id : ids) {
    const Revision& rev = *map.find(id);
    ctx.out << format::verbose_block(map, rev, details(rev)) << "\n";
    const Script& s = project.script(id);
    if (s.kind == ScriptKind::cpp) {
      ctx.out << code_of(s) << "\n";
    } else if (s.kind != ScriptKind::python) {
      ctx.out << "-- migrate:upgrade" << (s.upgrade.transactional ? "" : " transaction:false") << "\n"
              << s.upgrade.body << (s.upgrade.body.empty() || s.upgrade.body.back() == '\n' ? "" : "\n")
              << "-- migrate:downgrade" << (s.downgrade.transactional ? "" : " transaction:false") << "\n"
              << s.downgrade.body << (s.downgrade.body.empty() || s.downgrade.body.back() == '\n' ? "" : "\n")
              << "\n";
    }
  }
  return 0;
}

int cmd_current(Context& ctx) {
  no_arguments(ctx, "current");
  const Project project = ctx.project();
  const RunOptions options = ctx.run_options(nullptr);
  const auto rows = current_rows(project, options);
  const auto& map = project.map();
  for (const auto& r : rows) {
    if (!map.find(r)) {
      throw RevisionError("Can't locate revision identified by '" + r +
                          "' (the version table holds it, but no migration file defines it); restore "
                          "the missing file, or repair the table with 'db stamp'");
    }
  }
  if (ctx.flag("check-heads")) {
    auto a = rows;
    auto b = map.heads();
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    if (a != b) {
      throw CommandError("Database is not on all head revisions");
    }
  }
  if (ctx.json_output()) {
    ctx.out << json{{"rows", rows}, {"current", revisions_json(map, map.current_tips(rows))}}.dump(2) << "\n";
    return 0;
  }
  if (ctx.flag("verbose")) {
    ctx.out << "Current revision(s) for " << mask_url(options.url.empty() ? project.config().url : options.url)
            << ":\n";
  }
  ctx.out << format::current(map, rows, ctx.flag("verbose"), details_of(project));
  return 0;
}

int cmd_upgrade(Context& ctx) {
  const std::string target = single_target(ctx, "target revision");
  const Project project = ctx.project();
  PrintingObserver observer(ctx.err, ctx.quiet());
  if (ctx.flag("sql")) {
    return print_run(ctx, upgrade_sql(project, target, ctx.run_options(&observer)));
  }
  return print_run(ctx, upgrade(project, target, ctx.run_options(&observer)));
}

int cmd_push(Context& ctx) {
  if (!ctx.args.empty()) {
    throw UsageError("push takes no target; use 'db upgrade <target>' to stop earlier");
  }
  const Project project = ctx.project();
  const auto heads = project.map().heads();
  if (heads.size() > 1) {
    std::string list;
    for (const auto& h : heads) {
      list += (list.empty() ? "" : ", ") + h;
    }
    ctx.err << "db: warning: there are " << heads.size() << " heads (" << list
            << "); all of them will be applied. Join them with 'db merge heads -m \"merge\"'\n";
  }
  PrintingObserver observer(ctx.err, ctx.quiet());
  if (ctx.flag("sql")) {
    return print_run(ctx, upgrade_sql(project, "heads", ctx.run_options(&observer)));
  }
  return print_run(ctx, upgrade(project, "heads", ctx.run_options(&observer)));
}

int cmd_downgrade(Context& ctx) {
  const std::string target = single_target(ctx, "target revision");
  const Project project = ctx.project();
  PrintingObserver observer(ctx.err, ctx.quiet());
  if (ctx.flag("sql")) {
    return print_run(ctx, downgrade_sql(project, target, ctx.run_options(&observer)));
  }
  return print_run(ctx, downgrade(project, target, ctx.run_options(&observer)));
}

int cmd_stamp(Context& ctx) {
  if (ctx.args.empty()) {
    throw UsageError("expected one or more revisions to stamp, e.g. db stamp head");
  }
  const Project project = ctx.project();
  PrintingObserver observer(ctx.err, ctx.quiet());
  if (ctx.flag("sql")) {
    if (ctx.flag("purge")) {
      throw CommandError("Can't use --purge with --sql mode");
    }
    return print_run(ctx, stamp_sql(project, ctx.args, ctx.run_options(&observer)));
  }
  return print_run(ctx, stamp(project, ctx.args, ctx.flag("purge"), ctx.run_options(&observer)));
}

int cmd_status(Context& ctx) {
  no_arguments(ctx, "status");
  const Project project = ctx.project();
  const Status s = status(project, ctx.run_options(nullptr));
  if (ctx.json_output()) {
    json pending = json::array();
    for (const auto& p : s.pending) {
      pending.push_back(step_json(p));
    }
    ctx.out << json{{"rows", s.rows}, {"current", s.current}, {"heads", s.heads},
                    {"pending", pending}, {"unknown_rows", s.unknown_rows}}
                   .dump(2)
            << "\n";
    return 0;
  }
  const auto list = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) {
      out += (out.empty() ? "" : ", ") + x;
    }
    return out.empty() ? std::string("(none)") : out;
  };
  ctx.out << "Current revision(s): " << list(s.current) << "\n";
  ctx.out << "Head revision(s):    " << list(s.heads) << "\n";
  for (const auto& u : s.unknown_rows) {
    ctx.err << "db: warning: the version table holds '" << u
            << "', which no migration file defines; restore the file or repair the table with 'db stamp'\n";
  }
  if (!s.unknown_rows.empty()) {
    return 0;
  }
  if (s.pending.empty()) {
    ctx.out << "Up to date: nothing to apply.\n";
  } else {
    ctx.out << s.pending.size() << " pending migration(s), in the order 'db push' would run them:\n";
    for (const auto& p : s.pending) {
      ctx.out << "  " << p.describe() << "\n";
    }
  }
  return 0;
}

int cmd_reset(Context& ctx) {
  no_arguments(ctx, "reset");
  const Project project = ctx.project();
  const RunOptions options = ctx.run_options(nullptr);
  if (!ctx.flag("yes")) {
    if (!isatty(STDIN_FILENO)) {
      throw CommandError(
          "reset drops every object in the database; refusing without --yes because standard input "
          "is not a terminal");
    }
    const std::string name = database_name(project, options);
    ctx.err << "This drops every table, view, sequence and type in database '" << name
            << "', then applies every migration again.\nType the database name to continue: ";
    std::string answer;
    std::getline(std::cin, answer);
    if (answer != name) {
      throw CommandError("reset cancelled: the name typed does not match '" + name + "'; nothing was changed");
    }
  }
  PrintingObserver observer(ctx.err, ctx.quiet());
  return print_run(ctx, reset(project, ctx.run_options(&observer)));
}

// ---------------------------------------------------------------------------
// The command table

void add_revision_options(po::options_description& d) {
  d.add_options()("message,m", po::value<std::string>(), "the revision's message")(
      "head", po::value<std::vector<std::string>>(), "base the revision on this head (default: head)")(
      "splice", po::bool_switch(), "allow a --head that is not a head (starts a new branch)")(
      "branch-label", po::value<std::vector<std::string>>(), "label the new revision's branch")(
      "depends-on", po::value<std::vector<std::string>>(), "a revision this one depends on")(
      "rev-id", po::value<std::string>(), "use this id instead of a random one")(
      "version-path", po::value<std::string>(), "the version folder to write into")(
      "autogenerate", po::bool_switch(), "fill the migration from the diff of the declared schema")(
      "cpp", po::bool_switch(), "write a C++ code migration (.cpp) instead of SQL")(
      "sql", po::bool_switch(), "not meaningful for revision; refused as in Alembic");
}

void add_verbose(po::options_description& d) {
  d.add_options()("verbose,v", po::bool_switch(), "show the full details of each revision");
}

void add_sql(po::options_description& d) {
  d.add_options()("sql", po::bool_switch(), "print the SQL instead of running it ([start:]end ranges)")(
      "tag", po::value<std::string>(), "accepted for Alembic compatibility; unused");
}

const std::vector<Command>& commands() {
  static const std::vector<Command> table = {
      {"init", "create alembic.toml, versions/, templates/ and schema/", "[--template generic] [DIR]",
       [](po::options_description& d) {
         d.add_options()("template,t", po::value<std::string>(), "the layout (only 'generic'; see list_templates)");
       },
       cmd_init},
      {"revision", "write a new, empty migration", "-m MESSAGE [options]", add_revision_options, cmd_revision},
      {"generate", "write a new migration named NAME (= revision -m NAME)", "NAME", add_revision_options,
       cmd_generate},
      {"merge", "write a revision that merges REVISIONS (default: all heads)", "-m MESSAGE [REVISIONS...]",
       add_revision_options, cmd_merge},
      {"heads", "show the head revisions", "[-v] [--resolve-dependencies]",
       [](po::options_description& d) {
         add_verbose(d);
         d.add_options()("resolve-dependencies", po::bool_switch(), "only heads nothing depends on");
       },
       cmd_heads},
      {"branches", "show branch points", "[-v]", add_verbose, cmd_branches},
      {"history", "list revisions, newest first", "[-r START:END] [-v] [-i]",
       [](po::options_description& d) {
         add_verbose(d);
         d.add_options()("rev-range,r", po::value<std::string>(), "a range, e.g. ae10:, :head, -3:current")(
             "indicate-current,i", po::bool_switch(), "mark the database's current revisions");
       },
       cmd_history},
      {"show", "show revisions with their SQL", "REVISION...", {}, cmd_show},
      {"current", "show the database's current revisions", "[-v] [--check-heads]",
       [](po::options_description& d) {
         add_verbose(d);
         d.add_options()("check-heads", po::bool_switch(), "fail unless the database is at every head");
       },
       cmd_current},
      {"upgrade", "apply migrations up to TARGET", "TARGET [--sql]", add_sql, cmd_upgrade},
      {"push", "apply everything pending (= upgrade heads)", "[--sql]", add_sql, cmd_push},
      {"migrate", "apply everything pending (= push)", "[--sql]", add_sql, cmd_push},
      {"downgrade", "revert migrations down to TARGET (e.g. -1, base)", "TARGET [--sql]", add_sql,
       cmd_downgrade},
      {"stamp", "set the version table without running migrations", "REVISION... [--purge] [--sql]",
       [](po::options_description& d) {
         add_sql(d);
         d.add_options()("purge", po::bool_switch(), "delete every row first");
       },
       cmd_stamp},
      {"status", "current revisions, heads and pending migrations", "", {}, cmd_status},
      {"reset", "drop everything in the database, then push", "[--yes]",
       [](po::options_description& d) {
         d.add_options()("yes", po::bool_switch(), "do not ask for confirmation");
       },
       cmd_reset},
  };
  static const std::vector<Command> all = [] {
    std::vector<Command> out = table;
    for (auto& c : extra_commands()) {
      out.push_back(std::move(c));
    }
    return out;
  }();
  return all;
}

// --version, before or after the command: the version, and nothing run.
int print_version(std::ostream& out) {
  out << "retort " << RETORT_VERSION << "\n";
  return 0;
}

po::options_description global_options() {
  po::options_description d("Global options");
  d.add_options()("config,c", po::value<std::string>(), "the config file (default: ./alembic.toml)")(
      "url", po::value<std::string>(), "the database URL (overrides the config and DATABASE_URL)")(
      "quiet,q", po::bool_switch(), "print nothing but errors")("json", po::bool_switch(),
                                                                 "machine-readable output")(
      "lock-timeout", po::value<long>(), "give up waiting for another run's lock after MS milliseconds")(
      "x,x", po::value<std::vector<std::string>>(), "KEY=VALUE for code migrations (ctx.arg), repeatable")(
      "help,h", po::bool_switch(), "show help")("version", po::bool_switch(), "print retort's version");
  return d;
}

void print_help(std::ostream& out) {
  out << "usage: db [global options] COMMAND [options]\n\nretort: Alembic-compatible database migrations.\n\n"
         "Commands:\n";
  std::size_t width = 0;
  for (const auto& c : commands()) {
    width = std::max(width, c.name.size());
  }
  for (const auto& c : commands()) {
    out << "  " << c.name << std::string(width + 2 - c.name.size(), ' ') << c.summary << "\n";
  }
  out << "\n" << global_options() << "\nRun 'db COMMAND --help' for a command's options.\n";
}

const Command* find_command(const std::string& name) {
  for (const auto& c : commands()) {
    if (c.name == name) {
      return &c;
    }
  }
  return nullptr;
}

// Edit distance counting a swap of two neighbours as one edit ("hedas").
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) {
    d[i][0] = i;
  }
  for (std::size_t j = 0; j <= b.size(); ++j) {
    d[0][j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// The command `name` was probably meant to be: a prefix of exactly one
// command, else the nearest within two edits.
std::string closest_command(const std::string& name) {
  std::vector<std::string> prefixed;
  for (const auto& c : commands()) {
    if (!name.empty() && c.name.rfind(name, 0) == 0) {
      prefixed.push_back(c.name);
    }
  }
  if (prefixed.size() == 1) {
    return prefixed.front();
  }
  std::string best;
  std::size_t best_score = std::min<std::size_t>(3, std::max<std::size_t>(1, name.size() / 2 + 1));
  for (const auto& c : commands()) {
    const std::size_t score = edit_distance(name, c.name);
    if (score < best_score) {
      best_score = score;
      best = c.name;
    }
  }
  return best;
}

}  // namespace

int run(const std::vector<std::string>& raw_args, std::ostream& out, std::ostream& err) {
  static const std::regex negative(R"(^-[0-9])");
  std::vector<std::string> args;
  for (const auto& a : raw_args) {
    args.push_back(std::regex_search(a, negative) ? std::string(1, k_negative_mark) + a : a);
  }
  // The command is the first word that is neither an option nor an
  // option's value.
  std::size_t command_at = args.size();
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-c" || a == "--config" || a == "--url" || a == "--lock-timeout") {
      ++i;
      continue;
    }
    if (!a.empty() && a.front() == '-') {
      continue;
    }
    command_at = i;
    break;
  }
  try {
    if (command_at == args.size()) {
      po::variables_map vm;
      po::store(po::command_line_parser(args).options(global_options()).run(), vm);
      // --help is a bool_switch: always stored, so look at its value.
      if (vm["version"].as<bool>()) {
        return print_version(out);
      }
      const bool help = vm.count("help") && vm["help"].as<bool>();
      print_help(help ? out : err);
      return help ? 0 : 2;
    }
    const std::string name = args[command_at];
    const Command* command = name == "help" ? nullptr : find_command(name);
    if (name == "help") {
      print_help(out);
      return 0;
    }
    if (!command) {
      const std::string hint = closest_command(name);
      throw UsageError("unknown command '" + name + "'" + (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
    }
    std::vector<std::string> rest(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(command_at));
    rest.insert(rest.end(), args.begin() + static_cast<std::ptrdiff_t>(command_at) + 1, args.end());
    po::options_description specific(command->name + " options");
    if (command->add_options) {
      command->add_options(specific);
    }
    po::options_description all;
    all.add(global_options()).add(specific);
    all.add_options()("args", po::value<std::vector<std::string>>(), "");
    po::positional_options_description positional;
    positional.add("args", -1);
    Context ctx{out, err, {}, {}};
    po::store(po::command_line_parser(rest).options(all).positional(positional).run(), ctx.vm);
    po::notify(ctx.vm);
    if (ctx.flag("version")) {
      return print_version(out);
    }
    if (ctx.flag("help")) {
      out << "usage: db " << command->name << " " << command->usage << "\n\n" << command->summary << "\n\n";
      if (command->add_options) {
        out << specific << "\n";
      }
      out << global_options();
      return 0;
    }
    ctx.args = ctx.list("args");
    return command->handler(ctx);
  } catch (const po::error& e) {
    err << "db: error: " << e.what() << "\nRun 'db --help' for usage.\n";
    return 2;
  } catch (const UsageError& e) {
    err << "db: error: " << e.what() << "\nRun 'db --help' for usage.\n";
    return 2;
  } catch (const Error& e) {
    err << "db: error: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    err << "db: error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace retort::cli
