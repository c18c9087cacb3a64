// Snapshots of imported datasets on the real Node engine and the real import pipeline, with the
// store in memory: what is written, what comes back, and every way back to the original files.
import { english, type Message } from '../../../../src/lib/message.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '../../../../src/engine/node.ts';
import type { LazyEngine } from '../../../../src/engine/types.ts';
import { importFiles } from '../../../../src/ingest/index.ts';
import type { WorkerFile } from '../../../../src/ingest/protocol.ts';
import {
  SNAPSHOT_FORMAT,
  isQuotaError,
  readSnapshot,
  restoreSnapshot,
  saveSnapshot,
  storedLoader,
  type SnapshotManifest,
  type StoredLoad,
} from '../../../../src/state/dataset/stored/dataset-persist.ts';
import type {
  DatasetStore,
  StoredMeta,
} from '../../../../src/state/dataset/stored/dataset-store.ts';
import type { IngestClient } from '../../../../src/state/dataset/ingest-client.ts';

/** A snapshot error in English, as the CLI and logs read it. */
const englishOf = (m: Message | undefined) => (m ? english(m) : m);

const fixtures = join(import.meta.dirname, '..', '..', '..', 'cli', 'fixtures');
const files: WorkerFile[] = ['deals.csv', 'clients.csv'].map((name) => ({
  name,
  blob: new Blob([readFileSync(join(fixtures, name))]),
}));

/** A DatasetStore in memory; `failWrite` makes snapshot writes fail like a full disk. */
function memoryStore(): DatasetStore & { data: Map<string, Uint8Array>; failWrite?: Error } {
  const data = new Map<string, Uint8Array>();
  const key = (id: string, name: string) => `${id}/snapshot/${name}`;
  const store = {
    data,
    failWrite: undefined as Error | undefined,
    available: true,
    list: async () => [],
    save: () => Promise.reject(new Error('not used')),
    load: async () => files,
    remove: async () => undefined,
    clear: async () => data.clear(),
    async snapshotFile(id: string, name: string) {
      const parts: Uint8Array[] = [];
      return {
        write: async (b: Uint8Array) => {
          if (store.failWrite) throw store.failWrite;
          parts.push(b.slice());
        },
        close: async () =>
          void data.set(
            key(id, name),
            new Uint8Array(await new Blob(parts as BlobPart[]).arrayBuffer()),
          ),
        abort: async () => undefined,
      };
    },
    commitSnapshot: async (id: string, m: unknown) =>
      void data.set(key(id, 'manifest.json'), new TextEncoder().encode(JSON.stringify(m))),
    async readSnapshot(id: string) {
      const b = data.get(key(id, 'manifest.json'));
      return b ? (JSON.parse(new TextDecoder().decode(b)) as unknown) : null;
    },
    async readSnapshotBytes(id: string, name: string, offset: number, length: number) {
      const b = data.get(key(id, name));
      if (!b || b.length < offset + length) throw new Error(`${name}: short read`);
      return b.slice(offset, offset + length);
    },
    removeSnapshot: async (id: string) => {
      for (const k of [...data.keys()]) if (k.startsWith(`${id}/snapshot/`)) data.delete(k);
    },
  };
  return store;
}

/** Changes the stored deals table file. */
function damage(store: ReturnType<typeof memoryStore>, change: (b: Uint8Array) => Uint8Array) {
  const key = [...store.data.keys()].find((k) => k.endsWith('/0.arrows'))!;
  store.data.set(key, change(store.data.get(key)!));
}

/** The page's ingest client, but calling the pipeline directly; counts its imports. */
function directClient(): IngestClient & { imports: number } {
  const c = {
    imports: 0,
    inspect: () => Promise.reject(new Error('not used')),
    forget: () => undefined,
    async import(engine: Parameters<IngestClient['import']>[0], fs: WorkerFile[], options: object) {
      c.imports++;
      const read = await Promise.all(
        fs.map(async ({ blob, ...rest }) => ({
          ...rest,
          bytes: new Uint8Array(await blob.arrayBuffer()),
        })),
      );
      return importFiles(engine, read, options);
    },
  };
  return c;
}

const meta: StoredMeta = {
  id: 'd1',
  name: 'deals',
  created: '2025-01-01T00:00:00Z',
  size: 1,
  files: [],
  options: {},
};

/** Every table of the model, rows in table order, with the column types. */
async function dump(engine: LazyEngine, tables: string[]): Promise<string> {
  const out: unknown[] = [];
  for (const t of tables) {
    const q = `"${t.replaceAll('"', '""')}"`;
    const rows = (await engine.query(`SELECT * FROM ${q}`)).toArray().map((r) => r.toJSON());
    const types = (
      await engine.query(
        `SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '${t.replaceAll("'", "''")}' ORDER BY column_index`,
      )
    )
      .toArray()
      .map((r) => r.toJSON());
    out.push({ t, rows, types });
  }
  return JSON.stringify(out);
}

