/**
 * Bytes → RawTable for every supported format. Formats are told by their magic bytes, not by
 * the file name, because users rename files; the name only breaks ties (a `.tsv` is still sniffed).
 */
import { msg } from '../../lib/message.ts';
import * as XLSX from '@e965/xlsx';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { tableFromIPC, DataType, type Table } from 'apache-arrow';
import { decodeText, DecodeError, type Decoded } from './encoding/decode.ts';
import {
  HEAD_BYTES,
  readCsvSource,
  utf8Text,
  wholeText,
  type TextSource,
} from './csv/csv-table.ts';
import { checkWidth, dedupeHeaders } from './headers.ts';
import { excelSerialToMs } from '../parse/dates.ts';
import type { Cell, RawRow, RawTable } from '../types.ts';
import { ReadError } from './errors.ts';
import { maxWorkbookXml } from './limits.ts';
import { checkZipExpansion } from './zip.ts';
import { readJson } from './json.ts';
import { objectTable, toCell } from './object-table.ts';
import { withoutNul } from './encoding/nul.ts';
import { HeadText, NeedsMore } from './big-file/head-text.ts';

export { ReadError } from './errors.ts';
export { NeedsMore } from './big-file/head-text.ts';
export { MAX_COLUMNS } from './limits.ts';
export { countLines, readCsvText } from './csv/csv-table.ts';
export { dedupeHeaders } from './headers.ts';

export interface ReadOptions {
  encoding?: string;
  sheet?: string;
  /** Bytes this import may use (the page's memory budget); caps what a workbook may expand to. */
  memoryBudget?: number;
  /** Bytes decoded before the rest is needed (`HEAD_BYTES`; tests make it small). */
  headBytes?: number;
}

/**
 * Tables already read, by the bytes they were read from: the ingest worker hands the bytes of a
 * file it inspected for the mapping screen to the import again, which then neither checks nor
 * decodes them a second time. A table is re-iterable and never changed once read, and nobody
 * changes bytes handed to `readFile`, so the same bytes and options give the same table.
 */
const tables = new WeakMap<Uint8Array, Map<string, RawTable>>();

/** The first bytes of bigger files, with the whole file's size: see `readHead`. */
const heads = new WeakMap<Uint8Array, number>();
/** The text of each table read from a head, which `adoptWhole` completes. */
const headTexts = new WeakMap<RawTable, HeadText>();

/**
 * Marks `bytes` as the first bytes of a file of `total` bytes: `readFile` reads them as the
 * start of that file (`HeadText`), or throws `NeedsMore` when it needs what follows (a binary
 * format, JSON, an encoding other than UTF-8, a sample longer than the head).
 */
export function markHead(bytes: Uint8Array, total: number): void {
  heads.set(bytes, total);
}

/** The head's size and the whole file's, for bytes marked as a head. */
export function headOf(bytes: Uint8Array): { bytes: number; total: number } | undefined {
  const total = heads.get(bytes);
  return total === undefined ? undefined : { bytes: bytes.length, total };
}

/** Whether a table read from a head still waits for its whole file (its line count is an estimate). */
export function readFromHead(table: RawTable): boolean {
  return headTexts.get(table)?.estimated ?? false;
}

/**
 * The whole file of `head` has arrived: each table read from the head becomes the whole file's
 * (and `readFile(name, whole)` finds it) when the whole bytes read as the head promised; when
 * they do not (not UTF-8 past the head, NUL characters, a changed file), nothing is kept, and the
 * whole bytes are read afresh, exactly as without a head. True when a table was kept.
 */
export function adoptWhole(head: Uint8Array, whole: Uint8Array): boolean {
  const read = tables.get(head);
  if (!read) return false;
  const kept = new Map<string, RawTable>();
  for (const [key, table] of read) {
    const text = headTexts.get(table);
    if (!text?.adopt(whole) || !table.csv) continue;
    table.csv.bytes = whole;
    kept.set(key, table);
  }
  if (kept.size === 0) return false;
  tables.set(whole, kept);
  return true;
}

