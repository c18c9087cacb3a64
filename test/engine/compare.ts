/** Result comparison for the conformance suite: same rows, numbers within 1e-9 relative. */

type Row = Record<string, unknown>;

/** Significant digits numbers are rounded to when rows are put in a canonical order. */
const SORT_DIGITS = 8;

function sortKey(row: Row): string {
  return JSON.stringify(Object.entries(row), (_k, v: unknown) =>
    typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(SORT_DIGITS)) : v,
  );
}

/**
 * Rows in one canonical order. Engines may order ties differently (threads), so rows are compared
 * as a multiset; SQL that promises an order is also checked by the reports' own tests.
 */
export function canonicalRows(rows: Row[]): Row[] {
  return rows
    .map((r) => ({ r, k: sortKey(r) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.r);
}

export function closeEnough(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
    if (a === b) return true;
    return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object')
    return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/** null when `got` and `want` hold the same rows; else the first difference, for the message. */
export function sameRows(got: Row[], want: Row[]): string | null {
  if (got.length !== want.length) return `${got.length} rows, expected ${want.length}`;
  const g = canonicalRows(got);
  const w = canonicalRows(want);
  for (let i = 0; i < w.length; i++) {
    const keys = new Set([...Object.keys(g[i]!), ...Object.keys(w[i]!)]);
    for (const k of keys) {
      if (!closeEnough(g[i]![k], w[i]![k])) {
        return `row ${i} column ${k}: ${String(g[i]![k])} vs ${String(w[i]![k])} (${JSON.stringify(w[i])})`;
      }
    }
  }
  return null;
}
