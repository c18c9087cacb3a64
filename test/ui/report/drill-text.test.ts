// A drill-down list writes its dates and date-times as the report's tables do, in the UI
// language: the Russian list read `2024-11-21 13:46` under tables that read «21 нояб. 2024 г.».
import { describe, expect, it } from 'vitest';
import { listGrid } from '../../../src/charts/export/export.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { cellText } from '../../../src/ui/pivot/grid-text.ts';
import { drillCellText } from '../../../src/ui/report/drill/drill-text.ts';

const created: OutputColumn = { key: 'created_at', role: 'dimension', format: 'date' };
const at = Date.UTC(2024, 10, 21, 13, 46);
const day = Date.UTC(2024, 10, 21);
const opts = (lang: 'en' | 'ru') => ({ lang, currency: 'RUB', word: (s: string) => s });

describe('drill-down list: dates in the UI language', () => {
  it('Russian: a date-time and a date as the tables write them, no ISO', () => {
    expect(drillCellText(at, created, opts('ru'))).toBe('21 нояб. 2024 г. 13:46');
    expect(drillCellText(day, created, opts('ru'))).toBe('21 нояб. 2024 г.');
  });

  it('English: the same values the English way', () => {
    expect(drillCellText(at, created, opts('en'))).toBe('Nov 21, 2024 13:46');
    expect(drillCellText(day, created, opts('en'))).toBe('Nov 21, 2024');
  });

  it("reads as the table's cell of the same list (one rule, grid-text.ts)", () => {
    const grid = listGrid([created], (c) => c.key, [{ created_at: at }]);
    for (const lang of ['en', 'ru'] as const)
      expect(drillCellText(at, created, opts(lang))).toBe(cellText(grid.cells[1]![0]!, lang));
  });

  it('numbers, money and words keep their own formats; nothing is blank', () => {
    const amount: OutputColumn = { key: 'amount', role: 'dimension', format: 'money' };
    const status: OutputColumn = { key: 'status', role: 'dimension', format: 'text' };
    expect(drillCellText(1234, amount, opts('ru'))).toBe(
      new Intl.NumberFormat('ru-RU', {
        style: 'currency',
        currency: 'RUB',
        maximumFractionDigits: 0,
      }).format(1234),
    );
    expect(drillCellText('won', status, { ...opts('ru'), word: () => 'выиграна' })).toBe(
      'выиграна',
    );
    expect(drillCellText(null, created, opts('ru'))).toBe('');
  });
});
