/**
 * The yardstick for the native import: DuckDB reading the same tables from Parquet files by itself
 * (`read_parquet`, all its threads), timed in the same engine right after `insertArrow` of the same
 * Arrow tables, so that the ratio of the two does not depend on the machine's load of the moment.
 * The Parquet files are written by a separate, unsandboxed DuckDB (the engine refuses `COPY … TO`)
 * and handed to the engine with `registerFile`, like any user file.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Table } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { createNativeEngine } from '../src/engine/native.ts';
import { appendArrow } from '../src/engine/native-append.ts';
import { createTableSql } from '../src/engine/native-arrow.ts';
import { quoteIdent, quoteString } from '../src/query/sql/escape.ts';

export interface ImportRatio {
  insertArrowMs: number;
  readParquetMs: number;
}

/** Writes each table to `<dir>/<name>.parquet`. */
async function writeParquet(tables: Record<string, Table>, dir: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await instance.connect();
  try {
    for (const [name, data] of Object.entries(tables)) {
      await conn.run(createTableSql(name, data.schema));
      const appender = await conn.createAppender(name);
      try {
        appendArrow(appender, data);
      } finally {
        appender.closeSync();
      }
      const file = join(dir, `${name}.parquet`);
      await conn.run(`COPY ${quoteIdent(name)} TO ${quoteString(file)} (FORMAT parquet)`);
      await conn.run(`DROP TABLE ${quoteIdent(name)}`);
    }
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** `insertArrow` of every table, then `read_parquet` of the same tables, in one fresh engine. */
export async function importRatio(
  tables: Record<string, Table>,
  threads?: number,
): Promise<ImportRatio> {
  const dir = await mkdtemp(join(tmpdir(), 'crm-bench-parquet-'));
  const engine = createNativeEngine(threads ? { threads } : {});
  try {
    await writeParquet(tables, dir);
    const paths: Record<string, string> = {};
    for (const name of Object.keys(tables)) {
      paths[name] = await engine.registerFile(
        `${name}.parquet`,
        await readFile(join(dir, `${name}.parquet`)),
      );
    }
    await engine.query('SELECT 1');
    let t = performance.now();
    for (const [name, data] of Object.entries(tables)) await engine.insertArrow(name, data);
    const insertArrowMs = performance.now() - t;
    t = performance.now();
    for (const name of Object.keys(tables)) {
      await engine.exec(
        `CREATE TABLE ${quoteIdent(`${name}_pq`)} AS SELECT * FROM read_parquet(${quoteString(paths[name]!)})`,
      );
    }
    const readParquetMs = performance.now() - t;
    // Same rows both ways, or the ratio compares different work.
    for (const name of Object.keys(tables)) {
      const n = await engine.query(
        `SELECT (SELECT count(*) FROM ${quoteIdent(name)}) AS a, (SELECT count(*) FROM ${quoteIdent(`${name}_pq`)}) AS b`,
      );
      const { a, b } = n.get(0)!.toJSON() as { a: number; b: number };
      if (a !== b) throw new Error(`${name}: ${a} rows from Arrow, ${b} from Parquet`);
    }
    return { insertArrowMs, readParquetMs };
  } finally {
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  }
}
