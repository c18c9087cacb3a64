/**
 * Pipeline forecast: expected won deals and revenue in the next horizon slices from the deals open
 * at an as-of date, and its backtest. Method (docs/metrics.md, "Forecast"): a discrete-time
 * survival estimate over the deal's age in slices, with winning and losing as competing events
 * and deals still open at the as-of date counted as censored, never as lost. Everything is learnt
 * from what was known at the as-of date, so a forecast as of a past date is an honest backtest.
 *
 * The query is written over a table `t` of as-of dates: one row for a forecast, several for the
 * backtest, and every step is partitioned by it.
 */
import type { Catalog } from '../../query/catalog.ts';
import type { CompiledQuery, OutputColumn } from '../../query/compiled.ts';
import { CompileError } from '../../query/resolve.ts';
import type { ReportSpec } from '../../query/spec/spec.ts';
import { cast, dateLit, notNull, type Expr } from '../../query/sql/ast.ts';
import { msg, type Message } from '../../lib/message.ts';
import { dealScope, deal, dimCol, p, q, select, splitExpr, valCol, withCtes } from './common.ts';

/** Slice lengths in days: a week, and a month as the mean Gregorian month. */
export const SLICE_DAYS = { w: 7, m: 30.4375 } as const;
/** Half-width of the range in standard deviations: a two-sided 90 % normal interval. */
export const RANGE_Z = 1.645;
/** As-of dates in a backtest: this many horizons back from the data's last date. */
export const BACKTEST_RUNS = 6;

export interface Horizon {
  slices: number;
  unit: keyof typeof SLICE_DAYS;
}

/** `3m` → 3 months, `12w` → 12 weeks; 1–36 slices. */
export function parseHorizon(text: string): Horizon | null {
  const m = /^(\d{1,2})([mw])$/.exec(text.trim());
  if (!m) return null;
  const slices = Number(m[1]);
  if (slices < 1 || slices > 36) return null;
  return { slices, unit: m[2] as Horizon['unit'] };
}

const KEYS_FORECAST = [
  'period',
  'period_end',
  'open_deals',
  'expected_won',
  'expected_revenue',
  'low',
  'high',
  'won_low',
  'won_high',
  'actual_won',
  'actual_revenue',
];

type Spec = ReportSpec & { analysis: 'forecast' };

export function compileForecast(spec: Spec, catalog: Catalog): CompiledQuery {
  const o = spec.options;
  const horizon = parseHorizon(o.horizon ?? '3m');
  if (!horizon) throw new CompileError('compile_badHorizon', { horizon: o.horizon ?? '' });
  const backtest = o.backtest === true;
  const scope = dealScope(spec, catalog, KEYS_FORECAST, !backtest);
  const L = SLICE_DAYS[horizon.unit];
  const H = horizon.slices;
  const span = Math.round(H * L);
  const num = (n: number) => String(n);

  const created = cast(deal('created_at'), 'DATE');
  const closed = cast(deal('closed_at'), 'DATE');
  const ctes: [string, string][] = [
    [
      'd',
      select(
        [
          [splitExpr(scope), 'split'],
          [deal('status'), 'status'],
          [cast(deal('amount'), 'DOUBLE'), 'amount'],
          [created, 'c0'],
          [closed, 'c1'],
        ],
        scope.from,
        [notNull(deal('created_at')), ...scope.filters],
      ),
    ],
    // The data's last known day: the default as-of date and the end of every backtest.
    ['data_end', `SELECT max(greatest(c0, coalesce(c1, c0))) AS ${q('t')} FROM ${q('d')}`],
  ];
  // Without its own as-of date the forecast stands on the end of the chosen period, so any past
  // period shows what was expected then next to what happened.
  const asOfDay = o.asOf ?? spec.period?.to ?? null;
  const asOf: Expr | null = asOfDay ? dateLit(asOfDay) : null;
  if (backtest) {
    ctes.push([
      't',
      `SELECT CAST(${q('data_end')}.${q('t')} - CAST(round(${q('r')}.${q('j')} * ${num(span)}) AS INTEGER) AS DATE) AS ${q('t')}
  FROM ${q('data_end')}, range(1, ${num(BACKTEST_RUNS + 1)}) AS ${q('r')}(${q('j')})`,
    ]);
  } else {
    ctes.push([
      't',
      asOf ? `SELECT ${p(asOf)} AS ${q('t')}` : `SELECT ${q('t')} FROM ${q('data_end')}`,
    ]);
  }
  ctes.push(...estimateCtes(L));
  ctes.push(...sliceCtes(L, H));

  if (backtest) return backtestQuery(ctes, spec, scope.notes);
  return forecastQuery(ctes, scope, spec.totals, asOf !== null, L);
}

