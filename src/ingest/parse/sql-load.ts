/**
 * The fast path for delimited text: DuckDB reads the file itself (`read_csv`, every column as
 * text) and types it in SQL generated from the same rules as the JS loader (`sql-rules.ts`), so
 * JS never touches each value. It gives the same staging table, the same rejected rows (none:
 * see below) and the same parse failures as `loadStaging`, which it falls back to — for the whole
 * file, before loading anything — whenever it cannot promise that:
 *
 * - the file has anything `csvShape` does not call plain (a broken or ragged row, a trailing
 *   delimiter, text after a closing quote, a lone CR, a blank line in a one-column file);
 * - NUL characters were removed from it (the reader's `withoutNul`), or it is not text;
 * - the engine cannot register files (an engine without files) or DuckDB refuses the file
 *   (a line past its `max_line_size`), or reads another number of rows than `csvShape` counted.
 *
 * The file DuckDB reads is the decoded text re-encoded as UTF-8 (or the file's own bytes when
 * they are exactly that), so encodings, BOMs, mixed lines and `sep=` preambles are dealt with
 * once, by the reader, for both paths.
 */
import type { Engine } from '../../engine/types.ts';
import { quoteIdent as q, quoteString as s } from '../../query/sql/escape.ts';
import { csvData, guessData, knownShape, type CsvData } from '../read/csv/csv-data.ts';
import type { CsvShape } from '../read/csv/csv-shape.ts';
import type { FileReportBuilder } from '../report.ts';
import type { ImportOptions, RawTable } from '../types.ts';
import type { LoadColumn } from './convert.ts';
import { reportFailures } from './sql-failures.ts';
import { readerTyping } from './sql-reader.ts';
import { slowRowsCount, typeSlowRows } from './sql-slow-rows.ts';
import { deferredColumns, helperNames, roundingColumns, stagingSql } from './sql-typing.ts';

export { deferredColumns, typingSql, type TypingOptions } from './sql-typing.ts';

/** Why a file went to the JS loader; `null` from `loadCsvSql` means it did not. */
export type Fallback = 'not-csv' | 'shape' | 'register' | 'read' | 'rows';

let seq = 0;

/** A file DuckDB has read as text: one VARCHAR column `c<i>` per header, rows in file order. */
export interface TextTable {
  table: string;
  file: string;
  shape: CsvShape;
  rows: number;
}

/** What `readTextTable` gave: the text table, or why the file is the JS loader's. */
export type TextRead = { text: TextTable } | { fallback: Fallback };

/** A file registered for DuckDB's reader, with the `read_csv(…)` call that reads it. */
interface Registered {
  /** This read's number, for the names of what it makes. */
  n: number;
  file: string;
  shape: CsvShape;
  /** Every column `c<i>` as text, the records exactly as `csvShape` counted them. */
  read: string;
  /** The same read with the columns at `types`' positions typed by DuckDB, and its options. */
  typedRead: (types: ReadonlyMap<number, string>, options: readonly string[]) => string;
}

/** Registers the data records of a file `csvShape` calls plain, or says why DuckDB won't read it. */
async function register(
  engine: Engine,
  raw: RawTable,
  guess: CsvData | null = null,
): Promise<Registered | { fallback: Fallback }> {
  const src = raw.csv;
  if (!src) return { fallback: 'not-csv' };
  const plain = guess ?? csvData(src, raw.headers.length);
  if (!plain) return { fallback: 'shape' };
  const { shape } = plain;
  const n = ++seq;
  const file = `_ingest_${n}.csv`;
  let path: string;
  try {
    path = await engine.registerFile(file, plain.data);
  } catch {
    return { fallback: 'register' };
  }
  const cols = (types: ReadonlyMap<number, string>) =>
    raw.headers.map((_, i) => `${s(`c${i}`)}: ${s(types.get(i) ?? 'VARCHAR')}`).join(', ');
  const args = (types: ReadonlyMap<number, string>, options: readonly string[]) => [
    s(path),
    'header = false',
    'auto_detect = false',
    ...(types.size ? [] : ['all_varchar = true']),
    `delim = ${s(src.delimiter)}`,
    `quote = ${s(src.quote)}`,
    `escape = ${s(src.quote)}`,
    // '\n' ends a line with or without a CR before it (csvShape refused lone CRs).
    `new_line = '\\n'`,
    'strict_mode = false',
    'null_padding = false',
    `columns = {${cols(types)}}`,
    ...options,
  ];
  const typedRead = (types: ReadonlyMap<number, string>, options: readonly string[]) =>
    `read_csv(${args(types, options).join(', ')})`;
  return { n, file, shape, read: typedRead(new Map(), []), typedRead };
}

