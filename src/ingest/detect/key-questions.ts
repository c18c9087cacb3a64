/**
 * The questions `planTables` asks of the key sets when only deals and their child tables are
 * linked — a few overlaps with the main table's ids or titles, and an extension's uniqueness — so
 * that the engine can answer them (`keys-sql.ts`) instead of JS sets holding every value.
 */
import type { Scanned } from './detect.ts';
import { colOf } from './key-sets.ts';
import { dealOrder } from './relations.ts';

/**
 * What the deals and child tables' placement reads, when the engine has decided it (`keys-sql.ts`)
 * instead of whole value sets in JS; `undefined` where it has not, and the sets decide.
 */
export interface KeyFacts {
  overlap(from: Scanned, fromCol: number, to: Scanned, toCol: number): number | undefined;
  uniqueness(t: Scanned, col: number): number | undefined;
  /** The link check of a stage history counted with the facts, from the same groupings. */
  counted?: ReadonlyMap<Scanned, LinkCount>;
}

/**
 * What `linkCheckSql` would count for a history typed straight into its shape, counted over
 * the typed tables before the plan: valid once `deals` and `stage_history` are those very tables,
 * renamed (`child`, `deals`: their names before), which the loading step checks.
 */
export interface LinkCount {
  child: string;
  deals: string;
  misses: number;
  clashes: number;
}

/** A value-overlap question of the plan: the share of `from`'s values found in `to`. */
export interface KeyPair {
  from: Scanned;
  fromCol: number;
  to: Scanned;
  toCol: number;
  /**
   * The pair whose whole overlap makes this one moot: the plan reads a child's overlap with the
   * titles only when its overlap with the ids is below 1 (`placeChildren`).
   */
  unless?: KeyPair;
}

/**
 * Every overlap and uniqueness `planTables` reads, when no table is left to place as a lookup
 * (else `null`: lookups compare every text column with every other, and need the sets). Must be
 * called once the tables' row counts are final, as they choose the main table.
 */
export function keyQuestions(
  tables: Scanned[],
): { pairs: KeyPair[]; unique: { table: Scanned; col: number }[] } | null {
  const placed = new Set(['deals', 'orders', 'activities', 'stage_history']);
  if (tables.some((t) => !placed.has(t.proposal.kind))) return null;
  const dealLike = tables.filter(
    (t) => t.proposal.kind === 'deals' || t.proposal.kind === 'orders',
  );
  const ordered = dealOrder(dealLike);
  const main = ordered[0];
  const pairs: KeyPair[] = [];
  const unique: { table: Scanned; col: number }[] = [];
  if (!main) return { pairs, unique };
  const mainId = colOf(main, 'id');
  const title = colOf(main, 'title');
  for (const t of ordered.slice(1)) {
    const id = colOf(t, 'id');
    if (id < 0 || mainId < 0) continue;
    pairs.push({ from: t, fromCol: id, to: main, toCol: mainId });
    unique.push({ table: t, col: id });
  }
  for (const t of tables) {
    const c = colOf(t, 'deal_id');
    const kind = t.proposal.kind;
    if ((kind !== 'activities' && kind !== 'stage_history') || c < 0 || mainId < 0) continue;
    const byId: KeyPair = { from: t, fromCol: c, to: main, toCol: mainId };
    pairs.push(byId);
    if (title >= 0) pairs.push({ from: t, fromCol: c, to: main, toCol: title, unless: byId });
  }
  return { pairs, unique };
}
