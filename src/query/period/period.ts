/** Calendar arithmetic on `YYYY-MM-DD` strings, in UTC, with no time zones involved. */
import type { CompareMode, Period } from '../spec/spec.ts';

const DAY = 86_400_000;

function parse(d: string): Date {
  return new Date(`${d}T00:00:00Z`);
}

function format(t: Date): string {
  return t.toISOString().slice(0, 10);
}

export function addDays(d: string, n: number): string {
  return format(new Date(parse(d).getTime() + n * DAY));
}

/** Adds months, clamping the day to the target month's length (Mar 31 − 1 month = Feb 28/29). */
export function addMonths(d: string, n: number): string {
  const t = parse(d);
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth() + n;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return format(new Date(Date.UTC(y, m, Math.min(t.getUTCDate(), last))));
}

export function daysBetween(a: string, b: string): number {
  return Math.round((parse(b).getTime() - parse(a).getTime()) / DAY);
}

/** How far back the comparison period lies: whole months when the period is whole months. */
export interface Shift {
  unit: 'MONTH' | 'DAY';
  amount: number;
}

/**
 * `year`: the same dates a year earlier. `previous`: the period of the same length right before;
 * a period made of whole calendar months (a month, a quarter, a year) steps back by months, so
 * the previous of February is all of January, not the 28 days before March 1.
 */
export function comparisonShift(period: Period, mode: CompareMode): Shift {
  if (mode === 'year') return { unit: 'MONTH', amount: 12 };
  const end = addDays(period.to, 1);
  if (period.from.endsWith('-01') && end.endsWith('-01')) {
    const [fy, fm] = period.from.split('-').map(Number) as [number, number];
    const [ey, em] = end.split('-').map(Number) as [number, number];
    return { unit: 'MONTH', amount: (ey - fy) * 12 + (em - fm) };
  }
  return { unit: 'DAY', amount: daysBetween(period.from, end) };
}

/** The half-open range [from, to + 1 day) of a period, optionally shifted back. */
export function periodRange(period: Period, shift?: Shift): { from: string; until: string } {
  const until = addDays(period.to, 1);
  if (!shift) return { from: period.from, until };
  const back = (d: string) =>
    shift.unit === 'MONTH' ? addMonths(d, -shift.amount) : addDays(d, -shift.amount);
  return { from: back(period.from), until: back(until) };
}

/** The comparison period as inclusive dates (for labels and for re-running it as a plain report). */
export function comparisonPeriod(period: Period, mode: CompareMode): Period {
  const r = periodRange(period, comparisonShift(period, mode));
  return { from: r.from, to: addDays(r.until, -1) };
}
