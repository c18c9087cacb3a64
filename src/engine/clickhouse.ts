/**
 * A ClickHouse server (or cluster) behind the engine interface, over its HTTP interface with
 * `fetch` only, so the same module runs in the CLI and in the page. Every request is on its own
 * (no server session): the settings of `CH_SETTINGS` travel as URL parameters each time, the
 * database as `database`, the user and password as `X-ClickHouse-User`/`X-ClickHouse-Key`.
 * Results come back as `ArrowStream` and are normalised like chdb's (ch-arrow.ts).
 *
 * Every failure is a `ClickHouseError`: a message (EN+RU) for an unreachable server, a wrong
 * password, a missing database, table or column, a query killed for memory, a timeout, and the
 * server's own first line for anything else.
 */
import { Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { msg, MessageError, type Message } from '../lib/message.ts';
import { quoteIdent, quoteString } from '../query/sql/escape.ts';
import { CH_SETTINGS, normalise } from './ch-arrow.ts';
import { createTableSql } from './ch-schema.ts';
import type { Engine, EngineOptions, TableIO } from './types.ts';

export interface ClickHouseOptions extends EngineOptions {
  /** `http://host:8123` or `https://host:8443` (a path prefix is kept, for a proxy). */
  url: string;
  /** Default: the server's default database. */
  database?: string;
  /** Default: `default`. */
  user?: string;
  password?: string;
  /** A query (or the server not answering) that takes longer fails. Default 5 minutes. */
  timeoutMs?: number;
  /** For tests; default the global `fetch`. */
  fetch?: typeof fetch;
}

/** A failed request: the message to show, the SQL, and ClickHouse's error code when it sent one. */
export class ClickHouseError extends MessageError {
  override name = 'ClickHouseError';
  constructor(
    m: Message,
    readonly sql?: string,
    readonly chCode?: number,
  ) {
    super(m);
  }
}

export const DEFAULT_TIMEOUT_MS = 300_000;

/** The server's address as a URL, or a clear error for anything that is not http(s). */
export function serverUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ClickHouseError(msg('ch_badUrl', { url }));
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password)
    throw new ClickHouseError(msg('ch_badUrl', { url }));
  u.search = '';
  u.hash = '';
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  return u;
}

/** What ClickHouse puts around the reason: `Code: 60. DB::Exception: … (UNKNOWN_TABLE) (version …)`. */
export function serverDetail(text: string): string {
  const first = text.trim().split('\n')[0] ?? '';
  return first
    .replace(/^(?:(?:Code: \d+\.|DB::Exception:)\s*)+/, '')
    .replace(/\s*\(version [^)]*\)*\)?\s*$/, '')
    .replace(/\s*\([A-Z_]+\)\s*$/, '')
    .replace(/\.$/, '')
    .trim()
    .slice(0, 500);
}

/** The error code: the response header when the browser may read it, else the body's `Code: N.` */
function codeOf(res: Response, text: string): number | null {
  const h = res.headers.get('X-ClickHouse-Exception-Code');
  if (h && /^\d+$/.test(h)) return Number(h);
  const m = /^\s*Code: (\d+)\./.exec(text);
  return m ? Number(m[1]) : null;
}

function reasonOf(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
}

let queryIds = 0;

