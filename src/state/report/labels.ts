/**
 * What the views call things, in the UI language: fields, measures, result columns, filters,
 * analysis columns and categories. Reads the loaded catalog, the dataset's currency and the
 * language on every call, so views and deriveds that use it follow all three.
 */
import { currencySymbol } from '../../charts/format.ts';
import { DICTIONARIES, type Lang, type MessageKey, type Translate } from '../../lib/i18n.ts';
import type { Catalog, FieldDef, MeasureDef } from '../../query/catalog.ts';
import type { OutputColumn, OutputRole } from '../../query/compiled.ts';
import type { Dimension, Filter } from '../../query/spec/spec.ts';
import * as labels from './report-labels.ts';
import { bucketName } from '../../charts/report/period-name.ts';
import type { LeftOut } from '../../crm/spec-needs.ts';
import { PAIR_SEPARATOR } from '../../crm/analyses/drivers/drivers-parts.ts';

function isKey(key: string): key is MessageKey {
  return key in DICTIONARIES.en;
}

/** The header suffix of a column derived from a compared value (report-labels.ts `columnLabel`). */
const SUFFIXES: Partial<Record<OutputRole, MessageKey>> = {
  previous: 'previousSuffix',
  delta: 'deltaSuffix',
  growth: 'growthSuffix',
};

export class Labels {
  #data: { readonly catalog: Catalog | null; readonly currency: string | null };
  #locale: { readonly lang: Lang; readonly t: Translate };

  constructor(
    data: { readonly catalog: Catalog | null; readonly currency: string | null },
    locale: { readonly lang: Lang; readonly t: Translate },
  ) {
    this.#data = data;
    this.#locale = locale;
  }

  get lang(): Lang {
    return this.#locale.lang;
  }
  get t(): Translate {
    return this.#locale.t;
  }
  /** The dataset's one currency (money values and headers carry its symbol). */
  get currency(): string | null {
    return this.#data.currency;
  }

  #ctx(): labels.LabelContext {
    return { catalog: this.#data.catalog, lang: this.#locale.lang, t: this.#locale.t };
  }

  field(id: string): FieldDef | undefined {
    return labels.findField(this.#data.catalog, id);
  }

  /** A catalog measure, or a generic `sum:<field>` resolved for its label and format. */
  measure(id: string): MeasureDef | undefined {
    return labels.findMeasure(this.#data.catalog, id);
  }

  fieldLabel(id: string): string {
    return labels.fieldLabel(this.#ctx(), id);
  }

  measureLabel(id: string): string {
    return labels.measureLabel(this.#ctx(), id);
  }

  /**
   * What "open without" leaves out, by name, measures first ("Weighted pipeline, Stage"): the
   * report's panel and a dashboard tile offer the same button.
   */
  leftOutNames(left: LeftOut): string {
    return [
      ...left.measures.map((m) => this.measureLabel(m)),
      ...left.fields.map((f) => this.fieldLabel(f)),
    ].join(', ');
  }

  /** Header of a dimension: its field label, with the grain when it has one. */
  dimensionLabel(d: Dimension): string {
    return labels.dimensionLabel(this.#ctx(), d);
  }

  /** Header of a result column (dimension key, measure id or a derived `<m>_delta`…). */
  columnLabel(col: OutputColumn): string {
    return labels.columnLabel(this.#ctx(), col);
  }

  /** A value column's header, with the currency symbol for money. */
  valueLabel(col: OutputColumn): string {
    const base = this.columnLabel(col);
    const currency = this.#data.currency;
    return col.format === 'money' && currency
      ? `${base}, ${currencySymbol(currency, this.#locale.lang)}`
      : base;
  }

  /** A filter chip's text: "Source: Web, Ads", "Amount ≥ 1000", "Created between …". */
  filterLabel(f: Filter): string {
    return labels.filterLabel(this.#ctx(), f);
  }

  /** An analysis column's header: its own message (`col_<key>`), else the column label. */
  analysisColumnLabel(col: OutputColumn): string {
    const key = `col_${col.key}`;
    if (isKey(key)) return this.#locale.t(key);
    // A compared funnel's `reached_previous`, `step_conversion_delta`…: named as the pivot names
    // a measure's, after the analysis's own column ("Reached, previous", "Reached, Δ %").
    const own = `col_${col.measure ?? ''}`;
    const suffix = SUFFIXES[col.role];
    if (suffix && isKey(own)) return `${this.#locale.t(own)}, ${this.#locale.t(suffix)}`;
    return this.columnLabel(col);
  }

  /** An analysis label by result key (chart axes). */
  analysisKeyLabel(key: string): string {
    const t = this.#locale.t;
    const k = `col_${key}`;
    if (isKey(k)) return t(k);
    if (key === 'period') return t('period');
    if (isKey(key)) return t(key);
    // A split's field (a funnel by source): its label, not its id — a screen reader read «source».
    if (!this.measure(key)) {
      const dim = { key, role: 'dimension', axis: 'row', format: 'text' } as const;
      const name = labels.columnLabel(this.#ctx(), dim);
      if (name !== key) return name;
    }
    return this.measureLabel(key);
  }

  /** A value of a field as shown: a deal's status (`won`) in the UI language, others as they are. */
  fieldValueLabel(field: string, value: string): string {
    return labels.fieldValueLabel(this.#ctx(), field, value);
  }

  /**
   * A drivers-of-change member as shown: each value of the row's field (or pair of fields, `a × b`)
   * through fieldValueLabel, an empty one as "(empty)".
   */
  driverMember(dimension: string | null, member: string | null, member2: string | null): string {
    const fields = (dimension ?? '').split(PAIR_SEPARATOR);
    const one = (field: string | undefined, v: string | null) =>
      v === null ? this.#locale.t('empty') : this.fieldValueLabel(field ?? '', v);
    return fields.length > 1
      ? `${one(fields[0], member)} · ${one(fields[1], member2)}`
      : one(fields[0], member);
  }

  /**
   * A status (`lapsed`) or segment (`At risk`) in the UI language; a split's value as a field's
   * (a date bucket by its name, a yes/no in words: fieldValueLabel), other values as they are.
   */
  categoryLabel(key: string, value: string): string {
    const t = this.#locale.t;
    if (key === 'from_status' && value === '') return t('statusStart');
    // The dynamics' periods and the cohorts are date buckets: named, not keys ("1 кв. 2025");
    // so is a dynamics drill-down's client's last purchase (it read `2024-Q3` in Russian).
    if (key === 'period' || key === 'cohort' || key === 'last_purchase')
      return bucketName(value, this.#locale);
    // Drivers of change name the dimension of each row by its field id (`a × b` for a pair).
    if (key === 'dimension')
      return value
        .split(PAIR_SEPARATOR)
        .map((id) => this.fieldLabel(id))
        .join(PAIR_SEPARATOR);
    const k =
      key === 'status' || key === 'from_status' || key === 'to_status'
        ? `status_${value}`
        : key === 'segment'
          ? `seg_${value}`
          : '';
    return k && isKey(k) ? t(k) : this.fieldValueLabel(key, value);
  }
}
