/**
 * Native DuckDB (`@duckdb/node-api`) behind the same engine interface: all cores, a memory limit
 * and spilling to a temp directory, for the CLI and benchmarks. Node-only; the browser bundle never
 * imports it (eslint `no-restricted-imports` and test/engine/bundle.test.ts hold that line).
 *
 * The sandbox is the wasm engine's: after setup no query may read a local file or URL, ATTACH, COPY
 * … TO or change a setting. Registered files are real files in a private directory, the only one
 * queries may read.
 */
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { basename, join } from 'node:path';
import { tableFromIPC, tableToIPC, RecordBatch, Table, type Schema } from 'apache-arrow';
import {
  DuckDBDataChunk,
  DuckDBInstance,
  type DuckDBConnection,
  type DuckDBResult,
} from '@duckdb/node-api';
import { quoteString } from '../query/sql/escape.ts';
import { createEngine, type Driver } from './core.ts';
import { appendArrow } from './native-append.ts';
import { chunksToBatch, createTableSql, resultSchema } from './native-arrow.ts';
import type { EngineOptions, LazyEngine } from './types.ts';

export interface NativeOptions extends EngineOptions {
  /** Worker threads (DuckDB's default: all cores). */
  threads?: number;
  /** DuckDB's `memory_limit`, e.g. `4GB` (default: 80% of RAM). Beyond it, operators spill. */
  memoryLimit?: string;
  /** Where the private directory (registered files, spill files) is made; default the OS temp. */
  tempDir?: string;
}

/** Rows per exported record batch: DuckDB's 2048-row chunks are too small to be worth a message. */
const BATCH_ROWS = 64 * 1024;

/** Creates the native engine; it starts (opens an in-memory database) on first use. */
export function createNativeEngine(opts: NativeOptions = {}): LazyEngine {
  return createEngine(() => startNative(opts), opts);
}

async function startNative(opts: NativeOptions): Promise<Driver> {
  const dir = await mkdtemp(join(opts.tempDir ?? tmpdir(), 'crm-duckdb-'));
  const files = join(dir, 'files');
  const spill = join(dir, 'spill');
  const config: Record<string, string> = {
    temp_directory: spill,
    autoload_known_extensions: 'false',
    autoinstall_known_extensions: 'false',
  };
  if (opts.threads) config.threads = String(opts.threads);
  if (opts.memoryLimit) config.memory_limit = opts.memoryLimit;
  let instance: DuckDBInstance;
  let conn: DuckDBConnection;
  try {
    await mkdir(files);
    instance = await DuckDBInstance.create(':memory:', config);
    conn = await instance.connect();
    await conn.run(
      [
        `SET allowed_directories=[${quoteString(`${files}/`)}]`,
        'SET enable_external_access=false',
        'SET lock_configuration=true',
      ].join('; '),
    );
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }

  /** Where a registered name (`/registered/x`) lives on disk. */
  const onDisk = (path: string) => join(files, basename(path));

  /** The statement in flight, so that close can interrupt it and wait for it to let go. */
  let running: Promise<unknown> | undefined;
  let settled = true;
  let closing = false;
  function track<T>(p: Promise<T>): Promise<T> {
    if (closing) conn.interrupt();
    settled = false;
    // Never rejects: the caller gets p's error; close only waits for the statement to let go.
    const done = () => {
      settled = true;
    };
    running = p.then(done, done);
    return p.catch((e: unknown) => {
      // DuckDB's own word for it is INTERRUPT; the engine interface says "cancelled".
      if (e instanceof Error && /^INTERRUPT Error/.test(e.message)) {
        throw new Error(`the query was cancelled (${e.message})`);
      }
      throw e;
    });
  }

  /** Streams `sql`, handing over record batches of about `rowsPerBatch` rows. */
  async function batches(
    sql: string,
    rowsPerBatch: number,
    onBatch: (schema: Schema, batch: RecordBatch) => Promise<void>,
  ): Promise<Schema> {
    const result: DuckDBResult = await track(conn.stream(sql));
    const schema = resultSchema(result.columnNames(), result.columnTypes());
    let pending: DuckDBDataChunk[] = [];
    let rows = 0;
    for (;;) {
      const chunk = await track(result.fetchChunk());
      if (!chunk || chunk.rowCount === 0) break;
      pending.push(chunk);
      rows += chunk.rowCount;
      if (rows >= rowsPerBatch) {
        await onBatch(schema, chunksToBatch(schema, pending));
        pending = [];
        rows = 0;
      }
    }
    if (pending.length) await onBatch(schema, chunksToBatch(schema, pending));
    return schema;
  }

  return {
    async query(sql) {
      const parts: RecordBatch[] = [];
      const schema = await batches(sql, BATCH_ROWS, async (_, b) => void parts.push(b));
      return parts.length ? new Table(parts) : new Table(schema);
    },
    async exportIPC(sql, onMessage) {
      let schemaBytes = -1;
      // One record batch per DuckDB chunk, so the caller's stream size is honoured closely.
      const schema = await batches(sql, 1, async (s, batch) => {
        const ipc = tableToIPC(new Table([batch]), 'stream');
        // The stream is [schema][batch][end-of-stream]; hand over its messages one by one.
        if (schemaBytes < 0) {
          schemaBytes = tableToIPC(new Table(s), 'stream').length - 8;
          await onMessage(ipc.subarray(0, schemaBytes));
        }
        await onMessage(ipc.subarray(schemaBytes, ipc.length - 8));
      });
      if (schemaBytes < 0) {
        const empty = tableToIPC(new Table(schema), 'stream');
        await onMessage(empty.subarray(0, empty.length - 8));
      }
    },
    exec: async (sql) => {
      await track(conn.run(sql));
    },
    async insertIPC(table, ipc, create = true) {
      const data = tableFromIPC(ipc);
      if (create) await conn.run(createTableSql(table, data.schema));
      const appender = await conn.createAppender(table);
      try {
        appendArrow(appender, data);
      } finally {
        appender.closeSync();
      }
    },
    async registerFile(path, data) {
      const file = onDisk(path);
      await writeFile(file, data);
      return file;
    },
    dropFile: async (path) => {
      await unlink(onDisk(path)).catch(() => undefined);
    },
    cancel: async () => {
      conn.interrupt();
    },
    close: async () => {
      // An interrupt sent before the statement reaches DuckDB's thread is lost: repeat it until
      // the statement lets go.
      closing = true;
      while (!settled) {
        conn.interrupt();
        await Promise.race([running?.catch(() => undefined), delay(20)]);
      }
      conn.closeSync();
      instance.closeSync();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
