/**
 * The statement nodes the funnel's per-deal summary needs: a POSITIONAL JOIN (rows paired by
 * position) and a table built from a query (`printCreateTable`). Both are DuckDB's: printed
 * exactly, run on DuckDB, and refused with a clear error in the ClickHouse dialect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { LazyEngine } from '../../../src/engine/types.ts';
import { col } from '../../../src/query/sql/ast.ts';
import { inDialect } from '../../../src/query/sql/dialect.ts';
import { printCreateTable, printQuery } from '../../../src/query/sql/print.ts';
import { select, table, type Select } from '../../../src/query/sql/stmt.ts';
import { rowsOf } from '../helpers.ts';

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.exec(
    `CREATE TABLE pa AS SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) t(x, s)`,
  );
  await engine.exec(`CREATE TABLE pb AS SELECT * FROM (VALUES (30), (10), (20)) t(y)`);
});
afterAll(async () => {
  await engine.close();
});

const paired: Select = select(
  [
    [col('pa', 's'), 's'],
    [col('b', 'y'), 'y'],
  ],
  table('pa'),
  { joins: [{ type: 'POSITIONAL', item: table('pb', 'b') }] },
);

describe('POSITIONAL JOIN', () => {
  it('prints in DuckDB and pairs rows by position', async () => {
    const sql = inDialect('duckdb', () => printQuery(paired));
    expect(sql).toBe(
      'SELECT "pa"."s" AS "s",\n    "b"."y" AS "y"\nFROM "pa"\n  POSITIONAL JOIN "pb" AS "b"',
    );
    expect(rowsOf(await engine.query(sql))).toEqual([
      { s: 'a', y: 30 },
      { s: 'b', y: 10 },
      { s: 'c', y: 20 },
    ]);
  });

  it('is refused in ClickHouse, which has no row order to pair by', () => {
    expect(() => inDialect('clickhouse', () => printQuery(paired))).toThrow(/POSITIONAL JOIN/);
  });
});

describe('a table built from a query', () => {
  it('prints CREATE OR REPLACE TABLE … AS in DuckDB, and builds it', async () => {
    const q = select([[col('pb', 'y'), 'y']], table('pb'), { orderBy: [{ expr: col('pb', 'y') }] });
    const sql = inDialect('duckdb', () => printCreateTable('p c', q));
    expect(sql).toBe(
      'CREATE OR REPLACE TABLE "p c" AS\nSELECT "pb"."y" AS "y"\nFROM "pb"\nORDER BY "pb"."y" ASC NULLS LAST',
    );
    await engine.exec(sql);
    await engine.exec(sql); // replaced, not an error the second time
    expect(rowsOf(await engine.query('SELECT y FROM "p c"'))).toEqual([
      { y: 10 },
      { y: 20 },
      { y: 30 },
    ]);
  });

  it('is refused in ClickHouse, where the callers inline the query', () => {
    const q = select([[col('pb', 'y'), 'y']], table('pb'));
    expect(() => inDialect('clickhouse', () => printCreateTable('t', q))).toThrow(/ClickHouse/);
  });
});
