/**
 * Deals and their child tables read and typed before the plan, one statement per file, and the
 * plan's key facts answered from those typed tables: no text table, no second read.
 *
 * The order works because nothing a file's typing needs comes from the plan's answers. A file's
 * columns and types come from its proposal (`ImportRun.prepare`), which the plan changes only for
 * lookups, and when every file is deals, orders, stage history or activities:
 * - the main table is the biggest deals table (else orders), whatever the overlaps say, and with
 *   one deal-like file there is nothing to extend or append: its deals are its projection
 *   (`singleDeals`), known before the plan;
 * - every history or activities file is placed (by id or by title); one history file is typed
 *   straight into the stage history's shape (`singleHistory`), its deal ids left as the file has
 *   them, which is what the key questions read; the join by id or title comes after, as an
 *   UPDATE of the rows it changes (`relinkSql`).
 * The keys the questions read (deal ids and titles, a child's deal column) are VARCHAR roles,
 * typed as `textValue` of the raw text, exactly what the text tables' key sets held; rows keep
 * file order (`rowid`), which the first-seen order of capped sets needs. With a lookup among the
 * files the plan compares every text column, typed or not, and the text tables stay
 * (`gatherKeys`).
 */
import { colOf } from '../detect/key-sets.ts';
import { scanFiles, type Scanned } from '../detect/detect.ts';
import { keyFacts, type TypedKeys } from '../detect/keys-sql.ts';
import type { KeyFacts } from '../detect/key-questions.ts';
import { singleHistory } from './load-children.ts';
import { singleDeals, type ImportRun } from './load.ts';
import { prepareShapes } from '../read/csv/csv-data.ts';
import type { FileError } from '../report.ts';
import type { ImportFile, PendingFile, TableKind } from '../types.ts';

const DEAL_LIKE = new Set(['deals', 'orders']);
const CHILD = new Set(['stage_history', 'activities']);

/** Whether `stageBeforePlan` can take these files (see above); else `gatherKeys` reads them. */
export function typedBeforePlan(tables: Scanned[], csvLoader?: 'js' | 'sql'): boolean {
  return (
    csvLoader !== 'js' &&
    tables.length > 1 &&
    tables.every((t) => DEAL_LIKE.has(t.proposal.kind) || CHILD.has(t.proposal.kind))
  );
}

/** How many deal-like and stage history files: a lone one is typed straight into its shape. */
interface Counts {
  dealLike: number;
  history: number;
}

/** What the key facts are asked of: the typed tables, and the files the JS loader keeps. */
interface Early {
  counts: Counts;
  typed: Map<Scanned, TypedKeys>;
  js: Scanned[];
}

function early(kinds: TableKind[]): Early {
  return {
    counts: {
      dealLike: kinds.filter((k) => DEAL_LIKE.has(k)).length,
      history: kinds.filter((k) => k === 'stage_history').length,
    },
    typed: new Map(),
    js: [],
  };
}

/**
 * Reads and types every file into the staging table the plan will ask for (`run.preload`), then
 * answers the key facts from the sampled ones; files DuckDB does not read stay the JS loader's,
 * their key sets gathered in JS as before.
 */
export async function stageBeforePlan(
  run: ImportRun,
  tables: Scanned[],
): Promise<KeyFacts | undefined> {
  const e = early(tables.map((t) => t.proposal.kind));
  for (const t of tables) await preloadOne(run, t, e);
  return factsOf(run, tables, e);
}

/** Types one file before the plan and notes where its keys are to be read. */
async function preloadOne(
  run: ImportRun,
  t: Scanned,
  { counts, typed, js }: Early,
  reading?: () => void,
): Promise<void> {
  const kind = t.proposal.kind;
  const deal = DEAL_LIKE.has(kind);
  const projected = deal ? counts.dealLike === 1 : kind === 'stage_history' && counts.history === 1;
  const e = await run.preload(
    t,
    deal ? 'deals' : kind,
    projected
      ? (st) => (deal ? singleDeals(t, st, run.options) : singleHistory(st)).select
      : undefined,
    reading,
  );
  if (t.proposal.sampled === undefined) return;
  if ('fallback' in e.res) {
    js.push(t);
    return;
  }
  // The key columns under their names in the table: a projection names them by role.
  const columns = new Map<number, string>();
  for (const role of ['id', 'title', 'deal_id']) {
    const c = colOf(t, role);
    const loaded = e.st.columns.find((x) => x.role === role);
    if (c >= 0 && loaded?.type === 'text') columns.set(c, projected ? role : loaded.name);
  }
  typed.set(t, { typed: e.st.staging, rows: e.res.rows, columns, asIs: projected });
}

function factsOf(run: ImportRun, tables: Scanned[], e: Early): Promise<KeyFacts | undefined> {
  run.options.signal?.throwIfAborted();
  // The typed tables in the files' order, as the facts query has always met them.
  const typed = new Map(tables.flatMap((t) => (e.typed.has(t) ? [[t, e.typed.get(t)!]] : [])));
  return keyFacts(run.engine, tables, typed, e.js, run.options.signal);
}

