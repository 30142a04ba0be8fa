// Upgrade, downgrade, stamp and history plans, and the version-table rows
// after every step (Alembic's head-maintenance rules), as pure functions.

#include <retort/plan.hpp>

#include <algorithm>
#include <functional>

#include "graph/map_impl.hpp"
#include "util/strings.hpp"

namespace retort {

namespace {

const char* const k_fix_hint =
    "; the version table does not match the migration files: inspect it with 'db current' and "
    "repair it with 'db stamp'";

// The version rows as the table would hold them, in the order it returns
// them (an INSERT appends, an UPDATE keeps its place). Every change that
// Alembic's bookkeeping could not make is refused here, before anything runs.
class Rows {
 public:
  explicit Rows(std::vector<std::string> rows) : m_rows(std::move(rows)) {}
  bool has(const std::string& r) const {
    return std::find(m_rows.begin(), m_rows.end(), r) != m_rows.end();
  }
  const std::vector<std::string>& list() const { return m_rows; }

  void insert(const std::string& r, Step& step) {
    if (has(r)) {
      fail(step, "insert '" + r + "', which it already holds");
    }
    m_rows.push_back(r);
    step.changes.push_back(VersionChange::insert(r));
  }
  void remove(const std::string& r, Step& step) {
    auto it = std::find(m_rows.begin(), m_rows.end(), r);
    if (it == m_rows.end()) {
      fail(step, "delete '" + r + "', which it does not hold");
    }
    m_rows.erase(it);
    step.changes.push_back(VersionChange::remove(r));
  }
  void update(const std::string& from, const std::string& to, Step& step) {
    auto it = std::find(m_rows.begin(), m_rows.end(), from);
    if (it == m_rows.end()) {
      fail(step, "update '" + from + "' to '" + to + "', but it does not hold '" + from + "'");
    }
    if (from != to && has(to)) {
      fail(step, "update '" + from + "' to '" + to + "', which it already holds");
    }
    *it = to;
    step.changes.push_back(VersionChange::update(from, to));
  }

