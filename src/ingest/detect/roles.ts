/**
 * Header (and value type) → role, and roles → table kind. Matching is by dictionary, exact
 * first, then by whole words; a role whose values have the wrong type loses most of its score,
 * so "Дата" full of names does not become created_at.
 */
import { HEADER_SYNONYMS, KIND_NAME_HINTS, normalizeHeader } from '../../crm/synonyms.ts';
import { CANONICAL, type DealRole, type Role, type TableKind } from '../../crm/vocabulary.ts';
import type { ValueType } from '../types.ts';

/** Headers too generic to trust fully even on an exact match. */
const GENERIC = new Set([
  'date',
  'дата',
  'name',
  'value',
  'user',
  'total',
  'sum',
  'номер',
  'type',
  'вид',
  'time',
  'время',
  'result',
  'won',
  'at',
  'id',
  'документ',
  'item',
  'category',
  'layout',
  'сделка',
  'revenue',
  'value',
  'origin',
  'channel',
]);

const DATE_ROLES = new Set<string>(
  [CANONICAL.deals, CANONICAL.activities, CANONICAL.stage_history].flatMap((t) =>
    Object.keys(t).filter((c) => t[c] === 'TIMESTAMP'),
  ),
);

export interface ColumnFacts {
  header: string;
  type: ValueType;
  /** Distinct non-null values / non-null values (1 = unique). */
  uniqueness: number;
  nonNull: number;
}

export interface RoleMatch {
  role: Role;
  confidence: number;
}

type Dict = Record<string, string[]>;

/** How well a header names a role, 0..1, from the header alone. */
export function headerScore(header: string, synonyms: string[]): number {
  const h = normalizeHeader(header);
  if (h === '') return 0;
  let best = 0;
  for (const s of synonyms) {
    if (h === s) best = Math.max(best, GENERIC.has(s) ? 0.7 : 1);
    else if (!GENERIC.has(s) && s.length >= 4 && ` ${h} `.includes(` ${s} `))
      best = Math.max(best, 0.6);
  }
  return best;
}

/** Words that make a header name a key wherever it is (`client_id`, `Manager ID`, `uuid`). */
const KEY_WORDS = new Set(['id', 'ид', 'идентификатор', 'uuid', 'guid', 'key', 'ключ']);
/** The headers of the roles that identify a record: a deal's or activity's id, the deal referred to. */
const KEY_HEADERS = [
  HEADER_SYNONYMS.deals.id,
  HEADER_SYNONYMS.activities.id,
  HEADER_SYNONYMS.activities.deal_id,
];

/**
 * Whether a header names a key (an id, a record number), whichever role the column ends up with:
 * such a column's long or zero-led numbers are codes, to load as written.
 */
export function namesKey(header: string): boolean {
  if (
    normalizeHeader(header)
      .split(' ')
      .some((w) => KEY_WORDS.has(w))
  )
    return true;
  return KEY_HEADERS.some((synonyms) => headerScore(header, synonyms) > 0);
}

/**
 * Whether a header names a deal's amount (`amount`, "Сумма сделки"…): its whole numbers are money,
 * whatever their length.
 */
export function namesAmount(header: string): boolean {
  return headerScore(header, HEADER_SYNONYMS.deals.amount) > 0;
}

/**
 * Roles whose values are names. A header that only contains one of their words and holds numbers
 * or yes/no counts or flags something about it ("declared product catalog size", "days in stage",
 * "stage probability"): it is a field of its own, not the role.
 */
const NAME_ROLES = new Set(['stage', 'pipeline', 'currency', 'source', 'lost_reason', 'product']);

function typeFit(role: string, col: ColumnFacts, header: number): number {
  // An exact, specific header keeps its role despite bad values (they get reported); a vaguer one does not.
  if (DATE_ROLES.has(role)) return col.type === 'date' ? 1 : 0.3;
  if (NAME_ROLES.has(role) && header < 1 && (col.type === 'number' || col.type === 'boolean'))
    return 0.3;
  if (role === 'amount') return col.type === 'number' ? 1 : 0.3;
  if (role === 'id' || role === 'key') return col.uniqueness > 0.98 ? 1 : 0.3;
  if (role === 'title') return col.type === 'text' ? 1 : 0.3;
  return col.type === 'date' ? 0.3 : 1;
}

