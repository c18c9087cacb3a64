/**
 * `crm push`: the user's files (or the demo) through the same import pipeline as `crm report`, on
 * native DuckDB here, then into a ClickHouse server as typed MergeTree tables under the canonical
 * names, with the dataset model beside them (crm/server-model.ts). `crm report --engine
 * clickhouse` and the page's "Connect to ClickHouse" then read them there.
 */
import { pushDataset } from '../crm/server-model.ts';
import type { ImportReport } from '../ingest/index.ts';
import { quoteIdent } from '../query/sql/escape.ts';
import type { PushArgs } from './args.ts';
import { createCliEngine, createServerEngine } from './engine.ts';
import { loadData } from './load.ts';

export interface Pushed {
  url: string;
  database: string;
  tables: Record<string, number>;
  report: ImportReport | null;
}

export async function push(args: PushArgs): Promise<Pushed> {
  const { data } = args;
  const server = await createServerEngine(data);
  const local = await createCliEngine({ ...data, engine: 'duckdb' });
  try {
    // Fail on a wrong address or password before spending time on the import.
    if (data.database) {
      const root = await createServerEngine(data, null);
      await root.exec(`CREATE DATABASE IF NOT EXISTS ${quoteIdent(data.database)}`);
      await root.close();
    } else await server.exec('SELECT 1');
    const { model, report } = await loadData(local, data);
    const tables = await pushDataset(local, server, model);
    return { url: data.url ?? '', database: data.database ?? 'default', tables, report };
  } finally {
    await local.close();
    await server.close();
  }
}
