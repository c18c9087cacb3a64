/**
 * The engine logic shared by the browser and Node implementations: lazy start exactly once, one
 * operation at a time, errors as `EngineError`, and the create-or-replace dance of `insertArrow`.
 * Each implementation only supplies a `Driver` — the few raw DuckDB calls that differ.
 */
import { tableToIPC, type Table } from 'apache-arrow';
import { quoteIdent } from '../query/sql/escape.ts';
import { EngineError, type EngineOptions, type LazyEngine } from './types.ts';

/** The raw DuckDB calls of one started database with one connection. Errors may be anything. */
export interface Driver {
  query(sql: string): Promise<Table>;
  exec(sql: string): Promise<void>;
  /** Creates `table` (which must not exist) from an Arrow IPC stream. */
  insertIPC(table: string, ipc: Uint8Array): Promise<void>;
  registerFile(name: string, data: Uint8Array): Promise<void>;
  dropFile(name: string): Promise<void>;
  cancel(): Promise<void>;
  close(): Promise<void>;
}

/** Run right after open: without extensions offline, autoloading would hang or fail messily. */
export const SETUP_SQL =
  'SET autoload_known_extensions=false; SET autoinstall_known_extensions=false;';

/** DuckDB types JS cannot hold losslessly become doubles, so results never contain `bigint`. */
export const QUERY_CONFIG = { castBigIntToDouble: true, castDecimalToDouble: true } as const;

/** Wraps a driver factory into an `Engine` that starts it on first use. */
export function createEngine(
  startDriver: () => Promise<Driver>,
  opts: EngineOptions = {},
): LazyEngine {
  let started: Promise<Driver> | undefined;
  let closed = false;
  // One connection runs one statement at a time; in the browser a second `send` on the same
  // connection would silently replace the first pending query, so calls queue here instead.
  let tail: Promise<unknown> = Promise.resolve();
  let insertSeq = 0;

  function start(): Promise<Driver> {
    if (closed) return Promise.reject(new EngineError('engine is closed'));
    started ??= (async () => {
      opts.onStatus?.('loading-wasm');
      try {
        const driver = await startDriver();
        opts.onStatus?.('ready');
        return driver;
      } catch (e) {
        // Forget the failed start so a later call can retry (e.g. the wasm fetch was interrupted).
        started = undefined;
        opts.onStatus?.('failed');
        throw new EngineError(`DuckDB failed to start: ${messageOf(e)}`);
      }
    })();
    return started;
  }

  function serial<T>(sql: string | undefined, fn: (d: Driver) => Promise<T>): Promise<T> {
    const run = tail.then(async () => fn(await start()));
    tail = run.catch(() => undefined);
    return run.catch((e: unknown) => {
      throw toEngineError(e, sql);
    });
  }

  async function replaceTable(d: Driver, table: string, data: Table): Promise<void> {
    const target = quoteIdent(table);
    // Load into a fresh name, then swap: a failed load leaves the old table untouched.
    const tmpName = `__engine_insert_${++insertSeq}`;
    const tmp = quoteIdent(tmpName);
    await d.exec(`DROP TABLE IF EXISTS ${tmp}`);
    await d.insertIPC(tmpName, tableToIPC(data, 'stream'));
    const swap = `BEGIN; DROP TABLE IF EXISTS ${target}; ALTER TABLE ${tmp} RENAME TO ${target}; COMMIT;`;
    try {
      await d.exec(swap);
    } catch (e) {
      await d.exec('ROLLBACK').catch(() => undefined);
      await d.exec(`DROP TABLE IF EXISTS ${tmp}`).catch(() => undefined);
      throw toEngineError(e, swap);
    }
  }

  return {
    start: async () => {
      await start();
    },
    query: (sql) => serial(sql, (d) => d.query(sql)),
    exec: (sql) => serial(sql, (d) => d.exec(sql)),
    insertArrow: (table, data) =>
      serial(undefined, (d) => replaceTable(d, table, data)).catch((e: unknown) => {
        const err = toEngineError(e);
        throw new EngineError(`insertArrow(${JSON.stringify(table)}): ${err.message}`, err.sql);
      }),
    registerFile: (name, data) => serial(undefined, (d) => d.registerFile(name, data)),
    dropFile: (name) => serial(undefined, (d) => d.dropFile(name)),
    async cancel() {
      // Bypasses the queue on purpose: it must reach the query that is running now.
      const d = await started?.catch(() => undefined);
      await d?.cancel().catch(() => undefined);
    },
    async close() {
      closed = true;
      const d = await started?.catch(() => undefined);
      started = undefined;
      await d?.close();
    },
  };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function toEngineError(e: unknown, sql?: string): EngineError {
  if (e instanceof EngineError) return e;
  return new EngineError(messageOf(e), sql);
}
