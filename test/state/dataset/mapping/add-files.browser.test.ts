// "Add files…" on data imported in this page but not stored (no OPFS, a full disk): the files it
// was imported from are kept for the page, so a lookup can be added to them, the dataset keeps
// its name, and a failed add brings that dataset back (re-imported from those files), not the
// demo. A file that links to nothing is refused by name and column before any import.
import { afterAll, expect, it } from 'vitest';
import { createWorkbench } from '../../../../src/state/page/boot.ts';
import { DatasetState } from '../../../../src/state/dataset/dataset.svelte.ts';
import { createDatasetStore } from '../../../../src/state/dataset/stored/dataset-store.ts';
import { createIngestClient } from '../../../../src/state/dataset/ingest-client.ts';
import { browserMemoryEnv } from '../../../../src/state/dataset/memory.ts';

const DEALS = [
  'id,title,amount,stage,created_at,manager',
  '1,a,100,won,2024-01-02,Ann',
  '2,b,50,open,2024-01-03,Bob',
].join('\n');
const csv = (name: string, text: string) => ({
  name,
  blob: new Blob([text], { type: 'text/csv' }),
});
const file = (name: string, text: string) => new File([text], name, { type: 'text/csv' });

const store = createDatasetStore();
const client = createIngestClient();
let failImport = false;
const wb = createWorkbench();
const ds = new DatasetState(wb, {
  client: {
    ...client,
    // Fails once: the import of the add, not the previous dataset's coming back.
    import: (...a) => {
      if (!failImport) return client.import(...a);
      failImport = false;
      return Promise.reject(new Error('disk gone'));
    },
  },
  // Nothing is stored: the data lives in this page only.
  store: { ...store, available: false },
  storage: null,
  memory: browserMemoryEnv,
  page: () => ({ href: location.href, data: null }),
  saveAfterReportMs: 0,
});

const tables = () => (wb.data.model?.tables ?? []).map((t) => t.name).sort();

afterAll(() => {
  wb.destroy();
});

it('adds a lookup to data imported in this page, and a failed add keeps that data', async () => {
  await ds.start();
  expect(await ds.runImport('team deals', [csv('deals.csv', DEALS)], {})).toBe(true);
  expect(ds.current).toBeNull();
  expect(ds.canAdd).toBe(true);

  // A lookup whose values are nowhere in the deals: refused, named, nothing imported.
  await ds.addFiles([file('stray.csv', 'code,label\nzz1,one\nzz2,two\n')]);
  expect(ds.stage).toBe('mapping');
  expect(ds.sources.map((s) => s.name)).toEqual(['deals.csv', 'stray.csv']);
  await ds.confirm();
  expect(ds.error).toEqual({
    code: 'add_noLink',
    params: { file: 'stray.csv', column: 'code' },
  });
  expect(ds.stage).toBe('mapping');
  ds.close();
  expect(ds.adding).toBeNull();
  expect(ds.error).toBeNull();

  // The managers: the dataset rebuilt from both files under its name.
  await ds.addFiles([file('managers.csv', 'manager,team\nAnn,North\nBob,South\n')]);
  expect(ds.adding?.name).toBe('team deals');
  await ds.confirm();
  expect(ds.stage).toBe('closed');
  expect(wb.data.model?.name).toBe('team deals');
  expect(tables()).toContain('managers');
  const before = tables();

  // An add whose import fails: the combined dataset again, from its files, not the demo.
  await ds.addFiles([file('regions.csv', 'manager,region\nAnn,EU\nBob,US\n')]);
  failImport = true;
  await ds.confirm();
  expect(ds.error).toEqual({ code: 'raw', params: { text: 'disk gone' } });
  expect(wb.data.isDemo).toBe(false);
  expect(tables()).toEqual(before);
  expect(wb.data.model?.name).toBe('team deals');
});
