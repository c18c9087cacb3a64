/**
 * The forecast's survival estimate as CTEs over a table `t` of as-of dates (docs/metrics.md,
 * "Forecast"). Each deal is seen as it was at t: closed (won or lost, a competing event) or still
 * open (censored, never lost). From those, per age slice: deals at risk, won, lost → the share
 * still open s(k) and the win hazard hw(k).
 *
 * Two clocks: the pooled curve counts a deal's age from its creation; with a stage history, each
 * stage gets its own curve, counting from the day a deal entered that stage to its close. An
 * open deal is then read off its current stage's curve at its age in that stage, unless that
 * stage has fewer than MIN_STAGE_CLOSED closed deals behind it, when the pooled curve is used.
 */
import type { AsOfDef } from '../../../query/catalog.ts';
import { bin, cast, col, eq, fn, lit, notNull, type Expr } from '../../../query/sql/ast.ts';
import { p, q } from '../common.ts';

/** A stage's own curve needs this many deals that entered it and closed by the as-of date. */
export const MIN_STAGE_CLOSED = 30;

const c = (t: string, col: string) => `${q(t)}.${q(col)}`;
/** A qualified column selected under its own name (ClickHouse would name it `t.col`). */
const cn = (t: string, col: string) => `${c(t, col)} AS ${q(col)}`;

/** `count(*)` of the rows where `cond` holds, typed as DuckDB's BIGINT in every dialect. */
const countWhere = (cond?: Expr): string =>
  p(cond ? { kind: 'fn', name: 'count', args: [], filter: cond } : fn('count'));
const ev = col(null, 'ev');

/** A window call over one curve's age slices, oldest last. */
const alongCurve = (f: Expr): Expr => ({
  kind: 'over',
  fn: f,
  partitionBy: [col(null, 't'), col(null, 'g')],
  orderBy: [{ expr: col(null, 'k'), desc: false }],
});
const isEv = (event: string) => eq(ev, lit(event));

/** The day `n` slices after `t`, as a DATE. */
export const sliceDay = (t: Expr, n: Expr, L: number): Expr =>
  cast(bin('+', t, cast(fn('floor', bin('*', n, lit(L))), 'INTEGER')), 'DATE');

/** A day as `YYYY-MM-DD` text, the same in every dialect. */
export const isoDay = (d: Expr): Expr => fn('format_date', d, lit('%Y-%m-%d'));

/** Slice h's first day as text: the label of the forecast's `period` and the drill's match. */
export const sliceStart = (t: Expr, h: Expr, L: number): Expr =>
  isoDay(bin('+', sliceDay(t, bin('-', h, lit(1)), L), lit(1)));

/**
 * - `e`: each deal known at t (created by then; a closed deal without a close date cannot be
 *   placed in time and is left out), its event `ev` (`won`/`lost` if closed by t, else NULL) and
 *   its age slice k from creation at that event or at t.
 * - with a history, `ep`: each stage a deal entered by t before it closed, the age slice k from
 *   entering it; `cur`: an open deal's current stage at t (the last entered; ties by name).
 * - `x`: every observation with its curve `g` (NULL: the pooled one, else the stage).
 */
