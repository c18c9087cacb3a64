/**
 * chdb — ClickHouse itself, embedded — behind the engine interface, for the CLI (`--engine chdb`)
 * and for testing the ClickHouse dialect against the real ClickHouse engine. Node-only and not a
 * dependency: chdb (~550 MB) is installed on demand into `.engines/chdb` (scripts/chdb.mjs).
 *
 * Results come back as Arrow IPC (`ArrowStream`, uncompressed) and are normalised to the types
 * DuckDB-WASM returns (64-bit integers and decimals as DOUBLE), so result readers cannot tell.
 * Not sandboxed like the DuckDB engines: ClickHouse has no switch that refuses file()/url() but
 * still allows CREATE and INSERT, so only the CLI's own compiled SQL should be run here.
 */
import { createRequire } from 'node:module';
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { quoteIdent, quoteString } from '../query/sql/escape.ts';
import { CH_SETTINGS, normalise } from './ch-arrow.ts';
import { EngineCrashed, EngineError, type EngineOptions, type LazyEngine } from './types.ts';
import { MessageError, msg } from '../lib/message.ts';

/** The command that installs chdb (scripts/chdb.mjs), named by the error when it is missing. */
export const CHDB_INSTALL = 'npm run install:chdb';

interface ChdbResult {
  bytes(): Uint8Array;
}
interface ChdbSession {
  queryAsync(sql: string, opts?: { format?: string; signal?: AbortSignal }): Promise<ChdbResult>;
  close(): void;
}
interface ChdbModule {
  Session: new (path: string) => ChdbSession;
}

/** Where scripts/chdb.mjs installs chdb; `CRM_CHDB_DIR` points elsewhere. */
export function chdbDir(): string {
  return (
    process.env.CRM_CHDB_DIR ?? fileURLToPath(new URL('../../.engines/chdb/', import.meta.url))
  );
}

/** Loads chdb, or explains how to install it. */
export function loadChdb(): ChdbModule {
  const dir = chdbDir();
  try {
    return createRequire(join(dir, 'package.json'))('chdb') as ChdbModule;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND') {
      throw new MessageError(msg('cli_chdbMissing', { dir, command: CHDB_INSTALL }));
    }
    throw e;
  }
}

/** Whether chdb can be loaded here (tests run the chdb part of the conformance suite only then). */
export function chdbAvailable(): boolean {
  try {
    loadChdb();
    return true;
  } catch {
    return false;
  }
}

/** `CH_SETTINGS` as the statements that set them for a session. */
const SETUP = Object.entries(CH_SETTINGS).map(([k, v]) => `SET ${k} = ${quoteString(v)}`);

