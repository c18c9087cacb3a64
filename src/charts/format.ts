/**
 * Locale formatting for measure values, dimension labels and dates ('en' and 'ru').
 * Pure: no DOM, no Svelte. Formatters are cached per (lang, format, options).
 */
import type { DeltaFormat } from '../query/catalog.ts';
import type { Lang } from '../lib/i18n.ts';

export type ValueFormat = DeltaFormat | 'text' | 'date';

export interface FormatOptions {
  /** ISO currency code for `money` (RUB, USD…); absent = currency-neutral number. */
  currency?: string | null;
  /** Short forms (1.2M, 1,2 млн) for axes and tight cells. */
  compact?: boolean;
  /**
   * With `compact`, round a short form to this many significant digits instead of one decimal:
   * a bar's value label carries what a reader compares (1.23M, 12,4 тыс. ₽) where an axis's round
   * ticks need less (1.2M). Rates, changes and days have no short form and ignore it.
   */
  significant?: number;
  /**
   * Fixed decimals for a whole column or one chart's labels, decided from all their values
   * ({@link sharedDecimals}): days, rates and plain numbers; counts and money ignore it. With
   * `significant`, the decimals of a label without a suffix (12.5 beside 13.0), from
   * {@link labelDecimals}.
   */
  decimals?: number;
}

export const LOCALES: Record<Lang, string> = { en: 'en-US', ru: 'ru-RU' };

/** What a missing measure value is shown as. */
export const MISSING = '–';

const DAYS: Record<Lang, string> = { en: 'd', ru: 'дн.' };
/** Percentage points: the change of a rate reads `+2.6 pp`, not `+2.6%` (a relative change). */
const POINTS: Record<Lang, string> = { en: 'pp', ru: 'п.п.' };

const cache = new Map<string, (v: unknown) => string>();

/** A formatter for one value format; non-numbers and NaN become {@link MISSING}. */
export function formatter(
  format: ValueFormat,
  lang: Lang,
  opts: FormatOptions = {},
): (v: unknown) => string {
  const key = `${lang}|${format}|${opts.currency ?? ''}|${opts.compact ? 1 : 0}|${opts.significant ?? ''}|${opts.decimals ?? ''}`;
  let f = cache.get(key);
  if (!f) {
    const built = build(format, lang, opts);
    f = format === 'text' || format === 'date' ? built : (v) => minusSign(built(v));
    cache.set(key, f);
  }
  return f;
}

/**
 * The minus sign (U+2212) a negative number is written with on screen, in print and on tiles:
 * `Intl.NumberFormat` writes a hyphen ("-12", «-9,8 %»), shorter and lower than the plus beside
 * it, while Plot's own ticks already wrote "−12". The exports never read it: CSV and XLSX keep
 * the numbers themselves (charts/export), and the CLI prints them as numbers.
 */
export const MINUS = '\u2212';

/** A formatted number with its sign written as {@link MINUS}; only the sign, which comes first. */
const minusSign = (s: string): string => s.replace(/^([^\d-]*)-/, `$1${MINUS}`);

/** Formats one value. */
export function formatValue(
  v: unknown,
  format: ValueFormat,
  lang: Lang,
  opts: FormatOptions = {},
): string {
  return formatter(format, lang, opts)(v);
}

function numeric(nf: Intl.NumberFormat, suffix = ''): (v: unknown) => string {
  return (v) => {
    const n = toNumber(v);
    return n === null ? MISSING : nf.format(n) + suffix;
  };
}

function build(format: ValueFormat, lang: Lang, opts: FormatOptions): (v: unknown) => string {
  const locale = LOCALES[lang];
  const compact = opts.compact === true;
  const fixed = (d: number): Intl.NumberFormatOptions => ({
    minimumFractionDigits: d,
    maximumFractionDigits: d,
  });
  // With `significant`, a value that takes a suffix (K, тыс.) keeps every digit, so labels side by
  // side read alike ("$5.30M" beside "$5.37M", not "$5.3M"); one without stays as it is (21, not 21.0).
  const short = (extra: Intl.NumberFormatOptions = {}): ((v: unknown) => string) => {
    const digits = opts.significant;
    if (!digits)
      return numeric(
        new Intl.NumberFormat(locale, { ...extra, notation: 'compact', maximumFractionDigits: 1 }),
      );
    const loose = new Intl.NumberFormat(locale, {
      ...extra,
      notation: 'compact',
      maximumSignificantDigits: digits,
    });
    const full = new Intl.NumberFormat(locale, {
      ...extra,
      notation: 'compact',
      minimumSignificantDigits: digits,
      maximumSignificantDigits: digits,
    });
    // One chart's labels without a suffix share their decimals: 12.5 and 13 read 12.5 and 13.0.
    const plain =
      opts.decimals === undefined
        ? loose
        : new Intl.NumberFormat(locale, { ...extra, ...fixed(opts.decimals) });
    return (v) => {
      const n = toNumber(v);
      return n === null ? MISSING : (Math.abs(n) >= SUFFIXED ? full : plain).format(n);
    };
  };
  switch (format) {
    case 'int':
      return compact
        ? short()
        : numeric(new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }));
    case 'number': {
      if (compact) return short();
      if (opts.decimals !== undefined)
        return numeric(new Intl.NumberFormat(locale, fixed(opts.decimals)));
      // A fraction keeps both decimals, so a column of ratios reads 14.20 under 12.96, not 14.2;
      // a whole number (a headcount, a sum of one) stays whole.
      const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
      const fraction = new Intl.NumberFormat(locale, {
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      });
      return (v) => {
        const n = toNumber(v);
        return n === null ? MISSING : (Number.isInteger(n) ? whole : fraction).format(n);
      };
    }
    case 'money': {
      const make = (extra: Intl.NumberFormatOptions) =>
        compact
          ? short(extra)
          : numeric(new Intl.NumberFormat(locale, { ...extra, maximumFractionDigits: 0 }));
      if (opts.currency) {
        try {
          return make({ style: 'currency', currency: opts.currency });
        } catch {
          // An unknown currency code: fall back to a neutral number.
        }
      }
      return make({});
    }
    case 'pct':
      // Rates are fractions (0.25 = 25 %). One fixed decimal, so a column of rates reads 37.0 %
      // under 41.1 % rather than 37 %, as a spreadsheet would show it.
      return numeric(
        new Intl.NumberFormat(locale, {
          style: 'percent',
          ...(opts.decimals !== undefined
            ? fixed(opts.decimals)
            : { minimumFractionDigits: compact ? 0 : 1, maximumFractionDigits: 1 }),
        }),
      );
    case 'pp': {
      const nf = new Intl.NumberFormat(locale, {
        ...(opts.decimals !== undefined
          ? fixed(opts.decimals)
          : { minimumFractionDigits: compact ? 0 : 1, maximumFractionDigits: 1 }),
        signDisplay: 'exceptZero',
      });
      return (v) => {
        const n = toNumber(v);
        return n === null ? MISSING : `${nf.format(n * 100)}\u00a0${POINTS[lang]}`;
      };
    }
    case 'days':
      return numeric(
        new Intl.NumberFormat(locale, fixed(opts.decimals ?? (compact ? 0 : 1))),
        `\u00a0${DAYS[lang]}`,
      );
    case 'date': {
      const df = new Intl.DateTimeFormat(locale, {
        timeZone: 'UTC',
        year: 'numeric',
        month: 'short',
        day: 'numeric',
      });
      return (v) => {
        const d = toDate(v);
        return d ? df.format(d) : MISSING;
      };
    }
    case 'text':
      return (v) => (v === null || v === undefined ? '' : String(v));
  }
}

