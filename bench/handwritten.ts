/**
 * Generated SQL against the query a person would write for the same question, on the same engine
 * in the same run, interleaved so that the machine's load falls on both alike. The figure that
 * matters is the ratio (issue #11: ≤ 1.25×). Both answers are compared first: a fast query that
 * answers something else would make the ratio meaningless.
 */
import type { Catalog } from '../src/query/catalog.ts';
import { compileReport } from '../src/crm/report.ts';
import { compile } from '../src/query/compile.ts';
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
    // The same report with one pass per measure group, as before groups were fused.
    const unfused = compile(spec, catalog, { fuse: false }).sql;
    const hand = pair.sql(model);
    const a = await fingerprint(engine, generated, spec.measures);
    const b = await fingerprint(engine, hand, spec.measures);
    if (a !== b) throw new Error(`hand-written SQL answers differently: ${pair.spec}`);
    if ((await fingerprint(engine, unfused, spec.measures)) !== b)
      throw new Error(`unfused SQL answers differently: ${pair.spec}`);
    const tg: number[] = [];
    const tu: number[] = [];
    const th: number[] = [];
    const timed = async (sql: string, into: number[]) => {
      const s = performance.now();
      await engine.query(sql);
      into.push(performance.now() - s);
    };
    for (let i = 0; i < runs; i++) {
      await timed(generated, tg);
      await timed(hand, th);
      await timed(unfused, tu);
    }
    const h = median(th);
    rows.push({ where: 'node', deals, what: `hand-written SQL: ${pair.spec}`, ms: h });
    rows.push({
      where: 'node',
      deals,
      what: `ratio generated ÷ hand-written: ${pair.spec}`,
      ms: median(tg) / h,
      unit: '×',
    });
    if (unfused !== generated)
      rows.push({
        where: 'node',
        deals,
        what: `ratio generated, one pass per group ÷ hand-written: ${pair.spec}`,
        ms: median(tu) / h,
        unit: '×',
      });
  }
  return rows;
}
