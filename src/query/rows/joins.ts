/** FROM-clause helpers shared by the queries that walk a fact's joins (report groups, drill-down lists). */
import type { JoinDef } from '../catalog.ts';
import { and, col, eq } from '../sql/ast.ts';
import { printJoinNode } from '../sql/print.ts';
import { table, type Join } from '../sql/stmt.ts';

/** Joins in first-seen order, each table once. */
export function uniqueJoins(joins: JoinDef[]): JoinDef[] {
  const seen = new Set<string>();
  return joins.filter((j) => (seen.has(j.table) ? false : (seen.add(j.table), true)));
}

/** `LEFT JOIN "t" ON "from"."k" = "t"."k"`: lookups never drop fact rows. */
export function lookupJoin(j: JoinDef): Join {
  const on = j.on.map((c) => eq(col(j.from, c.fromColumn), col(j.table, c.column)));
  return { type: 'LEFT', item: table(j.table), on: and(...on) };
}

/** {@link lookupJoin} as text, for the builders that still assemble their FROM clause. */
export function printJoin(j: JoinDef): string {
  return printJoinNode(lookupJoin(j));
}
