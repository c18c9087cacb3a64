/**
 * The result step of a compiled report: over the merged groups, each measure asked for (a ratio
 * from its parts) with, under a comparison, its previous value, delta, growth and ranks, and the
 * hidden columns telling whether a sum has rows (`row-counts.ts`). compile.ts builds the groups and
 * the merge around it.
 */
import type { MeasureDef } from './catalog.ts';
import type { OutputColumn } from './compiled.ts';
import { bucketLabel } from './dimension.ts';
import { GROUPING, OTHER } from './group-query.ts';
import { EARLIER, earlierValue, growthRank, growthTier, growthValue } from './growth.ts';
import { ownOrder } from './order.ts';
import { comparable, type Plan } from './plan.ts';
import { mask, rank } from './ranking.ts';
import { ROWS, rowsBySum } from './row-counts.ts';
import { fieldOnFact, zeroIfNull } from './resolve.ts';
import type { ReportSpec } from './spec/spec.ts';
import { bin, caseWhen, cast, col, fn, inList, lit, notNull, type Expr } from './sql/ast.ts';

/**
 * The hidden columns telling whether a sum has rows (`revenue_rows`, `revenue_rows_previous`):
 * `of`, the sum's own column where its NULL tells it (`rowsBySum`), else a count of its own.
 */
export function rowCountKeys(
  spec: ReportSpec,
  plan: Plan,
): { key: string; measure: string; of: string | null }[] {
  return plan.rowCounts.flatMap((m) => {
    const bySum = rowsBySum(m.expr);
    const key = (suffix: string) => ({
      key: `${m.id}${ROWS}${suffix}`,
      measure: m.id,
      of: bySum ? m.id + suffix : null,
    });
    return [key(''), ...(hasPrevious(spec, plan, m) ? [key('_previous')] : [])];
  });
}

/**
 * `value` where the row does not split the measure by a dimension its fact cannot reach, NULL
 * where it does. Its group keys such a dimension as NULL (and says so in a note, group-query.ts),
 * so the measure's whole value sat in that dimension's empty member and every other member read
 * 0: the Activities preset split by activity type, as its help suggests, showed 0 won deals for
 * calls, emails and meetings alike. Only the rows that roll such a dimension up (its subtotals
 * and totals) carry the value now.
 */
function unsplit(plan: Plan, m: MeasureDef, value: Expr): Expr {
  const fact = plan.groups.find((g) => g.measures.includes(m))?.fact;
  if (!fact) return value;
  const n = plan.dims.length;
  let bits = 0;
  plan.dims.forEach((d, i) => {
    if (d.field && !fieldOnFact(fact, d.field)) bits |= 1 << (n - 1 - i);
  });
  if (bits === 0) return value;
  // The grouping sets that roll every such dimension up (none without totals).
  const rolled = plan.useGrouping
    ? plan.allSets.map((set) => mask(set, n)).filter((g) => (g & bits) === bits)
    : [];
  if (rolled.length === 0) return lit(null);
  return caseWhen([
    [
      inList(
        col(null, GROUPING),
        [...new Set(rolled)].map((g) => lit(g)),
      ),
      value,
    ],
  ]);
}

/** The merged column counting scan `i`'s rows in the earlier period. */
export const rowsBefore = (i: number) => `_rows_previous_${i}`;

/** The scan that aggregates a base measure. */
const scanOf = (plan: Plan, m: MeasureDef) =>
  plan.scans.findIndex((s) => s.some((g) => g.measures.includes(m)));

/** Whether a measure has a previous-period value (its group is compared). */
export function hasPrevious(spec: ReportSpec, plan: Plan, m: MeasureDef): boolean {
  return (
    plan.shift !== null && plan.groups.some((g) => comparable(spec, g) && g.measures.includes(m))
  );
}

/**
 * The measures asked for whose previous value is computed (a ratio: both of its parts). Only
 * these can grow from nothing: a snapshot without history has no previous value for anyone.
 */
export function withPrevious(spec: ReportSpec, plan: Plan): MeasureDef[] {
  const byId = new Map(plan.base.map((m) => [m.id, m]));
  const has = (m: MeasureDef): boolean =>
    m.ratio
      ? has(byId.get(m.ratio.numerator)!) && has(byId.get(m.ratio.denominator)!)
      : hasPrevious(spec, plan, m);
  return spec.compare ? plan.measures.filter(has) : [];
}

/**
 * The result's select list and columns: the keys, then each measure asked for (a ratio from its
 * parts) with, under a comparison, its previous value, delta, growth and ranks. Under a
 * comparison the result reads `measured` (its select list over `merged`), which writes each
 * value, previous value and `_earlier` once, and the delta, growth and ranks read those by name.
 * Inlined into one select list, every delta, growth, tier and rank repeated the whole ratio or
 * coalesce expression, and DuckDB spent about as much CPU binding and planning those copies as
 * running the query (docs/benchmarks.md, "What DuckDB spends planning the generated SQL"). A
 * second step for the delta, growth and tier planned faster still, but made a long result (30k
 * clients at 300k deals) slower to run.
 */