export function observationCtes(L: number, history: AsOfDef | null): [string, string][] {
  const closedBy = `${c('d', 'status')} IN ('won', 'lost') AND ${c('d', 'c1')} <= ${c('t', 't')}`;
  const end = `CASE WHEN ${closedBy} THEN ${c('d', 'c1')} ELSE ${c('t', 't')} END`;
  const slice = (from: string, to: string) =>
    `CAST(greatest(0, floor(date_diff('day', ${from}, ${to}) / ${L})) AS INTEGER)`;
  const ctes: [string, string][] = [
    [
      'e',
      `SELECT ${cn('t', 't')}, ${q('d')}.*,
    CASE WHEN ${closedBy} THEN ${c('d', 'status')} END AS ${q('ev')},
    ${slice(c('d', 'c0'), end)} AS ${q('k')}
  FROM ${q('t')} CROSS JOIN ${q('d')}
  WHERE ${c('d', 'c0')} <= ${c('t', 't')}
    AND NOT (${c('d', 'status')} IN ('won', 'lost') AND ${c('d', 'c1')} IS NULL)`,
    ],
  ];
  const pooled = `SELECT ${q('t')}, ${p(cast(lit(null), 'VARCHAR'))} AS ${q('g')}, ${q('ev')}, ${q('k')} FROM ${q('e')}`;
  if (!history) {
    ctes.push(['x', pooled]);
    return ctes;
  }
  const h = (col: string) => c('h', col);
  const e = (col: string) => c('e', col);
  const latest: Expr = {
    kind: 'over',
    fn: fn('row_number'),
    partitionBy: [col(null, 't'), col(null, 'id')],
    orderBy: [
      { expr: col(null, 'at'), desc: true },
      { expr: col(null, 'g'), desc: true },
    ],
  };
  const ended = `CASE WHEN ${e('ev')} IS NOT NULL THEN ${e('c1')} ELSE ${e('t')} END`;
  ctes.push(
    [
      'h',
      `SELECT ${p(cast(col(null, history.historyKey), 'VARCHAR'))} AS ${q('id')}, ${p(cast(col(null, history.historyStage), 'VARCHAR'))} AS ${q('g')},
    ${p(cast(col(null, history.historyAt), 'TIMESTAMP'))} AS ${q('at')}
  FROM ${q(history.history)}
  WHERE ${q(history.historyAt)} IS NOT NULL AND ${q(history.historyStage)} IS NOT NULL`,
    ],
    // The entry into the closing (won/lost) stage is the close itself, not a stage to wait in.
    [
      'ep',
      `SELECT ${cn('e', 't')}, ${cn('e', 'id')}, ${cn('h', 'g')}, ${cn('h', 'at')}, ${cn('e', 'ev')},
    ${slice(`CAST(${h('at')} AS DATE)`, ended)} AS ${q('k')}
  FROM ${q('e')} JOIN ${q('h')} ON ${h('id')} = ${e('id')}
  WHERE CAST(${h('at')} AS DATE) <= ${e('t')}
    AND NOT (${e('status')} IN ('won', 'lost') AND ${h('at')} >= ${e('closed_ts')})`,
    ],
    [
      'cur',
      `SELECT ${q('t')}, ${q('id')}, ${q('g')}, ${q('at')}, ${q('k')}
  FROM ${q('ep')} WHERE ${q('ev')} IS NULL
  QUALIFY ${p(latest)} = 1`,
    ],
    [
      'x',
      `${pooled}\n  UNION ALL\n  SELECT ${q('t')}, ${q('g')}, ${q('ev')}, ${q('k')} FROM ${q('ep')}`,
    ],
  );
  return ctes;
}

/**
 * From `x`, per curve (t, g): `haz` — per age slice, deals at risk n (not yet closed, still
 * observed), won w, lost l; `surv` — s(k), the share still open at the start of slice k, and the
 * win hazard hw(k); `fit` — the curves an open deal may be read off (the pooled one always, a
 * stage's when enough of its deals closed); `typical` and `winrate` as known at t.
 */
