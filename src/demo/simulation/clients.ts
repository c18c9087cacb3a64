/**
 * The client base: who the clients are and when they buy. Clients are created when their first
 * deal arrives and then come back at their own pace, drift away, and some return, so LTV, cohorts
 * and relationship dynamics have something to show.
 */
import type { DemoLabels } from '../labels/labels.ts';
import { monthOf } from './calendar.ts';
import { cumulative, type Rng } from './prng.ts';
import { WeightedSampler } from './sampler.ts';
import {
  CITY_REGION,
  CITY_WEIGHT,
  DAY,
  END,
  ENTERPRISE_HEADCOUNT,
  INDUSTRIES,
  MID_HEADCOUNT,
  MONTHS,
  REGION_LIFETIME,
  REGION_RETENTION,
  REGION_TREND,
  RETAIL,
} from './world.ts';

const MONTH = 30.4 * DAY;
/** How much less likely a lapsed client is to buy than an active one. */
const LAPSED = 0.02;
const INDUSTRY_CUM = cumulative(INDUSTRIES.map((d) => d.weight));
const REGION_CUM = [0, 1, 2].map((y) => cumulative(REGION_TREND.map((r) => r[y] ?? 0)));
const CITY_CUM = REGION_TREND.map((_, region) =>
  cumulative(CITY_WEIGHT.map((w, city) => (CITY_REGION[city] === region ? w : 0))),
);

/** Columnar client attributes; index = client number in order of first purchase. */
export class ClientPool {
  readonly count: number;
  /** How many clients have bought so far. */
  acquired = 0;
  readonly individual: Uint8Array;
  readonly industry: Uint8Array;
  readonly region: Uint8Array;
  readonly city: Uint8Array;
  /** -1 for individuals. */
  readonly headcount: Int32Array;
  readonly dept: Uint8Array;
  readonly accountManager: Int16Array;
  /** Relative rate of coming back, in (0, 1]. */
  readonly propensity: Float64Array;
  private readonly sampler: WeightedSampler;
  /** Clients whose buying stops, or resumes, when the simulation reaches each month. */
  private readonly churns: number[][] = Array.from({ length: MONTHS + 1 }, () => []);
  private readonly returns: number[][] = Array.from({ length: MONTHS + 1 }, () => []);

  constructor(count: number) {
    this.count = count;
    this.individual = new Uint8Array(count);
    this.industry = new Uint8Array(count);
    this.region = new Uint8Array(count);
    this.city = new Uint8Array(count);
    this.headcount = new Int32Array(count);
    this.dept = new Uint8Array(count);
    this.accountManager = new Int16Array(count).fill(-1);
    this.propensity = new Float64Array(count);
    this.sampler = new WeightedSampler(count);
  }

  /** Creates the next client at time `t` (its first deal), in year `year` of the data. */
  acquire(rng: Rng, t: number, year: number): number {
    const c = this.acquired++;
    const individual = rng.next() < 0.33;
    this.individual[c] = individual ? 1 : 0;
    this.industry[c] = rng.pick(INDUSTRY_CUM);
    const region = rng.pick(REGION_CUM[year] ?? REGION_CUM[0]!);
    this.region[c] = region;
    this.city[c] = rng.pick(CITY_CUM[region]!);
    const headcount = individual ? -1 : Math.max(2, Math.round(rng.logNormal(28, 1.5)));
    this.headcount[c] = headcount;
    this.dept[c] = individual
      ? RETAIL
      : headcount >= ENTERPRISE_HEADCOUNT
        ? 0
        : headcount >= MID_HEADCOUNT
          ? 1
          : 2;
    // A few regular buyers and a long tail of occasional ones.
    const base = Math.min(1, 0.08 / Math.pow(1 - rng.next(), 0.9));
    // Big companies buy again more often; people rarely do.
    this.propensity[c] = individual
      ? base * 0.25
      : headcount >= ENTERPRISE_HEADCOUNT
        ? Math.min(1, base * 1.6)
        : base;
    const lifetime = rng.exponential((REGION_LIFETIME[region] ?? 20) * MONTH);
    const churn = Math.max(monthOf(t) + 1, monthOf(t + lifetime));
    if (t + lifetime < END) this.churns[churn]!.push(c);
    if (rng.next() < 0.35) {
      const back = t + lifetime + (4 + rng.next() * 10) * MONTH;
      if (back < END) this.returns[Math.max(churn + 1, monthOf(back))]!.push(c);
    }
    this.sampler.set(c, this.propensity[c]!);
    return c;
  }

  /**
   * Applies the churns and returns due by `month`; call as the simulation enters each month.
   * Month granularity is plenty for relationship dynamics and keeps the bookkeeping trivial.
   */
  enterMonth(month: number): void {
    for (const c of this.churns[month] ?? []) this.sampler.set(c, this.propensity[c]! * LAPSED);
    for (const c of this.returns[month] ?? []) this.sampler.set(c, this.propensity[c]!);
  }

  /** A returning client, chosen by propensity among those still buying (lapsed ones rarely). */
  repeat(rng: Rng, year: number): number {
    let c = this.sampler.draw(rng);
    for (let tries = 0; tries < 8; tries++) {
      if (rng.next() < (REGION_RETENTION[this.region[c]!]?.[year] ?? 1)) break;
      c = this.sampler.draw(rng);
    }
    return c;
  }
}

/** A bijection on [0, n) that scatters consecutive numbers, so names do not come in runs. */
function scatter(k: number, n: number): number {
  return (k * 7919 + 13) % n;
}

/** Unique client names by construction (no collision check that could differ between languages). */
export function clientNames(pool: ClientPool, labels: DemoLabels): string[] {
  const { companyRoots: roots, companyNouns: nouns, legalForms: forms } = labels;
  const firms = roots.length * nouns.length * forms.length;
  const people = 2 * labels.maleFirst.length * labels.surnames.length;
  const names: string[] = [];
  let companies = 0;
  let individuals = 0;
  for (let c = 0; c < pool.count; c++) {
    let name: string;
    let round: number;
    if (pool.individual[c]) {
      const k = scatter(individuals % people, people);
      round = Math.floor(individuals++ / people);
      const female = k % 2 === 1;
      const first = (female ? labels.femaleFirst : labels.maleFirst)[
        (k >> 1) % labels.maleFirst.length
      ];
      const last = labels.surnames[Math.floor(k / 2 / labels.maleFirst.length)] ?? '';
      name = `${first} ${female ? labels.female(last) : last}`;
    } else {
      const k = scatter(companies % firms, firms);
      round = Math.floor(companies++ / firms);
      name = labels.company(
        roots[k % roots.length] ?? '',
        nouns[Math.floor(k / roots.length) % nouns.length] ?? '',
        forms[Math.floor(k / roots.length / nouns.length)] ?? '',
      );
    }
    names.push(round > 0 ? `${name} (${round + 1})` : name);
  }
  return names;
}
