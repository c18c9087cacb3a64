/**
 * The report being edited: its spec and the undo history. Every gesture is one method here that
 * replaces the spec through a pure edit (spec-edit.ts), so each can be undone.
 */
import type { DatasetModel } from '../../crm/model.ts';
import type { Catalog } from '../../query/catalog.ts';
import {
  defaultSpec,
  type CompareMode,
  type Filter,
  type Grain,
  type Period,
  type ReportSpec,
  type SortKey,
} from '../../query/spec/spec.ts';
import { SpecHistory } from './history.svelte.ts';
import { lastFourQuarters } from './periods.ts';
import { findField } from './report-labels.ts';
import * as edit from './spec-edit.ts';
import { specWithout, type LeftOut } from '../../crm/spec-needs.ts';
import type { DimZone, Zone } from './spec-edit.ts';

/** Revenue and deals won by manager, by quarter, over the last four quarters of data. */
export function defaultReport(model: DatasetModel | null, catalog: Catalog | null): ReportSpec {
  const s = defaultSpec();
  const maxDate = model?.maxDate ?? null;
  const measures = ['revenue', 'won'].filter((m) => catalog?.measures.some((x) => x.id === m));
  return {
    ...s,
    rows: catalog?.fields.some((f) => f.id === 'manager') ? [{ field: 'manager' }] : [],
    columns: [{ field: 'period', grain: 'quarter' }],
    measures: measures.length ? measures : catalog?.measures[0] ? [catalog.measures[0].id] : [],
    period: maxDate ? lastFourQuarters(maxDate) : null,
    sort: measures[0] ? [{ key: measures[0], dir: 'desc' }] : [],
  };
}

/** What the editor reads of the loaded dataset. */
export interface EditorData {
  readonly model: DatasetModel | null;
  readonly catalog: Catalog | null;
}

export class ReportEditor {
  /** The report. Assigning it directly (a load, a refused link) is not remembered for undo. */
  spec = $state.raw<ReportSpec>(defaultSpec());
  #history = new SpecHistory();
  #data: EditorData;
  #openFilter: (fieldId: string) => void;

  /** `openFilter`: a field dropped on the filters opens its editor (a filter needs values first). */
  constructor(data: EditorData, openFilter: (fieldId: string) => void) {
    this.#data = data;
    this.#openFilter = openFilter;
  }

  get canUndo(): boolean {
    return this.#history.canUndo;
  }
  get canRedo(): boolean {
    return this.#history.canRedo;
  }

  /** The report a dataset opens on (see `defaultReport`). */
  defaultReport(): ReportSpec {
    return defaultReport(this.#data.model, this.#data.catalog);
  }

  /** Replaces the spec, remembering the old one for undo. */
  update(next: ReportSpec): void {
    if (next === this.spec) return;
    this.#history.record(this.spec);
    this.spec = next;
  }

  undo(): void {
    this.spec = this.#history.undo(this.spec) ?? this.spec;
  }

  redo(): void {
    this.spec = this.#history.redo(this.spec) ?? this.spec;
  }

  reset(): void {
    this.update(this.defaultReport());
  }

  /**
   * Opens the report without what this data lacks of it (`specWithout`: some measures or
   * columns, never its core), undoably; returns what was left out, or null when it cannot.
   */
  openWithout(): LeftOut | null {
    const catalog = this.#data.catalog;
    const w = catalog ? specWithout(this.spec, catalog) : null;
    if (w) this.update(w.spec);
    return w?.left ?? null;
  }

  /** Adds a field (dimension zones), a measure id (measures) or opens a field's filter. */
  addField(zone: Zone, id: string, index?: number): void {
    if (zone === 'measures') return this.update(edit.addMeasure(this.spec, id, index));
    if (zone === 'filters') return this.#openFilter(id);
    const f = findField(this.#data.catalog, id);
    this.update(edit.addDimension(this.spec, zone, id, f?.type === 'date', index));
  }

  removeField(zone: Zone, index: number): void {
    this.update(edit.removeAt(this.spec, zone, index));
  }

  moveField(from: { zone: Zone; index: number }, to: Zone, index: number): void {
    this.update(edit.moveItem(this.spec, from.zone, from.index, to, index));
  }

  swapAxes(): void {
    this.update(edit.swapAxes(this.spec));
  }

  setMeasures(measures: string[]): void {
    this.update(edit.setMeasures(this.spec, measures));
  }

  setGrain(zone: DimZone, index: number, grain: Grain): void {
    this.update(edit.setGrain(this.spec, zone, index, grain));
  }

  setPeriod(period: Period | null): void {
    this.update(edit.setPeriod(this.spec, period));
  }

  setCompare(compare: CompareMode | null): void {
    this.update(edit.setCompare(this.spec, compare));
  }

  setSort(sort: SortKey[]): void {
    this.update(edit.setSort(this.spec, sort));
  }

  /** Cycles the sort by `key`, read in one table column (`column`; none: the row total). */
  cycleSort(key: string, column?: (string | null)[]): void {
    this.update(edit.cycleSort(this.spec, key, column));
  }

  setFilter(filter: Filter): void {
    this.update(edit.upsertFilter(this.spec, filter));
  }

  setTotals(totals: boolean): void {
    this.update(edit.setTotals(this.spec, totals));
  }

  setShow(show: ReportSpec['show']): void {
    this.update(edit.setShow(this.spec, show));
  }

  /** Top N of the first row dimension (null = all), with or without an "Other" row. */
  setTop(limit: number | null, other: boolean): void {
    this.update(edit.setTop(this.spec, limit, other));
  }

  setChart(chart: ReportSpec['chart']): void {
    this.update(edit.setChart(this.spec, chart));
  }
}
