// The ingest worker starts once the first report has settled and the page is idle, so a file
// dropped on the page (no file dialog to start it) finds it up; it is started once, and the drop,
// the dialog and the import all run on that one worker. At the same moment the tab's engine looks
// at its catalog once (catalog-warm.ts), so the import's first steps do not pay for it. A real
// page: workbench, DuckDB worker, ingest worker.
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../until.ts';
import { createWorkbench } from '../../../src/state/page/boot.ts';
import { DatasetState } from '../../../src/state/dataset/dataset.svelte.ts';
import { createDatasetStore } from '../../../src/state/dataset/stored/dataset-store.ts';
import { createIngestClient } from '../../../src/state/dataset/ingest-client.ts';
import { memoryStorage } from '../memory-storage.ts';
import { browserMemoryEnv } from '../../../src/state/dataset/memory.ts';
import type { Phase } from '../../../src/state/report/report-run.svelte.ts';
import { WARM_CATALOG_SQL } from '../../../src/ingest/catalog-warm.ts';

const CSV = 'ID;Бюджет;Этап сделки\n1;1 234,56;Успешно реализовано\n2;10;Переговоры\n';
const file = () => new File([CSV], 'deals.csv', { type: 'text/csv' });

const wb = createWorkbench();
let workers = 0;
const client = createIngestClient({
  makeWorker: () => {
    workers++;
    return new Worker(new URL('../../../src/ingest/worker/worker.ts', import.meta.url), {
      type: 'module',
      name: 'ingest',
    });
  },
});
/** The report's phase each time the page was asked for an idle moment. */
const idleAsked: Phase[] = [];
let release = () => {};
const idle = new Promise<void>((r) => (release = r));
const ds = new DatasetState(wb, {
  client,
  store: createDatasetStore(),
  storage: memoryStorage(),
  memory: browserMemoryEnv,
  page: () => ({ href: location.href, data: null }),
  idle: () => (idleAsked.push(wb.run.phase), idle),
});
afterAll(() => wb.destroy());

describe('the ingest worker started ahead of a dropped file', () => {
  it('starts after the first report, at an idle moment, once; the drop and the import use it', async () => {
    await ds.start();
    await until(() => idleAsked.length > 0, 30_000);
    // Asked only once the first report is on screen, and nothing started before the page is idle.
    expect(idleAsked).toEqual(['ready']);
    expect(workers).toBe(0);
    const engine = wb.data.localEngine!;
    const query = engine.query.bind(engine);
    const asked: string[] = [];
    engine.query = (sql) => (asked.push(sql), query(sql));
    release();
    await until(() => workers > 0);
    await until(() => asked.length > 0, 10_000);
    expect(workers).toBe(1);
    expect(asked).toEqual([WARM_CATALOG_SQL]);
    engine.query = query;
    // A drop, then the menu's file dialog, then the import: no second worker.
    await ds.open([file()], true);
    expect(ds.stage).toBe('mapping');
    ds.warmImport();
    await ds.confirm();
    await until(() => ds.stage === 'closed');
    expect(ds.report?.files[0]?.rowsLoaded).toBe(2);
    expect(workers).toBe(1);
    expect(idleAsked).toHaveLength(1);
  });
});