export function curveCtes(): [string, string][] {
  const g = (col: string) => c('g', col);
  const part = `PARTITION BY ${g('t')}, ${g('g')}`;
  // Qualified: ClickHouse would read a bare `w` below as the alias it is given here.
  const wl = `coalesce(${c('cnt', 'w')}, 0) + coalesce(${c('cnt', 'l')}, 0)`;
  return [
    [
      'cnt',
      `SELECT ${q('t')}, ${q('g')}, ${q('k')},
    ${countWhere(isEv('won'))} AS ${q('w')},
    ${countWhere(isEv('lost'))} AS ${q('l')},
    ${countWhere({ kind: 'isnull', expr: ev, negate: false })} AS ${q('c')}
  FROM ${q('x')}
  GROUP BY ${q('t')}, ${q('g')}, ${q('k')}`,
    ],
    // Every age slice up to the oldest observation, so the window sums see the empty ones too.
    [
      'haz',
      `SELECT ${cn('g', 't')}, ${cn('g', 'g')}, ${cn('g', 'k')},
    coalesce(${c('cnt', 'w')}, 0) AS ${q('w')}, coalesce(${c('cnt', 'l')}, 0) AS ${q('l')},
    sum(${wl} + coalesce(${c('cnt', 'c')}, 0)) OVER (${part})
      - sum(${wl}) OVER (${part} ORDER BY ${g('k')})
      + ${wl}
      - sum(coalesce(${c('cnt', 'c')}, 0)) OVER (${part} ORDER BY ${g('k')}) AS ${q('n')}
  FROM (SELECT ${q('t')}, ${q('g')}, ${p(fn('series', lit(0), col(null, 'k_max')))} AS ${q('k')}
    FROM (SELECT ${q('t')}, ${q('g')}, max(${q('k')}) AS ${q('k_max')} FROM ${q('x')} GROUP BY ${q('t')}, ${q('g')})) AS ${q('g')}
    LEFT JOIN ${q('cnt')} ON ${c('cnt', 't')} = ${g('t')} AND ${c('cnt', 'g')} IS NOT DISTINCT FROM ${g('g')} AND ${c('cnt', 'k')} = ${g('k')}`,
    ],
    [
      'surv0',
      `SELECT ${q('t')}, ${q('g')}, ${q('k')},
    CASE WHEN ${q('n')} > 0 THEN ${q('w')} / ${q('n')} ELSE 0 END AS ${q('hw')},
    ${p(alongCurve(fn('product', col(null, 'n_left'))))} AS ${q('s_after')}
  FROM (SELECT *, CASE WHEN ${q('n')} > 0 THEN 1 - (${q('w')} + ${q('l')}) / ${q('n')} ELSE 1 END AS ${q('n_left')} FROM ${q('haz')})`,
    ],
    [
      'surv',
      `SELECT ${q('t')}, ${q('g')}, ${q('k')}, ${q('hw')},
    coalesce(${p(alongCurve(fn('lag', col(null, 's_after'))))}, 1) AS ${q('s')}
  FROM ${q('surv0')}`,
    ],
    [
      'fit',
      `SELECT ${q('t')}, ${q('g')} FROM ${q('x')}
  WHERE ${q('g')} IS NOT NULL
  GROUP BY ${q('t')}, ${q('g')}
  HAVING ${countWhere(notNull(ev))} >= ${MIN_STAGE_CLOSED}`,
    ],
    // The amount a deal without one is expected to bring: the median won amount known at t.
    [
      'typical',
      `SELECT ${cn('e', 't')}, ${p(fn('median', col('e', 'amount')))} AS ${q('amount')}
  FROM ${q('e')} WHERE ${c('e', 'ev')} = 'won' AND ${c('e', 'amount')} IS NOT NULL
  GROUP BY ${c('e', 't')}`,
    ],
    [
      'winrate',
      `SELECT ${q('t')}, ${countWhere(isEv('won'))} / nullif(${countWhere(notNull(ev))}, 0) AS ${q('rate')}
  FROM ${q('e')} GROUP BY ${q('t')}`,
    ],
  ];
}

/**
 * - `o`: each deal open at t with the curve it is read off (`cg`, NULL for the pooled one) and
 *   its age slice on that curve `ck`; its stage and the day it entered it (NULL when unknown).
 * - `pd`: each open deal × each horizon slice h (1…H): the chance p it is won in that slice,
 *   s(ck+h−1) / s(ck) · hw(ck+h−1) (0 past the oldest age seen: no deal that old was ever won),
 *   its amount (or the typical one), and whether it was in fact won then.
 */
const O_COLS = ['t', 'rid', 'id', 'title', 'split', 'status', 'manager', 'amount', 'c1'];

