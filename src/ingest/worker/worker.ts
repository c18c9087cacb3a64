/**
 * The ingest worker: decoding, detection and (for files DuckDB does not read itself) CSV parsing
 * and Arrow batch building run here, off the page's thread, so a 100 MB export does not freeze
 * the UI. DuckDB stays in the page's engine; this worker reaches it through `engine` messages
 * (see protocol.ts), and hands it plain CSV text to read with `read_csv` (parse/sql-load.ts).
 */
import { tableFromIPC, tableToIPC, type Table } from 'apache-arrow';
import type { Engine } from '../../engine/types.ts';
import { importFiles, ImportError } from '../index.ts';
import { inspectTables } from '../read/inspect.ts';
import { NeedsMore, readFromHead } from '../read/readers.ts';
import { prepareShapes } from '../read/csv/csv-data.ts';
import { readerStarted, startReader, takeTwin } from '../read/big-file/twin-read.ts';
import type { EngineCall, FromWorker, ToWorker } from '../protocol.ts';
import { HEAD_SLICE, WorkerFiles } from './worker-files.ts';
import { EarlyFiles } from './worker-early.ts';
import type { Progress } from '../types.ts';
import { messageOf } from '../../lib/message.ts';
import { deviceBudget } from '../read/limits.ts';
import { WARM_CATALOG_SQL } from '../catalog-warm.ts';

