/**
 * Generated SQL against the query a person would write for the same question, on the same engine
 * in the same run, interleaved so that the machine's load falls on both alike. The figure that
 * matters is the ratio (issue #11: ≤ 1.25×). Both answers are compared first: a fast query that
 * answers something else would make the ratio meaningless.
 */
import type { Catalog } from '../src/query/catalog.ts';
import { compileReport } from '../src/crm/report.ts';
import type { DatasetModel } from '../src/crm/model.ts';
import type { Engine } from '../src/engine/types.ts';
import { BENCH_SPECS, median, type BenchRow } from './specs.ts';

interface Pair {
  spec: string;
  /** Hand-written for the demo's canonical tables; ordered like the generated result. */
  sql: (m: DatasetModel) => string;
}

const lastYear = (m: DatasetModel) => Number((m.maxDate ?? '2025-12-31').slice(0, 4));

const PAIRS: Pair[] = [
  {
    spec: 'manager × quarter (revenue, totals)',
    sql: (m) => `SELECT manager, date_trunc('quarter', closed_at) AS q,
        coalesce(sum(amount) FILTER (WHERE status = 'won'), 0) AS revenue
      FROM deals
      WHERE closed_at >= DATE '${lastYear(m)}-01-01' AND closed_at < DATE '${lastYear(m) + 1}-01-01'
      GROUP BY GROUPING SETS ((manager, q), (manager), (q), ())`,
  },
  {
    spec: 'by source (deals, won, revenue, win rate)',
    sql: () => `SELECT source,
        count(*) FILTER (WHERE created_at IS NOT NULL) AS deals,
        count(*) FILTER (WHERE status = 'won' AND closed_at IS NOT NULL) AS won,
        coalesce(sum(amount) FILTER (WHERE status = 'won' AND closed_at IS NOT NULL), 0) AS revenue,
        won / nullif(count(*) FILTER (WHERE status IN ('won', 'lost') AND closed_at IS NOT NULL), 0) AS win_rate
      FROM deals
      GROUP BY GROUPING SETS ((source), ())`,
  },
];

/** The measure columns of a result as sorted number lists, to compare two queries' answers. */
async function fingerprint(engine: Engine, sql: string, measures: string[]): Promise<string> {
  const t = await engine.query(sql);
  return measures
    .map((m) => {
      const c = t.getChild(m);
      const xs = c ? Array.from({ length: t.numRows }, (_, i) => Number(c.get(i) ?? NaN)) : [];
      return xs
        .map((x) => x.toPrecision(9))
        .sort()
        .join(',');
    })
    .join('|');
}

export async function benchHandwritten(
  engine: Engine,
  model: DatasetModel,
  catalog: Catalog,
  deals: number,
  runs: number,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const pair of PAIRS) {
    const spec = BENCH_SPECS[pair.spec]!(model);
    const generated = compileReport(spec, catalog).sql;
    const hand = pair.sql(model);
    const a = await fingerprint(engine, generated, spec.measures);
    const b = await fingerprint(engine, hand, spec.measures);
    if (a !== b) throw new Error(`hand-written SQL answers differently: ${pair.spec}`);
    const tg: number[] = [];
    const th: number[] = [];
    for (let i = 0; i < runs; i++) {
      let s = performance.now();
      await engine.query(generated);
      tg.push(performance.now() - s);
      s = performance.now();
      await engine.query(hand);
      th.push(performance.now() - s);
    }
    const g = median(tg);
    const h = median(th);
    rows.push({ where: 'node', deals, what: `hand-written SQL: ${pair.spec}`, ms: h });
    rows.push({
      where: 'node',
      deals,
      what: `ratio generated ÷ hand-written: ${pair.spec}`,
      ms: g / h,
      unit: '×',
    });
  }
  return rows;
}