/**
 * Has DuckDB read a delimited text file as text, when the result is sure to be the JS reader's
 * records (see above); nothing is left behind when it is not. The caller drops the table
 * (`dropText`) once it is typed, or when the import ends.
 */
export async function readTextTable(
  engine: Engine,
  raw: RawTable,
  opts: Pick<ImportOptions, 'signal'> = {},
): Promise<TextRead> {
  const reg = await register(engine, raw);
  if ('fallback' in reg) return reg;
  const text: TextTable = {
    table: `_ingest_text_${reg.n}`,
    file: reg.file,
    shape: reg.shape,
    rows: 0,
  };
  let kept = false;
  try {
    opts.signal?.throwIfAborted();
    try {
      await engine.exec(`CREATE OR REPLACE TABLE ${q(text.table)} AS SELECT * FROM ${reg.read}`);
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      return { fallback: 'read' };
    }
    // The table holds the records now: the file's bytes need not stay in memory.
    await engine.dropFile(text.file).catch(() => undefined);
    text.rows = await scalar(engine, `SELECT count(*)::DOUBLE FROM ${q(text.table)}`);
    if (text.rows !== reg.shape.rows) return { fallback: 'rows' };
    kept = true;
    return { text };
  } finally {
    if (!kept) await dropText(engine, text);
  }
}

/** Drops a text table and the file it was read from. */
export async function dropText(engine: Engine, text: TextTable): Promise<void> {
  await engine.exec(`DROP TABLE IF EXISTS ${q(text.table)}`).catch(() => undefined);
  await engine.dropFile(text.file).catch(() => undefined);
}

/** `loadCsvSql`'s options beside the import's. */
export type LoadSqlOptions = Pick<ImportOptions, 'signal' | 'onProgress'> & {
  /**
   * Every column with a fast path waits for `typeSlowRows`, whatever its sample holds (for the
   * tests: rows the fast paths leave anywhere, the first among them).
   */
  deferAll?: boolean;
  /**
   * False: DuckDB's reader types no column (`readerTyping`), every one is read as text and typed
   * by the rules (for the tests, the reference the reader-typed load is compared with).
   */
  readerTypes?: boolean;
  /**
   * Called once the statement that reads the file is sent: on an engine whose statements run on
   * threads of their own (native DuckDB), what the caller does until it awaits the load runs
   * beside DuckDB's read (`scanAndStage`, the next file's passes).
   */
  reading?: () => void;
  /**
   * False: the statement waits for the whole file's shape pass even when it was not made yet
   * (for the tests, the reference the load on a guess is compared with; see `guessData`).
   */
  guess?: boolean;
};

/**
 * Loads a delimited text file into `staging` through DuckDB's reader. With `read` (the file's
 * text table, read earlier for the key sets) it types that table; without, one statement reads
 * and types the file, with no text table between. Returns the rows loaded, or the reason it left
 * the file to `loadStaging` (nothing is loaded then; the caller falls back). The text table and
 * the registered file are dropped either way. `project`: the SELECT list that makes the table
 * from the typed columns (alias `m`), when it is not the typed columns themselves; it must keep
 * the rows and their order (no join, no filter), as the failure report counts rows by position.
 * A file whose whole-file shape pass was not made yet is read on what its start says
 * (`guessData`) while this thread makes the pass: the table is kept only when the pass asks for
 * the very statement DuckDB ran; else the pass's statement runs, or the JS loader takes a file
 * the pass refuses, exactly as without the guess.
 */
