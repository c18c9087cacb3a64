/** The engine options shared by every command that runs a report (docs/engines.md). */
import { UsageError, oneOf, wholeNumber } from './values.ts';

/** The engines the CLI runs on (docs/engines.md); `duckdb` (native) is the default. */
export const CLI_ENGINES = ['duckdb', 'duckdb-wasm', 'chdb', 'clickhouse'] as const;
export type CliEngine = (typeof CLI_ENGINES)[number];

/** `--engine`, `--threads`, `--memory-limit`, and a ClickHouse server's `--url`, `--database`, `--user`. */
export interface EngineArgs {
  engine: CliEngine;
  /** Native DuckDB worker threads; null: all cores. */
  threads: number | null;
  /** Native DuckDB `memory_limit` (e.g. `4GB`); null: DuckDB's default (80% of RAM). */
  memoryLimit: string | null;
  /** The ClickHouse server (`--engine clickhouse`); its password comes from `CLICKHOUSE_PASSWORD`. */
  url: string | null;
  database: string | null;
  user: string | null;
}

/** The environment variable the ClickHouse password is read from (never a command-line option). */
export const PASSWORD_ENV = 'CLICKHOUSE_PASSWORD';

export function engineArgs(one: (name: string) => string | null): EngineArgs {
  const engine = oneOf('engine', one('engine') ?? 'duckdb', CLI_ENGINES);
  const threads = one('threads');
  const memoryLimit = one('memory-limit');
  for (const [name, v] of [
    ['threads', threads],
    ['memory-limit', memoryLimit],
  ] as const) {
    if (v !== null && engine !== 'duckdb')
      throw new UsageError(`--${name} applies to --engine duckdb, not ${engine}`);
  }
  if (
    memoryLimit !== null &&
    !/^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i.test(memoryLimit)
  )
    throw new UsageError(
      `--memory-limit: expected a size such as 512MB or 4GB, got '${memoryLimit}'`,
    );
  const url = one('url');
  const database = one('database');
  const user = one('user');
  for (const [name, v] of [
    ['url', url],
    ['database', database],
    ['user', user],
  ] as const) {
    if (v !== null && engine !== 'clickhouse')
      throw new UsageError(`--${name} applies to --engine clickhouse, not ${engine}`);
  }
  if (engine === 'clickhouse') {
    if (url === null) throw new UsageError('--engine clickhouse needs --url http://host:8123');
    if (!/^https?:\/\/[^/\s]+/i.test(url) || /^https?:\/\/[^/]*@/i.test(url))
      throw new UsageError(
        `--url: expected http://host:8123 or https://host:8443 (no user or password in it), got '${url}'`,
      );
    if (database !== null && !/^[A-Za-z_][\w-]*$/.test(database))
      throw new UsageError(`--database: expected a database name such as crm, got '${database}'`);
  }
  return {
    engine,
    threads: threads === null ? null : wholeNumber('threads', threads, 1024),
    memoryLimit,
    url,
    database,
    user,
  };
}
