/**
 * The import pipeline's entry points: `detect` (pure proposal for the mapping screen),
 * `mappingKey`, and `importFiles`, which loads the canonical tables into the engine and returns
 * the dataset model with a per-file report. The CLI and the browser call the same functions.
 */
import { MessageError, messageOf, msg, sentences } from '../lib/message.ts';
import { describeDataset, type DatasetModel, type LoadedTable } from '../crm/model.ts';
import type { FieldType } from '../query/catalog.ts';
import type { Engine } from '../engine/types.ts';
import { quoteIdent as q, quoteString as s } from '../query/sql/escape.ts';
import { scanFiles, mappingKey, type Scanned } from './detect/detect.ts';
import { gatherKeys } from './detect/keys-sql.ts';
import { planTables } from './detect/relations.ts';
import { dropText, type TextRead } from './parse/sql-load.ts';
import type { FileError } from './report.ts';
import { stageProbabilitiesError } from './detect/stages.ts';
import { ImportRun, loadDeals, loadStages } from './load/load.ts';
import { loadChild } from './load/load-children.ts';
import {
  kindsTypedBeforePlan,
  scanAndStage,
  stageBeforePlan,
  typedBeforePlan,
  withBytes,
} from './load/load-early.ts';
import type { KeyFacts } from './detect/key-questions.ts';
import { loadLookup, loadOtherLookup } from './load/load-lookups.ts';
import type { ImportReport } from './report.ts';
import { blankHeaderLabel, isBlankHeader } from './read/headers.ts';
import type { Labels } from '../lib/i18n.ts';
import type { ImportFile, ImportOptions, PendingFile, RawTable } from './types.ts';

export { detect, mappingKey } from './detect/detect.ts';
export { formatReport, type ImportReport, type FileReport } from './report.ts';
export type * from './types.ts';

/** Files that cannot make a dataset (no deals, a bad option); the message says why. */
export class ImportError extends MessageError {
  override name = 'ImportError';
}

/**
 * Reads, types and links the files, then (re)creates `deals`, `stages` and whichever of
 * `stage_history`, `activities`, `clients`, `managers`, `products` the files provide.
 * Throws ImportError when no file holds deals; unreadable files are listed in the report. A
 * `PendingFile` is read where it is first needed; a failed read fails the import with its error.
 */
export async function importFiles(
  engine: Engine,
  files: (ImportFile | PendingFile)[],
  options: ImportOptions = {},
): Promise<{ model: DatasetModel; report: ImportReport }> {
  const badProbability = stageProbabilitiesError(options.stageProbabilities);
  if (badProbability) throw new ImportError(badProbability);
  // Text tables DuckDB read early for the key sets; staging types them, the end drops the rest.
  const texts = new Map<RawTable, TextRead>();
  try {
    return await importScanned(engine, files, options, texts);
  } finally {
    for (const r of texts.values()) if ('text' in r) await dropText(engine, r.text);
  }
}

async function importScanned(
  engine: Engine,
  given: (ImportFile | PendingFile)[],
  options: ImportOptions,
  texts: Map<RawTable, TextRead>,
): Promise<{ model: DatasetModel; report: ImportReport }> {
  const errors: FileError[] = [];
  const run = new ImportRun(engine, options, errors, texts);
  try {
    // Kinds given up front: each file is read while DuckDB types the one before.
    const early = kindsTypedBeforePlan(given, options.csvLoader)
      ? await scanAndStage(run, given)
      : await scanAll(await readAll(given), options);
    errors.push(...early.errors);
    const facts = early.facts
      ? early.facts.of
      : // Deals and their child tables are typed before the plan, which reads their keys there.
        typedBeforePlan(early.tables, options.csvLoader)
        ? await stageBeforePlan(run, early.tables)
        : await gatherKeys(engine, early.tables, options, run.texts);
    return await importPlanned(run, early.files, early.tables, errors, facts);
  } finally {
    await run.dropEarly();
  }
}

async function scanAll(files: ImportFile[], options: ImportOptions) {
  return { ...(await scanFiles(files, options, false)), files, facts: null };
}

/** Every file with its bytes, read in the files' order (the first failed read throws). */
async function readAll(files: (ImportFile | PendingFile)[]): Promise<ImportFile[]> {
  const out: ImportFile[] = [];
  for (const f of files) out.push(await withBytes(f));
  return out;
}

async function importPlanned(
  run: ImportRun,
  files: ImportFile[],
  tables: Scanned[],
  errors: FileError[],
  facts: KeyFacts | undefined,
): Promise<{ model: DatasetModel; report: ImportReport }> {
  const plan = planTables(tables, facts);
  const main = plan.main;
  if (!main)
    throw new ImportError(
      errors.length > 0
        ? msg('import_noDealsRead', {
            errors: sentences(
              errors.map((e) => msg('import_fileError', { file: e.file, reason: e.reason })),
            )!,
          })
        : msg('import_noDeals'),
    );
  for (const x of plan.skipped)
    run.warn(msg('import_fileNotLoaded', { file: x.table.raw.file, reason: x.reason }));

  await loadDeals(run, plan, main);
  if (plan.history.length > 0) await loadChild(run, plan, plan.history, 'stage_history');
  if (plan.activities.length > 0) await loadChild(run, plan, plan.activities, 'activities');
  for (const l of plan.lookups)
    await alone(run, l.table.raw.file, l.target, () => loadLookup(run, l));
  for (const l of plan.others)
    await alone(run, l.table.raw.file, l.name, () => loadOtherLookup(run, l));
  run.options.onProgress?.({ file: main.raw.file, phase: 'link', rows: 0 });
  await loadStages(run);
  await run.dropStaging();

  const model = await describe(run, files, blankLabels(tables));
  return { model, report: run.report };
}

