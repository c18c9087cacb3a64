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
 */
export async function reportFailures(
  engine: Engine,
  staging: string,
  fails: FailColumn[],
  lines: Int32Array,
  lineOffset: number,
  report: FileReportBuilder,
): Promise<void> {
  if (fails.length === 0) return;
  const aggs = fails.map(
    (f, i) =>
      `count(${q(f.name)})::DOUBLE AS ${q(`n${i}`)}, min(rowid) FILTER (WHERE ${q(f.name)} IS NOT NULL)::DOUBLE AS ${q(`f${i}`)}`,
  );
  const row = (await engine.query(`SELECT ${aggs.join(', ')} FROM ${q(staging)}`))
    .get(0)
    ?.toArray() as (number | null)[] | undefined;
  const found = fails
    .map((f, i) => ({ f, n: Number(row?.[2 * i] ?? 0), first: Number(row?.[2 * i + 1] ?? 0) }))
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
}
