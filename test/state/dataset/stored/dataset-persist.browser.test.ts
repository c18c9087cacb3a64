// Stored datasets in a real browser: DuckDB-WASM worker, the ingest worker and OPFS. An import is
// snapshotted, and a fresh page (a new workbench, engine and state) loads the snapshot instead of
// importing again; a damaged snapshot, a full disk and a cancelled import each end with the data.
import { english } from '../../../../src/lib/message.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../until.ts';
import { createWorkbench } from '../../../../src/state/page/boot.ts';
import { DatasetState } from '../../../../src/state/dataset/dataset.svelte.ts';
import {
  createDatasetStore,
  type DatasetStore,
} from '../../../../src/state/dataset/stored/dataset-store.ts';
import { readSnapshot } from '../../../../src/state/dataset/stored/dataset-persist.ts';
import { createIngestClient } from '../../../../src/state/dataset/ingest-client.ts';
import { browserMemoryEnv } from '../../../../src/state/dataset/memory.ts';
import type { Workbench } from '../../../../src/state/session/workbench.svelte.ts';

// Custom columns with names that need quoting, Cyrillic, NULLs, decimal commas and dates.
const CSV = [
  'ID;Название;Бюджет;Ответственный;Этап сделки;Дата создания;Дата закрытия;"a""b";select;Сумма, руб.',
  '1;Поставка «A»;1 234,56;Иванова;Успешно реализовано;01.02.2024 10:00;05.02.2024;x;1;12,5',
  '2;Поставка B;250 000,50;Петров;Успешно реализовано;03.02.2024 11:30;10.03.2024;;2;',
  '3;Сервис;10 000;Иванова;Переговоры;15.03.2024 09:15;;"q ""y""";3;7',
  '4;Лицензия;;Сидоров;Закрыто и не реализовано;20.03.2024;25.03.2024;z;;0,25',
].join('\n');
const file = () => ({ name: 'hostile deals.csv', blob: new Blob([CSV], { type: 'text/csv' }) });

interface Page {
  wb: Workbench;
  ds: DatasetState;
}
const pages: Page[] = [];

/**
 * A fresh "page": its own workbench, DuckDB worker, ingest worker and dataset state; `persist`
 * stands in for `navigator.storage.persist`.
 */
function openPage(
  store: DatasetStore = createDatasetStore(),
  persist?: () => Promise<boolean>,
): Page {
  const wb = createWorkbench();
  const ds = new DatasetState(wb, {
    client: createIngestClient(),
    store,
    storage: localStorage,
    memory: browserMemoryEnv,
    page: () => ({ href: location.href, data: null }),
    ...(persist ? { persist } : {}),
  });
  pages.push({ wb, ds });
  return { wb, ds };
}

/** Every table of the model with its column types and rows, as text. */
async function dump(wb: Workbench): Promise<string> {
  const out = [];
  for (const t of wb.data.model!.tables) {
    const q = `"${t.name.replaceAll('"', '""')}"`;
    const rows = (await wb.data.run({ sql: `SELECT * FROM ${q}` }))
      .toArray()
      .map((r) => r.toJSON());
    const types = (
      await wb.data.run({
        sql: `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '${t.name}' ORDER BY column_index`,
      })
    )
      .toArray()
      .map((r) => r.toJSON());
    out.push({ table: t.name, types, rows });
  }
  return JSON.stringify(out);
}

/** The calling describe block starts and ends with nothing stored and its pages closed. */
function emptyStorage(): void {
  beforeAll(async () => {
    localStorage.clear();
    await createDatasetStore().clear();
  });
  afterAll(async () => {
    for (const p of pages) p.wb.destroy();
    localStorage.clear();
    await createDatasetStore().clear();
  });
}

async function opfsDatasets(): Promise<FileSystemDirectoryHandle> {
  return (await navigator.storage.getDirectory()).getDirectoryHandle('datasets', { create: true });
}