/** Reads one file into its table(s). XLSX gives one table: the chosen sheet or the first non-empty one. */
export async function readFile(
  name: string,
  bytes: Uint8Array,
  opts: ReadOptions = {},
): Promise<RawTable> {
  const key = JSON.stringify([name, opts.encoding, opts.sheet, opts.memoryBudget, opts.headBytes]);
  const known = tables.get(bytes)?.get(key);
  if (known) return known;
  const table = await readOnce(name, bytes, opts);
  tables.set(bytes, (tables.get(bytes) ?? new Map<string, RawTable>()).set(key, table));
  return table;
}

async function readOnce(name: string, bytes: Uint8Array, opts: ReadOptions): Promise<RawTable> {
  try {
    return await readAny(name, bytes, opts);
  } catch (e) {
    // A library's own error (a corrupt zip, a stack overflow on a freak file) still names the
    // file in the report instead of aborting the whole import.
    if (e instanceof ReadError || e instanceof NeedsMore || (e as Error).name === 'AbortError')
      throw e;
    throw new ReadError(msg('read_unreadable', { reason: (e as Error).message }));
  }
}

async function readAny(name: string, bytes: Uint8Array, opts: ReadOptions): Promise<RawTable> {
  if (bytes.length === 0) throw new ReadError(msg('read_empty'));
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  const total = heads.get(bytes);
  // Binary formats are read whole: a head of one is no file.
  const whole = () => {
    if (total !== undefined) throw new NeedsMore('not a text file');
  };
  if (magic.startsWith('PAR1')) {
    whole();
    return readParquet(name, bytes);
  }
  if (
    magic.startsWith('ARROW1') ||
    (bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff)
  ) {
    whole();
    return readArrow(name, bytes);
  }
  if (
    magic.startsWith('PK\x03\x04') ||
    (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
  ) {
    whole();
    if (bytes[0] === 0x50) await checkZipExpansion(bytes, maxWorkbookXml(opts.memoryBudget));
    return readWorkbook(name, bytes, opts.sheet);
  }
  const headBytes = opts.headBytes ?? HEAD_BYTES;
  const fromHead = total === undefined || opts.encoding ? null : HeadText.of(bytes, total);
  if (total !== undefined && !fromHead) throw new NeedsMore('the head is not UTF-8 text');
  const lazy = fromHead ?? (opts.encoding ? null : utf8Text(bytes, headBytes));
  let source: TextSource;
  let decoded: Decoded | null = null;
  if (lazy) source = lazy;
  else {
    try {
      decoded = decodeText(bytes, opts.encoding);
    } catch (e) {
      if (e instanceof DecodeError) throw new ReadError(e.msg);
      throw e;
    }
    source = wholeText(decoded.text);
  }
  const encoding = decoded?.encoding ?? 'utf-8';
  const mixed = decoded?.mixed;
  const lead =
    source.head.trimStart()[0] ?? (source.whole ? undefined : source.all().trimStart()[0]);
  const table =
    ((lead === '[' || lead === '{') && /\.(json|jsonl|ndjson)$/i.test(name)) ||
    (lead === '[' && !/\.(csv|tsv|txt)$/i.test(name))
      ? readJson(name, source.all(), encoding, opts.memoryBudget)
      : readCsvSource(name, source, encoding);
  if (mixed) table.format.mixed = mixed;
  // Valid UTF-8 decodes one to one (a BOM aside): DuckDB can read the file's own bytes. The
  // eager decoder is left only files that are not, or a BOM-less UTF-8 file of one head or less.
  const utf8 =
    lazy !== null ||
    (!opts.encoding &&
      !mixed &&
      encoding === 'utf-8' &&
      !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf));
  // A head's table gets the whole file's bytes when they arrive (`adoptWhole`).
  if (utf8 && table.csv && !fromHead) table.csv.bytes = bytes;
  if (fromHead) headTexts.set(table, fromHead);
  // Legacy exports pad cells with NULs; a raw NUL in JSON text fails its parse with a clear message.
  const nul = lazy
    ? lazy.nul
    : decoded!.text.includes('\u0000') || decoded!.text.includes('\\u0000');
  return nul ? withoutNul(table) : table;
}

