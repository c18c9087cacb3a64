/**
 * The funnel compared with an earlier period ("is our funnel converting better than last quarter,
 * and at which step did it get worse"): the same funnel — pipeline, filters, split — run over the
 * period and over the earlier one (`comparisonPeriod`, the pivot's arithmetic), side by side per
 * step. Keys follow the pivot's: `<v>_previous`, `<v>_delta` (percentage points for a
 * conversion), `reached_growth` (docs/metrics.md, "Funnel compared with an earlier period").
 */
import type { CompiledQuery, OutputColumn, PreparedTable } from '../../../query/compiled.ts';
import { EARLIER, growthValue } from '../../../query/growth.ts';
import { agg, bin, caseWhen, cast, col, fn, lit, type Expr } from '../../../query/sql/ast.ts';
import { printQuery } from '../../../query/sql/print.ts';
import { prefixCtes } from '../../../query/sql/rename.ts';
import { select, table, unionByName, type Query } from '../../../query/sql/stmt.ts';
import { cte, withNodes } from '../common.ts';
import type { FunnelStatement } from './funnel.ts';

/** The funnel's values that get an earlier value, and how their Δ is read. */
const COMPARED = [
  { key: 'reached', delta: 'int', growth: true },
  { key: 'step_conversion', delta: 'pp', growth: false },
  { key: 'cumulative_conversion', delta: 'pp', growth: false },
  { key: 'dropped', delta: null, growth: false },
] as const;

/** Counts read 0 for a split member that one period does not have; conversions stay empty. */
const COUNTS = new Set(['reached']);

/** The statement's CTEs and its final SELECT, apart: both periods' CTEs go into one WITH. */
function unnest(q: Query): { ctes: NonNullable<Query['with']>; body: Query } {
  const { with: ctes = [], ...body } = q;
  return { ctes, body: body as Query };
}

/**
 * Both funnels in one statement: each keeps its own CTEs (renamed apart: ClickHouse does not scope
 * a WITH to its statement), their rows are stacked and merged per split member and step — a
 * member only one period has keeps its row, and a NULL split member matches itself, which a join
 * on the split would not do — and the differences are taken on the merged row.
 */
export function compareFunnels(now: FunnelStatement, earlier: FunnelStatement): CompiledQuery {
  const a = unnest(prefixCtes(now.statement, 'n_'));
  const b = unnest(prefixCtes(earlier.statement, 'p_'));
  const split = now.split;
  const keys = [...(split ? [split] : []), 'stage', 'position'];
  const pass = (from: string, suffix: string) =>
    select(
      [
        ...keys.map((k): [Expr, string] => [col(from, k), k]),
        ...now.columns
          .filter((c) => !keys.includes(c.key) && (suffix === '' || compared(c.key)))
          .map((c): [Expr, string] => [col(from, c.key), c.key + suffix]),
      ],
      table(from),
    );
  const stacked = unionByName([pass('fnow', ''), pass('fprev', '_previous')]);
  const valueKeys = [
    ...now.columns.filter((c) => !keys.includes(c.key)).map((c) => c.key),
    ...COMPARED.map((c) => `${c.key}_previous`),
  ];
  const u = (k: string) => col('fu', k);
  const merged = select(
    [
      ...keys.map((k): [Expr, string] => [u(k), k]),
      ...valueKeys.map((k): [Expr, string] => [agg('max', [u(k)]), k]),
    ],
    table('fu'),
    { groupBy: keys.map(u) },
  );
  const m = (k: string): Expr => {
    const c = col('fm', k);
    return COUNTS.has(k.replace(/_previous$/, '')) ? cast(fn('coalesce', c, lit(0)), 'BIGINT') : c;
  };
  const out: [Expr, string][] = [];
  const columns: OutputColumn[] = [];
  const earliers: [Expr, string][] = [];
  for (const c of now.columns) {
    out.push([m(c.key), c.key]);
    columns.push(c);
    const cmp = COMPARED.find((x) => x.key === c.key);
    if (!cmp) continue;
    const prev = m(`${c.key}_previous`);
    out.push([prev, `${c.key}_previous`]);
    columns.push({ key: `${c.key}_previous`, role: 'previous', measure: c.key, format: c.format });
    if (cmp.delta === null) continue;
    const delta = bin('-', m(c.key), prev);
    out.push([cmp.delta === 'pp' ? cast(delta, 'DOUBLE') : delta, `${c.key}_delta`]);
    columns.push({
      key: `${c.key}_delta`,
      role: 'delta',
      measure: c.key,
      format: cmp.delta,
      // The change of a step's conversion is what "where did it get worse" reads first: kept on
      // a narrow tile, and its best and worst step marked within each split member's funnel.
      ...(c.key === 'step_conversion'
        ? { essential: true as const, rankedWithin: split ? [split] : [] }
        : {}),
    });
    if (!cmp.growth) continue;
    const growth = growthValue(delta, prev);
    out.push([cast(growth, 'DOUBLE'), `${c.key}_growth`]);
    columns.push({ key: `${c.key}_growth`, role: 'growth', measure: c.key, format: 'pct' });
    // Whether deals reached the step then. A count of deals is 0 exactly when none did, so a
    // growth without a number is "new" (the pivot's rule for a count, query/growth.ts), never
    // "from 0"; with no deals at all in the earlier funnel it stays "–" (flat-marks.ts).
    earliers.push([cast(caseWhen([[bin('>', prev, lit(0)), lit(1)]], lit(0)), 'INTEGER'), c.key]);
  }
  // Hidden keys after every shown one, as LTV's (`role: 'earlier'`, docs/metrics.md).
  for (const [had, key] of earliers) {
    out.push([had, `${key}${EARLIER}`]);
    columns.push({ key: `${key}${EARLIER}`, role: 'earlier', measure: key, format: 'int' });
  }
  const final = select(out, table('fm'), {
    orderBy: [...(split ? [{ expr: col('fm', split) }] : []), { expr: col('fm', 'position') }],
  });
  const statement = withNodes(
    [
      ...a.ctes,
      cte('fnow', a.body),
      ...b.ctes,
      cte('fprev', b.body),
      cte('fu', stacked),
      cte('fm', merged),
    ],
    final,
  );
  const prepare = uniqueTables([...now.prepare, ...earlier.prepare]);
  return {
    sql: printQuery(statement),
    columns,
    hasTotals: false,
    notes: now.notes,
    ...(prepare.length ? { prepare } : {}),
  };
}

const compared = (key: string) => COMPARED.some((c) => c.key === key);

/** Both periods read the same per-deal summary: it is built once. */
function uniqueTables(tables: PreparedTable[]): PreparedTable[] {
  return [...new Map(tables.map((t) => [t.table, t])).values()];
}