describe('stored datasets come back from their snapshot', () => {
  let first: Page;
  let id: string;
  let original: string;

  emptyStorage();

  it('an import is stored, then snapshotted after its report is shown', async () => {
    first = openPage();
    await first.ds.start();
    expect(await first.ds.runImport('hostile deals', [file()], {})).toBe(true);
    // The report is there before the snapshot is done.
    expect(first.ds.report?.files[0]?.rowsLoaded).toBe(4);
    expect(first.ds.snapshot.state?.state).toBe('saving');
    await until(() => first.ds.snapshot.state?.state === 'saved');
    id = first.ds.current!.id;
    const columns = first.wb.data.model!.tables.find((t) => t.name === 'deals')!.columns;
    expect(columns.map((c) => c.name)).toEqual(
      expect.arrayContaining(['a"b', 'select', 'Сумма, руб.']),
    );
    original = await dump(first.wb);
    const manifest = await readSnapshot(createDatasetStore(), id);
    expect(manifest?.tables.map((t) => t.name)).toEqual(
      first.wb.data.model!.tables.map((t) => t.name),
    );
  });

  it('a reload restores the tables from the snapshot, with progress, not by importing', async () => {
    const store = createDatasetStore();
    const phases = new Set<string>();
    const { wb, ds } = openPage({
      ...store,
      readSnapshotBytes: (...a) => {
        if (ds.progress) phases.add(ds.progress.phase);
        return store.readSnapshotBytes(...a);
      },
      load: () => Promise.reject(new Error('the original files must not be read')),
    });
    await ds.start();
    expect(ds.loadedFrom).toBe('snapshot');
    expect(ds.current?.id).toBe(id);
    expect(phases).toEqual(new Set(['restore']));
    expect(ds.report).toEqual(first.ds.report);
    expect(ds.reportOpen).toBe(false);
    expect(ds.snapshot.state).toBeNull();
    expect(wb.data.model).toEqual(first.wb.data.model);
    expect(await dump(wb)).toBe(original);
    await until(() => wb.run.phase === 'ready');
  });

  it('a damaged snapshot falls back to the original files, says so, and is written again', async () => {
    const dir = await (
      await (await opfsDatasets()).getDirectoryHandle(id)
    ).getDirectoryHandle('snapshot');
    const handle = await dir.getFileHandle('0.arrows');
    const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
    bytes[bytes.length - 40]! ^= 0x01;
    const w = await handle.createWritable();
    await w.write(bytes);
    await w.close();

    const { wb, ds } = openPage();
    await ds.start();
    expect(ds.loadedFrom).toBe('files');
    expect(english(ds.restoreError!)).toBe('deals: stored data damaged');
    expect(ds.reportOpen).toBe(true);
    expect(await dump(wb)).toBe(original);
    await until(() => ds.snapshot.state?.state === 'saved');

    const again = openPage();
    await again.ds.start();
    expect(again.ds.loadedFrom).toBe('snapshot');
    expect(await dump(again.wb)).toBe(original);
  });

  it('a cancelled import brings the stored dataset back', async () => {
    const { wb, ds } = pages.at(-1)!;
    const running = ds.runImport('other', [file()], {});
    await until(() => ds.stage === 'importing');
    ds.cancel();
    expect(await running).toBe(false);
    expect(english(ds.error!)).toBe('cancelled');
    expect(ds.current?.id).toBe(id);
    expect(await dump(wb)).toBe(original);
  });

  it('a full disk keeps the original files only, and says so', async () => {
    const store = createDatasetStore();
    const { wb, ds } = openPage({
      ...store,
      snapshotFile: async (...a) => {
        const f = await store.snapshotFile(...a);
        return {
          ...f,
          write: () => Promise.reject(new DOMException('quota exceeded', 'QuotaExceededError')),
        };
      },
    });
    await ds.start();
    expect(await ds.runImport('full disk', [file()], {})).toBe(true);
    await until(() => ds.snapshot.state?.state !== 'saving');
    expect(ds.snapshot.state?.state).toBe('full');
    const stored = await store.list();
    const saved = ds.current!.id;
    expect(wb.data.model).not.toBeNull();
    expect(stored.map((m) => m.id)).toContain(saved);
    expect(await readSnapshot(store, saved)).toBeNull();
    const left = [];
    const dir = await (await opfsDatasets()).getDirectoryHandle(saved);
    for await (const [name] of dir as unknown as AsyncIterable<[string]>) left.push(name);
    expect(left.sort()).toEqual(['0', 'meta.json']);
  });
});

