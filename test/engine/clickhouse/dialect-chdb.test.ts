/**
 * Every ClickHouse mapping of the function registry, run on chdb against the same expression
 * printed for DuckDB and run on DuckDB: the same values and the same result types, including
 * NULLs, ties, negative numbers and empty inputs.
 */
import { describe, expect, it } from 'vitest';
import { chdbAvailable } from '../../../src/engine/chdb.ts';
import { over } from '../../../src/query/sql/analytic.ts';
import {
  agg,
  bin,
  cast,
  col,
  dateLit,
  fn,
  lit,
  type Expr,
  type SqlFunction,
} from '../../../src/query/sql/ast.ts';
import { inDialect, type Dialect } from '../../../src/query/sql/dialect.ts';
import { printQuery, withSettings } from '../../../src/query/sql/print.ts';
import { select, type FromItem, type Select } from '../../../src/query/sql/stmt.ts';
import { rowsOf } from '../../query/helpers.ts';
import { sameRows } from '../compare.ts';
import { enginePair, expectSameOnBoth } from '../engine-pair.ts';

const f = (name: SqlFunction, ...args: Expr[]) => fn(name, ...args);
const c = (name: string) => col('t', name);
const ts = (s: string) => cast(lit(s), 'TIMESTAMP');

/** Inputs with the edges each mapping differs on: ties at .5, negatives, NULLs, week starts. */
const INPUT: FromItem = {
  kind: 'values',
  as: 't',
  columns: ['id', 'x', 'i', 'd', 'ts', 's'],
  rows: [
    [lit(1), lit(2.5), lit(-7), dateLit('2024-05-19'), ts('2024-01-01 00:00:01.5'), lit('b')],
    [lit(2), lit(-2.5), lit(7), dateLit('2021-01-01'), ts('2024-02-29 23:59:59'), lit('a\\_%')],
    [lit(3), lit(0.125), lit(5), dateLit('2024-12-30'), ts('1999-12-31 12:00:00'), lit(' z ')],
    [lit(4), lit(1234.5678), lit(12), dateLit('2024-03-31'), ts('2024-03-31 00:00:00'), lit(null)],
    [lit(5), lit(null), lit(null), lit(null), lit(null), lit('a')],
  ],
};

/** Row expressions: one output column each, over every input row. */
const ROW: [string, Expr][] = [
  ['round', f('round', c('x'))],
  ['round2', f('round', c('x'), lit(2))],
  ['week', cast(f('date_trunc', lit('week'), c('d')), 'DATE')],
  ['month', cast(f('date_trunc', lit('month'), c('d')), 'DATE')],
  ['quarter', cast(f('date_trunc', lit('quarter'), c('d')), 'DATE')],
  ['year', cast(f('date_trunc', lit('year'), c('d')), 'DATE')],
  ['ymd', f('format_date', c('d'), lit('%Y-%m-%d'))],
  ['isoweek', f('format_date', c('d'), lit('%G-W%V'))],
  ['y', f('year', c('d'))],
  ['q', f('quarter', c('d'))],
  ['m', f('month', c('d'))],
  ['days', f('date_diff', lit('day'), c('d'), dateLit('2025-01-01'))],
  ['months', f('date_diff', lit('month'), c('d'), dateLit('2025-01-01'))],
  ['us', f('epoch_us', c('ts'))],
  ['us_of_date', f('epoch_us', c('d'))],
  ['secs', f('epoch', c('ts'))],
  ['div', f('int_div', c('i'), lit(2))],
  ['bits', f('bit_and', c('i'), lit(4))],
  ['pos', f('list_position', f('list_value', lit('a'), lit('b')), c('s'))],
  ['inf', f('isinf', bin('/', c('x'), lit(0)))],
  ['trimmed', f('trim', c('s'))],
  ['like', { kind: 'like', expr: c('s'), contains: '\\_%' }],
  ['same', bin('IS NOT DISTINCT FROM', c('s'), lit(null))],
  ['ts_day', cast(c('ts'), 'DATE')],
  ['prev', over(f('lag', c('i')), [], [c('id')])],
  ['next2', over(f('lead', c('i'), lit(2)), [], [c('id')])],
  ['rank', over(f('rank'), [], [[c('x'), true]])],
  ['rn', over(f('row_number'), [], [c('id')])],
  ['cd', over(f('cume_dist'), [], [c('id')])],
  ['running_product', over(f('product', c('x')), [], [c('id')])],
];

/** Aggregates over all rows, and over none (a FILTER that keeps nothing). */
const none = bin('>', c('id'), lit(100));
const AGG: [string, Expr][] = [
  ['median', agg('median', [c('x')])],
  ['median_int', agg('median', [c('i')])],
  ['median_none', agg('median', [c('x')], { filter: none })],
  ['q25', f('quantile_cont', c('x'), lit(0.25))],
  ['n', agg('count', [])],
  ['n_none', agg('count', [], { filter: none })],
  ['distinct', agg('count', [c('s')], { distinct: true })],
  ['sum_none', agg('sum', [c('x')], { filter: none })],
  ['avg_none', agg('avg', [c('x')], { filter: none })],
  ['max_none', agg('max', [c('x')], { filter: none })],
  ['last_s', f('arg_max', c('s'), c('id'))],
  ['product', agg('product', [c('x')])],
];

const sqlIn = (dialect: Dialect, q: Select) =>
  inDialect(dialect, () => withSettings(printQuery(q)));

describe.skipIf(!chdbAvailable())('the ClickHouse mappings compute what DuckDB computes', () => {
  const pair = enginePair();
  /** The same types and rows on both engines. */
  const same = (name: string, q: Select) =>
    expectSameOnBoth(pair, name, sqlIn('duckdb', q), sqlIn('clickhouse', q));

  it.each(ROW)('%s', async (name, e) => {
    await same(
      name,
      select(
        [
          [c('id'), 'id'],
          [e, name],
        ],
        INPUT,
      ),
    );
  });

  it.each(AGG)('%s', async (name, e) => {
    await same(name, select([[e, name]], INPUT));
  });

  it('series: one row per value, none when empty, by months for dates', async () => {
    const ints = select(
      [
        [c('id'), 'id'],
        [f('series', lit(0), c('i')), 'k'],
      ],
      INPUT,
    );
    const dates = select(
      [
        [c('id'), 'id'],
        [
          cast(
            // From period starts, as the analyses use it: DuckDB adds the step again and again
            // (Mar 31, Jun 30, Sep 30), ClickHouse multiplies it (Mar 31, Jun 30, Sep 31→30).
            f('series', f('date_trunc', lit('month'), c('d')), dateLit('2025-06-30'), {
              kind: 'interval',
              amount: 3,
              unit: 'MONTH',
            }),
            'DATE',
          ),
          'per',
        ],
      ],
      INPUT,
    );
    for (const q of [ints, dates]) {
      const want = rowsOf(await pair.duck.query(sqlIn('duckdb', q)));
      expect(want.length).toBeGreaterThan(3);
      expect(sameRows(rowsOf(await pair.ch.query(sqlIn('clickhouse', q))), want)).toBeNull();
    }
  });
});