function readWorkbook(name: string, bytes: Uint8Array, sheet?: string): RawTable {
  const wb = XLSX.read(bytes, { type: 'array', cellNF: true, cellDates: false, dense: false });
  const names = wb.SheetNames;
  const pick = sheet ?? names.find((n) => wb.Sheets[n]?.['!ref']) ?? names[0];
  const ws = pick === undefined ? undefined : wb.Sheets[pick];
  if (!ws || pick === undefined)
    throw new ReadError(
      sheet ? msg('read_noSheet', { sheet, sheets: names }) : msg('read_noSheets'),
    );
  const ref = ws['!ref'];
  if (!ref) throw new ReadError(msg('read_emptySheet', { sheet: pick }));
  const range = XLSX.utils.decode_range(ref);
  const cellAt = (r: number, c: number): Cell => {
    const cell = ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined;
    if (!cell || cell.v === undefined || cell.t === 'e' || cell.t === 'z') return null;
    if (
      cell.t === 'n' &&
      typeof cell.v === 'number' &&
      typeof cell.z === 'string' &&
      XLSX.SSF.is_date(cell.z)
    ) {
      return new Date(excelSerialToMs(cell.v));
    }
    return cell.v as Cell;
  };
  const header: string[] = [];
  for (let c = range.s.c; c <= range.e.c; c++)
    header.push(String(cellAt(range.s.r, c) ?? '').trim());
  const headers = dedupeHeaders(header);
  checkWidth(headers);
  return {
    file: `${name}#${pick}`,
    headers,
    format: { type: 'xlsx', sheet: pick, sheets: names },
    ruLocale: /[а-яё]/i.test(headers.join(' ')),
    *rows(): Iterable<RawRow> {
      for (let r = range.s.r + 1; r <= range.e.r; r++) {
        const cells: Cell[] = [];
        let any = false;
        for (let c = range.s.c; c <= range.e.c; c++) {
          const v = cellAt(r, c);
          if (v !== null && v !== '') any = true;
          cells.push(v);
        }
        if (any) yield { row: r + 1, cells };
      }
    },
  };
}

async function readParquet(name: string, bytes: Uint8Array): Promise<RawTable> {
  // A copy in an ArrayBuffer of its own: hyparquet takes no SharedArrayBuffer, which is what the
  // CLI reads a file into (cli/load.ts), and a slice of one is shared too.
  const file = new Uint8Array(bytes).buffer;
  let headers: string[];
  let objects: Record<string, unknown>[];
  try {
    headers = parquetSchema(parquetMetadata(file)).children.map((c) => c.element.name);
    objects = await parquetReadObjects({ file });
  } catch (e) {
    throw new ReadError(msg('read_parquet', { reason: (e as Error).message }));
  }
  return objectTable(name, headers, objects, { type: 'parquet' });
}

function readArrow(name: string, bytes: Uint8Array): RawTable {
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (e) {
    throw new ReadError(msg('read_arrow', { reason: (e as Error).message }));
  }
  const fields = table.schema.fields;
  const headers = dedupeHeaders(fields.map((f) => f.name));
  checkWidth(headers);
  const cols = fields.map((f, i) => ({
    vec: table.getChildAt(i),
    dated: DataType.isTimestamp(f.type) || DataType.isDate(f.type),
  }));
  return {
    file: name,
    headers,
    format: { type: 'arrow' },
    ruLocale: false,
    *rows(): Iterable<RawRow> {
      for (let r = 0; r < table.numRows; r++) {
        const cells = cols.map(({ vec, dated }): Cell => {
          const v: unknown = vec?.get(r);
          if (v === null || v === undefined) return null;
          if (dated && (typeof v === 'number' || typeof v === 'bigint')) return new Date(Number(v));
          return toCell(v);
        });
        yield { row: r + 2, cells };
      }
    },
  };
}
