// limits_ok(): B's edits avoid autogenerate's known limits (see
// fuzz_model.hpp).

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "fuzz/fuzz_model.hpp"

namespace retort::test::fuzz::detail {

namespace {

// Whether the domain or range type `t` is made again from A to B (or back).
bool remade(const Model& a, const Model& b, const Type& t) {
  if (t.k == TK::domain_) {
    const Domain* da = find(a.domains, t.ref);
    const Domain* db = find(b.domains, t.ref);
    if (!da || !db) return false;
    if (!(da->base == db->base) || da->collation != db->collation) return true;
    if (da->base.k == TK::domain_) return remade(a, b, da->base);
    if (da->base.k != TK::enum_) return false;
    const Enum* ea = find(a.enums, da->base.ref);
    const Enum* eb = find(b.enums, da->base.ref);
    return ea && eb && ea->values != eb->values;
  }
  if (t.k == TK::range_) {
    const RangeType* ra = find(a.ranges, t.ref);
    const RangeType* rb = find(b.ranges, t.ref);
    return ra && rb && (ra->subtype != rb->subtype || ra->diff != rb->diff || ra->multirange != rb->multirange);
  }
  return false;
}

// Whether `longer` is `shorter` with attributes added at its end.
bool extends(const std::vector<std::pair<std::string, Type>>& shorter,
             const std::vector<std::pair<std::string, Type>>& longer) {
  return shorter.size() <= longer.size() && std::equal(shorter.begin(), shorter.end(), longer.begin());
}

}  // namespace

// docs/autogenerate.md, "Known limits": a function whose result type or
// argument names change while a domain uses it; a domain or range type made
// again while a composite type that has an attribute of it is made again
// too: changes other than attributes added at the end or dropped from it
// (only with the "composite_over_domain" feature). (This generator makes no
// domain over a composite type, no function over a domain
// or range type, and no BEGIN ATOMIC body that calls a function: the other
// known limits cannot come up.)
bool limits_ok(const Model& a, const Model& b) {
  std::set<std::string> used_by_domains;
  for (const Model* m : {&a, &b}) {
    for (const auto& d : m->domains) {
      if (d.def) used_by_domains.insert(d.def->refs.begin(), d.def->refs.end());
      for (const auto& c : d.checks) used_by_domains.insert(c.expr.refs.begin(), c.expr.refs.end());
    }
  }
  for (const auto& fa : a.functions) {
    const Function* fb = find(b.functions, fa.key());
    if (fb && (fa.ret != fb->ret || fa.arg != fb->arg) && used_by_domains.count("fn:" + fa.key())) return false;
  }
  for (const auto& ca : a.composites) {
    const Composite* cb = find(b.composites, ca.key());
    if (!cb || extends(ca.attrs, cb->attrs) || extends(cb->attrs, ca.attrs)) continue;
    for (const Composite* c : {&ca, cb})
      for (const auto& at : c->attrs)
        if (remade(a, b, at.second)) return false;
  }
  return true;
}

}  // namespace retort::test::fuzz::detail
