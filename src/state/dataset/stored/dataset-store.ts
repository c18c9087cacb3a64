/**
 * Imported datasets kept across reloads in the Origin Private File System. Each keeps the
 * original files' bytes with the mapping and options (re-imported when nothing better exists, and
 * what the mapping screen reopens), and, once written after the import, a snapshot of the built
 * tables (see dataset-persist.ts) that loads far faster. Layout:
 * `datasets/<id>/meta.json`, `datasets/<id>/<n>` (one file each), and
 * `datasets/<id>/snapshot/{manifest.json,<table files>}`.
 */
import { MessageError, msg } from '../../../lib/message.ts';
import type { WorkerFile, WorkerOptions } from '../../../ingest/protocol.ts';

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
  const dirs = opfsDirs(storage);
  // A plain object of functions (not a class): callers may spread it to override one method.
  return {
    available: true,
    list: () => list(dirs),
    save: (meta, files) => save(dirs, meta, files),
    load: (meta) => load(dirs, meta),
    remove: (id) => remove(dirs, id),
    clear: () => clear(storage),
    snapshotFile: (id, name) => snapshotFile(dirs, id, name),
    commitSnapshot: (id, manifest) => commitSnapshot(dirs, id, manifest),
    readSnapshot: (id) => readSnapshot(dirs, id),
    readSnapshotBytes: (id, name, offset, length) =>
      readSnapshotBytes(dirs, id, name, offset, length),
    removeSnapshot: (id) => removeSnapshot(dirs, id),
  };
}

/** The store's directories: `datasets/`, and a dataset's `snapshot/`. */
interface Dirs {
  root(create?: boolean): Promise<FileSystemDirectoryHandle>;
  snapshot(id: string, create?: boolean): Promise<FileSystemDirectoryHandle>;
}

function opfsDirs(storage: StorageManager): Dirs {
  const root = async (create = true) =>
    (await storage.getDirectory()).getDirectoryHandle(DIR, { create });
  return {
    root,
    snapshot: async (id, create = false) =>
      (await (await root(create)).getDirectoryHandle(id, { create })).getDirectoryHandle(SNAPSHOT, {
        create,
      }),
  };
}

async function list(dirs: Dirs): Promise<StoredMeta[]> {
  const out: StoredMeta[] = [];
  let dir: FileSystemDirectoryHandle;
  try {
    dir = await dirs.root(false);
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

async function save(
  dirs: Dirs,
  meta: Omit<StoredMeta, 'files' | 'size' | 'created'>,
  files: WorkerFile[],
): Promise<StoredMeta> {
  const root = await dirs.root();
  const dir = await root.getDirectoryHandle(meta.id, { create: true });
  try {
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
  } catch (e) {
    // Interrupted (the quota, most often): what was written goes, so no half dataset holds space.
    await removeHalfWritten(root, meta.id);
    throw e;
  }
}

/**
 * Removes a dataset's directory after a failed save. Chromium releases the lock of a file whose
 * writable was just aborted a little later, and removing the directory before then fails (seen
 * after a quota error once the save no longer ran beside the first report): a few tries, each
 * after the tasks queued so far.
 */
async function removeHalfWritten(root: FileSystemDirectoryHandle, id: string): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await root.removeEntry(id, { recursive: true });
      return;
    } catch (e) {
      if (notFound(e) || i === 4) return;
      await new Promise((r) => setTimeout(r, 10 * 2 ** i));
    }
  }
}

async function load(dirs: Dirs, meta: StoredMeta): Promise<WorkerFile[]> {
  const dir = await (await dirs.root()).getDirectoryHandle(meta.id);
  const out: WorkerFile[] = [];
  for (const { path, size: _size, ...rest } of meta.files) {
    out.push({ ...rest, blob: await (await dir.getFileHandle(path)).getFile() });
  }
  return out;
}

async function remove(dirs: Dirs, id: string): Promise<void> {
  await (await dirs.root()).removeEntry(id, { recursive: true }).catch(() => undefined);
}

async function clear(storage: StorageManager): Promise<void> {
  const top = await storage.getDirectory();
  await top.removeEntry(DIR, { recursive: true }).catch(() => undefined);
}

async function snapshotFile(dirs: Dirs, id: string, name: string): Promise<SnapshotFile> {
  const handle = await (await dirs.snapshot(id, true)).getFileHandle(name, { create: true });
  const w = await handle.createWritable();
  return {
    write: (bytes) => w.write(bytes as Uint8Array<ArrayBuffer>),
    close: () => w.close(),
    abort: () => w.abort(),
  };
}

async function commitSnapshot(dirs: Dirs, id: string, manifest: unknown): Promise<void> {
  const json = new Blob([JSON.stringify(manifest)], { type: 'application/json' });
  await write(await dirs.snapshot(id, true), MANIFEST, json);
}

async function readSnapshot(dirs: Dirs, id: string): Promise<unknown> {
  let file: File;
  try {
    file = await (await (await dirs.snapshot(id)).getFileHandle(MANIFEST)).getFile();
  } catch (e) {
    if (notFound(e)) return null;
    throw e;
  }
  return JSON.parse(await file.text()) as unknown;
}

async function readSnapshotBytes(
  dirs: Dirs,
  id: string,
  name: string,
  offset: number,
  length: number,
): Promise<Uint8Array> {
  const file = await (await (await dirs.snapshot(id)).getFileHandle(name)).getFile();
  const bytes = new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
  if (bytes.length !== length)
    throw new Error(`${name}: ${bytes.length} bytes at ${offset}, expected ${length}`);
  return bytes;
}

async function removeSnapshot(dirs: Dirs, id: string): Promise<void> {
  try {
    const dir = await (await dirs.root(false)).getDirectoryHandle(id);
    await dir.removeEntry(SNAPSHOT, { recursive: true });
  } catch (e) {
    if (!notFound(e)) throw e;
  }
}

function notFound(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'NotFoundError';
}

async function write(dir: FileSystemDirectoryHandle, name: string, data: Blob): Promise<void> {
  const handle = await dir.getFileHandle(name, { create: true });
  const w = await handle.createWritable();
  try {
    await w.write(data);
  } catch (e) {
    await w.abort().catch(() => undefined);
    throw e;
  }
  await w.close();
}

const noStore: DatasetStore = {
  available: false,
  list: async () => [],
  save: () => Promise.reject(new MessageError(msg('store_none'))),
  load: () => Promise.reject(new MessageError(msg('store_none'))),
  remove: async () => undefined,
  clear: async () => undefined,
  snapshotFile: () => Promise.reject(new MessageError(msg('store_none'))),
  commitSnapshot: () => Promise.reject(new MessageError(msg('store_none'))),
  readSnapshot: async () => null,
  readSnapshotBytes: () => Promise.reject(new MessageError(msg('store_none'))),
  removeSnapshot: async () => undefined,
};
