/**
 * The lookup targets: which table a lookup's key refers to — a deals column that
 * clients/managers/products describe, another deals column, or a column of a lookup already
 * placed (the dataset's own lookups) — and the names those lookups load under.
 *
 * The plan (relations.ts) calls these once the deals are placed; they read the value sets from
 * key-sets.ts, so nothing imports relations.ts back but its `Plan` type.
 */
import { msg } from '../../lib/message.ts';
import { normalizeHeader } from '../../crm/synonyms.ts';
import { LOOKUP_KEYS, TABLES, type DealRole, type LookupTable } from '../../crm/vocabulary.ts';
import { PERIOD_FIELD } from '../../query/resolve.ts';
import type { Scanned } from './detect.ts';
import { colOf, MIN_OVERLAP, overlap, uniqueness, values } from './key-sets.ts';
import type { Plan } from './relations.ts';
import { loadsAs, withForecasts } from './forecast.ts';

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
 * Lookups of the deals first, then lookups of those lookups (regions of the clients' region…),
 * for as long as a round still places a table; what no round places is skipped.
 */
export function placeLookups(plan: Plan, pending: Scanned[], targets: Target[]): void {
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
  // The key loads as text now: what its values would do as a number is no longer to be said.
  const p = t.proposal;
  p.warnings = withForecasts(
    p.warnings,
    p.columns,
    (c) => loadsAs(p.kind, c.role, c.type),
    p.sampled,
  );
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
export function dealTargets(dealLike: Scanned[]): Target[] {
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
