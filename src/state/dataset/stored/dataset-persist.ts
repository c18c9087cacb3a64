/**
 * A stored dataset's fast path back after a reload. After an import its built tables are written
 * to the store as Arrow IPC (engine/snapshot.ts), with the dataset model and import report; on
 * load they are read back instead of importing the original files again, which parses and types
 * every value (docs/benchmarks.md: reload of an imported dataset). The original files stay
 * stored: a snapshot of another format version, a missing one or one that fails to load falls
 * back to them, and the dataset is snapshotted again.
 */
import { MessageError, isMessage, messageOf, msg, type Message } from '../../../lib/message.ts';
import type { DatasetModel } from '../../../crm/model.ts';
import { exportTable, importTable, type TableSnapshot } from '../../../engine/snapshot.ts';
import { hasTableIO, type Engine } from '../../../engine/types.ts';
import type { ImportReport } from '../../../ingest/report.ts';
import type { Progress } from '../../../ingest/types.ts';
import type { DatasetStore, StoredMeta } from './dataset-store.ts';
import type { IngestClient } from '../ingest-client.ts';
import type { DatasetLoader } from '../../session/workbench.svelte.ts';

/**
 * The snapshot layout and what it holds. Bump it whenever the manifest, the stream layout or the
 * meaning of the canonical tables or `DatasetModel` changes: older snapshots are then ignored and
 * rebuilt from the original files on their next load.
 */
export const SNAPSHOT_FORMAT = 2; // 2: the import report's warnings and reasons are messages

export interface SnapshotManifest {
  format: typeof SNAPSHOT_FORMAT;
  /** ISO time it was written. */
  created: string;
  model: DatasetModel;
  report: ImportReport;
  /**
   * Every table of `model`, in its order, each in its own file of concatenated IPC streams, with
   * the SHA-256 of each stream: Arrow framing catches a cut file, not a changed value.
   */
  tables: (TableSnapshot & { file: string; sha256: string[] })[];
  bytes: number;
}

/** Restore progress: the table being read and the share of all snapshot bytes read. */
export interface RestoreProgress {
  table: string;
  fraction: number;
}

/** Whether an error is the store running out of space. */
export function isQuotaError(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'QuotaExceededError';
}

/**
 * Writes every table of `model` (whatever their names) into `id`'s snapshot, one table and one
 * stream at a time, and the manifest last. Any earlier snapshot of `id` is removed first; on
 * failure or abort what was written is removed again. Rejects with the store's error (see
 * `isQuotaError`) or the abort reason.
 */
export async function saveSnapshot(
  engine: Engine,
  store: DatasetStore,
  id: string,
  data: { model: DatasetModel; report: ImportReport },
  signal?: AbortSignal,
): Promise<SnapshotManifest> {
  if (!hasTableIO(engine)) throw new Error('this engine cannot export tables');
  await store.removeSnapshot(id);
  const tables: SnapshotManifest['tables'] = [];
  try {
    for (const [i, t] of data.model.tables.entries()) {
      signal?.throwIfAborted();
      const file = `${i}.arrows`;
      const out = await store.snapshotFile(id, file);
      const sha256: string[] = [];
      // One stream is hashed and written while DuckDB produces the next.
      let writing: Promise<void> = Promise.resolve();
      try {
        const snap = await exportTable(engine, t.name, async (ipc) => {
          signal?.throwIfAborted();
          await writing;
          writing = (async () => {
            sha256.push(await digest(ipc));
            await out.write(ipc);
          })();
          writing.catch(() => undefined); // awaited on the next stream or below
        });
        await writing;
        await out.close();
        tables.push({ ...snap, file, sha256 });
      } catch (e) {
        await out.abort().catch(() => undefined);
        throw e;
      }
    }
    signal?.throwIfAborted();
    const manifest: SnapshotManifest = {
      format: SNAPSHOT_FORMAT,
      created: new Date().toISOString(),
      model: data.model,
      report: data.report,
      tables,
      bytes: tables.reduce((n, t) => n + t.streams.reduce((a, b) => a + b, 0), 0),
    };
    await store.commitSnapshot(id, manifest);
    return manifest;
  } catch (e) {
    await store.removeSnapshot(id).catch(() => undefined);
    throw e;
  }
}

/**
 * `id`'s snapshot manifest; null when there is none. Throws (saying why) for one that cannot be
 * used: another format version, or not the shape this version writes.
 */
export async function readSnapshot(
  store: DatasetStore,
  id: string,
): Promise<SnapshotManifest | null> {
  const m = await store.readSnapshot(id);
  if (m === null) return null;
  const format = (m as { format?: unknown }).format;
  if (format !== SNAPSHOT_FORMAT)
    throw new MessageError(
      msg('restore_otherVersion', { got: String(format), now: String(SNAPSHOT_FORMAT) }),
    );
  if (!isManifest(m)) throw new MessageError(msg('restore_incomplete'));
  return m;
}

