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
import { EngineCrashed, type Engine, type EngineStatus } from '../../engine/types.ts';
import type { Lang } from '../../lib/i18n.ts';
import { msg, raw, type Message } from '../../lib/message.ts';
import type { Catalog } from '../../query/catalog.ts';
import type { CompiledQuery } from '../../query/compiled.ts';
import type { Grain } from '../../query/spec/spec.ts';
import { PreparedTables } from '../../query/run/prepared.ts';

export type { FieldValue } from '../../crm/field-values.ts';

/**
 * Fills the engine's tables and describes them (an import, a stored dataset); see
 * Workbench.useDataset. A loader with `remote` describes the tables of an engine elsewhere (a
 * ClickHouse server): that engine then runs the reports instead of the tab's, and the tab's
 * engine is not even started.
 */
export type DatasetLoader = ((engine: Engine) => Promise<DatasetModel>) & { remote?: Engine };

/** A query as one of the compilers returns it (a report, a drill-down page, an estimate). */
export type Compiled = Pick<CompiledQuery, 'sql' | 'prepare'>;

export interface DataSourceDeps {
  /** `onCrash`: the database died with its tables (see `EngineOptions.onCrash`). */
  createEngine(onStatus: (s: EngineStatus) => void, onCrash?: (reason: string) => void): Engine;
  loadDemo(engine: Engine, opts: { lang: Lang }): Promise<DatasetModel>;
}

export class DataSource {
  model = $state.raw<DatasetModel | null>(null);
  readonly catalog: Catalog | null = $derived(this.model ? buildCatalog(this.model) : null);
  /** The dataset's one currency, when it has exactly one (for money formatting). */
  currency = $state<string | null>(null);
  /** Whether the demo (not an imported dataset) is loaded. */
  isDemo = $state(true);
  /** The database stopped and was restarted (or is restarting) with the dataset: say so. */
  notice = $state.raw<Message | null>(null);
  /** The engine elsewhere that runs the reports of the dataset shown (null: the tab's own). */
  remote = $state.raw<Engine | null>(null);

  /** The SQL dialect of the engine that runs the reports: what the compilers must print. */
  get dialect(): 'duckdb' | 'clickhouse' {
    return (this.remote as { dialect?: 'duckdb' | 'clickhouse' } | null)?.dialect ?? 'duckdb';
  }

  #deps: DataSourceDeps;
  #lang: () => Lang;
  #onEngineLoading: () => void;
  #onCrash: (reason: string) => void = () => undefined;
  #engine: Engine | null = null;
  /** How the current dataset is loaded; null: the demo. */
  #loader: DatasetLoader | null = null;
  #loading = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #crashes = 0;
  #crashReason = '';
  /** Tables derived from the loaded dataset (the funnel's per-deal summary), built on first use. */
  #prepared = new PreparedTables();

  /** `onEngineLoading`: the engine's code is being fetched (a first start, or a retry). */
  constructor(deps: DataSourceDeps, lang: () => Lang, onEngineLoading: () => void) {
    this.#deps = deps;
    this.#lang = lang;
    this.#onEngineLoading = onEngineLoading;
  }

  /**
   * Who reloads the dataset when the database dies outside a load (see Workbench). A crash during
   * a load is handled by the load itself: it runs once more on the fresh database.
   */
  set onCrash(fn: (reason: string) => void) {
    this.#onCrash = fn;
  }

  /**
   * Whether an engine to run reports exists: the tab's (it starts lazily, on the first load) or a
   * connected server's, which runs them without the tab's ever starting.
   */
  get started(): boolean {
    return this.#engine !== null || this.remote !== null;
  }

