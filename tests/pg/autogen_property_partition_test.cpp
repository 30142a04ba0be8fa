// Autogenerate's property (see autogen_property_test.cpp) for partitioned
// tables and their partitions: start a database at A, declare B, run dev;
// the database's snapshot equals the shadow snapshot of B; downgrade -1
// gives back A's exactly; upgrade heads gives B again.

#include <gtest/gtest.h>

#include <retort/autogen.hpp>

#include "support/autogen_property.hpp"

namespace retort {
namespace {

using test::SchemaPair;

#define USERS "CREATE TABLE users (id int PRIMARY KEY, name text);"
#define EVENTS                                                                                 \
  "CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, user_id int REFERENCES users, " \
  "payload jsonb, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);"
#define E2026 "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');"
#define E2027 "CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');"
#define ROWS "INSERT INTO users VALUES (1, 'a'); INSERT INTO events VALUES (1, '2026-05-01', 1, '{}');"

const std::vector<SchemaPair>& pairs() {
  static const std::vector<SchemaPair> all = {
      // A view over a partition makes way for its parent's retyped column
      // (one reading only another column stays); the partition's own index
      // and check are kept.
      {"partition_view_index_check_under_a_retyped_parent_column",
       "CREATE TABLE pt (k int, v varchar(10)) PARTITION BY RANGE (k);"
       "CREATE TABLE p1 PARTITION OF pt (CONSTRAINT p1_v CHECK (v <> 'x')) FOR VALUES FROM (0) TO (100);"
       "CREATE INDEX p1_v_idx ON p1 (lower(v));"
       "CREATE VIEW pv AS SELECT k, v FROM p1; CREATE VIEW pk AS SELECT k FROM p1;"
       "INSERT INTO pt VALUES (1, 'a');",
       "CREATE TABLE pt (k int, v varchar(20)) PARTITION BY RANGE (k);"
       "CREATE TABLE p1 PARTITION OF pt (CONSTRAINT p1_v CHECK (v <> 'x')) FOR VALUES FROM (0) TO (100);"
       "CREATE INDEX p1_v_idx ON p1 (lower(v));"
       "CREATE VIEW pv AS SELECT k, v FROM p1; CREATE VIEW pk AS SELECT k FROM p1;"},
      // An index made on a partitioned table takes a partition's matching
      // index over (seed 60200): the partitions' own indexes come after it,
      // one that stays dropped and made again, a new partition's moved there.
      {"partition_indexes_stay_their_own_under_a_new_index_of_the_parent",
       "CREATE TABLE pt (k int, v text) PARTITION BY RANGE (k);"
       "CREATE TABLE p1 PARTITION OF pt FOR VALUES FROM (0) TO (100) PARTITION BY LIST (v);"
       "CREATE TABLE p1a PARTITION OF p1 FOR VALUES IN ('a'); CREATE INDEX p1a_k ON p1a (k) WHERE v <> '';"
       "INSERT INTO pt VALUES (1, 'a');",
       "CREATE TABLE pt (k int, v text) PARTITION BY RANGE (k);"
       "CREATE TABLE p1 PARTITION OF pt FOR VALUES FROM (0) TO (100) PARTITION BY LIST (v);"
       "CREATE TABLE p1a PARTITION OF p1 FOR VALUES IN ('a');"
       "CREATE TABLE \"P2\" PARTITION OF pt FOR VALUES FROM (100) TO (200);"
       "CREATE INDEX pt_k ON pt (k DESC) WHERE v <> ''; CREATE INDEX p1a_k ON p1a (k) WHERE v <> '';"
       "CREATE INDEX \"P2_k\" ON \"P2\" (k) WHERE v <> '';"},
      // ... and the downgrade of dropping the parent's index makes it again
      // before the partition's own.
      {"partition_index_stays_its_own_when_the_parents_index_comes_back",
       "CREATE TABLE pt (k int, v text) PARTITION BY RANGE (k);"
       "CREATE TABLE p1 PARTITION OF pt FOR VALUES FROM (0) TO (100);"
       "CREATE INDEX pt_k ON pt (k); CREATE INDEX p1_k ON p1 (k); INSERT INTO pt VALUES (1, 'a');",
       "CREATE TABLE pt (k int, v text) PARTITION BY RANGE (k);"
       "CREATE TABLE p1 PARTITION OF pt FOR VALUES FROM (0) TO (100); CREATE INDEX p1_k ON p1 (k);"},
      // A parent's generated column made again: the partition's own index
      // and check on it are made again too.
      {"partition_index_check_under_a_remade_parent_column",
       "CREATE TABLE pt (k int, v int, g int GENERATED ALWAYS AS (v * 2) STORED) PARTITION BY RANGE (k);"
       "CREATE TABLE p1 PARTITION OF pt (CONSTRAINT p1_g CHECK (g >= 0)) FOR VALUES FROM (0) TO (100);"
       "CREATE INDEX p1_g_idx ON p1 (g);"
       "CREATE VIEW pv AS SELECT k, g FROM p1;"
       "INSERT INTO pt (k, v) VALUES (1, 2);",
       "CREATE TABLE pt (k int, v int, g int GENERATED ALWAYS AS (v * 3) STORED) PARTITION BY RANGE (k);"
       "CREATE TABLE p1 PARTITION OF pt (CONSTRAINT p1_g CHECK (g >= 0)) FOR VALUES FROM (0) TO (100);"
       "CREATE INDEX p1_g_idx ON p1 (g);"
       "CREATE VIEW pv AS SELECT k, g FROM p1;"},
      {"partitioned_table_added", USERS,
       USERS EVENTS E2026 E2027 "CREATE INDEX events_user ON events (user_id);"},
      {"partition_added", USERS EVENTS E2026 ROWS, USERS EVENTS E2026 E2027},
      {"partition_dropped", USERS EVENTS E2026 E2027 ROWS, USERS EVENTS E2026},
      {"partitioned_table_dropped_with_its_partitions", USERS EVENTS E2026 E2027 ROWS, USERS},
      // ADD COLUMN, SET NOT NULL, retyping and CREATE INDEX on the parent
      // reach every partition.
      {"column_added_to_partitioned_table", USERS EVENTS E2026 ROWS,
       "CREATE TABLE users (id int PRIMARY KEY, name text);"
       "CREATE TABLE events (id bigint NOT NULL, at date NOT NULL, user_id int REFERENCES users, payload jsonb, "
       "kind text NOT NULL DEFAULT 'x', PRIMARY KEY (id, at)) PARTITION BY RANGE (at);" E2026},
      {"column_retyped_in_partitioned_table", "CREATE TABLE m (at date, v int) PARTITION BY RANGE (at);"
       "CREATE TABLE m_1 PARTITION OF m DEFAULT; INSERT INTO m VALUES ('2026-01-01', 5);",
       "CREATE TABLE m (at date, v bigint NOT NULL) PARTITION BY RANGE (at); CREATE TABLE m_1 PARTITION OF m DEFAULT;"},
      {"index_added_to_partitioned_table", USERS EVENTS E2026 E2027,
       USERS EVENTS E2026 E2027 "CREATE INDEX events_at ON events (at) WHERE payload IS NOT NULL;"},
      // No ALTER for a bound: detached and attached again, rows kept.
      {"partition_bound_changed", USERS EVENTS E2026 ROWS,
       USERS EVENTS "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2025-07-01') TO ('2027-01-01');"},
      {"partition_moved_to_another_parent",
       "CREATE TABLE a (at date) PARTITION BY RANGE (at); CREATE TABLE b (at date) PARTITION BY RANGE (at);"
       "CREATE TABLE p PARTITION OF a FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');"
       "INSERT INTO a VALUES ('2026-02-02');",
       "CREATE TABLE a (at date) PARTITION BY RANGE (at); CREATE TABLE b (at date) PARTITION BY RANGE (at);"
       "CREATE TABLE p PARTITION OF b FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');"},
      {"default_partition_added", USERS EVENTS E2026, USERS EVENTS E2026 "CREATE TABLE events_other PARTITION OF events DEFAULT;"},
      {"list_and_hash_partitioning", "",
       "CREATE TABLE regions (code text, n int) PARTITION BY LIST (code);"
       "CREATE TABLE regions_eu PARTITION OF regions FOR VALUES IN ('de', 'fr');"
       "CREATE TABLE regions_us PARTITION OF regions FOR VALUES IN ('us');"
       "CREATE TABLE shards (id bigint PRIMARY KEY) PARTITION BY HASH (id);"
       "CREATE TABLE shards_0 PARTITION OF shards FOR VALUES WITH (MODULUS 2, REMAINDER 0);"
       "CREATE TABLE shards_1 PARTITION OF shards FOR VALUES WITH (MODULUS 2, REMAINDER 1);"},
      // A partition partitioned again, its partitions made after it.
      {"sub_partitions", "",
       "CREATE TABLE z (at date, code text) PARTITION BY RANGE (at);"
       "CREATE TABLE a_2026 PARTITION OF z FOR VALUES FROM ('2026-01-01') TO ('2027-01-01') PARTITION BY LIST (code);"
       "CREATE TABLE a_2026_x PARTITION OF a_2026 FOR VALUES IN ('x');"
       "CREATE TABLE a_2026_rest PARTITION OF a_2026 DEFAULT;"},
      {"sub_partitions_dropped",
       "CREATE TABLE z (at date, code text) PARTITION BY RANGE (at);"
       "CREATE TABLE a_2026 PARTITION OF z FOR VALUES FROM ('2026-01-01') TO ('2027-01-01') PARTITION BY LIST (code);"
       "CREATE TABLE a_2026_x PARTITION OF a_2026 FOR VALUES IN ('x');",
       ""},
      // A partition's own constraint, index and storage parameter.
      {"partition_local_constraint_index_and_options", USERS EVENTS E2026,
       USERS EVENTS
       "CREATE TABLE events_2026 PARTITION OF events (CONSTRAINT events_2026_positive CHECK (id > 0)) FOR VALUES "
       "FROM ('2026-01-01') TO ('2027-01-01') WITH (fillfactor = 80);"
       "CREATE INDEX events_2026_payload ON events_2026 USING gin (payload);"},
      {"new_partition_with_local_constraint", USERS EVENTS,
       USERS EVENTS "CREATE TABLE events_2026 PARTITION OF events (CONSTRAINT c CHECK (id > 0)) FOR VALUES FROM "
                    "('2026-01-01') TO ('2027-01-01');"},
      // Triggers, policies and row level security of a partitioned table.
      {"trigger_policy_and_row_security_on_partitioned_table", USERS EVENTS E2026,
       USERS EVENTS E2026
       "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;"
       "CREATE TRIGGER events_touch BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION touch();"
       "ALTER TABLE events ENABLE ROW LEVEL SECURITY;"
       "CREATE POLICY recent ON events FOR SELECT USING (at > '2026-01-01');"},
      // A foreign key to a partitioned table.
      {"foreign_key_to_partitioned_table", USERS EVENTS E2026,
       USERS EVENTS E2026 "CREATE TABLE notes (id int, event_id bigint, event_at date, FOREIGN KEY (event_id, "
                          "event_at) REFERENCES events (id, at) ON DELETE CASCADE);"},
      // Found by the schema fuzzer: the parent's columns change with the
      // partition's bound; a new partition's key names a new column.
      // A composite type losing an attribute from the middle under a
      // partitioned table's column: the downgrade puts it back, value by
      // value (CASE ... ROW(...)), through the partitions; a NULL stays
      // NULL and a row of NULLs a row.
      {"composite_attribute_dropped_from_the_middle_under_a_partitioned_table",
       "CREATE TYPE ct AS (a integer, b integer, c text);"
       "CREATE TABLE pt (k text PRIMARY KEY, v ct) PARTITION BY HASH (k);"
       "CREATE TABLE p0 PARTITION OF pt FOR VALUES WITH (MODULUS 2, REMAINDER 0);"
       "CREATE TABLE p1 PARTITION OF pt FOR VALUES WITH (MODULUS 2, REMAINDER 1);"
       "INSERT INTO pt VALUES ('x', ROW(1, 2, 'a')), ('y', NULL), ('z', ROW(NULL, NULL, NULL));",
       "CREATE TYPE ct AS (b integer, c text);"
       "CREATE TABLE pt (k text PRIMARY KEY, v ct) PARTITION BY HASH (k);"
       "CREATE TABLE p0 PARTITION OF pt FOR VALUES WITH (MODULUS 2, REMAINDER 0);"
       "CREATE TABLE p1 PARTITION OF pt FOR VALUES WITH (MODULUS 2, REMAINDER 1);"},
      {"partition_bound_changed_while_parent_column_retyped",
       "CREATE TABLE m (k int, v int) PARTITION BY RANGE (k);"
       "CREATE TABLE m1 PARTITION OF m FOR VALUES FROM (0) TO (10); INSERT INTO m VALUES (1, 1);",
       "CREATE TABLE m (k int, v bigint, w text) PARTITION BY RANGE (k);"
       "CREATE TABLE m1 PARTITION OF m FOR VALUES FROM (0) TO (20);"},
      {"new_partition_keyed_on_a_new_column", "CREATE TABLE m (k int) PARTITION BY RANGE (k);",
       "CREATE TABLE m (k int, code text) PARTITION BY RANGE (k);"
       "CREATE TABLE m1 PARTITION OF m (CONSTRAINT m1_code CHECK (code <> '')) FOR VALUES FROM (0) TO (10) "
       "PARTITION BY LIST (code); CREATE TABLE m1_x PARTITION OF m1 FOR VALUES IN ('x');"},
      {"partition_in_another_schema", "CREATE SCHEMA archive;" USERS EVENTS,
       "CREATE SCHEMA archive;" USERS EVENTS
       "CREATE TABLE archive.events_2020 PARTITION OF events FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');",
       {"public", "archive"}},
  };
  return all;
}

RETORT_AUTOGEN_PROPERTY_SUITE(AutogenPropertyPartition, pairs());

}  // namespace
}  // namespace retort
