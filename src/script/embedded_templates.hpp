#pragma once
// The templates/ files compiled into the library. The definition is
// generated at build time by cmake/EmbedTemplates.cmake.

#include <optional>
#include <string_view>

namespace retort::detail {

// The text of templates/<name> as it was at build time; nullopt for a name
// that has no file there.
std::optional<std::string_view> embedded_template(std::string_view name);

}  // namespace retort::detail
