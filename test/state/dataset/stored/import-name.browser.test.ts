// A second import names itself at once: the header (DatasetMenu: `current?.name ?? model.name`)
// showed the previous stored dataset's name until the new one was saved, and the save waits for
// the first report. Here the second save is held open, so the moment the header reads is fixed
// rather than caught by timing as import.e2e.mjs once did.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createWorkbench } from '../../../../src/state/page/boot.ts';
import { DatasetState } from '../../../../src/state/dataset/dataset.svelte.ts';
import { createDatasetStore } from '../../../../src/state/dataset/stored/dataset-store.ts';
import { createIngestClient } from '../../../../src/state/dataset/ingest-client.ts';
import { browserMemoryEnv } from '../../../../src/state/dataset/memory.ts';

const csv = (title: string) =>
  ['id,title,amount,stage,created_at', `1,${title},100,won,2024-01-02`].join('\n');
const file = (name: string) => ({
  name: `${name}.csv`,
  blob: new Blob([csv(name)], { type: 'text/csv' }),
});

const store = createDatasetStore();
/** Resolves the held save; set while the second import's save waits. */
let release: (() => void) | null = null;
let hold = false;
const wb = createWorkbench();
const ds = new DatasetState(wb, {
  client: createIngestClient(),
  store: {
    ...store,
    available: store.available,
    list: () => store.list(),
    save: async (meta, files) => {
      if (hold) await new Promise<void>((r) => (release = r));
      return store.save(meta, files);
    },
  },
  storage: localStorage,
  memory: browserMemoryEnv,
  page: () => ({ href: location.href, data: null }),
  saveAfterReportMs: 0,
});

/** What the dataset menu shows as the dataset's name. */
const shownName = () => ds.current?.name ?? wb.data.model?.name;

beforeAll(async () => {
  localStorage.clear();
  await store.clear();
});
afterAll(async () => {
  await ds.snapshot.stop();
  wb.destroy();
  localStorage.clear();
  await store.clear();
});

it('a second import is named by its own name while its save is still pending', async () => {
  expect(store.available).toBe(true);
  await ds.start();
  expect(await ds.runImport('first deals', [file('first')], {})).toBe(true);
  expect(ds.current?.name).toBe('first deals');

  hold = true;
  const second = ds.runImport('second deals', [file('second')], {});
  // The save is reached only after the new data is loaded and its report has run.
  await expect.poll(() => release !== null, { timeout: 90_000 }).toBe(true);
  expect(wb.data.model?.name).toBe('second deals');
  expect(ds.current).toBeNull();
  expect(shownName()).toBe('second deals');

  release!();
  expect(await second).toBe(true);
  expect(ds.current?.name).toBe('second deals');
});
