/**
 * Numbers a DOUBLE cannot hold as written. A number column loads as DOUBLE, which keeps about
 * 15–17 significant decimal digits: `12345678901234567890` loads as 12345678901234567168 and
 * `1234567890123456.78` as 1234567890123456.75, so the report would show another number than the
 * file holds. Such values still load (rounded); the import says how many, where and which.
 *
 * The rule, on a text its column's number rules read as a number (`parseNumber`):
 * - its significant digits are its digits once the exponent (`e+5`), the signs, parentheses,
 *   percent, currency, spaces and thousands marks are set aside, the integer part's leading zeros
 *   dropped and the fraction's trailing zeros dropped, and then any zeros left at either end
 *   (`0.000123` has 3; `1 000 000` has 1);
 * - more than 15 of them (`EXACT_DIGITS`, the digits every decimal keeps through a double and
 *   back) is "rounded",
 * - except a whole number of at most 2^53 written without exponent or percent: a double holds
 *   every such integer exactly (a 16-digit id like `1234567890123456` is not rounded).
 *
 * A text of 15 characters or fewer cannot have more than 15 digits, so every path tests the
 * length first and looks at the digits of long texts only (`mayRound`): an ordinary file's
 * amounts cost one length test each.
 */
import { quoteString as s } from '../../query/sql/escape.ts';

/** Significant digits a decimal keeps through a DOUBLE and back (DBL_DIG). */
export const EXACT_DIGITS = 15;
/** 2^53: every integer up to it is a DOUBLE exactly. */
const MAX_EXACT = String(2 ** 53);
const EXPONENT = /[eE][+-]?\d+/g;

/** Whether a text is long enough to hold more than `EXACT_DIGITS` digits: the cheap first test. */
export function mayRound(text: string): boolean {
  return text.length > EXACT_DIGITS;
}

/**
 * Whether the number text `text` (one its column reads as a number with the decimal mark
 * `decimal`) loads as another number than it says (the rule above).
 */
export function roundsText(text: string, decimal: ',' | '.'): boolean {
  if (!mayRound(text)) return false;
  const mantissa = text.replace(EXPONENT, '');
  const at = mantissa.indexOf(decimal);
  const whole = (at < 0 ? mantissa : mantissa.slice(0, at)).replace(/\D/g, '');
  const frac = (at < 0 ? '' : mantissa.slice(at + 1)).replace(/\D/g, '').replace(/0+$/, '');
  const digits = (whole + frac).replace(/^0+/, '').replace(/0+$/, '');
  if (digits.length <= EXACT_DIGITS) return false;
  const int = whole.replace(/^0+/, '');
  const plain = mantissa === text && !text.includes('%');
  return !(plain && frac === '' && exactInt(int));
}

/** Whether digits with no leading zero are an integer of at most 2^53. */
function exactInt(int: string): boolean {
  return int.length < MAX_EXACT.length || (int.length === MAX_EXACT.length && int <= MAX_EXACT);
}

/** Whether an integer read natively (Parquet, Arrow) loads as another number. */
export function roundsBigint(v: bigint): boolean {
  return v > 2n ** 53n || v < -(2n ** 53n);
}

/**
 * `roundsText` in SQL, over the text `raw` its column read as a number (the caller tests that
 * and the length, `strlen(raw) > EXACT_DIGITS`, first: this runs on long texts only). The same
 * steps as the JS, so the two paths count the same values.
 */
export function roundsSql(raw: string, decimal: ',' | '.'): string {
  const d = s(decimal);
  const mantissa = `regexp_replace(${raw}, '[eE][+-]?[0-9]+', '', 'g')`;
  const nonDigits = (x: string) => `regexp_replace(${x}, '[^0-9]', '', 'g')`;
  const whole = nonDigits(`split_part(${mantissa}, ${d}, 1)`);
  const frac = `rtrim(${nonDigits(`split_part(${mantissa}, ${d}, 2)`)}, '0')`;
  const digits = `rtrim(ltrim(${whole} || ${frac}, '0'), '0')`;
  const int = `ltrim(${whole}, '0')`;
  const max = s(MAX_EXACT);
  const plain = `(NOT regexp_matches(${raw}, '[eE][+-]?[0-9]')) AND NOT contains(${raw}, '%')`;
  const exact = `(length(${int}) < ${MAX_EXACT.length} OR (length(${int}) = ${MAX_EXACT.length} AND ${int} <= ${max}))`;
  return `(length(${digits}) > ${EXACT_DIGITS} AND NOT (${plain} AND ${frac} = '' AND ${exact}))`;
}
