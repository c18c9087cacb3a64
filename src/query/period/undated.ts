/**
 * Rows without the measure's date belong to no period. With a period chosen they cannot be in the
 * report, so the report says how many there are (a count beside the result, run after it) and
 * drill-down lists them (`compileDrill` with `undated`). Without a period they simply count.
 */
import type { Catalog, JoinDef } from '../catalog.ts';
import type { UndatedCheck } from '../compiled.ts';
import type { Group } from '../group-query.ts';
import { lookupJoin, uniqueJoins } from '../rows/joins.ts';
import { reacher, joinsForTables } from '../resolve.ts';
import type { ReportSpec } from '../spec/spec.ts';
import { and, cast, fn, tablesOf } from '../sql/ast.ts';
import { printQuery } from '../sql/print.ts';
import { select, table } from '../sql/stmt.ts';
import { countedRows, measureRows, rowConditions, undatedConditions } from '../rows/where.ts';
import { msg, named, type Message } from '../../lib/message.ts';

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
    drill: drillMeasure(g),
  };
}

/** The measure whose rows are the group's counted rows (see UndatedCheck.drill). */
function drillMeasure(g: Group): string | null {
  const all = g.measures.find((m) => measureRows(m) === null);
  if (all) return all.id;
  return g.measures.length === 1 ? g.measures[0]!.id : null;
}

/** A non-zero count of undated rows: its note, and the measure that lists them. */
export interface UndatedNote {
  note: Message;
  count: number;
  drill: string | null;
}

/** Runs the checks; each non-zero count becomes a note, with what drill-down needs to list it. */
export async function undatedCounts(
  checks: readonly UndatedCheck[] | undefined,
  count: (sql: string) => Promise<number>,
): Promise<UndatedNote[]> {
  const out: UndatedNote[] = [];
  for (const c of checks ?? []) {
    const n = await count(c.sql);
    if (n > 0)
      out.push({
        note: msg('note_undated', { count: n, field: c.field, measures: c.measures }),
        count: n,
        drill: c.drill,
      });
  }
  return out;
}

/** Runs the checks; each non-zero count becomes a note. */
export async function undatedNotes(
  checks: readonly UndatedCheck[] | undefined,
  count: (sql: string) => Promise<number>,
): Promise<Message[]> {
  return (await undatedCounts(checks, count)).map((u) => u.note);
}
