/**
 * Numbers a DOUBLE cannot hold as written (parse/precision.ts) through the whole import: they load
 * rounded, the rest of the file loads, and the report says how many, in which column, and the
 * first row — the same on DuckDB's reader (full rules, deferred fast paths with their slow rows,
 * a column the reader would have typed) and on the JS loader. The mapping screen foresees them.
 */
import { describe, expect, it } from 'vitest';
import { detect, importFiles } from '../../src/ingest/index.ts';
import { english, render } from '../../src/lib/message.ts';
import { importNotes } from '../../src/cli/output.ts';
import { recordedEngine } from './corpus/import-compare.ts';
import { tableFromArrays, tableToIPC } from 'apache-arrow';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Data rows, 1-based; `at` puts texts in the amount column of some rows. */
function deals(rows: number, at: Record<number, string>, delim = ','): Uint8Array {
  const lines = [['id', 'title', 'amount', 'created_at'].join(delim)];
  for (let i = 1; i <= rows; i++)
    lines.push([`D${i}`, `Deal ${i}`, at[i] ?? String(i * 10), '2024-03-01'].join(delim));
  return utf8(lines.join('\n') + '\n');
}

/** Each file: its long values, and what the report must say of them. */
const FILES: {
  name: string;
  bytes: Uint8Array;
  rows: number;
  rounded: number;
  first: { row: number; value: string };
  /** Rows whose amount loads NULL (a failure, not a rounding). */
  failed: number;
}[] = [
  {
    // Long values in the sample: the column keeps its full rules in the statement.
    name: 'in the sample',
    rows: 40,
    bytes: deals(40, {
      3: '12345678901234567890',
      10: '123456789012345.678',
      // A double writes it back as it is: not rounded.
      13: '0.30000000000000004',
      11: '1234567890123456',
      12: '9007199254740993',
      20: '"1,234,567,890,123,456.78"',
      21: 'abc',
      22: '000000000000000000012.5',
    }),
    rounded: 4,
    first: { row: 4, value: '12345678901234567890' },
    failed: 1,
  },
  {
    // Past the 500 rows that pick the fast paths: the plain one is the fast path's, the others
    // are rows it leaves (typed again afterwards).
    name: 'past the sample',
    rows: 700,
    bytes: deals(700, {
      600: '123456789012345.678',
      640: '123456789012345.67',
      610: '12345678901234567890',
      620: '1234567890123456',
      650: '-98765432109876543',
    }),
    rounded: 3,
    first: { row: 601, value: '123456789012345.678' },
    failed: 0,
  },
  {
    // Every amount of a plain shape: without the rounded ones the reader would type the column.
    name: 'of the shape the reader types',
    rows: 700,
    bytes: deals(700, { 5: '123456789012345.678', 690: '999999999999999.99' }),
    rounded: 2,
    first: { row: 6, value: '123456789012345.678' },
    failed: 0,
  },
  {
    name: 'with a decimal comma',
    rows: 30,
    bytes: deals(30, { 7: '123456789012345,678', 8: '12,5', 9: '1 234 567 890 123 456,78' }, ';'),
    rounded: 2,
    first: { row: 8, value: '123456789012345,678' },
    failed: 0,
  },
];