  /**
   * Fills the engine through `loader` (null: the demo in the UI language; default: the current
   * dataset again) and shows it. `onFilled` is called once the tables are in; `onShown` once the
   * model and currency are set, in the same step (see `#load`). On failure the loader's error is
   * thrown and the previous loader kept, so it can be loaded again.
   */
  load(
    loader?: DatasetLoader | null,
    onFilled: () => void = () => undefined,
    onShown: () => void = () => undefined,
  ): Promise<void> {
    // One load at a time, in order: a server connected while the demo still loads must not be
    // overwritten by the demo finishing after it.
    const run = this.#queue.then(() =>
      this.#load(loader === undefined ? this.#loader : loader, onFilled, onShown),
    );
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #load(
    loader: DatasetLoader | null,
    onFilled: () => void,
    onShown: () => void,
  ): Promise<void> {
    const engine = loader?.remote ?? this.#local();
    const prev = this.#loader;
    this.#loader = loader;
    this.isDemo = loader === null;
    const fill = () => {
      // The tables are about to change: nothing built from the previous ones may be read again.
      this.#prepared.clear();
      return loader?.(engine) ?? this.#deps.loadDemo(engine, { lang: this.#lang() });
    };
    this.#loading++;
    const crashes = this.#crashes;
    try {
      let model: DatasetModel;
      try {
        model = await fill();
      } catch (e) {
        // The database died under the load (an import may report it as its own failure) and a
        // fresh one is starting: once more, from the beginning. A second crash is the answer
        // (say, a dataset too large for this tab).
        if (!(e instanceof EngineCrashed) && this.#crashes === crashes) throw e;
        model = await fill();
        this.notice = msg('engine_restarted', { reason: crashReason(this.#crashReason) });
      }
      onFilled();
      this.remote = loader?.remote ?? null;
      this.model = model;
      // No await unless the currency needs the engine: each await lets the page draw the report
      // still shown for the new model (three times per import, ≈ 25 ms each at 1M rows, before
      // the new report's first query), and `onShown` puts the new report in the same step.
      const currency = this.catalog ? currencyOf(this.catalog, { dialect: this.dialect }) : null;
      this.currency = currency ? await this.#currency(currency) : null;
    } catch (e) {
      this.#loader = prev;
      this.isDemo = prev === null;
      throw e;
    } finally {
      this.#loading--;
    }
    onShown();
  }

  /**
   * Creates the tab's engine and starts it now rather than on the first load, so that its
   * download and compilation overlap whatever the page does before it has data to load.
   */
  warmUp(): void {
    const e = this.#local() as Engine & { start?: () => Promise<void> };
    // A failed start is retried, and reported, by the load that needs the engine.
    void e.start?.().catch(() => undefined);
  }

  /**
   * The tab's own engine if it has been created (imports run on it, even beside a server): the
   * mapping screen registers a file's bytes with it before "Import". Null: nothing to start early.
   */
  get localEngine(): Engine | null {
    return this.#engine;
  }

  /** The tab's own engine, created on first need. */
  #local(): Engine {
    return (this.#engine ??= this.#deps.createEngine(
      (s) => {
        if (s === 'loading-wasm') this.#onEngineLoading();
      },
      (reason) => {
        this.#crashes++;
        this.#crashReason = reason;
        this.#prepared.clear();
        if (this.#loading === 0) this.#onCrash(reason);
      },
    ));
  }

  /** Runs a compiled query on the engine. */
  async run(query: Compiled): Promise<Table> {
    const engine = this.#loader?.remote ?? this.#engine;
    if (!engine) throw new Error('the database engine is not started');
    await this.#prepared.ensure(query, (sql) => engine.exec(sql));
    return engine.query(query.sql);
  }

  /**
   * Ends the database as a crash would (recovery tests; from the console through `__crm`). Harmless:
   * the page recovers as from a real crash.
   */
  async simulateCrash(): Promise<void> {
    const e = this.#engine as (Engine & { simulateCrash?: () => Promise<void> }) | null;
    await e?.simulateCrash?.();
  }

  /** Cancels the running query, if any (best effort). */
  async cancel(): Promise<void> {
    await (this.#loader?.remote ?? this.#engine)?.cancel();
  }

  /**
   * Distinct values of a field with their counts (for filter pickers), most frequent first; a
   * date field's periods at `grain` in time order.
   */
  async fieldValues(
    fieldId: string,
    { limit = 500, grain }: { limit?: number; grain?: Grain | undefined } = {},
  ): Promise<FieldValue[]> {
    if (!this.started || !this.catalog) return [];
    const q = fieldValuesQuery(this.catalog, fieldId, limit, { dialect: this.dialect, grain });
    return readFieldValues(q, await this.run(q));
  }

  async #currency(q: NonNullable<ReturnType<typeof currencyOf>>): Promise<string | null> {
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

/** Why the database died, to show: our own 'terminated' in the UI language, anything else as it is. */
export function crashReason(reason: string): Message {
  return reason === 'terminated' ? msg('engine_terminated') : raw(reason);
}
