/**
 * `sqrt` and `ceil`, added to the function registry for the forecast (its range and the slice a
 * close falls in): printed as plain calls in both dialects, and run on DuckDB (and on chdb when
 * it is installed) against hand-computed values, NULL and negative inputs included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Table } from 'apache-arrow';
import { chdbAvailable, createChdbEngine } from '../../../src/engine/chdb.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { LazyEngine } from '../../../src/engine/types.ts';
import { bin, col, fn, lit } from '../../../src/query/sql/ast.ts';
import { inDialect, type Dialect } from '../../../src/query/sql/dialect.ts';
import { printExpr, printQuery, withSettings } from '../../../src/query/sql/print.ts';
import { select, type FromItem } from '../../../src/query/sql/stmt.ts';

const x = col(null, 'x');
const both = (d: Dialect, f: () => string) => inDialect(d, f);

describe('sqrt and ceil', () => {
  it('print as plain calls in both dialects', () => {
    for (const d of ['duckdb', 'clickhouse'] as const) {
      expect(both(d, () => printExpr(fn('sqrt', x)))).toBe('sqrt("x")');
      expect(both(d, () => printExpr(fn('ceil', bin('/', x, lit(7)))))).toBe('ceil(("x" / 7))');
    }
  });

  const INPUT: FromItem = {
    kind: 'values',
    as: 't',
    columns: ['id', 'x'],
    rows: [
      [lit(1), lit(16)],
      [lit(2), lit(2.25)],
      [lit(3), lit(0)],
      [lit(4), lit(null)],
      [lit(5), lit(-10)],
    ],
  };
  const query = (d: Dialect) =>
    inDialect(d, () =>
      withSettings(
        printQuery(
          select(
            [
              [col('t', 'id'), 'id'],
              [fn('sqrt', fn('abs', col('t', 'x'))), 'root'],
              // The forecast's slice of a close: whole days over a slice length, rounded up.
              [fn('ceil', bin('/', col('t', 'x'), lit(7))), 'up'],
              [fn('ceil', bin('/', col('t', 'x'), lit(30.4375))), 'up_m'],
            ],
            INPUT,
            { orderBy: [{ expr: col('t', 'id') }] },
          ),
        ),
      ),
    );
  // By hand: √16 = 4, √2.25 = 1.5, √|-10| as JS computes it (both engines round it exactly); ⌈16/7⌉ = 3, ⌈2.25/7⌉ = 1, ⌈-10/7⌉ = -1; ⌈16/30.4375⌉ = 1.
  const WANT = [
    { id: 1, root: 4, up: 3, up_m: 1 },
    { id: 2, root: 1.5, up: 1, up_m: 1 },
    { id: 3, root: 0, up: 0, up_m: 0 },
    { id: 4, root: null, up: null, up_m: null },
    { id: 5, root: Math.sqrt(10), up: -1, up_m: -0 },
  ];
  const rows = (t: Table) =>
    t.toArray().map((r: { toJSON(): Record<string, unknown> }) => {
      const o = r.toJSON();
      return Object.fromEntries(
        Object.entries(o).map(([k, v]) => [k, v == null ? null : Number(v)]),
      );
    });

  let duck: LazyEngine;
  beforeAll(async () => {
    duck = await createNodeEngine();
  });
  afterAll(async () => {
    await duck?.close();
  });

  it('compute the hand-computed values on DuckDB', async () => {
    expect(rows(await duck.query(query('duckdb')))).toEqual(WANT);
  });

  it.skipIf(!chdbAvailable())('compute the same values on chdb', async () => {
    const ch = createChdbEngine();
    try {
      expect(rows(await ch.query(query('clickhouse')))).toEqual(WANT);
    } finally {
      await ch.close();
    }
  });
});
