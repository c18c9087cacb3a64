/**
 * The second pass: typed values in Arrow batches into a staging table. Every value that does not
 * fit its column's type becomes NULL and is reported with its row; rows are never dropped here.
 */
import { Table } from 'apache-arrow';
import type { Engine } from '../../engine/types.ts';
import { quoteIdent } from '../../query/sql/escape.ts';
import { ColumnBuilder, type BuilderKind } from './columns.ts';
import { excelSerialToMs, formatTimestamp, parseDate } from './dates.ts';
import { isNullText, parseBoolean, parseNumber } from './values.ts';
import { mayRound, roundsBigint, roundsText } from './precision.ts';
import type { FileReportBuilder } from '../report.ts';
import type { Cell, ImportOptions, RawTable, ValueFormat, ValueType } from '../types.ts';

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
export const SERIAL_MIN = 10_000;
export const SERIAL_MAX = 80_000;
/** A date column's text that may be an Excel serial (then read as one when in range). */
export const SERIAL_TEXT = /^\d{5}(\.\d+)?$/;

type Out = string | number | boolean | null;

const BUILDER: Record<ValueType, BuilderKind> = {
  text: 'utf8',
  number: 'f64',
  date: 'f64',
  boolean: 'bool',
};
/** Distinct source texts remembered per typed column (dates and stages repeat; ids do not). */
const MEMO_MAX = 50_000;
/** Lookups after which a memo that hit less than half the time is dropped. */
const MEMO_TRIAL = 5_000;

/**
 * Converts one cell; `undefined` means "did not parse" (reported, loaded as NULL). Dates come out
 * as epoch milliseconds of the naive wall time (the staging table turns them into TIMESTAMP).
 */
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
      if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : cell.getTime();
      const n =
        typeof cell === 'number'
          ? cell
          : typeof cell === 'string' && SERIAL_TEXT.test(cell.trim())
            ? Number(cell)
            : NaN;
      if (n >= SERIAL_MIN && n <= SERIAL_MAX) return excelSerialToMs(n);
      if (typeof cell !== 'string') return undefined;
      return parseDate(cell, format.dateOrder, ru ? 'dmy' : 'mdy');
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
  // Dates travel as epoch milliseconds (whole: every source yields whole milliseconds).
  const select = columns
    .map((c, i) => (c.type === 'date' ? `epoch_ms(CAST(c${i} AS BIGINT))` : `c${i}`))
    .join(', ');
  const fresh = () => columns.map((c) => new ColumnBuilder(BUILDER[c.type], batchRows));
  let builders = fresh();
  // The same text converts the same way within a column: dates and flags repeat a lot. A column
  // whose values mostly differ (ids, amounts) drops its memo: a missed lookup costs more than it saves.
  const memos = columns.map((c) => (c.type === 'text' ? null : new Map<string, Out | undefined>()));
  const hits = columns.map(() => 0);
  const looks = columns.map(() => 0);
  // The values of each number column that load rounded (`precision.ts`): outside the memo, as a
  // memo hit is such a value too.
  const rounding = columns.map((c) =>
    c.type === 'number'
      ? { decimal: c.format.decimal ?? (raw.ruLocale ? ',' : '.'), n: 0, row: 0, value: '' }
      : null,
  );
  let loaded = 0;
  const send = async (batch: Table) => {
    await engine.insertArrow(BATCH_TABLE, batch);
    await engine.exec(`INSERT INTO ${quoteIdent(staging)} SELECT ${select} FROM ${BATCH_TABLE}`);
  };
  // One batch travels to DuckDB while the next is converted (in the browser they run on
  // different threads); never more, so memory stays at two batches.
  let inflight: Promise<void> | null = null;
  const flush = async () => {
    if (builders[0]?.length === 0 || columns.length === 0) return;
    const batch = new Table(Object.fromEntries(builders.map((b, i) => [`c${i}`, b.finish()])));
    builders = fresh();
    if (inflight) await inflight;
    inflight = send(batch);
    inflight.catch(() => undefined);
  };
  for (const r of raw.rows((issue) => report.reject(issue.row, issue.reason, issue.column))) {
    report.report.rowsRead++;
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      const cell = r.cells[c.index] ?? null;
      const memo = memos[i];
      let v: Out | undefined;
      if (memo && typeof cell === 'string') {
        v = memo.get(cell);
        if (v === undefined && !memo.has(cell)) {
          v = convertCell(cell, c.type, c.format, raw.ruLocale);
          if (memo.size < MEMO_MAX) memo.set(cell, v);
        } else hits[i]!++;
        if (++looks[i]! === MEMO_TRIAL && hits[i]! < MEMO_TRIAL / 2) memos[i] = null;
      } else v = convertCell(cell, c.type, c.format, raw.ruLocale);
      if (v === undefined) report.failure(c.name, c.type, r.row, String(cell));
      else if (v !== null) {
        const x = rounding[i];
        if (x && rounds(cell, x.decimal) && x.n++ === 0) [x.row, x.value] = [r.row, String(cell)];
      }
      builders[i]!.push(v ?? null);
    }
    loaded++;
    if (loaded % batchRows === 0) {
      opts.signal?.throwIfAborted();
      await flush();
      opts.onProgress?.({ file: raw.file, phase: 'load', rows: loaded });
    }
  }
  opts.signal?.throwIfAborted();
  await flush();
  if (inflight) await inflight;
  rounding.forEach((x, i) => {
    if (x && x.n > 0) report.rounded(columns[i]!.name, x.n, x.row, x.value);
  });
  await engine.exec(`DROP TABLE IF EXISTS ${BATCH_TABLE}`);
  report.report.rowsRead += report.report.rowsRejected;
  report.report.rowsLoaded = loaded;
  return loaded;
}

/** Whether a cell a number column read loads as another number (`precision.ts`). */
function rounds(cell: Cell, decimal: ',' | '.'): boolean {
  if (typeof cell === 'string') return mayRound(cell) && roundsText(cell, decimal);
  return typeof cell === 'bigint' && roundsBigint(cell);
}
