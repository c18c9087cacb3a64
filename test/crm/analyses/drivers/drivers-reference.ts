/**
 * Drivers of change written out plainly over deal rows, independent of the SQL: each measure
 * as a numerator (and base) per deal, members grouped in a Map, mix and rate from their textbook
 * definitions (docs/metrics.md, "Drivers of change").
 */
import type { Data, Row } from '../../presets-reference.ts';
import type { Period } from '../../../../src/query/spec/spec.ts';

export interface RefRow {
  dimension: string | null;
  member: string | null;
  member_2: string | null;
  value: number | null;
  previous: number | null;
  delta: number | null;
  growth: number | null;
  share: number | null;
  mix?: number | null;
  rate?: number | null;
}

type Parts = { n: number; d: number };

/** What one deal adds to a measure in a period: [numerator, base]; null when it is not counted. */
function partsOf(measure: string, deal: Row, p: Period): Parts | null {
  const day = (v: unknown) => (typeof v === 'string' ? v.slice(0, 10) : null);
  const inP = (v: unknown) => {
    const d = day(v);
    return d !== null && d >= p.from && d <= p.to;
  };
  const won = deal.status === 'won';
  const lost = deal.status === 'lost';
  const amount = typeof deal.amount === 'number' ? deal.amount : null;
  switch (measure) {
    case 'deals':
      return inP(deal.created_at) ? { n: 1, d: 0 } : null;
    case 'won':
      return inP(deal.closed_at) && won ? { n: 1, d: 0 } : null;
    case 'revenue':
      return inP(deal.closed_at) && won ? { n: amount ?? 0, d: 0 } : null;
    case 'win_rate':
      return inP(deal.closed_at) && (won || lost) ? { n: won ? 1 : 0, d: 1 } : null;
    case 'avg_won':
      return inP(deal.closed_at) && won && amount !== null ? { n: amount, d: 1 } : null;
  }
  throw new Error(`no reference for ${measure}`);
}

export const RATIOS = new Set(['win_rate', 'avg_won']);

/** A field's value on a deal as text: deals columns bare, lookup fields through the lookup. */
export function fieldValue(data: Data, deal: Row, field: string): string | null {
  const dot = field.indexOf('.');
  let v: unknown;
  if (dot < 0) v = deal[field];
  else {
    const table = field.slice(0, dot);
    const key = { clients: 'client', managers: 'manager', products: 'product' }[table];
    const row = key ? data.lookups.get(table)?.get(deal[key]) : undefined;
    v = row ? row[field.slice(dot + 1)] : null;
  }
  return v === null || v === undefined ? null : String(v);
}

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

export function driversRef(
  data: Data,
  measure: string,
  now: Period,
  before: Period,
  dims: string[][],
): { total: RefRow; rows: RefRow[] } {
  const isRatio = RATIOS.has(measure);
  const tot = [
    { n: 0, d: 0 },
    { n: 0, d: 0 },
  ];
  const groups = new Map<string, { dim: string[]; members: (string | null)[]; s: Parts[] }>();
  for (const deal of data.deals) {
    [now, before].forEach((p, i) => {
      const x = partsOf(measure, deal, p);
      if (!x) return;
      tot[i]!.n += x.n;
      tot[i]!.d += x.d;
      for (const dim of dims) {
        const members = dim.map((f) => fieldValue(data, deal, f));
        const k = JSON.stringify([dim, members]);
        let g = groups.get(k);
        if (!g) {
          g = {
            dim,
            members,
            s: [
              { n: 0, d: 0 },
              { n: 0, d: 0 },
            ],
          };
          groups.set(k, g);
        }
        g.s[i]!.n += x.n;
        g.s[i]!.d += x.d;
      }
    });
  }
  const T1 = isRatio ? ratio(tot[0]!.n, tot[0]!.d) : tot[0]!.n;
  const T0 = isRatio ? ratio(tot[1]!.n, tot[1]!.d) : tot[1]!.n;
  const totalDelta = T1 === null || T0 === null ? null : T1 - T0;
  const growth = (a: number | null, b: number | null) =>
    a === null || b === null || b === 0 ? null : (a - b) / Math.abs(b);
  const rows: RefRow[] = [];
  for (const g of groups.values()) {
    const [c, p] = g.s as [Parts, Parts];
    if (c.n === 0 && p.n === 0 && c.d === 0 && p.d === 0) continue;
    const base = {
      dimension: g.dim.join(' × '),
      member: g.members[0] ?? null,
      member_2: g.members[1] ?? null,
    };
    if (!isRatio) {
      const delta = c.n - p.n;
      rows.push({
        ...base,
        value: c.n,
        previous: p.n,
        delta,
        growth: growth(c.n, p.n),
        share: totalDelta ? delta / totalDelta : null,
      });
      continue;
    }
    const r1 = ratio(c.n, c.d);
    const r0 = ratio(p.n, p.d);
    let mix: number | null = null;
    let rate: number | null = null;
    if (T0 !== null && T1 !== null) {
      // Shares of the base in each period; a member's rate where it had no base is the other one.
      const w1 = c.d / tot[0]!.d;
      const w0 = p.d / tot[1]!.d;
      const a1 = r1 ?? r0 ?? 0;
      const a0 = r0 ?? r1 ?? 0;
      mix = (w1 - w0) * ((a0 + a1) / 2 - T0);
      rate = (a1 - a0) * ((w0 + w1) / 2);
    }
    const delta = mix === null || rate === null ? null : mix + rate;
    rows.push({
      ...base,
      value: r1,
      previous: r0,
      delta,
      growth: growth(r1, r0),
      share: delta !== null && totalDelta ? delta / totalDelta : null,
      mix,
      rate,
    });
  }
  const total: RefRow = {
    dimension: null,
    member: null,
    member_2: null,
    value: T1,
    previous: T0,
    delta: totalDelta,
    growth: growth(T1, T0),
    share: null,
  };
  return { total, rows };
}
