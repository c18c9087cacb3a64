/**
 * A drill-down list's decimals come from the whole list, asked of the engine with its count: a
 * list of whole days reads "22 d" on a page of one row, and the engine's answer is the one the
 * table's rule (`sharedDecimals`) gives over the same values, for random values.
 */
import { describe, expect, it } from 'vitest';
import { formatter, sharedDecimals } from '../../src/charts/format.ts';
import type { OutputColumn } from '../../src/query/compiled.ts';
import { compileDrill } from '../../src/query/drill.ts';
import { FRACTION_DIGITS, fractionItems, listDecimals } from '../../src/query/drill-decimals.ts';
import { col } from '../../src/query/sql/ast.ts';
import { printExpr } from '../../src/query/sql/print.ts';
import { tinyCrm } from '../fixtures/engine.ts';
import { rowsOf, spec } from './helpers.ts';

const db = tinyCrm();

/** The engine's decimals of each format over `values`, through the count query's aggregates. */
async function engineDecimals(values: number[]): Promise<Record<string, number>> {
  const columns: OutputColumn[] = [
    { key: 'd', role: 'measure', format: 'days' },
    { key: 'n', role: 'measure', format: 'number' },
    { key: 'm', role: 'measure', format: 'money' },
  ];
  const items = fractionItems(columns.map((column) => ({ column, expr: col('t', 'x') })));
  const rows = values.map((v) => `(${v}::DOUBLE)`).join(', ');
  const sql = `SELECT ${items.map(([e, as]) => `${printExpr(e)} AS "${as}"`).join(', ')} FROM (VALUES ${rows}) t(x)`;
  const [row] = rowsOf(await db.engine.query(sql));
  return listDecimals(columns, (k) => row?.[k]);
}

describe('drill-down list decimals', () => {
  it('a list of whole days reads whole on a page of one row (tiny CRM, sales cycle)', async () => {
    const s = spec({ rows: [{ field: 'manager' }], measures: ['cycle_days'] });
    const d = compileDrill(s, db.catalog, 'cycle_days', {}, { limit: 1, offset: 0, sort: [] });
    const [count] = rowsOf(await db.engine.query(d.countSql));
    const decimals = listDecimals(d.columns, (k) => count?.[k]);
    expect(decimals).toEqual({ _value: 0 });
    const [first] = rowsOf(await db.engine.query(d.sql));
    const days = formatter('days', 'ru', { decimals: decimals['_value']! })(first?.['_value']);
    expect(days).toMatch(/^\d+\u00a0дн\.$/);
  });

  it('days and numbers: whole, or a fraction at the format’s decimals', async () => {
    // 3.04 is 3.0 days (whole) but 3.04 as a number; 7.25 is 7.3 days.
    expect(await engineDecimals([12, 3.04])).toEqual({ d: 0, n: 2 });
    expect(await engineDecimals([12, 7.25])).toEqual({ d: 1, n: 2 });
    expect(await engineDecimals([12, -4, 1e6])).toEqual({ d: 0, n: 0 });
  });

  it('agrees with sharedDecimals on random values', async () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 30; k++) {
      const places = k % 4;
      const values = Array.from({ length: 1 + (k % 5) }, () =>
        Number((rand() * 400 - 100).toFixed(places)),
      );
      const got = await engineDecimals(values);
      expect(got, JSON.stringify(values)).toEqual({
        d: sharedDecimals('days', values),
        n: sharedDecimals('number', values),
      });
    }
  });

  it('the most decimals per format are the table rule’s', () => {
    for (const [format, k] of Object.entries(FRACTION_DIGITS))
      expect(sharedDecimals(format as 'days' | 'number', [0.123])).toBe(k);
  });
});
