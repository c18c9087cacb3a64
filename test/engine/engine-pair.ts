/**
 * DuckDB (the Node build of DuckDB-WASM) and chdb side by side, for the tests that check the
 * ClickHouse dialect gives DuckDB's rows. Opened before a describe block's tests and closed after
 * them, since chdb allows one session per process at a time.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Table } from 'apache-arrow';
import { buildCatalog } from '../../src/crm/catalog.ts';
import type { DatasetModel } from '../../src/crm/model.ts';
import { createChdbEngine } from '../../src/engine/chdb.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { Engine, LazyEngine } from '../../src/engine/types.ts';
import type { Catalog } from '../../src/query/catalog.ts';
import { rowsOf, type Row } from '../query/helpers.ts';
import { sameRows } from './compare.ts';

export interface EnginePair {
  duck: LazyEngine;
  ch: LazyEngine;
}

/** With the data `load` wrote into both: DuckDB's model of it and its catalog. */
export interface LoadedPair extends EnginePair {
  model: DatasetModel;
  catalog: Catalog;
}

/** The demo CRM loads in minutes on chdb: the hook may take that long. */
const HOOK_TIMEOUT = 300_000;

/**
 * The two engines of the calling describe block, filled in by its `beforeAll`; with `load`, the
 * same data loaded into each (the model and catalog are DuckDB's).
 */
export function enginePair(): EnginePair;
export function enginePair(load: (e: Engine) => Promise<DatasetModel>): LoadedPair;
export function enginePair(load?: (e: Engine) => Promise<DatasetModel>): EnginePair | LoadedPair {
  const pair = {} as LoadedPair;
  beforeAll(async () => {
    pair.duck = await createNodeEngine();
    pair.ch = createChdbEngine();
    if (!load) return;
    pair.model = await load(pair.duck);
    pair.catalog = buildCatalog(pair.model);
    await load(pair.ch);
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await pair.duck?.close();
    await pair.ch?.close();
  });
  return pair;
}

/** A result's columns with their Arrow types, as `name: type`. */
export const typesOf = (t: Table): string[] =>
  t.schema.fields.map((f) => `${f.name}: ${String(f.type)}`);

/**
 * Runs `duckSql` on DuckDB and `chSql` on chdb and expects the same Arrow types and the same rows
 * (numbers within 1e-9 relative); returns DuckDB's rows.
 */
export async function expectSameOnBoth(
  pair: EnginePair,
  name: string,
  duckSql: string,
  chSql: string,
): Promise<Row[]> {
  const want = await pair.duck.query(duckSql);
  const got = await pair.ch.query(chSql);
  expect(typesOf(got), `${name}: types`).toEqual(typesOf(want));
  const rows = rowsOf(want);
  expect(sameRows(rowsOf(got), rows), name).toBeNull();
  return rows;
}
