/**
 * Numbers an analyst must be able to trust (issue 10): conversion beside win rate, rows without
 * the measure's date, stage order. Checked on an imported CSV against plain SQL over the same
 * table, so the compiler's answer is compared with an independent query.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/crm/catalog.ts';
import { fieldValuesQuery, readFieldValues } from '../../src/crm/field-values.ts';
import type { DatasetModel } from '../../src/crm/model.ts';
import { resolvePreset } from '../../src/crm/presets.ts';
import { compileReport } from '../../src/crm/report.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import { importFiles } from '../../src/ingest/index.ts';
import type { Catalog } from '../../src/query/catalog.ts';
import { compileDrill } from '../../src/query/drill.ts';
import { defaultSpec, type ReportSpec } from '../../src/query/spec/spec.ts';
import { undatedCounts, undatedNotes } from '../../src/query/period/undated.ts';

let engine: LazyEngine;
let model: DatasetModel;
let catalog: Catalog;
beforeAll(async () => {
  engine = await createNodeEngine();
  const bytes = new Uint8Array(readFileSync('test/cli/fixtures/undated.csv'));
  ({ model } = await importFiles(engine, [{ name: 'undated.csv', bytes }]));
  catalog = buildCatalog(model);
}, 60_000);
afterAll(async () => {
  await engine.close();
});

const rows = async (sql: string) =>
  (await engine.query(sql)).toArray().map((r) => r.toJSON() as Record<string, unknown>);
const one = async (sql: string) => Number(Object.values((await rows(sql))[0]!)[0]);
const spec = (s: Partial<ReportSpec>): ReportSpec =>
  ({ ...defaultSpec(), totals: false, ...s }) as ReportSpec;
const run = async (s: ReportSpec) => rows(compileReport(s, catalog).sql);

describe('conversion and win rate', () => {
  it('conversion is won of created (by creation date), win rate won of closed', async () => {
    const [r] = await run(spec({ measures: ['conversion', 'win_rate'] }));
    const plain = await one(
      `SELECT count(*) FILTER (WHERE status = 'won')::DOUBLE / count(*) FROM deals`,
    );
    expect(r!.conversion).toBeCloseTo(plain, 12);
    expect(r!.conversion).toBeCloseTo(2 / 5, 12);
    expect(r!.win_rate).toBeCloseTo(2 / 3, 12);
  });

  it('with lost deals, win rate has no note and presets keep it', () => {
    expect(catalog.hasLost).toBe(true);
    const c = compileReport(spec({ measures: ['win_rate'] }), catalog);
    expect(c.notes.map((n) => n.code)).not.toContain('note_winRateNoLost');
    const ctx = { catalog, model, period: null };
    expect(resolvePreset('by-source', ctx).spec.measures).toContain('win_rate');
  });

  it('without lost deals, win rate carries a note and presets show conversion', () => {
    const noLost = buildCatalog({ ...model, hasLost: false });
    const c = compileReport(spec({ measures: ['deals', 'win_rate'] }), noLost);
    expect(c.notes).toContainEqual(expect.objectContaining({ code: 'note_winRateNoLost' }));
    const ctx = { catalog: noLost, model, period: null };
    for (const id of ['by-source', 'managers', 'compare'] as const) {
      const s = resolvePreset(id, ctx).spec;
      expect(s.measures, id).toContain('conversion');
      expect(s.measures, id).not.toContain('win_rate');
    }
  });

  it('a rate delta is formatted in percentage points', () => {
    const c = compileReport(
      spec({
        measures: ['conversion'],
        period: { from: '2024-01-01', to: '2024-12-31' },
        compare: 'year',
      }),
      catalog,
    );
    expect(c.columns.find((x) => x.key === 'conversion_delta')?.format).toBe('pp');
    expect(c.columns.find((x) => x.key === 'conversion_growth')?.format).toBe('pct');
  });
});

describe('rows without the measure date', () => {
  it('with no period every deal counts, undated ones included', async () => {
    const [r] = await run(spec({ measures: ['deals', 'won', 'amount'] }));
    expect(r!.deals).toBe(await one(`SELECT count(*) FROM deals`));
    expect(r!.deals).toBe(5);
    expect(r!.amount).toBe(720);
    expect(r!.won).toBe(2);
  });

  it('with a period the report counts the undated rows, and drill-down lists them', async () => {
    const s = spec({
      measures: ['deals', 'won'],
      period: { from: '2024-01-01', to: '2024-12-31' },
    });
    const c = compileReport(s, catalog);
    const [r] = await rows(c.sql);
    expect(r!.deals).toBe(3);
    const notes = await undatedNotes(c.undated, one);
    const plain = await one(`SELECT count(*) FROM deals WHERE created_at IS NULL`);
    expect(plain).toBe(2);
    // Only deals has undated rows: every won deal has its close date.
    expect(notes).toEqual([
      expect.objectContaining({
        code: 'note_undated',
        params: expect.objectContaining({ count: plain }),
      }),
    ]);
    const drill = compileDrill(
      s,
      catalog,
      'deals',
      {},
      { limit: 50, offset: 0, sort: [], undated: true },
    );
    const listed = await rows(drill.sql);
    expect(listed.map((x) => x.id).sort()).toEqual(['u2', 'u4']);
    expect(await one(drill.countSql)).toBe(2);
  });

  it('each undated count names the measure whose drill-down lists exactly those rows', async () => {
    const period = { from: '2024-01-01', to: '2024-12-31' };
    // deals counts every row: it lists the group's undated rows even beside won (won deals only).
    const both = compileReport(spec({ measures: ['won', 'deals'], period }), catalog);
    const [u] = await undatedCounts(both.undated, one);
    expect(u).toMatchObject({ count: 2, drill: 'deals' });
    // A single filtered measure lists its own rows; two filtered ones have no single list.
    const conv = compileReport(spec({ measures: ['conversion'], period }), catalog);
    expect(conv.undated?.map((c) => c.drill)).toEqual(['conversion']);
    const two = compileReport(spec({ measures: ['won', 'revenue'], period }), catalog);
    expect(two.undated?.length).toBeGreaterThan(0);
    expect(two.undated?.every((c) => c.drill === null)).toBe(true);
  });
});

describe('stage order', () => {
  it('stages follow their pipeline order in rows and in filter value lists (demo)', async () => {
    const demo = await createNodeEngine();
    try {
      const dm = await loadDemo(demo, { deals: 600 });
      const cat = buildCatalog(dm);
      const first = cat.pipelines[0]!.stages.map((x) => x.name);
      const got = (
        await demo.query(
          compileReport(spec({ rows: [{ field: 'stage' }], measures: ['deals'] }), cat).sql,
        )
      )
        .toArray()
        .map((r) => (r.toJSON() as { stage: string }).stage);
      const all = cat.pipelines.flatMap((p) => p.stages.map((x) => x.name));
      expect(got).toEqual([...new Set(all)].filter((x) => got.includes(x)));
      expect(got.slice(0, first.length)).toEqual(first.filter((x) => got.includes(x)));
      const q = fieldValuesQuery(cat, 'stage');
      const values = readFieldValues(q, await demo.query(q.sql)).map((v) => v.value);
      expect(values).toEqual(got);
    } finally {
      await demo.close();
    }
  }, 120_000);
});
