#pragma once
// Sequence options in SQL: for CREATE SEQUENCE / ALTER SEQUENCE, and for an
// identity column's sequence (GENERATED ... AS IDENTITY (...), ALTER COLUMN
// ... SET ...).

#include <string>

#include "autogen/model.hpp"

namespace retort::autogen {

// The options of `s` that differ from PostgreSQL's defaults, each with a
// leading space (" AS integer INCREMENT BY 10"); the type only when
// `with_type`.
std::string sequence_options(const Sequence& s, bool with_type = true);

// Whether `from`'s start falls outside `to`'s range (its direction flips,
// its range moves): PostgreSQL refuses such limits while the current value
// is outside them, so the sequence restarts at its new start.
bool restarts(const Sequence& from, const Sequence& to);

// ALTER SEQUENCE's clauses from `from` to `to`, with a leading space.
std::string alter_sequence_options(const Sequence& from, const Sequence& to);

// An identity column's sequence options that are not the defaults, as
// " (START WITH 100 INCREMENT BY 10)"; its type is the column's.
std::string identity_options(const Column& c);

// ALTER COLUMN's clauses that change an identity column's sequence options
// (" SET INCREMENT BY 10 ..."; its type follows the column's type).
std::string alter_identity_options(const Sequence& from, const Sequence& to);

}  // namespace retort::autogen