describe.each(['sql', 'js'] as const)('the %s loader', (csvLoader) => {
  const db = recordedEngine();
  const all = async (sql: string) =>
    (await db.engine.query(sql)).toArray().map((r) => r.toJSON() as Record<string, unknown>);

  it.each(FILES)('numbers $name load rounded and are reported', async (f) => {
    db.calls.length = 0;
    const { report } = await importFiles(db.engine, [{ name: 'deals.csv', bytes: f.bytes }], {
      csvLoader,
    });
    // The loader the test is about read the file.
    expect(db.calls.some((s) => s.includes('read_csv('))).toBe(csvLoader === 'sql');
    const file = report.files[0]!;
    const rows = f.rows;
    expect(file).toMatchObject({ rowsLoaded: rows, rowsRejected: 0 });
    const notes = file.warnings.filter((w) => w.code === 'import_rounded');
    expect(notes.map((w) => w.params)).toEqual([
      { column: 'amount', n: f.rounded, row: f.first.row, value: f.first.value },
    ]);
    expect(english(notes[0]!)).toBe(
      `"amount": ${f.rounded} values have more than 15 significant digits and were loaded rounded (the first in row ${f.first.row}: ${f.first.value})`,
    );
    expect(render('ru', notes[0]!)).toContain('15 значащих цифр');
    expect(importNotes(report)).toContain(`deals.csv: ${english(notes[0]!)}`);
    // The values load (rounded), the others too.
    const [counts] = await all(
      `SELECT count(*)::INT AS n, count(amount)::INT AS amounts FROM deals`,
    );
    expect(counts).toEqual({ n: rows, amounts: rows - f.failed });
    const first = await all(`SELECT amount FROM deals WHERE id = 'D${f.first.row - 1}'`);
    const written = f.first.value.replaceAll('"', '').replace(',', '.');
    expect(first).toEqual([{ amount: Number(written) }]);
  });

  it('an ordinary file says nothing of rounding', async () => {
    const { report } = await importFiles(db.engine, [{ name: 'deals.csv', bytes: deals(50, {}) }], {
      csvLoader,
    });
    expect(report.files[0]!.warnings.map((w) => w.code)).not.toContain('import_rounded');
  });
});

describe('the mapping screen', () => {
  it('foresees the rounded values beside the column, in English and Russian', async () => {
    const d = await detect([{ name: 'deals.csv', bytes: FILES[0]!.bytes }]);
    const w = d.tables[0]!.warnings.filter((m) => m.code === 'import_willRound');
    expect(w.map((m) => m.params)).toEqual([{ column: 'amount', n: 4 }]);
    expect(english(w[0]!)).toBe(
      '"amount": 4 values have more than 15 significant digits and will be rounded',
    );
    expect(render('ru', w[0]!)).toBe(
      '«amount»: 4 значения длиннее 15 значащих цифр будут округлены',
    );
  });

  it("says it counted a long file's first rows only", async () => {
    const d = await detect([
      { name: 'deals.csv', bytes: deals(20_500, { 7: '123456789012345.678', 20_300: '1e30' }) },
    ]);
    const w = d.tables[0]!.warnings.filter((m) => m.code === 'import_willRoundSample');
    expect(w.map((m) => m.params)).toEqual([{ column: 'amount', n: 1, sampled: 20_000 }]);
    // The count of rows is grouped the Russian way (a no-break space).
    expect(render('ru', w[0]!).replace(/\s/g, ' ')).toBe(
      '«amount»: в первых 20 000 строках 1 значение длиннее 15 значащих цифр будет округлено',
    );
  });

  it('says nothing of an ordinary column, nor of a text column', async () => {
    const d = await detect([
      {
        name: 'deals.csv',
        bytes: utf8('id,title,amount,code\nD1,A,10,12345678901234567890\nD2,B,20,x\n'),
      },
    ]);
    expect(d.tables[0]!.warnings.map((m) => m.code)).not.toContain('import_willRound');
  });
});

describe('native integers', () => {
  const db = recordedEngine();

  it('an Arrow int64 past 2^53 is foreseen and reported; up to it is not', async () => {
    const bytes = tableToIPC(
      tableFromArrays({
        id: ['D1', 'D2', 'D3', 'D4'],
        amount: BigInt64Array.from([10n, 2n ** 53n + 1n, 2n ** 53n, -(2n ** 60n)]),
      }),
      'file',
    );
    const files = [{ name: 'deals.arrow', bytes }];
    const d = await detect(files);
    expect(
      d.tables[0]!.warnings.filter((m) => m.code === 'import_willRound').map((m) => m.params),
    ).toEqual([{ column: 'amount', n: 2 }]);
    const { report } = await importFiles(db.engine, files);
    expect(
      report.files[0]!.warnings.filter((w) => w.code === 'import_rounded').map((w) => w.params),
    ).toEqual([{ column: 'amount', n: 2, row: 3, value: String(2n ** 53n + 1n) }]);
  });
});

