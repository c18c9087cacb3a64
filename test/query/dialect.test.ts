/**
 * The printer's dialects, as pure functions: each logical function and statement form printed
 * for DuckDB and for ClickHouse. What ClickHouse then computes is checked against chdb in
 * test/engine/clickhouse/dialect-chdb.test.ts.
 */
import { describe, expect, it } from 'vitest';
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
} from '../../src/query/sql/ast.ts';
import { currentDialect, inDialect, type Dialect } from '../../src/query/sql/dialect.ts';
import { quoteIdent, quoteString } from '../../src/query/sql/escape.ts';
import { printExpr, printQuery, withSettings } from '../../src/query/sql/print.ts';
import { select, table, unionByName, type Select } from '../../src/query/sql/stmt.ts';
import { over } from '../../src/query/sql/analytic.ts';

const x = col(null, 'x');
const d = col(null, 'd');
const both = (e: Expr): Record<Dialect, string> => ({
  duckdb: inDialect('duckdb', () => printExpr(e)),
  clickhouse: inDialect('clickhouse', () => printExpr(e)),
});
const f = (name: SqlFunction, ...args: Expr[]) => fn(name, ...args);

describe('one function registry, one printer per dialect', () => {
  it.each<[string, Expr, string, string]>([
    ['median', agg('median', [x]), 'median("x")', 'quantileExactInclusive(0.5)("x")'],
    [
      'median with FILTER',
      agg('median', [x], { filter: bin('>', x, lit(1)) }),
      'median("x") FILTER (WHERE ("x" > 1))',
      'quantileExactInclusive(0.5)("x") FILTER (WHERE ("x" > 1))',
    ],
    [
      'count',
      agg('count', [], { filter: bin('>', x, lit(1)) }),
      'count(*) FILTER (WHERE ("x" > 1))',
      'toInt64(count(*) FILTER (WHERE ("x" > 1)))',
    ],
    [
      'count distinct',
      agg('count', [x], { distinct: true }),
      'count(DISTINCT "x")',
      'toInt64(count(DISTINCT "x"))',
    ],
    [
      'quantile_cont',
      f('quantile_cont', x, lit(0.25)),
      'quantile_cont("x", 2.5e-1::DOUBLE)',
      'quantileExactInclusive(2.5e-1::DOUBLE)("x")',
    ],
    ['any_value', f('any_value', x), 'any_value("x")', 'any("x")'],
    ['arg_max', f('arg_max', x, d), 'arg_max("x", "d")', 'argMax("x", "d")'],
    [
      'round',
      f('round', x, lit(2)),
      'round("x", 2)',
      '(if(("x") * pow(10, 2) < 0, -floor(-(("x") * pow(10, 2)) + 0.5), floor(("x") * pow(10, 2) + 0.5)) / pow(10, 2))',
    ],
    [
      'date_trunc week',
      f('date_trunc', lit('week'), d),
      `date_trunc('week', "d")`,
      'toMonday("d")',
    ],
    [
      'date_trunc month',
      f('date_trunc', lit('month'), d),
      `date_trunc('month', "d")`,
      `date_trunc('month', "d")`,
    ],
    [
      'format_date',
      f('format_date', d, lit('%G-W%V')),
      `strftime("d", '%G-W%V')`,
      `formatDateTime("d", '%G-W%V')`,
    ],
    ['year', f('year', d), 'year("d")', 'toInt64(toYear("d"))'],
    ['epoch_us', f('epoch_us', d), 'epoch_us("d")', 'toUnixTimestamp64Micro(toDateTime64("d", 6))'],
    ['int_div', f('int_div', x, lit(2)), '("x" // 2)', 'intDiv("x", 2)'],
    ['bit_and', f('bit_and', x, lit(4)), '("x" & 4)', 'bitAnd("x", 4)'],
    [
      'list_position',
      f('list_position', f('list_value', lit('a'), lit('b')), x),
      `list_position(list_value('a', 'b'), "x")`,
      `toInt32(nullIf(indexOf(array('a', 'b'), "x"), 0))`,
    ],
    ['isinf', f('isinf', x), 'isinf("x")', 'isInfinite("x")'],
    ['trim', f('trim', x), 'trim("x")', 'trimBoth("x")'],
    ['current_date', f('current_date'), 'current_date', 'today()'],
    [
      'series of integers: no rows for a NULL bound',
      f('series', lit(0), x),
      'unnest(generate_series(0, "x"))',
      'arrayJoin(range(assumeNotNull(0), if(isNull(0) OR isNull("x"), assumeNotNull(0), assumeNotNull("x") + 1)))',
    ],
    [
      'series of months',
      f('series', d, dateLit('2024-12-01'), { kind: 'interval', amount: 3, unit: 'MONTH' }),
      `unnest(generate_series("d", DATE '2024-12-01', INTERVAL 3 MONTH))`,
      `arrayJoin(arrayMap(i -> addMonths(assumeNotNull("d"), i * 3), range(0, if(isNull("d") OR isNull(DATE '2024-12-01'), 0, greatest(intDiv(dateDiff('month', assumeNotNull("d"), assumeNotNull(DATE '2024-12-01')), 3) + 1, 0)))))`,
    ],
    [
      'lag keeps NULL past the edge',
      over(f('lag', x), [], [d]),
      'lag("x") OVER (ORDER BY "d" ASC NULLS LAST)',
      'lag(toNullable("x")) OVER (ORDER BY "d" ASC NULLS LAST)',
    ],
    [
      'product, which ClickHouse lacks, multiplies the gathered values, in a window too',
      over(f('product', x), [], [d]),
      'product("x") OVER (ORDER BY "d" ASC NULLS LAST)',
      'arrayProduct(groupArray("x") OVER (ORDER BY "d" ASC NULLS LAST))',
    ],
    [
      'rank is BIGINT',
      over(f('rank'), [], [[x, true]]),
      'rank() OVER (ORDER BY "x" DESC NULLS LAST)',
      'toInt64(rank() OVER (ORDER BY "x" DESC NULLS LAST))',
    ],
    [
      'timestamp cast',
      cast(x, 'TIMESTAMP'),
      'CAST("x" AS TIMESTAMP)',
      'CAST("x" AS DateTime64(6))',
    ],
    ['varchar cast', cast(x, 'VARCHAR'), 'CAST("x" AS VARCHAR)', 'CAST("x" AS String)'],
    [
      'LIKE escapes with a backslash',
      { kind: 'like', expr: x, contains: 'a_%\\' },
      `("x" ILIKE '%a\\_\\%\\\\%' ESCAPE '\\')`,
      `("x" ILIKE '%a\\\\_\\\\%\\\\\\\\%')`,
    ],
  ])('%s', (_name, e, duckdb, clickhouse) => {
    expect(both(e)).toEqual({ duckdb, clickhouse });
  });

  it('a format letter ClickHouse reads differently is refused, not mistranslated', () => {
    expect(() => inDialect('clickhouse', () => printExpr(f('format_date', d, lit('%M'))))).toThrow(
      /%M/,
    );
    expect(inDialect('duckdb', () => printExpr(f('format_date', d, lit('%M'))))).toBe(
      `strftime("d", '%M')`,
    );
  });

  it('quotes: ClickHouse also escapes the backslash, in strings and names', () => {
    expect(inDialect('duckdb', () => [quoteString(`a\\'b`), quoteIdent('c\\"d')])).toEqual([
      `'a\\''b'`,
      `"c\\""d"`,
    ]);
    expect(inDialect('clickhouse', () => [quoteString(`a\\'b`), quoteIdent('c\\"d')])).toEqual([
      `'a\\\\''b'`,
      `"c\\\\""d"`,
    ]);
  });

  it('the dialect is scoped: restored after the call, even when it throws', () => {
    expect(currentDialect()).toBe('duckdb');
    expect(() =>
      inDialect('clickhouse', () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(currentDialect()).toBe('duckdb');
    expect(() => inDialect('sqlite' as Dialect, () => 1)).toThrow(/dialect/);
  });
});

describe('statements', () => {
  const g0 = select(
    [
      [x, 'k'],
      [agg('count', []), 'n'],
    ],
    table('t'),
    { groupBy: [x] },
  );
  const g1 = select(
    [
      [x, 'k'],
      [agg('sum', [d]), 's'],
    ],
    table('t'),
    { groupBy: [x] },
  );

  it('UNION ALL BY NAME becomes explicit column lists with NULL for the absent ones', () => {
    const u = unionByName([g0, g1]);
    const names = u.parts.map((p) => (p as Select).columns.map((c) => c.kind === 'item' && c.as));
    expect(names).toEqual([
      ['k', 'n', 's'],
      ['k', 'n', 's'],
    ]);
    expect(inDialect('duckdb', () => printQuery(u))).toBe(
      `SELECT "x" AS "k",
    count(*) AS "n",
    NULL AS "s"
FROM "t"
GROUP BY "x"
UNION ALL
SELECT "x" AS "k",
    NULL AS "n",
    sum("d") AS "s"
FROM "t"
GROUP BY "x"`,
    );
  });

  it('GROUPING SETS, EXCLUDE/EXCEPT, MATERIALIZED, semi joins and VALUES per dialect', () => {
    const q: Select = {
      kind: 'select',
      with: [{ name: 'c', query: g0, materialized: true }],
      columns: [{ kind: 'all', table: null, except: ['n'] }],
      from: { kind: 'values', rows: [[lit(1), lit('a')]], as: 'v', columns: ['k', 'w'] },
      joins: [{ type: 'SEMI', item: table('c'), on: bin('=', col('c', 'k'), col('v', 'k')) }],
      groupingSets: [[col('v', 'k')], []],
      limit: 5,
    };
    expect(inDialect('duckdb', () => printQuery(q))).toBe(`WITH "c" AS MATERIALIZED (
  SELECT "x" AS "k",
      count(*) AS "n"
  FROM "t"
  GROUP BY "x"
)
SELECT * EXCLUDE ("n")
FROM (VALUES (1, 'a')) AS "v"("k", "w")
  SEMI JOIN "c" ON ("c"."k" = "v"."k")
GROUP BY GROUPING SETS (("v"."k"), ())
LIMIT 5`);
    expect(inDialect('clickhouse', () => printQuery(q))).toBe(`WITH "c" AS (
  SELECT "x" AS "k",
      toInt64(count(*)) AS "n"
  FROM "t"
  GROUP BY "x"
)
SELECT * EXCEPT ("n")
FROM (SELECT toInt32(1) AS "k", 'a' AS "w") AS "v"
  LEFT SEMI JOIN "c" ON ("c"."k" = "v"."k")
GROUP BY GROUPING SETS (("v"."k"), ())
LIMIT 5`);
  });

  it('a ClickHouse statement carries the settings its semantics need; DuckDB’s none', () => {
    expect(inDialect('duckdb', () => withSettings('SELECT 1'))).toBe('SELECT 1');
    expect(inDialect('clickhouse', () => withSettings('SELECT 1'))).toMatch(
      /^SELECT 1\nSETTINGS .*join_use_nulls = 1.*aggregate_functions_null_for_empty = 1/,
    );
  });
});
