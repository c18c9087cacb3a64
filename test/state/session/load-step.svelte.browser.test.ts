/**
 * A dataset loaded (an import, a stored dataset): the page draws the new data once, with the
 * report picked for it. Before, each await between the model, the currency and the report's
 * spec let Svelte redraw the report still shown (three times per import of a file, ≈ 25 ms each
 * at 1M rows, before the new report's first query).
 */
import { tableFromArrays, type Table } from 'apache-arrow';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { DatasetModel } from '../../../src/crm/model.ts';
import { generateDemo } from '../../../src/demo/index.ts';
import type { Engine } from '../../../src/engine/types.ts';
import { Workbench } from '../../../src/state/session/workbench.svelte.ts';

const demo = generateDemo({ deals: 60 }).model;
/** An import's model: no currency column (most CRM exports), the demo's other columns. */
const imported: DatasetModel = {
  ...demo,
  id: 'imported',
  tables: demo.tables.map((t) => ({
    ...t,
    columns: t.columns.filter((c) => c.name !== 'currency'),
  })),
};

function engine(): Engine & { ran: string[] } {
  const ran: string[] = [];
  return {
    ran,
    query: async (sql): Promise<Table> => {
      ran.push(sql);
      return tableFromArrays({ n: Float64Array.from([1]) });
    },
    exec: async (sql) => void ran.push(sql),
    insertArrow: async () => undefined,
    registerFile: async () => '',
    dropFile: async () => undefined,
    cancel: async () => undefined,
    close: async () => undefined,
  };
}

async function started(e: Engine): Promise<Workbench> {
  const wb = new Workbench({
    createEngine: () => e,
    loadDemo: async () => demo,
    storage: null,
    languages: ['en'],
    lang: 'en',
  });
  await wb.start();
  flushSync();
  return wb;
}

describe('a dataset loaded in one step', () => {
  it('the page draws the new data once: model, currency and report together', async () => {
    const wb = await started(engine());
    const seen: string[] = [];
    const stop = $effect.root(() => {
      $effect(() => {
        // What the report view reads to draw (Result.svelte: labels from the catalog, the
        // spec as view, money in the currency).
        seen.push(`${wb.data.model?.id} ${wb.data.currency} ${wb.report.spec.rows.length}`);
      });
    });
    flushSync();
    seen.length = 0;
    await wb.useDataset(
      async () => imported,
      (spec) => ({ ...spec, rows: [] }),
    );
    flushSync();
    expect(seen).toEqual(['imported null 0']);
    stop();
    wb.destroy();
  });
});
