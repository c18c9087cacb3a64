/**
 * Independent plain-JS implementations of the CRM analyses, written from docs/metrics.md over plain
 * row arrays. They share no code with src/crm/analyses or src/query: loops over objects, string
 * dates, calendar indexes (a month is year·12 + month) instead of SQL date functions.
 */
export interface Deal {
  id: string;
  created_at: string;
  closed_at: string | null;
  status: string;
  stage: string;
  pipeline: string;
  amount: number | null;
  lost_reason: string | null;
  client: string | null;
}
export interface History {
  deal_id: string;
  stage: string;
  entered_at: string;
}
export interface Period {
  from: string;
  to: string;
}
export type Split = (d: Deal) => string | null;
export type Rec = Record<string, unknown>;

const dayOf = (ts: string) => ts.slice(0, 10);
const inP = (day: string, p: Period | null) => !p || (day >= p.from && day <= p.to);
const ms = (ts: string) => Date.parse(ts.endsWith('Z') ? ts : `${ts}T12:00:00Z`);
const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const norm = (s: string) => s.trim().toLowerCase();
const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
export const cmp = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

export function funnelRef(
  deals: Deal[],
  history: History[] | null,
  stageNames: string[],
  lastIsWon: boolean,
  o: { pipeline: string; period?: Period | null; keep?: (d: Deal) => boolean; split?: Split },
): Rec[] {
  const n = stageNames.length;
  const pos = (s: string) => {
    const i = stageNames.findIndex((x) => norm(x) === norm(s));
    return i < 0 ? null : i + 1;
  };
  const scope = deals.filter(
    (d) =>
      d.pipeline === o.pipeline &&
      inP(dayOf(d.created_at), o.period ?? null) &&
      (o.keep?.(d) ?? true),
  );
  const byDeal = new Map<string, History[]>();
  for (const h of history ?? []) byDeal.set(h.deal_id, [...(byDeal.get(h.deal_id) ?? []), h]);
  const reached = new Map<string, number>();
  for (const d of scope) {
    let best = d.status === 'won' ? n : pos(d.stage);
    for (const h of byDeal.get(d.id) ?? []) {
      const p = pos(h.stage);
      if (p !== null && (best === null || p > best)) best = p;
    }
    reached.set(d.id, best ?? 1);
  }
  const splitOf = (d: Deal) => (o.split ? o.split(d) : null);
  const groups = o.split ? [...new Set(scope.map(splitOf))].sort(cmp) : [null];
  const out: Rec[] = [];
  for (const g of groups) {
    const mine = scope.filter((d) => splitOf(d) === g);
    const stays = new Map<number, number[]>();
    if (history) {
      for (const d of mine) {
        const rows = [...(byDeal.get(d.id) ?? [])].sort(
          (a, b) => ms(a.entered_at) - ms(b.entered_at),
        );
        const perStage = new Map<number, number | null>();
        rows.forEach((h, i) => {
          const p = pos(h.stage);
          if (p === null || p > (lastIsWon ? n - 1 : n)) return;
          const end = rows[i + 1]?.entered_at ?? d.closed_at;
          const dur = end === null ? null : (ms(end) - ms(h.entered_at)) / 86_400_000;
          const prev = perStage.has(p) ? perStage.get(p)! : 0;
          perStage.set(p, prev === null || dur === null ? null : prev + dur);
        });
        for (const [p, v] of perStage) if (v !== null) stays.set(p, [...(stays.get(p) ?? []), v]);
      }
    }
    const counts = stageNames.map((_, i) => mine.filter((d) => reached.get(d.id)! >= i + 1).length);
    stageNames.forEach((stage, i) => {
      const dropped = mine.filter((d) => reached.get(d.id) === i + 1 && d.status === 'lost');
      const reasons = new Map<string, number>();
      for (const d of dropped)
        if (d.lost_reason !== null && d.lost_reason.trim() !== '')
          reasons.set(d.lost_reason, (reasons.get(d.lost_reason) ?? 0) + 1);
      const top = [...reasons].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0])).slice(0, 3);
      const c = counts[i]!;
      const prev = i === 0 ? null : counts[i - 1]!;
      out.push({
        ...(o.split ? { split: g } : {}),
        stage,
        position: i + 1,
        reached: c,
        step_conversion: prev === null || prev === 0 ? null : c / prev,
        cumulative_conversion: counts[0] === 0 ? null : c / counts[0]!,
        dropped: i === n - 1 ? null : dropped.length,
        lost_reasons: top.length ? top.map(([r, k]) => `${r} (${k})`).join(', ') : null,
        median_days_in_stage: history ? median(stays.get(i + 1) ?? []) : null,
      });
    });
  }
  return out;
}

interface Purchase {
  client: string;
  split: string | null;
  day: string;
  amount: number;
}