describe('dataset snapshots', () => {
  let source: LazyEngine;
  let target: LazyEngine;
  let imported: Awaited<ReturnType<typeof importFiles>>;
  const extra = 'Регионы "x", руб.';

  beforeAll(async () => {
    [source, target] = await Promise.all([createNodeEngine(), createNodeEngine()]);
    imported = await directClient().import(source, files, {});
    // A table of a kind the snapshot code knows nothing about, as a lookup under its own name.
    await source.exec(
      `CREATE TABLE "${extra.replaceAll('"', '""')}" AS SELECT 'north' AS "a""b", 42::BIGINT AS "select", NULL::TIMESTAMP AS "Сумма, руб."`,
    );
    imported.model.tables.push({
      name: extra,
      rows: 1,
      columns: [
        { name: 'a"b', type: 'text' },
        { name: 'select', type: 'number' },
        { name: 'Сумма, руб.', type: 'date' },
      ],
    });
  });
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
  });

  const names = () => imported.model.tables.map((t) => t.name);

  it('brings back every table of the model exactly, with the model and the report', async () => {
    const store = memoryStore();
    const saved = await saveSnapshot(source, store, meta.id, imported);
    expect(saved.format).toBe(SNAPSHOT_FORMAT);
    expect(saved.tables.map((t) => t.name)).toEqual(names());
    expect(names()).toEqual(expect.arrayContaining(['deals', 'clients', 'stages', extra]));
    const manifest = await readSnapshot(store, meta.id);
    expect(manifest).toEqual(JSON.parse(JSON.stringify(saved)));
    const progress: number[] = [];
    const model = await restoreSnapshot(target, store, meta.id, manifest!, {
      onProgress: (p) => progress.push(p.fraction),
    });
    expect(model).toEqual(imported.model);
    expect(manifest!.report).toEqual(imported.report);
    expect(await dump(target, names())).toBe(await dump(source, names()));
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('reads nothing without a snapshot and refuses one of another format', async () => {
    const store = memoryStore();
    expect(await readSnapshot(store, meta.id)).toBeNull();
    await saveSnapshot(source, store, meta.id, imported);
    const m = (await store.readSnapshot(meta.id)) as SnapshotManifest;
    await store.commitSnapshot(meta.id, { ...m, format: SNAPSHOT_FORMAT + 1 });
    await expect(readSnapshot(store, meta.id)).rejects.toThrow(/another version/);
    await store.commitSnapshot(meta.id, { ...m, tables: m.tables.slice(1) });
    await expect(readSnapshot(store, meta.id)).rejects.toThrow(/incomplete/);
  });

  describe('storedLoader', () => {
    async function load(store: DatasetStore, client = directClient(), signal?: AbortSignal) {
      let got: StoredLoad | undefined;
      const model = await storedLoader(
        { store, client },
        meta,
        { signal },
        (r) => (got = r),
      )(target);
      return { model, got: got!, client };
    }

    it('uses the snapshot and never imports', async () => {
      const store = memoryStore();
      await saveSnapshot(source, store, meta.id, imported);
      const { model, got, client } = await load(store);
      expect(got.from).toBe('snapshot');
      expect(got.snapshotError).toBeUndefined();
      expect(client.imports).toBe(0);
      expect(model).toEqual(imported.model);
    });

    it('falls back to the files when a table file is cut short, and drops the snapshot', async () => {
      const store = memoryStore();
      await saveSnapshot(source, store, meta.id, imported);
      damage(store, (b) => b.subarray(0, b.length - 100));
      const { model, got, client } = await load(store);
      expect(got.from).toBe('files');
      expect(englishOf(got.snapshotError)).toMatch(/0\.arrows: short read/);
      expect(client.imports).toBe(1);
      expect(model.tables.map((t) => t.name)).toEqual(names().filter((n) => n !== extra));
      expect(await readSnapshot(store, meta.id)).toBeNull();
    });

    it('falls back to the files when a stored value changed', async () => {
      const store = memoryStore();
      await saveSnapshot(source, store, meta.id, imported);
      // Inside the last batch's body, well before the end marker: framing stays valid.
      damage(store, (b) => {
        b[b.length - 40]! ^= 0x01;
        return b;
      });
      const { got } = await load(store);
      expect(got.from).toBe('files');
      expect(englishOf(got.snapshotError)).toBe('deals: stored data damaged');
    });

    it('falls back to the files for a snapshot of another format version', async () => {
      const store = memoryStore();
      await saveSnapshot(source, store, meta.id, imported);
      const m = (await store.readSnapshot(meta.id)) as SnapshotManifest;
      await store.commitSnapshot(meta.id, { ...m, format: 0 });
      const { got } = await load(store);
      expect(got.from).toBe('files');
      expect(englishOf(got.snapshotError)).toMatch(new RegExp(`format 0, now ${SNAPSHOT_FORMAT}`));
    });

    it('imports the files when there is no snapshot, without calling it an error', async () => {
      const { got } = await load(memoryStore());
      expect(got.from).toBe('files');
      expect(got.snapshotError).toBeUndefined();
    });

    it('does not fall back when cancelled', async () => {
      const store = memoryStore();
      await saveSnapshot(source, store, meta.id, imported);
      const abort = new AbortController();
      abort.abort();
      const client = directClient();
      await expect(load(store, client, abort.signal)).rejects.toThrow();
      expect(client.imports).toBe(0);
      expect(await readSnapshot(store, meta.id)).not.toBeNull();
    });
  });

  it('leaves no snapshot when writing fails (full storage) or is stopped', async () => {
    const store = memoryStore();
    await saveSnapshot(source, store, meta.id, imported);
    store.failWrite = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const e = await saveSnapshot(source, store, meta.id, imported).catch((x: unknown) => x);
    expect(isQuotaError(e)).toBe(true);
    expect(store.data.size).toBe(0);
    store.failWrite = undefined;
    const abort = new AbortController();
    const stopped = saveSnapshot(source, store, meta.id, imported, abort.signal);
    abort.abort();
    await expect(stopped).rejects.toThrow();
    expect(store.data.size).toBe(0);
  });
});
