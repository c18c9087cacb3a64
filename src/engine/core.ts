/**
 * The engine logic shared by the browser and Node implementations: lazy start exactly once, one
 * operation at a time, errors as `EngineError`, and the create-or-replace dance of `insertArrow`.
 * Each implementation only supplies a `Driver` — the few raw DuckDB calls that differ.
 */
import { tableToIPC, type Table } from 'apache-arrow';
import { quoteIdent } from '../query/sql/escape.ts';
import { EOS, startsMessage, streamRows } from './ipc.ts';
import { EngineCrashed, EngineError, type EngineOptions, type LazyEngine } from './types.ts';

/** The raw DuckDB calls of one started database with one connection. Errors may be anything. */
export interface Driver {
  query(sql: string): Promise<Table>;
  exec(sql: string): Promise<void>;
  /** Creates `table` (`create`: it must not exist) or appends to it from an Arrow IPC stream. */
  insertIPC(table: string, ipc: Uint8Array, create?: boolean): Promise<void>;
  /**
   * Runs `sql` with DuckDB's pending-query API and hands over its raw IPC messages: the schema,
   * then one record batch per call, no end-of-stream marker. Each call is awaited.
   */
  exportIPC(sql: string, onMessage: (msg: Uint8Array) => Promise<void>): Promise<void>;

  /**
   * Stores a file under `REGISTERED_DIR` path `name`. An engine that reads real files (native
   * DuckDB) stores it elsewhere and returns the path SQL must use instead.
   */
  registerFile(
    name: string,
    data: Uint8Array,
    opts?: { handOver?: boolean },
  ): Promise<string | void>;
  dropFile(name: string): Promise<void>;
  cancel(): Promise<void>;
  close(): Promise<void>;
  /** Ends the database as a crash would and reports it (see `LazyEngine.simulateCrash`). */
  kill?(): void;
}

/**
 * Starts a driver. `crashed` is for deaths the driver sees itself (a worker's `error` event);
 * errors of its calls are classified by the engine (`isFatal`).
 */
export type StartDriver = (crashed: (reason: string) => void) => Promise<Driver>;

/**
 * Errors after which the database is gone, whatever DuckDB would answer next: a WebAssembly trap
 * or abort (out of memory, unreachable code; DuckDB-WASM passes them on as `RuntimeError`), and
 * DuckDB's fatal and internal errors, after which it refuses every query ("database has been
 * invalidated").
 */
export function isFatal(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e.name === 'RuntimeError' || e instanceof WebAssembly.RuntimeError) return true;
  return /^(FATAL|INTERNAL) Error|database has been invalidated/i.test(e.message);
}

/** Where registered files live for SQL: the one directory the sandbox lets queries read. */
export const REGISTERED_DIR = '/registered/';

/**
 * Run right after open. Without extensions offline, autoloading would hang or fail messily. Then
 * the sandbox: no query may read a local file or a URL, ATTACH, COPY … TO or change a setting;
 * only files handed over through `registerFile` (under `REGISTERED_DIR`) can be read.
 */
export const SETUP_SQL = [
  'SET autoload_known_extensions=false',
  'SET autoinstall_known_extensions=false',
  `SET allowed_directories=['${REGISTERED_DIR}']`,
  'SET enable_external_access=false',
  'SET lock_configuration=true',
].join('; ');

/**
 * The life of a database on another thread (a Web Worker, a Node worker thread). DuckDB-WASM's
 * `AsyncDuckDB` only logs a worker's death and drops the requests in flight, which would leave
 * their promises hanging: `guard` races a call against the death, `die` reports it once
 * (`crashed`, so the engine starts a new database) and fails every guarded call, `end` fails them
 * quietly when the engine closes.
 */
export function workerLife(crashed: (reason: string) => void) {
  let reject: (e: Error) => void = () => undefined;
  const dead = new Promise<never>((_, r) => (reject = r));
  dead.catch(() => undefined);
  let alive = true;
  return {
    guard: <T>(p: Promise<T>): Promise<T> => Promise.race([p, dead]),
    die(reason: string) {
      if (!alive) return;
      alive = false;
      crashed(reason);
      reject(new Error(`DuckDB worker failed: ${reason}`));
    },
    end() {
      alive = false;
      reject(new Error('engine is closed'));
    },
  };
}

/** DuckDB-WASM's pending-query calls, as `AsyncDuckDB` and its bindings both have them. */
export interface PendingCalls {
  startPendingQuery(conn: number, sql: string, stream?: boolean): Promise<Uint8Array | null>;
  pollPendingQuery(conn: number): Promise<Uint8Array | null>;
  fetchQueryResults(conn: number): Promise<Uint8Array | null>;
}