/**
 * Each deal as seen at each as-of date `t`, and the survival table learnt from them:
 * - `e`: the deal's event (`won`/`lost` if it closed by t, NULL if open at t) and its age slice k
 *   at that event or at t. Deals created after t are unknown at t; closed deals without a close
 *   date cannot be placed in time and are left out.
 * - `haz`: per age slice, deals at risk n (not yet closed, still observed), won w, lost l.
 * - `surv`: s(k), the share still open at the start of slice k, and the win hazard hw(k).
 */
function estimateCtes(L: number): [string, string][] {
  const closedBy = `${q('d')}.${q('status')} IN ('won', 'lost') AND ${q('d')}.${q('c1')} <= ${q('t')}.${q('t')}`;
  const end = `CASE WHEN ${closedBy} THEN ${q('d')}.${q('c1')} ELSE ${q('t')}.${q('t')} END`;
  return [
    [
      'e',
      `SELECT ${q('t')}.${q('t')}, ${q('d')}.*,
    CASE WHEN ${closedBy} THEN ${q('d')}.${q('status')} END AS ${q('ev')},
    CAST(greatest(0, floor(date_diff('day', ${q('d')}.${q('c0')}, ${end}) / ${L})) AS INTEGER) AS ${q('k')}
  FROM ${q('t')} JOIN ${q('d')} ON ${q('d')}.${q('c0')} <= ${q('t')}.${q('t')}
  WHERE NOT (${q('d')}.${q('status')} IN ('won', 'lost') AND ${q('d')}.${q('c1')} IS NULL)`,
    ],
    [
      'cnt',
      `SELECT ${q('t')}, ${q('k')},
    count(*) FILTER (WHERE ${q('ev')} = 'won') AS ${q('w')},
    count(*) FILTER (WHERE ${q('ev')} = 'lost') AS ${q('l')},
    count(*) FILTER (WHERE ${q('ev')} IS NULL) AS ${q('c')}
  FROM ${q('e')}
  GROUP BY ${q('t')}, ${q('k')}`,
    ],
    // Every age slice up to the oldest deal, so the window sums see the empty ones too.
    [
      'haz',
      `SELECT ${q('g')}.${q('t')}, ${q('g')}.${q('k')},
    coalesce(${q('w')}, 0) AS ${q('w')}, coalesce(${q('l')}, 0) AS ${q('l')},
    sum(coalesce(${q('w')}, 0) + coalesce(${q('l')}, 0) + coalesce(${q('c')}, 0)) OVER (PARTITION BY ${q('g')}.${q('t')})
      - sum(coalesce(${q('w')}, 0) + coalesce(${q('l')}, 0)) OVER (PARTITION BY ${q('g')}.${q('t')} ORDER BY ${q('g')}.${q('k')})
      + coalesce(${q('w')}, 0) + coalesce(${q('l')}, 0)
      - sum(coalesce(${q('c')}, 0)) OVER (PARTITION BY ${q('g')}.${q('t')} ORDER BY ${q('g')}.${q('k')}) AS ${q('n')}
  FROM (SELECT ${q('t')}, unnest(range(0, max(${q('k')}) + 1)) AS ${q('k')} FROM ${q('e')} GROUP BY ${q('t')}) AS ${q('g')}
    LEFT JOIN ${q('cnt')} ON ${q('cnt')}.${q('t')} = ${q('g')}.${q('t')} AND ${q('cnt')}.${q('k')} = ${q('g')}.${q('k')}`,
    ],
    [
      'surv0',
      `SELECT ${q('t')}, ${q('k')},
    CASE WHEN ${q('n')} > 0 THEN ${q('w')} / ${q('n')} ELSE 0 END AS ${q('hw')},
    product(CASE WHEN ${q('n')} > 0 THEN 1 - (${q('w')} + ${q('l')}) / ${q('n')} ELSE 1 END) OVER (PARTITION BY ${q('t')} ORDER BY ${q('k')}) AS ${q('s_after')}
  FROM ${q('haz')}`,
    ],
    [
      'surv',
      `SELECT ${q('t')}, ${q('k')}, ${q('hw')},
    coalesce(lag(${q('s_after')}) OVER (PARTITION BY ${q('t')} ORDER BY ${q('k')}), 1) AS ${q('s')}
  FROM ${q('surv0')}`,
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
 * `pd`: each deal open at t × each horizon slice h (1…H): the chance p it is won in that slice,
 * s(k+h−1) / s(k) · hw(k+h−1) with k its age slice at t (0 past the oldest age seen: no deal
 * that old was ever won), its amount (or the typical one), and whether it was in fact won then.
 */
function sliceCtes(L: number, H: number): [string, string][] {
  const e = (c: string) => `${q('o')}.${q(c)}`;
  return [
    [
      'pd',
      `SELECT ${e('t')}, ${e('split')}, ${q('h')}.${q('h')}, ${e('amount')} AS ${q('own_amount')},
    coalesce(${e('amount')}, ${q('ty')}.${q('amount')}, 0) AS ${q('amount')},
    coalesce(${q('s1')}.${q('s')} / nullif(${q('s0')}.${q('s')}, 0) * ${q('s1')}.${q('hw')}, 0) AS ${q('p')},
    (${e('status')} = 'won' AND ${e('c1')} > ${e('t')}
      AND ceil(date_diff('day', ${e('t')}, ${e('c1')}) / ${L}) = ${q('h')}.${q('h')}) AS ${q('won_in')}
  FROM (SELECT * FROM ${q('e')} WHERE ${q('ev')} IS NULL) AS ${q('o')}
    CROSS JOIN range(1, ${H + 1}) AS ${q('h')}(${q('h')})
    LEFT JOIN ${q('surv')} AS ${q('s0')} ON ${q('s0')}.${q('t')} = ${e('t')} AND ${q('s0')}.${q('k')} = ${e('k')}
    LEFT JOIN ${q('surv')} AS ${q('s1')} ON ${q('s1')}.${q('t')} = ${e('t')} AND ${q('s1')}.${q('k')} = ${e('k')} + ${q('h')}.${q('h')} - 1
    LEFT JOIN ${q('typical')} AS ${q('ty')} ON ${q('ty')}.${q('t')} = ${e('t')}`,
    ],
  ];
}

const sums = `count(*) AS ${q('open_deals')},
    sum(${q('p')}) AS ${q('expected_won')},
    sum(${q('p')} * ${q('amount')}) AS ${q('expected_revenue')},
    sum(${q('p')} * (1 - ${q('p')})) AS ${q('var_won')},
    sum(${q('p')} * (1 - ${q('p')}) * ${q('amount')} * ${q('amount')}) AS ${q('var_revenue')},
    count(*) FILTER (WHERE ${q('won_in')}) AS ${q('actual_won')},
    coalesce(sum(${q('own_amount')}) FILTER (WHERE ${q('won_in')}), 0) AS ${q('actual_revenue')}`;

function forecastQuery(
  ctes: [string, string][],
  scope: ReturnType<typeof dealScope>,
  totals: boolean,
  withActual: boolean,
  L: number,
): CompiledQuery {
  const split = scope.split;
  // With a split, the total of all members is a GROUPING SETS row, as in the pivot.
  const grouped = split !== null && totals;
  const keys = split ? `${q('split')}, ${q('h')}` : q('h');
  ctes.push([
    'agg',
    `SELECT ${q('t')}, ${keys}, ${grouped ? `grouping(${q('split')}) AS ${q('_grouping')},` : ''}
    ${sums}
  FROM ${q('pd')}
  GROUP BY ${grouped ? `GROUPING SETS ((${q('t')}, ${q('split')}, ${q('h')}), (${q('t')}, ${q('h')}))` : `${q('t')}, ${keys}`}`,
  ]);
  const z = RANGE_Z;
  const dayOf = (h: string) => `CAST(${q('t')} + CAST(floor(${h} * ${L}) AS INTEGER) AS DATE)`;
  const cols = [
    ...(split ? [`${q('split')} AS ${q(split.key)}`] : []),
    `strftime(${dayOf(`(${q('h')} - 1)`)} + 1, '%Y-%m-%d') AS ${q('period')}`,
    `strftime(${dayOf(q('h'))}, '%Y-%m-%d') AS ${q('period_end')}`,
    ...(grouped ? [q('_grouping')] : []),
    q('open_deals'),
    q('expected_won'),
    q('expected_revenue'),
    `greatest(0, ${q('expected_revenue')} - ${z} * sqrt(${q('var_revenue')})) AS ${q('low')}`,
    `${q('expected_revenue')} + ${z} * sqrt(${q('var_revenue')}) AS ${q('high')}`,
    `greatest(0, ${q('expected_won')} - ${z} * sqrt(${q('var_won')})) AS ${q('won_low')}`,
    `${q('expected_won')} + ${z} * sqrt(${q('var_won')}) AS ${q('won_high')}`,
    ...(withActual ? [q('actual_won'), q('actual_revenue')] : []),
  ];
  const order = split
    ? `ORDER BY ${grouped ? `${q('_grouping')}, ` : ''}${q('split')} ASC NULLS LAST, ${q('h')}`
    : `ORDER BY ${q('h')}`;
  const sql = withCtes(ctes, `SELECT ${cols.join(',\n  ')}\nFROM ${q('agg')}\n${order}`);
  const columns: OutputColumn[] = [
    ...(split ? [dimCol(split.key, split.format)] : []),
    dimCol('period'),
    dimCol('period_end'),
    ...(grouped ? [{ key: '_grouping', role: 'grouping', format: 'int' } as OutputColumn] : []),
    valCol('open_deals', 'int'),
    valCol('expected_won', 'number'),
    valCol('expected_revenue', 'money'),
    valCol('low', 'money'),
    valCol('high', 'money'),
    valCol('won_low', 'number'),
    valCol('won_high', 'number'),
    ...(withActual ? [valCol('actual_won', 'int'), valCol('actual_revenue', 'money')] : []),
  ];
  return {
    sql,
    columns,
    hasTotals: grouped,
    notes: [...scope.notes, msg('note_forecastMethod', {})],
  };
}

/**
 * One row per as-of date: the forecast over the whole horizon next to what happened, and the
 * baseline (open deals × the win rate known then) with its error. `mae_*` are the mean absolute
 * errors over all as-of dates, on every row, so the view and the CLI can say which method won.
 */
function backtestQuery(
  ctes: [string, string][],
  spec: Spec,
  notes: ReturnType<typeof dealScope>['notes'],
): CompiledQuery {
  if (spec.options.asOf) notes.push(msg('note_backtestAsOf', {}));
  ctes.push([
    'runs',
    `SELECT ${q('t')}, ${sums}
  FROM ${q('pd')}
  GROUP BY ${q('t')}`,
  ]);
  ctes.push([
    'open_at',
    `SELECT ${q('e')}.${q('t')}, count(*) AS ${q('open_deals')},
    count(*) * any_value(${q('w')}.${q('rate')}) AS ${q('baseline_won')},
    sum(coalesce(${q('e')}.${q('amount')}, ${q('ty')}.${q('amount')}, 0)) * any_value(${q('w')}.${q('rate')}) AS ${q('baseline_revenue')}
  FROM ${q('e')}
    LEFT JOIN ${q('winrate')} AS ${q('w')} ON ${q('w')}.${q('t')} = ${q('e')}.${q('t')}
    LEFT JOIN ${q('typical')} AS ${q('ty')} ON ${q('ty')}.${q('t')} = ${q('e')}.${q('t')}
  WHERE ${q('e')}.${q('ev')} IS NULL
  GROUP BY ${q('e')}.${q('t')}`,
  ]);
  const r = (c: string) => `${q('r')}.${q(c)}`;
  const a = (c: string) => `${q('a')}.${q(c)}`;
  const final = `SELECT strftime(${a('t')}, '%Y-%m-%d') AS ${q('as_of')},
  ${a('open_deals')},
  ${r('expected_won')}, ${r('actual_won')}, ${a('baseline_won')},
  ${r('expected_won')} - ${r('actual_won')} AS ${q('error_won')},
  ${a('baseline_won')} - ${r('actual_won')} AS ${q('baseline_error_won')},
  ${r('expected_revenue')}, ${r('actual_revenue')}, ${a('baseline_revenue')},
  ${r('expected_revenue')} - ${r('actual_revenue')} AS ${q('error_revenue')},
  ${a('baseline_revenue')} - ${r('actual_revenue')} AS ${q('baseline_error_revenue')},
  avg(abs(${r('expected_won')} - ${r('actual_won')})) OVER () AS ${q('mae_won')},
  avg(abs(${a('baseline_won')} - ${r('actual_won')})) OVER () AS ${q('baseline_mae_won')},
  avg(abs(${r('expected_revenue')} - ${r('actual_revenue')})) OVER () AS ${q('mae_revenue')},
  avg(abs(${a('baseline_revenue')} - ${r('actual_revenue')})) OVER () AS ${q('baseline_mae_revenue')}
FROM ${q('open_at')} AS ${q('a')} JOIN ${q('runs')} AS ${q('r')} ON ${r('t')} = ${a('t')}
ORDER BY ${a('t')}`;
  const columns: OutputColumn[] = [
    dimCol('as_of'),
    valCol('open_deals', 'int'),
    valCol('expected_won', 'number'),
    valCol('actual_won', 'int'),
    valCol('baseline_won', 'number'),
    valCol('error_won', 'number'),
    valCol('baseline_error_won', 'number'),
    valCol('expected_revenue', 'money'),
    valCol('actual_revenue', 'money'),
    valCol('baseline_revenue', 'money'),
    valCol('error_revenue', 'money'),
    valCol('baseline_error_revenue', 'money'),
    valCol('mae_won', 'number'),
    valCol('baseline_mae_won', 'number'),
    valCol('mae_revenue', 'money'),
    valCol('baseline_mae_revenue', 'money'),
  ];
  return { sql: withCtes(ctes, final), columns, hasTotals: false, notes };
}

/**
 * What a backtest's rows say, for the view and the CLI: whether the method's mean absolute error
 * on won deals beats the baseline's (every row carries both).
 */
export function backtestVerdict(row: { mae_won?: unknown; baseline_mae_won?: unknown }): Message[] {
  const m = Number(row.mae_won);
  const b = Number(row.baseline_mae_won);
  if (row.mae_won == null || row.baseline_mae_won == null) return [];
  if (!Number.isFinite(m) || !Number.isFinite(b)) return [];
  const one = (x: number) => Math.round(x * 10) / 10;
  const params = { mae: one(m), baseline: one(b) };
  return [msg(m < b ? 'note_backtestBetter' : 'note_backtestNotBetter', params)];
}
