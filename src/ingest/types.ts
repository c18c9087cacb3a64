/**
 * Shared shapes of the import pipeline: what a reader yields (raw cells), what detection proposes
 * (table kind, per-column role and type) and what the caller may override. Table kinds and roles
 * are the CRM vocabulary's (`crm/vocabulary.ts`).
 */
import type { Message } from '../lib/message.ts';
import type { Role, TableKind } from '../crm/vocabulary.ts';

export type { Role, TableKind };

/** One source value before typing. Text formats give strings; XLSX/Parquet/Arrow/JSON give natives. */
export type Cell = string | number | boolean | Date | bigint | null;

/** A file handed to the importer. `kind` forces the table kind when the user already knows it. */
export interface ImportFile {
  name: string;
  bytes: Uint8Array;
  kind?: TableKind;
  /** This file's encoding / sheet, over `ImportOptions.encoding` / `sheet`. */
  encoding?: string;
  sheet?: string;
  /** Headers not to load at all. */
  ignore?: string[];
  /** header → type to load the column as, over the inferred one (a role's canonical type wins). */
  types?: Record<string, ValueType>;
}

/**
 * A file whose bytes are read when the import asks (the CLI's files): with its kinds given, the
 * import reads each file while it scans and types the one before, so on DuckDB-WASM in Node,
 * whose statements hold the JS thread, Node's thread pool reads the next file meanwhile. `read`
 * is called once.
 */
export interface PendingFile extends Omit<ImportFile, 'bytes'> {
  read(): Promise<Uint8Array>;
}

/** A structural problem found while reading (ragged row, unclosed quote…): the row is skipped. */
export interface RowIssue {
  /** 1-based line (CSV) or row (sheet) number in the source, header included. */
  row: number;
  column?: string;
  reason: Message;
}

export interface RawRow {
  row: number;
  cells: Cell[];
}

/** A table as read from one file (or one sheet), before any typing. Re-iterable for a second pass. */
export interface RawTable {
  /** File name, with `#sheet` for workbooks. */
  file: string;
  headers: string[];
  /** Every call starts from the first data row; issues are reported through `onIssue`. */
  rows(onIssue?: (issue: RowIssue) => void): Iterable<RawRow>;
  /**
   * Lines in the source (text formats): a cheap way to estimate the rows of a big file without
   * parsing it. Absent when counting rows is as cheap as reading them (sheets, Parquet…).
   */
  lineCount?(): number;
  /** How the bytes were read, for the report and the mapping screen. */
  format: FileFormat;
  /**
   * Delimited text as the reader sees it, for DuckDB to read itself (`parse/sql-load.ts`):
   * `text` is what `rows()` parses, `lineOffset` the lines before it (a `sep=` preamble).
   * Absent for other formats and when the reader changed the values (NULs removed).
   */
  csv?: {
    text: string;
    lineOffset: number;
    delimiter: string;
    quote: string;
    /** The file's bytes, when `text` (after the `sep=` preamble) is exactly their UTF-8 decoding. */
    bytes?: Uint8Array;
  };
  /** Whether source text follows Russian conventions (DD/MM, decimal comma) when a column can't tell. */
  ruLocale: boolean;
}

export interface FileFormat {
  type: 'csv' | 'xlsx' | 'parquet' | 'arrow' | 'json';
  encoding?: string;
  delimiter?: string;
  quote?: string;
  sheet?: string;
  sheets?: string[];
  /** Lines in another encoding than `encoding` (see `Decoded.mixed`). */
  mixed?: { encoding: string; lines: number[]; count: number };
  /** NUL characters removed from the values (see `read/encoding/nul.ts`). */
  nul?: { count: number; cells: number; row: number; column: string };
}

export type ValueType = 'text' | 'number' | 'date' | 'boolean';

/** How a column's text is read, decided by scanning the whole column. */
export interface ValueFormat {
  decimal?: ',' | '.';
  /** Order of day and month in `a/b/yyyy` dates. */
  dateOrder?: 'dmy' | 'mdy';
}

export interface ColumnProposal {
  index: number;
  header: string;
  role: Role | null;
  type: ValueType;
  format: ValueFormat;
  /** 0..1: how sure the header/value match is. */
  confidence: number;
  /** Non-null values in the scan, and how many of them fit `type`. */
  nonNull: number;
  parsed: number;
  /** For every type, how many values in the scan read as it and how many would load rounded. */
  fits: TypeFits;
}

/** What loading a column as each type would do to the values scanned (`detect/forecast.ts`). */
export type TypeFits = Record<ValueType, { parsed: number; rounded: number }>;

export interface TableProposal {
  file: string;
  kind: TableKind;
  confidence: number;
  columns: ColumnProposal[];
  /** Data rows; an estimate from the line count when only a sample was scanned (`sampled`). */
  rows: number;
  /** Rows the proposal was made from, when that is fewer than the table has. */
  sampled?: number;
  format: FileFormat;
  warnings: Message[];
  /** Stable id of the header set, to remember a mapping. */
  key: string;
}

/** A detected join: `table.column` refers to `target.column`. */
export interface Relation {
  from: string;
  fromColumn: string;
  to: string;
  toColumn: string;
  /** Share of distinct `from` values found in `to` after tolerant matching. */
  overlap: number;
}

export interface Detection {
  tables: TableProposal[];
  relations: Relation[];
  warnings: Message[];
}

export interface ImportOptions {
  /** role → column header for the deals table (the common case of the mapping screen). */
  map?: Partial<Record<Role, string>>;
  /** role → column header per file name, for the other tables. A `null` header unmaps the role. */
  maps?: Record<string, Partial<Record<Role, string | null>>>;
  /** Stage values that mean won / lost, in addition to the built-in dictionaries. */
  won?: string[];
  lost?: string[];
  /** Stage order to use instead of the detected one. */
  stageOrder?: string[];
  /**
   * Win probability per open stage name, a fraction 0..1, instead of the detected one (won stages
   * stay 1, lost 0). A value that is not a finite number in 0..1 fails the import.
   */
  stageProbabilities?: Record<string, number>;
  encoding?: string;
  sheet?: string;
  batchRows?: number;
  /**
   * Who reads delimited text: `sql` (default) lets DuckDB read it and type it in SQL whenever the
   * result is the same as the JS reader's (parse/sql-load.ts), `js` always uses the JS reader.
   */
  csvLoader?: 'sql' | 'js';
  /**
   * Bytes this import may use (the page's memory budget, `state/dataset/memory.ts`); a workbook
   * that would expand past its share is refused. Defaults to the page's default budget.
   */
  memoryBudget?: number;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export interface Progress {
  file: string;
  phase: 'read' | 'detect' | 'load' | 'link';
  rows: number;
  /** 0..1 over all files when known. */
  fraction?: number;
}
