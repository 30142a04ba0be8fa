#pragma once
// The value type the revision graph is built from. The graph knows nothing
// of files: the script layer fills these from migration files.

#include <string>
#include <vector>

namespace retort {

struct Revision {
  std::string id;
  std::vector<std::string> down_revisions;  // empty: a base; several: a merge
  std::vector<std::string> branch_labels;   // as declared (not propagated)
  std::vector<std::string> depends_on;      // as declared: ids or branch labels
  std::string message;                      // the whole message / docstring
  std::string origin;  // where it was declared (a file path), for messages only

  // First paragraph of the message (what logs and `history` print); empty
  // when there is no message.
  std::string doc() const;
};

}  // namespace retort
