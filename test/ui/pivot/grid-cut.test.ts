// A cut dashboard tile counts what its note counts: data rows. Its first cut counted subtotal rows
// too, so a printed manager × source tile showed 46 data rows under "50 of … rows shown".
import { describe, expect, it } from 'vitest';
import { cutRows, type BodyRow } from '../../../src/ui/pivot/grid-cut.ts';

/** Groups of `size` data rows, each closed by its subtotal, then the grand total. */
function grouped(groups: number, size: number): BodyRow<string>[] {
  const rows: BodyRow<string>[] = [];
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < size; i++) rows.push({ cells: [`g${g}.${i}`], kind: 'data' });
    rows.push({ cells: [`g${g} subtotal`], kind: 'subtotal' });
  }
  rows.push({ cells: ['total'], kind: 'total' });
  return rows;
}
const names = (c: { body: BodyRow<string>[] }) => c.body.map((r) => r.cells[0]);

describe('cutRows', () => {
  it('counts data rows, not subtotals: 50 data rows shown of 120', () => {
    const cut = cutRows(grouped(30, 4), 50);
    expect(cut.total).toBe(120);
    expect(cut.shown).toBe(50);
    expect(cut.body.filter((r) => r.kind === 'data')).toHaveLength(50);
    // 12 whole groups (48 rows and their subtotals), 2 rows of the 13th, no subtotal of it.
    expect(cut.body.filter((r) => r.kind === 'subtotal')).toHaveLength(12);
    expect(names(cut).slice(-3)).toEqual(['g12.0', 'g12.1', 'total']);
  });

  it('keeps the subtotal of a group that ends exactly at the cut', () => {
    const cut = cutRows(grouped(10, 5), 10);
    expect(names(cut)).toEqual([
      ...['g0.0', 'g0.1', 'g0.2', 'g0.3', 'g0.4', 'g0 subtotal'],
      ...['g1.0', 'g1.1', 'g1.2', 'g1.3', 'g1.4', 'g1 subtotal'],
      'total',
    ]);
    expect(cut.shown).toBe(10);
  });

  it('a table within the cap is whole, subtotals and all', () => {
    const rows = grouped(3, 4);
    const cut = cutRows(rows, 12);
    expect(cut.body).toBe(rows);
    expect([cut.shown, cut.total]).toEqual([12, 12]);
  });

  it('a flat list (all data rows) is cut after its first rows, with no total to keep', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      cells: [`r${i}`],
      kind: 'data' as const,
    }));
    const cut = cutRows(rows, 12);
    expect(names(cut)).toEqual(rows.slice(0, 12).map((r) => r.cells[0]));
    expect([cut.shown, cut.total]).toEqual([12, 30]);
  });
});
