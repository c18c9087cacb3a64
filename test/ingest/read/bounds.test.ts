/**
 * Bounded input: what a file will become is checked before it is built (a zipped workbook's
 * expansion, a header line of millions of delimiters, JSON nesting), NULs in cells are removed
 * and reported, and one malformed file among several is reported under its own name.
 */
import { deflateRawSync } from 'node:zlib';
import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/engine/types.ts';
import { importFiles } from '../../../src/ingest/index.ts';
import { scanFiles } from '../../../src/ingest/detect/detect.ts';
import { readFile, ReadError, MAX_COLUMNS } from '../../../src/ingest/read/readers.ts';
import { decodeText } from '../../../src/ingest/read/encoding/decode.ts';
import { zipEntries } from '../../../src/ingest/read/zip.ts';
import { english } from '../../../src/lib/message.ts';
import { sharedEngine } from '../../fixtures/engine.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const DEALS = 'id,title,amount,stage,created\n1,A,100,won,2024-01-05\n2,B,200,lost,2024-02-05\n';

const db = sharedEngine();

/** A zip of deflated entries whose central directory declares `declared` (or the true sizes). */
function zip(entries: { name: string; data: Uint8Array; declared?: number }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = utf8(e.name);
    const body = deflateRawSync(e.data);
    const size = e.declared ?? e.data.length;
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, 8, true);
    local.setUint32(18, body.length, true);
    local.setUint32(22, size, true);
    local.setUint16(26, name.length, true);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(10, 8, true);
    dir.setUint32(20, body.length, true);
    dir.setUint32(24, size, true);
    dir.setUint16(28, name.length, true);
    dir.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, body);
    central.push(new Uint8Array(dir.buffer), name);
    offset += 30 + name.length + body.length;
  }
  const dirSize = central.reduce((n, c) => n + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, dirSize, true);
  end.setUint32(16, offset, true);
  const all = [...parts, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(all.reduce((n, p) => n + p.length, 0));
  let p = 0;
  for (const a of all) {
    out.set(a, p);
    p += a.length;
  }
  return out;
}

/** Sheet XML of `rows` rows of one repeated cell: compresses to almost nothing. */
function sheetXml(rows: number): Uint8Array {
  const row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';
  return utf8(`<worksheet><sheetData>${row.repeat(rows)}</sheetData></worksheet>`);
}

async function readError(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ReadError);
  return english((e as ReadError).msg);
}

describe('compressed files', () => {
  // 24 MiB budget → 1 MiB of XML at most; the bomb expands to ~5 MB.
  const budget = 24 * 2 ** 20;
  const bomb = sheetXml(100_000);

  it('reads the uncompressed sizes from the central directory', () => {
    const z = zip([{ name: 'xl/worksheets/sheet1.xml', data: bomb }]);
    expect(z.length).toBeLessThan(bomb.length / 50);
    expect(zipEntries(z)).toEqual([
      expect.objectContaining({ name: 'xl/worksheets/sheet1.xml', uncompressed: bomb.length }),
    ]);
  });

  it('refuses a workbook that declares more than the memory budget allows, naming the file', async () => {
    const z = zip([{ name: 'xl/worksheets/sheet1.xml', data: bomb }]);
    const { tables, errors } = await scanFiles([{ name: 'bomb.xlsx', bytes: z }], {
      memoryBudget: budget,
    });
    expect(tables).toEqual([]);
    expect(errors.map((e) => e.file)).toEqual(['bomb.xlsx']);
    expect(english(errors[0]!.reason)).toBe(
      'expands to 5 MB or more once unpacked; at most 1 MB fit in memory for one import',
    );
  });

  it('stops a workbook that declares small sizes but inflates bigger', async () => {
    const z = zip([{ name: 'xl/worksheets/sheet1.xml', data: bomb, declared: 1000 }]);
    expect(await readError(readFile('liar.xlsx', z, { memoryBudget: budget }))).toBe(
      'part "xl/worksheets/sheet1.xml" unpacks to more than the size it declares: the file is damaged',
    );
  });

  it('stops entries that each declare little but together inflate past the cap', async () => {
    const part = sheetXml(5_000);
    const parts = Array.from({ length: 8 }, (_, i) => ({ name: `p${i}.xml`, data: part }));
    const z = zip(parts);
    // Declared sizes are honest here; the sum alone is over the cap.
    expect(parts.length * part.length).toBeGreaterThan(budget / 24);
    expect(await readError(readFile('many.xlsx', z, { memoryBudget: budget }))).toMatch(
      /^expands to \d+ MB or more once unpacked/,
    );
  });

  it('still reads a workbook within the budget', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([
        ['id', 'amount'],
        [1, 100],
        [2, 200],
      ]),
      'Deals',
    );
    const bytes = new Uint8Array(
      XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer,
    );
    const raw = await readFile('ok.xlsx', bytes, { memoryBudget: budget });
    expect(raw.headers).toEqual(['id', 'amount']);
    expect([...raw.rows()].map((r) => r.cells)).toEqual([
      [1, 100],
      [2, 200],
    ]);
  });
});

