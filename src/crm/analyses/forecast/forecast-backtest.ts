/**
 * The forecast's backtest: the same estimate run as of earlier dates, next to what then happened
 * and to the baseline (open deals × the win rate known then), and what its rows say.
 */
import type { CompiledQuery, OutputColumn } from '../../../query/compiled.ts';
import { msg, type Message } from '../../../lib/message.ts';
import type { ReportSpec } from '../../../query/spec/spec.ts';
import { col, fn } from '../../../query/sql/ast.ts';
import { dimCol, p, q, valCol, withCtes } from '../common.ts';
import type { ForecastParts } from './forecast.ts';
import { isoDay, sliceSums } from './forecast-survival.ts';

/**
 * One row per as-of date: the forecast over the whole horizon next to what happened, and the
 * baseline (open deals × the win rate known then) with its error. `mae_*` are the mean absolute
 * errors over all as-of dates, on every row, so the view and the CLI can say which method won.
 */
export function backtestQuery(f: ForecastParts, spec: ReportSpec): CompiledQuery {
  const { ctes } = f;
  const notes = f.scope.notes;
  if (spec.analysis === 'forecast' && spec.options.asOf) notes.push(msg('note_backtestAsOf', {}));
  ctes.push([
    'runs',
    `SELECT ${q('t')}, ${sliceSums()}
  FROM ${q('pd')}
  GROUP BY ${q('t')}`,
  ]);
  const count = p(fn('count'));
  const rate = p(fn('any_value', col('w', 'rate')));
  ctes.push([
    'open_at',
    `SELECT ${q('e')}.${q('t')} AS ${q('t')}, ${count} AS ${q('open_deals')},
    ${count} * ${rate} AS ${q('baseline_won')},
    sum(coalesce(${q('e')}.${q('amount')}, ${q('ty')}.${q('amount')}, 0)) * ${rate} AS ${q('baseline_revenue')}
  FROM ${q('e')}
    LEFT JOIN ${q('winrate')} AS ${q('w')} ON ${q('w')}.${q('t')} = ${q('e')}.${q('t')}
    LEFT JOIN ${q('typical')} AS ${q('ty')} ON ${q('ty')}.${q('t')} = ${q('e')}.${q('t')}
  WHERE ${q('e')}.${q('ev')} IS NULL
  GROUP BY ${q('e')}.${q('t')}`,
  ]);
  const r = (c: string) => `${q('r')}.${q(c)}`;
  const a = (c: string) => `${q('a')}.${q(c)}`;
  const final = `SELECT ${p(isoDay(col('a', 't')))} AS ${q('as_of')},
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
  return { sql: withCtes(ctes, final, f.materialized), columns, hasTotals: false, notes };
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
