/**
 * The narrow engine interface. Only `engine/` talks to DuckDB; everything else sees this.
 * Implementations: the DuckDB-WASM Web Worker (browser) and DuckDB-WASM blocking (Node: tests, CLI).
 */
import type { Table } from 'apache-arrow';

export interface Engine {
  /**
   * The SQL dialect this engine runs (`query/sql/dialect.ts`); DuckDB when absent. The caller
   * compiles for it: `compileReport(spec, catalog, { dialect: engine.dialect })`.
   */
  readonly dialect?: 'duckdb' | 'clickhouse';
  /** Runs one statement and returns its result as Arrow. */
  query(sql: string): Promise<Table>;
  /** Runs statements whose result is not needed (DDL, INSERT). */
  exec(sql: string): Promise<void>;
  /** Creates (or replaces) `table` from an Arrow table. */
  insertArrow(table: string, data: Table): Promise<void>;
  /**
   * Makes bytes readable by SQL and returns the path to read them by (`read_csv('<path>')`). This
   * is the only way data reaches SQL: the engine refuses local files, URLs, ATTACH and COPY … TO.
   * `name` is a plain file name (no `/`). `handOver`: the caller gives the bytes up (nothing else
   * holds their buffer), so an engine that moves them to another thread may move the buffer itself
   * instead of a copy; the caller's array may then be emptied (detached).
   */
  registerFile(name: string, data: Uint8Array, opts?: { handOver?: boolean }): Promise<string>;
  /** Forgets a registered file (by the name it was registered under). */
  dropFile(name: string): Promise<void>;
  /** Cancels the running query, if any (best effort). */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Whole tables in and out as Arrow IPC, for keeping built tables across reloads. The browser and
 * Node engines have it; an engine seen through a proxy (the ingest worker's) need not.
 */
export interface TableIO {
  /**
   * Runs `sql` and hands its result over as Arrow IPC, undecoded: a sequence of complete streams
   * (schema, record batches, end-of-stream marker), each about `streamBytes` (default 16 MiB) or
   * one batch if larger; an empty result gives one stream with the schema only. Types are those of
   * `query` (BIGINT and DECIMAL arrive as DOUBLE). `onStream` is awaited before the next batch is
   * fetched; the engine runs nothing else meanwhile.
   */
  exportIPC(
    sql: string,
    onStream: (ipc: Uint8Array) => void | Promise<void>,
    opts?: { streamBytes?: number },
  ): Promise<void>;
  /**
   * Creates (or replaces) `table` from complete Arrow IPC streams of one schema, rows appended in
   * order. Each stream is checked before DuckDB sees it; on any failure the old table (if any) is
   * left as it was and the engine stays usable.
   */
  importIPC(
    table: string,
    streams: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  ): Promise<void>;
}

/** Whether `engine` can move whole tables as Arrow IPC (see `TableIO`). */
export function hasTableIO(engine: Engine): engine is Engine & TableIO {
  const e = engine as Partial<TableIO>;
  return typeof e.exportIPC === 'function' && typeof e.importIPC === 'function';
}

/** Start-up phases, reported so the UI can show "loading the database…" instead of a frozen page. */
export type EngineStatus = 'loading-wasm' | 'ready' | 'failed';

/** Options shared by the browser and Node engines. */
export interface EngineOptions {
  /** Called on each start-up phase; `failed` is followed by a retry on the next call. */
  onStatus?: (status: EngineStatus) => void;
  /**
   * The database died (its worker crashed or was terminated, WebAssembly aborted, DuckDB
   * invalidated itself after an internal error) and every table with it. Calls that were running
   * or queued fail with `EngineCrashed`; the next call starts a fresh database, so the owner
   * loads its data again. Called once per crash.
   */
  onCrash?: (reason: string) => void;
}

/** An engine that starts on first use; `start()` warms it up early (e.g. while the user picks a file). */
export interface LazyEngine extends Engine, TableIO {
  start(): Promise<void>;
  /**
   * Ends the running database the way a crash does (the browser terminates its worker), with
   * everything that follows: `onCrash`, pending calls failing, a fresh start on the next call.
   * For recovery tests; harmless otherwise, since the engine recovers as from any crash.
   */
  simulateCrash(): Promise<void>;
}

/** A failed query, carrying the SQL for the "SQL" view and error reports. */
export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    message: string,
    readonly sql?: string,
  ) {
    super(message);
  }
}

/** A call that was running or queued when the database died (see `EngineOptions.onCrash`). */
export class EngineCrashed extends EngineError {
  override name = 'EngineCrashed';
  constructor(
    readonly reason: string,
    sql?: string,
  ) {
    super(`the database stopped: ${reason}`, sql);
  }
}