export async function loadCsvSql(
  engine: Engine,
  raw: RawTable,
  columns: LoadColumn[],
  staging: string,
  report: FileReportBuilder,
  opts: LoadSqlOptions = {},
  read?: TextRead,
  project?: string,
): Promise<{ rows: number } | { fallback: Fallback }> {
  if (read && 'fallback' in read) return read;
  const text = read?.text;
  const width = raw.headers.length;
  // A shape not found yet (the page's import clicked as the mapping screen showed): DuckDB starts
  // on what the file's start says while this thread makes the whole file's pass (`guessData`).
  const guess =
    !text && raw.csv && opts.guess !== false && knownShape(raw.csv, width) === undefined
      ? guessData(raw.csv, width)
      : null;
  const first = text ? null : await register(engine, raw, guess);
  if (first && 'fallback' in first) return first;
  let reg: Registered | null = first;
  let shape = text ? text.shape : reg!.shape;
  const view = `_ingest_view_${reg?.n ?? 0}`;
  const names = helperNames(columns);
  const { fails } = names;
  const samples = sampleTexts(raw);
  /** The statements a shape asks for; `readerTypes` false: DuckDB's reader types no column. */
  const planOf = (shape: CsvShape, readerTypes = opts.readerTypes !== false) => {
    // The columns DuckDB's reader types itself: only when it reads the file in this statement.
    const byReader =
      reg && readerTypes
        ? readerTyping(columns, raw.ruLocale, samples, shape, raw.csv!.delimiter)
        : { types: new Map<number, string>(), options: [] };
    const typed: ReadonlySet<number> = new Set(byReader.types.keys());
    // The full rules of these columns wait for the rows their fast paths left (`typeSlowRows`);
    // a column the reader types has neither.
    const defer = new Set(
      [...deferredColumns(columns, raw.ruLocale, opts.deferAll ? new Map() : samples)].filter(
        (i) => !typed.has(columns[i]!.index),
      ),
    );
    const clean = cleanColumns(shape);
    // typingSql reads a table by name: without a text table, a view over the reader is that table.
    const from = typed.size ? reg!.typedRead(byReader.types, byReader.options) : reg?.read;
    const viewSql = reg ? `CREATE OR REPLACE TEMP VIEW ${q(view)} AS SELECT * FROM ${from}` : null;
    const select = stagingSql(
      text ? text.table : view,
      columns,
      raw.ruLocale,
      names,
      project,
      samples,
      defer,
      [],
      clean,
      typed,
    );
    return { typed, defer, clean, viewSql, select };
  };
  let plan = planOf(shape);
  // Until the whole file's pass has said otherwise, `shape` is the guess.
  let guessing = guess !== null;
  try {
    if (!guessing) opts.onProgress?.({ file: raw.file, phase: 'load', rows: shape.rows });
    opts.signal?.throwIfAborted();
    let sent = false;
    for (;;) {
      if (plan.viewSql) await engine.exec(plan.viewSql);
      const read = engine.exec(`CREATE OR REPLACE TABLE ${q(staging)} AS ${plan.select}`);
      if (!sent) opts.reading?.();
      sent = true;
      // The whole file's pass, made here while DuckDB (on a thread of its own) reads: after a
      // turn of the event loop, as the engine hands the statement over on the next microtasks.
      if (guessing) {
        // Its failure is met below; until then it must not count as unhandled.
        read.catch(() => undefined);
        await new Promise((r) => setTimeout(r, 0));
      }
      const whole = guessing ? csvData(raw.csv!, width) : undefined;
      let failed = false;
      try {
        await read;
      } catch (e) {
        // Without a text table, this statement is DuckDB's read of the file too.
        if (text || (e as Error).name === 'AbortError') throw e;
        failed = true;
      }
      if (whole !== undefined) {
        guessing = false;
        if (whole === null) {
          // Not a file DuckDB may read: the JS loader's, as it would have been without the guess.
          await engine.exec(`DROP TABLE IF EXISTS ${q(staging)}`);
          return { fallback: 'shape' };
        }
        opts.onProgress?.({ file: raw.file, phase: 'load', rows: whole.shape.rows });
        if (whole.shape.dataStart !== shape.dataStart) {
          // Other bytes for DuckDB: registered afresh (the guess's go in `finally`'s stead).
          await engine.dropFile(reg!.file).catch(() => undefined);
          const again = await register(engine, raw, whole);
          if ('fallback' in again) return again;
          reg = again;
        }
        shape = whole.shape;
        const asked = planOf(shape);
        // The statement the pass asks for is the one DuckDB ran: its table (or its failure,
        // dealt with below) is that statement's. Another statement runs instead of it.
        if (asked.viewSql !== plan.viewSql || asked.select !== plan.select) {
          plan = asked;
          continue;
        }
      }
      if (!failed) break;
      // A value of a clean shape the typed read refuses (Feb 30, hour 24): the rules say what
      // it is, so the file is read again as text, whole, as if the reader had typed nothing.
      if (plan.typed.size === 0) return { fallback: 'read' };
      plan = planOf(shape, false);
    }
  } finally {
    if (text) await dropText(engine, text);
    else if (reg) {
      await engine.exec(`DROP VIEW IF EXISTS ${q(view)}`).catch(() => undefined);
      await engine.dropFile(reg.file).catch(() => undefined);
    }
  }
  const { typed, defer, clean } = plan;
  // The rows the fast paths left are counted in the same scan as the rows, when that one runs.
  const slowCount = defer.size > 0 ? slowRowsCount(names) : '0::DOUBLE';
  const [count, slowRows] = text
    ? [text.rows, undefined]
    : await scalars(engine, `SELECT count(*)::DOUBLE AS n, ${slowCount} AS s FROM ${q(staging)}`);
  if (count !== shape.rows) {
    await engine.exec(`DROP TABLE IF EXISTS ${q(staging)}`);
    return { fallback: 'rows' };
  }
  if (opts.signal?.aborted) {
    // The caller records the table only once this returns: a cancel here must not leave it.
    await engine.exec(`DROP TABLE IF EXISTS ${q(staging)}`);
    opts.signal.throwIfAborted();
  }
  const slow =
    defer.size > 0
      ? await typeSlowRows(
          engine,
          staging,
          columns,
          raw.ruLocale,
          names,
          project,
          samples,
          clean,
          typed,
          slowRows,
        )
      : 0;
  // With no slow row, the deferred columns' failure columns are the statement's NULLs: only the
  // others can hold a failure.
  const failing = (
    slow === 0 ? fails.filter((f) => !defer.has(columns.indexOf(f.c))) : fails
  ).filter((f) => !typed.has(f.c.index));
  const rounding = roundingColumns(names, typed);
  await reportFailures(
    engine,
    staging,
    failing,
    shape.lines,
    raw.csv!.lineOffset,
    report,
    rounding,
  );
  // In one engine call: a round trip to DuckDB's worker each would cost more than the drop.
  const helpers = [...fails, ...rounding];
  if (helpers.length)
    await engine.exec(
      helpers.map((f) => `ALTER TABLE ${q(staging)} DROP COLUMN ${q(f.name)};`).join(' '),
    );
  report.report.rowsRead = count;
  report.report.rowsLoaded = count;
  return { rows: count };
}

