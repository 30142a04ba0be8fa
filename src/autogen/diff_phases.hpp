#pragma once
// The order in which the diff's operations run: each operation goes into
// one phase, and the upgrade runs the phases in this order (the downgrade
// runs the inverses in reverse). Within a phase, operations keep the order
// the diff added them in.

#include <cstddef>

namespace retort::autogen::phases {

enum Phase : std::size_t {
  toast_options_first,  // toast.* of tables whose columns change, as they are (the downgrade's last step)
  create_schema,
  create_extension,
  drop_view_objects,  // triggers and rules of views, before the views go
  drop_view,
  detach_partition,  // before its parent or bound changes
  release_sequence,  // before the column that owns it goes
  drop_foreign_key,
  drop_constraint,
  drop_tied_function,  // functions tied to tables (row type, BEGIN ATOMIC) that go or change
  drop_table,
  drop_column,
  sequence,     // before the domains whose defaults call nextval()
  enum_type,
  domain_type,  // after the enums a domain may be over
  create_function,  // before the tables whose defaults call them
  late_domain,      // domains whose default or checks call functions made just before
  late_function,    // new functions whose arguments or result use those domains
  create_table,
  add_column,
  alter_column,
  table_storage,         // UNLOGGED and WITH (...) of tables that stay
  add_generated_column,  // after the columns their expressions read change type
  own_sequence,          // once the owning column is there
  late_detach,           // a partition whose bound changes, once its parent's columns have
  create_partition,      // new partitions of a table that stays, once it has its columns
  attach_partition,      // once the parent and the table have their columns
  tied_function,         // functions tied to tables made or changed: once those are done
  drop_domain_user,     // functions taking those domains, before them
  drop_calling_domain,  // domains whose default or checks call functions about to go
  drop_function,  // after the columns and tables that call them, before their types go
  late_drop,
  add_constraint,
  add_foreign_key,
  create_view,
  create_trigger,  // triggers, policies, row level security: once tables, functions, views are there
  comment,
  toast_options_last,  // and as they become, once the columns have changed
  drop_extension,
  drop_schema,
  phase_count
};

}  // namespace retort::autogen::phases
