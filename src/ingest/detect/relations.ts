/**
 * How the tables fit together, decided by names and value overlap: which table is the deals
 * table, which deal-like tables extend it (same ids: Olist's closed deals extend its leads), which
 * are appended (orders), and which column of a lookup is its key and which deals role it serves.
 */
import { msg, type Message } from '../../lib/message.ts';
import { normalizeHeader } from '../../crm/synonyms.ts';
import { LOOKUP_KEYS, TABLES, type DealRole, type LookupTable } from '../../crm/vocabulary.ts';
import { PERIOD_FIELD } from '../../query/resolve.ts';
import type { Scanned } from './detect.ts';
import type { Relation } from '../types.ts';
import type { KeyFacts } from './key-questions.ts';

/** Deals roles that a lookup of its own may describe (sources, pipelines, loss reasons…). */
const DESCRIBED_ROLES: readonly string[] = [
  'client',
  'manager',
  'product',
  'source',
  'lost_reason',
  'stage',
  'pipeline',
  'currency',
] satisfies DealRole[];

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
  skipped: { table: Scanned; reason: Message }[];
  relations: Relation[];
}

/** Below this share of matching values, a same-named column is still a join; an unrelated name is not. */
const MIN_OVERLAP = 0.3;

const norm = (v: string) => v.trim().toLowerCase();

export function colOf(t: Scanned, role: string): number {
  return t.proposal.columns.findIndex((c) => c.role === role);
}

/**
 * Normalised sets, once per gathered set: the plan asks for the main ids once per table it
 * places, and 200,000 values cost ≈ 0.1 s each time. Keyed by the stats' own set, which
 * `resetKeys` replaces, and by its size, which grows while a pass gathers it.
 */
const normalised = new WeakMap<Set<string>, { size: number; set: Set<string> }>();

function values(t: Scanned, col: number): Set<string> {
  const distinct = t.stats[col]?.distinct;
  if (!distinct) return new Set();
  const hit = normalised.get(distinct);
  if (hit && hit.size === distinct.size) return hit.set;
  const out = new Set<string>();
  for (const v of distinct) out.add(norm(v));
  normalised.set(distinct, { size: distinct.size, set: out });
  return out;
}

/** Share of `from` values found in `to`. */
export function overlap(from: Set<string>, to: Set<string>): number {
  if (from.size === 0) return 0;
  let hit = 0;
  for (const v of from) if (to.has(v)) hit++;
  return hit / from.size;
}

function uniqueness(t: Scanned, col: number): number {
  const st = t.stats[col];
  return !st || st.seen === 0 ? 0 : st.distinct.size / st.seen;
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

/** Names a generic lookup's table can't take: the canonical tables and the period pseudo-field. */
const RESERVED = new Set([...Object.keys(TABLES), PERIOD_FIELD]);

/**
 * A lookup's table name from its file (or sheet) name: lower case letters, digits and `_`, so
 * that `table.column` field ids stay readable and unambiguous. Stable across re-imports of the
 * same file, which keeps saved reports and links working.
 */
export function lookupTableName(file: string, taken: Set<string>): string {
  const sheet = file.includes('#') ? file.slice(file.indexOf('#') + 1) : '';
  const base = (sheet || file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, ''))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  const stem = !base || /^\p{N}/u.test(base) ? `lookup_${base}`.replace(/_$/, '') : base;
  let name = stem;
  for (let k = 2; RESERVED.has(name) || taken.has(name); k++) name = `${stem}_${k}`;
  taken.add(name);
  return name;
}

