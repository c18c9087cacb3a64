/**
 * The failure report of a load through DuckDB's reader (`loadCsvSql`): the JS loader's list,
 * from the staging table's failure columns.
 */
import type { Engine } from '../../engine/types.ts';
import { quoteIdent as q } from '../../query/sql/escape.ts';
import type { FileReportBuilder } from '../report.ts';
import type { FailColumn } from './sql-typing.ts';

/**
 * The JS loader's failure list: per typed column, the count and the first five values (row,
 * text) that are not "no value" yet did not fit, columns in the order their first failure came.
 * The staging table's rows are in file order; its failure columns (`withFailures`) say which failed.
 * In the same scan, the values each number column loads rounded (`rounded`, `precision.ts`):
 * their count and the first, as the JS loader's warning per column, in column order.
 */
export async function reportFailures(
  engine: Engine,
  staging: string,
  fails: FailColumn[],
  lines: Int32Array,
  lineOffset: number,
  report: FileReportBuilder,
  rounded: FailColumn[] = [],
): Promise<void> {
  if (fails.length + rounded.length === 0) return;
  const aggs = fails.map(
    (f, i) =>
      `count(${q(f.name)})::DOUBLE AS ${q(`n${i}`)}, min(rowid) FILTER (WHERE ${q(f.name)} IS NOT NULL)::DOUBLE AS ${q(`f${i}`)}`,
  );
  const roundAggs = rounded.map((f, i) => {
    const has = `FILTER (WHERE ${q(f.name)} IS NOT NULL)`;
    return `count(${q(f.name)})::DOUBLE AS ${q(`r${i}`)}, min(rowid) ${has}::DOUBLE AS ${q(`rf${i}`)}, arg_min(${q(f.name)}, rowid) ${has} AS ${q(`rv${i}`)}`;
  });
  const row = (
    await engine.query(`SELECT ${[...aggs, ...roundAggs].join(', ')} FROM ${q(staging)}`)
  )
    .get(0)
    ?.toArray() as (number | string | null)[] | undefined;
  const at = (k: number) => row?.[k] ?? null;
  const found = fails
    .map((f, i) => ({ f, n: Number(at(2 * i) ?? 0), first: Number(at(2 * i + 1) ?? 0) }))
    .filter((x) => x.n > 0)
    .sort((a, b) => a.first - b.first || fails.indexOf(a.f) - fails.indexOf(b.f));
  for (const { f, n } of found) {
    // Five examples, as the JS loader keeps.
    const ex = await engine.query(
      `SELECT rowid::DOUBLE AS i, ${q(f.name)} AS v FROM ${q(staging)} WHERE ${q(f.name)} IS NOT NULL ORDER BY rowid LIMIT 5`,
    );
    const examples = ex.toArray().map((x) => x.toJSON() as { i: number; v: string });
    for (const e of examples) report.failure(f.c.name, f.c.type, lines[e.i]! + lineOffset, e.v);
    // The rest are counted, not shown.
    const rec = report.report.failures.find((x) => x.column === f.c.name)!;
    rec.count = n;
  }
  rounded.forEach((f, i) => {
    const k = 2 * fails.length + 3 * i;
    const n = Number(at(k) ?? 0);
    if (n > 0)
      report.rounded(f.c.name, n, lines[Number(at(k + 1))]! + lineOffset, String(at(k + 2)));
  });
}
