/**
 * The second pass: typed values in Arrow batches into a staging table. Every value that does not
 * fit its column's type becomes NULL and is reported with its row; rows are never dropped here.
 */
import { Bool, Float64, Table, Utf8, vectorFromArray } from 'apache-arrow';
import type { Engine } from '../engine/types.ts';
import { quoteIdent } from '../query/sql/escape.ts';
import { excelSerialToMs, formatTimestamp, parseDate } from './dates.ts';
import { isNullText, parseBoolean, parseNumber } from './values.ts';
import type { FileReportBuilder } from './report.ts';
import type { Cell, ImportOptions, RawTable, ValueFormat, ValueType } from './types.ts';

export interface LoadColumn {
  index: number;
  name: string;
  type: ValueType;
  format: ValueFormat;
}

const SQL_TYPE: Record<ValueType, string> = {
  text: 'VARCHAR',
  number: 'DOUBLE',
  date: 'TIMESTAMP',
  boolean: 'BOOLEAN',
};
const BATCH_TABLE = '_ingest_batch';
/** Excel serial days between 1927 and 2119: a plain number in a date column is only a date there. */
const SERIAL_MIN = 10_000;
const SERIAL_MAX = 80_000;

type Out = string | number | boolean | null;

/** Converts one cell; `undefined` means "did not parse" (reported, loaded as NULL). */
export function convertCell(
  cell: Cell,
  type: ValueType,
  format: ValueFormat,
  ru: boolean,
): Out | undefined {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'string' && isNullText(cell)) return null;
  switch (type) {
    case 'text':
      if (cell instanceof Date) return formatTimestamp(cell.getTime());
      return String(cell).trim();
    case 'number':
      if (typeof cell === 'number') return Number.isFinite(cell) ? cell : undefined;
      if (typeof cell === 'bigint') return Number(cell);
      if (typeof cell === 'string') return parseNumber(cell, format.decimal ?? (ru ? ',' : '.'));
      return undefined;
    case 'date': {
      if (cell instanceof Date)
        return Number.isNaN(cell.getTime()) ? undefined : formatTimestamp(cell.getTime());
      const n =
        typeof cell === 'number'
          ? cell
          : typeof cell === 'string' && /^\d{5}(\.\d+)?$/.test(cell.trim())
            ? Number(cell)
            : NaN;
      if (n >= SERIAL_MIN && n <= SERIAL_MAX) return formatTimestamp(excelSerialToMs(n));
      if (typeof cell !== 'string') return undefined;
      const t = parseDate(cell, format.dateOrder ?? (ru ? 'dmy' : 'mdy'));
      return t === undefined ? undefined : formatTimestamp(t);
    }
    case 'boolean':
      if (typeof cell === 'boolean') return cell;
      if (typeof cell === 'number') return cell === 1 ? true : cell === 0 ? false : undefined;
      if (typeof cell === 'string') return parseBoolean(cell);
      return undefined;
  }
}

/**
 * Creates `staging` with one column per LoadColumn and fills it in batches.
 * Returns the number of rows loaded; structural issues and parse failures go to `report`.
 */
export async function loadStaging(
  engine: Engine,
  raw: RawTable,
  columns: LoadColumn[],
  staging: string,
  report: FileReportBuilder,
  opts: Pick<ImportOptions, 'batchRows' | 'signal' | 'onProgress'> = {},
): Promise<number> {
  const batchRows = opts.batchRows ?? 50_000;
  const defs = columns.map((c) => `${quoteIdent(c.name)} ${SQL_TYPE[c.type]}`).join(', ');
  await engine.exec(`CREATE OR REPLACE TABLE ${quoteIdent(staging)} (${defs})`);
  const select = columns
    .map((c, i) => (c.type === 'date' ? `CAST(c${i} AS TIMESTAMP)` : `c${i}`))
    .join(', ');
  let buffers: Out[][] = columns.map(() => []);
  let loaded = 0;
  const flush = async () => {
    if (buffers[0]?.length === 0 || columns.length === 0) return;
    const vectors = Object.fromEntries(
      columns.map((c, i) => [
        `c${i}`,
        vectorFromArray(
          buffers[i]!,
          c.type === 'number' ? new Float64() : c.type === 'boolean' ? new Bool() : new Utf8(),
        ),
      ]),
    );
    await engine.insertArrow(BATCH_TABLE, new Table(vectors));
    await engine.exec(`INSERT INTO ${quoteIdent(staging)} SELECT ${select} FROM ${BATCH_TABLE}`);
    buffers = columns.map(() => []);
  };
  for (const r of raw.rows((issue) => report.reject(issue.row, issue.reason, issue.column))) {
    report.report.rowsRead++;
    columns.forEach((c, i) => {
      const cell = r.cells[c.index] ?? null;
      const v = convertCell(cell, c.type, c.format, raw.ruLocale);
      if (v === undefined) report.failure(c.name, c.type, r.row, String(cell));
      buffers[i]!.push(v ?? null);
    });
    loaded++;
    if (loaded % batchRows === 0) {
      opts.signal?.throwIfAborted();
      await flush();
      opts.onProgress?.({ file: raw.file, phase: 'load', rows: loaded });
    }
  }
  opts.signal?.throwIfAborted();
  await flush();
  await engine.exec(`DROP TABLE IF EXISTS ${BATCH_TABLE}`);
  report.report.rowsRead += report.report.rowsRejected;
  report.report.rowsLoaded = loaded;
  return loaded;
}
