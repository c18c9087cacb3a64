/**
 * The drivers-of-change result as the view draws it: its rows read from the Arrow table, the
 * waterfall of one dimension (previous total → its largest contributions → the rest as one step →
 * current total, which adds up because a dimension's contributions sum to the change), and the
 * best and worst members across all dimensions. Pure.
 */
import type { Table } from 'apache-arrow';

export interface DriverRow {
  dimension: string | null;
  member: string | null;
  member_2: string | null;
  value: number | null;
  previous: number | null;
  delta: number | null;
  growth: number | null;
  share: number | null;
  mix: number | null;
  rate: number | null;
}

const num = (v: unknown): number | null =>
  typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null;
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The total row (first, `dimension` null) and the member rows, in the result's ranking. */
export function driverRows(
  table: Table,
  measure: string,
): { total: DriverRow | null; rows: DriverRow[] } {
  const col = (k: string) => table.getChild(k);
  const cols = {
    dimension: col('dimension'),
    member: col('member'),
    member_2: col('member_2'),
    value: col(measure),
    previous: col(`${measure}_previous`),
    delta: col(`${measure}_delta`),
    growth: col(`${measure}_growth`),
    share: col('share_of_change'),
    mix: col('mix'),
    rate: col('rate'),
  };
  let total: DriverRow | null = null;
  const rows: DriverRow[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const r: DriverRow = {
      dimension: text(cols.dimension?.get(i)),
      member: text(cols.member?.get(i)),
      member_2: text(cols.member_2?.get(i)),
      value: num(cols.value?.get(i)),
      previous: num(cols.previous?.get(i)),
      delta: num(cols.delta?.get(i)),
      growth: num(cols.growth?.get(i)),
      share: num(cols.share?.get(i)),
      mix: num(cols.mix?.get(i)),
      rate: num(cols.rate?.get(i)),
    };
    if (r.dimension === null) total = r;
    else rows.push(r);
  }
  return { total, rows };
}

/**
 * Dimensions in the order of their largest contribution, those whose largest is their blank
 * member last (the view opens on the first): a field most deals lack — one filled in only once a
 * deal is won, as Olist's segment — has its blank group carry nearly the whole change, which
 * says the field is empty, not why the number moved.
 */
export function driverDimensionsOf(rows: DriverRow[]): string[] {
  const seen: string[] = [];
  const blankLed = new Set<string>();
  for (const r of rows)
    if (r.dimension !== null && !seen.includes(r.dimension)) {
      seen.push(r.dimension);
      if (r.member === null && r.member_2 === null) blankLed.add(r.dimension);
    }
  return [...seen.filter((d) => !blankLed.has(d)), ...seen.filter((d) => blankLed.has(d))];
}

export type StepKind = 'start' | 'up' | 'down' | 'other' | 'end';

export interface Step {
  kind: StepKind;
  /** The bar spans [from, to] on the value axis; start and end from 0. */
  from: number;
  to: number;
  /** The member a contribution step stands for. */
  row: DriverRow | null;
  /** How many members the "other" step sums. */
  count: number;
}

/**
 * The waterfall of `dimension`: its `top` largest contributions, increases first (largest first),
 * then decreases, then the remaining members as one step, so the last bar lands on the current
 * total. Rows without a contribution (no base in one period of a rate) are left to "other".
 */
export function waterfall(total: DriverRow, rows: DriverRow[], dimension: string, top = 8): Step[] {
  const start = total.previous ?? 0;
  const end = total.value ?? 0;
  const own = rows.filter((r) => r.dimension === dimension && r.delta !== null);
  const ranked = [...own].sort((a, b) => Math.abs(b.delta!) - Math.abs(a.delta!));
  const shown = ranked.slice(0, top);
  const ups = shown.filter((r) => r.delta! >= 0).sort((a, b) => b.delta! - a.delta!);
  const downs = shown.filter((r) => r.delta! < 0).sort((a, b) => a.delta! - b.delta!);
  const steps: Step[] = [{ kind: 'start', from: 0, to: start, row: null, count: 0 }];
  let at = start;
  for (const r of [...ups, ...downs]) {
    steps.push({
      kind: r.delta! >= 0 ? 'up' : 'down',
      from: at,
      to: at + r.delta!,
      row: r,
      count: 1,
    });
    at += r.delta!;
  }
  const rest = ranked.length - shown.length;
  // Whatever the shown steps leave (the other members, and rounding) closes on the total.
  if (rest > 0 || Math.abs(end - at) > 1e-9 * Math.max(1, Math.abs(end)))
    steps.push({ kind: 'other', from: at, to: end, row: null, count: rest });
  steps.push({ kind: 'end', from: 0, to: end, row: null, count: 0 });
  return steps;
}

/**
 * The members that moved the total most up and most down, across every dimension; blank members
 * (a field the deals lack) only after the others, as `driverDimensionsOf` ranks them.
 */
export function bestAndWorst(rows: DriverRow[], n = 5): { best: DriverRow[]; worst: DriverRow[] } {
  const withDelta = rows.filter((r) => r.delta !== null);
  const blank = (r: DriverRow) => (r.member === null && r.member_2 === null ? 1 : 0);
  return {
    best: withDelta
      .filter((r) => r.delta! > 0)
      .sort((a, b) => blank(a) - blank(b) || b.delta! - a.delta!)
      .slice(0, n),
    worst: withDelta
      .filter((r) => r.delta! < 0)
      .sort((a, b) => blank(a) - blank(b) || a.delta! - b.delta!)
      .slice(0, n),
  };
}
