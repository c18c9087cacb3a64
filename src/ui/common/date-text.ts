/**
 * The period fields' text, written and read the way the UI language writes a date: Russian
 * дд.мм.гггг, English (the UI's en-US) mm/dd/yyyy. The browser's own date input formats by the
 * browser's locale, not the page's, so a Russian page showed mm/dd/yyyy; the state and the URL
 * keep ISO `YYYY-MM-DD` whatever is shown.
 */
import type { Lang } from '../../lib/i18n.ts';

/** What the empty field shows as a hint, in the language's own letters. */
export const DATE_PATTERN: Record<Lang, string> = { en: 'mm/dd/yyyy', ru: 'дд.мм.гггг' };

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `2024-03-05` → "03/05/2024" / "05.03.2024"; anything not an ISO date → "". */
export function formatDateText(iso: string, lang: Lang): string {
  const m = ISO.exec(iso);
  if (!m) return '';
  const [, y, mo, d] = m;
  return lang === 'ru' ? `${d}.${mo}.${y}` : `${mo}/${d}/${y}`;
}

function isoOf(y: number, m: number, d: number): string | null {
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return null;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d > last ? null : `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/**
 * What a person typed: `''` for an empty field (no bound), the ISO date, or `null` when it is
 * not a calendar date. Day and month order follow the language (ru: 5.3.2024, en: 3/5/2024),
 * any of `. / -` separates them, and an ISO date is read in both languages (a pasted one).
 */
export function parseDateText(text: string, lang: Lang): string | null {
  const s = text.trim();
  if (s === '') return '';
  const iso = ISO.exec(s);
  if (iso) return isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const m = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(s);
  if (!m) return null;
  const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return lang === 'ru' ? isoOf(y, b, a) : isoOf(y, a, b);
}

/** The ISO date `days` later (earlier when negative), in calendar days. */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The ISO date `months` later, its day kept within the month (31 Jan + 1 → 29 Feb). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** `iso` kept within the bounds that are set. */
export function clampDate(iso: string, min?: string | null, max?: string | null): string {
  if (min && iso < min) return min;
  if (max && iso > max) return max;
  return iso;
}

/**
 * What every period field of one language shares (the language, the message under an entry that
 * is not a date, the calendar button's name), spread into each `DateField`.
 */
export function dateFieldTexts(locale: {
  lang: Lang;
  t: (key: 'dateInvalid' | 'datePicker', params?: Record<string, string>) => string;
}) {
  return {
    lang: locale.lang,
    invalid: locale.t('dateInvalid', { pattern: DATE_PATTERN[locale.lang] }),
    pickerLabel: locale.t('datePicker'),
  };
}
