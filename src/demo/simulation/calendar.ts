/**
 * Time in the demo: month boundaries, the seasonal and growing deal flow, working hours. Timestamps
 * are naive UTC epoch milliseconds, as the engine keeps them (no time zones in the wasm build).
 */
import { cumulative, type Rng } from './prng.ts';
import { DAY, GROWTH, MONTHS, SEASON, START } from './world.ts';

/** Epoch ms of the first instant of each month, plus the end of the last one. */
export const MONTH_STARTS: Float64Array = (() => {
  const out = new Float64Array(MONTHS + 1);
  const start = new Date(START);
  for (let m = 0; m <= MONTHS; m++) {
    out[m] = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + m, 1);
  }
  return out;
})();

const START_YEAR = new Date(START).getUTCFullYear();
const START_MONTH = new Date(START).getUTCMonth();

/** Index of the month containing `t` (0 = January of the first year), clamped to the range. */
export function monthOf(t: number): number {
  let lo = 0;
  let hi = MONTHS - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((MONTH_STARTS[mid] ?? 0) <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Calendar month 0..11 of a month index. */
export function calendarMonth(month: number): number {
  return (month + START_MONTH) % 12;
}

/** 0 for the first year of data, 1 for the next… */
export function yearIndex(month: number): number {
  return Math.floor((month + START_MONTH) / 12);
}

/** Calendar year of a timestamp (for tests and reports over the generated arrays). */
export function yearOf(t: number): number {
  return START_YEAR + yearIndex(monthOf(t));
}

/** Moves a time to 09:00–19:00 of the same day, whole seconds, because CRMs are used at work. */
export function workingTime(rng: Rng, t: number): number {
  const day = Math.floor(t / DAY) * DAY;
  return day + 9 * 3_600_000 + rng.int(36_000) * 1000;
}

/** Saturdays and Sundays mostly move to the next Monday; some weekend work remains. */
function weekday(rng: Rng, t: number): number {
  // 1970-01-01 was a Thursday; arithmetic instead of a Date object per deal.
  const dow = (Math.floor(t / DAY) + 4) % 7;
  if ((dow === 0 || dow === 6) && rng.next() < 0.85) return t + (dow === 6 ? 2 : 1) * DAY;
  return t;
}

/**
 * `n` deal creation times, sorted, following the yearly growth and the seasons. Sorting lets deal
 * ids run in creation order, as a CRM numbers them.
 */
export function creationTimes(rng: Rng, n: number): Float64Array {
  const weights: number[] = [];
  for (let m = 0; m < MONTHS; m++) {
    weights.push(GROWTH ** (m / 12) * (SEASON[calendarMonth(m)] ?? 1));
  }
  const cum = cumulative(weights);
  const out = new Float64Array(n);
  const last = (MONTH_STARTS[MONTHS] ?? 0) - DAY;
  for (let i = 0; i < n; i++) {
    const m = rng.pick(cum);
    const from = MONTH_STARTS[m] ?? 0;
    const days = ((MONTH_STARTS[m + 1] ?? 0) - from) / DAY;
    const day = Math.min(last, weekday(rng, from + rng.int(days) * DAY));
    out[i] = workingTime(rng, day);
  }
  return out.sort();
}
