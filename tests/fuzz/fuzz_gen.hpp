#pragma once
// The random generator: a model it grows (schema A) and then edits (schema
// B). Its parts are random_*() (fuzz_random_columns.cpp,
// fuzz_random_objects.cpp), the edits e_*() (fuzz_edits_*.cpp) and run()
// (fuzz_generate.cpp).

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "fuzz/fuzz_model.hpp"
#include "fuzz/schema_fuzz.hpp"

namespace retort::test::fuzz::detail {

class Gen {
 public:
  Gen(unsigned seed, const FuzzOptions& options) : m_rng(seed), m_options(options) {}

  GeneratedPair run(unsigned seed);

 private:
  std::mt19937 m_rng;
  FuzzOptions m_options;
  Model m;

  // std::mt19937's numbers are the same everywhere; the standard library's
  // distributions and std::shuffle are not, so the pair a seed makes is
  // drawn from the numbers directly.
  int rnd(int lo, int hi) { return lo + static_cast<int>(m_rng() % static_cast<std::uint32_t>(hi - lo + 1)); }

  template <class V>
  void shuffle(V& v) {
    for (std::size_t i = v.size(); i > 1; --i)
      std::swap(v[i - 1], v[static_cast<std::size_t>(rnd(0, static_cast<int>(i) - 1))]);
  }

  bool chance(int percent) { return rnd(0, 99) < percent; }

  template <class V>
  auto& pick(V& v) {
    return v[static_cast<std::size_t>(rnd(0, static_cast<int>(v.size()) - 1))];
  }

  bool on(const std::string& feature) const {
    if (m_options.off.count(feature)) return false;
    const std::string prefix = feature.substr(0, feature.find('.') + 1);
    return prefix.empty() || !m_options.off.count(prefix);
  }

  bool extra(const std::string& feature) const { return m_options.on.count(feature) > 0; }

  std::string fresh(const std::string& prefix) {
    const std::string n = std::to_string(++m.counter);
    if (on("quoted_names") && chance(6)) {
      std::string p = prefix;
      p[0] = static_cast<char>(p[0] - 'a' + 'A');
      return p + " " + n;
    }
    return prefix + n;
  }

  // Whether `schema` has an object (other than an index or constraint) named `name`.
  bool name_taken(const std::string& schema, const std::string& name) const {
    auto in = [&](const auto& v) {
      return std::any_of(v.begin(), v.end(), [&](const auto& o) { return o.schema == schema && o.name == name; });
    };
    return in(m.tables) || in(m.views) || in(m.sequences) || in(m.enums) || in(m.domains) || in(m.composites) ||
           in(m.ranges) || in(m.functions) || in(m.aggregates);
  }

  // A fresh name, or now and then (feature "same_names") the name of an
  // object of the same kind in another schema.
  template <class V>
  std::string name_for(const std::string& schema, const V& objects, const std::string& prefix) {
    if (on("same_names") && chance(25)) {
      std::vector<std::string> c;
      for (const auto& o : objects)
        if (o.schema != schema && !name_taken(schema, o.name)) c.push_back(o.name);
      if (!c.empty()) return pick(c);
    }
    return fresh(prefix);
  }

  std::string pick_schema() {
    if (m.schemas.empty() || chance(70)) return "public";
    return pick(m.schemas);
  }

  template <class P>
  Table* pick_table(P pred) {
    std::vector<Table*> c;
    for (auto& t : m.tables)
      if (pred(t)) c.push_back(&t);
    return c.empty() ? nullptr : pick(c);
  }

  Table* column_table() {
    return pick_table([](const Table& t) { return t.parent.empty(); });
  }

  Table* plain_table() {
    return pick_table([](const Table& t) { return t.plain(); });
  }

  const Function* pick_function(FnKind kind, bool immutable = false) {
    std::vector<const Function*> c;
    for (const auto& f : m.functions)
      if (f.kind == kind && (!immutable || f.volatility == "IMMUTABLE")) c.push_back(&f);
    return c.empty() ? nullptr : pick(c);
  }

  std::vector<const RelCol*> cols_where(const std::vector<RelCol>& cols, Need need, bool allow_generated = true) {
    std::vector<const RelCol*> out;
    for (const auto& c : cols)
      if (satisfies(m, c.type, need) && (allow_generated || !c.generated)) out.push_back(&c);
    return out;
  }

  Type random_scalar_type();
  // A domain or range type of the model, else `otherwise`.
  Type domain_or_range(const Type& otherwise);
  Type random_type(bool user_types);
  std::optional<Expr> random_default(const Type& t);
  std::optional<Expr> random_check(const std::vector<RelCol>& cols);
  std::optional<Expr> random_predicate(const std::vector<RelCol>& cols);
  std::optional<Expr> random_subquery(const std::vector<RelCol>& cols, const std::string& self);
  std::optional<Expr> random_generated(const std::vector<RelCol>& cols, Type& type);
  Column random_column(Table& t, bool user_types);
  std::optional<Index> random_index(const std::vector<RelCol>& cols, bool allow_unique, bool matview);
  std::optional<Trigger> random_trigger(const std::vector<RelCol>& cols, bool view, bool tree);
  std::optional<Rule> random_rule(const Table* t, const std::vector<RelCol>& cols, bool view);
  std::optional<Policy> random_policy(const std::vector<RelCol>& cols, const std::string& self);
  void random_sequence_options(Sequence& s);
  std::optional<Bound> free_bound(const Table& parent, const Table* except);
  std::optional<PartKey> random_part_key(const std::vector<Column>& cols);
  bool add_partition(Table& parent, int depth, std::string& what);
  std::optional<View> random_view();
  Function random_function(FnKind kind);

