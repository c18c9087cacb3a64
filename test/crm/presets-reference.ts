/**
 * A plain-JS reference for pivot presets over whole loaded datasets (the demo, Olist): the rows are
 * read out of DuckDB once with `SELECT * FROM <table>` (the input, not the answer), then every report
 * is recomputed here from docs/metrics.md — group by the dimensions, keep each measure's rows by its
 * own date in the period, aggregate, rebuild subtotals and comparisons. Like ./reference.ts (which is
 * tied to the tiny fixture) it shares no code with src/query or src/crm.
 */
import { expect } from 'vitest';
import type { Engine } from '../../src/engine/types.ts';
import type { DatasetModel } from '../../src/crm/model.ts';
import type { CompiledQuery } from '../../src/query/compiled.ts';
import type { Dimension, Filter, Period, ReportSpec } from '../../src/query/spec/spec.ts';
import { queryCompiled, rowsOf, type Row } from '../query/helpers.ts';
import type { Deal, History } from './analyses/reference.ts';
import { isAdditive } from './reference.ts';

export type { Row };
type Key = string | null;

export interface Data {
  deals: Row[];
  activities: Row[] | null;
  /** Lookup tables by name, keyed by their key column (clients by `client`…). */
  lookups: Map<string, Map<unknown, Row>>;
  stages: Row[];
  history: Row[] | null;
  dealById: Map<unknown, Row>;
}

const LOOKUP_KEY: Record<string, string> = {
  clients: 'client',
  managers: 'manager',
  products: 'product',
};

/** Dates as ISO text (`YYYY-MM-DDTHH:MM:SS.sssZ`), bigints as numbers; everything else as read. */
function plain(v: unknown, type: string | undefined): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (type === 'date') {
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'number') return new Date(v).toISOString();
  }
  return v;
}

/** Reads every table of the model with a plain `SELECT *`. */
export async function readData(engine: Engine, model: DatasetModel): Promise<Data> {
  const read = async (name: string): Promise<Row[] | null> => {
    const t = model.tables.find((x) => x.name === name);
    if (!t) return null;
    const types = new Map(t.columns.map((c) => [c.name, c.type as string]));
    const rows = rowsOf(await engine.query(`SELECT * FROM "${name}"`));
    return rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v, types.get(k))])),
    );
  };
  const deals = (await read('deals'))!;
  const lookups = new Map<string, Map<unknown, Row>>();
  for (const [table, key] of Object.entries(LOOKUP_KEY)) {
    const rows = await read(table);
    if (rows) lookups.set(table, new Map(rows.map((r) => [r[key], r])));
  }
  return {
    deals,
    activities: await read('activities'),
    lookups,
    stages: (await read('stages')) ?? [],
    history: await read('stage_history'),
    dealById: new Map(deals.map((d) => [d.id, d])),
  };
}

// ---------------------------------------------------------------------------------------------
// Measures (docs/metrics.md), over deal rows and activity rows

type Fact = { deal: Row | null; act: Row | null };
const SNAPSHOT = new Set(['open', 'pipeline', 'weighted_pipeline']);
const BY_CREATED = new Set(['deals', 'amount', 'clients', 'conversion']);
const day = (v: unknown): string | null => (typeof v === 'string' ? v.slice(0, 10) : null);

/** The day a measure counts a row by; undefined = no date applies (snapshot). */
function dateOf(m: string, f: Fact): string | null | undefined {
  if (m === 'activities') return day(f.act!.at);
  if (SNAPSHOT.has(m)) return undefined;
  return day(BY_CREATED.has(m) ? f.deal!.created_at : f.deal!.closed_at);
}

