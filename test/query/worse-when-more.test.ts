// Lost deals by manager on the demo, Q3 2025 against Q3 2024: the measures whose rise is the bad
// news say so once, in the catalog, and the compiler carries it to their Δ and Δ % columns only;
// the numbers (`lost_delta`, `lost_growth`) and `lost_growth_rank` (highest growth = 1) are what
// plain SQL gives, as for any measure. The marks read them turned (charts/pivot/growth-marks.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPivot } from '../../src/charts/pivot/pivot.ts';
import { resultFromRows } from '../../src/charts/result.ts';
import { buildCatalog } from '../../src/crm/catalog.ts';
import { compileReport } from '../../src/crm/report.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import type { Catalog } from '../../src/query/catalog.ts';
import { defaultSpec, type ReportSpec } from '../../src/query/spec/spec.ts';
import { KEY_LABELS } from '../charts/pivot/key-labels.ts';
import { rowsOf } from './helpers.ts';

let engine: LazyEngine;
let catalog: Catalog;
beforeAll(async () => {
  engine = await createNodeEngine();
  catalog = buildCatalog(await loadDemo(engine));
}, 120_000);
afterAll(async () => {
  await engine.close();
});

const spec: ReportSpec = {
  ...defaultSpec(),
  rows: [{ field: 'manager' }],
  measures: ['lost', 'revenue'],
  period: { from: '2025-07-01', to: '2025-09-30' },
  compare: 'year',
  totals: false,
};

describe('a measure whose rise is the bad news, compared on the demo', () => {
  it('is lost, lost_amount, the cycles and activities per won deal; no other', () => {
    const worse = catalog.measures.filter((m) => m.worseWhenMore).map((m) => m.id);
    expect(worse.sort()).toEqual(
      ['activities_per_won', 'cycle_days', 'cycle_days_avg', 'lost', 'lost_amount'].filter((id) =>
        catalog.measures.some((m) => m.id === id),
      ),
    );
    expect(worse).toContain('lost');
  });

  it('turns the marks of its Δ and Δ % only; the numbers and the growth rank are plain SQL', async () => {
    const c = compileReport(spec, catalog);
    const flagged = c.columns.filter((col) => col.worseWhenMore).map((col) => col.key);
    expect(flagged).toEqual(['lost_delta', 'lost_growth']);
    const rows = rowsOf(await engine.query(c.sql));
    const plain = rowsOf(
      await engine.query(`
        SELECT manager,
          count(*) FILTER (WHERE closed_at >= DATE '2025-07-01' AND closed_at < DATE '2025-10-01') AS now,
          count(*) FILTER (WHERE closed_at >= DATE '2024-07-01' AND closed_at < DATE '2024-10-01') AS before
        FROM deals WHERE status = 'lost' GROUP BY manager`),
    );
    const num = (v: unknown) => (v === null ? null : Number(v));
    for (const p of plain) {
      const r = rows.find((x) => x.manager === p.manager)!;
      const [now, before] = [Number(p.now), Number(p.before)];
      expect([num(r.lost), num(r.lost_previous), num(r.lost_delta)]).toEqual([
        now,
        before,
        now - before,
      ]);
      if (before > 0) expect(num(r.lost_growth)).toBeCloseTo((now - before) / before, 12);
    }
    // Rank 1 is still the highest growth: Oscar Bell's 6 → 64 lost deals, the worst news.
    const numbers = rows.filter((r) => r.lost_growth !== null);
    const top = numbers.reduce((a, b) => (Number(b.lost_growth) > Number(a.lost_growth) ? b : a));
    expect(top.manager).toBe('Oscar Bell');
    expect(num(top.lost_growth_rank)).toBe(
      rows.filter((r) => num(r.lost_previous) === 0).length + 1,
    );
    const low = numbers.reduce((a, b) => (Number(b.lost_growth) < Number(a.lost_growth) ? b : a));
    expect(low.manager).toBe('Emily Parker');

    const l = buildPivot(c.columns, resultFromRows(rows), KEY_LABELS, {});
    const g = l.leaves.findIndex((leaf) => leaf.column.key === 'lost_growth');
    const mark = (name: string) =>
      l.marks?.[l.rows.findIndex((r) => r.labels[0]!.text === name)]?.[g] ?? null;
    expect([mark('Emily Parker'), mark('Oscar Bell')]).toEqual(['best', 'worst']);
    const rg = l.leaves.findIndex((leaf) => leaf.column.key === 'revenue_growth');
    const revenueMark = (name: string) =>
      l.marks?.[l.rows.findIndex((r) => r.labels[0]!.text === name)]?.[rg] ?? null;
    expect([revenueMark('Emily Parker'), revenueMark('Oscar Bell')]).toEqual(['worst', 'best']);
  });
});
