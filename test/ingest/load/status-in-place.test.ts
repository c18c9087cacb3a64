/**
 * The steps after one file's deals are typed straight into their shape (load.ts `dealsAsTyped`):
 * the status column is rewritten only when the mapping changes some value, and the previous
 * dataset is found through `duckdb_tables()`. Differential: the same tables, model and report as
 * the JS loader's import, which stages then copies.
 */
import { describe, expect, it } from 'vitest';
import { importFiles, type ImportFile } from '../../../src/ingest/index.ts';
import { mapsToItself } from '../../../src/ingest/load/load-status.ts';
import { dumpTables, recordedEngine } from '../corpus/import-compare.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

const db = recordedEngine();
const { calls } = db;

const rewrites = () => calls.filter((s) => /ALTER status TYPE/.test(s)).length;
const distinctReads = () => calls.filter((s) => /SELECT DISTINCT status/.test(s)).length;
const guarded = () => calls.filter((s) => /ALTER status TYPE.*error\(/.test(s)).length;

/** Imports a file with the JS loader then through DuckDB; both must make the same dataset. */
async function both(name: string, text: string) {
  const file = (): ImportFile[] => [{ name, bytes: utf8(text) }];
  const js = await importFiles(db.engine, file(), { csvLoader: 'js' });
  const jsTables = await dumpTables(db.engine);
  calls.length = 0;
  const sql = await importFiles(db.engine, file());
  expect(sql.report).toEqual(js.report);
  expect(sql.model).toEqual(js.model);
  expect(await dumpTables(db.engine)).toEqual(jsTables);
  return sql;
}

describe('the status mapped in place', () => {
  it('is not rewritten when every value already reads as mapped', async () => {
    await both('canonical.csv', 'id,status,amount\n1,won,1\n2,lost,2\n3,open,3\n4,won,4\n');
    expect(rewrites()).toBe(0);
  });

  it('is not rewritten when nothing closes and some are empty (they stay empty)', async () => {
    await both('open-only.csv', 'id,status,amount\n1,open,1\n2,,2\n3,open,3\n');
    expect(rewrites()).toBe(0);
  });

  it.each([
    ['a closing word in another case', '1,Won,1\n2,lost,2\n'],
    ['a stage name', '1,Negotiation,1\n2,won,2\n'],
    ['an open value named otherwise', '1,won,1\n2,in progress,2\n3,lost,3\n'],
    ['empty statuses when nothing closes (they stay empty)', '1,Talk,1\n2,,2\n3,Talk,3\n'],
  ])('is rewritten in one statement from the sample for %s', async (_, rows) => {
    await both('mixed.csv', `id,status,amount\n${rows}`);
    expect(rewrites()).toBe(1);
    expect(guarded()).toBe(1);
    expect(distinctReads()).toBe(0);
  });

  it('an empty status beside a closing one: the values are read first (empty becomes open)', async () => {
    await both('mixed.csv', 'id,status,amount\n1,won,1\n2,,2\n3,Talk,3\n');
    expect(guarded()).toBe(1);
    expect(distinctReads()).toBe(1);
    expect(rewrites()).toBe(2);
  });

  it('a status past the detection sample: the values are read first', async () => {
    const rows = Array.from(
      { length: 25_000 },
      (_, i) => `${i},${i === 24_999 ? 'Closed Won - renewal' : i % 3 ? 'Talk' : 'Lost'},${i}`,
    );
    const r = await both('long.csv', `id,status,amount\n${rows.join('\n')}\n`);
    expect(guarded()).toBe(1);
    expect(distinctReads()).toBe(1);
    expect(rewrites()).toBe(2);
    const won = await db.engine.query(`SELECT id FROM deals WHERE status = 'won'`);
    expect(won.toArray().map((x) => String((x.toJSON() as { id: string }).id))).toEqual(['24999']);
    expect(r.report.files[0]!.rowsLoaded).toBe(25_000);
  });

  it('mapsToItself: each value its own outcome, NULL kept only when nothing closes', () => {
    const won = new Map([['won', 'won']]);
    expect(mapsToItself(new Set(['won', 'open']), false, won)).toBe(true);
    expect(mapsToItself(new Set(['won', 'open']), true, won)).toBe(false);
    expect(mapsToItself(new Set(['open']), true, new Map())).toBe(true);
    expect(mapsToItself(new Set(['Won']), false, new Map([['Won', 'won']]))).toBe(false);
    expect(mapsToItself(new Set(['stage 1']), false, new Map())).toBe(false);
    expect(mapsToItself(new Set(['won']), false, new Map([['won', 'lost']]))).toBe(false);
  });
});

describe('the previous dataset', () => {
  it('goes whole (its own lookups too), found without information_schema.tables', async () => {
    await both('first.csv', 'id,status,amount\n1,won,1\n');
    await db.engine.exec('CREATE TABLE "Regions (old lookup)" (k VARCHAR)');
    await db.engine.exec('CREATE TEMP TABLE keep_me (k VARCHAR)');
    await db.engine.exec('CREATE SCHEMA IF NOT EXISTS other');
    await db.engine.exec('CREATE TABLE other.keep_too (k VARCHAR)');
    calls.length = 0;
    await importFiles(db.engine, [{ name: 'second.csv', bytes: utf8('id,status\n1,lost\n') }]);
    expect(calls.some((s) => s.includes('information_schema.tables'))).toBe(false);
    const left = await db.engine.query(
      `SELECT schema_name || '.' || table_name AS t FROM duckdb_tables() ORDER BY 1`,
    );
    const names = left.toArray().map((r) => String((r.toJSON() as { t: string }).t));
    expect(names).toEqual(['main.deals', 'main.keep_me', 'main.stages', 'other.keep_too']);
    await db.engine.exec('DROP TABLE keep_me; DROP TABLE other.keep_too');
  });
});
