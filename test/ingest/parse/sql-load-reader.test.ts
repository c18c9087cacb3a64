/**
 * DuckDB's reader types the columns the shape pass found clean (parse/sql-reader.ts): a file
 * loaded that way gives the same table (types, values, row order) and the same report as the
 * same load with every column read as text (`readerTypes: false`) and as the JS loader, on
 * DuckDB-WASM and native DuckDB. One value off the clean shape keeps its column with the rules;
 * one of the shape that is no date makes the typed read fail and the file be read again as text.
 */
import { describe, expect, it } from 'vitest';
import { loadStaging, type LoadColumn } from '../../../src/ingest/parse/convert.ts';
import { loadCsvSql } from '../../../src/ingest/parse/sql-load.ts';
import { readFile } from '../../../src/ingest/read/readers.ts';
import { FileReportBuilder } from '../../../src/ingest/report.ts';
import { ENGINES, recordedEngine } from '../corpus/import-compare.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

interface Family {
  name: string;
  delim: string;
  header: string[];
  types: LoadColumn['type'][];
  /** The clean row `i`: every number and date column of a shape the reader can type. */
  row: (i: number) => string[];
  /** The columns (header positions) the reader types when every row is clean. */
  typed: number[];
}

const p2 = (n: number) => String(n).padStart(2, '0');

const FAMILIES: Family[] = [
  {
    name: 'ISO dates, decimal point',
    delim: ',',
    header: ['id', 'amount', 'created', 'closed', 'note'],
    types: ['text', 'number', 'date', 'date', 'text'],
    row: (i) => [
      `00${i}`,
      i % 3 ? String(i * 7) : `${i}.${p2(i % 100)}`,
      `2024-${p2(1 + (i % 12))}-${p2(1 + (i % 28))} ${p2(i % 24)}:${p2(i % 60)}:${p2((i * 7) % 60)}`,
      i % 4 ? '' : `2024-${p2(1 + (i % 12))}-${p2(1 + (i % 27))}`,
      `note ${i}`,
    ],
    typed: [1, 2, 3],
  },
  {
    name: 'dotted dates, decimal comma',
    delim: ';',
    header: ['ID', 'Бюджет', 'Дата создания', 'Дата закрытия', 'Компания'],
    types: ['text', 'number', 'date', 'date', 'text'],
    row: (i) => [
      String(100000 + i),
      `${i * 13},${p2(i % 100)}`,
      `${p2(1 + (i % 28))}.${p2(1 + (i % 12))}.2024 10:${p2(i % 60)}:00`,
      i % 3 ? '' : `${p2(1 + (i % 28))}.${p2(1 + (i % 12))}.2024`,
      `ООО Клиент ${i}`,
    ],
    typed: [1, 2, 3],
  },
];

/** A value put in one column of one row, and whether the reader still types that column. */
type Case = [what: string, column: number, value: string, typed: 'typed' | 'rules' | 'again'];

const CASES: Case[] = [
  ['clean', 1, '', 'typed'],
  ['leading zeros in a number', 1, '007', 'typed'],
  ['a trailing space', 1, '5 ', 'rules'],
  ['a leading space', 1, ' 5', 'rules'],
  ['a plus sign', 1, '+5', 'rules'],
  ['an exponent', 1, '1e3', 'rules'],
  ['minus zero', 1, '-0', 'rules'],
  ['a "no value" marker', 1, 'n/a', 'rules'],
  ['sixteen digits', 1, '1234567890123456', 'rules'],
  // Fifteen digits and two: a clean shape, but a DOUBLE rounds it, which the rules report.
  ['a number a DOUBLE rounds', 1, 'ROUND', 'rules'],
  ['a mark and no digits after', 1, '5.', 'rules'],
  ['a time zone suffix', 2, 'TZ', 'rules'],
  ['a one-digit hour', 2, 'HOUR1', 'rules'],
  ['Feb 30 in the clean shape', 2, 'FEB30', 'again'],
  ['hour 24 in the clean shape', 2, 'HOUR24', 'again'],
  ['a date column with a time', 3, 'TIME', 'rules'],
  ['Feb 30 in a date-only column', 3, 'FEB30D', 'again'],
];

