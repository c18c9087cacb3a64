/**
 * Pure edits of a report spec, one per user gesture. Each returns a new spec (specs are
 * immutable, so undo is a stack of references) and never mutates its input.
 */
import type {
  CompareMode,
  Dimension,
  Filter,
  Grain,
  Period,
  ReportSpec,
  SortKey,
} from '../../query/spec/spec.ts';
import { withCompare, withPeriod } from '../../query/spec/spec.ts';

export type DimZone = 'rows' | 'columns';
export type Zone = DimZone | 'measures' | 'filters';

/** The grain a date field gets when first dropped on an axis. */
export function defaultGrain(fieldId: string): Grain {
  return fieldId === 'period' ? 'quarter' : 'month';
}

function withoutDim(spec: ReportSpec, fieldId: string): ReportSpec {
  return {
    ...spec,
    rows: spec.rows.filter((d) => d.field !== fieldId),
    columns: spec.columns.filter((d) => d.field !== fieldId),
  };
}

/** Keeps sort keys that still name a column of the report. */
function pruneSort(spec: ReportSpec): ReportSpec {
  const dimKeys = new Set([...spec.rows, ...spec.columns].map((d) => dimKeyOf(d)));
  const ok = (k: string) =>
    dimKeys.has(k) ||
    spec.measures.some((m) => k === m || (k.startsWith(`${m}_`) && spec.compare !== null));
  const sort = spec.sort.filter((s) => ok(s.key));
  return sort.length === spec.sort.length ? spec : { ...spec, sort };
}

/**
 * A sort by one table column names its column members; once the column axis changes those
 * members mean something else (or nothing), so the sort falls back to the row total.
 */
function pruneSortColumn(before: ReportSpec, after: ReportSpec): ReportSpec {
  const axis = (s: ReportSpec) => s.columns.map(dimKeyOf).join('\u0000');
  if (axis(before) === axis(after) || !after.sort.some((s) => s.column)) return after;
  return { ...after, sort: after.sort.map(({ column: _, ...rest }) => rest) };
}

function dimKeyOf(d: Dimension): string {
  if (d.grain) return `${d.field}:${d.grain}`;
  if (d.bins) return `${d.field}:bins`;
  return d.field;
}

/**
 * Adds a field to an axis at `index` (end by default). A field already on an axis moves, so a
 * dimension never appears twice. Date fields get a grain.
 */
export function addDimension(
  spec: ReportSpec,
  zone: DimZone,
  fieldId: string,
  isDate: boolean,
  index?: number,
): ReportSpec {
  const existing = [...spec.rows, ...spec.columns].find((d) => d.field === fieldId);
  const dim: Dimension =
    existing ?? (isDate ? { field: fieldId, grain: defaultGrain(fieldId) } : { field: fieldId });
  const base = withoutDim(spec, fieldId);
  const list = [...base[zone]];
  list.splice(index ?? list.length, 0, dim);
  return pruneSortColumn(spec, pruneSort({ ...base, [zone]: list }));
}

export function addMeasure(spec: ReportSpec, measureId: string, index?: number): ReportSpec {
  const list = spec.measures.filter((m) => m !== measureId);
  list.splice(index ?? list.length, 0, measureId);
  return { ...spec, measures: list };
}

/** Removes the item at `index` of a zone. */
export function removeAt(spec: ReportSpec, zone: Zone, index: number): ReportSpec {
  const list = [...spec[zone]] as unknown[];
  if (index < 0 || index >= list.length) return spec;
  list.splice(index, 1);
  return pruneSortColumn(spec, pruneSort({ ...spec, [zone]: list }));
}

/**
 * Moves an item from one zone to another (or within one). Dimensions move between rows and
 * columns; measures and filters move only within their zone.
 */
