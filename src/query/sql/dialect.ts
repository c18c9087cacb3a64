/**
 * The SQL dialect the printer writes: DuckDB (the browser's engine and native DuckDB) or
 * ClickHouse (chdb, a ClickHouse server). The engine chooses it; the compiler is the same.
 *
 * The dialect is a scope rather than a parameter threaded through every builder: compiling is
 * synchronous, so `inDialect` sets it for exactly the duration of one compile, and everything
 * printed inside (expressions, statements, quoted names and strings) follows it.
 */
export const DIALECTS = ['duckdb', 'clickhouse'] as const;
export type Dialect = (typeof DIALECTS)[number];

let current: Dialect = 'duckdb';

/** The dialect being printed. DuckDB outside any `inDialect`. */
export function currentDialect(): Dialect {
  return current;
}

/** Runs `f` printing in dialect `d`; restores the previous dialect after, even on error. */
export function inDialect<T>(d: Dialect, f: () => T): T {
  if (!DIALECTS.includes(d)) throw new Error(`not a SQL dialect: ${JSON.stringify(d)}`);
  const prev = current;
  current = d;
  try {
    return f();
  } finally {
    current = prev;
  }
}
