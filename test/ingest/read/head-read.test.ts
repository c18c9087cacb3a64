/**
 * A big file inspected alone is read from its head for the mapping screen, the whole file after
 * (worker-files.ts, read/big-file/head-text.ts). Checked against the whole-file read it replaces: the same
 * inspection wherever the head is cut (inside a character, inside a quoted multi-line field),
 * the row count an estimate marked as one, and at "Import" either the head's table (the whole
 * file read as the head promised) or exactly today's fresh read of the whole bytes: a non-UTF-8
 * byte or a NUL past the head, a file changed between the reads.
 */
import { describe, expect, it } from 'vitest';
import { WorkerFiles } from '../../../src/ingest/worker/worker-files.ts';
import { inspectTables, type Inspection } from '../../../src/ingest/read/inspect.ts';
import { NeedsMore, readFile, readFromHead } from '../../../src/ingest/read/readers.ts';
import type { RawTable } from '../../../src/ingest/types.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const ROWS = 95_000;
/** A head that holds the sample and more, but less than half the file. */
const HEAD = 4 << 20;

/** An amoCRM-style export; `row(i)` may change a row. */
function exportText(row: (i: number, line: string) => string = (_i, l) => l): string {
  const stages = [
    'Первичный контакт',
    'Переговоры',
    'Успешно реализовано',
    'Закрыто и не реализовано',
  ];
  const lines = ['ID;Название;Бюджет;Этап;Дата создания;Заметка'];
  for (let i = 0; i < ROWS; i++) {
    const note = i % 97 === 0 ? '"две\nстроки; ""кавычки"""' : `заметка ${i % 13}`;
    lines.push(
      row(
        i,
        `${1000 + i};Сделка ${i};${(i * 37) % 100_000},${i % 100};${stages[i % 4]};${String(1 + (i % 28)).padStart(2, '0')}.03.2024;${note}`,
      ),
    );
  }
  return lines.join('\n') + '\n';
}

const posted = (blob: Blob, blobId = 1, name = 'deals.csv') => [{ name, blob, blobId }];

/** The inspection without what only a head's read may differ in: the row estimate. */
function same(i: Inspection): string {
  return JSON.stringify(i, (k, v: unknown) => (k === 'rows' || k === 'fromHead' ? undefined : v));
}

async function wholeInspection(bytes: Uint8Array) {
  // A fresh copy: today's read of the whole bytes, nothing cached.
  return inspectTables([{ name: 'deals.csv', bytes: new Uint8Array(bytes) }]);
}

async function headInspection(files: WorkerFiles, blob: Blob, head = HEAD, name?: string) {
  for (let h = head; ; h *= 4) {
    const taken = await files.take(posted(blob, blob.size, name), 'inspect', h);
    try {
      return { taken, ...(await inspectTables(taken)) };
    } catch (e) {
      if (!(e instanceof NeedsMore)) throw e;
    }
  }
}

/** Files whose reads are listed: `read` (whole, at once), `head` (a slice), `rest` (whole, after a head). */
function counting() {
  const reads: string[] = [];
  const reader = (tag: string) => (b: Blob) => {
    reads.push(`${tag} ${b.size}`);
    return b.arrayBuffer();
  };
  const files = () => new WorkerFiles(reader('read'), reader('head'), reader('rest'));
  return { reads, files };
}