export function purchases(
  deals: Deal[],
  o: { period?: Period | null; keep?: (d: Deal) => boolean; split?: Split },
): Purchase[] {
  return deals
    .filter(
      (d) =>
        d.status === 'won' &&
        d.client !== null &&
        d.closed_at !== null &&
        inP(dayOf(d.closed_at), o.period ?? null) &&
        (o.keep?.(d) ?? true),
    )
    .map((d) => ({
      client: d.client!,
      split: o.split ? o.split(d) : null,
      day: dayOf(d.closed_at!),
      amount: d.amount ?? 0,
    }));
}

function byUnit(ps: Purchase[]): Map<string, Purchase[]> {
  const m = new Map<string, Purchase[]>();
  for (const p of ps) {
    const k = JSON.stringify([p.client, p.split]);
    m.set(k, [...(m.get(k) ?? []), p]);
  }
  return m;
}

export function ltvRef(
  deals: Deal[],
  o: { period?: Period | null; keep?: (d: Deal) => boolean; split?: Split },
): Rec[] {
  const ps = purchases(deals, o);
  const asOf = o.period?.to ?? ps.reduce((m, p) => (p.day > m ? p.day : m), '0000-00-00');
  const rows = [...byUnit(ps).values()].map((list) => {
    const days = list.map((p) => p.day).sort();
    const revenue = list.reduce((s, p) => s + p.amount, 0);
    const tenure = daysBetween(days[0]!, days[days.length - 1]!);
    return {
      client: list[0]!.client,
      split: list[0]!.split,
      revenue,
      won_deals: list.length,
      first_purchase: days[0]!,
      last_purchase: days[days.length - 1]!,
      tenure_days: tenure,
      purchase_frequency: list.length / Math.max(tenure / 365.25, 1),
      avg_deal: revenue / list.length,
      recency_days: daysBetween(days[days.length - 1]!, asOf),
    };
  });
  const score =
    (v: (r: (typeof rows)[number]) => number | string) => (r: (typeof rows)[number]) => {
      const below = rows.filter((x) => v(x) < v(r)).length;
      return 1 + Math.floor((5 * below) / rows.length);
    };
  const R = score((r) => r.last_purchase),
    F = score((r) => r.won_deals),
    M = score((r) => r.revenue);
  return rows
    .map((r) => {
      const [rs, fs, mscore] = [R(r), F(r), M(r)];
      const segment =
        rs >= 4 && fs >= 4
          ? 'Champions'
          : rs >= 4 && r.won_deals === 1
            ? 'New'
            : rs >= 3 && fs >= 3
              ? 'Loyal'
              : rs <= 2 && fs >= 3
                ? 'At risk'
                : rs <= 2
                  ? 'Hibernating'
                  : 'Promising';
      return { ...r, r_score: rs, f_score: fs, m_score: mscore, segment };
    })
    .sort((a, b) => b.revenue - a.revenue || cmp(a.client, b.client) || cmp(a.split, b.split));
}

