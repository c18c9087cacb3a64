/**
 * Deals and their stage history, simulated one deal at a time in creation order into typed
 * arrays (a million deals must take a second or two, so no per-row objects or strings here).
 */
import {
  calendarMonth,
  creationTimes,
  MONTH_STARTS,
  monthOf,
  workingTime,
  yearIndex,
} from './calendar.ts';
import { ClientPool } from './clients.ts';
import { cumulative, type Rng } from './prng.ts';
import {
  CAMPAIGN_MONTHS,
  DAY,
  DEPARTMENTS,
  END,
  INDUSTRIES,
  LOST_REASONS_BY_PHASE,
  MANAGERS,
  MID_HEADCOUNT,
  MONTHS,
  PIPELINES,
  PRODUCTS,
  SOURCES,
} from './world.ts';

export const STATUS = ['open', 'won', 'lost'] as const;

/** First global stage code of each pipeline: its open stages, then won, then lost. */
export const STAGE_OFFSET: readonly number[] = PIPELINES.reduce<number[]>(
  (acc, p, i) => [...acc, i === 0 ? 0 : (acc[i - 1] ?? 0) + (PIPELINES[i - 1]?.open ?? 0) + 2],
  [],
);

export interface DealColumns {
  count: number;
  created: Float64Array;
  /** NaN while open. */
  closed: Float64Array;
  /** Index into STATUS. */
  status: Uint8Array;
  /** Global stage code (STAGE_OFFSET[pipeline] + position - 1). */
  stage: Uint8Array;
  /** Last open stage reached (position - 1), which is where a lost deal died. */
  reached: Uint8Array;
  pipeline: Uint8Array;
  amount: Float64Array;
  source: Uint8Array;
  /** -1 unless lost. */
  lostReason: Int8Array;
  manager: Uint8Array;
  client: Int32Array;
  product: Uint8Array;
  /** -1 when the source runs no campaign. */
  campaign: Int8Array;
  discount: Float64Array;
}

export interface HistoryColumns {
  count: number;
  deal: Int32Array;
  stage: Uint8Array;
  at: Float64Array;
}

const HIRED = MANAGERS.map((m) => Date.parse(`${m.hired}T00:00:00Z`));
const RAMP = 90 * DAY;
const SOURCE_CUM = [
  cumulative(SOURCES.map((s) => s.company)),
  cumulative(SOURCES.map((s) => s.person)),
];
const PRODUCT_CUM = [
  cumulative(PRODUCTS.map((p) => p.company)),
  cumulative(PRODUCTS.map((p) => p.person)),
];
const DEATH_CUM = PIPELINES.map((p) => cumulative(p.death));
const REASON_CUM = LOST_REASONS_BY_PHASE.map((w) => cumulative(w));
const CAMPAIGN_OF_MONTH = Array.from({ length: 12 }, (_, m) =>
  CAMPAIGN_MONTHS.findIndex((ms) => ms.includes(m + 1)),
);

/** Managers of each department, and per month their chances of getting a new client. */
const DEPT_MANAGERS = Array.from({ length: DEPARTMENTS }, (_, d) =>
  MANAGERS.flatMap((m, i) => (m.dept === d ? [i] : [])),
);
const MANAGER_CUM = DEPT_MANAGERS.map((ids) =>
  Array.from({ length: MONTHS }, (_, month) => {
    const mid = (MONTH_STARTS[month] ?? 0) + 15 * DAY;
    return cumulative(
      ids.map((i) => {
        const since = mid - (HIRED[i] ?? 0);
        if (since < 0) return 0;
        return (MANAGERS[i]?.trend[yearIndex(month)] ?? 1) * (since < RAMP ? 0.4 : 1);
      }),
    );
  }),
);

/** Simulates `count` deals with `clients` clients; returns the deals, history and client base. */
export function simulateDeals(rng: Rng, count: number, clients: number) {
  const run = new DealRun(rng, count, clients);
  const { d, pool } = run;
  let month = 0;
  for (let i = 0; i < count; i++) {
    const t = d.created[i] ?? 0;
    while (month < MONTHS - 1 && (MONTH_STARTS[month + 1] ?? 0) <= t) pool.enterMonth(++month);
    const year = yearIndex(month);
    const isNew = run.client(i, t, year);
    run.manager(i, t, month, year);
    const qty = run.terms(i, month);
    run.outcome(i, year, isNew, qty);
  }
  return { deals: d, history: run.h, pool };
}

/**
 * One simulation: the columns being filled and the client base. Each deal takes the steps in
 * order (client, manager, terms, outcome), drawing from the one random stream in that order.
 */
