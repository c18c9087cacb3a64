/**
 * The loader as it was before the fast path (src/ingest/convert.ts at a6f0d56): every value
 * converted on its own with the full number rules, dates as `YYYY-MM-DD HH:MM:SS` text cast by
 * DuckDB, Arrow vectors from `vectorFromArray`. Kept here only to check that the fast loader
 * produces the same staging tables and reports.
 */
import * as A from 'apache-arrow';
import type { Engine } from '../../../src/engine/types.ts';
import { quoteIdent } from '../../../src/query/sql/escape.ts';
import type { LoadColumn } from '../../../src/ingest/parse/convert.ts';
import { excelSerialToMs, formatTimestamp, parseDate } from '../../../src/ingest/parse/dates.ts';
import { isNullText, parseBoolean, parseNumberFull } from '../../../src/ingest/parse/values.ts';
import type { FileReportBuilder } from '../../../src/ingest/report.ts';
import type { Cell, RawTable, ValueFormat, ValueType } from '../../../src/ingest/types.ts';

type Out = string | number | boolean | null;
const SQL_TYPE: Record<ValueType, string> = {
  text: 'VARCHAR',
  number: 'DOUBLE',
  date: 'TIMESTAMP',
  boolean: 'BOOLEAN',
};

function convertCell(
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
      if (typeof cell === 'string')
        return parseNumberFull(cell, format.decimal ?? (ru ? ',' : '.'));
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
      if (n >= 10_000 && n <= 80_000) return formatTimestamp(excelSerialToMs(n));
      if (typeof cell !== 'string') return undefined;
      const t = parseDate(cell, format.dateOrder, ru ? 'dmy' : 'mdy');
      return t === undefined ? undefined : formatTimestamp(t);
    }
    case 'boolean':
      if (typeof cell === 'boolean') return cell;
      if (typeof cell === 'number') return cell === 1 ? true : cell === 0 ? false : undefined;
      if (typeof cell === 'string') return parseBoolean(cell);
      return undefined;
  }
}

export async function referenceLoad(
  engine: Engine,
  raw: RawTable,
  columns: LoadColumn[],
  staging: string,
  report: FileReportBuilder,
): Promise<void> {
  const defs = columns.map((c) => `${quoteIdent(c.name)} ${SQL_TYPE[c.type]}`).join(', ');
  await engine.exec(`CREATE OR REPLACE TABLE ${quoteIdent(staging)} (${defs})`);
  const select = columns
    .map((c, i) => (c.type === 'date' ? `CAST(c${i} AS TIMESTAMP)` : `c${i}`))
    .join(', ');
  const buffers: Out[][] = columns.map(() => []);
  for (const r of raw.rows((issue) => report.reject(issue.row, issue.reason, issue.column))) {
    report.report.rowsRead++;
    columns.forEach((c, i) => {
      const cell = r.cells[c.index] ?? null;
      const v = convertCell(cell, c.type, c.format, raw.ruLocale);
      if (v === undefined) report.failure(c.name, c.type, r.row, String(cell));
      buffers[i]!.push(v ?? null);
    });
    report.report.rowsLoaded++;
  }
  report.report.rowsRead += report.report.rowsRejected;
  if (buffers[0]!.length === 0) return;
  const vectors = Object.fromEntries(
    columns.map((c, i) => [
      `c${i}`,
      A.vectorFromArray(
        buffers[i]!,
        c.type === 'number' ? new A.Float64() : c.type === 'boolean' ? new A.Bool() : new A.Utf8(),
      ),
    ]),
  );
  await engine.insertArrow('_ref_batch', new A.Table(vectors));
  await engine.exec(`INSERT INTO ${quoteIdent(staging)} SELECT ${select} FROM _ref_batch`);
  await engine.exec(`DROP TABLE _ref_batch`);
}
