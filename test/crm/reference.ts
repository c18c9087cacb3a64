/**
 * An independent plain-JS implementation of the CRM measures over the tiny fixture's arrays, to
 * check the compiler against. It shares no code with src/query or src/crm: definitions are taken
 * from docs (which date each measure counts by), written out again here.
 */
import { ACTIVITIES, CLIENTS, DEALS, STAGES, type TinyDeal } from '../fixtures/tiny-crm.ts';

export type Key = string | null;
export interface Period {
  from: string;
  to: string;
}

type Activity = (typeof ACTIVITIES)[number];
type Row = { kind: 'deal'; d: TinyDeal } | { kind: 'activity'; a: Activity };

export const SNAPSHOT = ['open', 'pipeline', 'weighted_pipeline'];
const BY_CREATED = ['deals', 'amount', 'clients', 'conversion'];
const ADDITIVE = new Set([
  'deals',
  'won',
  'lost',
  'open',
  'revenue',
  'lost_amount',
  'amount',
  'pipeline',
  'weighted_pipeline',
  'activities',
]);
export const isAdditive = (m: string) => ADDITIVE.has(m);

/** Which deals a measure looks at (docs/metrics.md), so an undated one it ignores makes no row. */
function countsDeal(m: string, status: string | null): boolean {
  if (
    ['won', 'revenue', 'avg_won', 'median_won', 'cycle_days', 'cycle_days_avg', 'buyers'].includes(
      m,
    )
  )
    return status === 'won';
  if (['lost', 'lost_amount'].includes(m)) return status === 'lost';
  if (m === 'win_rate') return status === 'won' || status === 'lost';
  return true;
}

/** The date a measure counts its rows by; null for snapshot measures. */
function dateOf(m: string, r: Row): string | null | undefined {
  if (r.kind === 'activity') return r.a.at;
  if (SNAPSHOT.includes(m)) return undefined; // no date at all
  return BY_CREATED.includes(m) ? r.d.created_at : r.d.closed_at;
}

const regionOf = (client: string | null) =>
  CLIENTS.find((c) => c.client === client)?.region ?? null;
const quarter = (date: string) =>
  `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
const month = (date: string) => date.slice(0, 7);

/** A dimension's value for a row, for the measure (period buckets use the measure's own date). */
function dimValue(dim: string, m: string, r: Row): Key {
  if (dim === 'manager') return r.kind === 'deal' ? r.d.manager : r.a.manager;
  if (dim === 'clients.region') return regionOf(r.kind === 'deal' ? r.d.client : r.a.client);
  if (dim === 'source')
    return r.kind === 'deal'
      ? r.d.source
      : (DEALS.find((d) => d.id === r.a.deal_id)?.source ?? null);
  if (dim === 'period:quarter' || dim === 'period:month') {
    const date = dateOf(m, r);
    if (!date) return null;
    return dim === 'period:quarter' ? quarter(date) : month(date);
  }
  throw new Error(`reference: no dimension ${dim}`);
}

function days(a: string, b: string): number {
  return Math.round(
    (Date.UTC(+b.slice(0, 4), +b.slice(5, 7) - 1, +b.slice(8, 10)) -
      Date.UTC(+a.slice(0, 4), +a.slice(5, 7) - 1, +a.slice(8, 10))) /
      86_400_000,
  );
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
/** SQL sum: NULLs skipped; nothing left → 0 here because every summed measure is additive. */
const sum = (xs: (number | null)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);
const distinct = (xs: (string | null)[]) => new Set(xs.filter((x) => x !== null)).size;
const prob = (d: TinyDeal) =>
  STAGES.find((s) => s.pipeline === d.pipeline && s.stage === d.stage)?.probability ?? 0;

/** One measure over a group's rows (already filtered by the period). */
function aggregate(m: string, rows: Row[]): number | null {
  const deals = rows.flatMap((r) => (r.kind === 'deal' ? [r.d] : []));
  const won = deals.filter((d) => d.status === 'won');
  const lost = deals.filter((d) => d.status === 'lost');
  const open = deals.filter((d) => d.status === 'open');
  const amounts = (ds: TinyDeal[]) =>
    ds.map((d) => d.amount).filter((a): a is number => a !== null);
  const cycles = won.map((d) => days(d.created_at, d.closed_at!));
  switch (m) {
    case 'deals':
      return deals.length;
    case 'won':
      return won.length;
    case 'lost':
      return lost.length;
    case 'open':
      return open.length;
    case 'win_rate':
      return won.length + lost.length === 0 ? null : won.length / (won.length + lost.length);
    case 'conversion':
      return deals.length === 0 ? null : won.length / deals.length;
    case 'revenue':
      return sum(won.map((d) => d.amount));
    case 'lost_amount':
      return sum(lost.map((d) => d.amount));
    case 'amount':
      return sum(deals.map((d) => d.amount));
    case 'avg_won':
      return mean(amounts(won));
    case 'median_won':
      return median(amounts(won));
    case 'pipeline':
      return sum(open.map((d) => d.amount));
    case 'weighted_pipeline':
      return sum(open.map((d) => (d.amount === null ? null : d.amount * prob(d))));
    case 'cycle_days':
      return median(cycles);
    case 'cycle_days_avg':
      return mean(cycles);
    case 'clients':
      return distinct(deals.map((d) => d.client));
    case 'buyers':
      return distinct(won.map((d) => d.client));
    case 'activities':
      return rows.filter((r) => r.kind === 'activity').length;
  }
  throw new Error(`reference: no measure ${m}`);
}

/**
 * The report of one measure: group key (JSON of the dimension values, in order) → value. With
 * dimensions, only groups with at least one row in the period exist, as in SQL's GROUP BY.
 */
export function reference(
  m: string,
  dims: string[],
  period: Period | null,
): Map<string, number | null> {
  // A ratio of two measures in the same cell, each counted by its own date.
  if (m === 'activities_per_won') {
    const acts = reference('activities', dims, period);
    const won = reference('won', dims, period);
    const keys = new Set([...acts.keys(), ...won.keys()]);
    return new Map(
      [...keys].map((k) => {
        const w = won.get(k) ?? 0;
        return [k, w ? (acts.get(k) ?? 0) / w : null];
      }),
    );
  }
  const all: Row[] =
    m === 'activities'
      ? ACTIVITIES.map((a) => ({ kind: 'activity', a }))
      : DEALS.map((d) => ({ kind: 'deal', d }));
  const inPeriod = all.filter((r) => {
    const date = dateOf(m, r);
    if (date === undefined) return true; // snapshot: the period does not apply
    // No date: in no period; with none chosen it counts, if the measure counts such a deal at all.
    if (date === null) return !period && r.kind === 'deal' && countsDeal(m, r.d.status);
    return !period || (date >= period.from && date <= period.to);
  });
  const groups = new Map<string, Row[]>();
  // Without dimensions SQL aggregates always give one row, even over no rows (count → 0).
  if (dims.length === 0) groups.set('[]', []);
  for (const r of inPeriod) {
    const key = JSON.stringify(dims.map((d) => dimValue(d, m, r)));
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return new Map([...groups].map(([k, rows]) => [k, aggregate(m, rows)]));
}

/** What a report shows for a group the reference has no rows for. */
export const empty = (m: string) => (isAdditive(m) ? 0 : null);

export function close(a: unknown, b: number | null): boolean {
  if (b === null || a === null) return a === b;
  return typeof a === 'number' && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
}