describe('inspection from the head of a big file', () => {
  const bytes = utf8(exportText());

  it('reads only the head, and shows what the whole file shows but the row estimate', async () => {
    const { reads, files: make } = counting();
    const files = make();
    const blob = new Blob([bytes]);
    const { inspection, taken } = await headInspection(files, blob);
    // The whole file is being read meanwhile; the inspection took the head.
    expect(reads).toEqual([`rest ${bytes.length}`, `head ${HEAD}`]);
    expect(taken[0]!.bytes.length).toBe(HEAD);
    const whole = await wholeInspection(bytes);
    expect(same(inspection)).toBe(same(whole.inspection));
    const t = inspection.tables[0]!;
    // Marked as an estimate, within a few per cent of the real count.
    expect(t.fromHead).toEqual({ bytes: HEAD, total: bytes.length });
    expect(whole.inspection.tables[0]!.fromHead).toBeUndefined();
    expect(Math.abs(t.proposal.rows - ROWS) / ROWS).toBeLessThan(0.05);
  });

  it('gives the same inspection wherever the head is cut: in a character, in a quoted field', async () => {
    const whole = same((await wholeInspection(bytes)).inspection);
    const text = new TextDecoder().decode(bytes.subarray(0, HEAD));
    // Cuts just inside a two-byte letter and inside the quoted two-line note.
    const inChar = utf8(text.slice(0, text.lastIndexOf('Сделка') + 1)).length + 1;
    const note = utf8(text.slice(0, text.lastIndexOf('"две\n') + 4)).length + 1;
    for (const head of [inChar, note, HEAD + 1, HEAD + 2, HEAD + 3]) {
      const files = new WorkerFiles();
      const { inspection, tables } = await headInspection(files, new Blob([bytes]), head);
      expect(same(inspection), `head of ${head} bytes`).toBe(whole);
      expect(readFromHead(tables[0]!)).toBe(true);
    }
  });

  it('at "Import", reads the whole file once and keeps the head’s table, now the whole file’s', async () => {
    const { reads, files: make } = counting();
    const files = make();
    const blob = new Blob([bytes]);
    const { tables } = await headInspection(files, blob);
    await files.readRest();
    expect(reads).toEqual([`rest ${bytes.length}`, `head ${HEAD}`]);
    const [file] = await files.take(posted(blob, blob.size), 'import');
    expect(reads).toHaveLength(2);
    expect(Buffer.compare(file!.bytes, bytes)).toBe(0);
    const table = await readFile('deals.csv', file!.bytes);
    expect(table).toBe(tables[0]);
    expect(readFromHead(table)).toBe(false);
    expect(table.lineCount!()).toBe(ROWS + 1 + Math.floor((ROWS - 1) / 97) + 1);
    expect(table.csv!.bytes).toBe(file!.bytes);
    // Its rows are the whole file's, past the head too.
    const fresh = await readFile('deals.csv', new Uint8Array(bytes));
    expect(rowsOf(table) === rowsOf(fresh)).toBe(true);
    const again = await inspectTables([file!]);
    const today = await wholeInspection(bytes);
    expect(again.inspection.tables[0]!.proposal.rows).toBe(
      today.inspection.tables[0]!.proposal.rows,
    );
  });

  it('an import before the rest is read waits for it; a second inspection reuses the head', async () => {
    const { reads, files: make } = counting();
    const files = make();
    const blob = new Blob([bytes]);
    await headInspection(files, blob);
    await headInspection(files, blob);
    const [file] = await files.take(posted(blob, blob.size), 'import');
    expect(reads).toEqual([`rest ${bytes.length}`, `head ${HEAD}`]);
    expect(readFromHead(await readFile('deals.csv', file!.bytes))).toBe(false);
  });

  it('reads whole: several files, a small file, a chosen encoding', async () => {
    const { reads, files: make } = counting();
    const files = make();
    const blob = new Blob([bytes]);
    await files.take(
      [...posted(blob), { name: 'b.csv', blob: new Blob(['a\n1\n']), blobId: 2 }],
      'inspect',
      HEAD,
    );
    await files.take(posted(new Blob([bytes.subarray(0, 2 * HEAD)]), 3), 'inspect', HEAD);
    await files.take([{ ...posted(blob)[0]!, encoding: 'utf-8' }], 'inspect', HEAD);
    expect(reads).toEqual([
      `read ${bytes.length}`,
      'read 4',
      `read ${2 * HEAD}`,
      `read ${bytes.length}`,
    ]);
  });

  it('grows the head when the sample needs more rows, up to the whole file', async () => {
    const { reads, files: make } = counting();
    const files = make();
    const { inspection } = await headInspection(files, new Blob([bytes]), 256 << 10);
    const heads = (...kb: number[]) => kb.map((k) => `head ${k << 10}`);
    expect(reads).toEqual([`rest ${bytes.length}`, ...heads(256, 1024, 4096)]);
    expect(same(inspection)).toBe(same((await wholeInspection(bytes)).inspection));
    const small = make();
    await headInspection(small, new Blob([bytes]), 64 << 10);
    expect(reads.slice(4)).toEqual([`rest ${bytes.length}`, ...heads(64, 256, 1024, 4096)]);
  });

  it('reads a binary format or a JSON file whole', async () => {
    const zip = new Uint8Array(4 * HEAD);
    zip.set([0x50, 0x4b, 3, 4]);
    const { reads, files: make } = counting();
    const files = make();
    await headInspection(files, new Blob([zip]));
    const json = utf8(
      '[' +
        Array.from({ length: 70_000 }, (_, i) => `{"id":${i},"name":"сделка ${i}"}`).join(',\n') +
        ']',
    );
    const { inspection } = await headInspection(files, new Blob([json]), 256 << 10, 'deals.json');
    // Each grows past half the file: the whole read under way is what it reads.
    expect(reads).toEqual([
      `rest ${zip.length}`,
      `head ${HEAD}`,
      `rest ${json.length}`,
      `head ${256 << 10}`,
      `head ${1 << 20}`,
    ]);
    expect(inspection.tables[0]!.proposal.rows).toBe(70_000);
    expect(inspection.tables[0]!.fromHead).toBeUndefined();
  });
});