/** The case's value for a family: dates written in the family's own shape. */
function valueOf(f: Family, v: string): string {
  const iso = f.delim === ',';
  const dates: Record<string, string> = {
    TZ: iso ? '2024-01-05 10:00:00Z' : '05.01.2024 10:00:00+03',
    HOUR1: iso ? '2024-01-05 1:00:00' : '05.01.2024 1:00:00',
    FEB30: iso ? '2024-02-30 10:00:00' : '30.02.2024 10:00:00',
    HOUR24: iso ? '2024-01-05 24:00:00' : '05.01.2024 24:00:00',
    TIME: iso ? '2024-01-05 10:00:00' : '05.01.2024 10:00:00',
    FEB30D: iso ? '2024-02-30' : '30.02.2024',
    ROUND: iso ? '123456789012345.678' : '123456789012345,678',
  };
  const n = v === '5.' && !iso ? '5,' : v;
  return dates[v] ?? n;
}

function file(f: Family, n: number, at: number, column: number, value: string): Uint8Array {
  const lines = [f.header.join(f.delim)];
  for (let i = 0; i < n; i++) {
    const row = f.row(i);
    if (i === at) row[column] = value;
    lines.push(row.join(f.delim));
  }
  return utf8(lines.join('\n') + '\n');
}

describe.each(ENGINES)('%s', (_, make) => {
  const db = recordedEngine(make, 'apart');
  const { calls } = db;

  const rows = async (t: string) =>
    (await db.engine.query(`SELECT * FROM "${t}" ORDER BY rowid`))
      .toArray()
      .map((r) => JSON.stringify(r.toJSON()));
  const types = async (t: string) =>
    (await db.engine.query(`DESCRIBE "${t}"`)).toArray().map((r) => r.toJSON().column_type);

  /** The reader-typed load, the text-only load and the JS loader of one file; their statements. */
  async function three(f: Family, bytes: Uint8Array) {
    const raw = await readFile('deals.csv', bytes);
    const cols: LoadColumn[] = f.header.map((name, index) => ({
      index,
      name,
      type: f.types[index]!,
      format: {},
    }));
    const js = new FileReportBuilder('deals.csv', 'deals');
    const text = new FileReportBuilder('deals.csv', 'deals');
    const typed = new FileReportBuilder('deals.csv', 'deals');
    await loadStaging(db.engine, raw, cols, '_js', js, { batchRows: 1000 });
    expect(await loadCsvSql(db.engine, raw, cols, '_text', text, { readerTypes: false })).toEqual({
      rows: js.report.rowsRead,
    });
    calls.length = 0;
    expect(await loadCsvSql(db.engine, raw, cols, '_typed', typed)).toEqual({
      rows: js.report.rowsRead,
    });
    // The reads of the file (not the view of the rows the fast paths left, `_ingest_slow_…`).
    const views = calls.filter((s) => s.startsWith('CREATE OR REPLACE TEMP VIEW "_ingest_view_'));
    expect(typed.report).toEqual(text.report);
    expect(typed.report).toEqual(js.report);
    expect(await types('_typed')).toEqual(await types('_text'));
    expect(await rows('_typed')).toEqual(await rows('_text'));
    expect(await rows('_typed')).toEqual(await rows('_js'));
    return { views, report: js.report };
  }

  describe.each(FAMILIES)('$name', (f) => {
    describe.each([
      ['in the first row', 0],
      ['past the sample', 700],
    ])('%s', (_, at) => {
      it.each(CASES)('%s', async (_, column, value, expected) => {
        const { views, report } = await three(f, file(f, 800, at, column, valueOf(f, value)));
        const typedIn = (sql: string) =>
          f.typed.filter((k) => new RegExp(`'c${k}': '(DOUBLE|TIMESTAMP|DATE)'`).test(sql));
        if (expected === 'again') {
          // The typed read failed on the value; the file read again as text, whole.
          expect(views).toHaveLength(2);
          expect(typedIn(views[0]!)).toEqual(f.typed);
          expect(typedIn(views[1]!)).toEqual([]);
          expect(views[1]).toContain('all_varchar = true');
          expect(report.failures.map((x) => x.column)).toEqual([f.header[column]]);
        } else {
          expect(views).toHaveLength(1);
          const off = expected === 'rules' ? [column] : [];
          expect(typedIn(views[0]!)).toEqual(f.typed.filter((k) => !off.includes(k)));
        }
        if (value === 'ROUND')
          expect(report.warnings.map((w) => w.params)).toEqual([
            { column: f.header[1], n: 1, row: at + 2, value: valueOf(f, value) },
          ]);
      });
    });
  });

  it('a quoted field keeps its column with the rules', async () => {
    const f = FAMILIES[0]!;
    const { views } = await three(f, file(f, 50, 10, 1, '"42"'));
    expect(views[0]).toContain(`'c1': 'VARCHAR'`);
    expect(views[0]).toContain(`'c2': 'TIMESTAMP'`);
  });
});
