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

/** The SELECT that types the text table `from` into `columns` (exported for tests and the bench). */
export function typingSql(from: string, columns: LoadColumn[], ru: boolean): string {
  const raw = (c: LoadColumn) => q(`c${c.index}`);
  const fasts = columns.map((c, i) => sqlConversion(raw(c), c.type, c.format, ru, `_${i}_`).fast);
  const fastCol = (i: number) => q(`_${i}_fast`);
  const first: Stage = fasts.flatMap((f, i) =>
    f
      ? [
          [`_${i}_fast`, f.test] as [string, string],
          [`_${i}_rest`, `CASE WHEN ${fastCol(i)} THEN NULL ELSE ${raw(columns[i]!)} END`] as [
            string,
            string,
          ],
        ]
      : [],
  );
  // The full rules see NULL where a column's fast path took the row: no regular expression runs.
  // Text columns skip the stages: one expression over the raw column (`textValue`).
  const convs = columns.map((c, i) =>
    c.type === 'text'
      ? { stages: [], value: textValue(raw(c)) }
      : sqlConversion(fasts[i] ? q(`_${i}_rest`) : raw(c), c.type, c.format, ru, `_${i}_`),
  );
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
  const src = raw.csv;
  if (!src) return { fallback: 'not-csv' };
  const plain = csvData(src, raw.headers.length);
  if (!plain) return { fallback: 'shape' };
  const { shape } = plain;
  const n = ++seq;
  const text: TextTable = { table: `_ingest_text_${n}`, file: `_ingest_${n}.csv`, shape, rows: 0 };
  let path: string;
  try {
    path = await engine.registerFile(text.file, plain.data);
  } catch {
    return { fallback: 'register' };
  }
  let kept = false;
  try {
    opts.signal?.throwIfAborted();
    const cols = raw.headers.map((_, i) => `${s(`c${i}`)}: 'VARCHAR'`).join(', ');
    const read = [
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
    try {
      await engine.exec(
        `CREATE OR REPLACE TABLE ${q(text.table)} AS SELECT * FROM read_csv(${read})`,
      );
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
      return { fallback: 'read' };
    }
    text.rows = await scalar(engine, `SELECT count(*)::DOUBLE FROM ${q(text.table)}`);
    if (text.rows !== shape.rows) return { fallback: 'rows' };
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
 * Loads a delimited text file into `staging` through DuckDB's reader (`read`: the file already
 * read by `readTextTable`, else it is read here). Returns the rows loaded, or the reason it left
 * the file to `loadStaging` (nothing is loaded then; the caller falls back). The text table is
 * dropped either way.
 */
export async function loadCsvSql(
  engine: Engine,
  raw: RawTable,
  columns: LoadColumn[],
  staging: string,
  report: FileReportBuilder,
  opts: Pick<ImportOptions, 'signal' | 'onProgress'> = {},
  read?: TextRead,
): Promise<{ rows: number } | { fallback: Fallback }> {
  const got = read ?? (await readTextTable(engine, raw, opts));
  if ('fallback' in got) return got;
  const { table, shape, rows: count } = got.text;
  try {
    opts.onProgress?.({ file: raw.file, phase: 'load', rows: count });
    opts.signal?.throwIfAborted();
    await engine.exec(
      `CREATE OR REPLACE TABLE ${q(staging)} AS ${typingSql(table, columns, raw.ruLocale)}`,
    );
    opts.signal?.throwIfAborted();
    await reportFailures(engine, table, staging, columns, shape.lines, raw.csv!.lineOffset, report);
    report.report.rowsRead = count;
    report.report.rowsLoaded = count;
    return { rows: count };
  } finally {
    await dropText(engine, got.text);
  }
}

async function scalar(engine: Engine, sql: string): Promise<number> {
  return Number((await engine.query(sql)).get(0)?.toArray()[0] ?? 0);
}

/**
 * The JS loader's failure list: per typed column, the count and the first five values (row,
 * text) that are not "no value" yet did not fit, columns in the order their first failure came.
 */
async function reportFailures(
  engine: Engine,
  rawTable: string,
  staging: string,
  columns: LoadColumn[],
  lines: Int32Array,
  lineOffset: number,
  report: FileReportBuilder,
): Promise<void> {
  const failed = (c: LoadColumn) => {
    const r = `r.${q(`c${c.index}`)}`;
    // CASE, not AND: the marker test runs only on the rows that came out NULL.
    return `CASE WHEN s.${q(c.name)} IS NULL THEN NOT ${nullText(r, jsTrim(r))} ELSE false END`;
  };
  const typed = columns.filter((c) => c.type !== 'text');
  if (typed.length === 0) return;
  const from = `${q(rawTable)} r POSITIONAL JOIN ${q(staging)} s`;
  const aggs = typed.map(
    (c, i) =>
      `count(*) FILTER (WHERE ${failed(c)})::DOUBLE AS ${q(`n${i}`)}, min(r.rowid) FILTER (WHERE ${failed(c)})::DOUBLE AS ${q(`f${i}`)}`,
  );
  const row = (await engine.query(`SELECT ${aggs.join(', ')} FROM ${from}`)).get(0)?.toArray() as
    (number | null)[] | undefined;
  const found = typed
    .map((c, i) => ({ c, i, n: Number(row?.[2 * i] ?? 0), first: Number(row?.[2 * i + 1] ?? 0) }))
    .filter((x) => x.n > 0)
    .sort((a, b) => a.first - b.first || columns.indexOf(a.c) - columns.indexOf(b.c));
  for (const { c, n } of found) {
    // Five examples, as the JS loader keeps; 80 code points hold the 80 UTF-16 units it shows.
    const ex = await engine.query(
      `SELECT r.rowid::DOUBLE AS i, left(r.${q(`c${c.index}`)}, 80) AS v FROM ${from} WHERE ${failed(c)} ORDER BY r.rowid LIMIT 5`,
    );
    const examples = ex.toArray().map((x) => x.toJSON() as { i: number; v: string });
    for (const e of examples) report.failure(c.name, c.type, lines[e.i]! + lineOffset, e.v);
    // The rest are counted, not shown.
    const f = report.report.failures.find((x) => x.column === c.name)!;
    f.count = n;
  }
}
