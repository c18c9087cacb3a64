/**
 * A period in words, the way a head of sales names it: "Q3 2025", "September 2025", "2025" when
 * it is a whole calendar quarter, month or year, else its dates; and a comparison as both of its
 * sides ("Q3 2025 vs Q3 2024"), so a reader sees which dates the "previous" columns cover. Pure.
 */
import type { Lang, Translate } from '../../lib/i18n.ts';
import { addDays, comparisonPeriod } from '../../query/period/period.ts';
import type { CompareMode, Period } from '../../query/spec/spec.ts';
import { formatDate, LOCALES } from '../format.ts';

type Words = { readonly lang: Lang; readonly t: Translate };

/** [year, month 1–12, day] of a `YYYY-MM-DD` date. */
const parts = (d: string) => d.split('-').map(Number) as [number, number, number];

/** Whole calendar months from `from` to `to` inclusive, or null when the period is not. */
function wholeMonths(period: Period): number | null {
  const end = addDays(period.to, 1);
  if (!period.from.endsWith('-01') || !end.endsWith('-01')) return null;
  const [fy, fm] = parts(period.from);
  const [ey, em] = parts(end);
  return (ey - fy) * 12 + (em - fm);
}

/** "Q3 2025" / «3 кв. 2025», "September 2025" / «сентябрь 2025 г.», "2025", or the dates. */
export function periodName(period: Period, L: Words): string {
  const [y, m] = parts(period.from);
  const months = wholeMonths(period);
  if (months === 12 && m === 1) return String(y);
  if (months === 3 && (m - 1) % 3 === 0) return L.t('quarterName', { q: (m + 2) / 3, year: y });
  if (months === 1) {
    return new Intl.DateTimeFormat(LOCALES[L.lang], {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'long',
    }).format(new Date(Date.UTC(y, m - 1, 1)));
  }
  if (period.from === period.to) return formatDate(period.from, L.lang);
  return `${formatDate(period.from, L.lang)} – ${formatDate(period.to, L.lang)}`;
}

/** "Q3 2025 vs Q3 2024": the period and the one it is compared with, each by its name. */
export function comparisonText(period: Period, mode: CompareMode, L: Words): string {
  return L.t('compareRange', {
    now: periodName(period, L),
    before: periodName(comparisonPeriod(period, mode), L),
  });
}
