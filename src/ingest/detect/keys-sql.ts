/**
 * The whole-file key sets of `completeKeys`, gathered in SQL from the text table DuckDB read the
 * file into (`readTextTable`), instead of a second JS pass over every record: the same trimmed
 * values, the same "no value" rule, and the same cap (the first `MAX_DISTINCT` distinct values in
 * file order), so the plan that reads them cannot tell the two apart.
 */
import type { Engine } from '../../engine/types.ts';
import { quoteIdent as q } from '../../query/sql/escape.ts';
import { MAX_DISTINCT } from '../parse/infer.ts';
import { jsTrim, nullText } from '../parse/sql-rules.ts';
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
    const c = q(`c${i}`);
    const trimmed = jsTrim(c);
    // One pass: each value with its first row and count, then the capped list in file order.
    const res = await engine.query(
      `SELECT v, sum(k) OVER ()::DOUBLE AS seen, count(*) OVER ()::DOUBLE AS n
       FROM (SELECT ${trimmed} AS v, min(rowid) AS first, count(*) AS k FROM ${q(text.table)}
         WHERE NOT ${nullText(c, trimmed)} GROUP BY v)
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