/**
 * Runs `sql` on a worker's database with the raw pending-query calls (what `send` wraps), handing
 * over each IPC message as the worker gives it (schema first, no end-of-stream marker), so
 * nothing is decoded on this thread; each call raced by `guard` (`workerLife`).
 */
export async function pendingMessages(
  calls: PendingCalls,
  conn: number,
  sql: string,
  stream: boolean,
  onMessage: (msg: Uint8Array) => void | Promise<void>,
  guard: <T>(p: Promise<T>) => Promise<T>,
): Promise<void> {
  let header = await guard(calls.startPendingQuery(conn, sql, stream));
  while (header === null) header = await guard(calls.pollPendingQuery(conn));
  await onMessage(header);
  for (;;) {
    const chunk = await guard(calls.fetchQueryResults(conn));
    if (chunk === null) continue;
    if (chunk.length === 0) return;
    await onMessage(chunk);
  }
}

/** The SQL path of a registered file; a name that could leave the directory is refused. */
export function registeredPath(name: string): string {
  if (!/^[^/\\\0]+$/.test(name) || name === '.' || name === '..' || name.length > 200) {
    throw new EngineError(`not a plain file name: ${JSON.stringify(name.slice(0, 80))}`);
  }
  return REGISTERED_DIR + name;
}

/** Default size of one exported Arrow IPC stream. */
const STREAM_BYTES = 16 << 20;

/** DuckDB types JS cannot hold losslessly become doubles, so results never contain `bigint`. */
export const QUERY_CONFIG = { castBigIntToDouble: true, castDecimalToDouble: true } as const;

