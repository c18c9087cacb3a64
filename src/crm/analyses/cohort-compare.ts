/**
 * Cohorts compared with an earlier period ("do this year's cohorts keep their clients better
 * than last year's did at the same age?"): each cohort of the period, at each age k, beside the
 * cohort that started one comparison shift earlier (`comparisonShift`, the pivot's arithmetic)
 * at the same age. Keys follow the funnel's: `<m>_previous`, `<m>_delta` and, for counts and
 * money, `<m>_growth`; retention, a rate, gets its Δ in percentage points and no growth
 * (docs/metrics.md, "Cohorts compared with an earlier period").
 */
import type { OutputColumn } from '../../query/compiled.ts';
import { EARLIER, growthValue } from '../../query/growth.ts';
import type { Shift } from '../../query/period/period.ts';
import type { Grain } from '../../query/spec/spec.ts';
import { and, bin, caseWhen, cast, col, eq, fn, lit, type Expr } from '../../query/sql/ast.ts';
import { table, type Join } from '../../query/sql/stmt.ts';
import { periodStart } from './common.ts';

/** The cohort's values that get an earlier value, and whether they get a growth in per cent. */
const COMPARED = [
  { key: 'cohort_size', growth: true },
  { key: 'active_clients', growth: true },
  { key: 'retention', growth: false },
  { key: 'revenue', growth: true },
] as const;

/** The aliases of the earlier cohorts' sizes and activity in the final SELECT. */
const ESZ = 'esz';
const EACT = 'eact';

/**
 * The joins that bring each row's earlier cohort: the one whose start is the row's cohort start
 * moved back by the shift (as dynamics' `epi`), at the same age k. An earlier cohort that no
 * cohort of the period matches is not listed: the rows are the period's cohorts.
 */
export function earlierJoins(shift: Shift, grain: Grain, sz: string, act: string): Join[] {
  const g = (c: string) => col('grid', c);
  const start = periodStart(bin('-', g('cohort_start'), { kind: 'interval', ...shift }), grain);
  const same = (t: string) =>
    and(
      bin('IS NOT DISTINCT FROM', col(t, 'split'), g('split')),
      eq(col(t, 'cohort_start'), start),
    );
  return [
    { type: 'LEFT', item: table(sz, ESZ), on: same(ESZ) },
    {
      type: 'LEFT',
      item: table(act, EACT),
      on: and(same(EACT), eq(col(EACT, 'k'), g('k'))),
    },
  ];
}

/**
 * The period's select items with the compared ones after each compared value, the hidden
 * `<m>_earlier` flags last (the order of {@link comparedColumns}). Without an earlier cohort its
 * size, clients and revenue read 0 and its retention is empty; `<m>_earlier` (1/0) says whether
 * there was one, so a growth without a number reads "new", the pivot's rule (query/growth.ts).
 */
export function withCompared(own: [Expr, string][]): [Expr, string][] {
  const size = cast(fn('coalesce', col(ESZ, 'cohort_size'), lit(0)), 'BIGINT');
  const active = cast(fn('coalesce', col(EACT, 'active'), lit(0)), 'BIGINT');
  const before: Record<string, Expr> = {
    cohort_size: size,
    active_clients: active,
    retention: caseWhen(
      [[bin('>', size, lit(0)), bin('/', cast(active, 'DOUBLE'), cast(size, 'DOUBLE'))]],
      lit(null),
    ),
    revenue: cast(fn('coalesce', col(EACT, 'revenue'), lit(0)), 'DOUBLE'),
  };
  const had = cast(caseWhen([[bin('>', size, lit(0)), lit(1)]], lit(0)), 'INTEGER');
  const out: [Expr, string][] = [];
  const earliers: [Expr, string][] = [];
  for (const [now, key] of own) {
    out.push([now, key]);
    const c = COMPARED.find((x) => x.key === key);
    if (!c) continue;
    const prev = before[c.key] as Expr;
    const delta = bin('-', now, prev);
    out.push([prev, `${key}_previous`], [cast(delta, typeOf(key)), `${key}_delta`]);
    if (!c.growth) continue;
    out.push([cast(growthValue(delta, prev), 'DOUBLE'), `${key}_growth`]);
    earliers.push([had, `${key}${EARLIER}`]);
  }
  return [...out, ...earliers];
}

const typeOf = (key: string) => (key === 'revenue' || key === 'retention' ? 'DOUBLE' : 'BIGINT');

/**
 * The output columns with the compared ones after each compared value, the hidden `_earlier`
 * flags last. The change of retention is what the question reads: kept on a narrow tile, and its
 * best and worst cohort marked among the cohorts of the same age (and split member).
 */
export function comparedColumns(columns: OutputColumn[], split: string | null): OutputColumn[] {
  const out: OutputColumn[] = [];
  const earliers: OutputColumn[] = [];
  for (const c of columns) {
    out.push(c);
    const cmp = COMPARED.find((x) => x.key === c.key);
    if (!cmp) continue;
    const measure = c.key;
    out.push({ key: `${c.key}_previous`, role: 'previous', measure, format: c.format });
    if (!cmp.growth) {
      out.push({
        key: `${c.key}_delta`,
        role: 'delta',
        measure,
        format: 'pp',
        essential: true,
        rankedWithin: [...(split ? [split] : []), 'period_index'],
      });
      continue;
    }
    out.push(
      { key: `${c.key}_delta`, role: 'delta', measure, format: c.format },
      { key: `${c.key}_growth`, role: 'growth', measure, format: 'pct' },
    );
    earliers.push({ key: `${c.key}${EARLIER}`, role: 'earlier', measure, format: 'int' });
  }
  return [...out, ...earliers];
}
