// "Show as" % of row / column / total: which measures take part is the catalog's call. A count
// adds up as a sum of money does — the share of won deals per manager is the first question a
// Pipedrive user asks of it — yet only the money sums took part, so the control was greyed out,
// with no word why, on every report of counts (Activities, Manager performance) and on any data
// without amounts (all of Olist's).
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/crm/catalog.ts';
import { buildPivot } from '../../src/charts/pivot/pivot.ts';
import { resultFromRows } from '../../src/charts/result.ts';
import type { OutputColumn } from '../../src/query/compiled.ts';
import { TINY_MODEL } from '../fixtures/tiny-crm.ts';
import { KEY_LABELS } from '../charts/pivot/key-labels.ts';

const catalog = buildCatalog(TINY_MODEL);
const shareable = (id: string) => catalog.measures.find((m) => m.id === id)?.shareable === true;

describe('which measures "show as" turns into shares', () => {
  it('every measure whose parts add up to its total: the counts as well as the sums', () => {
    const additive = catalog.measures.filter((m) => m.additive).map((m) => m.id);
    expect(additive).toEqual(
      expect.arrayContaining(['deals', 'won', 'lost', 'open', 'activities']),
    );
    expect(catalog.measures.filter((m) => m.shareable).map((m) => m.id)).toEqual(additive);
    // Rates, averages, medians and distinct clients stay values.
    for (const id of ['win_rate', 'avg_won', 'median_won', 'clients', 'activities_per_won'])
      expect(shareable(id)).toBe(false);
  });

  it('won deals per manager as % of the total', () => {
    const columns: OutputColumn[] = [
      { key: 'manager', role: 'dimension', axis: 'row', format: 'text' },
      { key: 'won', role: 'measure', measure: 'won', format: 'int' },
      { key: '_grouping', role: 'grouping', format: 'int' },
    ];
    const rows = [
      { manager: 'Ann', won: 3, _grouping: 0 },
      { manager: 'Bob', won: 1, _grouping: 0 },
      { manager: null, won: 4, _grouping: 1 },
    ];
    const p = buildPivot(columns, resultFromRows(rows), KEY_LABELS, {
      show: 'pct_total',
      shareable,
    });
    expect(p.rows.map((r) => r.values[0])).toEqual([0.75, 0.25, 1]);
  });
});
