/**
 * Numbers a DOUBLE cannot hold as written. A number column loads as DOUBLE, which keeps about
 * 15–17 significant decimal digits: `12345678901234567890` loads as 12345678901234567168 (shown
 * 12345678901234567000) and `1234567890123456.78` as 1234567890123456.8, so the report would show
 * another number than the file holds. Such values still load (rounded); the import says how many,
 * where and which.
 *
 * The rule, on a text its column's number rules read as a number (`parseNumber`): the value is
 * "rounded" when the shortest decimal that reads back as its double (what JS's `String(x)` and
 * DuckDB's `CAST(x AS VARCHAR)` write) is another number than the text says. Compared by the
 * significant digits: the digits once the exponent (`e+5`), the signs, parentheses, percent,
 * currency, spaces and thousands marks are set aside, with the zeros at either end dropped
 * (`0.000123` has 3; `1 000 000` has 1; `1.50` has 2). So:
 * - at most 15 (`EXACT_DIGITS`) never rounds: every such decimal comes back from a double as
 *   written (DBL_DIG), and a text of 15 characters or fewer cannot have more (`mayRound`, the
 *   cheap first test: an ordinary file's amounts cost one length test each);
 * - more than 17 always does: no double's shortest form has more;
 * - 16 or 17 rounds unless the double's shortest form has the same digits (then its value is
 *   the text's: the two are within a unit of the double's last place, so their exponents agree).
 *   `0.30000000000000004` (what a program writes for 0.1 + 0.2), `1.7976931348623157e308`,
 *   `9007199254740992` and `123456789012345.67` come back as written; `9007199254740993`,
 *   `12345678901234567` and `1234567890123456.78` do not;
 * - a percent is its text two places smaller (the loaders move its decimal point: one
 *   rounding, `percentText`), so the same rule holds with the point moved.
 * The double is the one the text's decimal value rounds to, read from its digits and exponent, so
 * the marks and the spelling (`+`, `1.5E3`, `0001.50`) do not matter, and the SQL form, building
 * the same decimal, gets the same double.
 */
import { quoteString as s } from '../../query/sql/escape.ts';

/** Significant digits a decimal keeps through a DOUBLE and back (DBL_DIG). */
export const EXACT_DIGITS = 15;
/** Significant digits that tell every DOUBLE apart: its shortest form never has more. */
const DOUBLE_DIGITS = 17;
const EXPONENT = /[eE]([+-]?\d+)/;

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
  const exp = EXPONENT.exec(text);
  const mantissa = exp ? text.slice(0, exp.index) + text.slice(exp.index + exp[0].length) : text;
  const at = mantissa.indexOf(decimal);
  const whole = (at < 0 ? mantissa : mantissa.slice(0, at)).replace(/\D/g, '');
  const frac = (at < 0 ? '' : mantissa.slice(at + 1)).replace(/\D/g, '');
  const all = whole + frac;
  const significant = all.replace(/^0+/, '');
  const digits = significant.replace(/0+$/, '');
  if (digits.length <= EXACT_DIGITS) return false;
  if (digits.length > DOUBLE_DIGITS) return true;
  // The value is 0.<digits> × 10^point (a percent's two places lower).
  const point =
    whole.length -
    (all.length - significant.length) +
    Number(exp?.[1] ?? 0) -
    (text.includes('%') ? 2 : 0);
  return shortestDigits(Number(`0.${digits}e${point}`)) !== digits;
}

/**
 * Whether a number text is written as a whole number: no decimal mark, exponent or percent (a
 * code, an id, an account number), as a measurement's value is not (`12.50`, `1.2e19`).
 */
export function wholeText(text: string, decimal: ',' | '.'): boolean {
  return !text.includes(decimal) && !text.includes('%') && !EXPONENT.test(text);
}

/** The significant digits of a double's shortest form ('' for 0 and the infinities). */
function shortestDigits(x: number): string {
  return String(x).split('e')[0]!.replace(/\D/g, '').replace(/^0+/, '').replace(/0+$/, '');
}

/**
 * Whether an integer read natively (Parquet, Arrow) loads as another number: the rule above, on
 * its decimal digits.
 */
export function roundsBigint(v: bigint): boolean {
  const digits = (v < 0n ? -v : v).toString().replace(/0+$/, '');
  if (digits.length <= EXACT_DIGITS) return false;
  return digits.length > DOUBLE_DIGITS || shortestDigits(Number(v)) !== digits;
}

/**
 * `roundsText` in SQL, over the text `raw` its column read as a number (the caller tests that
 * and the length, `strlen(raw) > EXACT_DIGITS`, first: this runs on long texts only). The same
 * steps as the JS, so the two paths count the same values: DuckDB's `CAST(DOUBLE AS VARCHAR)`
 * writes the shortest form, as JS does (tested on DuckDB-WASM and native DuckDB).
 */
export function roundsSql(raw: string, decimal: ',' | '.'): string {
  const d = s(decimal);
  const mantissa = `regexp_replace(${raw}, '[eE][+-]?[0-9]+', '')`;
  const nonDigits = (x: string) => `regexp_replace(${x}, '[^0-9]', '', 'g')`;
  const whole = nonDigits(`split_part(${mantissa}, ${d}, 1)`);
  const all = `(${whole} || ${nonDigits(`split_part(${mantissa}, ${d}, 2)`)})`;
  const significant = `ltrim(${all}, '0')`;
  const digits = `rtrim(${significant}, '0')`;
  // A huge exponent does not fit: NULL, and so rounded, as JS's Infinity or 0 is.
  const exp = `CASE WHEN regexp_matches(${raw}, '[eE][+-]?[0-9]') THEN TRY_CAST(regexp_extract(${raw}, '[eE]([+-]?[0-9]+)', 1) AS BIGINT) ELSE 0 END`;
  const point = `(length(${whole}) - (length(${all}) - length(${significant})) + ${exp} - CASE WHEN contains(${raw}, '%') THEN 2 ELSE 0 END)`;
  const double = `TRY_CAST('0.' || ${digits} || 'e' || ${point} AS DOUBLE)`;
  const shortest = `rtrim(ltrim(${nonDigits(`split_part(CAST(${double} AS VARCHAR), 'e', 1)`)}, '0'), '0')`;
  return `(CASE WHEN length(${digits}) <= ${EXACT_DIGITS} THEN false WHEN length(${digits}) > ${DOUBLE_DIGITS} THEN true ELSE coalesce(${shortest} <> ${digits}, true) END)`;
}
