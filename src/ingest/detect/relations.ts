/**
 * How the tables fit together, decided by names and value overlap: which table is the deals
 * table, which deal-like tables extend it (same ids: Olist's closed deals extend its leads), which
 * are appended (orders), and which column of a lookup is its key and which deals role it serves
 * (the lookups' targets are in lookup-targets.ts).
 */
import type { Message } from '../../lib/message.ts';
import type { LookupTable } from '../../crm/vocabulary.ts';
import type { Scanned } from './detect.ts';
import type { Relation } from '../types.ts';
import type { KeyFacts, LinkCount } from './key-questions.ts';
import { dealTargets, placeLookups } from './lookup-targets.ts';
import { colOf, MIN_OVERLAP, overlap, uniqueness, values } from './key-sets.ts';

/**
 * A lookup beyond clients/managers/products: `name` is its table, joined on `from.column` (a
 * deals column, or a column of another lookup) by its key column, which is loaded under that name.
 */
export interface OtherLookup {
  table: Scanned;
  keyCol: number;
  name: string;
  from: string;
  column: string;
}

export interface Plan {
  main: Scanned | null;
  /** Same deals, more columns; `won`: the table lists won deals only (no status, no stage). */
  extensions: { table: Scanned; idCol: number; won: boolean }[];
  unions: Scanned[];
  lookups: { table: Scanned; keyCol: number; target: LookupTable }[];
  /** In join order: a lookup of a lookup comes after the one it hangs on. */
  others: OtherLookup[];
  activities: Scanned[];
  history: Scanned[];
  /**
   * Activities or history tables whose deal column holds the deals' titles, not their ids
   * (Zoho's "Related To", many "Сделка" columns): joined by title.
   */
  byTitle: Set<Scanned>;
  /** Link checks the key facts counted already (`KeyFacts.counted`). */
  counted: ReadonlyMap<Scanned, LinkCount>;
  skipped: { table: Scanned; reason: Message }[];
  relations: Relation[];
}

/** The overlap and uniqueness questions of a plan, answered by `facts` or else by the sets. */
class Keys {
  constructor(private readonly facts?: KeyFacts) {}
  overlap(from: Scanned, fromCol: number, to: Scanned, toCol: number): number {
    return (
      this.facts?.overlap(from, fromCol, to, toCol) ??
      overlap(values(from, fromCol), values(to, toCol))
    );
  }
  uniqueness(t: Scanned, col: number): number {
    return this.facts?.uniqueness(t, col) ?? uniqueness(t, col);
  }
}

/**
 * The columns of `t` whose whole value sets `planTables` reads (ids and titles of the deals,
 * the deal column of a child table; every column of a lookup, and of the deals when there is
 * one); the others may keep their sample's. Gathering every column of a big file cost seconds.
 */
export function keyColumns(t: Scanned, tables: Scanned[]): number[] {
  const all = t.raw.headers.map((_, i) => i);
  const child = (k: string) => k === 'activities' || k === 'stage_history';
  const deal = (k: string) => k === 'deals' || k === 'orders';
  const kind = t.proposal.kind;
  if (child(kind)) return [colOf(t, 'deal_id')].filter((c) => c >= 0);
  if (!deal(kind)) return all;
  if (tables.some((x) => !deal(x.proposal.kind) && !child(x.proposal.kind))) return all;
  return [colOf(t, 'id'), colOf(t, 'title')].filter((c) => c >= 0);
}

/**
 * Builds the plan; mutates proposals of lookups (kind, key role) to what the overlap shows.
 * `facts` answers what the engine decided; the rest comes from the tables' value sets.
 */
