/**
 * Rows without the measure's date belong to no period. With a period chosen they cannot be in the
 * report, so the report says how many there are (a count beside the result, run after it) and
 * drill-down lists them (`compileDrill` with `undated`). Without a period they simply count.
 */
import type { Catalog, JoinDef } from './catalog.ts';
import type { UndatedCheck } from './compiled.ts';
import type { Group } from './group-query.ts';
import { lookupJoin, uniqueJoins } from './joins.ts';
import { reacher, joinsForTables } from './resolve.ts';
import type { ReportSpec } from './spec/spec.ts';
import { and, cast, fn, tablesOf } from './sql/ast.ts';
import { printQuery } from './sql/print.ts';
import { select, table } from './sql/stmt.ts';
import { countedRows, rowConditions, undatedConditions } from './where.ts';
import { msg, named, type Message } from '../lib/message.ts';

/** The count of a group's undated rows under the report's filters, when a period is chosen. */
export function undatedCheck(spec: ReportSpec, catalog: Catalog, g: Group): UndatedCheck | null {
  if (!spec.period || !g.date) return null;
  const fact = g.fact;
  const joins: JoinDef[] = [];
  const reach = reacher(fact, joins);
  const dateExpr = reach(g.date);
  if (!dateExpr) return null;
  const counted = countedRows(g.measures);
  if (counted)
    joins.push(
      ...joinsForTables(
        fact,
        [...tablesOf(counted)].filter((t) => t !== fact.table),
      ),
    );
  // The filters apply as in the report; the period does not (these rows have no date to test).
  const conds = [
    ...undatedConditions(dateExpr, counted),
    ...rowConditions({ ...spec, period: null }, catalog, null, null, reach, () => undefined, null),
  ];
  const count = select([[cast(fn('count'), 'DOUBLE'), 'n']], table(fact.table), {
    joins: uniqueJoins(joins).map(lookupJoin),
    where: and(...conds),
  });
  return {
    sql: printQuery(count),
    field: named(g.date),
    measures: g.measures.map(named),
  };
}

/** Runs the checks; each non-zero count becomes a note. */
export async function undatedNotes(
  checks: readonly UndatedCheck[] | undefined,
  count: (sql: string) => Promise<number>,
): Promise<Message[]> {
  const notes: Message[] = [];
  for (const c of checks ?? []) {
    const n = await count(c.sql);
    if (n > 0) notes.push(msg('note_undated', { count: n, field: c.field, measures: c.measures }));
  }
  return notes;
}
