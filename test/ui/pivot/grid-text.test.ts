// A printed analysis (funnel, LTV) lines its names up on the left, its numbers on the right.
import { describe, expect, it } from 'vitest';
import { listGrid, pivotGrid } from '../../../src/charts/export/export.ts';
import { buildPivot } from '../../../src/charts/pivot/pivot.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { gridDecimals } from '../../../src/charts/export/grid-decimals.ts';
import { cellText, oneLine, textColumns } from '../../../src/ui/pivot/grid-text.ts';
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

describe('oneLine and cellText', () => {
  it('dates and period labels stay whole; text and numbers do not need to', () => {
    for (const v of ['2026-01-01', '2026-01-01 10:30', '2026-03', '2026-Q3', '2026-W09', '2026'])
      expect(oneLine({ v }), v).toBe(true);
    for (const v of ['ООО «Тайга Фарм»', '2026-Q3 plan', 'Q3', '12-01'])
      expect(oneLine({ v }), v).toBe(false);
    expect(oneLine({ v: '2026-01-01', fmt: 'date' })).toBe(true);
    expect(oneLine({ v: 1234, fmt: 'money' })).toBe(false);
  });

  it('an ISO day of a date column in the UI language; exports keep the ISO text', () => {
    expect(cellText({ v: '2026-01-01', fmt: 'date' }, 'en')).toBe('Jan 1, 2026');
    expect(cellText({ v: '2026-01-01', fmt: 'date' }, 'ru')).toBe('1 янв. 2026 г.');
    expect(cellText({ v: '2026-01-01 10:30', fmt: 'date' }, 'en')).toBe('Jan 1, 2026 10:30');
    // A bucket label is text, shown as it is.
    expect(cellText({ v: '2026-Q3' }, 'ru')).toBe('2026-Q3');
    expect(cellText({ v: 1234.5, fmt: 'number' }, 'ru')).toBe('1\u00a0234,50');
    expect(cellText({ v: null }, 'en')).toBe('');
  });
});

describe('gridDecimals', () => {
  it('a printed or tiled LTV list reads whole days as the screen does (193 d, 193 дн.)', () => {
    const columns = [
      col('client', 'text', 'dimension'),
      col('tenure_days', 'days', 'measure'),
      col('cycle_days', 'days', 'measure'),
      col('revenue', 'money', 'measure'),
    ];
    const grid = listGrid(columns, (c) => c.key, [
      { client: 'A', tenure_days: 193, cycle_days: 12, revenue: 10.5 },
      { client: 'B', tenure_days: 0, cycle_days: 2.5, revenue: 3 },
    ]);
    const decimals = gridDecimals(grid);
    const text = (r: number, c: number, lang: 'en' | 'ru') =>
      cellText(grid.cells[grid.headerRows + r]![c]!, lang, decimals[c]).replace(/\u00a0/g, ' ');
    expect([text(0, 1, 'en'), text(1, 1, 'en'), text(0, 1, 'ru')]).toEqual([
      '193 d',
      '0 d',
      '193 дн.',
    ]);
    // A column with a fraction keeps one decimal throughout; money is not decided here.
    expect([text(0, 2, 'en'), text(1, 2, 'ru')]).toEqual(['12.0 d', '2,5 дн.']);
    expect(decimals[3]?.money).toBeUndefined();
  });
});
