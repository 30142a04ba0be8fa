// The catalog queries of pg::snapshot(): what each reads, in which schemas,
// and in which columns (the row indexes snapshot.cpp's Reader uses).

#include "pg/snapshot_queries.hpp"

#include "pg/snapshot.hpp"

namespace retort::pg {

namespace {

// Rows of these relation kinds in the schemas in scope, minus members of
// extensions. {rel} is the pg_class alias.
std::string in_scope(const std::string& rel, const std::string& schemas) {
  return rel + ".relnamespace IN (SELECT oid FROM pg_namespace WHERE nspname = ANY (" + schemas +
         ") AND nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')) AND NOT EXISTS "
         "(SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_class'::regclass AND e.objid = " +
         rel + ".oid AND e.deptype = 'e')";
}

// True for the relations whose columns the columns query reads ({rel} in
// scope as well): snapshot.cpp names their key columns from those rows,
// instead of a subquery per row on the server.
std::string columns_read(const std::string& rel) {
  return rel + ".relkind IN ('r', 'p') AND NOT " + rel + ".relispartition";
}

// The names of the columns numbered in {keys} (an int2[]) of the relation
// {relid}, in that order, as a text array: for the other relations.
std::string key_names(const std::string& keys, const std::string& relid) {
  return "ARRAY(SELECT a.attname FROM unnest(" + keys + ") WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON "
         "a.attrelid = " + relid + " AND a.attnum = k.num ORDER BY k.ord)::text";
}

// The privileges given on views and routines in `schemas` to roles other
// than their owner (and EXECUTE taken from PUBLIC on a routine), one row
// each: kind ("view" or "routine"), schema, name, privilege, grantee,
// "grant option" / "revoke" / "".
std::string grants_query(const std::string& schemas) {
  const std::string grantee =
      "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END, "
      "CASE WHEN a.is_grantable THEN 'grant option' ELSE '' END ";
  const std::string routine = "quote_ident(p.proname) || '(' || oidvectortypes(p.proargtypes) || ')'";
  return "SELECT 'view', n.nspname, c.relname, a.privilege_type, " + grantee +
         "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace CROSS JOIN LATERAL aclexplode(c.relacl) a "
         "WHERE c.relkind IN ('v', 'm') AND a.grantee <> c.relowner AND " + in_scope("c", schemas) +
         " UNION ALL SELECT 'routine', n.nspname, " + routine + ", a.privilege_type, " + grantee +
         "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace CROSS JOIN LATERAL aclexplode(p.proacl) a "
         "WHERE a.grantee <> p.proowner AND a.grantee <> 0 AND n.nspname = ANY (" + schemas + ")"
         " UNION ALL SELECT 'routine', n.nspname, " + routine + ", 'EXECUTE', 'PUBLIC', 'revoke' "
         "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.proacl IS NOT NULL AND "
         "n.nspname = ANY (" + schemas + ") AND NOT EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE "
         "a.grantee = 0 AND a.privilege_type = 'EXECUTE') ORDER BY 1, 2, 3, 4, 5";
}

}  // namespace

std::pair<std::vector<Query>, std::vector<Query>> catalog_queries(const std::string& schemas) {
  std::vector<Query> first{
      {&Rows::relations,
       "SELECT c.oid::bigint, n.nspname, c.relname, c.relkind, COALESCE(dsc.description, ''), "
       "CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid, true) END, c.relpersistence = 'u', "
       // Storage and view options, the TOAST table's with "toast.".
       "ARRAY(SELECT o FROM unnest(c.reloptions) o UNION ALL SELECT 'toast.' || o FROM pg_class tc, "
       "unnest(tc.reloptions) o WHERE tc.oid = c.reltoastrelid)::text, "
       // Partitioning: the key of a partitioned table; a partition's parent
       // and bound.
       "CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) ELSE '' END, COALESCE(pn.nspname, ''), "
       "COALESCE(pc.relname, ''), CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) ELSE '' END "
       "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_description dsc ON "
       "dsc.objoid = c.oid AND dsc.classoid = 'pg_class'::regclass AND dsc.objsubid = 0 "
       "LEFT JOIN pg_inherits pi ON c.relispartition AND pi.inhrelid = c.oid LEFT JOIN pg_class pc ON pc.oid = "
       "pi.inhparent LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace "
       "WHERE c.relkind IN ('r', 'p', 'v', 'm') AND " +
       in_scope("c", schemas)},
      {&Rows::columns,
       "SELECT a.attrelid::bigint, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, "
       "COALESCE(pg_get_expr(ad.adbin, ad.adrelid), ''), a.attidentity, a.attgenerated, "
       "CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN CASE WHEN "
       "cn.nspname = 'pg_catalog' THEN quote_ident(co.collname) ELSE quote_ident(cn.nspname) || "
       "'.' || quote_ident(co.collname) END ELSE '' END, COALESCE(dsc.description, ''), "
       "bn.nspname, bt.typname, bt.typtype = 'e', bt.oid <> t.oid, a.attnum "
       "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
       "JOIN pg_type t ON t.oid = a.atttypid "
       "JOIN pg_type bt ON bt.oid = CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN "
       "t.typelem ELSE t.oid END JOIN pg_namespace bn ON bn.oid = bt.typnamespace "
       "LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum "
       // A join, not col_description(): a SQL function call per column costs more.
       "LEFT JOIN pg_description dsc ON dsc.objoid = a.attrelid AND dsc.classoid = "
       "'pg_class'::regclass AND dsc.objsubid = a.attnum "
       "LEFT JOIN pg_collation co ON co.oid = a.attcollation LEFT JOIN pg_namespace cn ON cn.oid "
       "= co.collnamespace WHERE a.attnum > 0 AND NOT a.attisdropped "
       // Tables, not partitions: a partition's columns are its parent's.
       // Not ORDER BY: sorting these wide rows costs the server more than
       // sorting them here.
       "AND " + columns_read("c") + " AND " + in_scope("c", schemas)},
      {&Rows::constraints,
       "SELECT con.conrelid::bigint, con.conname, con.contype, pg_get_constraintdef(con.oid), "
       "con.condeferrable, con.condeferred, con.confupdtype, con.confdeltype, "
       "CASE WHEN " + columns_read("c") + " THEN NULL ELSE " + key_names("con.conkey", "con.conrelid") +
       " END, COALESCE(rn.nspname, ''), COALESCE(rc.relname, ''), "
       "CASE WHEN con.confrelid = 0 OR (" + columns_read("rc") + " AND " + in_scope("rc", schemas) +
       ") THEN NULL ELSE " + key_names("con.confkey", "con.confrelid") + " END, con.conkey::text, "
       "con.confkey::text, con.confrelid::bigint "
       "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
       "LEFT JOIN pg_class rc ON rc.oid = con.confrelid LEFT JOIN pg_namespace rn ON rn.oid = "
       "rc.relnamespace WHERE con.contype IN ('p', 'u', 'c', 'f', 'x') "
       // Not the copies a partition holds of its parent's constraints, nor
       // those a foreign key to a partitioned table makes for each of its
       // partitions.
       "AND con.conparentid = 0 AND NOT (c.relispartition AND con.coninhcount > 0) AND " +
       in_scope("c", schemas)},
      {&Rows::sequences,
       "SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, "
       "s.seqmin, s.seqmax, s.seqcache, s.seqcycle, COALESCE(d.deptype, ' '), "
       "COALESCE(d.refobjid::bigint, 0), COALESCE(d.refobjsubid, 0), c.oid::regclass::text, "
       "COALESCE((SELECT a.attname FROM pg_attribute a WHERE a.attrelid = d.refobjid AND "
       "a.attnum = d.refobjsubid), '') "
       "FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = "
       "c.relnamespace LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = "
       "c.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') WHERE " +
       in_scope("c", schemas)},
      {&Rows::grants, grants_query(schemas)},
      {&Rows::view_deps,
       "SELECT DISTINCT r.ev_class::bigint, rn.nspname, rc.relname, COALESCE(a.attname, '') FROM pg_rewrite r JOIN "
       "pg_class c ON c.oid = r.ev_class JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass "
       "AND d.objid = r.oid AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class "
       "JOIN pg_class rc ON rc.oid = d.refobjid JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
       "LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0 "
       "WHERE c.relkind IN ('v', 'm') AND " +
       in_scope("c", schemas) + " ORDER BY 1, 2, 3, 4"}};
  std::vector<Query> second{
      {&Rows::indexes,
       "SELECT i.indrelid::bigint, ic.relname, i.indisunique, am.amname, "
       "pg_get_indexdef(i.indexrelid), CASE WHEN " + columns_read("c") + " THEN NULL ELSE " +
       key_names("i.indkey::int2[]", "i.indrelid") + " END, i.indkey::text "
       "FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = "
       "ic.relam JOIN pg_class c ON c.oid = i.indrelid WHERE NOT EXISTS (SELECT 1 FROM "
       "pg_constraint con WHERE con.conrelid = i.indrelid AND con.conindid = i.indexrelid AND "
       "con.contype IN ('p', 'u', 'x')) "
       // Not a partition's copy of its parent's index.
       "AND NOT (c.relispartition AND EXISTS (SELECT 1 FROM pg_inherits ii WHERE ii.inhrelid = i.indexrelid)) AND " +
       in_scope("c", schemas)},
      {&Rows::schemas,
       "SELECT nspname FROM pg_namespace WHERE nspname = ANY (" + schemas + ")"},
      {&Rows::others, other_objects_query(schemas)},
      {&Rows::extensions,
       "SELECT e.extname, n.nspname FROM pg_extension e JOIN pg_namespace n ON "
       "n.oid = e.extnamespace WHERE n.nspname = ANY (" +
       schemas + ")"},
      {&Rows::domains,
       "SELECT n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, "
       "COALESCE(t.typdefault, ''), CASE WHEN t.typcollation <> 0 AND t.typcollation <> "
       "bt.typcollation THEN CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname) "
       "ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END ELSE '' END, "
       "ARRAY(SELECT con.conname FROM pg_constraint con WHERE con.contypid = t.oid AND "
       "con.contype = 'c' ORDER BY con.conname)::text, "
       "ARRAY(SELECT pg_get_constraintdef(con.oid) FROM pg_constraint con WHERE con.contypid = "
       "t.oid AND con.contype = 'c' ORDER BY con.conname)::text, bt.typtype = 'd' "
       "FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_type bt ON bt.oid = "
       "t.typbasetype LEFT JOIN pg_collation co ON co.oid = t.typcollation LEFT JOIN pg_namespace "
       "cn ON cn.oid = co.collnamespace WHERE t.typtype = 'd' AND n.nspname = ANY (" +
       schemas +
       ") AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND "
       "d.objid = t.oid AND d.deptype = 'e') ORDER BY n.nspname, t.typname"},
      {&Rows::enums,
       "SELECT n.nspname, t.typname, e.enumlabel FROM pg_type t JOIN pg_namespace n ON n.oid = "
       "t.typnamespace LEFT JOIN pg_enum e ON e.enumtypid = t.oid WHERE t.typtype = 'e' AND "
       "n.nspname = ANY (" +
       schemas +
       ") AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND "
       "d.objid = t.oid AND d.deptype = 'e') ORDER BY n.nspname, t.typname, e.enumsortorder"}};
  return {std::move(first), std::move(second)};
}

}  // namespace retort::pg