/**
 * Whether the kinds the files are given (the CLI's `--deals`, `--stages`…) say, before any is
 * read, that `stageBeforePlan` will take them: then `scanAndStage` reads them.
 */
export function kindsTypedBeforePlan(
  files: (ImportFile | PendingFile)[],
  csvLoader?: 'js' | 'sql',
): boolean {
  return (
    csvLoader !== 'js' &&
    files.length > 1 &&
    files.every((f) => f.kind !== undefined && (DEAL_LIKE.has(f.kind) || CHILD.has(f.kind)))
  );
}

/**
 * `scanFiles` and `stageBeforePlan` in one pass, file by file: each file is read and scanned
 * (UTF-8 check, sample, shape) while DuckDB types the one before. On native DuckDB the statement
 * runs on DuckDB's threads and these passes on the JS thread, at once; DuckDB-WASM in Node runs
 * the statement on this thread when it is sent, so there the same work follows one after the
 * other, as before. Every file's kind is given (`kindsTypedBeforePlan`), so the plan's
 * questions are known before the first file is read. When a file cannot be read, what was typed
 * is dropped and `facts` is null: the caller goes the usual way with the files that were read.
 * A `PendingFile` is read while the file before it is scanned and typed (one read at a time, in
 * the order they are typed); `files` gives them all with their bytes, in their order.
 */
export async function scanAndStage(
  run: ImportRun,
  given: (ImportFile | PendingFile)[],
): Promise<{
  tables: Scanned[];
  errors: FileError[];
  files: ImportFile[];
  facts: { of: KeyFacts | undefined } | null;
}> {
  const e = early(given.map((f) => f.kind!));
  const files: ImportFile[] = [];
  const order = typingOrder(given);
  const reads: Promise<ImportFile>[] = [];
  const read = (i: number) => (reads[i] ??= withBytes(given[i]!));
  const scanned: { tables: Scanned[]; errors: FileError[] }[] = [];
  let failed = false;
  let typing: Promise<void> | undefined;
  try {
    for (const [k, i] of order.entries()) {
      const f = (files[i] = await read(i));
      // Node's thread pool reads the next file while this one is scanned and typed; awaited at
      // its turn (a failed read is not unhandled before then).
      const next = order[k + 1];
      if (next !== undefined) read(next).catch(() => undefined);
      const s = (scanned[i] = await scanFiles([f], run.options, false));
      const t = s.tables[0];
      // The shape pass the load makes first (`csvData`), made now while the engine types the
      // file before. The first file's is not: the load starts DuckDB's read on what the file's
      // start says and makes the pass while it runs (`guessData`), where the engine would idle.
      if (t && typing) prepareShapes([t.raw]);
      await typing;
      typing = undefined;
      failed ||= s.errors.length > 0;
      if (t && !failed) typing = (await sent(run, t, e)).done;
    }
    await typing;
  } catch (err) {
    // A cancel or a failed read: the load in flight ends first, so the import's cleanup sees it.
    await typing?.catch(() => undefined);
    throw err;
  }
  // In the files' order, as `scanFiles` gives them.
  const tables = scanned.flatMap((s) => s.tables);
  const errors = scanned.flatMap((s) => s.errors);
  if (failed) {
    await run.dropEarly();
    return { tables, errors, files, facts: null };
  }
  return { tables, errors, files, facts: { of: await factsOf(run, tables, e) } };
}

/** The file with its bytes: itself when they are in, else once read. */
export async function withBytes(f: ImportFile | PendingFile): Promise<ImportFile> {
  if (!('read' in f)) return f;
  const { read, ...rest } = f;
  return { ...rest, bytes: await read() };
}

/**
 * The order the files are read and typed in: child tables (stage history, activities) first, so
 * that the deals file, which in a CRM export holds every deal field and so costs the most to
 * scan (its sample's values are tested column by column), is scanned while DuckDB types a child.
 */
function typingOrder(files: { kind?: TableKind }[]): number[] {
  const order = files.map((_, i) => i);
  return [
    ...order.filter((i) => CHILD.has(files[i]!.kind!)),
    ...order.filter((i) => !CHILD.has(files[i]!.kind!)),
  ];
}

/**
 * Starts typing `t` and comes back once DuckDB's read of it is with the engine (or the load ended
 * without one), with the load's end to await after the next file's passes.
 */
async function sent(run: ImportRun, t: Scanned, e: Early): Promise<{ done: Promise<void> }> {
  let reading!: () => void;
  const read = new Promise<void>((r) => (reading = r));
  const done = preloadOne(run, t, e, reading);
  // Awaited later; until then a failure must not count as unhandled.
  done.catch(() => undefined);
  await Promise.race([read, done]);
  // The engine queues each call and hands it to DuckDB on the next microtasks: one turn of the
  // event loop, and the statement is running when the next file's passes start.
  await new Promise((r) => setTimeout(r, 0));
  return { done };
}
