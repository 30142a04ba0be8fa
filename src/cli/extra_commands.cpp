// Commands defined outside cli.cpp register here.

#include "cli/context.hpp"

namespace retort::cli {

std::vector<Command> extra_commands() {
  std::vector<Command> out;
  for (auto& c : autogen_commands()) {
    out.push_back(std::move(c));
  }
  for (auto& c : code_commands()) {
    out.push_back(std::move(c));
  }
  for (auto& c : other_commands()) {
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace retort::cli
