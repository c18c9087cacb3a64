/**
 * The full rules of a column whose fast path took its whole sample wait for the rows that path
 * leaves (sql-load.ts `deferredColumns`, `typeSlowRows`): the statement types with the fast paths
 * alone, and an UPDATE types those rows again with every rule. Differential against the JS
 * loader (rows in order, the failure report) with such rows first, last, every other, all and
 * none, on DuckDB-WASM and native DuckDB; and through a whole import, where the deals are typed
 * straight into their shape (`project`).
 */
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../../src/ingest/index.ts';
import { loadStaging, type LoadColumn } from '../../../src/ingest/parse/convert.ts';
import { deferredColumns, loadCsvSql, readTextTable } from '../../../src/ingest/parse/sql-load.ts';
import { readFile } from '../../../src/ingest/read/readers.ts';
import { FileReportBuilder } from '../../../src/ingest/report.ts';
import { dumpTables, ENGINES, recordedEngine } from '../corpus/import-compare.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Clean texts each fast path takes, by column. */
const clean = (i: number) => [
  `D${i}`,
  `${i * 3}.5`,
  `2024-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`,
  `${String(1 + (i % 28)).padStart(2, '0')}.02.2024`,
  i % 2 ? 'yes' : 'no',
  `note ${i}`,
];

/**
 * Texts no fast path takes, by column: read by the full rules (a currency, a space, a one-digit
 * day), "no value" markers, failures (a word, Feb 30 in a clean shape, which the fast path reads
 * as NULL).
 */
const SLOW: string[][] = [
  ['D', '$1,234.5', ' 2024-01-05', '5.2.2024', 'yes', ' padded '],
  ['D', '-', 'n/a', '—', 'maybe', ''],
  ['D', 'abc', '2024-02-30 10:00:00', '31.02.2024', '', 'n/a'],
  ['D', '(12)', '2024-01-05T10:00:00Z', '05.02.24', 'no', 'x'],
];

const HEADER = ['id', 'amount', 'created', 'closed', 'won', 'note'];
const TYPES = ['text', 'number', 'date', 'date', 'boolean', 'text'] as const;

function csv(n: number, slow: (i: number) => boolean): Uint8Array {
  const lines = [HEADER.join(',')];
  for (let i = 0; i < n; i++) {
    const row = slow(i)
      ? SLOW[(i + 2) % SLOW.length]!.map((v, k) => (k === 0 ? `D${i}` : v))
      : clean(i);
    lines.push(row.map((v) => `"${v}"`).join(','));
  }
  return utf8(lines.join('\n') + '\n');
}

const PATTERNS: [string, (n: number) => (i: number) => boolean][] = [
  ['none', () => () => false],
  ['the first row', () => (i) => i === 0],
  ['the last row', (n) => (i) => i === n - 1],
  ['every other row', () => (i) => i % 2 === 1],
  ['every row', () => () => true],
];

