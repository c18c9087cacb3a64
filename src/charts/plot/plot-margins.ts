/** Chart margins that fit their labels, estimated from the text (pure; no DOM to measure in). */

/** A label cut to `n` characters with an ellipsis (axis ticks stay readable). */
export function truncate(s: string, n = 28): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Left margin that fits the longest (truncated) category label at ~11px. */
export function labelMargin(labels: Iterable<string>, min = 40, max = 220): number {
  let longest = 0;
  for (const l of labels) longest = Math.max(longest, truncate(l).length);
  return Math.max(min, Math.min(max, Math.ceil(longest * 6.4) + 14));
}

/**
 * Left margin that fits the value axis' tick labels (long in Russian: "1,5 млн ₽"): the formatted
 * extremes and a few in-between values stand in for the ticks Plot will choose.
 */
export function valueMargin(
  values: Iterable<number>,
  fmt: (v: number) => string,
  min = 44,
): number {
  let hi = 0;
  let lo = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    hi = Math.max(hi, v);
    lo = Math.min(lo, v);
  }
  const probes = [hi, lo, hi * 1.2, hi * 0.75, hi / 2, hi / 4, lo / 2].map((v) => fmt(v).length);
  return Math.max(min, Math.ceil(Math.max(...probes) * 6.6) + 16);
}