describe('a whole file that does not read as its head promised', () => {
  async function importOf(bytes: Uint8Array<ArrayBuffer>) {
    const files = new WorkerFiles();
    const blob = new Blob([bytes]);
    const { tables, inspection } = await headInspection(files, blob);
    expect(readFromHead(tables[0]!)).toBe(true);
    await files.readRest();
    const [file] = await files.take(posted(blob, blob.size), 'import');
    const table = await readFile('deals.csv', file!.bytes);
    // Today's read of the same bytes, nothing cached.
    const today = await wholeInspection(bytes);
    const now = await inspectTables([file!]);
    expect(same(now.inspection)).toBe(same(today.inspection));
    expect(now.inspection.tables[0]!.proposal.rows).toBe(today.inspection.tables[0]!.proposal.rows);
    return { head: tables[0]!, table, inspection, today };
  }

  it('a Windows-1251 byte late in the file: read afresh, with the mixed-encoding warning', async () => {
    const late = ROWS - 100;
    const text = exportText((i, l) => (i === late ? l.replace('Сделка', 'Сд\u0000елка') : l));
    const bytes = utf8(text);
    // The marker becomes one Windows-1251 byte (0xE5, "е") in otherwise UTF-8 bytes.
    const at = bytes.indexOf(0, HEAD);
    const broken = new Uint8Array(bytes.length - 2);
    broken.set(bytes.subarray(0, at));
    broken[at] = 0xe5;
    broken.set(bytes.subarray(at + 3), at + 1);
    const { head, table, inspection, today } = await importOf(broken);
    expect(table).not.toBe(head);
    expect(table.format.mixed).toMatchObject({ encoding: 'windows-1251', count: 1 });
    const codes = (i: Inspection) => i.tables[0]!.proposal.warnings.map((w) => w.code);
    expect(codes(today.inspection)).toContain('import_mixedEncoding');
    expect(codes(inspection)).not.toContain('import_mixedEncoding');
  });

  it('a NUL late in the file: read afresh, its NULs counted', async () => {
    const late = ROWS - 10;
    const { head, table } = await importOf(
      utf8(exportText((i, l) => (i === late ? l.replace('Сделка', 'Сд\u0000елка') : l))),
    );
    expect(table).not.toBe(head);
    expect(table.format.nul).toMatchObject({ count: 1, cells: 1 });
  });

  it('a file changed between the two reads: read afresh', async () => {
    const bytes = utf8(exportText());
    let n = 0;
    const changing = new WorkerFiles(
      (b) => b.arrayBuffer(),
      async (b) =>
        n++ === 0
          ? utf8('X' + new TextDecoder().decode(await b.arrayBuffer()).slice(1))
          : b.arrayBuffer(),
    );
    const blob = new Blob([bytes]);
    const { tables } = await headInspection(changing, blob);
    const [file] = await changing.take(posted(blob, blob.size), 'import');
    const table = await readFile('deals.csv', file!.bytes);
    expect(table).not.toBe(tables[0]);
    expect(table.headers[0]).toBe('ID');
    expect(tables[0]!.headers[0]).toBe('XD');
  });
});

function rowsOf(t: RawTable): string {
  let out = '';
  for (const r of t.rows()) out += `${r.row}:${r.cells.join('|')}\n`;
  return out;
}