 private:
  [[noreturn]] static void fail(const Step& step, const std::string& what) {
    throw RevisionError("cannot plan '" + step.describe(false) + "': the version table would have to " +
                        what + k_fix_hint);
  }
  std::vector<std::string> m_rows;
};

std::vector<std::string> minus_ancestors_of(const RevisionMap::Impl& map, const IdxList& candidates,
                                            const IdxList& others) {
  std::vector<std::string> out;
  for (Idx c : candidates) {
    if (!map.reaches(others, c)) {
      out.push_back(map.id(c));
    }
  }
  return out;
}

IdxList exact_rows(const RevisionMap::Impl& map, const std::vector<std::string>& rows) {
  IdxList out;
  for (const auto& r : rows) {
    if (auto i = map.exact(r)) {
      out.push_back(*i);
    }
  }
  return out;
}

// The parents a downgrade of `rev` returns to, given rows `h`.
std::vector<std::string> unmerge_targets(const RevisionMap::Impl& map, Idx rev, const Rows& h) {
  const Node& n = map.node(rev);
  std::vector<std::string> others;
  for (const auto& r : h.list()) {
    if (r != map.id(rev)) {
      others.push_back(r);
    }
  }
  if (!others.empty()) {
    return minus_ancestors_of(map, n.norm_parents(), exact_rows(map, others));
  }
  // Nothing else remains: every parent becomes a row again. (Alembic 1.13.1
  // drops a parent that is an ancestor of another parent here; the 1.8.1
  // behaviour is kept because it is what the recorded oracle shows, and a
  // database it leaves behind must be read the same way by both tools.)
  return map.ids_of(n.norm_parents());
}

Step migration_step(const RevisionMap::Impl& map, Idx rev, Direction direction) {
  Step step;
  step.direction = direction;
  step.revision = map.id(rev);
  step.doc = map.rev(rev).doc();
  if (direction == Direction::up) {
    step.from_ids = map.rev(rev).down_revisions;
    step.to_ids = {map.id(rev)};
  } else {
    step.from_ids = {map.id(rev)};
    step.to_ids = map.rev(rev).down_revisions;
  }
  return step;
}

void apply_upgrade(const RevisionMap::Impl& map, Idx rev, Rows& rows, Step& step) {
  const Node& n = map.node(rev);
  const std::string& id = map.id(rev);
  std::vector<std::string> present;
  for (Idx p : n.norm_parents()) {
    if (rows.has(map.id(p))) {
      present.push_back(map.id(p));
    }
  }
  if (n.norm_parents().empty() || present.empty()) {
    rows.insert(id, step);  // a new branch
    return;
  }
  if (n.norm_parents().size() > 1 && present.size() > 1) {
    // A merge: the parents not implied by other rows collapse into one.
    IdxList others;
    for (const auto& r : rows.list()) {
      auto i = map.exact(r);
      if (i && std::find(n.norm_parents().begin(), n.norm_parents().end(), *i) == n.norm_parents().end()) {
        others.push_back(*i);
      }
    }
    std::vector<std::string> merged =
        others.empty() ? map.ids_of(n.norm_parents()) : minus_ancestors_of(map, n.norm_parents(), others);
    if (merged.empty()) {
      throw RevisionError("cannot plan '" + step.describe(false) +
                          "': none of its parents is left to merge" + k_fix_hint);
    }
    // Update the row that comes first in the table, delete the others.
    std::string keep;
    for (const auto& r : rows.list()) {
      if (std::find(merged.begin(), merged.end(), r) != merged.end()) {
        keep = r;
        break;
      }
    }
    for (const auto& m : merged) {
      if (m != keep) {
        rows.remove(m, step);
      }
    }
    if (keep.empty()) {
      rows.remove(merged.front(), step);  // fails with the precise message
    }
    rows.update(keep, id, step);
    return;
  }
  if (present.size() != 1) {
    throw RevisionError("cannot plan '" + step.describe(false) + "': its parent row is ambiguous" +
                        k_fix_hint);
  }
  rows.update(present.front(), id, step);
}

void apply_downgrade(const RevisionMap::Impl& map, Idx rev, Rows& rows, Step& step) {
  const Node& n = map.node(rev);
  const std::string& id = map.id(rev);
  if (rows.has(id)) {
    if (n.norm_parents().empty()) {
      rows.remove(id, step);
      return;
    }
    const std::vector<std::string> targets = unmerge_targets(map, rev, rows);
    if (targets.empty()) {
      rows.remove(id, step);  // its parent stays implied by another row
      return;
    }
    if (n.norm_parents().size() > 1) {
      rows.update(id, targets.front(), step);
      for (std::size_t i = 1; i < targets.size(); ++i) {
        rows.insert(targets[i], step);
      }
      return;
    }
  }
  if (n.norm_parents().size() != 1) {
    rows.remove(id, step);  // fails: the row is not there to unmerge
  }
  rows.update(id, map.id(n.norm_parents().front()), step);
}

// Alembic's CLI wraps revision errors per command; retort keeps Alembic's
// leading text and adds the precise reason.
struct ErrorContext {
  std::string ancestor;        // message for RangeNotAncestorError
  std::string multiple_heads;  // message for MultipleHeadsError ("" = default)
  std::string head_arg;        // the argument named in the default message
};

template <class Fn>
auto translate_errors(const RevisionMap& map, const ErrorContext& ctx, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const RangeNotAncestorError&) {
    throw RevisionError(ctx.ancestor);
  } catch (const MultipleHeadsError& e) {
    if (!ctx.multiple_heads.empty()) {
      throw RevisionError(ctx.multiple_heads);
    }
    const std::string arg = ctx.head_arg.empty() ? e.argument() : ctx.head_arg;
    throw RevisionError("Multiple head revisions are present for given argument '" + arg +
                        "'; please specify a specific target revision, '<branchname>@" + arg +
                        "' to narrow to a specific head, or 'heads' for all heads");
  } catch (const ResolutionError& e) {
    std::string message = "Can't locate revision identified by '" + e.argument() + "' (" + e.what() + ")";
    if (std::string(e.what()).rfind("No such", 0) == 0) {
      const auto hints = map.suggestions(e.argument());
      if (!hints.empty()) {
        message += "; did you mean '" + util::join(hints, "', '") + "'?";
      }
    }
    throw ResolutionError(message, e.argument());
  }
}

void check_rows_known(const RevisionMap& map, const std::vector<std::string>& rows) {
  for (const auto& r : rows) {
    if (!map.find(r)) {
      auto hints = map.suggestions(r);
      throw ResolutionError("Can't locate revision identified by '" + r +
                                "' (the version table holds it, but no migration file defines it" +
                                (hints.empty() ? std::string{} : "; did you mean '" + util::join(hints, "', '") + "'?") +
                                "); restore the missing file, or repair the table with 'db stamp'",
                            r);
    }
  }
}

void check_no_duplicates(const RevisionMap& map) {
  if (!map.duplicate_ids().empty()) {
    throw RevisionError("revision id '" + map.duplicate_ids().front() +
                        "' is defined by more than one migration file; give one of them a new id");
  }
}

Plan simulate(const RevisionMap::Impl& map, const std::vector<std::string>& rows_before,
              const IdxList& order, Direction direction) {
  Plan plan;
  plan.rows_before = rows_before;
  Rows rows(rows_before);
  for (Idx rev : order) {
    Step step = migration_step(map, rev, direction);
    if (direction == Direction::up) {
      apply_upgrade(map, rev, rows, step);
    } else {
      apply_downgrade(map, rev, rows, step);
    }
    step.rows_after = rows.list();
    plan.steps.push_back(std::move(step));
  }
  plan.rows_after = rows.list();
  return plan;
}

}  // namespace

