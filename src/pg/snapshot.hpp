#pragma once
// The catalog of a PostgreSQL database, read into autogenerate's model with
// a few bulk queries over pg_catalog in one read-only, repeatable-read
// transaction (not a query per table), split over two connections that
// share its snapshot (pg_export_snapshot) when the server allows. This
// header names no libpqxx type.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "autogen/model.hpp"
#include "util/url.hpp"

namespace retort::pg {

// Reads the schemas in `schemas` (empty: current_schema() only) of the
// database at `url`: the schemas themselves, extensions installed in them,
// enum types (values in order), sequences (except those owned by a serial or
// identity column, which belong to the column), tables with columns,
// primary, unique, check, foreign-key and exclusion constraints, indexes
// that implement no constraint, comments, views, and (Catalog::others) the
// objects autogenerate reports but does not generate SQL for. Objects that belong to
// an extension are left out, and so are pg_catalog, information_schema and
// pg_toast whatever `schemas` says. The result is normalize()d.
// Throws DatabaseError (password masked) when the connection or a query
// fails. `rows_read`, if given, is called once every row is read and the
// connections are closed, before the catalog is made from the rows.
autogen::Catalog snapshot(std::string_view url, const std::vector<std::string>& schemas,
                          const std::function<void()>& rows_read = {});

using util::url_with_database;

// The query behind Catalog::others for the schemas in `schemas` (a text[]
// literal): kind, schema, name, table schema, table name, definition.
std::string other_objects_query(const std::string& schemas);

// Parses a PostgreSQL text array ({a,"b c",NULL}); NULL elements become "".
std::vector<std::string> parse_text_array(std::string_view text);

}  // namespace retort::pg
