/** Chart margins that fit their labels, estimated from the text (pure; no DOM to measure in). */

/** A label cut to `n` characters with an ellipsis (axis ticks stay readable). */
export function truncate(s: string, n = 28): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/**
 * Average glyph widths in em of the page's sans-serif (measured in Chromium on Linux): Cyrillic
 * is wider than Latin, so one width a character for all, tuned on English, cut Russian labels.
 */
const EM = {
  cyrUpper: 0.77,
  cyrLower: 0.67,
  latUpper: 0.68,
  latLower: 0.57,
  digit: 0.64,
  narrow: 0.34,
  space: 0.32,
  other: 0.66,
} as const;

function em(ch: string): number {
  if (ch === ' ') return EM.space;
  if (/[iljtfr.,:;|!()'[\]]/.test(ch)) return EM.narrow;
  if (/[0-9]/.test(ch)) return EM.digit;
  if (/[a-z]/.test(ch)) return EM.latLower;
  if (/[A-Z]/.test(ch)) return EM.latUpper;
  if (/[\u0430-\u045f]/.test(ch)) return EM.cyrLower;
  if (/[\u0400-\u042f]/.test(ch)) return EM.cyrUpper;
  return EM.other;
}

/** Estimated width in px of `s` drawn at `size` px. */
export function textWidth(s: string, size = 11): number {
  let w = 0;
  for (const ch of s) w += em(ch);
  return w * size;
}

/** Left margin that fits the widest (truncated) category label at 11px, past the ticks. */
export function labelMargin(labels: Iterable<string>, min = 40, max = 220): number {
  let widest = 0;
  for (const l of labels) widest = Math.max(widest, textWidth(truncate(l)));
  return Math.max(min, Math.min(max, Math.ceil(widest) + 14));
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
  const probes = [hi, lo, hi * 1.2, hi * 0.75, hi / 2, hi / 4, lo / 2].map((v) =>
    textWidth(fmt(v)),
  );
  return Math.max(min, Math.ceil(Math.max(...probes)) + 16);
}