/**
 * Loads one lookup so that its failure is its own: the file is reported under its name and the
 * deals and the other files stay loaded. A cancel still stops the whole import.
 */
async function alone(
  run: ImportRun,
  file: string,
  table: string,
  load: () => Promise<void>,
): Promise<void> {
  try {
    await load();
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    run.made.delete(table);
    run.links.delete(table);
    await run.engine.exec(`DROP TABLE IF EXISTS ${q(table)}`);
    run.report.errors.push({ file, reason: messageOf(e) });
  }
}

/**
 * The labels of the columns named after a blank header (`column_9`: "Column 9", «Столбец 9»), by
 * that name: a custom column keeps its header as its name, so the loaded tables are labelled by it.
 */
function blankLabels(tables: Scanned[]): Map<string, Labels> {
  const out = new Map<string, Labels>();
  for (const t of tables)
    t.raw.headers.forEach((h, i) => {
      if (isBlankHeader(h, i)) out.set(h, blankHeaderLabel(i));
    });
  return out;
}

/** A DuckDB column type as a field type. */
function fieldType(duck: string): FieldType {
  if (/INT|DOUBLE|DECIMAL|FLOAT|REAL|NUMERIC/.test(duck)) return 'number';
  if (/DATE|TIME/.test(duck)) return 'date';
  if (duck === 'BOOLEAN') return 'boolean';
  return 'text';
}

/**
 * Reads back what was made (columns, types, rows, stages, date range) and describes it: one
 * query for the columns of every table, one for the stages, one for the row counts, the date
 * range and the lost deals (each was a query of its own per table: 7 calls, then 4, now 3).
 */
async function describe(
  run: ImportRun,
  files: ImportFile[],
  blank: ReadonlyMap<string, Labels>,
): Promise<DatasetModel> {
  const { engine } = run;
  const made = [...run.made];
  const names = made.map(([name]) => name);
  const cols = new Map<string, { column_name: string; data_type: string }[]>();
  // information_schema.columns is a view over duckdb_columns() (the same data_type, its
  // ordinal_position is column_index) that first fills some forty other columns per row.
  const colRows = await engine.query(
    `SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE table_name IN (${names.map(s).join(', ')}) ORDER BY column_index`,
  );
  for (const r of colRows.toArray()) {
    const c = r.toJSON() as { table_name: string; column_name: string; data_type: string };
    cols.set(c.table_name, [...(cols.get(c.table_name) ?? []), c]);
  }
  const stages = (
    await engine.query(
      `SELECT coalesce(pipeline, '') AS pipeline, stage, position, probability, outcome FROM stages ORDER BY pipeline, position`,
    )
  )
    .toArray()
    .map((r) => r.toJSON() as DatasetModel['stages'][number]);
  // `least`/`greatest` skip NULLs, as min/max over both columns together did. The day is taken
  // of the extremes, not of every row (a cast per value was two thirds of this pass at 1M deals):
  // the same days, as a timestamp's day never falls as the timestamp rises. Whether a deal is
  // lost stops at the first one (counting them compared every status: half this pass at 1M).
  // The row counts ride on this statement too (a query of their own was one more round trip and
  // ≈ 10 ms in the page at 1M deals): deals' own on its pass, each other table's in a UNION ALL
  // branch of its own, row `t` for table `t`. As scalar subqueries in deals' row they made DuckDB
  // plan a join of every table, which cost more CPU than the answers (planning ≈ 23–47 → 1.4 ms,
  // the whole statement ≈ 26–50 → 6 ms, 7 tables at 20k deals: docs/benchmarks.md).
  const none = `NULL AS lo, NULL AS hi, NULL AS lost`;
  const branches = names.map((n, i) =>
    n === 'deals'
      ? `SELECT ${i} AS t, count(*)::DOUBLE AS n, least(min(created_at)::DATE, min(closed_at)::DATE)::VARCHAR AS lo, greatest(max(created_at)::DATE, max(closed_at)::DATE)::VARCHAR AS hi, EXISTS (SELECT 1 FROM deals WHERE status = 'lost') AS lost FROM deals`
      : `SELECT ${i} AS t, count(*)::DOUBLE AS n, ${none} FROM ${q(n)}`,
  );
  type Facts = { t: number; n: number; lo: string | null; hi: string | null; lost: boolean | null };
  const answers = (await engine.query(branches.join(' UNION ALL ')))
    .toArray()
    .map((r) => r.toJSON() as Facts);
  const rowsOf = new Map(answers.map((r) => [Number(r.t), Number(r.n)]));
  const facts = answers.find((r) => Number(r.t) === names.indexOf('deals'));
  const tables: LoadedTable[] = made.map(([name, roles], i) => {
    const lookup = run.links.get(name);
    return {
      name,
      columns: (cols.get(name) ?? []).map((c) => ({
        name: c.column_name,
        type: fieldType(c.data_type),
      })),
      rows: rowsOf.get(i) ?? 0,
      roles,
      ...(lookup ? { lookup } : {}),
    };
  });
  const labels = Object.fromEntries(
    tables.flatMap((t) => {
      const named = t.columns.flatMap((c) => {
        const label = blank.get(c.name);
        return label ? [[c.name, label] as const] : [];
      });
      return named.length ? [[t.name, Object.fromEntries(named)] as const] : [];
    }),
  );
  // Lead exports mark won deals and leave the rest open: win rate would read 100% (see conversion).
  return describeDataset({
    labels,
    hasLost: facts?.lost === true,
    id: mappingKey(files.map((f) => `${f.name}:${f.bytes.length}`)),
    name: files[0]?.name.replace(/\.[^.]+$/, '') ?? 'import',
    tables,
    stages,
    minDate: facts?.lo ?? null,
    maxDate: facts?.hi ?? null,
  });
}