/** Best column for each role (one role per column), greedily by confidence. */
export function assignRoles(
  columns: ColumnFacts[],
  dict: Dict,
  forced: Partial<Record<Role, string | null>> = {},
): (RoleMatch | null)[] {
  const out: (RoleMatch | null)[] = columns.map(() => null);
  const taken = new Set<string>();
  for (const [role, header] of Object.entries(forced)) {
    taken.add(role);
    if (header == null) continue;
    const i = columns.findIndex((c) => c.header === header);
    if (i >= 0) out[i] = { role: role as Role, confidence: 1 };
  }
  const pairs: { i: number; role: string; score: number }[] = [];
  columns.forEach((col, i) => {
    if (out[i]) return;
    for (const [role, syn] of Object.entries(dict)) {
      const h = headerScore(col.header, syn);
      if (h > 0) pairs.push({ i, role, score: h * typeFit(role, col, h) });
    }
  });
  pairs.sort((a, b) => b.score - a.score || a.i - b.i);
  for (const p of pairs) {
    if (p.score < 0.25 || out[p.i] || taken.has(p.role)) continue;
    out[p.i] = { role: p.role as Role, confidence: Math.round(p.score * 100) / 100 };
    taken.add(p.role);
  }
  return out;
}

/** How much finding each role says "this is a deals table". */
const DEAL_WEIGHTS: Record<DealRole, number> = {
  id: 1,
  title: 1,
  created_at: 1,
  closed_at: 2,
  status: 3,
  stage: 3,
  pipeline: 1,
  amount: 3,
  currency: 1,
  source: 1,
  lost_reason: 3,
  manager: 1,
  client: 1,
  product: 1,
};

function rolesOf(matches: (RoleMatch | null)[]): Set<string> {
  return new Set(matches.filter((m): m is RoleMatch => m !== null).map((m) => m.role));
}

/** The table kind from the roles each dictionary finds, helped by words in the file name. */
export function detectKind(
  file: string,
  columns: ColumnFacts[],
): { kind: TableKind; confidence: number } {
  const hints = new Set(
    Object.entries(KIND_NAME_HINTS)
      .filter(([, re]) => re.test(file))
      .map(([k]) => k),
  );
  const deal = rolesOf(assignRoles(columns, HEADER_SYNONYMS.deals));
  const act = assignRoles(columns, HEADER_SYNONYMS.activities);
  const hist = assignRoles(columns, HEADER_SYNONYMS.stage_history);
  const actRoles = rolesOf(act);
  const histRoles = rolesOf(hist);
  const dealRef = (m: (RoleMatch | null)[]) => columns[m.findIndex((x) => x?.role === 'deal_id')];

  const histRef = dealRef(hist);
  if (
    histRoles.size === 3 &&
    columns.length <= 8 &&
    histRef &&
    (histRef.uniqueness < 0.95 || hints.has('stage_history'))
  ) {
    return { kind: 'stage_history', confidence: hints.has('stage_history') ? 0.95 : 0.75 };
  }
  if (
    actRoles.has('type') &&
    actRoles.has('at') &&
    (actRoles.has('deal_id') || actRoles.has('client'))
  ) {
    if (!deal.has('amount') || hints.has('activities'))
      return { kind: 'activities', confidence: hints.has('activities') ? 0.95 : 0.7 };
  }
  let score = 0;
  for (const r of deal) score += DEAL_WEIGHTS[r as DealRole] ?? 0;
  const closedInfo = deal.has('status') || deal.has('stage') || deal.has('lost_reason');
  if (hints.has('orders') && !closedInfo && deal.has('amount'))
    return { kind: 'orders', confidence: 0.8 };
  if (score >= 4 || (score >= 2 && hints.has('deals'))) {
    return {
      kind: 'deals',
      confidence: Math.min(0.95, 0.4 + score / 20 + (hints.has('deals') ? 0.2 : 0)),
    };
  }
  for (const k of ['clients', 'managers', 'products'] as const)
    if (hints.has(k)) return { kind: k, confidence: 0.7 };
  return { kind: 'lookup', confidence: 0.4 };
}
