// The mapping screen hands the ingest worker the engine the import will run on, so the file's
// bytes are registered while the screen shows; closing it, or loading something else instead,
// has the worker drop them. A real page: workbench, DuckDB worker, ingest worker.
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../../until.ts';
import { createWorkbench } from '../../../../src/state/page/boot.ts';
import { DatasetState } from '../../../../src/state/dataset/dataset.svelte.ts';
import { createDatasetStore } from '../../../../src/state/dataset/stored/dataset-store.ts';
import {
  createIngestClient,
  type IngestClient,
} from '../../../../src/state/dataset/ingest-client.ts';
import { memoryStorage } from '../../memory-storage.ts';
import { browserMemoryEnv } from '../../../../src/state/dataset/memory.ts';
import type { Engine } from '../../../../src/engine/types.ts';

const CSV = 'ID;Бюджет;Этап сделки\n1;1 234,56;Успешно реализовано\n2;10;Переговоры\n';
const file = () => new File([CSV], 'deals.csv', { type: 'text/csv' });

const wb = createWorkbench();
const inner = createIngestClient();
const early: (Engine | undefined)[] = [];
let forgets = 0;
const client: IngestClient = {
  inspect: (files, options, run, engine) => (
    early.push(engine),
    inner.inspect(files, options, run, engine)
  ),
  forget: () => (forgets++, inner.forget()),
  import: (...args) => inner.import(...args),
};
const ds = new DatasetState(wb, {
  client,
  store: createDatasetStore(),
  storage: memoryStorage(),
  memory: browserMemoryEnv,
  page: () => ({ href: location.href, data: null }),
});
afterAll(() => wb.destroy());

describe('the mapping screen registers the file early', () => {
  it('hands the tab engine to the inspection; closing the screen forgets; Import imports', async () => {
    await ds.start();
    await ds.open([file()], true);
    expect(ds.stage).toBe('mapping');
    expect(early).toHaveLength(1);
    expect(early[0]).toBe(wb.data.localEngine);
    expect(early[0]).not.toBeNull();
    const opened = forgets;
    ds.close();
    expect(forgets).toBe(opened + 1);
    await ds.open([file()], true);
    await ds.confirm();
    await until(() => ds.stage === 'closed');
    expect(ds.report?.files[0]?.rowsLoaded).toBe(2);
    // Another dataset instead of the files on the screen: they are forgotten too.
    await ds.open([file()], true);
    const before = forgets;
    await ds.useDemo();
    expect(forgets).toBe(before + 1);
  });
});
