/**
 * The load on a guess (parse/sql-load.ts, `guessData` in read/csv/csv-data.ts): a file whose
 * whole-file shape pass was not made yet has DuckDB's read started on the shape of its first
 * `GUESS_BYTES`, the pass made meanwhile, and the read kept only when the pass asks for the very
 * same statement. A value past the guess that changes what the pass finds (a column no longer
 * clean or no longer typed, a date DuckDB refuses, a quoted field, a ragged row) gives what the
 * load that waits for the pass gives: the same result, report, types and rows in order.
 */
import { describe, expect, it } from 'vitest';
import type { LoadColumn } from '../../../src/ingest/parse/convert.ts';
import { loadCsvSql } from '../../../src/ingest/parse/sql-load.ts';
import { GUESS_BYTES, knownShape } from '../../../src/ingest/read/csv/csv-data.ts';
import { readFile } from '../../../src/ingest/read/readers.ts';
import { FileReportBuilder } from '../../../src/ingest/report.ts';
import { ENGINES, recordedEngine } from '../corpus/import-compare.ts';

const HEADER = ['ID', 'Бюджет', 'Дата создания', 'Дата закрытия', 'Компания'];
const TYPES: LoadColumn['type'][] = ['text', 'number', 'date', 'date', 'text'];
const COLUMNS: LoadColumn[] = HEADER.map((name, index) => ({
  index,
  name,
  type: TYPES[index]!,
  format: {},
}));

const p2 = (n: number) => String(n).padStart(2, '0');

/** An amoCRM-like row: every number and date column of a shape DuckDB's reader types. */
const row = (i: number) => [
  String(100000 + i),
  `${i * 13},${p2(i % 100)}`,
  `${p2(1 + (i % 28))}.${p2(1 + (i % 12))}.2024 10:${p2(i % 60)}:00`,
  i % 3 ? '' : `${p2(1 + (i % 28))}.${p2(1 + (i % 12))}.2024`,
  `ООО Клиент ${i}`,
];

/** Rows enough for a file of ≈ 1.3 × `GUESS_BYTES` (a row is ≈ 60 bytes). */
const ROWS = Math.ceil((GUESS_BYTES * 1.3) / 60);

/** The file, with `value` put in `column` of a row past the guess (none when `column` < 0). */
function file(column: number, value: string): Uint8Array {
  const at = ROWS - 10;
  const lines = [HEADER.join(';')];
  for (let i = 0; i < ROWS; i++) {
    const r = row(i);
    if (i === at && column >= 0) r[column] = value;
    lines.push(r.join(';'));
  }
  const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
  expect(bytes.indexOf(10, GUESS_BYTES)).toBeLessThan(bytes.length - 2000);
  return bytes;
}

/** A value past the guess, and how many reads of the file the load on a guess makes. */
type Case = [what: string, column: number, value: string, reads: number];

const CASES: Case[] = [
  ['nothing past the guess differs', -1, '', 1],
  ['a text field ending in a space (the column is no longer clean)', 4, 'ООО Клиент ', 2],
  ['a "no value" marker in a text column', 4, 'n/a', 2],
  ['a plus sign in a number (no longer typed by the reader)', 1, '+5', 2],
  ['a date with a one-digit hour (no longer typed by the reader)', 2, '05.01.2024 1:00:00', 2],
  ['Feb 30 in the clean shape (the typed read fails)', 2, '30.02.2024 10:00:00', 2],
  ['a quoted number', 1, '"42"', 2],
  ['a ragged row (not a file DuckDB may read)', 4, 'x;y', 1],
];

describe.each(ENGINES)('%s', (_, make) => {
  const db = recordedEngine(make, 'apart');
  const { calls } = db;

  const types = async (t: string) =>
    (await db.engine.query(`DESCRIBE "${t}"`)).toArray().map((r) => r.toJSON().column_type);
  const count = async (sql: string) =>
    Number((await db.engine.query(sql)).get(0)?.toArray()[0] ?? -1);
  /** Rows of `a` not in `b` and of `b` not in `a`, each with its position. */
  const differing = (a: string, b: string) =>
    count(
      `SELECT count(*) FROM ((SELECT rowid AS r, * FROM "${a}" EXCEPT ALL SELECT rowid AS r, * FROM "${b}") UNION ALL (SELECT rowid AS r, * FROM "${b}" EXCEPT ALL SELECT rowid AS r, * FROM "${a}"))`,
    );
  const exists = (t: string) =>
    count(`SELECT count(*) FROM duckdb_tables() WHERE table_name = '${t}'`);

  it.each(CASES)('%s', async (_, column, value, reads) => {
    const bytes = file(column, value);
    // Each load reads its own copy: the shape found for one is not the other's.
    const waits = await readFile('deals.csv', bytes.slice());
    const guessed = await readFile('deals.csv', bytes.slice());
    const today = new FileReportBuilder('deals.csv', 'deals');
    const onGuess = new FileReportBuilder('deals.csv', 'deals');
    const expected = await loadCsvSql(db.engine, waits, COLUMNS, '_waits', today, {
      guess: false,
    });
    calls.length = 0;
    // Whether the whole file's pass had been made when each read of the file was sent.
    const passMade: boolean[] = [];
    const exec = db.engine.exec;
    db.engine.exec = (sql) => {
      if (sql.startsWith('CREATE OR REPLACE TABLE "_guess"'))
        passMade.push(knownShape(guessed.csv!, HEADER.length) !== undefined);
      return exec(sql);
    };
    try {
      expect(await loadCsvSql(db.engine, guessed, COLUMNS, '_guess', onGuess)).toEqual(expected);
    } finally {
      db.engine.exec = exec;
    }
    // The first read went before the pass; any other, on what the pass found.
    expect(passMade).toEqual([false, ...Array<boolean>(reads - 1).fill(true)]);
    expect(onGuess.report).toEqual(today.report);
    if ('fallback' in expected) {
      expect(await exists('_guess')).toBe(0);
      return;
    }
    expect(await types('_guess')).toEqual(await types('_waits'));
    expect(await count('SELECT count(*) FROM "_guess"')).toBe(ROWS);
    expect(await differing('_guess', '_waits')).toBe(0);
    await db.engine.exec('DROP TABLE "_guess"; DROP TABLE "_waits"');
  });

  it('waits for the pass when it was made already, or the file is no longer than the guess', async () => {
    const bytes = file(-1, '');
    const known = await readFile('deals.csv', bytes.slice());
    // The shape found ahead (the ingest worker, while the mapping screen shows).
    await loadCsvSql(db.engine, known, COLUMNS, '_first', new FileReportBuilder('d', 'd'), {
      guess: false,
    });
    const small = await readFile('deals.csv', bytes.slice(0, bytes.indexOf(10, 100_000) + 1));
    for (const raw of [known, small]) {
      const seen: boolean[] = [];
      const exec = db.engine.exec;
      db.engine.exec = (sql) => {
        if (sql.startsWith('CREATE OR REPLACE TABLE "_again"'))
          seen.push(knownShape(raw.csv!, HEADER.length) !== undefined);
        return exec(sql);
      };
      try {
        await loadCsvSql(db.engine, raw, COLUMNS, '_again', new FileReportBuilder('d', 'd'));
      } finally {
        db.engine.exec = exec;
      }
      expect(seen).toEqual([true]);
    }
    await db.engine.exec('DROP TABLE "_first"; DROP TABLE "_again"');
  });
});
