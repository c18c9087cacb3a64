/**
 * Whether a drill-down list's number columns hold any fraction, asked of the engine over the
 * whole list: the list arrives a page at a time, and a column's decimals decided from one page
 * read "12.0 d" on a list of whole days (and could change from page to page). The count query
 * that gives the list's total answers it too, one `0`/`1` column per such column.
 */
import type { OutputColumn } from './compiled.ts';
import { agg, bin, caseWhen, cast, fn, lit, type Expr } from './sql/ast.ts';

/**
 * The most decimals a list shows per format, the same as the table's rule (charts/format.ts
 * `sharedDecimals`): days 1, plain numbers 2; other formats keep their own.
 */
export const FRACTION_DIGITS: Partial<Record<OutputColumn['format'], number>> = {
  days: 1,
  number: 2,
};

/** The count query's column that says whether list column `i` has a fraction. */
export const fractionAlias = (i: number): string => `_fraction_${i}`;

/**
 * One aggregate per listed column that has decimals to decide: 1 when any value reads a fraction
 * at the format's decimals (round(x·10ᵏ) ≠ round(x)·10ᵏ, as `sharedDecimals` counts it), 0 when
 * none does, NULL without a value.
 */
export function fractionItems(listed: { column: OutputColumn; expr: Expr }[]): [Expr, string][] {
  const out: [Expr, string][] = [];
  listed.forEach(({ column, expr }, i) => {
    const k = FRACTION_DIGITS[column.format];
    if (k === undefined) return;
    const scale = lit(10 ** k);
    const fraction = bin(
      '<>',
      fn('round', bin('*', expr, scale)),
      bin('*', fn('round', expr), scale),
    );
    // DOUBLE, as the count beside it: each engine's own integer type would differ.
    const any = cast(agg('max', [caseWhen([[fraction, lit(1)]], lit(0))]), 'DOUBLE');
    out.push([any, fractionAlias(i)]);
  });
  return out;
}

/**
 * The decimals of each number column of the list, by column key, read from the count query's
 * row: 0 when no value has a fraction, the format's most when one does; a column without a
 * value (or whose answer is missing) is left out, to its format's own rule.
 */
export function listDecimals(
  columns: OutputColumn[],
  countRow: (alias: string) => unknown,
): Record<string, number> {
  const out: Record<string, number> = {};
  columns.forEach((c, i) => {
    const k = FRACTION_DIGITS[c.format];
    if (k === undefined) return;
    const v = countRow(fractionAlias(i));
    if (v === null || v === undefined) return;
    out[c.key] = Number(v) > 0 ? k : 0;
  });
  return out;
}