describe('wide text', () => {
  it('refuses a 30 MB line of commas at the column cap, naming the file', async () => {
    const bytes = new Uint8Array(30 * 2 ** 20).fill(0x2c);
    const { errors } = await scanFiles([{ name: 'commas.csv', bytes }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.file).toBe('commas.csv');
    expect(english(errors[0]!.reason)).toBe(
      `more than ${MAX_COLUMNS} columns in the header; at most ${MAX_COLUMNS} are supported (is the delimiter right?)`,
    );
  });

  it('skips a data row wider than the cap and reads the next one', async () => {
    const text = `a,b\n1,2\n${','.repeat(5 * MAX_COLUMNS)}\n3,4\n`;
    const raw = await readFile('rows.csv', utf8(text));
    const issues: { row: number; reason: string }[] = [];
    const rows = [...raw.rows((i) => issues.push({ row: i.row, reason: english(i.reason) }))];
    expect(rows.map((r) => r.cells)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(rows.map((r) => r.row)).toEqual([2, 4]);
    expect(issues).toEqual([{ row: 3, reason: `more than ${MAX_COLUMNS} fields; row skipped` }]);
  });
});

describe('NUL characters', () => {
  it('are removed from cells and reported with file, row, column and count', async () => {
    const csv = utf8(DEALS.replace('1,A,100', '1,A\0\0,100').replace('2,B,', '2,B\0,'));
    const { model, report } = await importFiles(db.engine, [{ name: 'legacy.csv', bytes: csv }]);
    expect(model.tables.find((t) => t.name === 'deals')?.rows).toBe(2);
    const titles = (await db.engine.query('SELECT title FROM deals ORDER BY id')).toArray();
    expect(titles.map((r) => String((r.toJSON() as { title: string }).title))).toEqual(['A', 'B']);
    const warnings = report.files.flatMap((f) => f.warnings.map(english));
    expect(warnings, JSON.stringify(warnings)).toContain(
      'legacy.csv: 3 NUL characters removed from 2 cells (the first in row 2, column "title")',
    );
  });

  it('in a numeric cell leave the number readable', async () => {
    const raw = await readFile('n.csv', utf8('a,b\n1\0,x\n'));
    expect([...raw.rows()].map((r) => r.cells)).toEqual([['1', 'x']]);
    expect(raw.format.nul).toEqual({ count: 1, cells: 1, row: 2, column: 'a' });
  });

  it('do not hide UTF-16: a file without BOM, all NULs, is still read as UTF-16', () => {
    const text = 'id,title\n1,Alpha\n2,Beta\n';
    const le = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) le[i * 2] = text.charCodeAt(i);
    expect(decodeText(le)).toEqual({ text, encoding: 'utf-16le' });
    const be = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) be[i * 2 + 1] = text.charCodeAt(i);
    expect(decodeText(be)).toEqual({ text, encoding: 'utf-16be' });
  });

  it('a NUL-heavy binary file is still refused as binary', async () => {
    const bytes = new Uint8Array(4000);
    for (let i = 0; i < bytes.length; i += 3) bytes[i] = 0x41;
    expect(await readError(readFile('blob.csv', bytes))).toBe('not a text file (binary data)');
  });
});

