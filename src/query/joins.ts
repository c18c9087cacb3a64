/** FROM-clause helpers shared by the queries that walk a fact's joins (report groups, drill-down lists). */
import type { JoinDef } from './catalog.ts';
import { quoteIdent as q } from './sql/escape.ts';

/** Joins in first-seen order, each table once. */
export function uniqueJoins(joins: JoinDef[]): JoinDef[] {
  const seen = new Set<string>();
  return joins.filter((j) => (seen.has(j.table) ? false : (seen.add(j.table), true)));
}

/** `LEFT JOIN "t" ON "from"."k" = "t"."k"`: lookups never drop fact rows. */
export function printJoin(j: JoinDef): string {
  const on = j.on.map((c) => `${q(j.from)}.${q(c.fromColumn)} = ${q(j.table)}.${q(c.column)}`);
  return `LEFT JOIN ${q(j.table)} ON ${on.join(' AND ')}`;
}
