/**
 * The forecast's backtest: the same estimate run as of earlier dates, next to what then happened
 * and to the baseline (open deals × the win rate known then), and what its rows say.
 */
import type { CompiledQuery, OutputColumn } from '../../../query/compiled.ts';
import { msg, type Message } from '../../../lib/message.ts';
import type { ReportSpec } from '../../../query/spec/spec.ts';
import { bin, col, eq, fn, isNull, lit, type Expr } from '../../../query/sql/ast.ts';
import { printQuery } from '../../../query/sql/print.ts';
import { item, select, table, type Select, type SelectItem } from '../../../query/sql/stmt.ts';
import { cte, dimCol, valCol, withNodes } from '../common.ts';
import type { ForecastParts } from './forecast.ts';
import { isoDay, sliceSums } from './forecast-open.ts';
import { FORECAST_NEEDS, keepAnswerable, keptNote } from '../column-needs.ts';

/**
 * One row per as-of date: the forecast over the whole horizon next to what happened, and the
 * baseline (open deals × the win rate known then) with its error. `mae_*` are the mean absolute
 * errors over all as-of dates, on every row, so the view and the CLI can say which method won.
 */
export function backtestQuery(f: ForecastParts, spec: ReportSpec): CompiledQuery {
  const notes = f.scope.notes;
  if (spec.analysis === 'forecast' && spec.options.asOf) notes.push(msg('note_backtestAsOf', {}));
  const t = col(null, 't');
  const runs = select([[t, 't'], ...sliceSums()], table('pd'), { groupBy: [t] });
  const count = fn('count');
  const rate = fn('any_value', col('w', 'rate'));
  const e = (c: string) => col('e', c);
  const openAt = select(
    [
      [e('t'), 't'],
      [count, 'open_deals'],
      [bin('*', count, rate), 'baseline_won'],
      [
        bin('*', fn('sum', fn('coalesce', e('amount'), col('ty', 'amount'), lit(0))), rate),
        'baseline_revenue',
      ],
    ],
    table('e'),
    {
      joins: [
        { type: 'LEFT', item: table('winrate', 'w'), on: eq(col('w', 't'), e('t')) },
        { type: 'LEFT', item: table('typical', 'ty'), on: eq(col('ty', 't'), e('t')) },
      ],
      where: isNull(e('ev')),
      groupBy: [e('t')],
    },
  );
  const r = (c: string) => col('r', c);
  const a = (c: string) => col('a', c);
  const minus = (x: Expr, y: Expr) => bin('-', x, y);
  const mae = (x: Expr, y: Expr): Expr => ({
    kind: 'over',
    fn: fn('avg', fn('abs', minus(x, y))),
    partitionBy: [],
    orderBy: [],
  });
  // Bare qualified columns keep their own names in both dialects.
  const items: SelectItem[] = [
    item(isoDay(a('t')), 'as_of'),
    item(a('open_deals')),
    item(r('expected_won')),
    item(r('actual_won')),
    item(a('baseline_won')),
    item(minus(r('expected_won'), r('actual_won')), 'error_won'),
    item(minus(a('baseline_won'), r('actual_won')), 'baseline_error_won'),
    item(r('expected_revenue')),
    item(r('actual_revenue')),
    item(a('baseline_revenue')),
    item(minus(r('expected_revenue'), r('actual_revenue')), 'error_revenue'),
    item(minus(a('baseline_revenue'), r('actual_revenue')), 'baseline_error_revenue'),
    item(mae(r('expected_won'), r('actual_won')), 'mae_won'),
    item(mae(a('baseline_won'), r('actual_won')), 'baseline_mae_won'),
    item(mae(r('expected_revenue'), r('actual_revenue')), 'mae_revenue'),
    item(mae(a('baseline_revenue'), r('actual_revenue')), 'baseline_mae_revenue'),
  ];
  const all: OutputColumn[] = [
    dimCol('as_of', 'date'),
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
  // Without deal amounts the revenue columns would all read 0: only the won deals are tested.
  const kept = keepAnswerable([], all, FORECAST_NEEDS, f.data);
  const final: Select = {
    kind: 'select',
    columns: items.filter((i) => !kept.left.includes(itemKey(i))),
    from: table('open_at', 'a'),
    joins: [{ type: 'INNER', item: table('runs', 'r'), on: eq(r('t'), a('t')) }],
    orderBy: [{ expr: a('t') }],
  };
  const sql = printQuery(withNodes([...f.ctes, cte('runs', runs), cte('open_at', openAt)], final));
  return {
    sql,
    columns: kept.columns,
    hasTotals: false,
    notes: [...notes, ...keptNote(kept, msg('note_forecastByCount'))],
  };
}

/** The output name of a select item: its alias, or the column it reads. */
function itemKey(i: SelectItem): string {
  if (i.kind !== 'item') return '';
  return i.as ?? (i.expr.kind === 'col' ? i.expr.name : '');
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