std::string Step::describe(bool with_doc) const {
  const std::string from = util::join(from_ids, ", ");
  const std::string to = util::join(to_ids, ", ");
  std::string text;
  if (stamp) {
    text = "stamp_revision " + from + " -> " + to;
  } else {
    text = std::string(direction == Direction::up ? "upgrade " : "downgrade ") + from + " -> " + to;
    if (with_doc && !doc.empty()) {
      text += ", " + doc;
    }
  }
  return text;
}

Plan plan_upgrade(const RevisionMap& map, const std::vector<std::string>& rows,
                  std::string_view target) {
  const auto& impl = map.impl();
  const ErrorContext ctx{"Destination " + std::string(target) +
                             " is not a valid upgrade target from current head(s)",
                         "", std::string(target)};
  return translate_errors(map, ctx, [&] {
    check_no_duplicates(map);
    check_rows_known(map, rows);
    const auto collected = impl.collect_upgrade(Spec::of_text(target), Spec::of_ids(rows), false, true, true);
    IdxList order = impl.topological_sort(collected.set, collected.starts);
    std::reverse(order.begin(), order.end());
    return simulate(impl, rows, order, Direction::up);
  });
}

Plan plan_downgrade(const RevisionMap& map, const std::vector<std::string>& rows,
                    std::string_view target) {
  const auto& impl = map.impl();
  const ErrorContext ctx{"Destination " + std::string(target) +
                             " is not a valid downgrade target from current head(s)",
                         "", std::string(target)};
  return translate_errors(map, ctx, [&] {
    check_no_duplicates(map);
    check_rows_known(map, rows);
    std::vector<std::string> warnings;
    const auto collected =
        impl.collect_downgrade(Spec::of_ids(rows), Spec::of_text(target), false, true, &warnings);
    const IdxList order = impl.topological_sort(collected.set, collected.starts);
    Plan plan = simulate(impl, rows, order, Direction::down);
    plan.warnings = std::move(warnings);
    return plan;
  });
}

