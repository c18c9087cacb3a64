// Under "show as", a share's header says what it is a share of, not its measure's unit: "Revenue,
// % of total" over 25.6 %, where it read "Revenue, $" — on screen, on a tile, in print and in the
// exported files, whose numbers (0.256) then read as dollars. A measure left as values (a rate)
// keeps its own header.
import { describe, expect, it } from 'vitest';
import { CSV_PLAIN, pivotGrid, toCsv } from '../../../src/charts/export/export.ts';
import { buildPivot } from '../../../src/charts/pivot/pivot.ts';
import { pivotLabels, type PresentLabels } from '../../../src/charts/report/present.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { translator } from '../../../src/lib/i18n.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import type { ShowAs } from '../../../src/query/spec/spec.ts';

const labels = (lang: 'en' | 'ru'): PresentLabels => ({
  lang,
  t: translator(lang),
  currency: 'USD',
  columnLabel: (c) => c.key,
  valueLabel: (c) => (c.format === 'money' ? `${c.key}, $` : c.key),
  dimensionLabel: (d) => d.field,
  measureLabel: (id) => id,
  filterLabel: (f) => f.field,
  analysisColumnLabel: (c) => c.key,
  analysisKeyLabel: (k) => k,
  categoryLabel: (_k, v) => v,
  measure: () => ({ shareable: true, additive: true }),
});

const columns: OutputColumn[] = [
  { key: 'manager', role: 'dimension', axis: 'row', format: 'text' },
  { key: 'revenue', role: 'measure', measure: 'revenue', format: 'money' },
  { key: 'win_rate', role: 'measure', measure: 'win_rate', format: 'pct' },
  { key: '_grouping', role: 'grouping', format: 'int' },
];
const result = resultFromRows([
  { manager: 'Анна', revenue: 100, win_rate: 0.5, _grouping: 0 },
  { manager: 'Bob', revenue: 290.25, win_rate: 0.25, _grouping: 0 },
  { manager: null, revenue: 390.25, win_rate: 0.3, _grouping: 1 },
]);

function header(lang: 'en' | 'ru', show: ShowAs): string[] {
  const layout = buildPivot(columns, result, pivotLabels(labels(lang)), {
    show,
    shareable: (m) => m === 'revenue',
  });
  const head = layout.header.at(-1)!.map((c) => c.text);
  // The files carry the header the table has.
  const csv = toCsv(pivotGrid(layout), CSV_PLAIN).replace('\ufeff', '').split('\r\n')[0];
  expect(csv).toBe(head.map((h) => (h.includes(',') ? `"${h}"` : h)).join(','));
  return head;
}

describe('show as: the header of a share', () => {
  it('names the share in English and Russian', () => {
    expect(header('en', 'pct_total')).toEqual(['manager', 'revenue, % of total', 'win_rate']);
    expect(header('en', 'pct_col')).toEqual(['manager', 'revenue, % of column', 'win_rate']);
    expect(header('ru', 'pct_total')).toEqual(['manager', 'revenue, % от итога', 'win_rate']);
    expect(header('ru', 'pct_row')).toEqual(['manager', 'revenue, % от строки', 'win_rate']);
  });

  it('values keep the unit', () => {
    expect(header('en', 'value')).toEqual(['manager', 'revenue, $', 'win_rate']);
  });
});
