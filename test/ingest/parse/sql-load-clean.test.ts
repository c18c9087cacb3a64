/**
 * A text column the shape pass found clean (`CsvShape.textChecks`: no field with a JS space at
 * either end, none a "no value" marker) is typed as its raw text, with no per-value check, in the
 * typing statement and in the key sets. Differential against the JS loader on DuckDB-WASM and
 * native DuckDB: columns clean (with empty and quoted empty fields, which both readers give as
 * NULL), dirty only past the 20,000-row sample, dirty in the last row (no line end after it).
 */
import { describe, expect, it } from 'vitest';
import { completeKeys, scanTable, type Scanned } from '../../../src/ingest/detect/detect.ts';
import { completeKeysSql } from '../../../src/ingest/detect/keys-sql.ts';
import { importFiles } from '../../../src/ingest/index.ts';
import { loadStaging, type LoadColumn } from '../../../src/ingest/parse/convert.ts';
import { dropText, loadCsvSql, readTextTable } from '../../../src/ingest/parse/sql-load.ts';
import { readCsvText, readFile } from '../../../src/ingest/read/readers.ts';
import { FileReportBuilder } from '../../../src/ingest/report.ts';
import { dumpTables, ENGINES, recordedEngine } from '../corpus/import-compare.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

const HEADER = ['id', 'title', 'amount', 'created_at', 'manager', 'note'];
const TYPES = ['text', 'text', 'number', 'date', 'text', 'text'] as const;
const MANAGERS = ['Иванова', 'Петров', 'Сидорович', 'Ёлкина'];

/** A clean row: Cyrillic ends, empty and quoted empty fields in the text columns. */
const clean = (i: number) => [
  `D${String(i).padStart(6, '0')}`,
  i % 11 === 0 ? '' : i % 13 === 0 ? '""' : `Сделка № ${i} — тест`,
  `${i % 1000},5`,
  `${String(1 + (i % 28)).padStart(2, '0')}.03.2024 10:00`,
  MANAGERS[i % 4]!,
  i % 7 === 0 ? '"a; ""b"""' : i % 5 === 0 ? '' : 'заметка',
];

type Dirt = [row: (n: number) => number, col: number, text: string][];

function file(n: number, dirt: Dirt, lineEnd = true): string {
  const rows = Array.from({ length: n }, (_, i) => clean(i));
  for (const [row, col, text] of dirt) rows[row(n)]![col] = text;
  return [HEADER.join(';'), ...rows.map((r) => r.join(';'))].join('\n') + (lineEnd ? '\n' : '');
}

const CASES: [string, Dirt, boolean][] = [
  ['every column clean', [], true],
  [
    'dirty only past the 20,000-row sample',
    [
      [() => 20_003, 1, ' Сделка'],
      [() => 20_004, 4, 'Петров\u00a0'],
      [() => 20_005, 5, '(blank)'],
      [() => 20_006, 0, '"—"'],
    ],
    true,
  ],
  [
    'dirty in the last row, no line end after it',
    [
      [(n) => n - 1, 4, 'null'],
      [(n) => n - 1, 5, '\u3000'],
      [(n) => n - 1, 1, 'x\ufeff'],
    ],
    false,
  ],
];

/** Which text columns the staging statement checks (`textValue` reads `ord` of the raw text). */
const checked = (sql: string) =>
  HEADER.flatMap((_, i) => (TYPES[i] === 'text' && sql.includes(`ord("c${i}")`) ? [i] : []));

describe.each(ENGINES)('%s', (_, make) => {
  const db = recordedEngine(make);
  const { calls } = db;

  // The stage history's rows in a table are a set (ties in time may come in either order).
  const dump = () => dumpTables(db.engine, (n) => n === 'stage_history');
  const rows = async (t: string) =>
    (await db.engine.query(`SELECT * FROM "${t}" ORDER BY rowid`))
      .toArray()
      .map((r) => JSON.stringify(r.toJSON()));

  it.each(CASES)('%s: the staging table and report of the JS loader', async (name, dirt, end) => {
    const raw = await readFile('deals.csv', utf8(file(20_010, dirt, end)));
    const cols: LoadColumn[] = HEADER.map((h, index) => ({
      index,
      name: h,
      type: TYPES[index]!,
      format: { dateOrder: 'dmy', decimal: ',' },
    }));
    const js = new FileReportBuilder('deals.csv', 'deals');
    const sql = new FileReportBuilder('deals.csv', 'deals');
    await loadStaging(db.engine, raw, cols, '_js', js, { batchRows: 5000 });
    calls.length = 0;
    expect(await loadCsvSql(db.engine, raw, cols, '_sql', sql)).toEqual({ rows: 20_010 });
    expect(sql.report).toEqual(js.report);
    expect(await rows('_sql')).toEqual(await rows('_js'));
    const typing = calls.find((s) => s.startsWith('CREATE OR REPLACE TABLE "_sql"'))!;
    const dirty = [...new Set(dirt.map(([, c]) => c))].sort();
    expect(checked(typing), name).toEqual(dirty);
    await db.engine.exec('DROP TABLE "_js"; DROP TABLE "_sql"');
  });

  it.each(CASES)('%s: a whole import with its stage history', async (_name, dirt, end) => {
    const history = (tail: string) => {
      const lines = ['deal_id;stage;entered_at'];
      for (let i = 0; i < 20_010; i++)
        lines.push(
          `D${String(i).padStart(6, '0')};${i % 3 ? 'Новая' : 'Оплачено'};05.03.2024 10:00`,
        );
      return lines.join('\n') + '\n' + tail;
    };
    // The history's key column dirty where the deals' is: a padded id still links.
    const tail = dirt.length ? 'D000002 ;Оплачено;06.03.2024 10:00\n' : '';
    const files = () => [
      { name: 'deals.csv', bytes: utf8(file(20_010, dirt, end)) },
      { name: 'stage_history.csv', bytes: utf8(history(tail)) },
    ];
    const js = await importFiles(db.engine, files(), { csvLoader: 'js' });
    const jsTables = await dump();
    calls.length = 0;
    const sql = await importFiles(db.engine, files());
    expect(calls.some((s) => s.includes('read_csv('))).toBe(true);
    expect(sql.report).toEqual(js.report);
    expect(sql.model).toEqual(js.model);
    expect(await dump()).toEqual(jsTables);
  });

  it('the key sets of a clean and a dirty column, from the text table', async () => {
    const lines = ['a;b'];
    for (let i = 0; i < 300; i++) lines.push(`k${i % 40};v${i % 30}`);
    lines.push('k1;v1 ', 'k2;-');
    const state = (t: Scanned) => t.stats.map((s) => [[...s.distinct], s.seen]);
    const js = scanTable(readCsvText('t.csv', lines.join('\n')), 'deals', {}, undefined, 50);
    const sql = scanTable(readCsvText('t.csv', lines.join('\n')), 'deals', {}, undefined, 50);
    completeKeys(js, undefined, [0, 1]);
    const read = await readTextTable(db.engine, sql.raw);
    if (!('text' in read)) throw new Error(`not read: ${read.fallback}`);
    expect([...read.text.shape.textChecks]).toEqual([0, 1]);
    calls.length = 0;
    try {
      await completeKeysSql(db.engine, sql, read.text, [0, 1]);
    } finally {
      await dropText(db.engine, read.text);
    }
    expect(state(sql)).toEqual(state(js));
    // The clean column's values are its raw texts: no check ran on them.
    expect(calls.filter((s) => s.includes('ord(raw)'))).toHaveLength(1);
  });
});
