/**
 * The small questions asked of the data besides a report, as compiled queries: a field's distinct
 * values with their counts (filter pickers), and the dataset's one currency. Pure: the caller
 * runs the query and hands the result back to the reader.
 */
import type { Catalog, FieldDef } from '../query/catalog.ts';
import { msg, named, type Message } from '../lib/message.ts';
import type { CompiledQuery } from '../query/compiled.ts';
import {
  defaultSpec,
  dimensionKey,
  type Grain,
  type ReportSpec,
  type Scalar,
} from '../query/spec/spec.ts';
import type { Dialect } from '../query/sql/dialect.ts';
import { compileReport } from './report.ts';

export interface FieldValue {
  value: Scalar;
  count: number;
}

/** The minimal read interface of a query result (an Arrow table has it). */
interface Rows {
  readonly numRows: number;
  getChild(name: string): { get(i: number): unknown } | null;
}

/** A field's values with the count of their deals (activities for an activity field). */
export interface FieldValuesQuery extends CompiledQuery {
  /** The values' column: the field, or its bucket's key at a grain (`created_at:month`). */
  field: string;
  count: string;
  /** Periods (a grain): read back oldest first, though the query keeps the newest. */
  inTime?: true;
}

/**
 * Distinct values of a field with their counts, most frequent first, at most `limit`, in the
 * dialect of the engine that will run it (DuckDB by default). At a `grain` a date field's
 * periods (bucket keys, "2025-03"), the newest `limit` of them, to be listed in time order.
 */
export function fieldValuesQuery(
  catalog: Catalog,
  fieldId: string,
  limit = 500,
  opts: { dialect?: Dialect; grain?: Grain | undefined } = {},
): FieldValuesQuery {
  const field = catalog.fields.find((f) => f.id === fieldId);
  const measure = field?.table === 'activities' ? 'activities' : 'deals';
  const { grain, dialect } = opts;
  const row = grain ? { field: fieldId, grain } : { field: fieldId };
  const key = dimensionKey(row);
  const spec: ReportSpec = {
    ...defaultSpec(),
    rows: [row],
    measures: [measure],
    totals: false,
    // Values with an order of their own (stages) are listed in it, like the report's rows.
    sort: grain
      ? [{ key, dir: 'desc' }]
      : field?.valueOrder?.length
        ? []
        : [{ key: measure, dir: 'desc' }],
    limit,
  };
  const q = {
    ...compileReport(spec, catalog, dialect ? { dialect } : {}),
    field: key,
    count: measure,
  };
  return grain ? { ...q, inTime: true } : q;
}

/** The rows of a field-values query. */
export function readFieldValues(q: FieldValuesQuery, table: Rows): FieldValue[] {
  const values = table.getChild(q.field);
  const counts = table.getChild(q.count);
  const out: FieldValue[] = [];
  for (let i = 0; i < table.numRows; i++) {
    out.push({ value: (values?.get(i) ?? null) as Scalar, count: Number(counts?.get(i) ?? 0) });
  }
  // Bucket keys sort in time as text; a deal without the date (NULL) last.
  if (q.inTime)
    out.sort((a, b) =>
      a.value === null ? 1 : b.value === null ? -1 : String(a.value) < String(b.value) ? -1 : 1,
    );
  return out;
}

/**
 * The question "which currency are the deals in": null when the dataset has no currency field.
 * `read` gives the currency when there is exactly one, else null (for money formatting).
 */
export function currencyOf(
  catalog: Catalog,
  opts: { dialect?: Dialect } = {},
): { query: FieldValuesQuery; read: (table: Rows) => string | null } | null {
  if (!catalog.fields.some((f) => f.id === 'currency')) return null;
  const query = fieldValuesQuery(catalog, 'currency', 3, opts);
  return {
    query,
    read: (table) => {
      const values = readFieldValues(query, table).filter((v) => v.value !== null);
      return values.length === 1 && typeof values[0]!.value === 'string' ? values[0]!.value : null;
    },
  };
}

/** A filter's listed values to look for in the data: none found means the filter matches nothing for them. */
export interface AbsentCheck {
  field: FieldDef;
  values: string[];
  query: FieldValuesQuery;
}

/** How many absent values a note names before it says "…". */
const NAMED = 5;

/**
 * The report's `in` filters on text fields, each as the question "which of these values are in
 * the data", asked as a field-values report filtered by the same values (all time). A link made
 * on other data, or a saved report whose manager has left, would otherwise show zeros for a
 * filter that matches nothing, with "3 selected" beside them.
 */
export function absentChecks(
  spec: ReportSpec,
  catalog: Catalog,
  opts: { dialect?: Dialect } = {},
): AbsentCheck[] {
  const out: AbsentCheck[] = [];
  for (const f of spec.filters) {
    const field = catalog.fields.find((x) => x.id === f.field);
    const values = (f.values ?? []).filter((v): v is string => typeof v === 'string');
    if (f.op !== 'in' || f.grain || !field || field.type !== 'text' || values.length === 0)
      continue;
    const measure = field.table === 'activities' ? 'activities' : 'deals';
    const query: ReportSpec = {
      ...defaultSpec(),
      rows: [{ field: f.field }],
      measures: [measure],
      filters: [{ field: f.field, op: 'in', values }],
      totals: false,
    };
    out.push({
      field,
      values,
      query: { ...compileReport(query, catalog, opts), field: f.field, count: measure },
    });
  }
  return out;
}

/** The note for a check's answer: the values the data lacks, or null when it has them all. */
export function absentNote(check: AbsentCheck, table: Rows): Message | null {
  const found = new Set(readFieldValues(check.query, table).map((v) => v.value));
  const absent = check.values.filter((v) => !found.has(v));
  if (absent.length === 0) return null;
  const shown = absent.slice(0, NAMED);
  return msg('note_filterAbsent', {
    field: named(check.field),
    count: absent.length,
    values: absent.length > NAMED ? [...shown, '…'] : shown,
  });
}
