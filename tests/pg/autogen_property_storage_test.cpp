// Autogenerate's property (see autogen_property_test.cpp) for table
// persistence and storage parameters, view options, rules and range types:
// start a database at A, declare B, run dev; the database's snapshot equals
// the shadow snapshot of B; downgrade -1 gives back A's exactly; upgrade
// heads gives B again.

#include <gtest/gtest.h>

#include <retort/autogen.hpp>

#include "support/autogen_property.hpp"

namespace retort {
namespace {

using test::SchemaPair;

#define USERS "CREATE TABLE users (id int PRIMARY KEY, name text);"
#define LOG "CREATE TABLE log (id serial PRIMARY KEY, what text);"

const std::vector<SchemaPair>& pairs() {
  static const std::vector<SchemaPair> all = {
      // toast.* parameters live on the TOAST table, which goes and comes back
      // with the table's only text column: they are set again once the
      // columns have changed, in both directions.
      {"toast_options_across_a_toast_table_going_and_coming_back",
       "CREATE TABLE t (id int, c text) WITH (toast.autovacuum_enabled=false, autovacuum_enabled=true);"
       "INSERT INTO t VALUES (1, 'a');",
       "CREATE TABLE t (id int, c bigint GENERATED ALWAYS AS (id * 2) STORED)"
       " WITH (toast.autovacuum_enabled=false, autovacuum_enabled=true);"},
      // The same for partitions (two levels down), whose columns are their
      // parent's (seed 41198 of the fuzzer).
      {"toast_options_of_partitions_across_their_parents_columns",
       "CREATE TABLE pt (id bigint NOT NULL, c text) PARTITION BY HASH (id);"
       "CREATE TABLE p0 PARTITION OF pt FOR VALUES WITH (MODULUS 2, REMAINDER 0) WITH (toast.autovacuum_enabled=false);"
       "CREATE TABLE p1 PARTITION OF pt FOR VALUES WITH (MODULUS 2, REMAINDER 1) PARTITION BY LIST (id);"
       "CREATE TABLE p1a PARTITION OF p1 FOR VALUES IN (1, 3) WITH (toast.autovacuum_enabled=false);"
       "INSERT INTO pt VALUES (1, 'a'), (2, 'b');",
       "CREATE TABLE pt (id bigint NOT NULL, c numeric(16,2) GENERATED ALWAYS AS (id * 2) STORED) PARTITION BY HASH (id);"
       "CREATE TABLE p0 PARTITION OF pt FOR VALUES WITH (MODULUS 2, REMAINDER 0) WITH (toast.autovacuum_enabled=false);"
       "CREATE TABLE p1 PARTITION OF pt FOR VALUES WITH (MODULUS 2, REMAINDER 1) PARTITION BY LIST (id);"
       "CREATE TABLE p1a PARTITION OF p1 FOR VALUES IN (1, 3) WITH (toast.autovacuum_enabled=false);"},
      {"toast_options_set_while_a_text_column_comes",
       "CREATE TABLE t (id int) WITH (autovacuum_enabled=true); INSERT INTO t VALUES (1);",
       "CREATE TABLE t (id int, c text) WITH (toast.autovacuum_enabled=false, autovacuum_enabled=true);"},
      // Persistence and storage parameters.
      {"table_made_unlogged", USERS "INSERT INTO users VALUES (1, 'a');",
       "CREATE UNLOGGED TABLE users (id int PRIMARY KEY, name text);"},
      {"table_made_logged", "CREATE UNLOGGED TABLE users (id int PRIMARY KEY, name text);", USERS},
      {"new_unlogged_table_with_parameters", "",
       "CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v text) WITH (fillfactor = 70, autovacuum_enabled = off);"},
      {"storage_parameters_set_changed_and_reset",
       "CREATE TABLE t (a int) WITH (fillfactor = 70, autovacuum_enabled = false);",
       "CREATE TABLE t (a int) WITH (fillfactor = 50, toast_tuple_target = 256);"},
      {"toast_parameters", "CREATE TABLE t (a text);",
       "CREATE TABLE t (a text) WITH (toast.autovacuum_enabled = false, autovacuum_vacuum_scale_factor = 0.05);"},
      {"dropped_table_comes_back_unlogged_with_parameters",
       "CREATE UNLOGGED TABLE cache (k text) WITH (fillfactor = 60, toast.autovacuum_enabled = off);", ""},
      // UNLOGGED only once the tables referencing it are; LOGGED only once
      // the tables it references are.
      {"referencing_tables_made_unlogged_first",
       "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a);"
       "CREATE TABLE c (id int PRIMARY KEY, b_id int REFERENCES b);",
       "CREATE UNLOGGED TABLE a (id int PRIMARY KEY); CREATE UNLOGGED TABLE b (id int PRIMARY KEY, a_id int "
       "REFERENCES a); CREATE UNLOGGED TABLE c (id int PRIMARY KEY, b_id int REFERENCES b);"},
      {"referenced_tables_made_logged_first",
       "CREATE UNLOGGED TABLE c (id int PRIMARY KEY); CREATE UNLOGGED TABLE b (id int PRIMARY KEY, c_id int "
       "REFERENCES c); CREATE UNLOGGED TABLE a (id int PRIMARY KEY, b_id int REFERENCES b);",
       "CREATE TABLE c (id int PRIMARY KEY); CREATE TABLE b (id int PRIMARY KEY, c_id int REFERENCES c);"
       "CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b);"},
      // View options: the view is made again with them.
      {"view_options_added", USERS "CREATE VIEW v AS SELECT id, name FROM users WHERE id > 0;",
       USERS "CREATE VIEW v WITH (security_barrier, check_option = local) AS SELECT id, name FROM users WHERE id > 0;"},
      {"view_options_removed", USERS "CREATE VIEW v WITH (security_invoker = true) AS SELECT id FROM users;",
       USERS "CREATE VIEW v AS SELECT id FROM users;"},
      {"new_view_with_check_option", USERS,
       USERS "CREATE VIEW v AS SELECT id, name FROM users WHERE id > 0 WITH CASCADED CHECK OPTION;"},
      {"materialized_view_storage_parameters", USERS "CREATE MATERIALIZED VIEW m AS SELECT id FROM users;",
       USERS "CREATE MATERIALIZED VIEW m WITH (fillfactor = 80) AS SELECT id FROM users;"},
      // Rules on tables.
      {"rule_added", USERS, USERS "CREATE RULE keep AS ON DELETE TO users DO INSTEAD NOTHING;"},
      {"rule_changed", USERS "CREATE RULE keep AS ON DELETE TO users DO INSTEAD NOTHING;",
       USERS "CREATE RULE keep AS ON DELETE TO users WHERE old.id < 10 DO INSTEAD NOTHING;"},
      {"rule_dropped", USERS "CREATE RULE keep AS ON DELETE TO users DO INSTEAD NOTHING;", USERS},
      // A rule writing to a new table: the table comes first.
      {"rule_writing_to_new_table", USERS,
       USERS LOG "CREATE RULE log_delete AS ON DELETE TO users DO ALSO INSERT INTO log (what) VALUES (old.name);"},
      // Dropped with its table; the downgrade makes it again after both.
      {"rule_dropped_with_the_tables",
       USERS LOG "CREATE RULE log_delete AS ON DELETE TO users DO ALSO INSERT INTO log (what) VALUES (old.name);",
       ""},
      {"rule_on_table_in_other_schema", "CREATE SCHEMA app; CREATE TABLE app.items (id int);",
       "CREATE SCHEMA app; CREATE TABLE app.items (id int);"
       "CREATE RULE no_update AS ON UPDATE TO app.items DO INSTEAD NOTHING;",
       {"public", "app"}},
      // Range types.
      {"range_type_added", "", "CREATE TYPE floatrange AS RANGE (subtype = float8, subtype_diff = float8mi);"},
      {"range_type_dropped", "CREATE TYPE span AS RANGE (subtype = int4);", ""},
      {"range_type_changed", "CREATE TYPE span AS RANGE (subtype = int4);",
       "CREATE TYPE span AS RANGE (subtype = int8);"},
      {"range_type_with_collation_and_multirange_name", "",
       "CREATE TYPE textspan AS RANGE (subtype = text, collation = \"C\", multirange_type_name = textspans);"},
      {"range_type_used_by_new_table_and_composite", "",
       "CREATE TYPE span AS RANGE (subtype = int4); CREATE TYPE slot AS (s span, label text);"
       "CREATE TABLE booking (id int PRIMARY KEY, during span, slots slot[]);"},
      {"range_type_over_enum_and_domain", "",
       "CREATE TYPE level AS ENUM ('low', 'high'); CREATE TYPE levelrange AS RANGE (subtype = level);"
       "CREATE DOMAIN pos AS int CHECK (VALUE > 0); CREATE TYPE posrange AS RANGE (subtype = pos);"},
      // Made again while a domain is over it and a composite type (that no
      // column holds) has an attribute of it: the domain is made again over
      // the new type, its column converted; the attribute pointed at it.
      {"range_type_changed_under_a_domain_and_a_composite",
       "CREATE TYPE span AS RANGE (subtype = int4); CREATE DOMAIN open_span AS span CHECK (NOT isempty(VALUE));"
       "CREATE TYPE slot AS (s span, label text); CREATE TABLE t (id int PRIMARY KEY, o open_span);"
       "INSERT INTO t VALUES (1, '[1,5)');",
       "CREATE TYPE span AS RANGE (subtype = int8); CREATE DOMAIN open_span AS span CHECK (NOT isempty(VALUE));"
       "CREATE TYPE slot AS (s span, label text); CREATE TABLE t (id int PRIMARY KEY, o open_span);"},
      // Made again under its columns, which are converted through text.
      {"range_type_changed_under_its_columns",
       "CREATE TYPE span AS RANGE (subtype = int4); CREATE TABLE t (id int, s span DEFAULT '[1,2)'::span, "
       "ss span[]); CREATE VIEW tv AS SELECT id, s FROM t; INSERT INTO t VALUES (1, '[1,5)', '{\"[2,3)\"}');",
       "CREATE TYPE span AS RANGE (subtype = int8); CREATE TABLE t (id int, s span DEFAULT '[1,2)'::span, "
       "ss span[]); CREATE VIEW tv AS SELECT id, s FROM t;"},
      {"range_type_changed_under_an_exclusion_constraint",
       "CREATE TYPE span AS RANGE (subtype = int4); CREATE TABLE booking (room int, during span, "
       "EXCLUDE USING gist (during WITH &&)); INSERT INTO booking VALUES (1, '[1,5)'), (1, '[5,9)');",
       "CREATE TYPE span AS RANGE (subtype = int8); CREATE TABLE booking (room int, during span, "
       "EXCLUDE USING gist (during WITH &&));"},
      {"range_type_with_own_multirange_name_changed", "CREATE SCHEMA app;"
       "CREATE TYPE app.span AS RANGE (subtype = int4, multirange_type_name = app.spans);"
       "CREATE TABLE app.t (s app.span); INSERT INTO app.t VALUES ('[1,5)');",
       "CREATE SCHEMA app; CREATE TYPE app.span AS RANGE (subtype = numeric, multirange_type_name = app.spans);"
       "CREATE TABLE app.t (s app.span);",
       {"public", "app"}},
      {"range_type_dropped_with_its_column",
       "CREATE TYPE span AS RANGE (subtype = int4); CREATE TABLE t (id int, s span);"
       "INSERT INTO t VALUES (1, '[1,5)');",
       "CREATE TABLE t (id int);"},
  };
  return all;
}

RETORT_AUTOGEN_PROPERTY_SUITE(AutogenPropertyStorage, pairs());

}  // namespace
}  // namespace retort