export function openCtes(
  L: number,
  H: number,
  history: boolean,
  extra: string[] = [],
): [string, string][] {
  const e = (col: string) => c('e', col);
  const own = history
    ? `${c('cur', 'g')} AS ${q('at_stage')}, CAST(${c('cur', 'at')} AS DATE) AS ${q('entered')},
    ${c('fit', 'g')} AS ${q('cg')}, CASE WHEN ${c('fit', 'g')} IS NOT NULL THEN ${c('cur', 'k')} ELSE ${e('k')} END AS ${q('ck')}`
    : `${e('stage')} AS ${q('at_stage')}, ${p(cast(lit(null), 'DATE'))} AS ${q('entered')},
    ${p(cast(lit(null), 'VARCHAR'))} AS ${q('cg')}, ${e('k')} AS ${q('ck')}`;
  const joins = history
    ? `
    LEFT JOIN ${q('cur')} ON ${c('cur', 't')} = ${e('t')} AND ${c('cur', 'id')} = ${e('id')}
    LEFT JOIN ${q('fit')} ON ${c('fit', 't')} = ${e('t')} AND ${c('fit', 'g')} = ${c('cur', 'g')}`
    : '';
  const o = (col: string) => c('o', col);
  return [
    // What `pd` reads, by name: ClickHouse names `e.*` beside a join `e.t`, `e.id`….
    [
      'o',
      `SELECT ${[...O_COLS, ...extra].map((k) => cn('e', k)).join(', ')}, ${own}\n  FROM ${q('e')}${joins}\n  WHERE ${e('ev')} IS NULL`,
    ],
    [
      'pd',
      `SELECT ${['t', 'rid', 'id', 'title', 'manager', 'at_stage', 'entered'].map((k) => cn('o', k)).join(', ')},
    ${cn('o', 'split')}, ${cn('h', 'h')}, ${p(sliceStart(col('o', 't'), col('h', 'h'), L))} AS ${q('period')},
    ${extra.map((k) => `${cn('o', k)}, `).join('')}${o('amount')} AS ${q('own_amount')},
    coalesce(${o('amount')}, ${c('ty', 'amount')}, 0) AS ${q('amount')},
    coalesce(${c('s1', 's')} / nullif(${c('s0', 's')}, 0) * ${c('s1', 'hw')}, 0) AS ${q('p')},
    (${o('status')} = 'won' AND ${o('c1')} > ${o('t')}
      AND ceil(date_diff('day', ${o('t')}, ${o('c1')}) / ${L}) = ${q('h')}.${q('h')}) AS ${q('won_in')}
  FROM ${q('o')}
    CROSS JOIN (SELECT ${p(fn('series', lit(1), lit(H)))} AS ${q('h')}) AS ${q('h')}
    LEFT JOIN ${q('surv')} AS ${q('s0')} ON ${c('s0', 't')} = ${o('t')} AND ${c('s0', 'g')} IS NOT DISTINCT FROM ${o('cg')} AND ${c('s0', 'k')} = ${o('ck')}
    LEFT JOIN ${q('surv')} AS ${q('s1')} ON ${c('s1', 't')} = ${o('t')} AND ${c('s1', 'g')} IS NOT DISTINCT FROM ${o('cg')} AND ${c('s1', 'k')} = ${o('ck')} + ${q('h')}.${q('h')} - 1
    LEFT JOIN ${q('typical')} AS ${q('ty')} ON ${c('ty', 't')} = ${o('t')}`,
    ],
  ];
}

/** What a group of `pd` rows adds up to: expectations, their variances and the actuals (printed in the current dialect). */
export const sliceSums = () => `${countWhere()} AS ${q('open_deals')},
    sum(${q('p')}) AS ${q('expected_won')},
    sum(${q('p')} * ${q('amount')}) AS ${q('expected_revenue')},
    sum(${q('p')} * (1 - ${q('p')})) AS ${q('var_won')},
    sum(${q('p')} * (1 - ${q('p')}) * ${q('amount')} * ${q('amount')}) AS ${q('var_revenue')},
    ${countWhere(col(null, 'won_in'))} AS ${q('actual_won')},
    coalesce(sum(${q('own_amount')}) FILTER (WHERE ${q('won_in')}), 0) AS ${q('actual_revenue')}`;
