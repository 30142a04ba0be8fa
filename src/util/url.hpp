#pragma once
// Small libpq URI edits shared by the library and the tests.

#include <string>
#include <string_view>

namespace retort::util {

// `url` naming database `database` instead: the path of a libpq URI
// replaced (a dbname= parameter too), everything else kept.
std::string url_with_database(std::string_view url, std::string_view database);

}  // namespace retort::util
