/**
 * Small questions the workbench asks the data besides the report: a field's distinct values with
 * their counts (filter pickers), and the dataset's one currency. Compiled with the report compiler.
 */
import type { Engine } from '../../engine/types.ts';
import type { Catalog } from '../../query/catalog.ts';
import { compile } from '../../query/compile.ts';
import { defaultSpec, type ReportSpec, type Scalar } from '../../query/spec/spec.ts';

export interface FieldValue {
  value: Scalar;
  count: number;
}

/** Distinct values of a field with their counts, most frequent first. */
export async function fieldValues(
  engine: Engine,
  catalog: Catalog,
  fieldId: string,
  limit = 500,
): Promise<FieldValue[]> {
  const field = catalog.fields.find((f) => f.id === fieldId);
  const measure = field?.table === 'activities' ? 'activities' : 'deals';
  const spec: ReportSpec = {
    ...defaultSpec(),
    rows: [{ field: fieldId }],
    measures: [measure],
    totals: false,
    sort: [{ key: measure, dir: 'desc' }],
    limit,
  };
  const table = await engine.query(compile(spec, catalog).sql);
  const values = table.getChild(fieldId);
  const counts = table.getChild(measure);
  const out: FieldValue[] = [];
  for (let i = 0; i < table.numRows; i++) {
    out.push({ value: (values?.get(i) ?? null) as Scalar, count: Number(counts?.get(i) ?? 0) });
  }
  return out;
}

/** The dataset's currency when its deals have exactly one (for money formatting), else null. */
export async function detectCurrency(engine: Engine, catalog: Catalog): Promise<string | null> {
  if (!catalog.fields.some((f) => f.id === 'currency')) return null;
  try {
    const values = (await fieldValues(engine, catalog, 'currency', 3)).filter(
      (v) => v.value !== null,
    );
    return values.length === 1 && typeof values[0]!.value === 'string' ? values[0]!.value : null;
  } catch {
    return null;
  }
}
