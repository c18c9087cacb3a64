/**
 * The filter editor's rules, pure: which conditions a field offers, whether its values are listed
 * to pick, what a listed value is named by, and the filter the editor's inputs make. A filter on a
 * date field at a grain (`created_at` by month, from a link or a saved report) picks periods: its
 * values are bucket keys ("2025-03"), listed and named as the grid names them («март 2025»).
 */
import type { FieldType } from '../../query/catalog.ts';
import {
  dimensionKey,
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
