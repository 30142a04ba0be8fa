#include "autogen/schema_diff.hpp"

#include <algorithm>

#include "autogen/sql_text.hpp"

namespace retort::autogen {

namespace {

Operation op(OperationKind kind) { return Operation{std::move(kind), {}, {}}; }

const Extension* find(const std::vector<Extension>& list, const std::string& name) {
  const auto it = std::find_if(list.begin(), list.end(), [&](const Extension& e) { return e.name == name; });
  return it == list.end() ? nullptr : &*it;
}

bool has(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

Sequence without_owner(Sequence s) {
  s.owner_table = {};
  s.owner_column.clear();
  return s;
}

}  // namespace

SchemaChanges diff_schemas(const Catalog& from, const Catalog& to) {
  SchemaChanges out;
  for (const auto& s : to.schemas) {
    if (!has(from.schemas, s)) {
      out.create_schemas.push_back(op(CreateSchema{s}));
    }
  }
  for (const auto& s : from.schemas) {
    if (!has(to.schemas, s)) {
      out.drop_schemas.push_back(op(DropSchema{s}));
    }
  }
  for (const auto& e : to.extensions) {
    const Extension* old = find(from.extensions, e.name);
    if (!old) {
      out.create_extensions.push_back(op(CreateExtension{e}));
    } else if (!(*old == e)) {
      out.create_extensions.push_back(op(AlterExtension{*old, e}));
    }
  }
  for (const auto& e : from.extensions) {
    if (!find(to.extensions, e.name)) {
      out.drop_extensions.push_back(op(DropExtension{e}));
    }
  }
  return out;
}

bool moved_with_extension(const Column& from, const Column& to, const Catalog& before, const Catalog& after) {
  if (from.base_type.name != to.base_type.name || from.base_type.schema == to.base_type.schema) {
    return false;
  }
  return std::any_of(before.extensions.begin(), before.extensions.end(), [&](const Extension& e) {
    const Extension* next = find(after.extensions, e.name);
    return e.schema == from.base_type.schema && next != nullptr && next->schema == to.base_type.schema;
  });
}

SequenceChanges diff_sequences(const Catalog& from, const Catalog& to) {
  SequenceChanges out;
  const auto owner_changes = [&](const Sequence* old, const Sequence* next) {
    const Sequence none;
    const Sequence& before = old ? *old : none;
    const Sequence& after = next ? *next : none;
    if (before.owner_table == after.owner_table && before.owner_column == after.owner_column) {
      return;
    }
    const QualifiedName& name = old ? old->name : next->name;
    if (!before.owner_column.empty()) {
      out.release.push_back(op(SetSequenceOwner{name, before.owner_table, before.owner_column, {}, {}}));
    }
    if (!after.owner_column.empty()) {
      out.own.push_back(op(SetSequenceOwner{name, {}, {}, after.owner_table, after.owner_column}));
    }
  };
  // A sequence that goes while a serial column of `to` takes its name is
  // dropped before that column's is made; one that comes while a serial
  // column of `from` had its name, after that column's is dropped (unless
  // a column default names it).
  const auto serial_named = [](const Catalog& c, const QualifiedName& name) {
    return std::any_of(c.tables.begin(), c.tables.end(), [&](const Table& t) {
      return t.name.schema == name.schema && std::any_of(t.columns.begin(), t.columns.end(), [&](const Column& col) {
               return col.serial && col.serial_sequence == name.name;
             });
    });
  };
  const auto in_a_default = [](const Catalog& c, const QualifiedName& name) {
    return std::any_of(c.tables.begin(), c.tables.end(), [&](const Table& t) {
      return std::any_of(t.columns.begin(), t.columns.end(),
                         [&](const Column& col) { return mentions_name(col.default_expr, name.name); });
    });
  };
  for (const auto& s : to.sequences) {
    const Sequence* old = from.sequence(s.name);
    if (!old && serial_named(from, s.name) && !in_a_default(to, s.name)) {
      out.own.push_back(op(CreateSequence{without_owner(s)}));
    } else if (!old) {
      out.make.push_back(op(CreateSequence{without_owner(s)}));
    } else if (!(without_owner(*old) == without_owner(s))) {
      out.make.push_back(op(AlterSequence{without_owner(*old), without_owner(s)}));
    }
    owner_changes(old, &s);
  }
  for (const auto& s : from.sequences) {
    if (!to.sequence(s.name)) {
      owner_changes(&s, nullptr);
      const bool early = serial_named(to, s.name) && !in_a_default(from, s.name);
      (early ? out.release : out.drop).push_back(op(DropSequence{without_owner(s)}));
    }
  }
  return out;
}

}  // namespace retort::autogen