describe('stored datasets: ids, the quota, persistence, unreadable data', () => {
  const persistCalls: number[] = [];
  const page = (store?: DatasetStore) => openPage(store, async () => (persistCalls.push(1), true));
  emptyStorage();

  it('two imports of same-named, same-sized files are two datasets; persist is asked once', async () => {
    const { ds } = page();
    await ds.start();
    const a = { name: 'deals.csv', blob: new Blob(['id,amount\n1,10\n'], { type: 'text/csv' }) };
    const b = { name: 'deals.csv', blob: new Blob(['id,amount\n2,20\n'], { type: 'text/csv' }) };
    expect(a.blob.size).toBe(b.blob.size);
    expect(await ds.runImport('deals', [a], {})).toBe(true);
    const first = ds.current!.id;
    await until(() => ds.snapshot.state?.state !== 'saving');
    expect(await ds.runImport('deals', [b], {})).toBe(true);
    const second = ds.current!.id;
    await until(() => ds.snapshot.state?.state !== 'saving');
    expect(first).not.toBe(second);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const stored = await createDatasetStore().list();
    expect(stored.map((m) => m.id).sort()).toEqual([first, second].sort());
    expect(persistCalls).toHaveLength(1);
    expect(ds.persisted).toBe(true);
  });

  it("an import's files are saved once the first report of its data is shown", async () => {
    const store = createDatasetStore();
    const atSave: { phase: string; deals: number | null }[] = [];
    const shown: { wb?: Workbench } = {};
    const { ds, wb } = page({
      ...store,
      save: (...a) => {
        const run = shown.wb!.run;
        const deals = run.result
          ? shown.wb!.data.model?.tables.find((t) => t.name === 'deals')
          : null;
        atSave.push({ phase: run.phase, deals: deals?.rows ?? null });
        return store.save(...a);
      },
    });
    shown.wb = wb;
    await ds.start();
    expect(await ds.runImport('after the report', [file()], {})).toBe(true);
    // Before: the browser copied the files while the report's queries ran ('running').
    expect(atSave).toEqual([{ phase: 'ready', deals: 4 }]);
    expect(wb.run.result?.table.numRows).toBeGreaterThan(0);
    expect(ds.current?.name).toBe('after the report');
    expect((await store.list()).map((m) => m.id)).toContain(ds.current!.id);
    await until(() => ds.snapshot.state?.state !== 'saving');
    expect(ds.snapshot.state?.state).toBe('saved');
  });

  it('a save stopped by the quota leaves no half-written dataset and says so', async () => {
    const proto = FileSystemWritableFileStream.prototype;
    const write = proto.write;
    let calls = 0;
    // The second file of the dataset hits the quota.
    proto.write = function (this: FileSystemWritableFileStream, ...a: Parameters<typeof write>) {
      if (++calls === 2) return Promise.reject(new DOMException('full', 'QuotaExceededError'));
      return write.apply(this, a);
    };
    const before = (await createDatasetStore().list()).map((m) => m.id);
    const { ds, wb } = page();
    await ds.start();
    try {
      const files = [file(), { ...file(), name: 'more deals.csv' }];
      expect(await ds.runImport('quota', files, {})).toBe(true);
    } finally {
      proto.write = write;
    }
    // The data is shown for this session; the message names the dataset and the reason.
    expect(wb.data.model?.tables.some((t) => t.name === 'deals')).toBe(true);
    expect(ds.error?.code).toBe('store_quota');
    expect(english(ds.error!)).toMatch(/“quota” was not saved: the browser’s storage .* is full/);
    expect(ds.current).toBeNull();
    const dirs: string[] = [];
    for await (const [name] of (await opfsDatasets()) as unknown as AsyncIterable<[string]>)
      dirs.push(name);
    expect(dirs.sort()).toEqual(before.sort());
  });

  it('an unreadable stored dataset is named, not replaced silently', async () => {
    const store = createDatasetStore();
    const [meta] = await store.list();
    // Its directory is gone (cleared by the browser, another tab): no snapshot, no files.
    const broken = { ...meta!, id: 'gone-0000', name: 'Q3 pipeline' };
    const { ds } = page({ ...store, list: async () => [broken] });
    localStorage.setItem('crm-workbench.dataset', broken.id);
    await ds.start();
    expect(ds.error?.code).toBe('store_unreadable');
    expect(english(ds.error!)).toContain(`the saved dataset “${broken.name}” could not be opened`);
  });
});