class DealRun {
  readonly d: DealColumns;
  readonly h: HistoryColumns;
  readonly pool: ClientPool;
  /** Share of deals that bring a new client, and the extra share early on. */
  private readonly share: number;
  private readonly early: number;

  constructor(
    private readonly rng: Rng,
    private readonly count: number,
    private readonly clients: number,
  ) {
    this.d = {
      count,
      created: creationTimes(rng, count),
      closed: new Float64Array(count),
      status: new Uint8Array(count),
      stage: new Uint8Array(count),
      reached: new Uint8Array(count),
      pipeline: new Uint8Array(count),
      amount: new Float64Array(count),
      source: new Uint8Array(count),
      lostReason: new Int8Array(count),
      manager: new Uint8Array(count),
      client: new Int32Array(count),
      product: new Uint8Array(count),
      campaign: new Int8Array(count),
      discount: new Float64Array(count),
    };
    const maxStages = Math.max(...PIPELINES.map((p) => p.open + 1));
    this.h = {
      count: 0,
      deal: new Int32Array(count * maxStages),
      stage: new Uint8Array(count * maxStages),
      at: new Float64Array(count * maxStages),
    };
    this.pool = new ClientPool(clients);
    this.share = clients / count;
    // New clients are most of the flow early on and a steady trickle later; the curve integrates to
    // `share`, so the client base is used up at about the end of the data.
    this.early = this.share / 2 / (0.25 * (1 - Math.exp(-4)));
  }

  /** The deal's client: a new one while the base lasts, else a repeat. Returns whether it is new. */
  client(i: number, t: number, year: number): boolean {
    const { rng, pool, count } = this;
    const pNew = this.share / 2 + this.early * Math.exp(-i / count / 0.25);
    const left = count - i;
    const unused = this.clients - pool.acquired;
    const isNew = unused > 0 && (pool.acquired === 0 || left <= unused || rng.next() < pNew);
    this.d.client[i] = isNew ? pool.acquire(rng, t, year) : pool.repeat(rng, year);
    return isNew;
  }

  /** Mostly the client's account manager while employed; else someone of the client's department. */
  manager(i: number, t: number, month: number, year: number): void {
    const { rng, pool } = this;
    const c = this.d.client[i] ?? 0;
    const dept = pool.dept[c] ?? 0;
    const account = pool.accountManager[c] ?? -1;
    let mgr: number;
    if (
      account >= 0 &&
      (HIRED[account] ?? 0) <= t &&
      rng.next() < 0.88 * (MANAGERS[account]?.trend[year] ?? 1)
    ) {
      mgr = account;
    } else {
      mgr = DEPT_MANAGERS[dept]?.[rng.pick(MANAGER_CUM[dept]![month]!)] ?? 0;
      if (account < 0 || rng.next() < 0.6) pool.accountManager[c] = mgr;
    }
    this.d.manager[i] = mgr;
  }

  /** Pipeline, source, product, campaign, discount and amount. Returns the quantity bought. */
  terms(i: number, month: number): number {
    const { rng, pool, d } = this;
    const c = d.client[i] ?? 0;
    const person = pool.individual[c] ?? 0;
    const pipeline =
      person || ((pool.headcount[c] ?? 0) < MID_HEADCOUNT && rng.next() < 0.15) ? 1 : 0;
    d.pipeline[i] = pipeline;
    const source = rng.pick(SOURCE_CUM[person]!);
    d.source[i] = source;
    const product = rng.pick(PRODUCT_CUM[person]!);
    d.product[i] = product;
    d.campaign[i] = SOURCES[source]?.campaign
      ? (CAMPAIGN_OF_MONTH[calendarMonth(month)] ?? -1)
      : -1;

    const discount = person
      ? rng.next() < 0.8
        ? 0
        : 5 * (1 + rng.int(2))
      : rng.next() < 0.45
        ? 0
        : Math.min(30, Math.round(rng.logNormal(8, 0.5)));
    d.discount[i] = discount;
    const def = PRODUCTS[product]!;
    const qty = person
      ? rng.next() < 0.8
        ? 1
        : 2
      : Math.max(1, (pool.headcount[c] ?? 1) ** def.scale * rng.logNormal(1, 0.35));
    const size = person ? 1 : (INDUSTRIES[pool.industry[c] ?? 0]?.size ?? 1);
    d.amount[i] = Math.max(
      1,
      Math.round(def.price * qty * size * rng.logNormal(1, 0.5) * (1 - discount / 100)),
    );
    return qty;
  }