describe('a malformed file among several', () => {
  const good = { name: 'ok.csv', bytes: utf8(DEALS) };

  async function withBad(name: string, bytes: Uint8Array) {
    const { model, report } = await importFiles(db.engine, [
      good,
      { name, bytes, kind: 'lookup' as const },
    ]);
    expect(model.tables.find((t) => t.name === 'deals')?.rows).toBe(2);
    expect(report.errors.map((e) => e.file)).toEqual([name]);
    return english(report.errors[0]!.reason);
  }

  it('a broken workbook is reported under its own name; the deals still load', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['k'], ['v']]), 'S');
    const whole = new Uint8Array(
      XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer,
    );
    const damaged = 'not a readable workbook: the file is damaged or incomplete';
    expect(await withBad('bad.xlsx', whole.subarray(0, whole.length >> 1))).toBe(damaged);
    expect(await withBad('junk.xlsx', utf8('PK\x03\x04 not a zip at all'))).toBe(damaged);
    // A whole zip directory over parts the library cannot read: its own reason, under the name.
    const z = zip([{ name: '[Content_Types].xml', data: utf8('<Types') }]);
    expect(await withBad('odd.xlsx', z)).toMatch(/^cannot be read: .+/);
  });

  it('deeply nested JSON gives a clear message, not a stack overflow', async () => {
    const deep = `[${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}]`;
    expect(await withBad('deep.json', utf8(deep))).toBe(
      'JSON nested deeper than 64 levels; expected an array of records',
    );
    expect(await withBad('arrays.json', utf8('['.repeat(500_000) + ']'.repeat(500_000)))).toBe(
      'JSON nested deeper than 64 levels; expected an array of records',
    );
  });

  it('an array of plain values gives a clear message, not a database error', async () => {
    expect(await withBad('numbers.json', utf8('[1,2,3]'))).toBe(
      'JSON must be an array of records (objects with named fields), not of plain values',
    );
  });

  it('brackets inside JSON strings do not count as nesting', async () => {
    const raw = await readFile('s.json', utf8(`[{"id":1,"note":"${'['.repeat(200)}\\"{"}]`));
    expect([...raw.rows()].map((r) => r.cells)).toEqual([[1, `${'['.repeat(200)}"{`]]);
  });
});

describe('a lookup that fails to load', () => {
  it('is reported under its own name; the deals and the other lookups stay', async () => {
    const deals = utf8('id,amount,status,client,manager\n1,100,won,c1,Ann\n2,50,lost,c2,Bob\n');
    const clients = utf8('client,region\nc1,North\nc2,South\n');
    const managers = utf8('manager,team\nAnn,East\nBob,West\n');
    // The engine fails the one statement that builds the clients table, as a database error would.
    const failing: Engine = Object.create(db.engine) as Engine;
    failing.exec = (sql: string) =>
      /^CREATE TABLE "?clients"? /.test(sql)
        ? Promise.reject(new Error('Out of Memory Error: simulated'))
        : db.engine.exec(sql);
    const { model, report } = await importFiles(failing, [
      { name: 'deals.csv', bytes: deals },
      { name: 'clients.csv', bytes: clients, kind: 'lookup' },
      { name: 'managers.csv', bytes: managers, kind: 'lookup' },
    ]);
    expect(report.errors.map((e) => [e.file, english(e.reason)])).toEqual([
      ['clients.csv', 'Out of Memory Error: simulated'],
    ]);
    expect(model.tables.map((t) => t.name).sort()).toEqual(['deals', 'managers', 'stages']);
    expect(model.tables.find((t) => t.name === 'deals')?.rows).toBe(2);
  });
});

describe('JSON within the memory budget', () => {
  it('refuses JSON whose parsed records would not fit, before parsing it', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `{"id":${i},"amount":${i}}`);
    const text = `[${rows.join(',')}]`;
    // ~0.5 MB of text × 6 ≈ 3 MB parsed: over a 2 MiB budget, under a 64 MiB one.
    expect(
      await readError(readFile('big.json', utf8(text), { memoryBudget: 2 * 2 ** 20 })),
    ).toMatch(/^needs about \d MB of memory once read; at most 2 MB fit in memory for one import$/);
    const raw = await readFile('big.json', utf8(text), { memoryBudget: 64 * 2 ** 20 });
    expect(raw.headers).toEqual(['id', 'amount']);
  });
});
