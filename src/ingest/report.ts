/**
 * The import report: what was read, loaded and rejected per file, and which values failed to
 * parse, with a few examples each so the user can find them in the source. Every reason and
 * warning is a message (`lib/message.ts`): the UI shows it in its language, the CLI in English.
 */
import { english, msg, type Message } from '../lib/message.ts';
import type { Labels } from '../lib/i18n.ts';
import { blankLabelOf, columnParam } from './read/headers.ts';
import type { ValueType } from './types.ts';

export interface RejectedRow {
  row: number;
  column?: string;
  reason: Message;
}

export interface ParseFailures {
  column: string;
  /** A blank header's column: the label a person reads ("Column 4"), its id `column`. */
  label?: Labels;
  /** The type the column is loaded as, which these values are not. */
  expected: ValueType;
  count: number;
  examples: { row: number; value: string }[];
}

export interface FileReport {
  file: string;
  table: string;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** First rejected rows (capped); `rowsRejected` has the full count. */
  rejected: RejectedRow[];
  failures: ParseFailures[];
  warnings: Message[];
}

/** A file that could not be read at all, and why. */
export interface FileError {
  file: string;
  reason: Message;
}

export interface ImportReport {
  files: FileReport[];
  /** Dataset-level findings: unmatched keys, derived statuses, guessed stage order… */
  warnings: Message[];
  /** Files that could not be read at all, with the reason. */
  errors: FileError[];
}

const MAX_REJECTED = 100;
const MAX_EXAMPLES = 5;

/** Accumulates one file's report while its rows stream through. */
export class FileReportBuilder {
  readonly report: FileReport;
  private failures = new Map<string, ParseFailures>();

  constructor(file: string, table: string) {
    this.report = {
      file,
      table,
      rowsRead: 0,
      rowsLoaded: 0,
      rowsRejected: 0,
      rejected: [],
      failures: [],
      warnings: [],
    };
  }

  reject(row: number, reason: Message, column?: string): void {
    this.report.rowsRejected++;
    if (this.report.rejected.length < MAX_REJECTED) {
      this.report.rejected.push(column === undefined ? { row, reason } : { row, column, reason });
    }
  }

  /** A value that did not parse as its column's type: it becomes NULL and is counted here. */
  failure(column: string, expected: ValueType, row: number, value: string): void {
    let f = this.failures.get(column);
    if (!f) {
      const label = blankLabelOf(column);
      f = { column, ...(label ? { label } : {}), expected, count: 0, examples: [] };
      this.failures.set(column, f);
      this.report.failures.push(f);
    }
    f.count++;
    if (f.examples.length < MAX_EXAMPLES) f.examples.push({ row, value: value.slice(0, 80) });
  }

  /**
   * `n` values of a number column that load rounded (`parse/precision.ts`), the first at `row`:
   * a warning, as the values load all the same.
   */
  rounded(column: string, n: number, row: number, value: string): void {
    this.warn(
      msg('import_rounded', { column: columnParam(column), n, row, value: value.slice(0, 80) }),
    );
  }

  warn(message: Message): void {
    this.report.warnings.push(message);
  }
}

/** One line per problem, in English, for the CLI and logs. */
export function formatReport(report: ImportReport): string {
  const out: string[] = [];
  for (const e of report.errors) out.push(`${e.file}: ERROR ${english(e.reason)}`);
  for (const f of report.files) {
    out.push(
      `${f.file} → ${f.table}: read ${f.rowsRead}, loaded ${f.rowsLoaded}, rejected ${f.rowsRejected}`,
    );
    for (const r of f.rejected.slice(0, 10)) {
      out.push(`  row ${r.row}${r.column ? `, column "${r.column}"` : ''}: ${english(r.reason)}`);
    }
    for (const p of f.failures) {
      const ex = p.examples.map((e) => `row ${e.row}: ${JSON.stringify(e.value)}`).join('; ');
      const type = english(msg(`valueType_${p.expected}`));
      out.push(`  column "${p.column}": ${p.count} value(s) not ${type} → NULL (${ex})`);
    }
    for (const w of f.warnings) out.push(`  ${english(w)}`);
  }
  for (const w of report.warnings) out.push(english(w));
  return out.join('\n');
}