  /** Won or lost and when, or still open: the stages it went through and its close. */
  outcome(i: number, year: number, isNew: boolean, qty: number): void {
    const { rng, d } = this;
    const pipeline = d.pipeline[i] ?? 0;
    const pipe = PIPELINES[pipeline]!;
    const m = MANAGERS[d.manager[i] ?? 0]!;
    const odds =
      pipe.odds *
      (SOURCES[d.source[i] ?? 0]?.win ?? 1) *
      m.skill *
      (m.trend[year] ?? 1) ** 0.4 *
      (isNew ? 1 : 1.6) *
      (1 + (d.discount[i] ?? 0) / 30) *
      qty ** -0.1;
    const won = rng.next() < odds / (1 + odds);
    const death = won ? pipe.open - 1 : rng.pick(DEATH_CUM[pipeline]!);
    const stalled = !won && rng.next() < 0.02;
    // Big deals move slower through every stage.
    const slow = 1 + Math.log10(qty) * 0.35;
    const at = this.walk(i, death, slow);
    this.close(i, won, death, stalled, slow, at);
  }

  /** Enters the open stages one after another up to `death`; returns when it entered the last. */
  private walk(i: number, death: number, slow: number): number {
    const { rng, d, h } = this;
    const pipeline = d.pipeline[i] ?? 0;
    const pipe = PIPELINES[pipeline]!;
    const offset = STAGE_OFFSET[pipeline] ?? 0;
    let at = d.created[i] ?? 0;
    let reached = 0;
    h.deal[h.count] = i;
    h.stage[h.count] = offset;
    h.at[h.count++] = at;
    for (let s = 1; s <= death; s++) {
      const next = step(rng, at, (pipe.days[s - 1] ?? 1) * slow * rng.logNormal(1, 0.7));
      if (next >= END) break;
      at = next;
      reached = s;
      h.deal[h.count] = i;
      h.stage[h.count] = offset + s;
      h.at[h.count++] = at;
    }
    d.reached[i] = reached;
    return at;
  }

  /** Closes a deal that reached its last stage in time, unless it stalled; else it stays open. */
  private close(
    i: number,
    won: boolean,
    death: number,
    stalled: boolean,
    slow: number,
    at: number,
  ): void {
    const { rng, d, h } = this;
    const pipeline = d.pipeline[i] ?? 0;
    const pipe = PIPELINES[pipeline]!;
    const offset = STAGE_OFFSET[pipeline] ?? 0;
    const reached = d.reached[i] ?? 0;
    d.lostReason[i] = -1;
    let close = Infinity;
    if (reached === death && !stalled) {
      const days = (pipe.days[death] ?? 1) * (won ? 1 : 1.6) * slow * rng.logNormal(1, 0.8);
      close = step(rng, at, days);
      if (won) close = seasonalClose(rng, at, close);
    }
    if (close < END) {
      d.status[i] = won ? 1 : 2;
      d.stage[i] = offset + pipe.open + (won ? 0 : 1);
      d.closed[i] = close;
      if (!won)
        d.lostReason[i] = rng.pick(REASON_CUM[Math.min(2, Math.floor((3 * death) / pipe.open))]!);
      h.deal[h.count] = i;
      h.stage[h.count] = d.stage[i] ?? 0;
      h.at[h.count++] = close;
    } else {
      d.status[i] = 0;
      d.stage[i] = offset + reached;
      d.closed[i] = NaN;
    }
  }
}

/** The moment a deal leaves a stage after `days`: in working hours, strictly after `from`. */
function step(rng: Rng, from: number, days: number): number {
  const t = workingTime(rng, from + days * DAY);
  return t > from ? t : from + 60_000 + rng.int(3_600) * 1000;
}

/**
 * Sales teams push deals over the line before New Year and lose weeks to summer holidays, so
 * closed revenue peaks in December and dips in July–August, not only deal creation.
 */
function seasonalClose(rng: Rng, from: number, close: number): number {
  const month = monthOf(close);
  const cal = calendarMonth(month);
  const start = MONTH_STARTS[month] ?? 0;
  if (cal === 0 && close - start < 20 * DAY && month > 0 && rng.next() < 0.45) {
    const earliest = Math.max(from + 3_600_000, start - 16 * DAY);
    const latest = start - DAY;
    if (earliest < latest)
      return workingTimeAfter(rng, from, earliest + rng.next() * (latest - earliest));
  }
  if ((cal === 6 || cal === 7) && rng.next() < 0.3) {
    return workingTimeAfter(rng, from, close + (10 + rng.next() * 14) * DAY);
  }
  return close;
}

function workingTimeAfter(rng: Rng, from: number, t: number): number {
  const w = workingTime(rng, t);
  return w > from ? w : from + 60_000;
}
