/**
 * The narrow engine interface. Only `engine/` talks to DuckDB; everything else sees this.
 * Implementations: the DuckDB-WASM Web Worker (browser) and DuckDB-WASM blocking (Node: tests, CLI).
 */
import type { Table } from 'apache-arrow';

export interface Engine {
  /** Runs one statement and returns its result as Arrow. */
  query(sql: string): Promise<Table>;
  /** Runs statements whose result is not needed (DDL, INSERT). */
  exec(sql: string): Promise<void>;
  /** Creates (or replaces) `table` from an Arrow table. */
  insertArrow(table: string, data: Table): Promise<void>;
  /** Makes bytes readable by SQL under `name` (e.g. `read_csv('name')`). */
  registerFile(name: string, data: Uint8Array): Promise<void>;
  /** Forgets a registered file. */
  dropFile(name: string): Promise<void>;
  /** Cancels the running query, if any (best effort). */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

/** Start-up phases, reported so the UI can show "loading the database…" instead of a frozen page. */
export type EngineStatus = 'loading-wasm' | 'ready' | 'failed';

/** Options shared by the browser and Node engines. */
export interface EngineOptions {
  /** Called on each start-up phase; `failed` is followed by a retry on the next call. */
  onStatus?: (status: EngineStatus) => void;
}

/** An engine that starts on first use; `start()` warms it up early (e.g. while the user picks a file). */
export interface LazyEngine extends Engine {
  start(): Promise<void>;
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
