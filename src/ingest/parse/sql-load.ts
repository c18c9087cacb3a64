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
import { csvData, type CsvShape } from '../read/csv-shape.ts';
import type { FileReportBuilder } from '../report.ts';
import type { ImportOptions, RawTable, ValueType } from '../types.ts';
import type { LoadColumn } from './convert.ts';
import { jsTrim, nullText, sqlConversion, textValue, type Stage } from './sql-rules.ts';

const SQL_TYPE: Record<ValueType, string> = {
  text: 'VARCHAR',
  number: 'DOUBLE',
  date: 'TIMESTAMP',
  boolean: 'BOOLEAN',
};

/** Why a file went to the JS loader; `null` from `loadCsvSql` means it did not. */
export type Fallback = 'not-csv' | 'shape' | 'register' | 'read' | 'rows';

let seq = 0;

/**
 * The SELECT that types the text table `from` into `columns` (exported for tests and the bench);
 * `samples`, some raw texts of each column by its index (`sampleTexts`), pick its fast path.
 */
export function typingSql(
  from: string,
  columns: LoadColumn[],
  ru: boolean,
  samples?: ReadonlyMap<number, readonly string[]>,
): string {
  const raw = (c: LoadColumn) => q(`c${c.index}`);
  const conversion = (c: LoadColumn, i: number) =>
    sqlConversion(raw(c), c.type, c.format, ru, `_${i}_`, samples?.get(c.index));
  const fasts = columns.map((c, i) => conversion(c, i).fast);
  const fastCol = (i: number) => q(`_${i}_fast`);
  // A fast path also takes the reader's NULL (an empty field; its fast value is NULL too), and
  // every step of the full rules is a CASE that does nothing on the rows a fast path took: a
  // function over NULLs still costs its call on each vector, a CASE whose condition holds for
  // the whole vector evaluates nothing (≈ 5 % of a 1M-row file's typing, see docs/benchmarks.md).
  const first: Stage = fasts.flatMap((f, i) =>
    f ? [[`_${i}_fast`, `(${raw(columns[i]!)} IS NULL OR ${f.test})`] as [string, string]] : [],
  );
  const convs = columns.map((c, i) => {
    if (c.type === 'text') return { stages: [], value: textValue(raw(c)) };
    const conv = conversion(c, i);
    if (!fasts[i]) return conv;
    const gate = (e: string) => `CASE WHEN ${fastCol(i)} THEN NULL ELSE ${e} END`;
    return {
      ...conv,
      stages: conv.stages.map((st) => st.map(([a, e]): [string, string] => [a, gate(e)])),
    };
  });
  const depth = Math.max(0, ...convs.map((c) => c.stages.length));
  let sql = `SELECT * FROM ${q(from)}`;
  for (let k = -1; k < depth; k++) {
    const stage: Stage = k < 0 ? first : convs.flatMap((c) => c.stages[k] ?? []);
    if (stage.length === 0) continue;
    sql = `SELECT *, ${stage.map(([a, e]) => `${e} AS ${q(a)}`).join(', ')} FROM (${sql})`;
  }
  const out = columns.map((c, i) => {
    const f = fasts[i];
    const value = f
      ? `CASE WHEN ${fastCol(i)} THEN ${f.value} ELSE ${convs[i]!.value} END`
      : convs[i]!.value;
    return `CAST(${value} AS ${SQL_TYPE[c.type]}) AS ${q(c.name)}`;
  });
  return `SELECT ${out.join(', ')} FROM (${sql})`;
}

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
}