/** The header positions of the columns the shape pass found no field of needing the text check. */
export function cleanColumns(shape: CsvShape): Set<number> {
  const out = new Set<number>();
  shape.textChecks.forEach((dirty, i) => {
    if (dirty === 0) out.add(i);
  });
  return out;
}

/** Rows of a file's start that pick each column's fast path: enough to see its usual shapes. */
const SAMPLE_ROWS = 500;

/** The texts of the first `SAMPLE_ROWS` rows, by column index (the reader parses only those). */
function sampleTexts(raw: RawTable): Map<number, string[]> {
  const out = new Map<number, string[]>(raw.headers.map((_, i) => [i, []]));
  let n = 0;
  for (const row of raw.rows()) {
    for (const [i, v] of row.cells.entries()) if (typeof v === 'string') out.get(i)?.push(v);
    if (++n >= SAMPLE_ROWS) break;
  }
  return out;
}

/** The numbers of a one-row query's columns. */
async function scalars(engine: Engine, sql: string): Promise<number[]> {
  const row = (await engine.query(sql)).get(0)?.toArray() as unknown[] | undefined;
  return (row ?? []).map((v) => Number(v ?? 0));
}

async function scalar(engine: Engine, sql: string): Promise<number> {
  return Number((await engine.query(sql)).get(0)?.toArray()[0] ?? 0);
}
