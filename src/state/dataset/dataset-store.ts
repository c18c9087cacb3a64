/**
 * Imported datasets kept across reloads in the Origin Private File System. Each keeps the
 * original files' bytes with the mapping and options (re-imported when nothing better exists, and
 * what the mapping screen reopens), and, once written after the import, a snapshot of the built
 * tables (see dataset-persist.ts) that loads far faster. Layout:
 * `datasets/<id>/meta.json`, `datasets/<id>/<n>` (one file each), and
 * `datasets/<id>/snapshot/{manifest.json,<table files>}`.
 */
import type { WorkerFile, WorkerOptions } from '../../ingest/protocol.ts';

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
  /**
   * Creates (or empties) a file of `id`'s snapshot. Remove the old snapshot first: its manifest
   * must not outlive the files it describes.
   */
  snapshotFile(id: string, name: string): Promise<SnapshotFile>;
  /** Writes the snapshot's manifest, last: a snapshot without one is incomplete and never read. */
  commitSnapshot(id: string, manifest: unknown): Promise<void>;
  /** The snapshot's manifest as stored (unchecked), or null when there is none. */
  readSnapshot(id: string): Promise<unknown>;
  /** `length` bytes of a snapshot file from `offset`; fewer bytes than asked is an error. */
  readSnapshotBytes(id: string, name: string, offset: number, length: number): Promise<Uint8Array>;
  removeSnapshot(id: string): Promise<void>;
}

/** One snapshot file being written, in order. */
export interface SnapshotFile {
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Gives up: what was written is dropped. */
  abort(): Promise<void>;
}

const DIR = 'datasets';
const SNAPSHOT = 'snapshot';
const MANIFEST = 'manifest.json';

/** The OPFS store, or a store that keeps nothing when the browser has no OPFS. */
export function createDatasetStore(): DatasetStore {
  const storage = globalThis.navigator?.storage;
  if (!storage || typeof storage.getDirectory !== 'function') return noStore;
  return new OpfsStore(storage);
}

/** Datasets as directories of the origin's private file system (see the layout above). */
class OpfsStore implements DatasetStore {
  readonly available = true;
  #storage: StorageManager;

  constructor(storage: StorageManager) {
    this.#storage = storage;
  }

  async #root(create = true): Promise<FileSystemDirectoryHandle> {
    return (await this.#storage.getDirectory()).getDirectoryHandle(DIR, { create });
  }

  async #snapshotDir(id: string, create = false): Promise<FileSystemDirectoryHandle> {
    const dir = await (await this.#root(create)).getDirectoryHandle(id, { create });
    return dir.getDirectoryHandle(SNAPSHOT, { create });
  }

  async list(): Promise<StoredMeta[]> {
    const out: StoredMeta[] = [];
    let dir: FileSystemDirectoryHandle;
    try {
      dir = await this.#root(false);
    } catch {
      return out;
    }
    for await (const [, handle] of dir as unknown as AsyncIterable<[string, FileSystemHandle]>) {
      if (handle.kind !== 'directory') continue;
      try {
        const f = await (handle as FileSystemDirectoryHandle).getFileHandle('meta.json');
        out.push(JSON.parse(await (await f.getFile()).text()) as StoredMeta);
      } catch {
        // a half-written dataset (tab closed while saving): not listed, removed on clear
      }
    }
    return out.sort((a, b) => b.created.localeCompare(a.created));
  }

  async save(
    meta: Omit<StoredMeta, 'files' | 'size' | 'created'>,
    files: WorkerFile[],
  ): Promise<StoredMeta> {
    const dir = await (await this.#root()).getDirectoryHandle(meta.id, { create: true });
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
  }

  async load(meta: StoredMeta): Promise<WorkerFile[]> {
    const dir = await (await this.#root()).getDirectoryHandle(meta.id);
    const out: WorkerFile[] = [];
    for (const { path, size: _size, ...rest } of meta.files) {
      out.push({ ...rest, blob: await (await dir.getFileHandle(path)).getFile() });
    }
    return out;
  }

  async remove(id: string): Promise<void> {
    await (await this.#root()).removeEntry(id, { recursive: true }).catch(() => undefined);
  }

  async clear(): Promise<void> {
    const top = await this.#storage.getDirectory();
    await top.removeEntry(DIR, { recursive: true }).catch(() => undefined);
  }

  async snapshotFile(id: string, name: string): Promise<SnapshotFile> {
    const handle = await (await this.#snapshotDir(id, true)).getFileHandle(name, { create: true });
    const w = await handle.createWritable();
    return {
      write: (bytes) => w.write(bytes as Uint8Array<ArrayBuffer>),
      close: () => w.close(),
      abort: () => w.abort(),
    };
  }

  async commitSnapshot(id: string, manifest: unknown): Promise<void> {
    const json = new Blob([JSON.stringify(manifest)], { type: 'application/json' });
    await write(await this.#snapshotDir(id, true), MANIFEST, json);
  }

  async readSnapshot(id: string): Promise<unknown> {
    let file: File;
    try {
      file = await (await (await this.#snapshotDir(id)).getFileHandle(MANIFEST)).getFile();
    } catch (e) {
      if (notFound(e)) return null;
      throw e;
    }
    return JSON.parse(await file.text()) as unknown;
  }

  async readSnapshotBytes(
    id: string,
    name: string,
    offset: number,
    length: number,
  ): Promise<Uint8Array> {
    const file = await (await (await this.#snapshotDir(id)).getFileHandle(name)).getFile();
    const bytes = new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
    if (bytes.length !== length)
      throw new Error(`${name}: ${bytes.length} bytes at ${offset}, expected ${length}`);
    return bytes;
  }

  async removeSnapshot(id: string): Promise<void> {
    try {
      const dir = await (await this.#root(false)).getDirectoryHandle(id);
      await dir.removeEntry(SNAPSHOT, { recursive: true });
    } catch (e) {
      if (!notFound(e)) throw e;
    }
  }
}

function notFound(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'NotFoundError';
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
  snapshotFile: () => Promise.reject(new Error('this browser cannot store files (no OPFS)')),
  commitSnapshot: () => Promise.reject(new Error('this browser cannot store files (no OPFS)')),
  readSnapshot: async () => null,
  readSnapshotBytes: () => Promise.reject(new Error('this browser cannot store files (no OPFS)')),
  removeSnapshot: async () => undefined,
};
