import { describe, expect, it } from 'vitest';
import { buildPivot } from '../../../src/charts/pivot/pivot.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { columnWidths } from '../../../src/ui/pivot/pivot-grid.ts';
import { KEY_LABELS } from '../../charts/pivot/key-labels.ts';

const labels = KEY_LABELS;
const manager: OutputColumn = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' };
const member: OutputColumn = { key: 'member', role: 'dimension', axis: 'column', format: 'text' };
const won: OutputColumn = { key: 'won', role: 'measure', measure: 'won', format: 'int' };

// 8 px per character: widths are plain sums of what the cells must hold.
const measure = (t: string) => t.length * 8;

describe('columnWidths', () => {
  it('widens the columns under a column member wider than its values', () => {
    const long = 'A very long column member name';
    const r = resultFromRows([
      { manager: 'Ann', member: long, won: 1 },
      { manager: 'Ann', member: 'B', won: 2 },
    ]);
    const p = buildPivot([manager, member, won], r, labels);
    const fmt = [(v: number | null) => String(v ?? '')];
    const w = columnWidths(
      p,
      p.leaves.map(() => fmt[0]!),
      measure,
    );
    const at = p.leaves.findIndex((l) => l.members.includes(long));
    expect(at).toBeGreaterThanOrEqual(0);
    // The member's header cell sits over exactly this column: it must be wide enough for it.
    expect(w[p.labelColumns + at]!).toBeGreaterThanOrEqual(long.length * 8 + 17);
    // A short member's column stays as narrow as its measure header ("won ↓") and values.
    const short = p.leaves.findIndex((l) => l.members.includes('B'));
    expect(w[p.labelColumns + short]).toBe('won ↓'.length * 8 + 17);
  });
});