function bucket(d: string | null, grain: string | undefined): Key {
  if (d === null) return null;
  switch (grain) {
    case undefined:
    case 'day':
      return d;
    case 'month':
      return d.slice(0, 7);
    case 'quarter':
      return `${d.slice(0, 4)}-Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
    case 'year':
      return d.slice(0, 4);
  }
  throw new Error(`reference: no grain ${grain}`);
}

const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k]! : (s[k - 1]! + s[k]!) / 2;
};
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const sum = (xs: (number | null)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);

function aggregate(m: string, facts: Fact[], probability: (d: Row) => number): number | null {
  if (m === 'activities') return facts.length;
  const deals = facts.map((f) => f.deal!);
  const st = (s: string) => deals.filter((d) => d.status === s);
  const won = st('won');
  const lost = st('lost');
  const open = st('open');
  const amounts = (ds: Row[]) =>
    ds.map((d) => num(d.amount)).filter((a): a is number => a !== null);
  const cycles = () => won.map((d) => daysBetween(day(d.created_at)!, day(d.closed_at)!));
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
      return won.length + lost.length ? won.length / (won.length + lost.length) : null;
    case 'conversion':
      return deals.length ? won.length / deals.length : null;
    case 'revenue':
      return sum(won.map((d) => num(d.amount)));
    case 'lost_amount':
      return sum(lost.map((d) => num(d.amount)));
    case 'amount':
      return sum(deals.map((d) => num(d.amount)));
    case 'avg_won':
      return mean(amounts(won));
    case 'median_won':
      return median(amounts(won));
    case 'pipeline':
      return sum(open.map((d) => num(d.amount)));
    case 'weighted_pipeline':
      return sum(
        open.map((d) => (num(d.amount) === null ? null : num(d.amount)! * probability(d))),
      );
    case 'cycle_days':
      return median(cycles());
    case 'cycle_days_avg':
      return mean(cycles());
    case 'clients':
      return new Set(deals.map((d) => d.client).filter((c) => c !== null && c !== '')).size;
    case 'buyers':
      return new Set(won.map((d) => d.client).filter((c) => c !== null)).size;
  }
  throw new Error(`reference: no measure ${m}`);
}

// ---------------------------------------------------------------------------------------------
// Dimensions and filters

export const dimKey = (d: Dimension) => (d.grain ? `${d.field}:${d.grain}` : d.field);

/** A field's value for a fact row: deal columns from the deal (an activity's own manager and client). */
function fieldValue(data: Data, field: string, f: Fact): unknown {
  const dot = field.indexOf('.');
  if (dot < 0) {
    if (f.act && (field === 'manager' || field === 'client')) return f.act[field] ?? null;
    return f.deal?.[field] ?? null;
  }
  const table = field.slice(0, dot);
  const column = field.slice(dot + 1);
  if (table === 'activities') return f.act?.[column] ?? null;
  const key = LOOKUP_KEY[table]!;
  const owner = f.act && (key === 'manager' || key === 'client') ? f.act : f.deal;
  const k = owner?.[key] ?? null;
  return k === null ? null : (data.lookups.get(table)?.get(k)?.[column] ?? null);
}

function dimValue(data: Data, d: Dimension, m: string, f: Fact): Key {
  if (d.field === 'period') return bucket(dateOf(m, f) ?? null, d.grain);
  const v = fieldValue(data, d.field, f);
  if (v === null) return null;
  if (d.grain) return bucket(day(v), d.grain);
  return typeof v === 'number' ? String(v) : (v as string);
}

function passes(data: Data, filters: Filter[], f: Fact): boolean {
  return filters.every((flt) => {
    const v = fieldValue(data, flt.field, f);
    const values = (flt as { values?: unknown[] }).values ?? [];
    if (flt.op === 'in') return values.includes(v);
    if (flt.op === 'not_in') return !values.includes(v);
    throw new Error(`reference: no filter op ${flt.op}`);
  });
}

// ---------------------------------------------------------------------------------------------
// Reports

/** No date: in no period; with none chosen it counts, if the measure looks at such a deal. */
const inPeriod = (d: string | null | undefined, p: Period | null, m: string, f: Fact) =>
  d === undefined ? true : d === null ? !p && countsDeal(m, f) : !p || (d >= p.from && d <= p.to);

const WON_ONLY = [
  'won',
  'revenue',
  'avg_won',
  'median_won',
  'cycle_days',
  'cycle_days_avg',
  'buyers',
];
function countsDeal(m: string, f: Fact): boolean {
  const status = f.deal?.status;
  if (WON_ONLY.includes(m)) return status === 'won';
  if (m === 'lost' || m === 'lost_amount') return status === 'lost';
  if (m === 'win_rate') return status === 'won' || status === 'lost';
  return true;
}

/** The comparison period by docs/metrics.md: `year` = same dates a year back; `previous` = same length right before, by whole months when the period is whole months. */
export function previousPeriod(p: Period, mode: 'year' | 'previous'): Period {
  const parse = (s: string) => [
    Number(s.slice(0, 4)),
    Number(s.slice(5, 7)),
    Number(s.slice(8, 10)),
  ];
  const fmt = (t: number) => new Date(t).toISOString().slice(0, 10);
  const monthsBack = (s: string, n: number) => {
    const [y, m, d] = parse(s) as [number, number, number];
    const last = new Date(Date.UTC(y, m - 1 - n + 1, 0)).getUTCDate();
    return fmt(Date.UTC(y, m - 1 - n, Math.min(d, last)));
  };
  const plusDays = (s: string, n: number) => fmt(Date.parse(`${s}T00:00:00Z`) + n * 86_400_000);
  const after = plusDays(p.to, 1);
  let months: number | null = null;
  if (mode === 'year') months = 12;
  else if (p.from.endsWith('-01') && after.endsWith('-01')) {
    const [fy, fm] = parse(p.from) as [number, number];
    const [ay, am] = parse(after) as [number, number];
    months = (ay - fy) * 12 + (am - fm);
  }
  if (months !== null)
    return { from: monthsBack(p.from, months), to: plusDays(monthsBack(after, months), -1) };
  const len = daysBetween(p.from, after);
  return { from: plusDays(p.from, -len), to: plusDays(p.to, -len) };
}

/** Grouping masks of row prefixes × column prefixes (first dimension = highest bit). */
export function masksOf(rows: number, cols: number, totals: boolean): number[] {
  if (!totals) return [0];
  const n = rows + cols;
  const out: number[] = [];
  for (let r = rows; r >= 0; r--)
    for (let c = cols; c >= 0; c--) {
      let m = 0;
      for (let i = 0; i < n; i++) {
        const kept = i < rows ? i < r : i - rows < c;
        if (!kept) m |= 1 << (n - 1 - i);
      }
      out.push(m);
    }
  return out;
}

export interface RefCell {
  key: string;
  mask: number;
  dims: Record<string, Key>;
  values: Record<string, number | null>;
  /**
   * Growth keys without a number that rank above every number: from nothing (a value, as
   * `tierValue`, of Infinity) or from exactly 0 (Number.MAX_VALUE, below the new ones).
   */
  fresh: Map<string, number>;
}

/** The reference report: mask → group key (JSON of the kept dimension values) → cell. */
export function pivotReference(data: Data, spec: ReportSpec): Map<number, Map<string, RefCell>> {
  const dims = [...spec.rows, ...spec.columns];
  const n = dims.length;
  const probability = (d: Row) =>
    num(data.stages.find((s) => s.pipeline === d.pipeline && s.stage === d.stage)?.probability) ??
    0;
  const dealFacts: Fact[] = data.deals.map((deal) => ({ deal, act: null }));
  const actFacts: Fact[] = (data.activities ?? []).map((act) => ({
    deal: data.dealById.get(act.deal_id) ?? null,
    act,
  }));
  const base = [
    ...new Set(
      spec.measures.flatMap((m) => (m === 'activities_per_won' ? ['activities', 'won'] : [m])),
    ),
  ];
  if (spec.date !== 'auto') throw new Error('reference: only date = auto');
  const kept = {
    deals: dealFacts.filter((f) => passes(data, spec.filters, f)),
    acts: actFacts.filter((f) => passes(data, spec.filters, f)),
  };

  // With a stage history, snapshot measures are as of the period end (docs/metrics.md): the deals
  // rebuilt as they stood then — open if created before and not closed by then, in the last stage
  // entered before then — and filtered after that, as the rows the SQL filters.
  const asOf = data.history !== null;
  const lastStage = new Map<unknown, { at: string; stage: unknown }[]>();
  for (const h of data.history ?? []) {
    const list = lastStage.get(h.deal_id) ?? [];
    list.push({ at: String(h.entered_at), stage: h.stage });
    lastStage.set(h.deal_id, list);
  }
  const dealsAsOf = (period: Period): Fact[] => {
    const end = new Date(Date.parse(`${period.to}T00:00:00Z`) + 86_400_000).toISOString();
    return data.deals
      .map((d): Fact => {
        const created = d.created_at as string | null;
        const closed = d.closed_at as string | null;
        const status =
          (created === null || created < end) && (closed === null || closed >= end)
            ? 'open'
            : closed !== null && closed < end
              ? d.status
              : null;
        const before = (lastStage.get(d.id) ?? []).filter((h) => h.at < end);
        const stage = before.length
          ? before.reduce((a, b) => (b.at > a.at ? b : a)).stage
          : d.stage;
        return { deal: { ...d, status, stage }, act: null };
      })
      .filter((f) => passes(data, spec.filters, f));
  };

  /** measure → key → facts, for one mask and one period. */
  const groupsFor = (mask: number, period: Period | null) => {
    const active = dims.filter((_, i) => !(mask & (1 << (n - 1 - i))));
    const out = new Map<string, Map<string, Fact[]>>();
    for (const m of base) {
      const g = new Map<string, Fact[]>();
      const facts =
        m === 'activities'
          ? kept.acts
          : SNAPSHOT.has(m) && asOf && period
            ? dealsAsOf(period)
            : kept.deals;
      for (const f of facts) {
        if (!inPeriod(dateOf(m, f), period, m, f)) continue;
        const k = JSON.stringify(active.map((d) => dimValue(data, d, m, f)));
        const list = g.get(k);
        if (list) list.push(f);
        else g.set(k, [f]);
      }
      out.set(m, g);
    }
    return { out, active };
  };
  const valuesOf = (groups: Map<string, Map<string, Fact[]>>, key: string) => {
    const base: Record<string, number | null> = {};
    for (const [m, g] of groups) base[m] = aggregate(m, g.get(key) ?? [], probability);
    const v: Record<string, number | null> = {};
    for (const m of spec.measures)
      v[m] =
        m === 'activities_per_won' ? (base.won ? base.activities! / base.won : null) : base[m]!;
    return v;
  };

  const result = new Map<number, Map<string, RefCell>>();
  const prevPeriod = spec.compare && spec.period ? previousPeriod(spec.period, spec.compare) : null;
  if (prevPeriod && dims.some((d) => d.field === 'period' || d.grain))
    throw new Error('reference: no bucket shifting for compare');
  for (const mask of masksOf(spec.rows.length, spec.columns.length, spec.totals)) {
    const cur = groupsFor(mask, spec.period);
    const prev = prevPeriod ? groupsFor(mask, prevPeriod) : null;
    const keys = new Set<string>(cur.active.length ? [] : ['[]']);
    for (const g of [...cur.out.values(), ...(prev ? prev.out.values() : [])])
      for (const k of g.keys()) keys.add(k);
    const cells = new Map<string, RefCell>();
    for (const key of keys) {
      const values = valuesOf(cur.out, key);
      const fresh = new Map<string, number>();
      if (prev) {
        const p = valuesOf(prev.out, key);
        for (const m of spec.measures) {
          const now = values[m]!;
          const before = SNAPSHOT.has(m) && !(asOf && spec.period) ? null : p[m]!;
          const delta = now === null || before === null ? null : now - before;
          values[`${m}_previous`] = before;
          values[`${m}_delta`] = delta;
          values[`${m}_growth`] =
            delta === null || before === null || before === 0 ? null : delta / Math.abs(before);
          // Growth from nothing or from 0 (docs/design.md): ranked and sorted above every
          // number, where the measure has a previous value at all (a snapshot without history
          // has none). Nothing before: no rows of an additive measure's fact in the earlier
          // period (it reads 0 without them), an empty value of any other.
          const computed = !(SNAPSHOT.has(m) && !(asOf && spec.period));
          const rows = (prev.out.get(m)?.get(key)?.length ?? 0) > 0;
          const earlier = isAdditive(m) ? rows : before !== null;
          values[`${m}_earlier`] = computed ? (earlier ? 1 : 0) : null;
          if (computed && now !== null && now > 0 && (!earlier || before === 0))
            fresh.set(`${m}_growth`, earlier ? Number.MAX_VALUE : Infinity);
        }
      }
      const vals = JSON.parse(key) as Key[];
      const dimsOut: Record<string, Key> = {};
      cur.active.forEach((d, i) => (dimsOut[dimKey(d)] = vals[i]!));
      cells.set(key, { key, mask, dims: dimsOut, values, fresh });
    }
    if (prev) {
      // Ranks among the rows of this level: 1 + how many are strictly higher; empty when the value is.
      for (const m of spec.measures)
        for (const [suffix, src] of [
          ['_rank', m],
          ['_growth_rank', `${m}_growth`],
        ] as const) {
          const order = (c: RefCell) => c.fresh.get(src) ?? c.values[src];
          const all = [...cells.values()].map(order);
          for (const c of cells.values()) {
            const v = order(c);
            c.values[`${m}${suffix}`] =
              v === null || v === undefined
                ? null
                : 1 + all.filter((x) => x !== null && x !== undefined && x > v).length;
          }
        }
    }
    result.set(mask, cells);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Checking

/** toBeCloseTo-style closeness, relative for large numbers (money sums run to 10^8). */
export function near(a: unknown, b: number | null): boolean {
  if (a === null || a === undefined || b === null) return (a ?? null) === b;
  return typeof a === 'number' && Math.abs(a - b) < 5e-7 * Math.max(1, Math.abs(b));
}

export async function runSql(engine: Engine, c: CompiledQuery): Promise<Row[]> {
  try {
    return rowsOf(await queryCompiled(engine, c)).map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]),
      ),
    );
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- sql ---\n${c.sql}`);
  }
}

