/**
 * Imported datasets kept across reloads in the Origin Private File System: the original files'
 * bytes plus the mapping and options, re-imported on load (simple and robust: a new version of
 * the pipeline reads old data the same way it reads new exports). Layout:
 * `datasets/<id>/meta.json` and `datasets/<id>/<n>` (one file each).
 */
import type { WorkerFile, WorkerOptions } from '../ingest/protocol.ts';

export interface StoredFile extends Omit<WorkerFile, 'blob'> {
  /** Name of the bytes inside the dataset's directory. */
  path: string;
  size: number;
}

export interface StoredMeta {
  id: string;
  name: string;
  /** ISO time of the import. */
  created: string;
  size: number;
  files: StoredFile[];
  options: WorkerOptions;
  /** The link it came from, if any. */
  link?: string;
}

export interface DatasetStore {
  readonly available: boolean;
  list(): Promise<StoredMeta[]>;
  save(
    meta: Omit<StoredMeta, 'files' | 'size' | 'created'>,
    files: WorkerFile[],
  ): Promise<StoredMeta>;
  /** The stored files, ready to import again. */
  load(meta: StoredMeta): Promise<WorkerFile[]>;
  remove(id: string): Promise<void>;
  clear(): Promise<void>;
}

const DIR = 'datasets';

/** The OPFS store, or a store that keeps nothing when the browser has no OPFS. */
export function createDatasetStore(): DatasetStore {
  const storage = globalThis.navigator?.storage;
  if (!storage || typeof storage.getDirectory !== 'function') return noStore;
  const root = async (create = true) =>
    (await storage.getDirectory()).getDirectoryHandle(DIR, { create });

  return {
    available: true,
    async list() {
      const out: StoredMeta[] = [];
      let dir: FileSystemDirectoryHandle;
      try {
        dir = await root(false);
      } catch {
        return out;
      }
      for await (const [name, handle] of dir as unknown as AsyncIterable<
        [string, FileSystemHandle]
      >) {
        if (handle.kind !== 'directory') continue;
        try {
          const f = await (handle as FileSystemDirectoryHandle).getFileHandle('meta.json');
          out.push(JSON.parse(await (await f.getFile()).text()) as StoredMeta);
        } catch {
          // a half-written dataset (tab closed while saving): not listed, removed on clear
          void name;
        }
      }
      return out.sort((a, b) => b.created.localeCompare(a.created));
    },
    async save(meta, files) {
      const dir = await (await root()).getDirectoryHandle(meta.id, { create: true });
      const stored: StoredFile[] = [];
      for (const [i, { blob, ...rest }] of files.entries()) {
        const path = String(i);
        await write(dir, path, blob);
        stored.push({ ...rest, path, size: blob.size });
      }
      const full: StoredMeta = {
        ...meta,
        created: new Date().toISOString(),
        size: stored.reduce((s, f) => s + f.size, 0),
        files: stored,
      };
      // meta.json last: a dataset without it is incomplete and never listed.
      await write(dir, 'meta.json', new Blob([JSON.stringify(full)], { type: 'application/json' }));
      return full;
    },
    async load(meta) {
      const dir = await (await root()).getDirectoryHandle(meta.id);
      const out: WorkerFile[] = [];
      for (const { path, size: _size, ...rest } of meta.files) {
        out.push({ ...rest, blob: await (await dir.getFileHandle(path)).getFile() });
      }
      return out;
    },
    async remove(id) {
      await (await root()).removeEntry(id, { recursive: true }).catch(() => undefined);
    },
    async clear() {
      await (
        await storage.getDirectory()
      )
        .removeEntry(DIR, { recursive: true })
        .catch(() => undefined);
    },
  };
}

async function write(dir: FileSystemDirectoryHandle, name: string, data: Blob): Promise<void> {
  const handle = await dir.getFileHandle(name, { create: true });
  const w = await handle.createWritable();
  await w.write(data);
  await w.close();
}

const noStore: DatasetStore = {
  available: false,
  list: async () => [],
  save: () => Promise.reject(new Error('this browser cannot store files (no OPFS)')),
  load: () => Promise.reject(new Error('this browser cannot store files (no OPFS)')),
  remove: async () => undefined,
  clear: async () => undefined,
};