export function planTables(tables: Scanned[], facts?: KeyFacts): Plan {
  const keys = new Keys(facts);
  const plan: Plan = {
    main: null,
    extensions: [],
    unions: [],
    lookups: [],
    others: [],
    activities: [],
    history: [],
    byTitle: new Set(),
    counted: facts?.counted ?? new Map(),
    skipped: [],
    relations: [],
  };
  const dealLike = tables.filter(
    (t) => t.proposal.kind === 'deals' || t.proposal.kind === 'orders',
  );
  placeDeals(plan, dealLike, keys);
  const pending = placeChildren(plan, tables, keys);
  // The targets hold every text column's set of every deal-like table: only lookups read them.
  if (pending.length > 0) placeLookups(plan, pending, dealTargets(dealLike));
  return plan;
}

/** Deals tables before orders, the biggest first: the first is the main table. */
export function dealOrder(dealLike: Scanned[]): Scanned[] {
  return [...dealLike].sort(
    (a, b) =>
      Number(b.proposal.kind === 'deals') - Number(a.proposal.kind === 'deals') || b.rows - a.rows,
  );
}

/**
 * The main deals table (a deals table before orders, the biggest first), then each other
 * deal-like table: an extension when it has the same ids, else appended.
 */
function placeDeals(plan: Plan, dealLike: Scanned[], keys: Keys): void {
  const ordered = dealOrder(dealLike);
  plan.main = ordered[0] ?? null;
  const main = plan.main;
  const mainId = main ? colOf(main, 'id') : -1;
  for (const t of ordered.slice(1)) {
    const id = colOf(t, 'id');
    // No main ids: nothing overlaps (an empty set).
    const ov = main && id >= 0 && mainId >= 0 ? keys.overlap(t, id, main, mainId) : 0;
    if (main && id >= 0 && ov >= 0.8 && keys.uniqueness(t, id) > 0.99) {
      const has = (r: string) => colOf(t, r) >= 0;
      plan.extensions.push({
        table: t,
        idCol: id,
        won: !has('status') && !has('stage') && !has('lost_reason'),
      });
      plan.relations.push({
        from: t.raw.file,
        fromColumn: t.raw.headers[id]!,
        to: main.raw.file,
        toColumn: main.raw.headers[mainId]!,
        overlap: ov,
      });
    } else {
      plan.unions.push(t);
    }
  }
}

/**
 * Activities and stage history, each linked to the main deals table by id, or by title when its
 * deal column holds the titles. Returns the tables left to place as lookups.
 */
function placeChildren(plan: Plan, tables: Scanned[], keys: Keys): Scanned[] {
  const main = plan.main;
  const mainId = main ? colOf(main, 'id') : -1;
  const pending: Scanned[] = [];
  for (const t of tables) {
    const kind = t.proposal.kind;
    if (kind === 'activities') plan.activities.push(t);
    else if (kind === 'stage_history') plan.history.push(t);
    if (kind === 'activities' || kind === 'stage_history') {
      const c = colOf(t, 'deal_id');
      if (!main || c < 0) continue;
      const byId = mainId >= 0 ? keys.overlap(t, c, main, mainId) : 0;
      const title = colOf(main, 'title');
      // No share exceeds 1: when every reference is an id, the titles cannot win, and the
      // engine need not compare them (`keyFactsSql` asks only when the ids leave room).
      const byTitle = mainId >= 0 && title >= 0 && byId < 1 ? keys.overlap(t, c, main, title) : 0;
      const titled = byTitle > byId && byTitle >= MIN_OVERLAP;
      if (titled) plan.byTitle.add(t);
      if (titled || mainId >= 0)
        plan.relations.push({
          from: t.raw.file,
          fromColumn: t.raw.headers[c]!,
          to: main.raw.file,
          toColumn: main.raw.headers[titled ? title : mainId]!,
          overlap: titled ? byTitle : byId,
        });
      continue;
    }
    if (kind !== 'deals' && kind !== 'orders') pending.push(t);
  }
  return pending;
}

/** The detected joins only (for the mapping screen). */
export function findRelations(tables: Scanned[]): Relation[] {
  // Planning mutates lookup proposals; detection wants that too, so the screen shows the key.
  return planTables(tables).relations;
}