/** Registers the data records of a file `csvShape` calls plain, or says why DuckDB won't read it. */
async function register(
  engine: Engine,
  raw: RawTable,
): Promise<Registered | { fallback: Fallback }> {
  const src = raw.csv;
  if (!src) return { fallback: 'not-csv' };
  const plain = csvData(src, raw.headers.length);
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
  const cols = raw.headers.map((_, i) => `${s(`c${i}`)}: 'VARCHAR'`).join(', ');
  const args = [
    s(path),
    'header = false',
    'auto_detect = false',
    'all_varchar = true',
    `delim = ${s(src.delimiter)}`,
    `quote = ${s(src.quote)}`,
    `escape = ${s(src.quote)}`,
    // '\n' ends a line with or without a CR before it (csvShape refused lone CRs).
    `new_line = '\\n'`,
    'strict_mode = false',
    'null_padding = false',
    `columns = {${cols}}`,
  ].join(', ');
  return { n, file, shape, read: `read_csv(${args})` };
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

/**
 * Loads a delimited text file into `staging` through DuckDB's reader. With `read` (the file's
 * text table, read earlier for the key sets) it types that table; without, one statement reads
 * and types the file, with no text table between. Returns the rows loaded, or the reason it left
 * the file to `loadStaging` (nothing is loaded then; the caller falls back). The text table and
 * the registered file are dropped either way. `project`: the SELECT list that makes the table
 * from the typed columns (alias `m`), when it is not the typed columns themselves; it must keep
 * the rows and their order (no join, no filter), as the failure report counts rows by position.
 */
export async function loadCsvSql(
  engine: Engine,
  raw: RawTable,
  columns: LoadColumn[],
  staging: string,
  report: FileReportBuilder,
  opts: Pick<ImportOptions, 'signal' | 'onProgress'> = {},
  read?: TextRead,
  project?: string,
): Promise<{ rows: number } | { fallback: Fallback }> {
  if (read && 'fallback' in read) return read;
  const text = read?.text;
  const reg = text ? null : await register(engine, raw);
  if (reg && 'fallback' in reg) return reg;
  const shape = text ? text.shape : reg!.shape;
  const view = `_ingest_view_${reg?.n ?? 0}`;
  const fails = failColumns(columns);
  try {
    opts.onProgress?.({ file: raw.file, phase: 'load', rows: shape.rows });
    opts.signal?.throwIfAborted();
    // typingSql reads a table by name: without a text table, a view over the reader is that table.
    if (!text)
      await engine.exec(`CREATE OR REPLACE TEMP VIEW ${q(view)} AS SELECT * FROM ${reg!.read}`);
    const from = text ? text.table : view;
    const select = stagingSql(from, columns, raw.ruLocale, fails, project, sampleTexts(raw));
    try {
      await engine.exec(`CREATE OR REPLACE TABLE ${q(staging)} AS ${select}`);
    } catch (e) {
      // Without a text table, this statement is DuckDB's read of the file too.
      if (text || (e as Error).name === 'AbortError') throw e;
      return { fallback: 'read' };
    }
  } finally {
    if (text) await dropText(engine, text);
    else {
      await engine.exec(`DROP VIEW IF EXISTS ${q(view)}`).catch(() => undefined);
      await engine.dropFile(reg!.file).catch(() => undefined);
    }
  }
  const count = text
    ? text.rows
    : await scalar(engine, `SELECT count(*)::DOUBLE FROM ${q(staging)}`);
  if (count !== shape.rows) {
    await engine.exec(`DROP TABLE IF EXISTS ${q(staging)}`);
    return { fallback: 'rows' };
  }
  opts.signal?.throwIfAborted();
  await reportFailures(engine, staging, fails, shape.lines, raw.csv!.lineOffset, report);
  for (const f of fails) await engine.exec(`ALTER TABLE ${q(staging)} DROP COLUMN ${q(f.name)}`);
  report.report.rowsRead = count;
  report.report.rowsLoaded = count;
  return { rows: count };
}

/**
 * The SELECT that makes the staging table from the text table `from`: the typed columns (or
 * `project` over them, alias `m`) and the failure columns `fails` (`failColumns(columns)`).
 */
function stagingSql(
  from: string,
  columns: LoadColumn[],
  ru: boolean,
  fails: FailColumn[] = failColumns(columns),
  project?: string,
  samples?: ReadonlyMap<number, readonly string[]>,
): string {
  const typing = besideRaw(typingSql(from, columns, ru, samples), fails);
  const out = [project ?? columns.map((c) => q(c.name)).join(', '), ...fails.map(failedText)];
  return `SELECT ${out.join(', ')} FROM (${typing}) m`;
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

/** A typed column's failures: `name` holds the raw text of the rows whose value did not fit. */
interface FailColumn {
  c: LoadColumn;
  name: string;
}

/** One failure column per typed column, under a name no header takes, in any case. */
function failColumns(columns: LoadColumn[]): FailColumn[] {
  const taken = new Set(columns.map((c) => c.name.toLowerCase()));
  const fails: FailColumn[] = [];
  for (const c of columns) {
    if (c.type === 'text') continue;
    let name = `_failed_${fails.length}`;
    while (taken.has(name.toLowerCase())) name = `_${name}`;
    taken.add(name.toLowerCase());
    fails.push({ c, name });
  }
  return fails;
}

/**
 * `typingSql`'s SELECT with each typed column's raw text beside the typed values, under the
 * failure column's name. Its last SELECT reads its stages, which carry every raw column
 * (`SELECT *`), so the raw text comes at no extra pass; the failure report then needs no second
 * read of the text (the POSITIONAL JOIN it was), and no text table need exist at all.
 */
function besideRaw(typing: string, fails: FailColumn[]): string {
  if (fails.length === 0) return typing;
  if (!typing.startsWith('SELECT ')) throw new Error('typingSql: expected a SELECT');
  const raws = fails.map((f) => `${q(`c${f.c.index}`)} AS ${q(f.name)}, `).join('');
  return `SELECT ${raws}${typing.slice('SELECT '.length)}`;
}

/**
 * The raw text (first 80 code points, as the JS loader shows) of a value that is not "no value"
 * yet came out NULL, else NULL. The first WHEN settles nearly every row with two NULL tests (a
 * WHEN's OR stops at the first that holds), so the marker test runs only on the NULL values the
 * reader did not give as NULL: an empty field no longer goes through it.
 */
function failedText(f: FailColumn): string {
  const r = q(f.name);
  return `CASE WHEN ${q(f.c.name)} IS NOT NULL OR ${r} IS NULL THEN NULL WHEN NOT ${nullText(r, jsTrim(r))} THEN left(${r}, 80) END AS ${r}`;
}

async function scalar(engine: Engine, sql: string): Promise<number> {
  return Number((await engine.query(sql)).get(0)?.toArray()[0] ?? 0);
}

/**
 * The JS loader's failure list: per typed column, the count and the first five values (row,
 * text) that are not "no value" yet did not fit, columns in the order their first failure came.
 * The staging table's rows are in file order; its failure columns (`withFailures`) say which failed.
 */
async function reportFailures(
  engine: Engine,
  staging: string,
  fails: FailColumn[],
  lines: Int32Array,
  lineOffset: number,
  report: FileReportBuilder,
): Promise<void> {
  if (fails.length === 0) return;
  const aggs = fails.map(
    (f, i) =>
      `count(${q(f.name)})::DOUBLE AS ${q(`n${i}`)}, min(rowid) FILTER (WHERE ${q(f.name)} IS NOT NULL)::DOUBLE AS ${q(`f${i}`)}`,
  );
  const row = (await engine.query(`SELECT ${aggs.join(', ')} FROM ${q(staging)}`))
    .get(0)
    ?.toArray() as (number | null)[] | undefined;
  const found = fails
    .map((f, i) => ({ f, n: Number(row?.[2 * i] ?? 0), first: Number(row?.[2 * i + 1] ?? 0) }))
    .filter((x) => x.n > 0)
    .sort((a, b) => a.first - b.first || fails.indexOf(a.f) - fails.indexOf(b.f));
  for (const { f, n } of found) {
    // Five examples, as the JS loader keeps.
    const ex = await engine.query(
      `SELECT rowid::DOUBLE AS i, ${q(f.name)} AS v FROM ${q(staging)} WHERE ${q(f.name)} IS NOT NULL ORDER BY rowid LIMIT 5`,
    );
    const examples = ex.toArray().map((x) => x.toJSON() as { i: number; v: string });
    for (const e of examples) report.failure(f.c.name, f.c.type, lines[e.i]! + lineOffset, e.v);
    // The rest are counted, not shown.
    const rec = report.report.failures.find((x) => x.column === f.c.name)!;
    rec.count = n;
  }
}