  // Edits: each changes one object and says what in `what`; false when it
  // does not apply to the model as it is.
  using Edit = bool (Gen::*)(std::string& what);

  struct EditKind {
    const char* name;
    Edit edit;
    int grow_weight;    // while A is built
    int change_weight;  // from A to B
  };

  static const std::vector<EditKind>& edits();

  bool e_schema_add(std::string& w);
  bool e_schema_drop(std::string& w);
  bool e_enum_add(std::string& w);
  bool e_enum_drop(std::string& w);
  bool e_enum_add_value(std::string& w);
  bool e_enum_remove_value(std::string& w);
  bool e_enum_reorder(std::string& w);
  bool e_domain_add(std::string& w);
  bool e_domain_drop(std::string& w);
  bool e_domain_default(std::string& w);
  bool e_domain_not_null(std::string& w);
  bool e_domain_check(std::string& w);
  bool e_domain_retype(std::string& w);
  bool e_range_add(std::string& w);
  bool e_range_drop(std::string& w);
  bool e_range_change(std::string& w);
  bool e_composite_add(std::string& w);
  bool e_composite_drop(std::string& w);
  bool e_composite_add_attr(std::string& w);
  bool e_composite_drop_attr(std::string& w);
  bool e_composite_retype_attr(std::string& w);
  bool e_composite_reorder(std::string& w);
  bool e_sequence_add(std::string& w);
  bool e_sequence_drop(std::string& w);
  bool e_sequence_options(std::string& w);
  bool e_sequence_owned_by(std::string& w);
  bool e_function_add(std::string& w);
  bool e_function_drop(std::string& w);
  bool e_function_body(std::string& w);
  bool e_function_options(std::string& w);
  bool e_function_result_type(std::string& w);
  bool e_function_rename_arg(std::string& w);
  bool e_aggregate_add(std::string& w);
  bool e_aggregate_drop(std::string& w);
  bool e_aggregate_change(std::string& w);
  bool e_aggregate_result_type(std::string& w);
  bool e_table_add(std::string& w);
  bool e_table_drop(std::string& w);
  bool e_table_unlogged(std::string& w);
  bool e_table_options(std::string& w);
  bool e_table_comment(std::string& w);
  bool e_table_rls(std::string& w);
  bool e_column_add(std::string& w);
  bool e_column_drop(std::string& w);
  bool e_column_retype(std::string& w);
  bool e_column_not_null(std::string& w);
  bool e_column_default(std::string& w);
  bool e_column_identity(std::string& w);
  bool e_column_serial(std::string& w);
  bool e_column_generated(std::string& w);
  bool e_column_collation(std::string& w);
  bool e_column_comment(std::string& w);
  bool e_pk_add(std::string& w);
  bool e_pk_drop(std::string& w);
  bool e_unique_add(std::string& w);
  bool e_unique_drop(std::string& w);
  bool e_check_add(std::string& w);
  bool e_check_drop(std::string& w);
  bool e_check_change(std::string& w);
  bool e_fk_add(std::string& w);
  bool e_fk_drop(std::string& w);
  bool e_fk_change(std::string& w);
  bool e_fk_retype(std::string& w);
  bool e_exclusion_add(std::string& w);
  bool e_exclusion_drop(std::string& w);
  bool e_index_add(std::string& w);
  bool e_index_drop(std::string& w);
  bool e_index_change(std::string& w);
  bool e_policy_add(std::string& w);
  bool e_policy_drop(std::string& w);
  bool e_policy_change(std::string& w);
  bool e_trigger_add(std::string& w);
  bool e_trigger_drop(std::string& w);
  bool e_trigger_change(std::string& w);
  bool e_trigger_enabled(std::string& w);
  bool e_rule_add(std::string& w);
  bool e_rule_drop(std::string& w);
  bool e_rule_change(std::string& w);
  bool e_partitioned_add(std::string& w);
  bool e_partition_add(std::string& w);
  bool e_partition_drop(std::string& w);
  bool e_partition_bound(std::string& w);
  bool e_partition_local(std::string& w);
  bool e_view_add(std::string& w);
  bool e_view_drop(std::string& w);
  bool e_view_change(std::string& w);
  bool e_view_options(std::string& w);
  bool e_view_materialize(std::string& w);
  bool e_view_comment(std::string& w);
  bool e_view_index(std::string& w);
  bool e_view_trigger(std::string& w);
  bool e_view_rule(std::string& w);

  bool apply_random(bool grow, std::string& what);
};

}  // namespace retort::test::fuzz::detail
