// The catalog query for what autogenerate reads but does not generate SQL
// for (autogen::OtherObject): one row per object, with a definition that the
// server prints the same way for the same DDL, so that the declared schema
// and the database can be compared object by object.

#include "pg/snapshot.hpp"

namespace retort::pg {

std::string other_objects_query(const std::string& schemas) {
  // Columns: kind, schema, name, the owning table's schema and name (empty
  // when none), definition.
  return
      "WITH ns AS (SELECT oid, nspname FROM pg_namespace WHERE nspname = ANY (" + schemas +
      ") AND nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')), "
      "rel AS (SELECT c.oid, c.relname, c.relkind, c.relispartition, "
      "c.relrowsecurity, c.relforcerowsecurity, ns.nspname FROM pg_class c JOIN ns ON "
      "ns.oid = c.relnamespace WHERE NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = "
      "'pg_class'::regclass AND e.objid = c.oid AND e.deptype = 'e')) "
      // Functions, procedures, aggregates; not those of an extension, nor
      // those a type made for itself (a range type's constructors).
      "SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END, "
      "ns.nspname, quote_ident(p.proname) || '(' || oidvectortypes(p.proargtypes) || ')', '', '', "
      // An aggregate: "RETURNS type", a line, then what CREATE AGGREGATE
      // takes in parentheses; an ordered-set or hypothetical-set one starts
      // with a line that says so.
      "CASE WHEN p.prokind = 'a' THEN (SELECT CASE WHEN a.aggkind <> 'n' THEN 'ordered-set aggregate (kind ' || "
      "a.aggkind::text || E')\n' ELSE '' END || 'RETURNS ' || pg_get_function_result(p.oid) || E'\n' || concat_ws(', ', "
      "'SFUNC = ' || a.aggtransfn::regproc::text, 'STYPE = ' || format_type(a.aggtranstype, NULL), "
      "'SSPACE = ' || NULLIF(a.aggtransspace, 0), 'FINALFUNC = ' || NULLIF(a.aggfinalfn, 0)::regproc::text, "
      "CASE WHEN a.aggfinalextra THEN 'FINALFUNC_EXTRA' END, CASE WHEN a.aggfinalfn <> 0 AND a.aggfinalmodify "
      "<> 'r' THEN 'FINALFUNC_MODIFY = ' || CASE a.aggfinalmodify WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' "
      "END END, 'COMBINEFUNC = ' || NULLIF(a.aggcombinefn, 0)::regproc::text, 'SERIALFUNC = ' || "
      "NULLIF(a.aggserialfn, 0)::regproc::text, 'DESERIALFUNC = ' || NULLIF(a.aggdeserialfn, 0)::regproc::text, "
      "'INITCOND = ' || quote_literal(a.agginitval), 'MSFUNC = ' || NULLIF(a.aggmtransfn, 0)::regproc::text, "
      "'MINVFUNC = ' || NULLIF(a.aggminvtransfn, 0)::regproc::text, 'MSTYPE = ' || "
      "format_type(NULLIF(a.aggmtranstype, 0), NULL), 'MSSPACE = ' || NULLIF(a.aggmtransspace, 0), "
      "'MFINALFUNC = ' || NULLIF(a.aggmfinalfn, 0)::regproc::text, CASE WHEN a.aggmfinalextra THEN "
      "'MFINALFUNC_EXTRA' END, CASE WHEN a.aggmfinalfn <> 0 AND a.aggmfinalmodify <> 'r' THEN "
      "'MFINALFUNC_MODIFY = ' || CASE a.aggmfinalmodify WHEN 's' THEN 'SHAREABLE' ELSE 'READ_WRITE' END END, "
      "'MINITCOND = ' || quote_literal(a.aggminitval), 'SORTOP = OPERATOR(' || quote_ident(son.nspname) || '.' "
      "|| so.oprname || ')', CASE p.proparallel WHEN 's' THEN 'PARALLEL = SAFE' WHEN 'r' THEN "
      "'PARALLEL = RESTRICTED' END) FROM pg_aggregate a LEFT JOIN pg_operator so ON so.oid = a.aggsortop "
      "LEFT JOIN pg_namespace son ON son.oid = so.oprnamespace WHERE a.aggfnoid = p.oid) "
      "ELSE pg_get_functiondef(p.oid) END "
      "FROM pg_proc p JOIN ns ON ns.oid = p.pronamespace WHERE NOT EXISTS (SELECT 1 FROM pg_depend e "
      "WHERE e.classid = 'pg_proc'::regclass AND e.objid = p.oid AND e.deptype IN ('e', 'i')) "
      // Triggers written by users (not those of foreign keys, nor the
      // copies a partitioned table's trigger makes on its partitions).
      "UNION ALL SELECT 'trigger', c.nspname, t.tgname, c.nspname, c.relname, pg_get_triggerdef(t.oid) || "
      "CASE t.tgenabled WHEN 'O' THEN '' WHEN 'D' THEN ' (disabled)' WHEN 'R' THEN ' (enabled on replica)' "
      "ELSE ' (enabled always)' END "
      "FROM pg_trigger t JOIN rel c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal AND t.tgparentid = 0 "
      // Foreign tables: columns, constraints, server.
      "UNION ALL SELECT 'foreign table', c.nspname, c.relname, '', '', concat_ws(E'\\n', "
      "(SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN "
      "a.attnotnull THEN ' NOT NULL' ELSE '' END || COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), "
      "''), ', ' ORDER BY a.attnum) FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND "
      "d.adnum = a.attnum WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), "
      "(SELECT string_agg(quote_ident(k.conname) || ' ' || pg_get_constraintdef(k.oid), E'\\n' ORDER BY "
      "k.conname) FROM pg_constraint k WHERE k.conrelid = c.oid), "
      "(SELECT 'SERVER ' || quote_ident(s.srvname) || COALESCE(' OPTIONS ' || f.ftoptions::text, '') FROM "
      "pg_foreign_table f JOIN pg_foreign_server s ON s.oid = f.ftserver WHERE f.ftrelid = c.oid)) "
      "FROM rel c WHERE c.relkind = 'f' "
      // Inheritance of the tables that are diffed (their inherited columns
      // and constraints are read as the table's own).
      "UNION ALL SELECT 'inheritance', c.nspname, c.relname, c.nspname, c.relname, 'INHERITS (' || "
      "(SELECT string_agg(i.inhparent::regclass::text, ', ' ORDER BY i.inhseqno) FROM pg_inherits i WHERE "
      "i.inhrelid = c.oid) || ')' FROM rel c WHERE c.relkind = 'r' AND NOT c.relispartition AND EXISTS "
      "(SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid) "
      // Row level security, where it is on.
      "UNION ALL SELECT 'row security', c.nspname, c.relname, c.nspname, c.relname, concat_ws(', ', CASE WHEN "
      "c.relrowsecurity THEN 'ENABLE ROW LEVEL SECURITY' END, CASE WHEN c.relforcerowsecurity THEN "
      "'FORCE ROW LEVEL SECURITY' END) FROM rel c WHERE c.relrowsecurity OR c.relforcerowsecurity "
      // Row security policies.
      "UNION ALL SELECT 'policy', c.nspname, p.polname, c.nspname, c.relname, concat_ws(' ', CASE WHEN "
      "p.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END, 'FOR ' || CASE p.polcmd WHEN 'r' THEN "
      "'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END, "
      "'TO ' || (SELECT string_agg(x, ', ' ORDER BY x) FROM (SELECT CASE WHEN r = 0 THEN 'PUBLIC' ELSE "
      "quote_ident(pg_get_userbyid(r)) END AS x FROM unnest(p.polroles) r) roles), 'USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', "
      "'WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')') "
      "FROM pg_policy p JOIN rel c ON c.oid = p.polrelid "
      // Rules (a view's own _RETURN rule is the view).
      "UNION ALL SELECT 'rule', c.nspname, r.rulename, c.nspname, c.relname, pg_get_ruledef(r.oid) "
      "FROM pg_rewrite r JOIN rel c ON c.oid = r.ev_class WHERE r.rulename <> '_RETURN' "
      // Composite types (not a table's row type) and range types.
      "UNION ALL SELECT CASE t.typtype WHEN 'c' THEN 'composite type' ELSE 'range type' END, ns.nspname, "
      "t.typname, '', '', CASE WHEN t.typtype = 'c' THEN (SELECT string_agg(quote_ident(a.attname) || ' ' || "
      "format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) FROM pg_attribute a WHERE a.attrelid = "
      "t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) ELSE (SELECT concat_ws(', ', 'SUBTYPE = ' || "
      "g.rngsubtype::regtype::text, 'SUBTYPE_OPCLASS = ' || CASE WHEN on_.nspname = 'pg_catalog' THEN "
      "quote_ident(o.opcname) ELSE quote_ident(on_.nspname) || '.' || quote_ident(o.opcname) END, "
      "'COLLATION = ' || NULLIF(g.rngcollation, 0)::regcollation::text, "
      "'CANONICAL = ' || NULLIF(g.rngcanonical, 0)::regproc::text, "
      "'SUBTYPE_DIFF = ' || NULLIF(g.rngsubdiff, 0)::regproc::text, "
      "'MULTIRANGE_TYPE_NAME = ' || g.rngmultitypid::regtype::text) FROM pg_range g JOIN pg_opclass o ON "
      "o.oid = g.rngsubopc JOIN pg_namespace on_ ON on_.oid = o.opcnamespace WHERE g.rngtypid = t.oid) END "
      "FROM pg_type t JOIN ns ON ns.oid = t.typnamespace WHERE (t.typtype = 'r' OR (t.typtype = 'c' AND "
      "EXISTS (SELECT 1 FROM pg_class k WHERE k.oid = t.typrelid AND k.relkind = 'c'))) AND NOT EXISTS "
      "(SELECT 1 FROM pg_depend e WHERE e.classid = 'pg_type'::regclass AND e.objid = t.oid AND "
      "e.deptype = 'e')";
}

}  // namespace retort::pg
