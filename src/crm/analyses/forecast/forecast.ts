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
import { printQuery } from '../../../query/sql/print.ts';
import { select, sub, table, type Cte, type OrderKey } from '../../../query/sql/stmt.ts';
import { msg } from '../../../lib/message.ts';
import {
  cte,
  dealScope,
  deal,
  type DealScope,
  dimCol,
  scopeSelect,
  splitExpr,
  valCol,
  essential,
  withNodes,
} from '../common.ts';
import { backtestQuery } from './forecast-backtest.ts';
import { topDealsQuery } from './forecast-deals.ts';
import { oneRow } from './forecast-nodes.ts';
import { isoDay, openCtes, sliceDay, sliceStart, sliceSums } from './forecast-open.ts';
import { curveCtes, observationCtes } from './forecast-survival.ts';
import { FORECAST_NEEDS, keepAnswerable, keptNote } from '../column-needs.ts';
import type { DataFacts } from '../../needs.ts';

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
  /** `d` is computed once (it numbers its deals, `rid`, read through several CTEs). */
  ctes: Cte[];
  scope: DealScope;
  /** Whether the as-of date was given (a past forecast has actuals). */
  asOf: boolean;
  L: number;
  H: number;
  backtest: boolean;
  /** What the data has: columns it cannot fill are left out (`FORECAST_NEEDS`). */
  data: DataFacts;
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
  const t = col(null, 't');
  const ctes: Cte[] = [
    cte(
      'd',
      scopeSelect(
        scope,
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
        [notNull(deal('created_at')), ...scope.filters],
      ),
      true,
    ),
    // The data's last known day: the default as-of date and the end of every backtest.
    cte(
      'data_end',
      select(
        [
          [
            fn(
              'max',
              fn('greatest', col(null, 'c0'), fn('coalesce', col(null, 'c1'), col(null, 'c0'))),
            ),
            't',
          ],
        ],
        table('d'),
      ),
    ),
  ];
  // Without its own as-of date the forecast stands on the end of the chosen period, so any past
  // period shows what was expected then next to what happened.
  const asOfDay = o.asOf ?? spec.period?.to ?? null;
  const asOf: Expr | null = asOfDay ? dateLit(asOfDay) : null;
  if (backtest) {
    const back = cast(fn('round', bin('*', col('r', 'j'), lit(span))), 'INTEGER');
    ctes.push(
      cte(
        't',
        select([[cast(bin('-', col('data_end', 't'), back), 'DATE'), 't']], table('data_end'), {
          joins: [
            {
              type: 'CROSS',
              item: sub(oneRow(fn('series', lit(1), lit(BACKTEST_RUNS)), 'j'), 'r'),
            },
          ],
        }),
      ),
    );
  } else {
    ctes.push(cte('t', asOf ? oneRow(asOf, 't') : select([[t, 't']], table('data_end'))));
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
  return { ctes, scope, asOf: asOf !== null, L, H, backtest, data: catalog };
}

export function compileForecast(spec: Spec, catalog: Catalog): CompiledQuery {
  const f = forecastParts(spec, catalog);
  if (f.backtest) return backtestQuery(f, spec);
  if (spec.options.topDeals) return topDealsQuery(f, spec.options.topDeals);
  return forecastQuery(f, spec.totals);
}

function forecastQuery(f: ForecastParts, totals: boolean): CompiledQuery {
  const { scope, L } = f;
  const withActual = f.asOf;
  const split = scope.split;
  // With a split, the total of all members is a GROUPING SETS row, as in the pivot.
  const grouped = split !== null && totals;
  const c = (name: string) => col(null, name);
  const bare = (...names: string[]) => names.map((n): [Expr, string] => [c(n), n]);
  const keys = split ? ['split', 'h'] : ['h'];
  const agg = select(
    [
      ...bare('t', ...keys),
      ...(grouped ? [[fn('grouping', c('split')), '_grouping'] as [Expr, string]] : []),
      ...sliceSums(),
    ],
    table('pd'),
    grouped
      ? {
          groupingSets: [
            [c('t'), c('split'), c('h')],
            [c('t'), c('h')],
          ],
        }
      : { groupBy: ['t', ...keys].map(c) },
  );
  const z = lit(RANGE_Z);
  const spread = (v: string) => bin('*', z, fn('sqrt', c(v)));
  const low = (e: string, v: string) => fn('greatest', lit(0), bin('-', c(e), spread(v)));
  const high = (e: string, v: string) => bin('+', c(e), spread(v));
  const order: OrderKey[] = split
    ? [...(grouped ? [{ expr: c('_grouping') }] : []), { expr: c('split') }, { expr: c('h') }]
    : [{ expr: c('h') }];
  const kept = keepAnswerable(
    [
      ...(split ? [[c('split'), split.key] as [Expr, string]] : []),
      [sliceStart(c('t'), c('h'), L), 'period'],
      [isoDay(sliceDay(c('t'), c('h'), L)), 'period_end'],
      ...bare(...(grouped ? ['_grouping'] : []), 'open_deals', 'expected_won', 'expected_revenue'),
      [low('expected_revenue', 'var_revenue'), 'low'],
      [high('expected_revenue', 'var_revenue'), 'high'],
      [low('expected_won', 'var_won'), 'won_low'],
      [high('expected_won', 'var_won'), 'won_high'],
      ...bare(...(withActual ? ['actual_won', 'actual_revenue'] : [])),
    ],
    [
      ...(split ? [dimCol(split.key, split.format)] : []),
      dimCol('period', 'date'),
      dimCol('period_end', 'date'),
      ...(grouped ? [{ key: '_grouping', role: 'grouping', format: 'int' } as OutputColumn] : []),
      valCol('open_deals', 'int'),
      // A narrow tile keeps the expectation and, in a backtest, what happened beside it.
      essential(valCol('expected_won', 'number')),
      essential(valCol('expected_revenue', 'money')),
      valCol('low', 'money'),
      valCol('high', 'money'),
      valCol('won_low', 'number'),
      valCol('won_high', 'number'),
      ...(withActual
        ? [essential(valCol('actual_won', 'int')), essential(valCol('actual_revenue', 'money'))]
        : []),
    ],
    FORECAST_NEEDS,
    f.data,
  );
  const final = select(kept.items, table('agg'), { orderBy: order });
  const sql = printQuery(withNodes([...f.ctes, cte('agg', agg)], final));
  return {
    sql,
    columns: kept.columns,
    hasTotals: grouped,
    notes: [
      ...scope.notes,
      msg('note_forecastMethod', {}),
      ...keptNote(kept, msg('note_forecastByCount')),
    ],
  };
}
