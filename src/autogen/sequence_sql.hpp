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

// The sequence a serial column of `column_type` (integer: serial, bigint:
// bigserial, smallint: smallserial) is made with.
Sequence serial_sequence_for(const std::string& column_type);

// ALTER SEQUENCE's clauses that take the sequence a serial column is made
// with to the one it has (" AS bigint MINVALUE 1 MAXVALUE ..."); empty when
// they are the same.
std::string serial_sequence_changes(const Column& c);

// An identity column's sequence options that are not the defaults, as
// " (START WITH 100 INCREMENT BY 10)"; its type is the column's.
std::string identity_options(const Column& c);

// ALTER COLUMN's clauses that change an identity column's sequence options
// (" SET INCREMENT BY 10 ..."; its type follows the column's type).
std::string alter_identity_options(const Sequence& from, const Sequence& to);

}  // namespace retort::autogen