/** A column that a lookup's key may match: where it lives, its name there, and its values. */
interface Target {
  table: string;
  column: string;
  /** Set when the column is the deals role of a clients/managers/products table. */
  known?: LookupTable;
  set: Set<string>;
  headers: Set<string>;
  /** The column's header, and the file it is in, for the mapping screen. */
  header: string;
  file: string;
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
      const byTitle = mainId >= 0 && title >= 0 ? keys.overlap(t, c, main, title) : 0;
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

/**
 * Lookups of the deals first, then lookups of those lookups (regions of the clients' region…),
 * for as long as a round still places a table; what no round places is skipped.
 */
function placeLookups(plan: Plan, pending: Scanned[], targets: Target[]): void {
  const taken = new Set<string>();
  const names = new Set<string>();
  for (let round = pending; round.length > 0;) {
    const next: Scanned[] = [];
    const found: Target[] = [];
    for (const t of round) {
      const best = bestKey(t, targets, t.proposal.kind, taken);
      if (best) found.push(...placeLookup(plan, t, best, taken, names));
      else next.push(t);
    }
    if (next.length === round.length) {
      const reason = msg('import_noMatch');
      for (const t of next) {
        plan.skipped.push({ table: t, reason });
        // The mapping screen shows proposal warnings: say it before the user loads.
        if (!t.proposal.warnings.some((w) => w.code === 'import_notLoaded'))
          t.proposal.warnings.push(msg('import_notLoaded', { reason }));
      }
      break;
    }
    targets.push(...found);
    round = next;
  }
}

/**
 * Makes `t` a lookup keyed by its best column: a free clients/managers/products slot when that
 * is what it matched, else a lookup of its own. Returns its columns as targets for the next round.
 */
function placeLookup(
  plan: Plan,
  t: Scanned,
  best: NonNullable<ReturnType<typeof bestKey>>,
  taken: Set<string>,
  names: Set<string>,
): Target[] {
  const g = best.target;
  for (const c of t.proposal.columns) if (c.role === 'key') c.role = null;
  const col = t.proposal.columns[best.col]!;
  col.role = 'key';
  col.type = 'text';
  col.confidence = Math.round(best.score * 100) / 100;
  // What the values show outweighs a guess from the file name.
  t.proposal.confidence = Math.max(t.proposal.confidence, col.confidence);
  let table: string;
  if (g.known && !taken.has(g.known)) {
    taken.add(g.known);
    t.proposal.kind = g.known;
    table = g.known;
    plan.lookups.push({ table: t, keyCol: best.col, target: g.known });
  } else {
    t.proposal.kind = 'lookup';
    table = lookupTableName(t.raw.file, names);
    plan.others.push({
      table: t,
      keyCol: best.col,
      name: table,
      from: g.table,
      column: g.column,
    });
  }
  plan.relations.push({
    from: g.file,
    fromColumn: g.header,
    to: t.raw.file,
    toColumn: col.header,
    overlap: best.overlap,
  });
  return lookupTargets(t, best.col, table);
}

/** The deals columns a lookup may describe: the described roles and every other text column. */
function dealTargets(dealLike: Scanned[]): Target[] {
  const byColumn = new Map<string, Target>();
  const add = (column: string, header: string, t: Scanned, col: number, known?: LookupTable) => {
    const key = column.toLowerCase();
    const g = byColumn.get(key) ?? {
      table: 'deals',
      column,
      ...(known ? { known } : {}),
      set: new Set<string>(),
      headers: new Set<string>([normalizeHeader(column)]),
      header,
      file: t.raw.file,
    };
    byColumn.set(key, g);
    g.headers.add(normalizeHeader(header));
    for (const v of values(t, col)) g.set.add(v);
  };
  const knownOf = (role: string) =>
    (Object.keys(LOOKUP_KEYS) as LookupTable[]).find((k) => LOOKUP_KEYS[k] === role);
  for (const t of dealLike) {
    for (const c of t.proposal.columns) {
      const header = t.raw.headers[c.index]!;
      if (c.role !== null && DESCRIBED_ROLES.includes(c.role))
        add(c.role, header, t, c.index, knownOf(c.role));
      else if (c.role === null && c.type === 'text') add(header, header, t, c.index);
    }
  }
  // Roles first, so a custom column holding the same values doesn't take the lookup from them.
  return [...byColumn.values()].sort((a, b) => Number(!!b.known) - Number(!!a.known));
}

/** A placed lookup's text columns other than its key, as targets for lookups of their own. */
function lookupTargets(t: Scanned, keyCol: number, table: string): Target[] {
  return t.proposal.columns
    .filter((c) => c.index !== keyCol && c.type === 'text')
    .map((c) => {
      const header = t.raw.headers[c.index]!;
      return {
        table,
        column: header,
        set: values(t, c.index),
        headers: new Set([normalizeHeader(header)]),
        header,
        file: t.raw.file,
      };
    });
}

function bestKey(
  t: Scanned,
  targets: Target[],
  kind: string,
  taken: Set<string>,
): { col: number; target: Target; overlap: number; score: number } | null {
  let best: { col: number; target: Target; overlap: number; score: number } | null = null;
  // A key the user chose is the key; only what it joins is left to find.
  const chosen = colOf(t, 'key');
  t.raw.headers.forEach((h, col) => {
    if (chosen >= 0 ? col !== chosen : uniqueness(t, col) < 0.95) return;
    const vals = values(t, col);
    for (const g of targets) {
      if (g.set.size === 0) continue;
      const ov = overlap(g.set, vals);
      const sameName = g.headers.has(normalizeHeader(h));
      const hinted = g.known !== undefined && kind === g.known;
      if (ov === 0 || (ov < MIN_OVERLAP && !sameName)) continue;
      // A free clients/managers/products slot beats a generic lookup on the same values.
      const free = g.known !== undefined && !taken.has(g.known) ? 0.05 : 0;
      const score = Math.min(1, ov + (sameName ? 0.5 : 0) + (hinted ? 0.2 : 0) + free);
      if (!best || score > best.score) best = { col, target: g, overlap: ov, score };
    }
  });
  return best;
}

/** The detected joins only (for the mapping screen). */
export function findRelations(tables: Scanned[]): Relation[] {
  // Planning mutates lookup proposals; detection wants that too, so the screen shows the key.
  return planTables(tables).relations;
}