describe('JSON numbers', () => {
  const db = recordedEngine();
  const all = async (sql: string) =>
    (await db.engine.query(sql)).toArray().map((r) => r.toJSON() as Record<string, unknown>);
  // What JSON.parse alone makes of them: 12345678901234567000, 123456789012345.68.
  const json = utf8(
    JSON.stringify(
      Array.from({ length: 6 }, (_, i) => ({ id: `D${i + 1}`, amount: i * 10, ref: i + 1 })),
    )
      .replace('"amount":10,', '"amount":12345678901234567890,')
      .replace('"amount":30,', '"amount":123456789012345.678,')
      .replace('"ref":5', '"ref":98765432109876543210'),
  );
  const files = [{ name: 'deals.json', bytes: json }];

  it('are foreseen on the mapping screen like a CSV file’s', async () => {
    const d = await detect(files);
    const w = d.tables[0]!.warnings.filter((m) => m.code === 'import_willRound');
    // `ref` holds a whole number a double would change: a code, text (code-columns.test.ts).
    expect(w.map((m) => m.params)).toEqual([{ column: 'amount', n: 2 }]);
    expect(d.tables[0]!.columns.find((c) => c.header === 'ref')).toMatchObject({ type: 'text' });
  });

  it('are reported by the import with their digits as written', async () => {
    const { report } = await importFiles(db.engine, files);
    const notes = report.files[0]!.warnings.filter((w) => w.code === 'import_rounded');
    expect(notes.map((w) => w.params)).toEqual([
      { column: 'amount', n: 2, row: 2, value: '12345678901234567890' },
    ]);
    const refs = await all(`SELECT ref FROM deals WHERE id = 'D5'`);
    expect(refs).toEqual([{ ref: '98765432109876543210' }]);
    expect(importNotes(report)).toContain(`deals.json: ${english(notes[0]!)}`);
    const rows = await all(`SELECT amount FROM deals ORDER BY id`);
    // Loaded rounded, as the report says: the doubles nearest to what the file holds.
    expect(rows.map((r) => r.amount)).toEqual(
      ['0', '12345678901234567890', '20', '123456789012345.678', '40', '50'].map(Number),
    );
  });

  it('an id column keeps every digit, as a CSV one does', async () => {
    const ids = utf8(
      '[{"id":12345678901234567891,"amount":1},{"id":12345678901234567892,"amount":2}]',
    );
    const { report } = await importFiles(db.engine, [{ name: 'deals.json', bytes: ids }]);
    expect(report.files[0]!.warnings.map((w) => w.code)).not.toContain('import_rounded');
    const rows = await all(`SELECT id FROM deals ORDER BY id`);
    expect(rows).toEqual([{ id: '12345678901234567891' }, { id: '12345678901234567892' }]);
  });
});

describe('a lookup keyed by long numbers', () => {
  it('foresees no rounding of the key, which loads as text', async () => {
    const clients = utf8('client_id,name\n98765432109876543210,A\n98765432109876543211,B\n');
    const dealsCsv = utf8(
      'id,title,amount,client_id\nD1,A,10,98765432109876543210\nD2,B,20,98765432109876543211\n',
    );
    const d = await detect([
      { name: 'deals.csv', bytes: dealsCsv },
      { name: 'clients.csv', bytes: clients },
    ]);
    const t = d.tables.find((x) => x.file === 'clients.csv')!;
    expect(t.columns[0]).toMatchObject({ role: 'key', type: 'text' });
    expect(t.warnings.map((w) => w.code)).not.toContain('import_willRound');
  });
});
