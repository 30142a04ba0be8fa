#pragma once
// The revision graph: Alembic's RevisionMap semantics over a set of
// revisions, with no knowledge of files or databases. Built once, then
// immutable; all queries are const and safe to call from several threads.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <retort/error.hpp>
#include <retort/revision.hpp>

namespace retort {

// A revision identifier that resolves to nothing, or to several revisions.
// argument() is the part of the text that failed (Alembic's CLI prints
// "Can't locate revision identified by '<argument>'").
class ResolutionError : public RevisionError {
 public:
  ResolutionError(const std::string& message, std::string argument)
      : RevisionError(message), m_argument(std::move(argument)) {}
  const std::string& argument() const noexcept { return m_argument; }

 private:
  std::string m_argument;
};

// "head" (or "<label>@head") named several heads.
class MultipleHeadsError : public RevisionError {
 public:
  MultipleHeadsError(std::vector<std::string> heads, std::string argument);
  const std::vector<std::string>& heads() const noexcept { return m_heads; }
  const std::string& argument() const noexcept { return m_argument; }

 private:
  std::vector<std::string> m_heads;
  std::string m_argument;
};

// A range whose lower end is not an ancestor of its upper end.
class RangeNotAncestorError : public RevisionError {
 public:
  RangeNotAncestorError(std::string lower, std::string upper);
  const std::string& lower() const noexcept { return m_lower; }
  const std::string& upper() const noexcept { return m_upper; }

 private:
  std::string m_lower;
  std::string m_upper;
};

class RevisionMap {
 public:
  // Builds and validates the graph. `revisions` are in map order (the order
  // the files were loaded). Throws RevisionError for illegal ids, self
  // loops, unknown down revisions or dependencies, duplicate branch labels
  // and cycles, with Alembic's messages. A revision id defined twice is not
  // an error here (Alembic lets the later one win); see duplicate_ids().
  explicit RevisionMap(std::vector<Revision> revisions);
  ~RevisionMap();
  RevisionMap(RevisionMap&&) noexcept;
  RevisionMap& operator=(RevisionMap&&) noexcept;

  // Distinct revisions in map order.
  const std::vector<Revision>& revisions() const;
  bool empty() const;
  // Exact id lookup (no prefixes, no labels).
  const Revision* find(std::string_view id) const;
  // Ids defined by more than one revision, in map order.
  const std::vector<std::string>& duplicate_ids() const;

  // Versioned heads (no versioned children), in map order; may include an
  // "effective head" that something depends on.
  std::vector<std::string> heads() const;
  // Heads with no children at all, dependency edges included.
  std::vector<std::string> real_heads() const;
  std::vector<std::string> bases() const;

  bool is_head(std::string_view id) const;       // versioned head
  bool is_real_head(std::string_view id) const;  // no dependents either
  bool is_base(std::string_view id) const;
  bool is_branch_point(std::string_view id) const;
  bool is_merge_point(std::string_view id) const;
  // Labels after propagation along the branch, sorted.
  std::vector<std::string> branch_labels(std::string_view id) const;
  // Versioned children, in map order.
  std::vector<std::string> children(std::string_view id) const;

  // Alembic's get_revisions(): every form of identifier (ids, prefixes,
  // labels, head, heads, base, <label>@..., -N). Returns ids; "base"
  // resolves to nothing.
  std::vector<std::string> resolve(std::string_view text) const;
  // Alembic's get_revision(): at most one revision; throws
  // MultipleHeadsError when the text names several.
  std::optional<std::string> resolve_one(std::string_view text) const;

  // The "current" revisions for a set of version rows: the rows plus what
  // they imply through dependencies, reduced to branch tips (map order).
  std::vector<std::string> current_tips(const std::vector<std::string>& rows) const;

  // Closest known ids to `text` for "did you mean" hints (at most 3).
  std::vector<std::string> suggestions(std::string_view text) const;

  class Impl;
  const Impl& impl() const { return *m_impl; }

 private:
  std::unique_ptr<Impl> m_impl;
};

}  // namespace retort
