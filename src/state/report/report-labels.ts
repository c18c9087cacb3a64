/**
 * What the views call fields, measures, result columns and filters, in the UI language: catalog
 * labels, generic `sum:<field>` measures, grains and comparison suffixes. Pure.
 */
import { DICTIONARIES, type Lang, type MessageKey, type Translate } from '../../lib/i18n.ts';
import type { Catalog, FieldDef, MeasureDef } from '../../query/catalog.ts';
import type { OutputColumn } from '../../query/compiled.ts';
import { resolveMeasure } from '../../query/resolve.ts';
import { GRAINS, type Dimension, type Filter, type Grain } from '../../query/spec/spec.ts';
import { roleColumn } from '../../crm/vocabulary.ts';
import { measureName } from '../../crm/measures.ts';
import { bucketName } from '../../charts/report/period-name.ts';

export interface LabelContext {
  catalog: Catalog | null;
  lang: Lang;
  t: Translate;
}

export function findField(catalog: Catalog | null, id: string): FieldDef | undefined {
  return catalog?.fields.find((f) => f.id === id);
}

/** A catalog measure, or a generic `sum:<field>` resolved for its label and format. */
export function findMeasure(catalog: Catalog | null, id: string): MeasureDef | undefined {
  if (!catalog) return undefined;
  try {
    return resolveMeasure(catalog, id);
  } catch {
    return undefined;
  }
}

/**
 * A field's label; a deals role column the dataset lacks (an analysis list still has its column:
 * the forecast's deals list on a lead export without titles or stages) by the role's own label.
 */
export function fieldLabel(c: LabelContext, id: string): string {
  if (id === 'period') return c.t('period');
  return findField(c.catalog, id)?.label[c.lang] ?? roleColumn('deals', id)?.label[c.lang] ?? id;
}

export function measureLabel(c: LabelContext, id: string): string {
  const i = id.indexOf(':');
  if (i > 0 && !c.catalog?.measures.some((m) => m.id === id)) {
    const agg = id.slice(0, i);
    const name = fieldLabel(c, id.slice(i + 1));
    if (agg === 'sum') return `${c.t('sumOf')}: ${name}`;
    if (agg === 'avg') return `${c.t('avgOf')}: ${name}`;
  }
  // A measure this data lacks (a link made on other data, shown as not in this data) is still
  // named, as a role field is: "lost_amount" stood on its chip.
  return findMeasure(c.catalog, id)?.label[c.lang] ?? measureName(id)?.[c.lang] ?? id;
}

/** Header of a dimension: its field label, with the grain when it has one. */
export function dimensionLabel(c: LabelContext, d: Dimension): string {
  const name = fieldLabel(c, d.field);
  return d.grain ? `${name} · ${c.t(`grain_${d.grain}`)}` : name;
}

/** Header of a result column (dimension key, measure id or a derived `<m>_delta`…). */
export function columnLabel(c: LabelContext, col: OutputColumn): string {
  if (col.role === 'dimension') {
    const i = col.key.lastIndexOf(':');
    const grain = i > 0 ? col.key.slice(i + 1) : '';
    if ((GRAINS as readonly string[]).includes(grain)) {
      return dimensionLabel(c, { field: col.key.slice(0, i), grain: grain as Grain });
    }
    return fieldLabel(c, col.key.replace(/:bins$/, ''));
  }
  const m = measureLabel(c, col.measure ?? col.key);
  switch (col.role) {
    case 'previous':
      return `${m}, ${c.t('previousSuffix')}`;
    case 'delta':
      return `${m}, ${c.t('deltaSuffix')}`;
    case 'growth':
      return `${m}, ${c.t('growthSuffix')}`;
    case 'rank':
      return `${m}, ${c.t('rankSuffix')}`;
    default:
      return m;
  }
}

/** Whether a result column's key is a date dimension at a grain (`created_at:quarter`). */
export function isGrainKey(key: string): boolean {
  const i = key.lastIndexOf(':');
  return i > 0 && (GRAINS as readonly string[]).includes(key.slice(i + 1));
}

/**
 * A value of a field as shown: a deal's status (`won`) and a yes/no field's `true`/`false` in the
 * UI language, a date bucket by its name ("Q1 2025" / «1 кв. 2025»; `field` is then the column's
 * key with its grain), others as they are.
 */
export function fieldValueLabel(c: LabelContext, field: string, value: string): string {
  if (isGrainKey(field)) return bucketName(value, c);
  const key = `dealStatus_${value}`;
  if (field === 'status' && key in DICTIONARIES.en) return c.t(key as MessageKey);
  if ((value === 'true' || value === 'false') && findField(c.catalog, field)?.type === 'boolean')
    return c.t(value === 'true' ? 'valueTrue' : 'valueFalse');
  return value;
}

/** A filter chip's text: "Source: Web, Ads", "Amount ≥ 1000", "Created between …". */
export function filterLabel(c: LabelContext, f: Filter): string {
  const name = fieldLabel(c, f.field);
  // On a grain the values are bucket keys ("2024-Q3"): the chip names them as the grid does.
  const key = f.grain ? `${f.field}:${f.grain}` : f.field;
  const values = (f.values ?? []).map((v) =>
    v === null ? c.t('empty') : fieldValueLabel(c, key, String(v)),
  );
  const op = c.t(`op_${f.op}`);
  switch (f.op) {
    case 'is_null':
    case 'not_null':
      return `${name} ${op}`;
    case 'in':
    case 'not_in': {
      const shown =
        values.length <= 2 ? values.join(', ') : c.t('filterValues', { n: values.length });
      return f.op === 'in' ? `${name}: ${shown}` : `${name} ${op} ${shown}`;
    }
    case 'between':
      return `${name}: ${values[0] ?? '…'} – ${values[1] ?? '…'}`;
    default:
      return `${name} ${op} ${values[0] ?? ''}`;
  }
}
