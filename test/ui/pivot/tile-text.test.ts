// A dashboard tile and print (GridTable: the export grid read by cellText) read an empty number
// as the report's table does, "–", not a blank: a funnel's first step has no conversion, a Δ %
// over a previous 0 has none. The files still write nothing there.
import { describe, expect, it } from 'vitest';
import { CSV_PLAIN, pivotGrid, toCsv } from '../../../src/charts/export/export.ts';
import { buildFlatTable } from '../../../src/charts/pivot/flat-table.ts';
import { buildPivot } from '../../../src/charts/pivot/pivot.ts';
import { analysisGrid } from '../../../src/charts/report/analysis-grid.ts';
import type { PresentLabels } from '../../../src/charts/report/present.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { translator } from '../../../src/lib/i18n.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { defaultSpec } from '../../../src/query/spec/spec.ts';
import { badNews } from '../../../src/charts/export/bad-news.ts';
import { cellText } from '../../../src/ui/pivot/grid-text.ts';
import { KEY_LABELS } from '../../charts/pivot/key-labels.ts';
import { CLIENTS_GROWTH, STATUS } from '../../charts/pivot/dynamics-columns.ts';

const labels = (lang: 'en' | 'ru'): PresentLabels => ({
  lang,
  t: translator(lang),
  currency: 'USD',
  columnLabel: (c) => c.key,
  valueLabel: (c) => c.key,
  dimensionLabel: (d) => d.field,
  measureLabel: (id) => id,
  filterLabel: (f) => f.field,
  analysisColumnLabel: (c) => c.key,
  analysisKeyLabel: (k) => k,
  categoryLabel: (_k, v) => v,
  measure: () => ({ shareable: true, additive: true }),
});

const funnel: OutputColumn[] = [
  { key: 'stage', role: 'dimension', format: 'text' },
  { key: 'reached', role: 'measure', format: 'int' },
  { key: 'step_conversion', role: 'measure', format: 'pct' },
];
const steps = resultFromRows([
  { stage: 'Lead', reached: 10, step_conversion: null },
  { stage: 'Won', reached: 4, step_conversion: 0.4 },
]);

describe('a tile reads an empty number as the report does', () => {
  for (const lang of ['en', 'ru'] as const)
    it(`a funnel's first step conversion (${lang})`, () => {
      const table = buildFlatTable(funnel, steps, { lang, empty: '', label: (c) => c.key });
      const spec = { ...defaultSpec(), analysis: 'funnel' as const };
      const grid = analysisGrid({ spec, columns: funnel, table: steps }, labels(lang));
      const tile = grid.cells.slice(1).map((row) => row.map((c) => cellText(c, lang)));
      expect(tile).toEqual(table.rows);
      expect(tile[0]![2]).toBe('–');
      // The CSV still holds nothing there: an empty cell, not a dash to parse.
      expect(toCsv(grid, CSV_PLAIN).split('\r\n')[1]).toBe('Lead,10,');
    });

  it("the pivot's Δ % over a previous 0, as its table's formatter shows it", () => {
    const manager = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' } as const;
    const growth: OutputColumn = {
      key: 'won_growth',
      role: 'growth',
      measure: 'won',
      format: 'pct',
    };
    const layout = buildPivot(
      [manager, { key: 'won', role: 'measure', measure: 'won', format: 'int' }, growth],
      resultFromRows([
        { manager: 'Ann', won: 3, won_growth: null },
        { manager: 'Bob', won: 2, won_growth: 0.5 },
      ]),
      KEY_LABELS,
    );
    const grid = pivotGrid(layout);
    const body = grid.cells.slice(grid.headerRows);
    expect(body.map((r) => r.map((c) => cellText(c, 'ru')))).toEqual([
      ['Ann', '3', '–'],
      ['Bob', '2', '50,0\u00a0%'],
    ]);
    // A blank label or header cell stays blank.
    expect(cellText({ v: null }, 'en')).toBe('');
  });
});

describe('print and tiles colour bad news red', () => {
  // Compared dynamics: fewer lapsed clients is the good news, more lost ones the bad; a tile
  // coloured "−40 %" of lapsed red beside its "best" mark.
  const status = STATUS;
  const growth = CLIENTS_GROWTH;
  const table = resultFromRows([
    { status: 'new', clients_growth: -0.2 },
    { status: 'regular', clients_growth: 0.1 },
    { status: 'lapsed', clients_growth: -0.4 },
    { status: 'lost', clients_growth: 0.3 },
    { status: 'lost', clients_growth: null },
  ]);
  it('by the sign of the change, turned where a rise is bad', () => {
    const spec = { ...defaultSpec(), analysis: 'dynamics' as const };
    const grid = analysisGrid({ spec, columns: [status, growth], table }, labels('en'));
    const red = grid.cells.slice(grid.headerRows).map((row) => badNews(row[1]!));
    expect(red).toEqual([true, false, false, true, false]);
    // Without the reversal, only the falls are red, as the pivot's growth.
    const plain = { ...growth, rankReversed: undefined };
    const grid2 = analysisGrid({ spec, columns: [status, plain], table }, labels('en'));
    expect(grid2.cells.slice(grid2.headerRows).map((row) => badNews(row[1]!))).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
  });
  it('only changes in percent or points', () => {
    expect(badNews({ v: -3, fmt: 'int' })).toBe(false);
    expect(badNews({ v: -0.02, fmt: 'pp' })).toBe(true);
    expect(badNews({ v: 0, fmt: 'pct', reversed: true })).toBe(false);
  });
  it('not a change that reads 0.0 pp or 0.0 %: a funnel step red at "0.0 pp"', () => {
    expect(badNews({ v: -0.0003, fmt: 'pp' })).toBe(false);
    expect(badNews({ v: 0.0004, fmt: 'pct', reversed: true })).toBe(false);
    // Half a tenth rounds away from 0: it reads −0.1 pp and is news.
    expect(badNews({ v: -0.0005, fmt: 'pp' })).toBe(true);
    expect(badNews({ v: 0.0006, fmt: 'pct', reversed: true })).toBe(true);
  });
});
