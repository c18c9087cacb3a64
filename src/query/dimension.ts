/** Dimension expressions: date buckets with stable labels, and number bins. */
import type { Grain } from './spec/spec.ts';
import { bin, caseWhen, cast, fn, lit, type Expr } from './sql/ast.ts';

const FORMATS: Record<Exclude<Grain, 'quarter'>, string> = {
  day: '%Y-%m-%d',
  week: '%G-W%V', // ISO year and week, so 2021-01-01 is 2020-W53
  month: '%Y-%m',
  year: '%Y',
};

/** The bucket label of a date: 2017-03-01, 2017-W09, 2017-03, 2017-Q1, 2017. */
export function dateBucket(date: Expr, grain: Grain): Expr {
  return bucketLabel(date, grain);
}

/**
 * The bucket of a date as the first day of its period. Aggregates group by this and label it
 * afterwards with `bucketLabel`: truncating a date is several times cheaper than formatting a
 * string for every row, and the label of the first day is the label of every day in the bucket
 * (ISO weeks start on Monday, as `date_trunc('week')` does).
 */
export function dateKey(date: Expr, grain: Grain): Expr {
  // Not cast to DATE here: a cast on every row costs about a fifth of a quarter × manager report
  // (bench/handwritten.ts); the result casts the few bucket values before labelling them.
  return fn('date_trunc', lit(grain), date);
}

/** The label of a date's bucket (of any day in it, so also of a `dateKey`). */
export function bucketLabel(date: Expr, grain: Grain): Expr {
  if (grain === 'quarter') {
    return bin(
      '||',
      bin('||', fn('format_date', date, lit('%Y')), lit('-Q')),
      cast(fn('quarter', date), 'VARCHAR'),
    );
  }
  return fn('format_date', date, lit(FORMATS[grain]));
}

/** Labels for ascending edges: `<10`, `10–49`, `≥250` (integers), or `10–50` for fractional edges. */
export function binLabels(edges: number[]): string[] {
  const ints = edges.every(Number.isInteger);
  const fmt = (n: number) => String(n);
  const labels = [`<${fmt(edges[0]!)}`];
  for (let i = 0; i + 1 < edges.length; i++) {
    const lo = edges[i]!;
    const hi = edges[i + 1]!;
    labels.push(ints ? `${fmt(lo)}–${fmt(hi - 1)}` : `${fmt(lo)}–${fmt(hi)}`);
  }
  labels.push(`≥${fmt(edges[edges.length - 1]!)}`);
  return labels;
}

/** CASE over the edges, giving each value its bin label; NULL stays NULL. */
export function numberBins(value: Expr, edges: number[]): Expr {
  const labels = binLabels(edges);
  const whens: [Expr, Expr][] = edges.map((e, i) => [bin('<', value, lit(e)), lit(labels[i]!)]);
  whens.push([bin('>=', value, lit(edges[edges.length - 1]!)), lit(labels[labels.length - 1]!)]);
  return caseWhen(whens, null);
}

/** Sort position of a bin label, so `<10` sorts before `10–49`. */
export function binOrder(label: Expr, edges: number[]): Expr {
  const labels = binLabels(edges);
  return caseWhen(
    labels.map((l, i) => [bin('=', label, lit(l)), lit(i)] as [Expr, Expr]),
    null,
  );
}