export function createClickHouseEngine(
  opts: ClickHouseOptions,
): Engine & TableIO & { start(): Promise<void>; readonly dialect: 'clickhouse' } {
  const base = serverUrl(opts.url);
  const shown = base.origin + base.pathname.replace(/\/$/, '');
  const database = opts.database ?? '';
  const user = opts.user ?? 'default';
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = opts.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  const running = new Map<string, AbortController>();
  let closed = false;
  let seq = 0;
  const session = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

  function errorFor(code: number, text: string, sql: string | undefined): ClickHouseError {
    const detail = serverDetail(text);
    const m =
      code === 516 || code === 194 || code === 192 || code === 193
        ? msg('ch_auth', { url: shown, user })
        : code === 81
          ? msg('ch_unknownDatabase', { url: shown, database })
          : code === 60
            ? msg('ch_missingTable', { database: database || 'default', detail })
            : code === 47 || code === 16
              ? msg('ch_missingColumn', { database: database || 'default', detail })
              : code === 241
                ? msg('ch_memory', { detail })
                : code === 159
                  ? msg('ch_timeout', { url: shown, seconds: Math.ceil(timeoutMs / 1000) })
                  : code === 394
                    ? msg('ch_cancelled')
                    : msg('ch_error', { code, detail });
    return new ClickHouseError(m, sql, code);
  }

  /**
   * One request: `sql` in the body, or in `query` when `data` is the body (an INSERT). Answers
   * the response body; fails with a `ClickHouseError`.
   */
  async function request(sql: string, data?: Uint8Array, format?: string): Promise<Uint8Array> {
    if (closed) throw new ClickHouseError(msg('ch_cancelled'), sql);
    const id = `crm-${session}-${++queryIds}`;
    const u = new URL(base);
    const p = u.searchParams;
    if (database) p.set('database', database);
    p.set('query_id', id);
    for (const [k, v] of Object.entries(CH_SETTINGS)) p.set(k, v);
    // The server stops the query itself a little after the client gives up on it.
    p.set('max_execution_time', String(Math.ceil(timeoutMs / 1000)));
    // Errors must come with an error status: the server buffers the result until the query ends.
    p.set('wait_end_of_query', '1');
    if (format) p.set('default_format', format);
    if (typeof document !== 'undefined') p.set('add_http_cors_header', '1');
    if (data) p.set('query', sql);
    const headers: Record<string, string> = { 'X-ClickHouse-User': user };
    if (opts.password) headers['X-ClickHouse-Key'] = opts.password;
    const abort = new AbortController();
    running.set(id, abort);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, timeoutMs);
    try {
      let res: Response;
      try {
        res = await doFetch(u, {
          method: 'POST',
          headers,
          body: (data ?? sql) as BodyInit,
          signal: abort.signal,
        });
      } catch (e) {
        throw failed(e, sql, timedOut, abort);
      }
      let body: Uint8Array;
      try {
        body = new Uint8Array(await res.arrayBuffer());
      } catch (e) {
        throw failed(e, sql, timedOut, abort);
      }
      if (res.ok) return body;
      const text = new TextDecoder().decode(body);
      const code = codeOf(res, text);
      if (code !== null) throw errorFor(code, text, sql);
      throw new ClickHouseError(
        msg('ch_http', { url: shown, status: res.status, detail: text.trim().slice(0, 200) }),
        sql,
      );
    } finally {
      clearTimeout(timer);
      running.delete(id);
    }
  }

  function failed(e: unknown, sql: string, timedOut: boolean, abort: AbortController) {
    if (timedOut)
      return new ClickHouseError(
        msg('ch_timeout', { url: shown, seconds: Math.ceil(timeoutMs / 1000) }),
        sql,
      );
    if (abort.signal.aborted) return new ClickHouseError(msg('ch_cancelled'), sql);
    // A browser says only "Failed to fetch" (in English), whatever went wrong: name the causes.
    const code = (e as { cause?: { code?: string } }).cause?.code;
    if (!code && typeof document !== 'undefined')
      return new ClickHouseError(msg('ch_unreachablePage', { url: shown }), sql);
    return new ClickHouseError(msg('ch_unreachable', { url: shown, reason: reasonOf(e) }), sql);
  }

  async function query(sql: string): Promise<Table> {
    const bytes = await request(sql, undefined, 'ArrowStream');
    try {
      return normalise(tableFromIPC(bytes));
    } catch (e) {
      throw new ClickHouseError(
        msg('ch_badResult', { url: shown, reason: e instanceof Error ? e.message : String(e) }),
        sql,
      );
    }
  }

  /**
   * A typed MergeTree table filled from Arrow IPC (`INSERT … FORMAT ArrowStream` with the bytes as
   * the body), then swapped in: the old table stays until the new one is complete.
   */
  async function load(table: string, data: Table): Promise<void> {
    const tmp = `__crm_insert_${session.replace(/\W/g, '_')}_${++seq}`;
    await request(`DROP TABLE IF EXISTS ${quoteIdent(tmp)}`);
    await request(createTableSql(tmp, data.schema));
    try {
      if (data.numRows > 0)
        await request(
          `INSERT INTO ${quoteIdent(tmp)} FORMAT ArrowStream`,
          tableToIPC(data, 'stream'),
        );
      await request(`DROP TABLE IF EXISTS ${quoteIdent(table)}`);
      await request(`RENAME TABLE ${quoteIdent(tmp)} TO ${quoteIdent(table)}`);
    } catch (e) {
      await request(`DROP TABLE IF EXISTS ${quoteIdent(tmp)}`).catch(() => undefined);
      throw e;
    }
  }

  return {
    // The compiler prints ClickHouse SQL for this engine (`compileReport(…, { dialect })`).
    dialect: 'clickhouse',
    async start() {
      await request('SELECT 1');
    },
    query,
    exec: async (sql) => void (await request(sql)),
    insertArrow: (table, data) => load(table, data),
    async exportIPC(sql, onStream) {
      await onStream(tableToIPC(await query(sql), 'stream'));
    },
    async importIPC(table, streams) {
      const tables: Table[] = [];
      for await (const ipc of streams) tables.push(tableFromIPC(ipc));
      if (!tables.length) throw new Error(`importIPC(${JSON.stringify(table)}): no Arrow stream`);
      await load(table, new Table(tables.flatMap((t) => t.batches)));
    },
    registerFile: () => Promise.reject(new ClickHouseError(msg('ch_noFiles'))),
    dropFile: async () => undefined,
    async cancel() {
      for (const [id, abort] of [...running]) {
        abort.abort();
        // Closing the connection does not stop every query on the server: ask it to.
        void request(`KILL QUERY WHERE query_id = ${quoteString(id)} ASYNC`).catch(() => undefined);
      }
    },
    async close() {
      await this.cancel();
      closed = true;
    },
  };
}