describe.each(ENGINES)('%s', (_, make) => {
  const db = recordedEngine(make, 'apart');
  const { calls, queries } = db;

  const rows = async (t: string) =>
    (await db.engine.query(`SELECT * FROM "${t}" ORDER BY rowid`))
      .toArray()
      .map((r) => JSON.stringify(r.toJSON()));

  /** Both loaders on one file: the SQL path's result and the statements it ran. */
  async function both(bytes: Uint8Array, deferAll: boolean, viaText = false) {
    const raw = await readFile('deals.csv', bytes);
    const cols: LoadColumn[] = HEADER.map((name, index) => ({
      index,
      name,
      type: TYPES[index]!,
      format: { dateOrder: 'dmy' },
    }));
    const js = new FileReportBuilder('deals.csv', 'deals');
    const sql = new FileReportBuilder('deals.csv', 'deals');
    await loadStaging(db.engine, raw, cols, '_js', js, { batchRows: 1000 });
    calls.length = 0;
    queries.length = 0;
    const read = viaText ? await readTextTable(db.engine, raw) : undefined;
    const res = await loadCsvSql(db.engine, raw, cols, '_sql', sql, { deferAll }, read);
    expect(res).toEqual({ rows: js.report.rowsRead });
    expect(sql.report).toEqual(js.report);
    expect(await rows('_sql')).toEqual(await rows('_js'));
    return { raw, js, cols, calls: [...calls], queries: [...queries] };
  }

  describe.each(PATTERNS)('rows no fast path takes: %s', (pattern, slow) => {
    it('every column waiting: the statement has no full rules, an UPDATE types those rows', async () => {
      const n = 41;
      const { js, calls, queries } = await both(csv(n, slow(n)), true);
      const typing = calls.find((s) => s.startsWith('CREATE OR REPLACE TABLE "_sql"'))!;
      // The number's and dates' full rules (helper columns `_<i>_t` …) are not in the statement;
      // the boolean's (no fast path) are.
      expect(typing).not.toMatch(/"_[123]_t"/);
      expect(typing).toMatch(/"_4_t"/);
      const update = calls.filter((s) => s.startsWith('UPDATE "_sql"'));
      expect(update).toHaveLength(pattern === 'none' ? 0 : 1);
      if (pattern !== 'none') expect(js.report.failures.length).toBeGreaterThan(0);
      // The slow rows are counted by their flag, never by the struct of their texts.
      expect(queries.filter((s) => s.includes('"_slow_any"'))).toHaveLength(1);
      expect(queries.some((s) => s.includes('count("_slow_raw")'))).toBe(false);
      // With no slow row the deferred columns' failure columns (amount, the dates: _failed_0–2)
      // are all NULL and not read; the boolean's (_failed_3, typed in the statement) is.
      const failures = queries.find((s) => s.includes('FILTER (WHERE "_failed_'))!;
      expect(failures).toContain('"_failed_3"');
      for (const k of [0, 1, 2])
        expect(failures.includes(`"_failed_${k}"`)).toBe(pattern !== 'none');
    });

    it('a clean sample, such rows past it: the same', async () => {
      const n = 1300;
      const past = slow(n - 600);
      const { calls } = await both(
        csv(n, (i) => i >= 600 && past(i - 600)),
        false,
      );
      expect(calls.filter((s) => s.startsWith('UPDATE "_sql"'))).toHaveLength(
        pattern === 'none' ? 0 : 1,
      );
    });
  });

  it('from a text table read before (for the key sets), the same', async () => {
    const { calls } = await both(
      csv(1300, (i) => i > 600 && i % 2 === 0),
      false,
      true,
    );
    expect(calls.some((s) => s.startsWith('CREATE OR REPLACE TABLE "_ingest_text_'))).toBe(true);
    expect(calls.filter((s) => s.startsWith('UPDATE "_sql"'))).toHaveLength(1);
  });

  it('a column whose sample has texts its fast path leaves keeps its full rules in the statement', async () => {
    const { raw, cols, calls } = await both(
      csv(700, (i) => i % 50 === 3),
      false,
    );
    const samples = new Map(HEADER.map((_, i) => [i, [] as string[]]));
    for (const row of [...raw.rows()].slice(0, 500))
      for (const [i, v] of row.cells.entries()) samples.get(i)!.push(String(v));
    expect(deferredColumns(cols, false, samples)).toEqual(new Set());
    expect(calls.some((s) => s.startsWith('UPDATE "_sql"'))).toBe(false);
    const clean500 = new Map(HEADER.map((_, i) => [i, [clean(1)[i]!, '']]));
    // Numbers and dates have fast paths, booleans none; text is not typed.
    expect(deferredColumns(cols, false, clean500)).toEqual(new Set([1, 2, 3]));
  });

  it('a whole import, the deals typed straight into their shape, such rows past the sample', async () => {
    const n = 1200;
    const files = () => [{ name: 'deals.csv', bytes: csv(n, (i) => i > 600 && i % 7 === 0) }];
    const js = await importFiles(db.engine, files(), { csvLoader: 'js' });
    const jsTables = await dumpTables(db.engine);
    calls.length = 0;
    const sql = await importFiles(db.engine, files());
    expect(calls.some((s) => /^UPDATE "_ingest_\d+" SET "id" = x\."id"/.test(s))).toBe(true);
    expect(sql.report).toEqual(js.report);
    expect(sql.model).toEqual(js.model);
    expect(await dumpTables(db.engine)).toEqual(jsTables);
  });
});