export function resultColumns(
  spec: ReportSpec,
  plan: Plan,
  keyCols: string[],
): { select: [Expr, string][]; columns: OutputColumn[]; measured: [Expr, string][] | null } {
  const { dims, useGrouping } = plan;
  const columns: OutputColumn[] = dims.map((d) => {
    const order = ownOrder(d);
    return {
      key: d.key,
      role: 'dimension',
      axis: d.axis,
      format: d.field?.type === 'number' && !d.dim.bins ? 'number' : 'text',
      ...(order ? { valueOrder: order } : {}),
    };
  });
  if (plan.other) columns.push({ key: OTHER, role: 'other', format: 'int' });
  const colDims = dims.filter((d) => d.axis === 'column').map((d) => col(null, d.key));
  const partition = [...(useGrouping ? [col(null, GROUPING)] : []), ...colDims];
  // Date buckets were grouped by their first day; the label is written once per result row.
  const select = keyCols.map((k, i): [Expr, string] => {
    const d = dims[i];
    if (!d?.dim.grain) return [col(null, k), k];
    // The cast types a bucket that a group could not reach (a NULL literal) as a date.
    return [bucketLabel(cast(col(null, d.key), 'DATE'), d.dim.grain), k];
  });
  const byId = new Map(plan.base.map((m) => [m.id, m]));
  const cell = (m: MeasureDef, suffix: string): Expr => {
    if (m.ratio) {
      const num = cell(byId.get(m.ratio.numerator)!, suffix);
      const den = cell(byId.get(m.ratio.denominator)!, suffix);
      return bin('/', cast(num, 'DOUBLE'), fn('nullif', den, lit(0)));
    }
    if (suffix && !hasPrevious(spec, plan, m)) return lit(null);
    const c = col(null, m.id + suffix);
    return unsplit(plan, m, m.additive ? zeroIfNull(c) : c);
  };
  const growing = new Set(withPrevious(spec, plan));
  const measured = spec.compare ? keyCols.map((k): [Expr, string] => [col(null, k), k]) : null;
  /** `e` named `key` in `measured` and read by that name after it; without it, `e`. */
  const once = (e: Expr, key: string): Expr => {
    if (!measured) return e;
    measured.push([e, key]);
    return col(null, key);
  };
  for (const m of plan.measures) {
    const value = once(cell(m, ''), m.id);
    select.push([value, m.id]);
    columns.push({ key: m.id, role: 'measure', measure: m.id, format: m.format });
    if (!spec.compare) continue;
    const p = cell(m, '_previous');
    const prev = once(p, `${m.id}_previous`);
    // Of the previous value's expression: in `measured` a bare name is the merged column.
    const had = once(
      growing.has(m) ? earlierValue(m, p, () => col(null, rowsBefore(scanOf(plan, m)))) : lit(null),
      `${m.id}${EARLIER}`,
    );
    const delta = bin('-', value, prev);
    const growth = growthValue(delta, prev);
    select.push(
      [prev, `${m.id}_previous`],
      [delta, `${m.id}_delta`],
      [cast(growth, 'DOUBLE'), `${m.id}_growth`],
      [rank(value, partition), `${m.id}_rank`],
      [growthRank(growth, growthTier(value, prev, had), partition), `${m.id}_growth_rank`],
      [had, `${m.id}${EARLIER}`],
    );
    const worse = m.worseWhenMore ? { worseWhenMore: true as const } : {};
    columns.push(
      { key: `${m.id}_previous`, role: 'previous', measure: m.id, format: m.format },
      // A rate's change is in percentage points; "%" would read as a relative change.
      {
        key: `${m.id}_delta`,
        role: 'delta',
        measure: m.id,
        format: m.format === 'pct' ? 'pp' : m.format,
        ...worse,
      },
      { key: `${m.id}_growth`, role: 'growth', measure: m.id, format: 'pct', ...worse },
      { key: `${m.id}_rank`, role: 'rank', measure: m.id, format: 'int' },
      { key: `${m.id}_growth_rank`, role: 'rank', measure: m.id, format: 'int' },
      { key: `${m.id}${EARLIER}`, role: 'earlier', measure: m.id, format: 'int' },
    );
  }
  for (const { key, measure, of } of rowCountKeys(spec, plan)) {
    // 1 or 0 for a sum that is NULL over no rows only; a count for any other measure. The sum
    // named by its table: ClickHouse reads a bare name as this list's alias (its coalesce).
    const rows = of ? caseWhen([[notNull(col('merged', of)), lit(1)]], lit(0)) : col(null, key);
    select.push([once(of ? rows : zeroIfNull(rows), key), key]);
    columns.push({ key, role: 'rows', measure, format: 'int' });
  }
  return { select, columns, measured };
}