export function createChdbEngine(opts: EngineOptions = {}): LazyEngine {
  let started: Promise<{ session: ChdbSession; dir: string }> | undefined;
  let closed = false;
  let tail: Promise<unknown> = Promise.resolve();
  let abort: AbortController | undefined;
  let seq = 0;
  // A crash ends a session's generation: calls queued for it fail instead of running on the next.
  let generation = 0;
  let crashReason = '';

  function start() {
    if (closed) return Promise.reject(new EngineError('engine is closed'));
    started ??= (async () => {
      opts.onStatus?.('loading-wasm');
      try {
        const chdb = loadChdb();
        const dir = await mkdtemp(join(tmpdir(), 'crm-chdb-'));
        await mkdir(join(dir, 'files'));
        const session = new chdb.Session(join(dir, 'db'));
        await session.queryAsync(SETUP.join('; '));
        opts.onStatus?.('ready');
        return { session, dir };
      } catch (e) {
        started = undefined;
        opts.onStatus?.('failed');
        if (e instanceof EngineError || e instanceof MessageError) throw e;
        throw new EngineError(`chdb failed to start: ${(e as Error).message}`);
      }
    })();
    return started;
  }

  /** One statement at a time, errors as EngineError carrying the SQL. */
  function serial<T>(
    sql: string | undefined,
    fn: (s: ChdbSession, dir: string) => Promise<T>,
  ): Promise<T> {
    const gen = generation;
    const run = tail.then(async () => {
      if (gen !== generation) throw new EngineCrashed(crashReason, sql);
      const { session, dir } = await start();
      return fn(session, dir);
    });
    tail = run.catch(() => undefined);
    return run.catch((e: unknown) => {
      // Ours (chdb not installed) keeps its message, to be told in the CLI's --lang.
      if (e instanceof EngineError || e instanceof MessageError) throw e;
      if (gen !== generation) throw new EngineCrashed(crashReason, sql);
      const message = e instanceof Error ? e.message : String(e);
      throw new EngineError(/abort/i.test(message) ? `the query was cancelled` : message, sql);
    });
  }

  async function run(s: ChdbSession, sql: string, format?: string): Promise<Uint8Array> {
    abort = new AbortController();
    try {
      const r = await s.queryAsync(sql, { signal: abort.signal, ...(format ? { format } : {}) });
      return r.bytes();
    } finally {
      abort = undefined;
    }
  }

  async function query(s: ChdbSession, sql: string): Promise<Table> {
    return normalise(tableFromIPC(await run(s, sql, 'ArrowStream')));
  }

  /** Loads Arrow IPC into a fresh MergeTree table through a private file, then swaps it in. */
  async function load(s: ChdbSession, dir: string, table: string, ipc: Uint8Array) {
    const file = join(dir, `insert-${++seq}.arrows`);
    const tmp = quoteIdent(`__engine_insert_${seq}`);
    await writeFile(file, ipc);
    try {
      await run(s, `DROP TABLE IF EXISTS ${tmp}`);
      await run(
        s,
        `CREATE TABLE ${tmp} ENGINE = MergeTree ORDER BY tuple() AS SELECT * FROM file(${quoteString(file)}, 'ArrowStream')`,
      );
      await run(s, `DROP TABLE IF EXISTS ${quoteIdent(table)}`);
      await run(s, `RENAME TABLE ${tmp} TO ${quoteIdent(table)}`);
    } finally {
      await unlink(file).catch(() => undefined);
    }
  }

  return {
    dialect: 'clickhouse',
    start: async () => {
      await start();
    },
    query: (sql) => serial(sql, (s) => query(s, sql)),
    exec: (sql) => serial(sql, async (s) => void (await run(s, sql))),
    insertArrow: (table, data) =>
      serial(undefined, (s, dir) => load(s, dir, table, tableToIPC(data, 'stream'))),
    // Whole results as one stream: chdb hands over a query's result in one piece anyway.
    exportIPC: (sql, onStream) =>
      serial(sql, async (s) => {
        await onStream(tableToIPC(await query(s, sql), 'stream'));
      }),
    async importIPC(table, streams) {
      const tables: Table[] = [];
      for await (const ipc of streams) tables.push(tableFromIPC(ipc));
      if (!tables.length)
        throw new EngineError(`importIPC(${JSON.stringify(table)}): no Arrow stream`);
      const all = new Table(tables.flatMap((t) => t.batches));
      await serial(undefined, (s, dir) => load(s, dir, table, tableToIPC(all, 'stream')));
    },
    registerFile: (name, data) =>
      serial(undefined, async (_, dir) => {
        if (!/^[^/\\\0]+$/.test(name) || name === '.' || name === '..')
          throw new EngineError(`not a plain file name: ${JSON.stringify(name.slice(0, 80))}`);
        const path = join(dir, 'files', name);
        await writeFile(path, data);
        return path;
      }),
    dropFile: (name) =>
      serial(undefined, async (_, dir) => {
        await unlink(join(dir, 'files', basename(name))).catch(() => undefined);
      }),
    async cancel() {
      abort?.abort();
    },
    async simulateCrash() {
      const s = await started?.catch(() => undefined);
      if (!s) return;
      generation++;
      crashReason = 'terminated';
      started = undefined;
      abort?.abort();
      opts.onCrash?.(crashReason);
      s.session.close();
      await rm(s.dir, { recursive: true, force: true });
    },
    async close() {
      closed = true;
      const s = await started?.catch(() => undefined);
      started = undefined;
      abort?.abort();
      await tail;
      if (s) {
        s.session.close();
        await rm(s.dir, { recursive: true, force: true });
      }
    },
  };
}