/**
 * Compares a pivot result with the reference: the same set of (mask, key) rows, every measure
 * close; with `limit`, only the top N of the first row dimension are expected (by the first sort key
 * on its own subtotal) and the detail rows must be those N; the sort order of detail rows is checked.
 * Returns a list of differences (empty = equal).
 */
export function comparePivot(
  got: Row[],
  spec: ReportSpec,
  ref: Map<number, Map<string, RefCell>>,
): string[] {
  const dims = [...spec.rows, ...spec.columns];
  const n = dims.length;
  const problems: string[] = [];
  const outputs = Object.keys([...ref.get(0)!.values()][0]?.values ?? {});
  // With a limit: which values of the first row dimension are kept.
  let keepFirst: Set<Key> | null = null;
  if (spec.limit !== null && spec.rows.length) {
    const level = (1 << (n - 1)) - 1; // only the first dimension kept
    const cells = [...(ref.get(spec.totals ? level : 0)?.values() ?? [])];
    const by = spec.sort[0]?.key ?? spec.measures[0]!;
    const val = (c: RefCell) => c.values[by] ?? c.fresh.get(by) ?? -Infinity;
    const sorted = cells.sort((a, b) => val(b) - val(a));
    const cut = sorted[Math.min(spec.limit, sorted.length) - 1];
    const first = dimKey(spec.rows[0]!);
    // Values strictly above the cut are certainly kept; ties at the cut may go either way.
    keepFirst = new Set(sorted.filter((c) => cut && val(c) > val(cut)).map((c) => c.dims[first]!));
    const detail = got.filter((r) => (r._grouping ?? 0) === 0);
    const firsts = new Set(detail.map((r) => r[first] as Key));
    if (firsts.size !== Math.min(spec.limit, sorted.length))
      problems.push(`limit: ${firsts.size} values of ${first}, want ${spec.limit}`);
    for (const k of keepFirst)
      if (!firsts.has(k)) problems.push(`limit: top value ${String(k)} missing`);
    for (const k of firsts)
      if (
        cut &&
        (ref.get(spec.totals ? level : 0)!.get(JSON.stringify([k]))?.values[by] ?? -Infinity) <
          val(cut)
      )
        problems.push(`limit: ${String(k)} is not in the top ${spec.limit}`);
    keepFirst = firsts;
  }
  const seen = new Set<string>();
  for (const row of got) {
    const mask = (row._grouping as number | undefined) ?? 0;
    const active = dims.filter((_, i) => !(mask & (1 << (n - 1 - i))));
    const key = JSON.stringify(active.map((d) => (row[dimKey(d)] ?? null) as Key));
    const id = `${mask}:${key}`;
    if (seen.has(id)) problems.push(`duplicate row ${id}`);
    seen.add(id);
    const cell = ref.get(mask)?.get(key);
    if (!cell) {
      problems.push(`unexpected row ${id}: ${JSON.stringify(row)}`);
      continue;
    }
    for (const k of outputs)
      if (!near(row[k], cell.values[k]!))
        problems.push(`${id} ${k}: got ${String(row[k])}, want ${String(cell.values[k])}`);
  }
  for (const [mask, cells] of ref)
    for (const cell of cells.values()) {
      const first = spec.rows.length ? cell.dims[dimKey(spec.rows[0]!)] : undefined;
      if (keepFirst && first !== undefined && !keepFirst.has(first)) continue;
      if (!seen.has(`${mask}:${cell.key}`)) problems.push(`missing row ${mask}:${cell.key}`);
    }
  // Detail rows follow the first sort key.
  const s = spec.sort[0];
  if (s) {
    const detail = got.filter((r) => (r._grouping ?? 0) === 0);
    // A growth from nothing, then from 0, sorts above every number (docs/design.md): the
    // reference's tiers of the row's member.
    const xs = detail.map((r) => {
      const v = r[s.key] as number | null;
      const key = JSON.stringify(dims.map((d) => (r[dimKey(d)] ?? null) as Key));
      return v ?? ref.get(0)?.get(key)?.fresh.get(s.key) ?? null;
    });
    for (let i = 1; i < xs.length; i++) {
      const [a, b] = [xs[i - 1]!, xs[i]!];
      const ok = b === null || (a !== null && (s.dir === 'desc' ? a >= b : a <= b));
      if (!ok) {
        problems.push(`order by ${s.key} ${s.dir}: ${String(a)} before ${String(b)}`);
        break;
      }
    }
  }
  return problems;
}

