/**
 * Text → timestamp (epoch ms of a naive, zone-less wall time). Slash dates are ambiguous
 * (03/04/2024), so the day/month order is decided once per column by `slashEvidence`.
 */

export const DOTTED =
  /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
export const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC)?$/i;
export const SLASH =
  /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
export const YMD_SLASH = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Longer text is never a date (the longest form, ISO with fraction and zone, is ~35 chars). */
export const MAX_DATE_TEXT = 64;

/** Excel's day 0 is 1899-12-30 (it counts the non-existent 1900-02-29). */
export const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
export const DAY = 86_400_000;

/** For a slash date, which orders are possible: 'dmy' when the first part > 12, etc. */
export function slashEvidence(s: string): 'dmy' | 'mdy' | 'both' | null {
  const t = s.trim();
  return t.length > MAX_DATE_TEXT ? null : orderOf(SLASH.exec(t));
}

/**
 * The same for a dotted date. Dotted dates are day first almost everywhere (Russia, Germany…),
 * but a Kommo or US-configured account can export `03.15.2024`; only a column holding such a
 * value is read month first.
 */
export function dottedEvidence(s: string): 'dmy' | 'mdy' | 'both' | null {
  const t = s.trim();
  return t.length > MAX_DATE_TEXT ? null : orderOf(DOTTED.exec(t));
}

function orderOf(m: RegExpExecArray | null): 'dmy' | 'mdy' | 'both' | null {
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  return a <= 12 && b <= 12 ? 'both' : null;
}

/**
 * Parses the supported text forms; undefined when the text is not a real calendar date. `order`
 * is the column's order of day and month; without one, slash dates take `slashDefault` and
 * dotted dates are day first.
 */
export function parseDate(
  raw: string,
  order?: 'dmy' | 'mdy',
  slashDefault: 'dmy' | 'mdy' = 'dmy',
): number | undefined {
  const s = raw.trim();
  if (s.length > MAX_DATE_TEXT) return undefined;
  let m = ISO.exec(s);
  if (m) {
    const t = make(+m[1]!, +m[2]!, +m[3]!, m[4], m[5], m[6], m[7]);
    return t === undefined ? undefined : t - offsetMs(m[8]);
  }
  m = DOTTED.exec(s);
  if (m) {
    const [d, mo] = order === 'mdy' ? [+m[2]!, +m[1]!] : [+m[1]!, +m[2]!];
    return make(year(m[3]!), mo, d, m[4], m[5], m[6]);
  }
  m = SLASH.exec(s);
  if (m) {
    const [d, mo] = (order ?? slashDefault) === 'dmy' ? [+m[1]!, +m[2]!] : [+m[2]!, +m[1]!];
    let h = m[4];
    if (h !== undefined && m[7]) {
      const pm = m[7].toLowerCase() === 'pm';
      const hh = +h % 12;
      h = String(pm ? hh + 12 : hh);
    }
    return make(year(m[3]!), mo, d, h, m[5], m[6]);
  }
  m = YMD_SLASH.exec(s);
  if (m) return make(+m[1]!, +m[2]!, +m[3]!, m[4], m[5], m[6]);
  return undefined;
}

/** An Excel serial day number (with a fraction for the time) → epoch ms. */
export function excelSerialToMs(serial: number): number {
  return Math.round(EXCEL_EPOCH + serial * DAY);
}

/** A JS Date from a reader (XLSX/Parquet/Arrow) as naive wall-clock ms, read in UTC. */
export function dateToMs(d: Date): number | undefined {
  const t = d.getTime();
  return Number.isNaN(t) ? undefined : t;
}

/** `YYYY-MM-DD HH:MM:SS`, the form DuckDB casts to TIMESTAMP. */
export function formatTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  const frac = ms % 1000 !== 0 ? iso.slice(19, 23) : '';
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${frac}`;
}

/** Two-digit years below this are 20xx, the rest 19xx. */
export const CENTURY_PIVOT = 70;

function year(y: string): number {
  // Two-digit years: 00–69 are 2000s, like Excel.
  if (y.length === 4) return +y;
  const n = +y;
  return n < CENTURY_PIVOT ? 2000 + n : 1900 + n;
}

function make(
  y: number,
  mo: number,
  d: number,
  h?: string,
  mi?: string,
  s?: string,
  frac?: string,
): number | undefined {
  const H = h === undefined ? 0 : +h;
  const M = mi === undefined ? 0 : +mi;
  const S = s === undefined ? 0 : +s;
  if (mo < 1 || mo > 12 || d < 1 || H > 23 || M > 59 || S > 59 || y < 1000) return undefined;
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  // The day must be in its month, and a fraction rounded up to a whole second must not carry
  // into the next day: what a round trip through `Date` checked, without making one (the sample
  // scan tests every date-like value; years have four digits here, so `Date.UTC` takes them as is).
  if (d > monthDays(y, mo) || (ms === 1000 && H === 23 && M === 59 && S === 59)) return undefined;
  return Date.UTC(y, mo - 1, d, H, M, S, ms);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month `mo` (1–12) of year `y`, Gregorian, as `Date` counts them. */
export function monthDays(y: number, mo: number): number {
  if (mo !== 2) return MONTH_DAYS[mo - 1]!;
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
}

/** A zone offset as ISO dates write it (`Z` and `UTC` are zero). */
export const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

function offsetMs(z: string | undefined): number {
  if (!z || z.toUpperCase() === 'Z' || z.toUpperCase() === 'UTC') return 0;
  const m = OFFSET.exec(z);
  if (!m) return 0;
  const mins = +m[2]! * 60 + +m[3]!;
  return (m[1] === '-' ? -1 : 1) * mins * 60_000;
}
