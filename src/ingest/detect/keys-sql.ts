/**
 * The whole-file key sets of `completeKeys`, gathered in SQL from the text table DuckDB read the
 * file into (`readTextTable`), instead of a second JS pass over every record: the same trimmed
 * values, the same "no value" rule, and the same cap (the first `MAX_DISTINCT` distinct values in
 * file order), so the plan that reads them cannot tell the two apart.
 */
import type { Engine } from '../../engine/types.ts';
import { quoteIdent as q } from '../../query/sql/escape.ts';
import { MAX_DISTINCT } from '../parse/infer.ts';
import { textValue } from '../parse/sql-rules.ts';
import type { TextTable } from '../parse/sql-load.ts';
import type { Scanned } from './detect.ts';

/** Fills the key sets of `cols` of `t` from its text table; rows and issues become the file's. */
export async function completeKeysSql(
  engine: Engine,
  t: Scanned,
  text: TextTable,
  cols: number[],
  signal?: AbortSignal,
): Promise<void> {
  if (t.proposal.sampled === undefined) return;
  for (const i of cols) {
    signal?.throwIfAborted();
    // One pass: each value with its first row and count, then the capped list in file order.
    // `textValue` is NULL exactly for "no value" texts, so the filter is on the value itself.
    const res = await engine.query(
      `SELECT v, sum(k) OVER ()::DOUBLE AS seen, count(*) OVER ()::DOUBLE AS n
       FROM (SELECT v, min(r) AS first, count(*) AS k
         FROM (SELECT ${textValue(q(`c${i}`))} AS v, rowid AS r FROM ${q(text.table)})
         WHERE v IS NOT NULL GROUP BY v)
       ORDER BY first LIMIT ${MAX_DISTINCT}`,
    );
    const head = res.get(0)?.toJSON() as { seen: number; n: number } | undefined;
    const st = t.stats[i]!;
    st.resetKeys();
    const col = res.getChild('v')!;
    for (let k = 0; k < res.numRows; k++) st.distinct.add(String(col.get(k)));
    st.seen = Number(head?.seen ?? 0);
    st.distinctOverflow = Number(head?.n ?? 0) > MAX_DISTINCT;
  }
  // DuckDB read the file only because every record is whole (`csvShape`): none was skipped.
  t.rows = text.rows;
  t.issues = 0;
  t.proposal.rows = text.rows;
}