/**
 * The decimals that every value of a column (or every label of a chart) shares, so none reads
 * "50" beside "50.5": days are whole when every value is (a tenure of 193 d, never 193.0 d) and
 * else one decimal throughout; rates one decimal when any needs it (59.0 % beside 65.3 %), else
 * none (their changes in points alike); plain numbers two decimals when any has a fraction (14.00 under 12.96), else none.
 * Undefined for other formats (their own rule stands) or a column without a number.
 */
export function sharedDecimals(format: ValueFormat, values: Iterable<unknown>): number | undefined {
  const percent = format === 'pct' || format === 'pp';
  const most = format === 'days' || percent ? 1 : format === 'number' ? 2 : null;
  if (most === null) return undefined;
  // A rate of 0.653 is 65.3 in percent: its digits are counted after scaling.
  const scale = 10 ** (most + (percent ? 2 : 0));
  let any = false;
  for (const v of values) {
    const n = toNumber(v);
    if (n === null) continue;
    any = true;
    if (Math.round(n * scale) % 10 ** most !== 0) return most;
  }
  return any ? 0 : undefined;
}

/** From here a short form takes a suffix (1.00K): 999.5 rounds to 1,000. */
const SUFFIXED = 999.5;

/**
 * The decimals that one chart's short labels without a suffix share (those of `significant`
 * digits below 1,000): the most any of them shows, at most two, so 12.5 stands beside 13.0
 * rather than 13. Labels with a suffix keep their significant digits (13.0K beside 12.4K).
 */
export function labelDecimals(values: Iterable<unknown>, significant = 3): number {
  let most = 0;
  for (const v of values) {
    const n = toNumber(v);
    if (n === null || n === 0 || Math.abs(n) >= SUFFIXED) continue;
    const shown = Number(Math.abs(n).toPrecision(significant));
    const digits = shown.toString().split('.')[1]?.length ?? 0;
    most = Math.max(most, Math.min(2, digits));
  }
  return most;
}

/** Numbers from Arrow cells: number, bigint or numeric string; anything else is null. */
export function toNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function toDate(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v);
  if (typeof v === 'bigint') return new Date(Number(v));
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) {
    const d = new Date(v.length === 10 ? `${v}T00:00:00Z` : v);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

/** Formats a `YYYY-MM-DD` calendar date (or epoch ms) for display. */
export function formatDate(v: unknown, lang: Lang): string {
  return formatter('date', lang)(v);
}

/**
 * A moment (when a report was printed) as the page's language writes it, to the minute, in the
 * reader's time zone: "Dec 7, 2026, 2:40 PM" / «7 дек. 2026 г., 14:40». A day alone did not say
 * which of two printouts of one day is the later.
 */
export function formatMoment(at: Date, lang: Lang): string {
  return at.toLocaleString(LOCALES[lang], { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * A dimension value as a label: null → the "empty" word, epoch-ms dates → locale dates,
 * bucket labels (`2017-Q3`) and text as they are.
 */
export function dimensionLabel(v: unknown, format: ValueFormat, lang: Lang, empty: string): string {
  if (v === null || v === undefined || v === '') return empty;
  if (format === 'date' && typeof v === 'number') return formatDate(v, lang);
  if (typeof v === 'number') return formatter('number', lang)(v);
  if (typeof v === 'boolean') return String(v);
  return String(v);
}

/** The symbol of a currency in a language (`$`, `₽`), or the code when there is none. */
export function currencySymbol(code: string, lang: Lang): string {
  try {
    const parts = new Intl.NumberFormat(LOCALES[lang], {
      style: 'currency',
      currency: code,
    }).formatToParts(0);
    return parts.find((p) => p.type === 'currency')?.value ?? code;
  } catch {
    return code;
  }
}

/** A size in bytes in the UI language (lib/size.ts: messages write sizes the same way). */
export { formatSize } from '../lib/size.ts';
