#pragma once
// Alembic keeps a revision's normalized dependencies in a Python set, so
// their order is CPython's set layout under the interpreter's string hash.
// The order decides which branch runs first when a revision depends on two
// or more others. retort reproduces CPython 3.11 with hash randomisation
// off (PYTHONHASHSEED=0, the recorded oracle's runs): SipHash-1-3 keyed
// with zeros, an 8-slot table, CPython's probe sequence.

#include <optional>
#include <string>
#include <vector>

namespace retort::py {

// The order tuple(set(items)) has, or nullopt when it cannot be reproduced
// (more than four distinct items, or characters outside latin-1).
std::optional<std::vector<std::size_t>> set_order(const std::vector<std::string>& items);

}  // namespace retort::py
