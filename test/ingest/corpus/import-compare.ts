/**
 * Helpers the ingest tests share: the engines the differential tests run on, an engine that
 * records the SQL an import sends (the tests that say which statements ran), a seeded generator
 * (a failure reproduces) and a dump of every table of the dataset to compare two imports by.
 */
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { Engine } from '../../../src/engine/types.ts';
import { quoteIdent as q, quoteString as s } from '../../../src/query/sql/escape.ts';
import { sharedEngine } from '../../fixtures/engine.ts';

type MakeEngine = () => Engine | Promise<Engine>;

/**
 * The page's engine and the CLI's (its reader and its CREATE TABLE … AS run on several threads),
 * for `describe.each`. Native DuckDB is loaded only by a file that starts it.
 */
export const ENGINES: [name: string, make: MakeEngine][] = [
  ['DuckDB-WASM', createNodeEngine],
  [
    'native DuckDB, 2 threads',
    async () => (await import('../../../src/engine/native.ts')).createNativeEngine({ threads: 2 }),
  ],
];

/**
 * `sharedEngine` with the SQL it runs recorded (`recordSql`): `exec` statements into `calls`;
 * queries into `calls` too, or into `queries` (`apart`), or nowhere (`none`).
 */
export function recordedEngine(
  make: MakeEngine = createNodeEngine,
  queries: 'with calls' | 'apart' | 'none' = 'with calls',
): { readonly engine: Engine; calls: string[]; queries: string[] } {
  const calls: string[] = [];
  const asked: string[] = [];
  const shared = sharedEngine(async () => {
    const engine = await make();
    recordSql(engine, calls, { 'with calls': calls, apart: asked, none: null }[queries]);
    return engine;
  });
  return {
    get engine() {
      return shared.engine;
    },
    calls,
    queries: asked,
  };
}

/**
 * Records the SQL `engine` runs, in order: `exec` statements into `execs`, queries into
 * `queries` (the same list unless another is given; none when it is null).
 */
export function recordSql(engine: Engine, execs: string[], queries: string[] | null = execs): void {
  const exec = engine.exec.bind(engine);
  engine.exec = (sql) => (execs.push(sql), exec(sql));
  if (!queries) return;
  const query = engine.query.bind(engine);
  engine.query = (sql) => (queries.push(sql), query(sql));
}

/** A small seeded generator of numbers in [0, 1). */
export function rng(seed: number): () => number {
  let st = seed >>> 0;
  return () => {
    st = (Math.imul(st ^ (st >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return st / 2 ** 32;
  };
}

const rows = async (engine: Engine, sql: string) =>
  (await engine.query(sql)).toArray().map((r) => JSON.stringify(r.toJSON()));

/**
 * Every table of the dataset: its columns with their types, then its rows in file order
 * (rowid), except the tables `unordered` names, whose rows are compared as a sorted set.
 */
export async function dumpTables(
  engine: Engine,
  unordered: (table: string) => boolean = () => false,
): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const names = await rows(
    engine,
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1`,
  );
  for (const n of names.map((r) => (JSON.parse(r) as { table_name: string }).table_name)) {
    out[n] = [
      ...(await rows(
        engine,
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ${s(n)} ORDER BY ordinal_position`,
      )),
      ...(await rows(engine, `SELECT * FROM ${q(n)} ORDER BY rowid`)),
    ];
    if (unordered(n)) out[n]!.sort();
  }
  return out;
}
