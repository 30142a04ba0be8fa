#pragma once
// Alembic keeps a revision's normalized dependencies in a Python set, so
// their order is CPython's set layout under the interpreter's string hash.
// The order decides which branch runs first when a revision depends on two
// or more others. retort reproduces CPython 3.11 with hash randomisation
// off (PYTHONHASHSEED=0, the recorded oracle's runs): SipHash-1-3 keyed
// with zeros and CPython's set table (probe sequence, growth, and the
// rebuild that difference_update makes once a quarter of the table is
// deleted entries, which can reorder what is left).

#include <optional>
#include <string>
#include <vector>

namespace retort::py {

// The order tuple(s) has after s = set(items) and s.difference_update(d)
// for each d of `discards` in turn, as indices into items (the first of
// equal items); nullopt when it cannot be reproduced (characters outside
// latin-1).
std::optional<std::vector<std::size_t>> set_order(const std::vector<std::string>& items,
                                                  const std::vector<std::vector<std::string>>& discards = {});

}  // namespace retort::py