export function moveItem(
  spec: ReportSpec,
  from: Zone,
  fromIndex: number,
  to: Zone,
  toIndex: number,
): ReportSpec {
  const isDim = (z: Zone) => z === 'rows' || z === 'columns';
  if (from !== to && !(isDim(from) && isDim(to))) return spec;
  const src = [...spec[from]] as unknown[];
  const [item] = src.splice(fromIndex, 1);
  if (item === undefined) return spec;
  if (from === to) {
    const at = Math.max(0, Math.min(toIndex, src.length));
    src.splice(at, 0, item);
    return pruneSortColumn(spec, { ...spec, [from]: src });
  }
  const dst = [...spec[to]] as unknown[];
  dst.splice(Math.max(0, Math.min(toIndex, dst.length)), 0, item);
  return pruneSortColumn(spec, { ...spec, [from]: src, [to]: dst });
}

export function swapAxes(spec: ReportSpec): ReportSpec {
  return pruneSortColumn(spec, { ...spec, rows: spec.columns, columns: spec.rows });
}

export function setMeasures(spec: ReportSpec, measures: string[]): ReportSpec {
  return pruneSort({ ...spec, measures: [...new Set(measures)] });
}

/** Changes the grain of the date dimension at `index` of an axis. */
export function setGrain(spec: ReportSpec, zone: DimZone, index: number, grain: Grain): ReportSpec {
  const list = spec[zone].map((d, i) => (i === index ? { field: d.field, grain } : d));
  return pruneSortColumn(spec, pruneSort({ ...spec, [zone]: list }));
}

export function setPeriod(spec: ReportSpec, period: Period | null): ReportSpec {
  // A comparison needs a period; a title keeps the period and the comparison it was given for
  // (`withPeriod`, `withCompare`).
  return withCompare(withPeriod(spec, period), period ? spec.compare : null);
}

export function setCompare(spec: ReportSpec, compare: CompareMode | null): ReportSpec {
  return pruneSort(withCompare(spec, spec.period ? compare : null));
}

export function setSort(spec: ReportSpec, sort: SortKey[]): ReportSpec {
  return { ...spec, sort };
}

/**
 * desc → asc → none for one key, read in one table column (`column`, see SortKey; none: the row
 * total); the chosen key becomes the only sort key. The same key in another column starts again
 * at desc, as a spreadsheet's pivot does.
 */
export function cycleSort(spec: ReportSpec, key: string, column?: (string | null)[]): ReportSpec {
  const target = (dir: 'asc' | 'desc'): SortKey =>
    column?.length ? { key, dir, column: [...column] } : { key, dir };
  const same = (s: SortKey) =>
    s.key === key && JSON.stringify(s.column ?? []) === JSON.stringify(column ?? []);
  const cur = spec.sort.find(same);
  if (!cur) return setSort(spec, [target('desc')]);
  if (cur.dir === 'desc') return setSort(spec, [target('asc')]);
  return setSort(spec, []);
}

/** Adds or replaces the filter on a field. */
export function upsertFilter(spec: ReportSpec, filter: Filter): ReportSpec {
  const i = spec.filters.findIndex((f) => f.field === filter.field);
  const filters = [...spec.filters];
  if (i >= 0) filters[i] = filter;
  else filters.push(filter);
  return { ...spec, filters };
}

export function setTotals(spec: ReportSpec, totals: boolean): ReportSpec {
  return { ...spec, totals };
}

export function setChart(spec: ReportSpec, chart: ReportSpec['chart']): ReportSpec {
  return { ...spec, chart };
}

/** "Show as" value or % of row / column / total. */
export function setShow(spec: ReportSpec, show: ReportSpec['show']): ReportSpec {
  return { ...spec, show };
}

/** Top N of the first row dimension (null = all), optionally with an "Other" member. */
export function setTop(spec: ReportSpec, limit: number | null, other: boolean): ReportSpec {
  const next: ReportSpec = { ...spec, limit };
  if (limit !== null && other) next.limitOther = true;
  else delete next.limitOther;
  return next;
}
