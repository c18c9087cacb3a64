/**
 * Pipeline forecast: expected won deals and revenue in the next horizon slices from the deals open
 * at an as-of date, and its backtest. Method (docs/metrics.md, "Forecast"): a discrete-time
 * survival estimate over the deal's age in slices (in its current stage, with a stage history),
 * with winning and losing as competing events and deals still open at the as-of date counted as
 * censored, never as lost (forecast-survival.ts). Everything is learnt
 * from what was known at the as-of date, so a forecast as of a past date is an honest backtest.
 *
 * The query is written over a table `t` of as-of dates: one row for a forecast, several for the
 * backtest, and every step is partitioned by it.
 */
import type { Catalog } from '../../../query/catalog.ts';
import type { CompiledQuery, OutputColumn } from '../../../query/compiled.ts';
import { CompileError, requireFact } from '../../../query/resolve.ts';
import type { ReportSpec } from '../../../query/spec/spec.ts';
import { bin, cast, col, dateLit, fn, lit, notNull, type Expr } from '../../../query/sql/ast.ts';
import { msg } from '../../../lib/message.ts';
import {
  dealScope,
  deal,
  type DealScope,
  dimCol,
  p,
  q,
  select,
  splitExpr,
  valCol,
  withCtes,
} from '../common.ts';
import { backtestQuery } from './forecast-backtest.ts';
import { topDealsQuery } from './forecast-deals.ts';
import {
  sliceSums,
  curveCtes,
  isoDay,
  observationCtes,
  openCtes,
  sliceDay,
  sliceStart,
} from './forecast-survival.ts';

export { backtestVerdict } from './forecast-backtest.ts';

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

/** The forecast's CTEs up to `pd` (one row per open deal and slice), and what they stand on. */
export interface ForecastParts {
  ctes: [string, string][];
  /** CTEs to compute once: `d` numbers its deals (`rid`), read through several CTEs. */
  materialized: string[];
  scope: DealScope;
  /** Whether the as-of date was given (a past forecast has actuals). */
  asOf: boolean;
  L: number;
  H: number;
  backtest: boolean;
}

/**
 * `extra` are more deals columns to carry to `pd` under their names (a drill's listed columns).
 */
export function forecastParts(
  spec: Spec,
  catalog: Catalog,
  extra: [Expr, string][] = [],
): ForecastParts {
  const o = spec.options;
  const horizon = parseHorizon(o.horizon ?? '3m');
  if (!horizon) throw new CompileError('compile_badHorizon', { horizon: o.horizon ?? '' });
  const backtest = o.backtest === true;
  const scope = dealScope(spec, catalog, KEYS_FORECAST, !backtest);
  const L = SLICE_DAYS[horizon.unit];
  const H = horizon.slices;
  const span = Math.round(H * L);

  const created = cast(deal('created_at'), 'DATE');
  const closed = cast(deal('closed_at'), 'DATE');
  const ctes: [string, string][] = [
    [
      'd',
      select(
        [
          [{ kind: 'over', fn: fn('row_number'), partitionBy: [], orderBy: [] }, 'rid'],
          [cast(deal('id'), 'VARCHAR'), 'id'],
          [cast(deal('title'), 'VARCHAR'), 'title'],
          [splitExpr(scope), 'split'],
          [deal('status'), 'status'],
          [cast(deal('stage'), 'VARCHAR'), 'stage'],
          [cast(deal('manager'), 'VARCHAR'), 'manager'],
          [cast(deal('amount'), 'DOUBLE'), 'amount'],
          [created, 'c0'],
          [closed, 'c1'],
          [cast(deal('closed_at'), 'TIMESTAMP'), 'closed_ts'],
          ...extra,
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
      `SELECT ${p(cast(bin('-', col('data_end', 't'), cast(fn('round', bin('*', col('r', 'j'), lit(span))), 'INTEGER')), 'DATE'))} AS ${q('t')}
  FROM ${q('data_end')} CROSS JOIN (SELECT ${p(fn('series', lit(1), lit(BACKTEST_RUNS)))} AS ${q('j')}) AS ${q('r')}`,
    ]);
  } else {
    ctes.push([
      't',
      asOf ? `SELECT ${p(asOf)} AS ${q('t')}` : `SELECT ${q('t')} FROM ${q('data_end')}`,
    ]);
  }
  const history = requireFact(catalog, 'deals').asOf ?? null;
  ctes.push(
    ...observationCtes(L, history),
    ...curveCtes(),
    ...openCtes(
      L,
      H,
      history !== null,
      extra.map(([, k]) => k),
    ),
  );
  return { ctes, materialized: ['d'], scope, asOf: asOf !== null, L, H, backtest };
}

export function compileForecast(spec: Spec, catalog: Catalog): CompiledQuery {
  const f = forecastParts(spec, catalog);
  if (f.backtest) return backtestQuery(f, spec);
  if (spec.options.topDeals) return topDealsQuery(f, spec.options.topDeals);
  return forecastQuery(f, spec.totals);
}

function forecastQuery(f: ForecastParts, totals: boolean): CompiledQuery {
  const { ctes, scope, L } = f;
  const withActual = f.asOf;
  const split = scope.split;
  // With a split, the total of all members is a GROUPING SETS row, as in the pivot.
  const grouped = split !== null && totals;
  const keys = split ? `${q('split')}, ${q('h')}` : q('h');
  ctes.push([
    'agg',
    `SELECT ${q('t')}, ${keys}, ${grouped ? `grouping(${q('split')}) AS ${q('_grouping')},` : ''}
    ${sliceSums()}
  FROM ${q('pd')}
  GROUP BY ${grouped ? `GROUPING SETS ((${q('t')}, ${q('split')}, ${q('h')}), (${q('t')}, ${q('h')}))` : `${q('t')}, ${keys}`}`,
  ]);
  const z = RANGE_Z;
  const cols = [
    ...(split ? [`${q('split')} AS ${q(split.key)}`] : []),
    `${p(sliceStart(col(null, 't'), col(null, 'h'), L))} AS ${q('period')}`,
    `${p(isoDay(sliceDay(col(null, 't'), col(null, 'h'), L)))} AS ${q('period_end')}`,
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
  const sql = withCtes(
    ctes,
    `SELECT ${cols.join(',\n  ')}\nFROM ${q('agg')}\n${order}`,
    f.materialized,
  );
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
