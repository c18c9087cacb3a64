/**
 * Quick period picks relative to the dataset's latest date (the demo ends in the past, so "this
 * month" means the month of the last data, not today's). Calendar maths on `YYYY-MM-DD` in UTC.
 */
import type { Period } from '../../query/spec/spec.ts';

export type QuickPeriod =
  | 'thisMonth'
  | 'lastMonth'
  | 'thisQuarter'
  | 'lastQuarter'
  | 'thisYear'
  | 'lastYear'
  | 'last12Months';

export const QUICK_PERIODS: readonly QuickPeriod[] = [
  'thisMonth',
  'lastMonth',
  'thisQuarter',
  'lastQuarter',
  'thisYear',
  'lastYear',
  'last12Months',
];

const iso = (y: number, m: number, d: number) =>
  new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

/** Whole months [first of month `m0`, last of month `m1`] (months may overflow the year). */
function months(y: number, m0: number, m1: number): Period {
  return { from: iso(y, m0, 1), to: iso(y, m1 + 1, 0) };
}

/** The period of a quick pick, anchored at `maxDate` (YYYY-MM-DD). */
export function quickPeriod(pick: QuickPeriod, maxDate: string): Period {
  const t = new Date(`${maxDate}T00:00:00Z`);
  const y = t.getUTCFullYear();
  const m = t.getUTCMonth();
  const q = Math.floor(m / 3) * 3;
  switch (pick) {
    case 'thisMonth':
      return months(y, m, m);
    case 'lastMonth':
      return months(y, m - 1, m - 1);
    case 'thisQuarter':
      return months(y, q, q + 2);
    case 'lastQuarter':
      return months(y, q - 3, q - 1);
    case 'thisYear':
      return months(y, 0, 11);
    case 'lastYear':
      return months(y - 1, 0, 11);
    case 'last12Months':
      return months(y, m - 11, m);
  }
}

/** The quick pick a period equals, if any. */
export function matchQuickPeriod(
  period: Period | null,
  maxDate: string | null,
): QuickPeriod | null {
  if (!period || !maxDate) return null;
  return (
    QUICK_PERIODS.find((p) => {
      const q = quickPeriod(p, maxDate);
      return q.from === period.from && q.to === period.to;
    }) ?? null
  );
}

/**
 * The period once one of its ends is typed (`typed`): a start typed past the end takes the end
 * with it, an end typed before the start takes the start — the date typed stands. Swapping the
 * two instead turned "from 1 July" against "to 31 March" into 31 March – 1 July, and the "to 30
 * September" typed next into six months where a quarter was asked for.
 */
export function typedPeriod(from: string, to: string, typed: 'from' | 'to'): Period {
  if (from <= to) return { from, to };
  return typed === 'from' ? { from, to: from } : { from: to, to };
}

/** The last four calendar quarters up to and including the one holding `maxDate`. */
export function lastFourQuarters(maxDate: string): Period {
  const t = new Date(`${maxDate}T00:00:00Z`);
  const y = t.getUTCFullYear();
  const q = Math.floor(t.getUTCMonth() / 3) * 3;
  return months(y, q - 9, q + 2);
}
