// rows_ok(): the rows A holds fit B, and come back on the way down (see
// fuzz_model.hpp).

#include <algorithm>
#include <functional>
#include <set>
#include <string>

#include "fuzz/fuzz_model.hpp"

namespace retort::test::fuzz::detail {

namespace {

bool key_cols_of_table(const Table& t, std::set<std::string>& out) {
  if (t.pk) out.insert(t.pk->cols.begin(), t.pk->cols.end());
  for (const auto& u : t.uniques) out.insert(u.cols.begin(), u.cols.end());
  for (const auto& x : t.excls) out.insert(x.col);
  for (const auto& i : t.indexes) {
    if (!i.unique) continue;
    for (const auto& it : i.items) out.insert(it.expr.cols.begin(), it.expr.cols.end());
  }
  return true;
}

bool nullable_everywhere(const Model& m, const Column& c) {
  if (c.not_null) return false;
  for (const Domain* d = c.type.k == TK::domain_ ? find(m.domains, c.type.ref) : nullptr; d != nullptr;
       d = d->base.k == TK::domain_ ? find(m.domains, d->base.ref) : nullptr) {
    if (d->not_null) return false;
  }
  return true;
}

// Whether column `c`'s type is a domain (or a domain over one) with a
// default, which fills the rows the column is added to.
bool domain_default(const Model& m, const Column& c) {
  for (const Domain* d = c.type.k == TK::domain_ ? find(m.domains, c.type.ref) : nullptr; d != nullptr;
       d = d->base.k == TK::domain_ ? find(m.domains, d->base.ref) : nullptr) {
    if (d->def) return true;
  }
  return false;
}

}  // namespace

// A generated column fills the rows it is added to, but maybe with NULL.
bool fills(const Model& m, const Column& c) {
  return c.identity || c.serial || c.def || nullable_everywhere(m, c);
}

std::string family(const Type& t) {
  switch (t.k) {
    case TK::smallint_:
    case TK::integer_:
    case TK::bigint_:
    case TK::numeric_: return "num";
    case TK::text_:
    case TK::varchar_: return "text";
    case TK::timestamptz_:
    case TK::date_: return "time";
    case TK::int_array:
    case TK::bigint_array: return "intarr";
    default: return "other";
  }
}

bool rows_ok(const Model& a, const Model& b) {
  for (const auto& ta : a.tables) {
    if (ta.rows == 0) continue;
    const Table* tb = find(b.tables, ta.key());
    if (!tb) continue;
    std::set<std::string> keys_a, keys_b;
    key_cols_of_table(ta, keys_a);
    key_cols_of_table(*tb, keys_b);
    std::set<std::string> distinct;  // columns whose values stay distinct and not null
    for (const auto& ca : ta.cols) {
      const Column* cb = find_named(tb->cols, ca.name);
      const bool remade = !cb || ca.generated.has_value() != cb->generated.has_value() ||
                          (ca.generated && cb->generated && !(*ca.generated == *cb->generated));
      if (remade) {
        // The downgrade adds it again: it must get values, distinct ones
        // where A has a key on it.
        if (!fills(a, ca)) return false;
        if (keys_a.count(ca.name) && !(ca.identity || ca.serial)) return false;
        if (cb && keys_b.count(ca.name) && !(cb->identity || cb->serial)) return false;
        continue;
      }
      if (!(ca.type == cb->type)) {
        const std::string f = family(ca.type);
        if (f == "other" || f != family(cb->type)) return false;
      }
      distinct.insert(ca.name);
    }
    for (const auto& cb : tb->cols) {
      const Column* ca = find_named(ta.cols, cb.name);
      if (ca && ca->generated.has_value() == cb.generated.has_value()) continue;
      if (!fills(b, cb)) return false;
      if (cb.identity || cb.serial) distinct.insert(cb.name);
    }
    for (const auto& k : keys_b)
      if (!distinct.count(k)) return false;
    for (const auto& f : tb->fks) {
      if (f.not_valid) continue;
      for (const auto& c : f.cols) {
        const Column* cb = find_named(tb->cols, c);
        // A new column of a foreign key starts NULL in the rows, not with
        // a default (its own or its domain's, seed 51390) the key may not hold.
        if (find_named(ta.cols, c) || !cb || !nullable_everywhere(b, *cb) || cb->def || domain_default(b, *cb) ||
            cb->identity || cb->serial || cb->generated) {
          return false;
        }
      }
    }
    // Enum values the rows hold stay.
    std::function<bool(const Type&)> values_stay = [&](const Type& t) -> bool {
      if (t.k == TK::enum_ || t.k == TK::enum_array) {
        const Enum* ea = find(a.enums, t.ref);
        const Enum* eb = find(b.enums, t.ref);
        if (!ea || !eb) return true;
        for (int i = 1; i <= ta.rows; ++i) {
          const std::string& v = ea->values[static_cast<std::size_t>(i - 1) % ea->values.size()];
          if (std::find(eb->values.begin(), eb->values.end(), v) == eb->values.end()) return false;
        }
      }
      if (t.k == TK::domain_) {
        const Domain* d = find(a.domains, t.ref);
        if (d) return values_stay(d->base);
      }
      if (t.k == TK::range_) {  // a date range's values are no integer range's
        const RangeType* ra = find(a.ranges, t.ref);
        const RangeType* rb = find(b.ranges, t.ref);
        if (ra && rb && (ra->subtype == "date") != (rb->subtype == "date")) return false;
      }
      if (t.k == TK::composite_ || t.k == TK::composite_array) {
        const Composite* c = find(a.composites, t.ref);
        const Composite* cb = find(b.composites, t.ref);
        if (c)
          for (const auto& at : c->attrs) {
            if (!values_stay(at.second)) return false;
            // An attribute of a NOT NULL domain that goes cannot come back
            // (the downgrade would put NULLs in it).
            const Domain* d = at.second.k == TK::domain_ ? find(a.domains, at.second.ref) : nullptr;
            const bool kept = cb && std::any_of(cb->attrs.begin(), cb->attrs.end(),
                                                [&](const auto& x) { return x.first == at.first; });
            if (d && d->not_null && !kept) return false;
          }
      }
      return true;
    };
    for (const auto& ca : ta.cols)
      if (!values_stay(ca.type)) return false;
  }
  return true;
}

}  // namespace retort::test::fuzz::detail
