/** The engine options shared by every command that runs a report (docs/engines.md). */
import { UsageError, oneOf, optionError, wholeNumber } from './values.ts';
import { msg } from '../../lib/message.ts';

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
      throw new UsageError(
        msg('cli_engineOnly', { option: `--${name}`, engine: 'duckdb', given: engine }),
      );
  }
  if (
    memoryLimit !== null &&
    !/^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$/i.test(memoryLimit)
  )
    throw optionError('memory-limit', msg('cli_memoryLimit', { value: memoryLimit }));
  const url = one('url');
  const database = one('database');
  const user = one('user');
  for (const [name, v] of [
    ['url', url],
    ['database', database],
    ['user', user],
  ] as const) {
    if (v !== null && engine !== 'clickhouse')
      throw new UsageError(
        msg('cli_engineOnly', { option: `--${name}`, engine: 'clickhouse', given: engine }),
      );
  }
  if (engine === 'clickhouse') {
    if (url === null) throw new UsageError(msg('cli_clickhouseUrl'));
    if (!/^https?:\/\/[^/\s]+/i.test(url) || /^https?:\/\/[^/]*@/i.test(url))
      throw optionError('url', msg('cli_url', { value: url }));
    if (database !== null && !/^[A-Za-z_][\w-]*$/.test(database))
      throw optionError('database', msg('cli_database', { value: database }));
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
