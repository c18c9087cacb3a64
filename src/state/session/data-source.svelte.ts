/**
 * The database engine and the dataset loaded in it: its model, catalog and currency, and whether
 * it is the demo. The one door from state/ to the engine for reports: it runs queries the pure
 * compilers built (query/, crm/), never SQL written here.
 */
import type { Table } from 'apache-arrow';
import { buildCatalog } from '../../crm/catalog.ts';
import {
  currencyOf,
  fieldValuesQuery,
  readFieldValues,
  type FieldValue,
} from '../../crm/field-values.ts';
import type { DatasetModel } from '../../crm/model.ts';
import type { Engine, EngineStatus } from '../../engine/types.ts';
import type { Lang } from '../../lib/i18n.ts';
import type { Catalog } from '../../query/catalog.ts';
import type { CompiledQuery } from '../../query/compiled.ts';

export type { FieldValue } from '../../crm/field-values.ts';

/** Fills the engine's tables and describes them (an import, a stored dataset); see Workbench.useDataset. */
export type DatasetLoader = (engine: Engine) => Promise<DatasetModel>;

/** A query as one of the compilers returns it (a report, a drill-down page, an estimate). */
export type Compiled = Pick<CompiledQuery, 'sql'>;

export interface DataSourceDeps {
  createEngine(onStatus: (s: EngineStatus) => void): Engine;
  loadDemo(engine: Engine, opts: { lang: Lang }): Promise<DatasetModel>;
}

export class DataSource {
  model = $state.raw<DatasetModel | null>(null);
  readonly catalog: Catalog | null = $derived(this.model ? buildCatalog(this.model) : null);
  /** The dataset's one currency, when it has exactly one (for money formatting). */
  currency = $state<string | null>(null);
  /** Whether the demo (not an imported dataset) is loaded. */
  isDemo = $state(true);

  #deps: DataSourceDeps;
  #lang: () => Lang;
  #onEngineLoading: () => void;
  #engine: Engine | null = null;
  /** How the current dataset is loaded; null: the demo. */
  #loader: DatasetLoader | null = null;

  /** `onEngineLoading`: the engine's code is being fetched (a first start, or a retry). */
  constructor(deps: DataSourceDeps, lang: () => Lang, onEngineLoading: () => void) {
    this.#deps = deps;
    this.#lang = lang;
    this.#onEngineLoading = onEngineLoading;
  }

  /** Whether the engine exists (it starts lazily, on the first load). */
  get started(): boolean {
    return this.#engine !== null;
  }

  /**
   * Fills the engine through `loader` (null: the demo in the UI language; default: the current
   * dataset again) and shows it. `onFilled` is called once the tables are in. On failure the
   * loader's error is thrown and the previous loader kept, so it can be loaded again.
   */
  async load(
    loader: DatasetLoader | null = this.#loader,
    onFilled: () => void = () => undefined,
  ): Promise<void> {
    const engine = (this.#engine ??= this.#deps.createEngine((s) => {
      if (s === 'loading-wasm') this.#onEngineLoading();
    }));
    const prev = this.#loader;
    this.#loader = loader;
    this.isDemo = loader === null;
    try {
      const model = await (loader?.(engine) ?? this.#deps.loadDemo(engine, { lang: this.#lang() }));
      onFilled();
      this.model = model;
      this.currency = this.catalog ? await this.#currency(this.catalog) : null;
    } catch (e) {
      this.#loader = prev;
      this.isDemo = prev === null;
      throw e;
    }
  }

  /** Runs a compiled query on the engine. */
  async run(query: Compiled): Promise<Table> {
    if (!this.#engine) throw new Error('the database engine is not started');
    return this.#engine.query(query.sql);
  }

  /** Cancels the running query, if any (best effort). */
  async cancel(): Promise<void> {
    await this.#engine?.cancel();
  }

  /** Distinct values of a field with their counts (for filter pickers), most frequent first. */
  async fieldValues(fieldId: string, limit = 500): Promise<FieldValue[]> {
    if (!this.#engine || !this.catalog) return [];
    const q = fieldValuesQuery(this.catalog, fieldId, limit);
    return readFieldValues(q, await this.run(q));
  }

  async #currency(catalog: Catalog): Promise<string | null> {
    const q = currencyOf(catalog);
    if (!q) return null;
    try {
      return q.read(await this.run(q.query));
    } catch {
      return null;
    }
  }

  close(): void {
    void this.#engine?.close();
  }
}
