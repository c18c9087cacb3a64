// Open deals and pipeline "as of the period end" when there is a stage history: hand-computed on
// the tiny CRM (test/fixtures/tiny-history.ts lists each deal's stages with dates).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/crm/catalog.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine } from '../../src/engine/types.ts';
import type { Catalog } from '../../src/query/catalog.ts';
import { compile } from '../../src/query/compile.ts';
import { compileDrill } from '../../src/query/drill.ts';
import { defaultSpec, type ReportSpec } from '../../src/query/spec/spec.ts';
import { loadTiny } from '../fixtures/tiny-crm.ts';
import { loadTinyWithHistory } from '../fixtures/tiny-history.ts';

let engine: Engine;
let catalog: Catalog;
beforeAll(async () => {
  engine = await createNodeEngine();
  catalog = buildCatalog(await loadTinyWithHistory(engine));
});
afterAll(() => engine.close());

async function rows(spec: ReportSpec) {
  const t = await engine.query(compile(spec, catalog).sql);
  return t.toArray().map((r) => r.toJSON() as Record<string, unknown>);
}

const SNAP = ['open', 'pipeline', 'weighted_pipeline'];

describe('snapshot measures as of the period end', () => {
  it('January 2023: d1 (in Proposal, 1000) and d2 (in Lead, 500) were open on 1 February', async () => {
    // d1 closed on 1 Feb at noon, so it was still open at midnight; d3 was created on 1 Feb.
    const [r] = await rows({
      ...defaultSpec(),
      measures: SNAP,
      period: { from: '2023-01-01', to: '2023-01-31' },
    });
    expect(r).toMatchObject({ open: 2, pipeline: 1500, weighted_pipeline: 1000 * 0.5 + 500 * 0.1 });
  });

  it('Q1 2024: d4 (Proposal, 2000), d5 (Lead, 800) and d9 (Proposal, 6000) were open on 1 April', async () => {
    const out = await rows({
      ...defaultSpec(),
      rows: [{ field: 'manager' }],
      measures: SNAP,
      period: { from: '2024-01-01', to: '2024-03-31' },
    });
    const total = out.find((r) => r._grouping === 1);
    expect(total).toMatchObject({ open: 3, pipeline: 8800, weighted_pipeline: 1000 + 80 + 3000 });
    expect(out.find((r) => r.manager === 'Анна' && r._grouping === 0)).toMatchObject({
      open: 1,
      pipeline: 6000,
    });
  });

  it('compares with the pipeline as of the previous period end', async () => {
    const out = await rows({
      ...defaultSpec(),
      measures: ['pipeline', 'open'],
      period: { from: '2023-02-01', to: '2023-02-28' },
      compare: 'previous',
      totals: false,
    });
    // End of February: d2 (500) still open (lost 20 March); end of January: d1 and d2 (1500).
    expect(out[0]).toMatchObject({
      pipeline: 500,
      pipeline_previous: 1500,
      pipeline_delta: -1000,
      open: 1,
      open_previous: 2,
    });
  });

  it('drill-down lists the deals that were open then', async () => {
    const spec: ReportSpec = {
      ...defaultSpec(),
      measures: ['pipeline'],
      period: { from: '2023-01-01', to: '2023-01-31' },
    };
    const drill = compileDrill(spec, catalog, 'pipeline', {}, { limit: 50, offset: 0, sort: [] });
    const ids = (await engine.query(drill.sql))
      .toArray()
      .map((r) => (r.toJSON() as { id: string }).id)
      .sort();
    expect(ids).toEqual(['d1', 'd2']);
  });

  it('without a stage history, snapshots stay "now" whatever the period', async () => {
    const plain = await createNodeEngine();
    try {
      const cat = buildCatalog(await loadTiny(plain));
      const t = await plain.query(
        compile(
          {
            ...defaultSpec(),
            measures: ['open', 'pipeline'],
            period: { from: '2023-01-01', to: '2023-01-31' },
          },
          cat,
        ).sql,
      );
      expect(t.toArray()[0]?.toJSON()).toMatchObject({ open: 3, pipeline: 8800 });
    } finally {
      await plain.close();
    }
  });
});
