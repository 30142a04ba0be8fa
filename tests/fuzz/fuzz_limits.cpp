// limits_ok(): B's edits avoid autogenerate's known limits (see
// fuzz_model.hpp).

#include <set>
#include <string>

#include "fuzz/fuzz_model.hpp"

namespace retort::test::fuzz::detail {

// docs/autogenerate.md, "Known limits": a function whose result type or
// argument names change while a domain uses it. (This generator makes no
// domain over an enum or another domain, no function or composite type over
// a domain or range type, and no BEGIN ATOMIC body that calls a function: the
// other known limits cannot come up.)
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
  return true;
}

}  // namespace retort::test::fuzz::detail
