/**
 * How the tables fit together, decided by names and value overlap: which table is the deals
 * table, which deal-like tables extend it (same ids: Olist's closed deals extend its leads), which
 * are appended (orders), and which column of a lookup is its key and which deals role it serves.
 */
import { normalizeHeader } from './dictionaries.ts';
import type { Scanned } from './detect.ts';
import type { Relation } from './types.ts';

export type LookupTarget = 'clients' | 'managers' | 'products';
const LOOKUP_ROLE: Record<LookupTarget, 'client' | 'manager' | 'product'> = {
  clients: 'client',
  managers: 'manager',
  products: 'product',
};

export interface Plan {
  main: Scanned | null;
  /** Same deals, more columns; `won`: the table lists won deals only (no status, no stage). */
  extensions: { table: Scanned; idCol: number; won: boolean }[];
  unions: Scanned[];
  lookups: { table: Scanned; keyCol: number; target: LookupTarget }[];
  activities: Scanned[];
  history: Scanned[];
  skipped: { table: Scanned; reason: string }[];
  relations: Relation[];
}

/** Below this share of matching values, a same-named column is still a join; an unrelated name is not. */
const MIN_OVERLAP = 0.3;

const norm = (v: string) => v.trim().toLowerCase();

function colOf(t: Scanned, role: string): number {
  return t.proposal.columns.findIndex((c) => c.role === role);
}

function values(t: Scanned, col: number): Set<string> {
  const out = new Set<string>();
  for (const v of t.stats[col]?.distinct ?? []) out.add(norm(v));
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

/** Builds the plan; mutates proposals of lookups (kind, key role) to what the overlap shows. */
export function planTables(tables: Scanned[]): Plan {
  const plan: Plan = {
    main: null,
    extensions: [],
    unions: [],
    lookups: [],
    activities: [],
    history: [],
    skipped: [],
    relations: [],
  };
  const dealLike = tables.filter(
    (t) => t.proposal.kind === 'deals' || t.proposal.kind === 'orders',
  );
  const ordered = [...dealLike].sort(
    (a, b) =>
      Number(b.proposal.kind === 'deals') - Number(a.proposal.kind === 'deals') || b.rows - a.rows,
  );
  plan.main = ordered[0] ?? null;
  const main = plan.main;
  const mainId = main ? colOf(main, 'id') : -1;
  const mainIds = main && mainId >= 0 ? values(main, mainId) : new Set<string>();
  for (const t of ordered.slice(1)) {
    const id = colOf(t, 'id');
    const ov = id >= 0 ? overlap(values(t, id), mainIds) : 0;
    if (main && id >= 0 && ov >= 0.8 && uniqueness(t, id) > 0.99) {
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
  // The deals' client/manager/product values, over every deal-like table, for lookup matching.
  const dealValues = (role: string): { set: Set<string>; headers: Set<string> } => {
    const set = new Set<string>();
    const headers = new Set<string>();
    for (const t of dealLike) {
      const c = colOf(t, role);
      if (c < 0) continue;
      headers.add(normalizeHeader(t.raw.headers[c]!));
      for (const v of values(t, c)) set.add(v);
    }
    return { set, headers };
  };
  const targets = (['clients', 'managers', 'products'] as const).map((target) => ({
    target,
    ...dealValues(LOOKUP_ROLE[target]),
  }));
  for (const t of tables) {
    const kind = t.proposal.kind;
    if (kind === 'activities') plan.activities.push(t);
    else if (kind === 'stage_history') plan.history.push(t);
    if (kind === 'activities' || kind === 'stage_history') {
      const c = colOf(t, 'deal_id');
      if (main && c >= 0 && mainId >= 0) {
        plan.relations.push({
          from: t.raw.file,
          fromColumn: t.raw.headers[c]!,
          to: main.raw.file,
          toColumn: main.raw.headers[mainId]!,
          overlap: overlap(values(t, c), mainIds),
        });
      }
      continue;
    }
    if (kind === 'deals' || kind === 'orders') continue;
    const best = bestKey(t, targets, kind);
    if (!best) {
      plan.skipped.push({
        table: t,
        reason: 'no column matches the deals’ clients, managers or products',
      });
      continue;
    }
    t.proposal.kind = best.target;
    for (const c of t.proposal.columns) if (c.role === 'key') c.role = null;
    const col = t.proposal.columns[best.col]!;
    col.role = 'key';
    col.type = 'text';
    col.confidence = Math.round(best.score * 100) / 100;
    plan.lookups.push({ table: t, keyCol: best.col, target: best.target });
    plan.relations.push({
      from: main?.raw.file ?? 'deals',
      fromColumn: LOOKUP_ROLE[best.target],
      to: t.raw.file,
      toColumn: col.header,
      overlap: best.overlap,
    });
  }
  return plan;
}

function bestKey(
  t: Scanned,
  targets: { target: LookupTarget; set: Set<string>; headers: Set<string> }[],
  kind: string,
): { col: number; target: LookupTarget; overlap: number; score: number } | null {
  let best: { col: number; target: LookupTarget; overlap: number; score: number } | null = null;
  t.raw.headers.forEach((h, col) => {
    if (uniqueness(t, col) < 0.95) return;
    const vals = values(t, col);
    for (const g of targets) {
      if (g.set.size === 0) continue;
      const ov = overlap(g.set, vals);
      const sameName = g.headers.has(normalizeHeader(h));
      const hinted = kind === g.target;
      if (ov === 0 || (ov < MIN_OVERLAP && !sameName)) continue;
      const score = Math.min(1, ov + (sameName ? 0.5 : 0) + (hinted ? 0.2 : 0));
      if (!best || score > best.score) best = { col, target: g.target, overlap: ov, score };
    }
  });
  return best;
}

/** The detected joins only (for the mapping screen). */
export function findRelations(tables: Scanned[]): Relation[] {
  // Planning mutates lookup proposals; detection wants that too, so the screen shows the key.
  return planTables(tables).relations;
}
