// A printed analysis (funnel, LTV) lines its names up on the left, its numbers on the right.
import { describe, expect, it } from 'vitest';
import { listGrid, pivotGrid } from '../../../src/charts/export/export.ts';
import { buildPivot } from '../../../src/charts/pivot/pivot.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { textColumns } from '../../../src/ui/pivot/grid-text.ts';
import { KEY_LABELS } from '../../charts/pivot/key-labels.ts';

const col = (key: string, format: OutputColumn['format'], role: OutputColumn['role']) =>
  ({ key, format, role, ...(role === 'measure' ? { measure: key } : {}) }) as OutputColumn;

describe('textColumns', () => {
  it('a funnel list: stage and lost reasons are text, counts and rates are not', () => {
    const columns = [
      col('stage', 'text', 'dimension'),
      col('reached', 'int', 'measure'),
      col('step_conversion', 'pct', 'measure'),
      col('top_lost_reasons', 'text', 'measure'),
    ];
    const grid = listGrid(columns, (c) => c.key, [
      { stage: 'Lead', reached: 10, step_conversion: null, top_lost_reasons: 'No budget (3)' },
      { stage: 'Won', reached: 4, step_conversion: 0.4, top_lost_reasons: null },
    ]);
    expect(textColumns(grid, 0)).toEqual([true, false, false, true]);
  });

  it('a pivot: label columns stay labels; value columns with empty cells are not text', () => {
    const labels = KEY_LABELS;
    const manager = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' } as const;
    const won = col('won', 'int', 'measure');
    const layout = buildPivot(
      [manager, won],
      resultFromRows([
        { manager: 'Ann', won: 3 },
        { manager: 'Bob', won: null },
      ]),
      labels,
    );
    const grid = pivotGrid(layout);
    expect(textColumns(grid, layout.labelColumns)).toEqual([false, false]);
  });
});