/** Wraps a driver factory into an `Engine` that starts it on first use. */
export function createEngine(startDriver: StartDriver, opts: EngineOptions = {}): LazyEngine {
  let started: Promise<Driver> | undefined;
  let closed = false;
  // Each database started gets a new generation; a crash ends it. A call runs only on the
  // database that was current when it was queued: what was queued for a dead one (the rest of an
  // import, a report's second query) would otherwise run half its work on an empty new database.
  let generation = 0;
  let crashReason = '';
  // One connection runs one statement at a time; in the browser a second `send` on the same
  // connection would silently replace the first pending query, so calls queue here instead.
  let tail: Promise<unknown> = Promise.resolve();
  let insertSeq = 0;

  function start(): Promise<Driver> {
    if (closed) return Promise.reject(new EngineError('engine is closed'));
    started ??= (async () => {
      opts.onStatus?.('loading-wasm');
      const gen = generation;
      // A worker dying while it starts is a failed start (retried on the next call), not a crash.
      let up = false;
      try {
        const driver = await startDriver((reason) => up && crash(gen, reason));
        up = true;
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

  /** The database of generation `gen` died: forget it (terminating what is left) and say so. */
  function crash(gen: number, reason: string): void {
    if (gen !== generation || closed) return;
    generation++;
    crashReason = reason;
    const dead = started;
    started = undefined;
    void dead?.then((d) => d.close()).catch(() => undefined);
    opts.onCrash?.(reason);
  }

  function serial<T>(sql: string | undefined, fn: (d: Driver) => Promise<T>): Promise<T> {
    const gen = generation;
    const run = tail.then(async () => {
      if (gen !== generation) throw new EngineCrashed(crashReason, sql);
      return fn(await start());
    });
    tail = run.catch(() => undefined);
    return run.catch((e: unknown) => {
      if (gen === generation && isFatal(e)) crash(gen, messageOf(e));
      if (gen !== generation && !(e instanceof EngineCrashed))
        throw new EngineCrashed(crashReason, sql);
      throw toEngineError(e, sql);
    });
  }

  /** Fills a fresh table with `load`, then swaps it in: a failed load leaves the old table. */
  async function replaceTable(
    d: Driver,
    table: string,
    load: (tmpName: string) => Promise<void>,
  ): Promise<void> {
    const target = quoteIdent(table);
    const tmpName = `__engine_insert_${++insertSeq}`;
    const tmp = quoteIdent(tmpName);
    await d.exec(`DROP TABLE IF EXISTS ${tmp}`);
    try {
      await load(tmpName);
    } catch (e) {
      await d.exec(`DROP TABLE IF EXISTS ${tmp}`).catch(() => undefined);
      throw e;
    }
    const swap = `BEGIN; DROP TABLE IF EXISTS ${target}; ALTER TABLE ${tmp} RENAME TO ${target}; COMMIT;`;
    try {
      await d.exec(swap);
    } catch (e) {
      await d.exec('ROLLBACK').catch(() => undefined);
      await d.exec(`DROP TABLE IF EXISTS ${tmp}`).catch(() => undefined);
      throw toEngineError(e, swap);
    }
  }

  async function exportStreams(
    d: Driver,
    sql: string,
    onStream: (ipc: Uint8Array) => void | Promise<void>,
    limit: number,
  ): Promise<void> {
    let schema: Uint8Array | null = null;
    let batches: Uint8Array[] = [];
    let size = 0;
    let emitted = false;
    const flush = async () => {
      const ipc = concat([schema!, ...batches, EOS]);
      batches = [];
      size = 0;
      emitted = true;
      await onStream(ipc);
    };
    await d.exportIPC(sql, async (msg) => {
      // Streams are cut between DuckDB's messages; anything else would cut one in half.
      if (!startsMessage(msg)) throw new Error('DuckDB sent an Arrow chunk that is not a message');
      if (!schema) {
        schema = msg;
        return;
      }
      batches.push(msg);
      size += msg.length;
      if (size >= limit) await flush();
    });
    if (!schema) throw new Error('DuckDB sent no Arrow schema');
    if (batches.length > 0 || !emitted) await flush();
  }

  async function importStreams(
    d: Driver,
    tmpName: string,
    streams: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  ): Promise<void> {
    let rows = 0;
    let first = true;
    for await (const ipc of streams) {
      rows += streamRows(ipc);
      // The driver may transfer (detach) the bytes to the DuckDB worker; the caller keeps its own.
      await d.insertIPC(tmpName, ipc.slice(), first);
      first = false;
    }
    if (first) throw new Error('no Arrow stream');
    const t = await d.query(`SELECT count(*)::DOUBLE AS n FROM ${quoteIdent(tmpName)}`);
    const got = Number(t.getChild('n')?.get(0));
    if (got !== rows) throw new Error(`${got} rows loaded of ${rows}`);
  }

  return {
    start: async () => {
      await start();
    },
    query: (sql) => serial(sql, (d) => d.query(sql)),
    exec: (sql) => serial(sql, (d) => d.exec(sql)),
    insertArrow: (table, data) =>
      serial(undefined, (d) =>
        replaceTable(d, table, (tmp) => d.insertIPC(tmp, tableToIPC(data, 'stream'), true)),
      ).catch((e: unknown) => {
        if (e instanceof EngineCrashed) throw e;
        const err = toEngineError(e);
        throw new EngineError(`insertArrow(${JSON.stringify(table)}): ${err.message}`, err.sql);
      }),
    async exportIPC(sql, onStream, o = {}) {
      const theirs = callerErrors();
      const limit = o.streamBytes ?? STREAM_BYTES;
      await serial(sql, (d) => exportStreams(d, sql, theirs.call(onStream), limit)).catch(
        (e: unknown) => {
          theirs.throwIfTheirs();
          throw e;
        },
      );
    },
    async importIPC(table, streams) {
      const theirs = callerErrors();
      await serial(undefined, (d) =>
        replaceTable(d, table, (tmp) => importStreams(d, tmp, theirs.iterate(streams))),
      ).catch((e: unknown) => {
        theirs.throwIfTheirs();
        if (e instanceof EngineCrashed) throw e;
        const err = toEngineError(e);
        throw new EngineError(`importIPC(${JSON.stringify(table)}): ${err.message}`, err.sql);
      });
    },
    registerFile: (name, data, opts) =>
      serial(undefined, async (d) => {
        const path = registeredPath(name);
        return (await d.registerFile(path, data, opts)) ?? path;
      }),
    dropFile: (name) => serial(undefined, (d) => d.dropFile(registeredPath(name))),
    async cancel() {
      // Bypasses the queue on purpose: it must reach the query that is running now.
      const d = await started?.catch(() => undefined);
      await d?.cancel().catch(() => undefined);
    },
    async simulateCrash() {
      const gen = generation;
      const d = await started?.catch(() => undefined);
      if (!d || gen !== generation) return;
      if (d.kill) d.kill();
      else crash(gen, 'terminated');
    },
    async close() {
      closed = true;
      const d = await started?.catch(() => undefined);
      started = undefined;
      await d?.close();
    },
  };
}

/**
 * Errors of the caller's own callback or stream source (a full disk, a cancel) are theirs: they
 * come back unchanged, not as an EngineError, so the caller can tell them apart.
 */
function callerErrors() {
  let failure: { e: unknown } | null = null;
  const mark = (e: unknown) => {
    failure ??= { e };
    return e;
  };
  return {
    call<A extends unknown[]>(fn: (...a: A) => void | Promise<void>) {
      return async (...a: A): Promise<void> => {
        try {
          await fn(...a);
        } catch (e) {
          throw mark(e);
        }
      };
    },
    async *iterate<T>(source: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
      try {
        for await (const x of source) yield x;
      } catch (e) {
        throw mark(e);
      }
    },
    /** Throws the caller's own error, if that is what failed. */
    throwIfTheirs(): void {
      if (failure) throw failure.e;
    },
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function toEngineError(e: unknown, sql?: string): EngineError {
  if (e instanceof EngineError) return e;
  return new EngineError(messageOf(e), sql);
}
