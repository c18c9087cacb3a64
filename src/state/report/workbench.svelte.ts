/**
 * The workbench: engine, dataset, catalog, the report spec, its SQL and its result.
 * A gesture calls a method → the spec changes → `compiled` follows ($derived) → one effect (the
 * I/O edge) runs the SQL after a short debounce; results of superseded runs are dropped.
 */
import { untrack } from 'svelte';
import type { Table } from 'apache-arrow';
import { buildCatalog } from '../../crm/catalog.ts';
import { compileReport } from '../../crm/report.ts';
import type { DatasetModel } from '../../crm/model.ts';
import type { Engine, EngineStatus } from '../../engine/types.ts';
import type { Catalog, FieldDef, MeasureDef } from '../../query/catalog.ts';
import type { CompiledQuery, OutputColumn } from '../../query/compiled.ts';
import {
  defaultSpec,
  type CompareMode,
  type Dimension,
  type Filter,
  type Grain,
  type Period,
  type ReportSpec,
  type SortKey,
} from '../../query/spec/spec.ts';
import { LANGS, preferredLang, translator, type Lang, type Translate } from '../../lib/i18n.ts';
import { detectCurrency, fieldValues, type FieldValue } from './field-values.ts';
import { SpecHistory } from './history.svelte.ts';
import { lastFourQuarters } from './periods.ts';
import * as labels from './report-labels.ts';
import { ReportRunner, message, type Phase, type RunResult } from './report-runner.ts';
import * as edit from './spec-edit.ts';
import type { DimZone, Zone } from './spec-edit.ts';

export type { FieldValue } from './field-values.ts';
export type { Phase, RunResult } from './report-runner.ts';

/** Fills the engine's tables and describes them (an import, a stored dataset); see useDataset. */
export type DatasetLoader = (engine: Engine) => Promise<DatasetModel>;

/** What the workbench needs from outside: injected so tests can run it on the Node engine. */
export interface WorkbenchDeps {
  createEngine(onStatus: (s: EngineStatus) => void): Engine;
  loadDemo(engine: Engine, opts: { lang: Lang }): Promise<DatasetModel>;
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  languages?: readonly string[];
  /** A language that wins over the saved one (the page's `?lang=`). */
  lang?: Lang | null;
  debounceMs?: number;
}

const LANG_KEY = 'crm-workbench.lang';

/** Text filters hold labels in the dataset's language; after a language switch they match nothing. */
const LABEL_OPS = new Set(['in', 'not_in', 'eq', 'neq', 'contains']);

export class Workbench {
  lang = $state<Lang>('en');
  model = $state.raw<DatasetModel | null>(null);
  catalog: Catalog | null = $derived(this.model ? buildCatalog(this.model) : null);
  spec = $state.raw<ReportSpec>(defaultSpec());
  result = $state.raw<RunResult | null>(null);
  phase = $state<Phase>('engine');
  error = $state<string | null>(null);
  /** The dataset's one currency, when it has exactly one (for money formatting). */
  currency = $state<string | null>(null);
  showSql = $state(false);
  /** Conditional shading of the pivot's cells (a view setting, not part of the report). */
  shading = $state(true);
  /** The current report's estimated size when it is above the limit and not yet confirmed. */
  large = $state<{ cells: number } | null>(null);
  /** Which value column the chart draws (null = first measure). */
  chartValue = $state<string | null>(null);
  /** The field whose filter editor is open. */
  filterField = $state<string | null>(null);
  /** The spec to open once the dataset is loaded instead of the default report (a shared link). */
  startSpec: ReportSpec | null = null;
  #history = new SpecHistory();

  t: Translate = $derived(translator(this.lang));

  /** The SQL for the current spec, or why there is none. */
  compiled: { query: CompiledQuery | null; error: string | null } = $derived.by(() => {
    if (!this.catalog || !this.model) return { query: null, error: null };
    // Analyses compute their own values; only a pivot needs a measure.
    if (this.spec.analysis === 'pivot' && this.spec.measures.length === 0)
      return { query: null, error: null };
    try {
      return { query: compileReport(this.spec, this.catalog), error: null };
    } catch (e) {
      return { query: null, error: message(e) };
    }
  });