Plan plan_stamp(const RevisionMap& map, const std::vector<std::string>& rows_in,
                const std::vector<std::string>& targets_in, bool purge) {
  const auto& impl = map.impl();
  const ErrorContext ctx{"", "Multiple heads are present; please specify a single target revision", ""};
  return translate_errors(map, ctx, [&] {
    check_no_duplicates(map);
    const std::vector<std::string> rows = purge ? std::vector<std::string>{} : rows_in;
    check_rows_known(map, rows);
    const IdxList current = impl.get_revisions(Spec::of_ids(rows));
    std::vector<std::string> targets = targets_in;
    if (targets.empty()) {
      targets = {"base"};
    }
    // The rows related to any destination, worked out once up front.
    IdxList relevant;
    for (const auto& t : targets) {
      if (t.empty()) {
        continue;
      }
      for (Idx r : impl.filter_for_lineage(current, t, true)) {
        if (std::find(relevant.begin(), relevant.end(), r) == relevant.end()) {
          relevant.push_back(r);
        }
      }
    }
    IdxList dests = impl.get_revisions(Spec::of_ids(targets));
    if (dests.empty()) {
      dests.push_back(k_none);
    }
    Plan plan;
    plan.rows_before = rows_in;
    Rows state(rows);
    const auto add = [&](std::vector<std::string> from, std::vector<std::string> to, Direction dir,
                         bool branch_move) {
      Step step;
      step.stamp = true;
      step.direction = dir;
      step.from_ids = std::move(from);
      step.to_ids = std::move(to);
      // Alembic's stamp bookkeeping, in its order of precedence.
      const bool some_from_missing = std::any_of(step.from_ids.begin(), step.from_ids.end(),
                                                 [&](const auto& f) { return !state.has(f); });
      const bool some_to_missing = std::any_of(step.to_ids.begin(), step.to_ids.end(),
                                               [&](const auto& t) { return !state.has(t); });
      if (dir == Direction::down && branch_move) {
        state.remove(step.from_ids.front(), step);
      } else if (dir == Direction::up && (branch_move || some_from_missing) && some_to_missing) {
        state.insert(step.to_ids.front(), step);
      } else if (step.from_ids.size() > 1) {
        for (std::size_t i = 0; i + 1 < step.from_ids.size(); ++i) {
          state.remove(step.from_ids[i], step);
        }
        state.update(step.from_ids.back(), step.to_ids.front(), step);
      } else if (step.from_ids.size() == 1 && step.to_ids.size() == 1) {
        state.update(step.from_ids.front(), step.to_ids.front(), step);
      } else {
        throw RevisionError("cannot plan '" + step.describe(false) + "'" + k_fix_hint);
      }
      step.rows_after = state.list();
      plan.steps.push_back(std::move(step));
    };
    for (Idx dest : dests) {
      if (dest < 0) {
        for (Idx r : relevant) {
          add({impl.id(r)}, {}, Direction::down, true);
        }
        continue;
      }
      if (std::find(relevant.begin(), relevant.end(), dest) != relevant.end()) {
        continue;  // already there
      }
      const IdxSet above = impl.descendants({dest});
      const IdxSet below = impl.ancestors({dest});
      const bool has_above = std::any_of(relevant.begin(), relevant.end(), [&](Idx r) { return above.contains(r); });
      const bool has_below = std::any_of(relevant.begin(), relevant.end(), [&](Idx r) { return below.contains(r); });
      if (has_above) {
        if (has_below) {
          throw RevisionError("cannot stamp " + impl.id(dest) +
                              ": the current revisions lie both above and below it; stamp the "
                              "branches one at a time, or use --purge");
        }
        add(impl.ids_of(relevant), {impl.id(dest)}, Direction::down, false);
      } else if (has_below) {
        add(impl.ids_of(relevant), {impl.id(dest)}, Direction::up, false);
      } else {
        add({}, {impl.id(dest)}, Direction::up, true);
      }
    }
    plan.rows_after = state.list();
    return plan;
  });
}

Range parse_history_range(std::string_view text) {
  const auto first = text.find(':');
  if (first == std::string_view::npos) {
    throw CommandError("History range requires [start]:[end], [start]:, or :[end]");
  }
  if (text.find(':', first + 1) != std::string_view::npos) {
    throw CommandError("a range takes exactly one ':' ([start]:[end]); got '" + std::string(text) + "'");
  }
  const std::string stripped = util::strip(text);
  const auto colon = stripped.find(':');
  return {stripped.substr(0, colon), stripped.substr(colon + 1)};
}

std::vector<std::string> resolve_revisions(const RevisionMap& map, std::string_view target) {
  return translate_errors(map, ErrorContext{}, [&] { return map.resolve(target); });
}

std::vector<std::string> history(const RevisionMap& map, std::string_view lower_in,
                                 std::string_view upper_in, const std::vector<std::string>& rows) {
  const auto& impl = map.impl();
  const std::string lower = lower_in.empty() ? "base" : std::string(lower_in);
  const std::string upper = upper_in.empty() ? "heads" : std::string(upper_in);
  const ErrorContext ctx{"Requested range " + lower + ":" + upper +
                             " does not refer to ancestor/descendant revisions along the same branch",
                         "", upper};
  return translate_errors(map, ctx, [&] {
    const auto spec_for = [&](const std::string& text, const char* empty_meaning) {
      if (text == "current") {
        return rows.empty() ? Spec::of_text(empty_meaning) : Spec::of_ids(rows);
      }
      return Spec::of_text(text);
    };
    const auto collected =
        impl.collect_upgrade(spec_for(upper, "heads"), spec_for(lower, "base"), true, false, false);
    return impl.ids_of(impl.topological_sort(collected.set, collected.starts));
  });
}

}  // namespace retort
