/**
 * DuckDB-WASM in Node on a worker thread: the CLI's `--engine duckdb-wasm`. The blocking bindings
 * (`node.ts`) run every statement on the JS thread, so an import's JS passes over one file (UTF-8
 * check, sample, shape) wait for DuckDB to finish typing the one before; here DuckDB runs on its
 * own thread, as it does in the page, and the two go on at once. Never imported by the browser
 * bundle.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { tableFromIPC } from 'apache-arrow';
import type * as Async from '@duckdb/duckdb-wasm';
import {
  createEngine,
  pendingMessages,
  QUERY_CONFIG,
  SETUP_SQL,
  workerLife,
  type Driver,
} from './core.ts';
import type { EngineOptions, LazyEngine } from './types.ts';

const require = createRequire(import.meta.url);

/**
 * The DuckDB worker scripts are written for a Web Worker: they set `globalThis.onmessage` and call
 * `globalThis.postMessage`. This runs one of them on a Node worker thread with those two wired to
 * the thread's port.
 */
const BOOT = `
const { parentPort, workerData } = require('node:worker_threads');
// The worker logs every failed call to stdout before answering it with the error; the CLI's
// stdout is its result, and the error reaches the caller anyway.
console.log = () => {};
globalThis.postMessage = (message, transfer) => parentPort.postMessage(message, transfer);
parentPort.on('message', (data) => globalThis.onmessage && globalThis.onmessage({ data }));
require(workerData.script);
`;

type Listener = (ev: { data?: unknown; message?: string }) => void;

/** The part of a Web Worker `AsyncDuckDB` uses, over a Node worker thread. */
class ThreadWorker {
  readonly #thread: Worker;
  readonly #listeners = new Map<string, Set<Listener>>();

  constructor(script: string) {
    this.#thread = new Worker(BOOT, { eval: true, workerData: { script } });
    this.#thread.on('message', (data: unknown) => this.#emit('message', { data }));
    this.#thread.on('error', (e: Error) => this.#emit('error', { message: e.message }));
    this.#thread.on('exit', () => this.#emit('close', {}));
  }

  #emit(type: string, ev: { data?: unknown; message?: string }) {
    for (const l of this.#listeners.get(type) ?? []) l(ev);
  }

  addEventListener(type: string, l: Listener) {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(l);
  }

  removeEventListener(type: string, l: Listener) {
    this.#listeners.get(type)?.delete(l);
  }

  postMessage(message: unknown, transfer: ArrayBuffer[] = []) {
    this.#thread.postMessage(message, transfer);
  }

  terminate() {
    void this.#thread.terminate();
  }
}

/** Creates the engine. Like the others it starts on first use or on `start()`. */
export async function createNodeWorkerEngine(opts: EngineOptions = {}): Promise<LazyEngine> {
  return createEngine(startThread, opts);
}

async function startThread(crashed: (reason: string) => void): Promise<Driver> {
  // The Node build of the async API is CommonJS with its own (CJS) apache-arrow: nothing
  // Arrow-typed crosses over; results come back as IPC bytes read with our own arrow.
  const duckdb = require('@duckdb/duckdb-wasm') as typeof Async;
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));

  /** `registerFileBuffer` always transfers the array's buffer, which a shared buffer cannot be. */
  class ThreadDuckDB extends duckdb.AsyncDuckDB {
    registerShared(name: string, data: Uint8Array): Promise<null> {
      return this.postTask(
        new duckdb.WorkerTask<
          Async.WorkerRequestType.REGISTER_FILE_BUFFER,
          [string, Uint8Array],
          null
        >(duckdb.WorkerRequestType.REGISTER_FILE_BUFFER, [name, data]),
        [],
      );
    }
  }

  const worker = new ThreadWorker(join(dist, 'duckdb-node-eh.worker.cjs'));
  const { guard, die, end } = workerLife(crashed);
  worker.addEventListener('error', (ev) => die(ev.message || 'worker error'));
  worker.addEventListener('close', () => die('worker exited'));

  const db = new ThreadDuckDB(new duckdb.VoidLogger(), worker as unknown as globalThis.Worker);
  let id: number;
  try {
    await guard(db.instantiate(join(dist, 'duckdb-eh.wasm'), null));
    await guard(db.open({ query: QUERY_CONFIG }));
    const conn = await guard(db.connect());
    id = conn.useUnsafe((_, c) => c);
    await guard(db.runQuery(id, SETUP_SQL));
  } catch (e) {
    end();
    await db.terminate();
    throw e;
  }

  return {
    async query(sql) {
      const parts: Uint8Array[] = [];
      await pendingMessages(db, id, sql, false, (msg) => void parts.push(msg), guard);
      return tableFromIPC(parts);
    },
    exportIPC: (sql, onMessage) => pendingMessages(db, id, sql, true, onMessage, guard),
    exec: async (sql) => {
      // runQuery, not the pending API: it accepts several statements in one string.
      await guard(db.runQuery(id, sql));
    },
    insertIPC: (table, ipc, create = true) =>
      guard(db.insertArrowFromIPCStream(id, ipc, { name: table, create })),
    // A shared buffer (the CLI reads files into one) is seen by the worker as it is; otherwise
    // the bytes are moved to the worker, which detaches their buffer, so they are copied first
    // unless the caller hands them over. The worker copies them into DuckDB's memory either way.
    registerFile: async (name, data, opts) => {
      if (data.buffer instanceof SharedArrayBuffer) await guard(db.registerShared(name, data));
      else await guard(db.registerFileBuffer(name, opts?.handOver ? data : data.slice()));
    },
    dropFile: async (name) => {
      await guard(db.dropFile(name));
    },
    cancel: async () => {
      await db.cancelPendingQuery(id);
    },
    close: async () => {
      end();
      await db.terminate();
    },
    kill: () => {
      worker.terminate();
      die('terminated');
    },
  };
}
