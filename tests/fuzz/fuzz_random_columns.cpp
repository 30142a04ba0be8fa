// The generator's random types, expressions and columns (see fuzz_gen.hpp).

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "fuzz/fuzz_gen.hpp"

namespace retort::test::fuzz::detail {

Type Gen::random_scalar_type() {
  switch (rnd(0, 8)) {
    case 0: return {TK::integer_};
    case 1: return {TK::bigint_};
    case 2: return {TK::text_};
    case 3: return {TK::varchar_, rnd(4, 40)};
    case 4: {
      const int p = rnd(6, 12);
      return {TK::numeric_, p, rnd(0, std::min(3, p - 3))};
    }
    case 5: return {TK::date_};
    case 6: return {TK::boolean_};
    case 7: return {TK::smallint_};
    default: return {TK::integer_};
  }
}

Type Gen::domain_or_range(const Type& otherwise) {
  const bool domain = !m.domains.empty() && (m.ranges.empty() || chance(60));
  if (domain) return {TK::domain_, 0, 0, pick(m.domains).key()};
  if (!m.ranges.empty()) return {TK::range_, 0, 0, pick(m.ranges).key()};
  return otherwise;
}

Type Gen::random_type(bool user_types) {
  const int r = rnd(0, 99);
  if (r < 18) return {TK::integer_};
  if (r < 26) return {TK::bigint_};
  if (r < 29) return {TK::smallint_};
  if (r < 35) {
    const int p = rnd(6, 12);
    return {TK::numeric_, p, rnd(0, std::min(3, p - 3))};
  }
  if (r < 49) return {TK::text_};
  if (r < 56) return {TK::varchar_, rnd(4, 40)};
  if (r < 62) return {TK::timestamptz_};
  if (r < 66) return {TK::date_};
  if (r < 71) return {TK::jsonb_};
  if (r < 75) return {TK::boolean_};
  if (r < 78) return {TK::int_array};
  if (r < 80) return {TK::bigint_array};
  if (r < 82) return {TK::text_array};
  if (r < 84) return {TK::int4range_};
  if (r < 86) return {TK::daterange_};
  if (!user_types) return {TK::integer_};
  if (r < 91 && !m.enums.empty()) return {TK::enum_, 0, 0, pick(m.enums).key()};
  if (r < 93 && !m.enums.empty()) return {TK::enum_array, 0, 0, pick(m.enums).key()};
  if (r < 96 && !m.domains.empty()) return {TK::domain_, 0, 0, pick(m.domains).key()};
  if (r < 98 && !m.ranges.empty()) return {TK::range_, 0, 0, pick(m.ranges).key()};
  if (!m.composites.empty()) {
    const TK k = extra("composite_array") && chance(40) ? TK::composite_array : TK::composite_;
    return {k, 0, 0, pick(m.composites).key()};
  }
  return {TK::text_};
}

std::optional<Expr> Gen::random_default(const Type& t) {
  Expr e;
  const std::optional<Type> base = base_of(m, t);
  if (!base) return std::nullopt;
  if (t.k == TK::enum_) {
    const Enum* en = find(m.enums, t.ref);
    if (!en) return std::nullopt;
    e.text = "@0";
    e.refs = {"ev:" + t.ref + "|" +
              en->values[static_cast<std::size_t>(rnd(0, static_cast<int>(en->values.size()) - 1))]};
    e.self = Need::enumeration;
    return e;
  }
  if (raw_integral(t) && !m.sequences.empty() && chance(20)) {
    e.text = "nextval(@0)";
    e.refs = {"seq:" + pick(m.sequences).key()};
    e.self = Need::integral;
    return e;
  }
  if (satisfies(m, t, Need::num)) {
    const Function* f = pick_function(FnKind::pure);
    if (f && chance(25)) {
      e.text = "@0(" + std::to_string(rnd(0, 9)) + ")";
      e.refs = {"fn:" + f->key()};
    } else {
      e.text = std::to_string(rnd(0, 99));
    }
    e.self = Need::num;
    return e;
  }
  if (satisfies(m, t, Need::text)) {
    static const std::vector<std::string> texts = {"'abc'", "'x'", "'o''k'"};
    e.text = texts[static_cast<std::size_t>(rnd(0, 2))];
    e.self = Need::text;
    return e;
  }
  if (satisfies(m, t, Need::time)) {
    e.text = base->k == TK::timestamptz_ && chance(50) ? "now()" : chance(50) ? "'2026-06-01'" : "CURRENT_DATE";
    e.self = Need::time;
    return e;
  }
  if (base->k == TK::jsonb_) {
    static const std::vector<std::string> texts = {"'{}'", "'[]'", "'{\"a\": 1}'"};
    e.text = texts[static_cast<std::size_t>(rnd(0, 2))];
    e.self = Need::jsonb;
    return e;
  }
  if (base->k == TK::boolean_) {
    e.text = chance(50) ? "true" : "false";
    e.self = Need::boolean;
    return e;
  }
  if (satisfies(m, t, Need::array)) {
    e.text = "'{}'";
    e.self = Need::array;
    return e;
  }
  if (satisfies(m, t, Need::range)) {
    e.text = "'empty'";
    e.self = Need::range;
    return e;
  }
  return std::nullopt;
}

std::optional<Expr> Gen::random_check(const std::vector<RelCol>& cols) {
  std::vector<const RelCol*> order;
  for (const auto& c : cols) order.push_back(&c);
  shuffle(order);
  const auto nums = cols_where(cols, Need::num);
  if (nums.size() >= 2 && chance(15)) {
    return Expr{"$0 + $1 > -2000", {nums[0]->name, nums[1]->name}, {Need::num, Need::num}};
  }
  for (const RelCol* c : order) {
    auto one = [&](const std::string& text, Need need) { return Expr{text, {c->name}, {need}}; };
    if (satisfies(m, c->type, Need::num)) {
      const Function* f = pick_function(FnKind::pure);
      if (f && satisfies(m, c->type, Need::int4) && chance(30)) {
        Expr e = one("@0($0) > -1000", Need::int4);
        e.refs = {"fn:" + f->key()};
        return e;
      }
      switch (rnd(0, 2)) {
        case 0: return one("$0 > -1000", Need::num);
        case 1: return one("$0 <> 12345", Need::num);
        default: return one("($0 + 1) > -1000", Need::num);
      }
    }
    if (satisfies(m, c->type, Need::text)) {
      switch (rnd(0, 2)) {
        case 0: return one("length($0) < 1000", Need::text);
        case 1: return one("$0 <> ''", Need::text);
        default: return one("lower($0) <> 'zzz'", Need::text);
      }
    }
    if (satisfies(m, c->type, Need::time)) return one("$0 > '2000-01-01'", Need::time);
    if (satisfies(m, c->type, Need::jsonb)) return one("jsonb_typeof($0) <> 'string'", Need::jsonb);
    if (satisfies(m, c->type, Need::array)) return one("cardinality($0) < 100", Need::array);
    if (satisfies(m, c->type, Need::range)) return one("upper_inf($0) IS NOT TRUE", Need::range);
    if (satisfies(m, c->type, Need::enumeration)) return one("$0::text <> 'zzz'", Need::enumeration);
  }
  return std::nullopt;
}

std::optional<Expr> Gen::random_predicate(const std::vector<RelCol>& cols) {
  if (cols.empty()) return std::nullopt;
  const RelCol& c = cols[static_cast<std::size_t>(rnd(0, static_cast<int>(cols.size()) - 1))];
  if (satisfies(m, c.type, Need::num)) return Expr{"$0 > 0", {c.name}, {Need::num}};
  if (satisfies(m, c.type, Need::text)) return Expr{"$0 <> ''", {c.name}, {Need::text}};
  return Expr{"$0 IS NOT NULL", {c.name}, {Need::any}};
}

// "$0 IN (SELECT #0 FROM @0)": a column of another table, of the same kind.
std::optional<Expr> Gen::random_subquery(const std::vector<RelCol>& cols, const std::string& self) {
  if (!on("subquery")) return std::nullopt;
  std::vector<std::tuple<const Table*, std::string, std::string, Need>> options;
  for (const auto& o : m.tables) {
    if (!o.plain() || o.key() == self) continue;
    for (const auto& oc : o.cols) {
      for (const auto& c : cols) {
        for (Need need : {Need::num, Need::text}) {
          if (satisfies(m, oc.type, need) && satisfies(m, c.type, need))
            options.emplace_back(&o, oc.name, c.name, need);
        }
      }
    }
  }
  if (options.empty()) return std::nullopt;
  const auto& [o, oc, c, need] = pick(options);
  if (chance(50)) {
    return Expr{"$0 IN (SELECT #0 FROM @0)", {c}, {need}, {"tbl:" + o->key()}, {o->key() + "|" + oc}, {need}};
  }
  return Expr{
      "EXISTS (SELECT 1 FROM @0 WHERE @0.#0 = $0)", {c}, {need}, {"tbl:" + o->key()}, {o->key() + "|" + oc}, {need}};
}

std::optional<Expr> Gen::random_generated(const std::vector<RelCol>& cols, Type& type) {
  std::vector<const RelCol*> order;
  for (const auto& c : cols)
    if (!c.generated) order.push_back(&c);
  shuffle(order);
  for (const RelCol* c : order) {
    if (satisfies(m, c->type, Need::num)) {
      const Function* f = pick_function(FnKind::pure, true);
      type = chance(70) ? Type{TK::bigint_} : Type{TK::numeric_, 16, 2};
      if (f && satisfies(m, c->type, Need::int4) && chance(30)) {
        Expr e{"@0($0)", {c->name}, {Need::int4}, {"fn:" + f->key()}};
        e.self = Need::num;
        return e;
      }
      Expr e{"($0 * 2)", {c->name}, {Need::num}};
      e.self = Need::num;
      return e;
    }
    if (satisfies(m, c->type, Need::text)) {
      type = {TK::text_};
      Expr e{chance(50) ? "lower($0)" : "($0 || '!')", {c->name}, {Need::text}};
      e.self = Need::text;
      return e;
    }
  }
  return std::nullopt;
}

Column Gen::random_column(Table& t, bool user_types) {
  const bool tree = t.part.has_value();
  Column c;
  c.name = fresh("c");
  c.type = random_type(user_types);
  std::vector<RelCol> cols = rel_columns(m, t.key());
  const int r = rnd(0, 99);
  if (raw_integral(c.type) && !tree && r < 10 && on("column.identity")) {
    c.identity = chance(50) ? 1 : 2;
    c.not_null = true;
    c.id_start = chance(70) ? 1 : 100;
    c.id_inc = chance(80) ? 1 : 2;
  } else if (raw_integral(c.type) && r < 16 && on("column.serial")) {
    c.serial = true;
    c.not_null = true;
  } else if (r < 24 && on("column.generated")) {
    Type gt;
    if (auto g = random_generated(cols, gt)) {
      c.type = gt;
      c.generated = g;
    }
  }
  if (!c.identity && !c.serial && !c.generated) {
    c.not_null = chance(25);
    if (chance(35)) c.def = random_default(c.type);
  }
  if ((c.type.k == TK::text_ || c.type.k == TK::varchar_) && chance(10) && on("column.collation")) {
    c.collation = chance(50) ? "C" : "POSIX";
  }
  if (chance(10)) c.comment = chance(50) ? "a column" : "it's";
  if (t.rows > 0 && !fills(m, c)) {
    c.generated.reset();  // it could compute NULL
    c.def = random_default(c.type);
    if (!c.def) {
      c.type = {TK::integer_};
      c.def = random_default(c.type);
    }
  }
  return c;
}

}  // namespace retort::test::fuzz::detail
