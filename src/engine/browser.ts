/**
 * DuckDB-WASM in a Web Worker, self-hosted. Never imported by Node code (it imports `?url` assets).
 */
import {
  AsyncDuckDB,
  VoidLogger,
  selectBundle,
  type AsyncDuckDBConnection,
} from '@duckdb/duckdb-wasm';
import { Table } from 'apache-arrow';
import { BUNDLES, threadsFor } from './browser-bundles.ts';
import {
  createEngine,
  pendingMessages,
  QUERY_CONFIG,
  SETUP_SQL,
  workerLife,
  type Driver,
} from './core.ts';
import type { EngineOptions, LazyEngine } from './types.ts';

/**
 * Creates the browser engine. Nothing is fetched until the first call (or `start()`); then the
 * worker and the wasm bundle for this browser (≈35 MB, 2–5 s) load once.
 *
 * @example
 *   const engine = createBrowserEngine({ onStatus: (s) => (status = s) });
 *   void engine.start(); // optional warm-up
 *   const t = await engine.query('SELECT 42 AS answer');
 */
export function createBrowserEngine(opts: EngineOptions = {}): LazyEngine {
  return createEngine(startBrowser, opts);
}

async function startBrowser(crashed: (reason: string) => void): Promise<Driver> {
  const bundle = await selectBundle(BUNDLES);
  if (!bundle.mainWorker) throw new Error('no DuckDB worker in the selected bundle');
  // A classic worker: the duckdb worker files are self-contained scripts, not modules.
  const worker = new Worker(bundle.mainWorker);
  // A worker that dies (e.g. its script 404s on a misconfigured host) fails the calls waiting on
  // it, and the engine starts a new database; so do calls in flight when close() terminates it.
  const { guard, die, end } = workerLife(crashed);
  worker.addEventListener('error', (ev) => die(ev.message || 'load error'));
  // A reply that cannot be deserialised: the call waiting for it would never hear back.
  worker.addEventListener('messageerror', () => die('unreadable message from the worker'));

  const db = new AsyncDuckDB(new VoidLogger(), worker);
  let conn: AsyncDuckDBConnection;
  try {
    await guard(db.instantiate(bundle.mainModule, bundle.pthreadWorker));
    const threads = threadsFor(bundle.pthreadWorker);
    await guard(db.open({ query: QUERY_CONFIG, ...(threads ? { maximumThreads: threads } : {}) }));
    conn = await guard(db.connect());
    await guard(conn.query(SETUP_SQL));
  } catch (e) {
    await db.terminate();
    throw e;
  }

  return {
    async query(sql) {
      // `send` (the pending-query API) rather than `query`: only a sent query can be cancelled.
      const reader = await guard(conn.send(sql, false));
      if (!reader) throw new Error('DuckDB worker is gone');
      const batches = await guard(reader.readAll());
      return new Table(reader.schema, batches);
    },
    exec: async (sql) => {
      // `query` accepts several statements in one string; `send` does not promise to.
      await guard(conn.query(sql));
    },
    insertIPC: (table, ipc, create = true) =>
      guard(conn.insertArrowFromIPCStream(ipc, { name: table, create })),
    exportIPC: (sql, onMessage) =>
      conn.useUnsafe((bindings, id) => pendingMessages(bindings, id, sql, true, onMessage, guard)),
    // The bytes are transferred to the worker, which detaches their buffer; copy so the caller's
    // array (and any other view on the same buffer) stays usable, unless the caller hands them
    // over: a 146 MB export's copy is ≈ 0.1 s on the page's thread. DuckDB's worker copies the
    // view (offset and length kept) into its own memory, so a view needs no copy here either.
    registerFile: (name, data, opts) =>
      guard(db.registerFileBuffer(name, opts?.handOver ? data : data.slice())),
    dropFile: async (name) => {
      await guard(db.dropFile(name));
    },
    cancel: async () => {
      await conn.cancelSent();
    },
    close: async () => {
      end();
      await db.terminate();
    },
    kill: () => {
      // What the browser does to a worker that crashed: it is gone, mid-call or not.
      worker.terminate();
      die('terminated');
    },
  };
}
