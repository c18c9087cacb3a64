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
import { colOf } from './detect/key-sets.ts';
import type { Scanned } from './detect/detect.ts';
import { keyFacts, type TypedKeys } from './detect/keys-sql.ts';
import type { KeyFacts } from './detect/key-questions.ts';
import { singleHistory } from './load-children.ts';
import { singleDeals, type ImportRun } from './load.ts';

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

/**
 * Reads and types every file into the staging table the plan will ask for (`run.preload`), then
 * answers the key facts from the sampled ones; files DuckDB does not read stay the JS loader's,
 * their key sets gathered in JS as before.
 */
export async function stageBeforePlan(
  run: ImportRun,
  tables: Scanned[],
): Promise<KeyFacts | undefined> {
  const dealLike = tables.filter((t) => DEAL_LIKE.has(t.proposal.kind));
  const history = tables.filter((t) => t.proposal.kind === 'stage_history');
  const typed = new Map<Scanned, TypedKeys>();
  const js: Scanned[] = [];
  for (const t of tables) {
    const kind = t.proposal.kind;
    const deal = DEAL_LIKE.has(kind);
    const projected = deal
      ? dealLike.length === 1
      : kind === 'stage_history' && history.length === 1;
    const e = await run.preload(
      t,
      deal ? 'deals' : kind,
      projected ? (st) => (deal ? singleDeals(t, st) : singleHistory(st)).select : undefined,
    );
    if (t.proposal.sampled === undefined) continue;
    if ('fallback' in e.res) {
      js.push(t);
      continue;
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
  run.options.signal?.throwIfAborted();
  return keyFacts(run.engine, tables, typed, js, run.options.signal);
}
