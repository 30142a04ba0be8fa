#pragma once
// The steps behind include/retort/autogen.hpp, for tests and benchmarks.

#include <optional>
#include <string_view>
#include <vector>

#include <retort/autogen.hpp>

#include "autogen/model.hpp"
#include "autogen/operations.hpp"
#include "autogen/shadow.hpp"

namespace retort::autogen {

// The database's catalog (options.url or the config's), in the configured
// schemas, without the version table and excluded tables. Checks nothing
// else (not the heads).
Catalog live_catalog(const Project& project, const RunOptions& options = {});

// The declared schema's catalog: the schema files applied to a shadow
// database (see ShadowDatabase), read the same way.
Catalog declared_catalog(const Project& project, const RunOptions& options = {});

// The same, with the shadow database left in `shadow`, being dropped in the
// background (ShadowDatabase::drop_in_background) once its catalog is read:
// the caller's work goes on beside the DROP DATABASE until `shadow` goes.
Catalog declared_catalog(const Project& project, const RunOptions& options, std::optional<ShadowDatabase>& shadow);

// The public summary and SQL of `ops`.
SchemaDiff summarize(const std::vector<Operation>& ops, std::string_view default_schema,
                     std::vector<std::string> not_generated = {});

}  // namespace retort::autogen
