#pragma once
// The `db` front end: parses arguments, calls the library, prints results.

#include <iosfwd>
#include <string>
#include <vector>

namespace retort::cli {

// Runs `db` with `args` (without the program name). Returns the exit code:
// 0 success, 1 the command failed, 2 usage error.
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace retort::cli
