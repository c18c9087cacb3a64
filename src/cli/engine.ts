/**
 * The engine a CLI run uses (`--engine`). Each is imported only when chosen, so running on one
 * never loads another's native library.
 */
import type { Engine, TableIO } from '../engine/types.ts';
import { PASSWORD_ENV, type EngineArgs } from './args.ts';

export async function createCliEngine(args: EngineArgs): Promise<Engine & TableIO> {
  switch (args.engine) {
    case 'duckdb-wasm': {
      // On a worker thread, so the import's passes over the next file go on while DuckDB types
      // the one before (docs/benchmarks.md, "DuckDB-WASM on a worker thread in the CLI").
      const { createNodeWorkerEngine } = await import('../engine/node-worker.ts');
      return createNodeWorkerEngine();
    }
    case 'chdb': {
      const { createChdbEngine } = await import('../engine/chdb.ts');
      return createChdbEngine();
    }
    case 'duckdb': {
      const { createNativeEngine } = await import('../engine/native.ts');
      return createNativeEngine({
        ...(args.threads ? { threads: args.threads } : {}),
        ...(args.memoryLimit ? { memoryLimit: args.memoryLimit } : {}),
      });
    }
    case 'clickhouse':
      return createServerEngine(args);
  }
}

/** A ClickHouse server's engine; `database: null` talks to the server's default database. */
export async function createServerEngine(
  args: EngineArgs,
  database = args.database,
): Promise<Engine & TableIO> {
  const { createClickHouseEngine } = await import('../engine/clickhouse.ts');
  const password = process.env[PASSWORD_ENV];
  return createClickHouseEngine({
    url: args.url ?? '',
    ...(database ? { database } : {}),
    ...(args.user ? { user: args.user } : {}),
    ...(password ? { password } : {}),
  });
}
