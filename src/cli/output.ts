/**
 * Query results as flat rows for the terminal: JSON (an array of objects) or CSV. Values keep
 * their meaning: numbers stay numbers, rates and growth stay fractions (0.25, not 25%), dates and
 * timestamps become `YYYY-MM-DD`. Only the columns the caller names are printed, under the names
 * the caller gives them.
 */
import { DataType, type Table } from 'apache-arrow';
import { neutralise } from '../charts/export/export.ts';
import type { ImportReport } from '../ingest/report.ts';
import { MessageError, msg, plain, type Message } from '../lib/message.ts';
import type { Lang } from '../lib/i18n.ts';

export type Value = string | number | boolean | null;
export type FlatRow = Record<string, Value>;

/** A result column to print: `key` in the Arrow table, `name` in the output. */
export interface OutColumn {
  key: string;
  name: string;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Reads the named columns of an Arrow table into plain rows. */
export function toRows(table: Table, columns: OutColumn[]): FlatRow[] {
  const readers = columns.map((c) => {
    const vec = table.getChild(c.key);
    if (!vec) throw new Error(`internal: result has no column '${c.key}'`);
    const dated = DataType.isDate(vec.type) || DataType.isTimestamp(vec.type);
    return (i: number): Value => {
      const v: unknown = vec.get(i);
      if (v === null || v === undefined) return null;
      if (dated && typeof v === 'number') return isoDate(v);
      if (v instanceof Date) return isoDate(v.getTime());
      if (typeof v === 'bigint') return Number(v);
      if (typeof v === 'number') return Number.isFinite(v) ? v : null;
      if (typeof v === 'string' || typeof v === 'boolean') return v;
      return String(v);
    };
  });
  const out: FlatRow[] = [];
  for (let i = 0; i < table.numRows; i++) {
    // Prototype-less, so a column named `__proto__` is kept as a column.
    const row = Object.create(null) as FlatRow;
    columns.forEach((c, j) => (row[c.name] = readers[j]!(i)));
    out.push(row);
  }
  return out;
}

export function formatJson(rows: FlatRow[]): string {
  if (rows.length === 0) return '[]\n';
  return `[\n${rows.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]\n`;
}

/**
 * One CSV field (RFC 4180): quoted when it holds a delimiter, quote, line break or edge spaces.
 * Text a spreadsheet would run as a formula is neutralised as the UI's exports do; numbers are
 * numbers, so -5 stays -5.
 */
export function csvField(v: Value): string {
  if (v === null) return '';
  const s = typeof v === 'string' ? neutralise(v) : String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function formatCsv(rows: FlatRow[], names: string[]): string {
  const lines = [names.map(csvField).join(',')];
  for (const r of rows) lines.push(names.map((n) => csvField(r[n] ?? null)).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * One readable line from any error: ours (a message) in `lang`, ids as typed; DuckDB's JSON
 * errors unpacked; whitespace collapsed.
 */
export function errorLine(e: unknown, lang: Lang = 'en'): string {
  let msg =
    e instanceof MessageError ? plain(lang, e.msg) : e instanceof Error ? e.message : String(e);
  try {
    const j = JSON.parse(msg) as { exception_type?: string; exception_message?: string };
    if (j.exception_message)
      msg = `${j.exception_type ?? 'DuckDB'} error: ${j.exception_message.split('\n')[0]}`;
  } catch {
    // not JSON: keep the message
  }
  return msg.replace(/\s+/g, ' ').trim();
}

/**
 * Everything the import left out or changed, as stderr lines: unreadable files, rejected rows
 * (count and the first few), values that failed to parse (count and examples), each file's and
 * the dataset's warnings (unmatched lookup keys…). A report with fewer deals never says nothing.
 */
export function importNotes(report: ImportReport, lang: Lang = 'en'): string[] {
  const say = (m: Message) => plain(lang, m);
  const out: string[] = [];
  for (const e of report.errors)
    out.push(say(msg('import_fileError', { file: e.file, reason: e.reason })));
  for (const f of report.files) {
    if (f.rowsRejected > 0) {
      const first = f.rejected
        .slice(0, 3)
        .map((r) =>
          say(
            r.column
              ? msg('cli_rowColumn', { row: r.row, column: r.column, reason: r.reason })
              : msg('cli_row', { row: r.row, reason: r.reason }),
          ),
        )
        .join('; ');
      out.push(
        say(msg('cli_rejected', { file: f.file, n: f.rowsRejected, read: f.rowsRead, first })),
      );
    }
    for (const p of f.failures) {
      const examples = p.examples
        .map((e) => say(msg('cli_row', { row: e.row, reason: JSON.stringify(e.value) })))
        .join('; ');
      const type = msg(`valueType_${p.expected}`);
      out.push(
        say(msg('cli_failures', { file: f.file, column: p.column, n: p.count, type, examples })),
      );
    }
    for (const w of f.warnings) out.push(`${f.file}: ${say(w)}`);
  }
  for (const w of report.warnings) out.push(say(w));
  return out;
}
