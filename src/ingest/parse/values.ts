/**
 * Text → number/boolean with the conventions of real exports: decimal commas, thousands
 * separators (space, no-break space, apostrophe, the other mark), currency marks and percentages.
 * A value that does not fit returns undefined — the caller makes it NULL and reports it.
 */

/** Texts that mean "no value" (after trimming); `sql-rules.ts` generates its SQL from this list. */
export const NULL_TOKENS: ReadonlySet<string> = new Set([
  '',
  '-',
  '—',
  '–',
  'null',
  'NULL',
  'n/a',
  'N/A',
  '#N/A',
  'NaN',
  'nan',
  'None',
  '(blank)',
]);

/** Whether a raw text means "no value". */
export function isNullText(s: string): boolean {
  return NULL_TOKENS.has(s.trim());
}

export const CURRENCY = /(₽|руб\.?|р\.|RUB|RUR|USD|EUR|GBP|KZT|UAH|BYN|US\$|\$|€|£|¥|₸|₴)/giu;
export const SPACES = /[\s\u00a0\u202f\u2009']/g;

/** Evidence about which mark is the decimal separator, from one value. */
export function decimalEvidence(s: string): ',' | '.' | null {
  if (s.length > MAX_NUMBER_TEXT) return null;
  // Removing currencies and spaces adds no mark: without one there is no evidence.
  if (s.indexOf(',') < 0 && s.indexOf('.') < 0) return null;
  const t = s.replace(CURRENCY, '').replace(SPACES, '');
  const lastComma = t.lastIndexOf(',');
  const lastDot = t.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) return lastComma > lastDot ? ',' : '.';
  const mark = lastComma >= 0 ? ',' : lastDot >= 0 ? '.' : null;
  if (!mark) return null;
  const parts = t.split(mark);
  // Several of the same mark are thousands groups; one mark followed by exactly three digits is ambiguous.
  if (parts.length > 2) return mark === ',' ? '.' : ',';
  const frac = parts[1] ?? '';
  if (/^\d{3}$/.test(frac) && /\d/.test(parts[0] ?? '')) return null;
  return mark;
}

/**
 * Longer text is never read as a number (the longest real amount with marks and a currency is
 * far shorter), so a pasted paragraph or a megabyte of digits costs one length check.
 */
export const MAX_NUMBER_TEXT = 100;

export const PLAIN_INT = /^\d{1,15}$/;
export const PLAIN_DEC = /^(\d{1,15})([.,])(\d{1,15})$/;

/** Parses a number with the given decimal separator; the other separator is a thousands mark. */
export function parseNumber(raw: string, decimal: ',' | '.' = '.'): number | undefined {
  // Fast paths for the common shapes (`12345`, `12345,67`); the same result as the full rules.
  if (PLAIN_INT.test(raw)) return Number(raw);
  const m = PLAIN_DEC.exec(raw);
  if (m && m[2] === decimal) return Number(`${m[1]}.${m[3]}`);
  // Most text a sample tests is no number (names, timestamps): one scan rejects it.
  if (NOT_NUMBER_CHAR.test(raw)) return undefined;
  return parseNumberFull(raw, decimal);
}

/**
 * Whether `parseNumber` may read `raw` with either mark: false for text holding a character no
 * number holds, which it rejects whatever the mark (its fast shapes hold none such either).
 */
export function mayBeNumber(raw: string): boolean {
  return !NOT_NUMBER_CHAR.test(raw);
}

/**
 * A character no number of `parseNumberFull` holds: not a digit, mark, sign, parenthesis, percent,
 * exponent, space it removes, nor a character of a currency it removes. The currencies' characters
 * come from `CURRENCY` itself (so a currency added there is never rejected here), matched with its
 * flags, so letters case-fold alike (Kelvin sign K, long s ſ).
 */
const NOT_NUMBER_CHAR = new RegExp(
  `[^\\d.,+\\-\u2212()%eE\\s\u00a0\u202f\u2009'${currencyChars()}]`,
  'iu',
);

/** Every character `CURRENCY` can match, escaped for a character class. */
function currencyChars(): string {
  const literal = CURRENCY.source.replace(
    /\\(.)|[|()?]/gu,
    (_, ch: string | undefined) => ch ?? '',
  );
  return [...new Set(literal)].map((ch) => (/[\\\]^-]/.test(ch) ? `\\${ch}` : ch)).join('');
}

/** An amount in parentheses is negative (accounting style). */
export const PARENS = /^\(.*\)$/;
/** A leading minus, ASCII or typographic. */
export const MINUS = /^[\u2212-]/;
/** A well-formed integer part with thousands groups. */
export const GROUPED = /^\d{1,3}(\.\d{3})+$|^\d{1,3}(,\d{3})+$/;
/** What is left of a number once marks, signs and groups are gone. */
export const NUMBER_TEXT = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number's text (`NUMBER_TEXT`) a hundred times smaller: its exponent two lower. */
export function percentText(s: string): string {
  const e = s.search(/[eE]/);
  return e < 0 ? `${s}e-2` : `${s.slice(0, e)}e${Number(s.slice(e + 1)) - 2}`;
}

/** `parseNumber` without its fast paths (exported for the test that they agree). */
export function parseNumberFull(raw: string, decimal: ',' | '.' = '.'): number | undefined {
  let s = raw.trim();
  if (s === '' || s.length > MAX_NUMBER_TEXT) return undefined;
  let sign = 1;
  if (PARENS.test(s)) {
    sign = -1;
    s = s.slice(1, -1);
  }
  // A percent's decimal point moves two places in its text, so its value rounds once: times 0.01
  // (or over 100) it rounded twice, and 35 % loaded as 0.35000000000000003, 0.7 % as
  // 0.006999999999999999.
  let percent = false;
  if (s.endsWith('%')) {
    percent = true;
    s = s.slice(0, -1);
  }
  s = s.replace(CURRENCY, '').replace(SPACES, '');
  if (MINUS.test(s)) {
    sign = -sign;
    s = s.slice(1);
  }
  if (s.startsWith('+')) s = s.slice(1);
  const thousands = decimal === ',' ? '.' : ',';
  if (s.includes(thousands)) {
    // Thousands groups must be well-formed (1.234.567), or "1.5" read with a decimal comma would become 15.
    const int = s.split(decimal)[0] ?? '';
    if (!GROUPED.test(int)) return undefined;
    s = s.split(thousands).join('');
  }
  if (decimal === ',') s = s.replace(',', '.');
  // Each part can match in one way only, so a failing match is linear (`\d+\.?\d*` was not).
  if (!NUMBER_TEXT.test(s)) return undefined;
  const v = Number(percent ? percentText(s) : s) * sign;
  return Number.isFinite(v) ? v : undefined;
}

export const TRUE: ReadonlySet<string> = new Set(['true', 'yes', 'y', 'да', 'истина', 't']);
export const FALSE: ReadonlySet<string> = new Set(['false', 'no', 'n', 'нет', 'ложь', 'f']);

/** true/false/yes/no/да/нет in any case; numbers are not booleans here (0/1 stay numbers). */
export function parseBoolean(raw: string): boolean | undefined {
  const s = raw.trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  return undefined;
}

/** Ids and codes whose leading zeros matter ("00123", zip prefixes) must stay text. */
export function hasLeadingZero(raw: string): boolean {
  return /^0\d/.test(raw.trim());
}
