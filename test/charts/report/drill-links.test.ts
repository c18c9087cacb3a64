// Which pivot cells are drill-down links: only those with rows behind them, read from the cell's
// own result row (query/drill-rows.ts) — a link to an empty list read as "there are rows here".
import { describe, expect, it } from 'vitest';
import { present, type PresentLabels } from '../../../src/charts/report/present.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { translator } from '../../../src/lib/i18n.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { agg, col, eq, lit } from '../../../src/query/sql/ast.ts';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';
import { cellsHtml } from '../../../src/ui/pivot/pivot-grid.ts';

const WON = eq(col('deals', 'status'), lit('won'));
const MEASURES = {
  won: { expr: agg('count', [], { filter: WON }), fact: 'deals', date: 'closed_at' },
  revenue: {
    expr: agg('sum', [col('deals', 'amount')], { filter: WON }),
    fact: 'deals',
    date: 'closed_at',
  },
};
const L: PresentLabels = {
  lang: 'en',
  t: translator('en'),
  currency: null,
  columnLabel: (c) => c.key,
  valueLabel: (c) => c.key,
  dimensionLabel: (d) => d.field,
  measureLabel: (id) => id,
  filterLabel: (f) => f.field,
  analysisColumnLabel: (c) => c.key,
  analysisKeyLabel: (k) => k,
  categoryLabel: (_k, v) => v,
  measure: (id) =>
    id in MEASURES
      ? { shareable: true, additive: true, ...MEASURES[id as keyof typeof MEASURES] }
      : undefined,
};

const columns: OutputColumn[] = [
  { key: 'manager', role: 'dimension', axis: 'row', format: 'text' },
  ...(['won', 'revenue'] as const).flatMap((m): OutputColumn[] => [
    { key: m, role: 'measure', measure: m, format: m === 'won' ? 'int' : 'money' },
    { key: `${m}_previous`, role: 'previous', measure: m, format: m === 'won' ? 'int' : 'money' },
    { key: `${m}_delta`, role: 'delta', measure: m, format: 'int' },
    { key: `${m}_earlier`, role: 'earlier', measure: m, format: 'int' },
  ]),
];
const spec: ReportSpec = {
  ...defaultSpec(),
  rows: [{ field: 'manager' }],
  measures: ['won', 'revenue'],
  period: { from: '2025-01-01', to: '2025-12-31' },
  compare: 'year',
};
const row = (manager: string, won: number, revenue: number, wonBefore: number, before: number) => ({
  manager,
  won,
  won_previous: wonBefore,
  won_delta: won - wonBefore,
  won_earlier: wonBefore > 0 ? 1 : 0,
  revenue,
  revenue_previous: before,
  revenue_delta: revenue - before,
  revenue_earlier: wonBefore > 0 ? 1 : 0,
});

describe('drill-down links of a compared pivot', () => {
  const table = resultFromRows([
    // Left in 2024: nothing won in 2025.
    row('Ann', 0, 0, 2, 900),
    // New in 2025: nothing before.
    row('Bob', 3, 1200, 0, 0),
    // Won deals of amount 0: revenue 0 with rows behind it.
    row('Cy', 1, 0, 1, 0),
  ]);
  const p = present({ spec, columns, table }, L, { maxColumns: 40 });
  if (p.table.kind !== 'pivot') throw new Error('a pivot');
  const { layout, formats } = p.table;
  const keys = layout.leaves.map((l) => l.column.key);
  const html = (r: number) =>
    cellsHtml(layout.rows[r]!, r, {
      leaves: layout.leaves,
      formats,
      shade: null,
      drill: (rr, i, v) => v !== null && !layout.noRows?.[rr]?.[i] && !keys[i]!.endsWith('_delta'),
    });
  const links = (r: number) =>
    keys.filter((_, i) => html(r).split('<td').slice(1)[i]!.includes('data-row='));

  it('marks the values of 0 with nothing behind them, and only those', () => {
    const names = layout.rows.map((r) => r.labels[0]?.text);
    const at = (name: string) => names.indexOf(name);
    expect(links(at('Ann'))).toEqual(['won_previous', 'revenue_previous']);
    expect(links(at('Bob'))).toEqual(['won', 'revenue']);
    expect(links(at('Cy'))).toEqual(['won', 'won_previous', 'revenue', 'revenue_previous']);
  });

  it('leaves a cell with nothing behind it out of the tab order, its number shown', () => {
    const ann = layout.rows.findIndex((r) => r.labels[0]?.text === 'Ann');
    const cells = html(ann).split('<td').slice(1);
    const won = keys.indexOf('won');
    expect(cells[won]).toBe('>0</td>');
    expect(cells[keys.indexOf('won_previous')]).toContain('class="drill"');
  });
});