/** Loads the snapshot's tables into the engine, reporting progress; returns its model. */
export async function restoreSnapshot(
  engine: Engine,
  store: DatasetStore,
  id: string,
  manifest: SnapshotManifest,
  run: { signal?: AbortSignal; onProgress?: (p: RestoreProgress) => void } = {},
): Promise<DatasetModel> {
  if (!hasTableIO(engine)) throw new Error('this engine cannot load tables');
  const total = Math.max(1, manifest.bytes);
  let done = 0;
  for (const t of manifest.tables) {
    run.signal?.throwIfAborted();
    const offsets = t.streams.map((_, i) => t.streams.slice(0, i).reduce((a, b) => a + b, 0));
    const read = async (i: number) => {
      const ipc = await store.readSnapshotBytes(id, t.file, offsets[i]!, t.streams[i]!);
      if ((await digest(ipc)) !== t.sha256[i])
        throw new MessageError(msg('restore_damaged', { table: t.name }));
      return ipc;
    };
    // Pulled by the engine once it runs (so progress starts after the engine's own start); the
    // next stream is read and checked while DuckDB loads this one.
    async function* streams() {
      run.onProgress?.({ table: t.name, fraction: done / total });
      let next = read(0);
      for (let i = 0; i < t.streams.length; i++) {
        run.signal?.throwIfAborted();
        const ipc = await next;
        if (i + 1 < t.streams.length) {
          next = read(i + 1);
          next.catch(() => undefined); // awaited on the next turn, if there is one
        }
        yield ipc;
        done += ipc.length;
        run.onProgress?.({ table: t.name, fraction: done / total });
      }
    }
    await importTable(engine, t, streams());
  }
  return manifest.model;
}

/** How a stored dataset was loaded. */
export interface StoredLoad {
  from: 'snapshot' | 'files';
  model: DatasetModel;
  report: ImportReport;
  engine: Engine;
  /** Why a snapshot that exists was not used. */
  snapshotError?: Message;
}

/**
 * Loads a stored dataset: its snapshot when there is a usable one, else (or when restoring it
 * fails) its original files through the import pipeline. A snapshot that failed is removed, so
 * the next save writes a good one. Cancelling (the signal) never falls back.
 */
export function storedLoader(
  deps: { store: DatasetStore; client: IngestClient },
  meta: StoredMeta,
  run: {
    signal?: AbortSignal;
    onProgress?: (p: Progress) => void;
    onRestore?: (p: RestoreProgress) => void;
  },
  done: (r: StoredLoad) => void,
): DatasetLoader {
  return async (engine) => {
    let snapshotError: Message | undefined;
    try {
      const manifest = await readSnapshot(deps.store, meta.id);
      if (manifest) {
        const model = await restoreSnapshot(engine, deps.store, meta.id, manifest, {
          signal: run.signal,
          onProgress: run.onRestore,
        });
        done({ from: 'snapshot', model, report: manifest.report, engine });
        return model;
      }
    } catch (e) {
      if (run.signal?.aborted) throw e;
      snapshotError = messageOf(e);
      await deps.store.removeSnapshot(meta.id).catch(() => undefined);
    }
    const files = await deps.store.load(meta);
    const r = await deps.client.import(engine, files, meta.options, run);
    done({ from: 'files', model: r.model, report: r.report, engine, snapshotError });
    return r.model;
  };
}

async function digest(bytes: Uint8Array): Promise<string> {
  const hash = new Uint8Array(
    await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>),
  );
  return Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('');
}

function isManifest(m: unknown): m is SnapshotManifest {
  const x = m as Partial<SnapshotManifest>;
  const strings = (...v: unknown[]) => v.every((s) => typeof s === 'string');
  const model = x.model as Partial<DatasetModel> | undefined;
  const report = x.report as Partial<ImportReport> | undefined;
  if (
    !model ||
    !Array.isArray(model.tables) ||
    !Array.isArray(model.stages) ||
    !report ||
    !Array.isArray(report.files) ||
    !Array.isArray(report.warnings) ||
    // Rendered as messages: a report of strings (format 1) would show nothing readable.
    !report.warnings.every(isMessage) ||
    !Array.isArray(report.errors) ||
    !Array.isArray(x.tables) ||
    typeof x.bytes !== 'number'
  )
    return false;
  const tablesOk = x.tables.every(
    (t) =>
      strings(t.name, t.file) &&
      typeof t.rows === 'number' &&
      Array.isArray(t.streams) &&
      t.streams.length > 0 &&
      t.streams.every((n) => Number.isInteger(n) && n > 0) &&
      Array.isArray(t.sha256) &&
      t.sha256.length === t.streams.length &&
      Array.isArray(t.columns) &&
      t.columns.every((c) => strings(c.name, c.type)),
  );
  // Every table the model describes must be there, or reports would query a missing table.
  const names = new Set(x.tables.map((t) => t.name));
  return tablesOk && model.tables.every((t) => names.has(t.name));
}
