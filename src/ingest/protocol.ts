/**
 * Messages between the page and the ingest worker. The worker reads, decodes, parses and types
 * the files; it reaches DuckDB only through the page (the engine lives there), asking for one
 * `exec` / `query` / `insert` at a time, with tables travelling as Arrow IPC streams, or handing
 * it a delimited text file to read itself (`register`, `drop`).
 */
import type { DatasetModel } from '../crm/model.ts';
import type { Inspection } from './read/inspect.ts';
import type { ImportReport } from './report.ts';
import type { Message } from '../lib/message.ts';
import type { ImportOptions, Progress, TableKind, ValueType } from './types.ts';

/** A file as posted to the worker: a Blob (a File or fetched bytes) and its per-file overrides. */
export interface WorkerFile {
  name: string;
  blob: Blob;
  kind?: TableKind;
  encoding?: string;
  sheet?: string;
  ignore?: string[];
  types?: Record<string, ValueType>;
}

/**
 * A file as the page posts it: `blobId` is the same number for the same Blob on the page, so the
 * worker can tell that "Import" sends the files it has just inspected, and reuse what it read.
 */
export type PostedFile = WorkerFile & { blobId: number };

/** The serialisable part of ImportOptions. */
export type WorkerOptions = Omit<ImportOptions, 'onProgress' | 'signal'>;

export type ToWorker =
  /** `early`: register the files' bytes with the page's engine while the mapping screen shows. */
  | { type: 'inspect'; id: number; files: PostedFile[]; options: WorkerOptions; early?: boolean }
  | { type: 'import'; id: number; files: PostedFile[]; options: WorkerOptions }
  | { type: 'abort'; id: number }
  /** The mapping screen closed: the files registered early go. */
  | { type: 'forget' }
  | { type: 'engine-reply'; rid: number; ok: true; ipc?: Uint8Array; path?: string }
  | { type: 'engine-reply'; rid: number; ok: false; error: string };

/**
 * `early`: a call made while the mapping screen shows, for the import to come (worker-early.ts),
 * on the engine the inspection named rather than the import's.
 */
export type EngineCall = { early?: boolean } & (
  | { op: 'exec'; sql: string }
  | { op: 'query'; sql: string }
  | { op: 'insert'; table: string; ipc: Uint8Array }
  /** A file for DuckDB to read itself (`read_csv`); the reply carries the path to read it by. */
  | { op: 'register'; name: string; data: Uint8Array }
  | { op: 'drop'; name: string }
);

export type FromWorker =
  | ({ type: 'engine'; rid: number } & EngineCall)
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'inspected'; id: number; inspection: Inspection }
  | { type: 'imported'; id: number; model: DatasetModel; report: ImportReport }
  | { type: 'failed'; id: number; error: Message; aborted: boolean; importError: boolean };
