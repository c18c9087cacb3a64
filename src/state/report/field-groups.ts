/** The field list's grouping and search, pure so it is testable without a DOM. */
import type { Catalog, FieldDef, FieldType, MeasureDef } from '../../query/catalog.ts';
import type { Lang } from '../../lib/i18n.ts';

export interface FieldGroup {
  table: string;
  fields: FieldDef[];
}

function matches(label: string, id: string, q: string): boolean {
  if (!q) return true;
  const needle = q.toLocaleLowerCase();
  return label.toLocaleLowerCase().includes(needle) || id.toLowerCase().includes(needle);
}

/**
 * Fields by table in the catalog's order (deals, the lookups, activities), filtered by a search
 * string over label and id.
 */
export function groupFields(catalog: Catalog, lang: Lang, query: string): FieldGroup[] {
  const q = query.trim();
  const groups: FieldGroup[] = [];
  for (const table of new Set(catalog.fields.map((f) => f.table))) {
    const fields = catalog.fields.filter(
      (f) =>
        f.table === table &&
        (f.id !== 'period' || table === 'deals') &&
        matches(f.label[lang], f.id, q),
    );
    // The period pseudo-field first: it is the time axis most reports want.
    fields.sort((a, b) => Number(b.id === 'period') - Number(a.id === 'period'));
    if (fields.length) groups.push({ table, fields });
  }
  return groups;
}

export function filterMeasures(measures: MeasureDef[], lang: Lang, query: string): MeasureDef[] {
  return measures.filter((m) => matches(m.label[lang], m.id, query.trim()));
}

/** Number fields that generic `sum:` / `avg:` measures can aggregate. */
export function numberFields(catalog: Catalog, lang: Lang, query: string): FieldDef[] {
  return catalog.fields.filter(
    (f) => f.type === 'number' && matches(f.label[lang], f.id, query.trim()),
  );
}

export const TYPE_ICON: Record<FieldType, string> = {
  text: 'Aa',
  number: '#',
  date: '◷',
  boolean: '✓',
};
