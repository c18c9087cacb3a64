/**
 * The sample scan runs once per table: "Import" takes the mapping screen's statistics (copies of
 * them) instead of a second pass over the same first rows. What it gets must be what a fresh scan
 * of the same file gives, also after the key-set passes changed the mapping screen's copy.
 */
import { describe, expect, it } from 'vitest';
import {
  completeKeys,
  scanFiles,
  scanTable,
  type Scanned,
} from '../../../src/ingest/detect/detect.ts';
import { importFiles } from '../../../src/ingest/index.ts';
import { inspectFiles } from '../../../src/ingest/read/inspect.ts';
import { readCsvText, readFile } from '../../../src/ingest/read/readers.ts';
import type { ImportFile, RawTable } from '../../../src/ingest/types.ts';
import { crmExports } from '../corpus/corpus.ts';
import { sharedEngine } from '../../fixtures/engine.ts';

/** A table whose row passes are counted. */
function counted(raw: RawTable): { raw: RawTable; passes: () => number } {
  let n = 0;
  const rows = raw.rows.bind(raw);
  raw.rows = (...args) => {
    n++;
    return rows(...args);
  };
  return { raw, passes: () => n };
}

/** Everything a scan decides, Sets as arrays (order included). */
const state = (t: Scanned) =>
  structuredClone({
    rows: t.rows,
    issues: t.issues,
    proposal: t.proposal,
    stats: t.stats.map((s) => ({ ...s, distinct: [...s.distinct] })),
  });

const csv = (n: number) =>
  'id;manager;amount;created\n' +
  Array.from(
    { length: n },
    (_, i) => `${i % 7 === 0 ? 'N/A' : i};m${i % 5};${i},5;0${(i % 9) + 1}.03.2024\n`,
  ).join('') +
  'broken;"row\n';

describe('the sample scan', () => {
  it('runs once per table: a second scan of the same table reads no row', () => {
    const { raw, passes } = counted(readCsvText('t.csv', csv(50)));
    const a = scanTable(raw, undefined, {}, undefined, 20);
    expect(passes()).toBe(1);
    const b = scanTable(raw, undefined, {}, undefined, 20);
    expect(passes()).toBe(1);
    expect(state(b)).toEqual(state(a));
    // Another sample size is another scan.
    scanTable(raw, undefined, {}, undefined, 30);
    expect(passes()).toBe(2);
  });

  it('a reused scan is a fresh one, whatever the key-set pass did to the first', () => {
    const raw = readCsvText('t.csv', csv(200));
    const first = scanTable(raw, 'deals', {}, undefined, 40);
    expect(first.proposal.sampled).toBe(40);
    const before = state(first);
    completeKeys(first);
    expect(state(first)).not.toEqual(before);
    const again = scanTable(raw, 'deals', {}, undefined, 40);
    const fresh = scanTable(readCsvText('t.csv', csv(200)), 'deals', {}, undefined, 40);
    expect(state(again)).toEqual(state(fresh));
    expect(state(again)).toEqual(before);
    // The copies handed out are the caller's: changing one changes no later scan.
    completeKeys(again);
    expect(state(scanTable(raw, 'deals', {}, undefined, 40))).toEqual(before);
  });

  it('the proposal follows this scan’s kind and mapping, not the first one’s', () => {
    const raw = readCsvText('t.csv', csv(30));
    scanTable(raw, 'deals', {}, undefined, 20);
    const map = { manager: null, amount: 'manager' } as const;
    const again = scanTable(raw, 'activities', { maps: { 't.csv': map } }, undefined, 20);
    const fresh = scanTable(
      readCsvText('t.csv', csv(30)),
      'activities',
      { maps: { 't.csv': map } },
      undefined,
      20,
    );
    expect(state(again)).toEqual(state(fresh));
  });

  it('every CRM export: the mapping screen’s scan, then the import’s, equals a fresh scan', async () => {
    const files: ImportFile[] = crmExports().map(([name, bytes]) => ({ name, bytes }));
    const inspected = await scanFiles(files, {});
    const again = await scanFiles(files, {}, false);
    const fresh = await scanFiles(
      files.map((f) => ({ ...f, bytes: f.bytes.slice() })),
      {},
      false,
    );
    expect(again.tables.map(state)).toEqual(fresh.tables.map(state));
    expect(again.tables.map(state)).toEqual(inspected.tables.map(state));
    for (const [i, t] of again.tables.entries())
      expect(t.raw).toBe(await readFile(files[i]!.name, files[i]!.bytes));
  });
});

describe('inspect, then import of the same bytes', () => {
  const db = sharedEngine();

  const dump = async () => {
    const out: Record<string, unknown[]> = {};
    for (const t of ['deals', 'stage_history', 'stages']) {
      const exists = await db.engine.query(
        `SELECT count(*)::INT AS n FROM information_schema.tables WHERE table_name = '${t}'`,
      );
      if (Number(exists.get(0)?.toJSON().n) === 0) continue;
      out[t] = (await db.engine.query(`SELECT * FROM ${t} ORDER BY ALL`))
        .toArray()
        .map((r) => JSON.stringify(r.toJSON()));
    }
    return out;
  };

  // Past the sample (20,000 rows), with a history file: the key sets are whole-file passes that
  // change the inspection's statistics, and the import must not see their result as its sample's.
  const deals = (n: number) =>
    'ID;Ответственный;Бюджет;Этап сделки;Дата создания\n' +
    Array.from(
      { length: n },
      (_, i) =>
        `${i + 1};m${i % 4};${i},50;${['Переговоры', 'Успешно реализовано', 'Закрыто и не реализовано'][i % 3]};0${(i % 9) + 1}.02.2024\n`,
    ).join('');
  const history = (n: number) =>
    'ID сделки;Этап;Дата\n' +
    Array.from(
      { length: n },
      (_, i) =>
        `${(i % (n / 2)) + 1};${i < n / 2 ? 'Переговоры' : 'Успешно реализовано'};0${(i % 9) + 1}.02.2024\n`,
    ).join('');

  it('gives the tables, model and report of a fresh import', async () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const files: ImportFile[] = [
      { name: 'deals.csv', bytes: enc(deals(25_000)) },
      { name: 'history.csv', bytes: enc(history(44_000)) },
    ];
    const copy = () => files.map((f) => ({ ...f, bytes: f.bytes.slice() }));
    const fresh = await importFiles(db.engine, copy());
    const freshTables = await dump();
    expect(Object.keys(freshTables)).toContain('stage_history');
    await inspectFiles(files);
    const again = await importFiles(db.engine, files);
    expect(await dump()).toEqual(freshTables);
    expect(again.model).toEqual(fresh.model);
    expect(again.report).toEqual(fresh.report);
  }, 60_000);
});