const scope = self as unknown as {
  postMessage(msg: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  onmessageerror: (() => void) | null;
  addEventListener(type: 'unhandledrejection', fn: (e: PromiseRejectionEvent) => void): void;
};

const pending = new Map<
  number,
  { resolve: (r: { ipc?: Uint8Array; path?: string }) => void; reject: (e: Error) => void }
>();
const aborts = new Map<number, AbortController>();
let nextRid = 0;

function call(c: EngineCall): Promise<{ ipc?: Uint8Array; path?: string }> {
  // An import that found a file's shape beside DuckDB's read (the mapping screen's early copy
  // of a file the pass then refused) frees the copy before its next step, not at its end.
  if (importing > 0 && earlyFiles.size > 0) earlyFiles.confirm(true);
  const rid = ++nextRid;
  const moved = c.op === 'insert' ? c.ipc : c.op === 'register' ? c.data : null;
  return new Promise((resolve, reject) => {
    pending.set(rid, { resolve, reject });
    scope.postMessage({ type: 'engine', rid, ...c }, moved ? [moved.buffer as ArrayBuffer] : []);
  });
}

/** The page's engine, seen from here. */
const engine: Engine = {
  async query(sql) {
    const { ipc } = await call({ op: 'query', sql });
    return tableFromIPC(ipc!) as unknown as Table;
  },
  async exec(sql) {
    await call({ op: 'exec', sql });
  },
  async insertArrow(table, data) {
    await call({ op: 'insert', table, ipc: tableToIPC(data, 'stream') });
  },
  // The bytes move to the page (transferred, not copied) and on to DuckDB's worker.
  async registerFile(name, data) {
    const early = await earlyFiles.take(name, data);
    if (early !== null) return early;
    // A view into the file's bytes is copied: moving its buffer would empty the file here.
    const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
    const { path } = await call({ op: 'register', name, data: own ? data : data.slice() });
    if (path === undefined) throw new Error('the page registered no file');
    return path;
  },
  async dropFile(name) {
    if (!(await earlyFiles.drop(name))) await call({ op: 'drop', name });
  },
  cancel: async () => undefined,
  close: async () => undefined,
};

const workerFiles = new WorkerFiles();
startReader();
/**
 * Imports under way. The whole file's shape pass is made ahead only while there is none: an
 * import waiting for the file makes it itself, beside DuckDB's read (parse/sql-load.ts).
 */
let importing = 0;
const earlyFiles = new EarlyFiles({
  async registerEarly(name, data) {
    const { path } = await call({ op: 'register', name, data, early: true });
    if (path === undefined) throw new Error('the page registered no file');
    return path;
  },
  dropFile: (name) => call({ op: 'drop', name }).then(() => undefined),
});

/**
 * The last inspection started: an early registration waiting for the whole file is for that one
 * only (an import of its files that came meanwhile takes it: `EarlyFiles.take` waits for it).
 */
let lastInspection = 0;

/**
 * The mapping screen's reading: a big single file from its head, grown ×4 while the sample needs
 * more (`NeedsMore`), up to the whole file.
 */
async function inspectJob(
  msg: Extract<ToWorker, { type: 'inspect' }>,
  options: Parameters<typeof inspectTables>[1],
): ReturnType<typeof inspectTables> {
  // The whole file is read by the reader while the head is inspected: it must be up first.
  await readerStarted();
  for (let head = HEAD_SLICE; ; head *= 4) {
    const files = await workerFiles.take(msg.files, 'inspect', head);
    try {
      return await inspectTables(files, options);
    } catch (e) {
      if (!(e instanceof NeedsMore)) throw e;
    }
  }
}

async function handle(msg: Extract<ToWorker, { type: 'inspect' | 'import' }>): Promise<void> {
  const ac = new AbortController();
  aborts.set(msg.id, ac);
  // Another inspection: the files registered for the previous one will not be imported.
  if (msg.type === 'inspect') {
    lastInspection = msg.id;
    void earlyFiles.forget();
  }
  const options = {
    // Each batch is decoded and re-encoded on the page's thread (memcpy-like since the columns
    // are built as plain buffers); fewer, larger batches mean fewer DuckDB round trips.
    batchRows: 50_000,
    ...msg.options,
    memoryBudget: msg.options.memoryBudget ?? deviceBudget(),
    signal: ac.signal,
    onProgress: (progress: Progress) =>
      scope.postMessage({ type: 'progress', id: msg.id, progress }),
  };
  try {
    if (msg.type === 'inspect') {
      const { inspection, tables } = await inspectJob(msg, options);
      scope.postMessage({ type: 'inspected', id: msg.id, inspection });
      // While the mapping screen shows, the import's first steps: the rest of a file read from
      // its head (and checked, by a reader of its own), its bytes registered with the page's
      // engine when the page asks, then whether DuckDB may read each file (a pass over every
      // byte). "Import" arriving meanwhile waits for the read and the check, not for the pass:
      // the import makes it while DuckDB reads (`loadCsvSql`). A head whose whole file did not
      // read as it promised is read again by the import.
      const whole = () => tables.filter((t) => !readFromHead(t));
      // The engine's first look at its catalog builds its system views (catalog-warm.ts): a
      // file picked before the page's own look (at its first idle moment) pays it here.
      if (msg.early)
        void call({ op: 'query', sql: WARM_CATALOG_SQL, early: true }).catch(() => undefined);
      setTimeout(() => {
        const rest = workerFiles.readRest();
        const registered = msg.early
          ? earlyFiles.registerWhen(rest, whole, () => lastInspection === msg.id)
          : rest.then(() => false);
        void registered.then((done) => {
          // An import under way takes the early files it reads and drops the rest at its end.
          if (importing === 0) {
            prepareShapes(whole());
            if (done) earlyFiles.confirm();
          }
          // A copy read for DuckDB and not handed to it goes now, not with the file.
          for (const t of whole()) if (t.csv?.bytes) takeTwin(t.csv.bytes);
        });
      }, 0);
    } else {
      importing++;
      const files = await workerFiles.take(msg.files, 'import');
      const { model, report } = await importFiles(engine, files, options);
      scope.postMessage({ type: 'imported', id: msg.id, model, report });
    }
  } catch (e) {
    scope.postMessage({
      type: 'failed',
      id: msg.id,
      error: messageOf(e),
      aborted: ac.signal.aborted,
      importError: e instanceof ImportError,
    });
  } finally {
    aborts.delete(msg.id);
    // What the import did not take goes (its files were other bytes, or read another way).
    if (msg.type === 'import') {
      importing--;
      await earlyFiles.forget();
    }
  }
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'engine-reply') {
    const p = pending.get(msg.rid);
    pending.delete(msg.rid);
    if (msg.ok)
      p?.resolve({ ...(msg.ipc ? { ipc: msg.ipc } : {}), ...(msg.path ? { path: msg.path } : {}) });
    else p?.reject(new Error(msg.error));
  } else if (msg.type === 'abort') {
    aborts.get(msg.id)?.abort();
  } else if (msg.type === 'forget') {
    void earlyFiles.forget();
  } else {
    void handle(msg);
  }
};

// A message from the page that cannot be read (or a promise nobody awaited failing) would leave a
// job waiting for an answer that never comes. Thrown here, it reaches the page as the worker's
// `error` event, which fails every job (see state/dataset/ingest-client.ts).
scope.onmessageerror = () => {
  throw new Error('the import worker could not read a message from the page');
};
scope.addEventListener('unhandledrejection', (e) => {
  throw e.reason instanceof Error ? e.reason : new Error(String(e.reason));
});
