/**
 * A fact table as it stood at a moment: rows created before it and not closed by then are open,
 * in the last stage they had entered before it (from the history); rows closed before it keep
 * their status; rows not created yet have none. Snapshot measures over this table answer "open
 * pipeline at the end of the period" instead of "now".
 */
import type { AsOfDef, FactDef } from './catalog.ts';
import { dateLiteral, quoteIdent as q, quoteString } from './sql/escape.ts';

/** `(SELECT … ) AS "<fact table>"`, a drop-in for the table in FROM. `until` is exclusive. */
export function factAsOf(fact: FactDef & { asOf: AsOfDef }, until: string): string {
  const a = fact.asOf;
  const t = dateLiteral(until);
  const d = (c: string) => `${q('d')}.${q(c)}`;
  const status =
    `CASE WHEN (${d(a.created)} IS NULL OR ${d(a.created)} < ${t}) AND (${d(a.closed)} IS NULL OR ${d(a.closed)} >= ${t}) ` +
    `THEN ${quoteString(a.open)} WHEN ${d(a.closed)} < ${t} THEN ${d(a.status)} END`;
  const history =
    `SELECT ${q(a.historyKey)} AS ${q('_k')}, arg_max(${q(a.historyStage)}, ${q(a.historyAt)}) AS ${q('_stage')} ` +
    `FROM ${q(a.history)} WHERE ${q(a.historyAt)} < ${t} GROUP BY ${q(a.historyKey)}`;
  return (
    `(SELECT ${q('d')}.* REPLACE (${status} AS ${q(a.status)}, coalesce(${q('h')}.${q('_stage')}, ${d(a.stage)}) AS ${q(a.stage)})\n` +
    `    FROM ${q(fact.table)} AS ${q('d')} LEFT JOIN (${history}) AS ${q('h')} ON ${q('h')}.${q('_k')} = ${d(a.key)}) AS ${q(fact.table)}`
  );
}

/** Whether a snapshot group over this fact is evaluated as of a period end. */
export function hasAsOf(fact: FactDef): fact is FactDef & { asOf: AsOfDef } {
  return fact.asOf !== undefined;
}
