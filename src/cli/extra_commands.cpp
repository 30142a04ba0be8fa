// Commands defined outside cli.cpp register here.

#include "cli/context.hpp"

namespace retort::cli {

std::vector<Command> extra_commands() { return {}; }

}  // namespace retort::cli