export function expectNoProblems(problems: string[], what: string) {
  expect(problems.slice(0, 15), `${what}: ${problems.length} differences`).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Analyses: the rows in the shape of ./analyses/reference.ts

export function analysisDeals(data: Data): Deal[] {
  return data.deals.map((d) => ({
    id: String(d.id),
    created_at: d.created_at as string,
    closed_at: (d.closed_at as string | null) ?? null,
    status: d.status as string,
    stage: d.stage as string,
    pipeline: d.pipeline as string,
    amount: num(d.amount),
    lost_reason: (d.lost_reason as string | null) ?? null,
    client: (d.client as string | null) ?? null,
  }));
}

export function analysisHistory(data: Data): History[] | null {
  return (
    data.history?.map((h) => ({
      deal_id: String(h.deal_id),
      stage: h.stage as string,
      entered_at: h.entered_at as string,
    })) ?? null
  );
}

/** The funnel's steps by docs/metrics.md: the first pipeline's open stages by position, then its first won stage. */
export function funnelSteps(data: Data): { pipeline: string; steps: string[]; lastIsWon: boolean } {
  const pipeline = data.stages[0]!.pipeline as string;
  const own = data.stages
    .filter((s) => s.pipeline === pipeline)
    .sort((a, b) => (a.position as number) - (b.position as number));
  const won = own.find((s) => s.outcome === 'won');
  const steps = [...own.filter((s) => s.outcome === 'open'), ...(won ? [won] : [])].map(
    (s) => s.stage as string,
  );
  return { pipeline, steps, lastIsWon: won !== undefined };
}

/** Row-by-row equality of an analysis result, numbers close. */
export function compareRows(got: Row[], want: Record<string, unknown>[]): string[] {
  const problems: string[] = [];
  if (got.length !== want.length) problems.push(`${got.length} rows, want ${want.length}`);
  want.forEach((w, i) => {
    const g = got[i];
    if (!g) return;
    for (const [k, v] of Object.entries(w)) {
      const ok = typeof v === 'number' ? near(g[k], v) : (g[k] ?? null) === (v ?? null);
      if (!ok) problems.push(`row ${i} ${k}: got ${String(g[k])}, want ${String(v)}`);
    }
  });
  return problems;
}
