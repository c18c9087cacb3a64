/**
 * Drivers of change on the Olist marketing funnel (8,000 leads as deals, 842 won, sellers as
 * clients) against the plain-JS reference: the preset as it opens, then won deals, leads and win
 * rate over every dimension and a pair, each dimension's contributions adding up to the total.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../../src/crm/catalog.ts';
import type { DatasetModel } from '../../../../src/crm/model.ts';
import { resolvePreset } from '../../../../src/crm/presets.ts';
import { createNodeEngine } from '../../../../src/engine/node.ts';
import type { LazyEngine } from '../../../../src/engine/types.ts';
import { importFiles } from '../../../../src/ingest/index.ts';
import type { Catalog } from '../../../../src/query/catalog.ts';
import type { Period } from '../../../../src/query/spec/spec.ts';
import { OLIST_DIR } from '../../../fixtures/olist-dir.ts';
import { readData, type Data } from '../../presets-reference.ts';
import { checkDrivers } from './drivers-check.ts';

const FILES = [
  'olist_marketing_qualified_leads_dataset.csv',
  'olist_closed_deals_dataset.csv',
  'olist_sellers_dataset.csv',
].map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(OLIST_DIR, name))) }));

let engine: LazyEngine;
let model: DatasetModel;
let catalog: Catalog;
let data: Data;
beforeAll(async () => {
  engine = await createNodeEngine();
  ({ model } = await importFiles(engine, FILES));
  catalog = buildCatalog(model);
  data = await readData(engine, model);
}, 60_000);
afterAll(async () => {
  await engine.close();
});

const SPRING: Period = { from: '2018-03-01', to: '2018-05-31' };

describe('Olist: drivers of change equal the plain-JS reference', () => {
  it('the preset: won deals (Olist has no amounts) year to date against a year earlier', () => {
    const { spec } = resolvePreset('drivers', { catalog, model, period: null });
    expect(spec).toMatchObject({
      analysis: 'drivers',
      measures: ['won'],
      compare: 'year',
      period: { from: '2018-01-01', to: model.maxDate },
    });
  });

  it.each([
    ['won', 'previous'],
    ['deals', 'previous'],
    ['win_rate', 'previous'],
  ] as const)('%s against the %s period, every dimension', async (m, compare) => {
    await checkDrivers(engine, catalog, data, m, SPRING, compare);
  });

  it('won deals by source and a seller field, with their pair', async () => {
    const custom = catalog.fields.find((f) => f.table === 'clients' && f.type === 'text')!;
    await checkDrivers(engine, catalog, data, 'won', SPRING, 'previous', ['source', custom.id]);
  });
});