  get canUndo(): boolean {
    return this.#history.canUndo;
  }
  get canRedo(): boolean {
    return this.#history.canRedo;
  }

  #deps: WorkbenchDeps;
  #engine: Engine | null = null;
  /** Runs the compiled SQL and writes phase, result, error and `large` back here. */
  #runner: ReportRunner;
  #stopEffects: (() => void) | null = null;
  #loading = $state(false);
  /** How the current dataset is loaded; null: the demo. */
  #loader: DatasetLoader | null = null;
  /** Whether the demo (not an imported dataset) is loaded. */
  isDemo = $state(true);

  constructor(deps: WorkbenchDeps) {
    this.#deps = deps;
    this.#runner = new ReportRunner(this, () => this.#engine, deps.debounceMs ?? 120);
    const saved = deps.storage?.getItem(LANG_KEY);
    this.lang =
      deps.lang ??
      (LANGS.includes(saved as Lang) ? (saved as Lang) : preferredLang(deps.languages ?? []));
    this.#stopEffects = $effect.root(() => {
      // The I/O edge: whenever the compiled SQL changes (and a dataset is loaded), run it.
      $effect(() => {
        const { query, error } = this.compiled;
        const loading = this.#loading;
        untrack(() => this.#onCompiled(query, error, loading));
      });
    });
  }

  /** Starts the engine and loads the demo dataset in the current language. */
  async start(): Promise<void> {
    this.#engine ??= this.#deps.createEngine((s) => {
      if (s === 'loading-wasm') this.phase = 'engine';
    });
    await this.#load(true);
  }

  /**
   * Replaces the dataset: `load` fills the engine and describes the tables (null: the demo).
   * `respec` picks the report for the new data. On failure the loader's error is thrown and the
   * previous loader kept, so the caller can load the previous dataset again.
   */
  async useDataset(
    load: DatasetLoader | null,
    respec: (spec: ReportSpec) => ReportSpec,
  ): Promise<void> {
    this.#engine ??= this.#deps.createEngine((s) => {
      if (s === 'loading-wasm') this.phase = 'engine';
    });
    const prev = this.#loader;
    this.#loader = load;
    this.isDemo = load === null;
    const failed = await this.#load(respec);
    if (failed) {
      this.#loader = prev;
      this.isDemo = prev === null;
      throw failed;
    }
  }

  async #load(resetSpec: boolean | ((spec: ReportSpec) => ReportSpec)): Promise<unknown> {
    const engine = this.#engine;
    if (!engine) return;
    this.#loading = true;
    this.error = null;
    this.phase = this.model ? 'dataset' : 'engine';
    try {
      if (!this.model) this.phase = 'engine';
      const model = await (this.#loader?.(engine) ??
        this.#deps.loadDemo(engine, { lang: this.lang }));
      this.phase = 'dataset';
      this.model = model;
      this.currency = this.catalog ? await detectCurrency(engine, this.catalog) : null;
      if (typeof resetSpec === 'function') this.spec = resetSpec(this.spec);
      else if (resetSpec) this.spec = this.startSpec ?? this.defaultReport();
      this.startSpec = null;
      this.#loading = false;
      return null;
    } catch (e) {
      this.#loading = false;
      this.phase = 'error';
      this.error = message(e);
      return e;
    }
  }

  /** Revenue and deals won by manager, by quarter, over the last four quarters of data. */
  defaultReport(): ReportSpec {
    const s = defaultSpec();
    const maxDate = this.model?.maxDate ?? null;
    const measures = ['revenue', 'won'].filter((m) =>
      this.catalog?.measures.some((x) => x.id === m),
    );
    return {
      ...s,
      rows: this.catalog?.fields.some((f) => f.id === 'manager') ? [{ field: 'manager' }] : [],
      columns: [{ field: 'period', grain: 'quarter' }],
      measures: measures.length
        ? measures
        : this.catalog?.measures[0]
          ? [this.catalog.measures[0].id]
          : [],
      period: maxDate ? lastFourQuarters(maxDate) : null,
      sort: measures[0] ? [{ key: measures[0], dir: 'desc' }] : [],
    };
  }

  #onCompiled(query: CompiledQuery | null, error: string | null, loading: boolean): void {
    if (loading || !this.model) return;
    this.#runner.schedule(query, error);
  }

  /** Runs the current SQL again (after an error, or to re-time it). */
  rerun(): void {
    const { query, error } = this.compiled;
    this.#onCompiled(query, error, this.#loading);
  }

  /** Runs the current report although it was estimated too large to draw comfortably. */
  runLarge(): void {
    const q = this.compiled.query;
    if (q) this.#runner.confirmLarge(q.sql);
    this.large = null;
    this.rerun();
  }

  /**
   * Runs SQL compiled in state/ from the pure compilers (drill-down lists, dashboard tiles) on the
   * engine; the report's own run is not affected.
   */
  async runQuery(sql: string): Promise<Table> {
    if (!this.#engine) throw new Error('the database engine is not started');
    return this.#engine.query(sql);
  }

  /** Distinct values of a field with their counts (for filter pickers), most frequent first. */
  async fieldValues(fieldId: string, limit = 500): Promise<FieldValue[]> {
    if (!this.#engine || !this.catalog) return [];
    return fieldValues(this.#engine, this.catalog, fieldId, limit);
  }

  // ---- lookups for the views (report-labels.ts) ----

  #labels(): labels.LabelContext {
    return { catalog: this.catalog, lang: this.lang, t: this.t };
  }

  field(id: string): FieldDef | undefined {
    return labels.findField(this.catalog, id);
  }

  /** A catalog measure, or a generic `sum:<field>` resolved for its label and format. */
  measure(id: string): MeasureDef | undefined {
    return labels.findMeasure(this.catalog, id);
  }

  fieldLabel(id: string): string {
    return labels.fieldLabel(this.#labels(), id);
  }

  measureLabel(id: string): string {
    return labels.measureLabel(this.#labels(), id);
  }

  /** Header of a dimension: its field label, with the grain when it has one. */
  dimensionLabel(d: Dimension): string {
    return labels.dimensionLabel(this.#labels(), d);
  }

  /** Header of a result column (dimension key, measure id or a derived `<m>_delta`…). */
  columnLabel(col: OutputColumn): string {
    return labels.columnLabel(this.#labels(), col);
  }

  /** A filter chip's text: "Source: Web, Ads", "Amount ≥ 1000", "Created between …". */
  filterLabel(f: Filter): string {
    return labels.filterLabel(this.#labels(), f);
  }

  // ---- spec edits (each one undoable) ----

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

  resetReport(): void {
    this.update(this.defaultReport());
  }

  /** Adds a field (dimension zones), a measure id (measures) or a filter with `filter` given. */
  addField(zone: Zone, id: string, index?: number): void {
    if (zone === 'measures') return this.update(edit.addMeasure(this.spec, id, index));
    if (zone === 'filters') {
      // A filter needs values first: the editor commits it with setFilter.
      this.filterField = id;
      return;
    }
    const f = this.field(id);
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

  openFilter(fieldId: string): void {
    this.filterField = fieldId;
  }

  closeFilter(): void {
    this.filterField = null;
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

  /** Switches the UI language and reloads the demo with that language's labels. */
  async setLanguage(lang: Lang): Promise<void> {
    if (lang === this.lang) return;
    this.lang = lang;
    this.#deps.storage?.setItem(LANG_KEY, lang);
    const filters = this.spec.filters.filter(
      (f) => !(LABEL_OPS.has(f.op) && this.field(f.field)?.type === 'text'),
    );
    if (filters.length !== this.spec.filters.length) this.spec = { ...this.spec, filters };
    if (this.#engine && !this.#loader) await this.#load(false);
  }

  destroy(): void {
    this.#runner.stop();
    this.#stopEffects?.();
    void this.#engine?.close();
  }
}
