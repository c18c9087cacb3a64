/**
 * DuckDB-WASM in Node (tests, CLI) through the synchronous "blocking" bindings. Never imported by
 * the browser bundle.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { tableFromIPC } from 'apache-arrow';
import type * as Blocking from '@duckdb/duckdb-wasm/blocking';
import { createEngine, QUERY_CONFIG, SETUP_SQL, type Driver } from './core.ts';
import type { EngineOptions, LazyEngine } from './types.ts';

const require = createRequire(import.meta.url);

/**
 * Creates the Node engine. Like the browser engine it starts on first use (≈2 s) or on `start()`.
 * Queries poll DuckDB's pending-query API between event-loop turns, so timers keep running and
 * `cancel()` works.
 */
export async function createNodeEngine(opts: EngineOptions = {}): Promise<LazyEngine> {
  return createEngine(startNode, opts);
}

async function startNode(): Promise<Driver> {
  // The blocking bundle is CommonJS and `require`s the CJS build of apache-arrow, a different
  // instance from the ESM one we import. So nothing Arrow-typed crosses the boundary: we hand it
  // IPC bytes and read IPC bytes back with our own arrow.
  const duckdb = require('@duckdb/duckdb-wasm/blocking') as typeof Blocking;
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm'));
  const db = await duckdb.createDuckDB(
    {
      mvp: {
        mainModule: join(dist, 'duckdb-mvp.wasm'),
        mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs'),
      },
      eh: {
        mainModule: join(dist, 'duckdb-eh.wasm'),
        mainWorker: join(dist, 'duckdb-node-eh.worker.cjs'),
      },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await db.instantiate(() => undefined);
  db.open({ query: QUERY_CONFIG });
  const conn = db.connect();
  const id = conn.useUnsafe((_, c) => c);
  db.runQuery(id, SETUP_SQL);

  /** Runs `sql` with the pending-query API, handing over each raw IPC message (schema first). */
  async function runPending(
    sql: string,
    onMessage: (msg: Uint8Array) => void | Promise<void>,
    stream = false,
  ): Promise<void> {
    let header = db.startPendingQuery(id, sql, stream);
    while (header === null) {
      await nextTurn();
      header = db.pollPendingQuery(id);
    }
    await onMessage(header);
    for (;;) {
      const chunk = db.fetchQueryResults(id);
      if (chunk === null) continue; // not ready yet
      if (chunk.length === 0) break; // depleted
      await onMessage(chunk);
    }
  }

  return {
    async query(sql) {
      const parts: Uint8Array[] = [];
      await runPending(sql, (msg) => void parts.push(msg));
      return tableFromIPC(concat(parts));
    },
    exportIPC: (sql, onMessage) => runPending(sql, onMessage, true),
    exec: async (sql) => {
      // runQuery, not the pending API: it accepts several statements in one string.
      db.runQuery(id, sql);
    },
    insertIPC: async (table, ipc, create = true) =>
      db.insertArrowFromIPCStream(id, ipc, { name: table, create }),
    registerFile: async (name, data) => db.registerFileBuffer(name, data),
    dropFile: async (name) => db.dropFile(name),
    cancel: async () => {
      db.cancelPendingQuery(id);
    },
    close: async () => {
      conn.close();
      db.reset();
    },
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
