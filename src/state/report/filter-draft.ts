/**
 * The filter editor's rules, pure: which conditions a field offers, whether its values are listed
 * to pick, what a listed value is named by, and the filter the editor's inputs make. A filter on a
 * date field at a grain (`created_at` by month, from a link or a saved report) picks periods: its
 * values are bucket keys ("2025-03"), listed and named as the grid names them («март 2025»).
 * The editor makes one too: a date field's filter is by its dates or by one of FILTER_GRAINS.
 */
import type { FieldType } from '../../query/catalog.ts';
import {
  dimensionKey,
  FILTER_OPS,
  GRAINS,
  type Filter,
  type FilterOp,
  type Grain,
  type Scalar,
} from '../../query/spec/spec.ts';

const OPS: Record<FieldType, FilterOp[]> = {
  text: ['in', 'not_in', 'contains', 'is_null', 'not_null'],
  boolean: ['in', 'not_in', 'is_null', 'not_null'],
  number: ['between', 'gte', 'lte', 'gt', 'lt', 'eq', 'neq', 'is_null', 'not_null'],
  date: ['between', 'is_null', 'not_null'],
};

/**
 * The conditions of a field's filter; at a grain, picks of its periods ('contains' would match
 * the keys, which the reader never sees).
 */
export function filterOps(type: FieldType, grain: Grain | undefined): FilterOp[] {
  return grain ? ['in', 'not_in', 'is_null', 'not_null'] : OPS[type];
}

/**
 * The periods a date field's filter picks besides its dates, as a CRM report asks ("closed in
 * March or April", "this quarter"): a week or a day is a range of dates, which the dates say.
 */
export const FILTER_GRAINS: readonly Grain[] = ['month', 'quarter', 'year'];

/**
 * What a field's filter can be by: nothing to choose for other types; for a date field its dates
 * (undefined) or a period of FILTER_GRAINS, and the grain a link's filter came with (a week) so
 * that opening its editor does not change it.
 */
export function grainChoices(type: FieldType, current: Grain | undefined): (Grain | undefined)[] {
  if (type !== 'date') return [];
  return [undefined, ...GRAINS.filter((g) => FILTER_GRAINS.includes(g) || g === current)];
}

/** Whether the editor lists the field's values to pick from. */
export function listsValues(type: FieldType, grain: Grain | undefined): boolean {
  return grain !== undefined || type === 'text' || type === 'boolean';
}

/**
 * The key a listed value is named by (Labels.fieldValueLabel): at a grain the bucket's column key
 * (`created_at:month`), so "2025-03" reads «март 2025» as in the grid and the chip.
 */
export function valueKey(field: string, grain: Grain | undefined): string {
  return grain ? dimensionKey({ field, grain }) : field;
}

/** What the editor holds: the condition, the picked values, and the one or two typed bounds. */
export interface FilterInputs {
  field: string;
  type: FieldType;
  grain: Grain | undefined;
  op: FilterOp;
  picked: Scalar[];
  a: string | number | null;
  b: string | number | null;
}

/** The conditions that hold typed bounds (a value or two), not a list or nothing. */
const BOUND_OPS: readonly FilterOp[] = FILTER_OPS.filter(
  (op) => !['in', 'not_in', 'is_null', 'not_null'].includes(op),
);

/**
 * The editor's inputs for a field, from its filter in the spec (or none): picked values seed the
 * pick list and bounds the typed inputs, never each other, so a month's key ("2025-03") is not
 * read as a date once the filter is switched to dates.
 */
export function inputsOf(field: string, type: FieldType, filter: Filter | undefined): FilterInputs {
  const grain = filter?.grain;
  const op = filter?.op ?? filterOps(type, grain)[0] ?? 'in';
  const values = filter?.values ?? [];
  const bound = (v: Scalar | undefined) => (BOUND_OPS.includes(op) && v != null ? String(v) : '');
  const inputs: FilterInputs = {
    field,
    type,
    grain,
    op,
    picked: op === 'in' || op === 'not_in' ? [...values] : [],
    a: bound(values[0]),
    b: bound(values[1]),
  };
  // A date range open at one end is drafted as gte/lte (draftFilter), which a date's conditions
  // do not list: it is edited as the range it was made as.
  if (type === 'date' && op === 'gte') return { ...inputs, op: 'between' };
  if (type === 'date' && op === 'lte') return { ...inputs, op: 'between', a: '', b: inputs.a };
  return inputs;
}

/**
 * The inputs switched to another grain (undefined: the dates). The picked periods go: another
 * grain's keys name nothing here (2025-03 is no quarter). The condition stays where the new grain
 * offers it (is empty), else it becomes the first offered (between for dates, is one of for
 * periods). Typed date bounds stay, so going back to the dates finds the range as it was typed.
 */
export function withGrain(i: FilterInputs, grain: Grain | undefined): FilterInputs {
  if (grain === i.grain) return i;
  const ops = filterOps(i.type, grain);
  return {
    ...i,
    grain,
    op: ops.includes(i.op) ? i.op : (ops[0] ?? i.op),
    picked: [],
  };
}

// A number input's binding holds a number (null when emptied), a text or date input's a string.
const textOf = (s: string | number | null | undefined): string =>
  s == null ? '' : String(s).trim();
const num = (s: string | number | null): Scalar => {
  const t = textOf(s);
  return t === '' ? null : Number(t.replace(',', '.'));
};

/**
 * The filter the inputs make, null while they make none (nothing picked, no bound). The grain
 * is kept: without it the periods' keys would be compared with the dates themselves.
 */
export function draftFilter(i: FilterInputs): Filter | null {
  const { op } = i;
  // Keys in the order validateSpec gives them, so a link's filter reads the same once applied.
  const make = (o: FilterOp, values?: Scalar[]): Filter => ({
    field: i.field,
    op: o,
    ...(i.grain ? { grain: i.grain } : {}),
    ...(values ? { values } : {}),
  });
  if (op === 'is_null' || op === 'not_null') return make(op);
  if (op === 'in' || op === 'not_in') return i.picked.length ? make(op, i.picked) : null;
  if (op === 'contains') return textOf(i.a) ? make(op, [textOf(i.a)]) : null;
  const conv = i.type === 'number' ? num : (s: string | number | null): Scalar => textOf(s) || null;
  if (op === 'between') {
    const lo = conv(i.a);
    const hi = conv(i.b);
    if (lo === null && hi === null) return null;
    if (lo === null) return make('lte', [hi]);
    if (hi === null) return make('gte', [lo]);
    return make(op, [lo, hi]);
  }
  const v = conv(i.a);
  return v === null || (typeof v === 'number' && !Number.isFinite(v)) ? null : make(op, [v]);
}
