/**
 * `ColumnStats.clone` shares the distinct values with the statistics it copies until either adds
 * one: each must still see only its own values, whoever adds first, through every way values are
 * added (`add`, `addKey`, `resetKeys` then the key sets' direct adds, as `detect/keys-sql.ts`).
 */
import { describe, expect, it } from 'vitest';
import { ColumnStats } from '../../../src/ingest/parse/infer.ts';

const stats = (...cells: string[]) => {
  const s = new ColumnStats();
  for (const c of cells) s.add(c);
  return s;
};
const values = (s: ColumnStats) => [...s.distinct];

describe('a clone of column statistics', () => {
  it('has the same values and counts', () => {
    const a = stats('x', 'y', 'x', ' 2 ');
    const b = a.clone();
    expect(values(b)).toEqual(['x', 'y', '2']);
    expect({ ...b, distinct: values(b) }).toEqual({ ...a, distinct: values(a) });
  });

  it('is not changed by values added to the original after it, nor the original by its own', () => {
    const a = stats('x', 'y');
    const b = a.clone();
    a.add('z');
    a.addKey('w');
    expect(values(a)).toEqual(['x', 'y', 'z', 'w']);
    expect(values(b)).toEqual(['x', 'y']);
    b.add('q');
    expect(values(a)).toEqual(['x', 'y', 'z', 'w']);
    expect(values(b)).toEqual(['x', 'y', 'q']);
  });

  it('keeps its values when the original is reset and given the key sets directly', () => {
    const a = stats('x', 'y');
    const b = a.clone();
    const c = b.clone();
    a.resetKeys();
    a.distinct.add('k');
    b.addKey('v');
    expect(values(a)).toEqual(['k']);
    expect(values(b)).toEqual(['x', 'y', 'v']);
    expect(values(c)).toEqual(['x', 'y']);
    c.resetKeys();
    c.addKey('n');
    expect(values(c)).toEqual(['n']);
    expect(values(b)).toEqual(['x', 'y', 'v']);
  });
});
