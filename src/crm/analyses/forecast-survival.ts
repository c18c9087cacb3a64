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
import type { AsOfDef } from '../../query/catalog.ts';
import { q } from './common.ts';

/** A stage's own curve needs this many deals that entered it and closed by the as-of date. */
export const MIN_STAGE_CLOSED = 30;

const c = (t: string, col: string) => `${q(t)}.${q(col)}`;

/** The day `n` slices after `t`, as a DATE. */
export const sliceDay = (t: string, n: string, L: number) =>
  `CAST(${t} + CAST(floor(${n} * ${L}) AS INTEGER) AS DATE)`;

/** Slice h's first day as text: the label of the forecast's `period` and the drill's match. */
export const sliceStart = (t: string, h: string, L: number) =>
  `strftime(${sliceDay(t, `(${h} - 1)`, L)} + 1, '%Y-%m-%d')`;

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
      `SELECT ${c('t', 't')}, ${q('d')}.*,
    CASE WHEN ${closedBy} THEN ${c('d', 'status')} END AS ${q('ev')},
    ${slice(c('d', 'c0'), end)} AS ${q('k')}
  FROM ${q('t')} JOIN ${q('d')} ON ${c('d', 'c0')} <= ${c('t', 't')}
  WHERE NOT (${c('d', 'status')} IN ('won', 'lost') AND ${c('d', 'c1')} IS NULL)`,
    ],
  ];
  const pooled = `SELECT ${q('t')}, CAST(NULL AS VARCHAR) AS ${q('g')}, ${q('ev')}, ${q('k')} FROM ${q('e')}`;
  if (!history) {
    ctes.push(['x', pooled]);
    return ctes;
  }
  const h = (col: string) => c('h', col);
  const e = (col: string) => c('e', col);
  const ended = `CASE WHEN ${e('ev')} IS NOT NULL THEN ${e('c1')} ELSE ${e('t')} END`;
  ctes.push(
    [
      'h',
      `SELECT CAST(${q(history.historyKey)} AS VARCHAR) AS ${q('id')}, CAST(${q(history.historyStage)} AS VARCHAR) AS ${q('g')},
    CAST(${q(history.historyAt)} AS TIMESTAMP) AS ${q('at')}
  FROM ${q(history.history)}
  WHERE ${q(history.historyAt)} IS NOT NULL AND ${q(history.historyStage)} IS NOT NULL`,
    ],
    // The entry into the closing (won/lost) stage is the close itself, not a stage to wait in.
    [
      'ep',
      `SELECT ${e('t')}, ${e('id')}, ${h('g')}, ${h('at')}, ${e('ev')},
    ${slice(`CAST(${h('at')} AS DATE)`, ended)} AS ${q('k')}
  FROM ${q('e')} JOIN ${q('h')} ON ${h('id')} = ${e('id')}
  WHERE CAST(${h('at')} AS DATE) <= ${e('t')}
    AND NOT (${e('status')} IN ('won', 'lost') AND ${h('at')} >= ${e('closed_ts')})`,
    ],
    [
      'cur',
      `SELECT ${q('t')}, ${q('id')}, ${q('g')}, ${q('at')}, ${q('k')}
  FROM ${q('ep')} WHERE ${q('ev')} IS NULL
  QUALIFY row_number() OVER (PARTITION BY ${q('t')}, ${q('id')} ORDER BY ${q('at')} DESC, ${q('g')} DESC) = 1`,
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
  const wl = `coalesce(${q('w')}, 0) + coalesce(${q('l')}, 0)`;
  return [
    [
      'cnt',
      `SELECT ${q('t')}, ${q('g')}, ${q('k')},
    count(*) FILTER (WHERE ${q('ev')} = 'won') AS ${q('w')},
    count(*) FILTER (WHERE ${q('ev')} = 'lost') AS ${q('l')},
    count(*) FILTER (WHERE ${q('ev')} IS NULL) AS ${q('c')}
  FROM ${q('x')}
  GROUP BY ${q('t')}, ${q('g')}, ${q('k')}`,
    ],
    // Every age slice up to the oldest observation, so the window sums see the empty ones too.
    [
      'haz',
      `SELECT ${g('t')}, ${g('g')}, ${g('k')},
    coalesce(${q('w')}, 0) AS ${q('w')}, coalesce(${q('l')}, 0) AS ${q('l')},
    sum(${wl} + coalesce(${q('c')}, 0)) OVER (${part})
      - sum(${wl}) OVER (${part} ORDER BY ${g('k')})
      + ${wl}
      - sum(coalesce(${q('c')}, 0)) OVER (${part} ORDER BY ${g('k')}) AS ${q('n')}
  FROM (SELECT ${q('t')}, ${q('g')}, unnest(range(0, max(${q('k')}) + 1)) AS ${q('k')} FROM ${q('x')} GROUP BY ${q('t')}, ${q('g')}) AS ${q('g')}
    LEFT JOIN ${q('cnt')} ON ${c('cnt', 't')} = ${g('t')} AND ${c('cnt', 'g')} IS NOT DISTINCT FROM ${g('g')} AND ${c('cnt', 'k')} = ${g('k')}`,
    ],
    [
      'surv0',
      `SELECT ${q('t')}, ${q('g')}, ${q('k')},
    CASE WHEN ${q('n')} > 0 THEN ${q('w')} / ${q('n')} ELSE 0 END AS ${q('hw')},
    product(CASE WHEN ${q('n')} > 0 THEN 1 - (${q('w')} + ${q('l')}) / ${q('n')} ELSE 1 END) OVER (PARTITION BY ${q('t')}, ${q('g')} ORDER BY ${q('k')}) AS ${q('s_after')}
  FROM ${q('haz')}`,
    ],
    [
      'surv',
      `SELECT ${q('t')}, ${q('g')}, ${q('k')}, ${q('hw')},
    coalesce(lag(${q('s_after')}) OVER (PARTITION BY ${q('t')}, ${q('g')} ORDER BY ${q('k')}), 1) AS ${q('s')}
  FROM ${q('surv0')}`,
    ],
    [
      'fit',
      `SELECT ${q('t')}, ${q('g')} FROM ${q('x')}
  WHERE ${q('g')} IS NOT NULL
  GROUP BY ${q('t')}, ${q('g')}
  HAVING count(*) FILTER (WHERE ${q('ev')} IS NOT NULL) >= ${MIN_STAGE_CLOSED}`,
    ],
    // The amount a deal without one is expected to bring: the median won amount known at t.
    [
      'typical',
      `SELECT ${q('t')}, median(${q('amount')}) AS ${q('amount')}
  FROM ${q('e')} WHERE ${q('ev')} = 'won' AND ${q('amount')} IS NOT NULL
  GROUP BY ${q('t')}`,
    ],
    [
      'winrate',
      `SELECT ${q('t')}, count(*) FILTER (WHERE ${q('ev')} = 'won') / nullif(count(*) FILTER (WHERE ${q('ev')} IS NOT NULL), 0) AS ${q('rate')}
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
    : `${e('stage')} AS ${q('at_stage')}, CAST(NULL AS DATE) AS ${q('entered')},
    CAST(NULL AS VARCHAR) AS ${q('cg')}, ${e('k')} AS ${q('ck')}`;
  const joins = history
    ? `
    LEFT JOIN ${q('cur')} ON ${c('cur', 't')} = ${e('t')} AND ${c('cur', 'id')} = ${e('id')}
    LEFT JOIN ${q('fit')} ON ${c('fit', 't')} = ${e('t')} AND ${c('fit', 'g')} = ${c('cur', 'g')}`
    : '';
  const o = (col: string) => c('o', col);
  return [
    ['o', `SELECT ${q('e')}.*, ${own}\n  FROM ${q('e')}${joins}\n  WHERE ${e('ev')} IS NULL`],
    [
      'pd',
      `SELECT ${o('t')}, ${o('rid')}, ${o('id')}, ${o('title')}, ${o('manager')}, ${o('at_stage')}, ${o('entered')},
    ${o('split')}, ${q('h')}.${q('h')}, ${sliceStart(o('t'), `${q('h')}.${q('h')}`, L)} AS ${q('period')},
    ${extra.map((k) => `${o(k)}, `).join('')}${o('amount')} AS ${q('own_amount')},
    coalesce(${o('amount')}, ${c('ty', 'amount')}, 0) AS ${q('amount')},
    coalesce(${c('s1', 's')} / nullif(${c('s0', 's')}, 0) * ${c('s1', 'hw')}, 0) AS ${q('p')},
    (${o('status')} = 'won' AND ${o('c1')} > ${o('t')}
      AND ceil(date_diff('day', ${o('t')}, ${o('c1')}) / ${L}) = ${q('h')}.${q('h')}) AS ${q('won_in')}
  FROM ${q('o')}
    CROSS JOIN range(1, ${H + 1}) AS ${q('h')}(${q('h')})
    LEFT JOIN ${q('surv')} AS ${q('s0')} ON ${c('s0', 't')} = ${o('t')} AND ${c('s0', 'g')} IS NOT DISTINCT FROM ${o('cg')} AND ${c('s0', 'k')} = ${o('ck')}
    LEFT JOIN ${q('surv')} AS ${q('s1')} ON ${c('s1', 't')} = ${o('t')} AND ${c('s1', 'g')} IS NOT DISTINCT FROM ${o('cg')} AND ${c('s1', 'k')} = ${o('ck')} + ${q('h')}.${q('h')} - 1
    LEFT JOIN ${q('typical')} AS ${q('ty')} ON ${c('ty', 't')} = ${o('t')}`,
    ],
  ];
}

/** What a group of `pd` rows adds up to: expectations, their variances and the actuals. */
export const SLICE_SUMS = `count(*) AS ${q('open_deals')},
    sum(${q('p')}) AS ${q('expected_won')},
    sum(${q('p')} * ${q('amount')}) AS ${q('expected_revenue')},
    sum(${q('p')} * (1 - ${q('p')})) AS ${q('var_won')},
    sum(${q('p')} * (1 - ${q('p')}) * ${q('amount')} * ${q('amount')}) AS ${q('var_revenue')},
    count(*) FILTER (WHERE ${q('won_in')}) AS ${q('actual_won')},
    coalesce(sum(${q('own_amount')}) FILTER (WHERE ${q('won_in')}), 0) AS ${q('actual_revenue')}`;
