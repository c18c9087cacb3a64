/**
 * A period in words, the way a head of sales names it: "Q3 2025", "September 2025", "2025" when
 * it is a whole calendar quarter, month or year, else its dates; and a comparison as both of its
 * sides ("Q3 2025 vs Q3 2024"), so a reader sees which dates the "previous" columns cover. Pure.
 */
import type { Lang, Translate } from '../../lib/i18n.ts';
import { addDays, addMonths, comparisonPeriod, type Shift } from '../../query/period/period.ts';
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

/**
 * A date bucket's key as a person reads it: "2025-Q1" → "Q1 2025" / «1 кв. 2025», "2025-03" →
 * "Mar 2025" / «март 2025», "2025-W09" → "W9 2025" / «нед. 9, 2025», a day in the UI's date
 * format, a year as it is. The key stays the data (it sorts in time, URLs and filters hold it):
 * only what is shown changes. Anything else is returned unchanged.
 */
export function bucketName(key: string, L: Words): string {
  let m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) return L.t('quarterName', { q: Number(m[2]), year: m[1]! });
  m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (m) return L.t('weekName', { week: Number(m[2]), year: m[1]! });
  m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) {
    const month = monthFormat(L.lang).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
    return L.t('monthName', { month, year: m[1]! });
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(key)) return formatDate(key, L.lang);
  return key;
}

/**
 * English abbreviates the month on an axis ("Mar 2025", as Metabase does); Russian names it in
 * full: a standalone month is nominative («март»), and «мар.» reads as a clipped word.
 */
const MONTH_STYLE: Record<Lang, 'short' | 'long'> = { en: 'short', ru: 'long' };

// One formatter a language: a grid of months names every row's member, and building an
// Intl.DateTimeFormat costs far more than formatting with one.
const monthFormats = new Map<Lang, Intl.DateTimeFormat>();
function monthFormat(lang: Lang): Intl.DateTimeFormat {
  let f = monthFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: 'UTC', month: MONTH_STYLE[lang] });
    monthFormats.set(lang, f);
  }
  return f;
}

/** "Q3 2025 vs Q3 2024": the period and the one it is compared with, each by its name. */
export function comparisonText(period: Period, mode: CompareMode, L: Words): string {
  return L.t('compareRange', {
    now: periodName(period, L),
    before: periodName(comparisonPeriod(period, mode), L),
  });
}

/** Monday of ISO week `w` of ISO year `y`, as `YYYY-MM-DD`. */
function isoWeekStart(y: number, w: number): string {
  const jan4 = Date.UTC(y, 0, 4);
  const monday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000;
  return new Date(monday + (w - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
}

/** The ISO week key (`2025-W09`) of a day. */
function isoWeekKey(d: string): string {
  const t = Date.UTC(
    ...(parts(d).map((n, i) => (i === 1 ? n - 1 : n)) as [number, number, number]),
  );
  // The week belongs to the year of its Thursday.
  const thursday = new Date(t + (3 - ((new Date(t).getUTCDay() + 6) % 7)) * 86_400_000);
  const y = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(y, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${y}-W${String(week).padStart(2, '0')}`;
}

/**
 * The key of the bucket a compared analysis reads as `key`'s earlier one: the bucket of the same
 * grain holding `key`'s first day moved back by `shift` (as dynamics' `epi`, dynamics.ts), so
 * "2025-Q3" a year back is "2024-Q3". Anything not a bucket key comes back unchanged.
 */
export function earlierBucket(key: string, shift: Shift): string {
  const back = (d: string) =>
    shift.unit === 'MONTH' ? addMonths(d, -shift.amount) : addDays(d, -shift.amount);
  let m = /^(\d{4})-Q([1-4])$/.exec(key);
  if (m) {
    const [y, mo] = parts(back(`${m[1]}-${String(Number(m[2]) * 3 - 2).padStart(2, '0')}-01`));
    return `${y}-Q${Math.ceil(mo / 3)}`;
  }
  m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (m) return isoWeekKey(back(isoWeekStart(Number(m[1]), Number(m[2]))));
  if (/^\d{4}-\d{2}$/.test(key)) return back(`${key}-01`).slice(0, 7);
  if (/^\d{4}-\d{2}-\d{2}$/.test(key)) return back(key);
  if (/^\d{4}$/.test(key)) return back(`${key}-01-01`).slice(0, 4);
  return key;
}