export type RefGrain = 'month' | 'quarter' | 'year';
export const periodIndex = (day: string, g: RefGrain) => {
  const y = Number(day.slice(0, 4)),
    m = Number(day.slice(5, 7)) - 1;
  return g === 'month' ? y * 12 + m : g === 'quarter' ? y * 4 + Math.floor(m / 3) : y;
};
export const periodLabel = (i: number, g: RefGrain) =>
  g === 'month'
    ? `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
    : g === 'quarter'
      ? `${Math.floor(i / 4)}-Q${(i % 4) + 1}`
      : String(i);

export function cohortRef(
  deals: Deal[],
  g: RefGrain,
  o: { period?: Period | null; keep?: (d: Deal) => boolean; split?: Split },
): Rec[] {
  const ps = purchases(deals, { ...o, period: null });
  const last = Math.max(...ps.map((p) => periodIndex(p.day, g)));
  const cohorts = new Map<string, { split: string | null; start: number; units: Purchase[][] }>();
  for (const list of byUnit(ps).values()) {
    const first = list.map((p) => p.day).sort()[0]!;
    if (!inP(first, o.period ?? null)) continue;
    const start = periodIndex(first, g);
    const k = JSON.stringify([list[0]!.split, start]);
    const c = cohorts.get(k) ?? { split: list[0]!.split, start, units: [] };
    c.units.push(list);
    cohorts.set(k, c);
  }
  const out: Rec[] = [];
  const sorted = [...cohorts.values()].sort((a, b) => cmp(a.split, b.split) || a.start - b.start);
  for (const c of sorted) {
    let cum = 0;
    for (let k = 0; k <= last - c.start; k++) {
      const at = c.units.map((u) => u.filter((p) => periodIndex(p.day, g) === c.start + k));
      const active = at.filter((x) => x.length > 0).length;
      const revenue = at.flat().reduce((s, p) => s + p.amount, 0);
      cum += revenue;
      out.push({
        ...(o.split ? { split: c.split } : {}),
        cohort: periodLabel(c.start, g),
        cohort_size: c.units.length,
        period_index: k,
        active_clients: active,
        retention: active / c.units.length,
        revenue,
        cumulative_revenue_per_client: cum / c.units.length,
      });
    }
  }
  return out;
}

export const STATUS_ORDER = ['new', 'repeat', 'regular', 'returned', 'lapsed', 'lost'];

/** Status of every (unit, period) from the unit's first purchase period to `end`. */
function statuses(
  ps: Purchase[],
  g: RefGrain,
  end: number,
  lapseAfter: number,
  regularAfter: number,
) {
  const out: {
    split: string | null;
    t: number;
    status: string;
    revenue: number;
    prev: string | null;
  }[] = [];
  for (const list of byUnit(ps).values()) {
    const rev = new Map<number, number>();
    for (const p of list)
      rev.set(periodIndex(p.day, g), (rev.get(periodIndex(p.day, g)) ?? 0) + p.amount);
    const first = Math.min(...rev.keys());
    let n = 0,
      lastBought = first,
      prevGap: number | null = null,
      prev: string | null = null;
    for (let t = first; t <= end; t++) {
      const bought = rev.has(t);
      if (bought) [n, lastBought] = [n + 1, t];
      const gap = t - lastBought;
      const status: string = bought
        ? n === 1
          ? 'new'
          : prevGap !== null && prevGap >= 1
            ? 'returned'
            : n >= regularAfter
              ? 'regular'
              : 'repeat'
        : gap <= lapseAfter
          ? 'lapsed'
          : 'lost';
      out.push({ split: list[0]!.split, t, status, revenue: rev.get(t) ?? 0, prev });
      [prevGap, prev] = [gap, status];
    }
  }
  return out;
}

export interface DynOptions {
  period?: Period | null;
  keep?: (d: Deal) => boolean;
  split?: Split;
  lapseAfter?: number;
  regularAfter?: number;
}

function dynBase(deals: Deal[], g: RefGrain, o: DynOptions) {
  const ps = purchases(deals, { ...o, period: null });
  const latest = deals
    .flatMap((d) => [dayOf(d.created_at), ...(d.closed_at ? [dayOf(d.closed_at)] : [])])
    .sort()
    .pop()!;
  const end = periodIndex(o.period?.to ?? latest, g);
  const st = statuses(ps, g, end, o.lapseAfter ?? 2, o.regularAfter ?? 3);
  const firsts = [...byUnit(ps).values()].map((l) =>
    Math.min(...l.map((p) => periodIndex(p.day, g))),
  );
  const from = o.period ? periodIndex(o.period.from, g) : Math.min(...firsts);
  const splits = o.split ? [...new Set(ps.map((p) => p.split))].sort(cmp) : [null];
  return { st, end, from, splits };
}

export function dynamicsRef(deals: Deal[], g: RefGrain, o: DynOptions): Rec[] {
  const { st, end, from, splits } = dynBase(deals, g, o);
  const out: Rec[] = [];
  for (const s of splits)
    for (let t = from; t <= end; t++)
      STATUS_ORDER.forEach((status, i) => {
        const hit = st.filter((x) => x.split === s && x.t === t && x.status === status);
        out.push({
          ...(o.split ? { split: s } : {}),
          period: periodLabel(t, g),
          status,
          status_order: i + 1,
          clients: hit.length,
          revenue: hit.reduce((a, x) => a + x.revenue, 0),
        });
      });
  return out;
}

export function transitionsRef(deals: Deal[], g: RefGrain, o: DynOptions): Rec[] {
  const { st, from } = dynBase(deals, g, o);
  const counts = new Map<string, number>();
  for (const x of st)
    if (x.t >= from)
      counts.set(
        JSON.stringify([x.split, x.prev, x.status]),
        (counts.get(JSON.stringify([x.split, x.prev, x.status])) ?? 0) + 1,
      );
  const ord = (s: string | null) => (s === null ? 0 : STATUS_ORDER.indexOf(s) + 1);
  return [...counts]
    .map(([k, clients]) => {
      const [split, from_status, to_status] = JSON.parse(k) as [
        string | null,
        string | null,
        string,
      ];
      return { ...(o.split ? { split } : {}), from_status, to_status, clients };
    })
    .sort(
      (a, b) =>
        cmp((a.split as string) ?? null, (b.split as string) ?? null) ||
        ord(a.from_status) - ord(b.from_status) ||
        ord(a.to_status) - ord(b.to_status),
    );
}
