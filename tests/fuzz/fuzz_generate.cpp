// The list of edits, and generate_pair (see schema_fuzz.hpp).

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_gen.hpp"
#include "fuzz/schema_fuzz.hpp"

namespace retort::test::fuzz {
namespace detail {

const std::vector<Gen::EditKind>& Gen::edits() {
  static const std::vector<EditKind> all = {
      {"schema.add", &Gen::e_schema_add, 3, 2},
      {"schema.drop", &Gen::e_schema_drop, 0, 1},
      {"enum.add", &Gen::e_enum_add, 5, 2},
      {"enum.drop", &Gen::e_enum_drop, 0, 2},
      {"enum.add_value", &Gen::e_enum_add_value, 0, 3},
      {"enum.remove_value", &Gen::e_enum_remove_value, 0, 3},
      {"enum.reorder", &Gen::e_enum_reorder, 0, 2},
      {"domain.add", &Gen::e_domain_add, 4, 2},
      {"domain.drop", &Gen::e_domain_drop, 0, 1},
      {"domain.default", &Gen::e_domain_default, 0, 2},
      {"domain.not_null", &Gen::e_domain_not_null, 0, 2},
      {"domain.check", &Gen::e_domain_check, 0, 2},
      {"domain.retype", &Gen::e_domain_retype, 0, 2},
      {"range.add", &Gen::e_range_add, 2, 1},
      {"range.drop", &Gen::e_range_drop, 0, 1},
      {"range.change", &Gen::e_range_change, 0, 2},
      {"composite.add", &Gen::e_composite_add, 3, 1},
      {"composite.drop", &Gen::e_composite_drop, 0, 1},
      {"composite.add_attr", &Gen::e_composite_add_attr, 0, 2},
      {"composite.drop_attr", &Gen::e_composite_drop_attr, 0, 2},
      {"composite.retype_attr", &Gen::e_composite_retype_attr, 0, 2},
      {"composite.reorder", &Gen::e_composite_reorder, 0, 1},
      {"sequence.add", &Gen::e_sequence_add, 3, 1},
      {"sequence.drop", &Gen::e_sequence_drop, 0, 1},
      {"sequence.options", &Gen::e_sequence_options, 0, 2},
      {"sequence.owned_by", &Gen::e_sequence_owned_by, 1, 1},
      {"function.add", &Gen::e_function_add, 6, 2},
      {"function.drop", &Gen::e_function_drop, 0, 2},
      {"function.body", &Gen::e_function_body, 0, 2},
      {"function.options", &Gen::e_function_options, 0, 2},
      {"function.result_type", &Gen::e_function_result_type, 0, 2},
      {"function.rename_arg", &Gen::e_function_rename_arg, 0, 1},
      {"aggregate.add", &Gen::e_aggregate_add, 2, 1},
      {"aggregate.drop", &Gen::e_aggregate_drop, 0, 1},
      {"aggregate.change", &Gen::e_aggregate_change, 0, 1},
      {"aggregate.result_type", &Gen::e_aggregate_result_type, 0, 1},
      {"table.add", &Gen::e_table_add, 6, 3},
      {"table.drop", &Gen::e_table_drop, 0, 2},
      {"table.unlogged", &Gen::e_table_unlogged, 0, 2},
      {"table.options", &Gen::e_table_options, 1, 2},
      {"table.comment", &Gen::e_table_comment, 1, 1},
      {"table.rls", &Gen::e_table_rls, 1, 1},
      {"column.add", &Gen::e_column_add, 4, 6},
      {"column.drop", &Gen::e_column_drop, 0, 5},
      {"column.retype", &Gen::e_column_retype, 0, 6},
      {"column.not_null", &Gen::e_column_not_null, 0, 4},
      {"column.default", &Gen::e_column_default, 1, 4},
      {"column.identity", &Gen::e_column_identity, 1, 3},
      {"column.serial", &Gen::e_column_serial, 1, 2},
      {"column.generated", &Gen::e_column_generated, 1, 3},
      {"column.collation", &Gen::e_column_collation, 0, 1},
      {"column.comment", &Gen::e_column_comment, 1, 1},
      {"pk.add", &Gen::e_pk_add, 2, 3},
      {"pk.drop", &Gen::e_pk_drop, 0, 2},
      {"unique.add", &Gen::e_unique_add, 2, 3},
      {"unique.drop", &Gen::e_unique_drop, 0, 2},
      {"check.add", &Gen::e_check_add, 2, 3},
      {"check.drop", &Gen::e_check_drop, 0, 2},
      {"check.change", &Gen::e_check_change, 0, 2},
      {"fk.add", &Gen::e_fk_add, 3, 3},
      {"fk.drop", &Gen::e_fk_drop, 0, 2},
      {"fk.change", &Gen::e_fk_change, 0, 2},
      {"fk.retype", &Gen::e_fk_retype, 0, 3},  // only with the "fk_retype" feature
      {"exclusion.add", &Gen::e_exclusion_add, 1, 2},
      {"exclusion.drop", &Gen::e_exclusion_drop, 0, 1},
      {"index.add", &Gen::e_index_add, 4, 4},
      {"index.drop", &Gen::e_index_drop, 0, 2},
      {"index.change", &Gen::e_index_change, 0, 2},
      {"policy.add", &Gen::e_policy_add, 1, 2},
      {"policy.drop", &Gen::e_policy_drop, 0, 1},
      {"policy.change", &Gen::e_policy_change, 0, 1},
      {"trigger.add", &Gen::e_trigger_add, 2, 2},
      {"trigger.drop", &Gen::e_trigger_drop, 0, 1},
      {"trigger.change", &Gen::e_trigger_change, 0, 1},
      {"trigger.enabled", &Gen::e_trigger_enabled, 0, 1},
      {"rule.add", &Gen::e_rule_add, 1, 1},
      {"rule.drop", &Gen::e_rule_drop, 0, 1},
      {"rule.change", &Gen::e_rule_change, 0, 1},
      {"partitioned.add", &Gen::e_partitioned_add, 2, 1},
      {"partition.add", &Gen::e_partition_add, 1, 2},
      {"partition.drop", &Gen::e_partition_drop, 0, 2},
      {"partition.bound", &Gen::e_partition_bound, 0, 2},
      {"partition.local", &Gen::e_partition_local, 0, 1},
      {"view.add", &Gen::e_view_add, 4, 2},
      {"view.drop", &Gen::e_view_drop, 0, 1},
      {"view.change", &Gen::e_view_change, 0, 2},
      {"view.options", &Gen::e_view_options, 0, 1},
      {"view.materialize", &Gen::e_view_materialize, 0, 1},
      {"view.comment", &Gen::e_view_comment, 0, 1},
      {"view.index", &Gen::e_view_index, 1, 1},
      {"view.trigger", &Gen::e_view_trigger, 1, 1},
      {"view.rule", &Gen::e_view_rule, 1, 1},
  };
  return all;
}

bool Gen::apply_random(bool grow, std::string& what) {
  // Edits of features left out by default are not there at all then (so
  // the fixed seeds keep their pairs).
  const auto available = [&](const EditKind& e) { return on(e.name) && (std::string_view(e.name) != "fk.retype" || extra("fk_retype")); };
  int total = 0;
  for (const auto& e : edits())
    if (available(e)) total += grow ? e.grow_weight : e.change_weight;
  if (total == 0) return false;
  int r = rnd(0, total - 1);
  for (const auto& e : edits()) {
    if (!available(e)) continue;
    r -= grow ? e.grow_weight : e.change_weight;
    if (r < 0) return (this->*e.edit)(what);
  }
  return false;
}

GeneratedPair Gen::run(unsigned seed) {
  GeneratedPair out;
  out.seed = seed;
  const int tables = rnd(2, 4);
  for (int i = 0; i < tables; ++i) {
    std::string w;
    if (on("table.add")) e_table_add(w);
  }
  const int grow = rnd(6, 14);
  for (int i = 0, tries = 0; i < grow && tries < 200; ++tries) {
    std::string w;
    if (apply_random(true, w)) {
      repair(m);
      ++i;
    }
  }
  repair(m);
  for (auto& t : m.tables) {
    if (t.plain() && t.fks.empty() && chance(60)) t.rows = rnd(1, 2);
  }
  const Model a = m;
  const std::string a_schema = render(a, false);
  const int edits_wanted = rnd(m_options.min_edits, m_options.max_edits);
  int done = 0;
  for (int tries = 0; tries < 500 && (done < edits_wanted || render(m, false) == a_schema); ++tries) {
    const Model backup = m;
    std::string w;
    bool ok = apply_random(false, w);
    if (ok) {
      repair(m);
      ok = rows_ok(a, m) && limits_ok(a, m);
    }
    if (!ok) {
      const int counter = m.counter;
      m = backup;
      m.counter = counter;
      continue;
    }
    out.edits.push_back(w);
    ++done;
  }
  out.a = render(a, true);
  out.b = render(m, false);
  std::set<std::string> schemas(a.schemas.begin(), a.schemas.end());
  schemas.insert(m.schemas.begin(), m.schemas.end());
  if (!schemas.empty() || chance(30)) {
    out.schemas.push_back("public");
    out.schemas.insert(out.schemas.end(), schemas.begin(), schemas.end());
  }
  return out;
}

}  // namespace detail

GeneratedPair generate_pair(unsigned seed, const FuzzOptions& options) {
  detail::Gen gen(seed, options);
  return gen.run(seed);
}

}  // namespace retort::test::fuzz
