/**
 * The workbench: the page's one session of reports, made of focused parts that components reach
 * directly (through context, see context.ts):
 * - `locale`: the UI language and its translator;
 * - `data`: the engine and the dataset loaded in it (model, catalog, currency);
 * - `report`: the spec being edited and its undo history;
 * - `run`: the spec's SQL ($derived) and its result, run by one effect at the I/O edge;
 * - `view`: how the report is looked at (SQL panel, shading, chart value, open filter);
 * - `labels`: what things are called, from the catalog in the UI language.
 * What needs several parts at once lives here: loading a dataset and switching the language.
 */
import type { Lang } from '../../lib/i18n.ts';
import type { ReportSpec } from '../../query/spec/spec.ts';
import type { PresetLink } from '../page/page-params.ts';
import { resolvePreset } from '../../crm/presets.ts';
import { Labels } from '../report/labels.ts';
import { ReportEditor } from '../report/report-editor.svelte.ts';
import { ReportRun } from '../report/report-run.svelte.ts';
import { messageOf, msg } from '../../lib/message.ts';
import { ReportView } from '../report/report-view.svelte.ts';
import {
  crashReason,
  DataSource,
  type DatasetLoader,
  type DataSourceDeps,
} from './data-source.svelte.ts';
import { Locale, type LocaleDeps } from './locale.svelte.ts';

export type { DatasetLoader } from './data-source.svelte.ts';

/** What the workbench needs from outside: injected so tests can run it on the Node engine. */
export interface WorkbenchDeps extends DataSourceDeps, LocaleDeps {
  debounceMs?: number;
}

/** Text filters hold labels in the dataset's language; after a language switch they match nothing. */
const LABEL_OPS = new Set(['in', 'not_in', 'eq', 'neq', 'contains']);

export class Workbench {
  readonly locale: Locale;
  readonly data: DataSource;
  readonly view: ReportView;
  readonly report: ReportEditor;
  readonly run: ReportRun;
  readonly labels: Labels;
  /** The spec to open once the dataset is loaded instead of the default report (a shared link). */
  startSpec: ReportSpec | null = null;
  /** A link naming only a preset (`#preset=funnel`): built on the data once it is loaded. */
  startPreset: PresetLink | null = null;

  constructor(deps: WorkbenchDeps) {
    this.locale = new Locale(deps);
    this.data = new DataSource(
      deps,
      () => this.locale.lang,
      () => (this.run.phase = 'engine'),
    );
    this.view = new ReportView();
    this.report = new ReportEditor(this.data, (id) => this.view.openFilter(id));
    this.run = new ReportRun(this.data, () => this.report.spec, deps.debounceMs ?? 120);
    this.labels = new Labels(this.data, this.locale);
    this.data.onCrash = (reason) => void this.#recover(reason);
  }

  /** `run.runs` when the database last died: no report finished since then means a crash loop. */
  #runsAtCrash = -1;

  /**
   * The database died between loads (a report's query, or a worker that crashed while idle):
   * load the dataset again on the fresh one and run the report again. If no report has finished
   * since the previous crash, this report is probably what kills it: the data comes back, the
   * report waits for the user.
   */
  async #recover(why: string): Promise<void> {
    const { data, run } = this;
    const reason = crashReason(why);
    if (!data.model) return;
    const again = this.#runsAtCrash === run.runs;
    this.#runsAtCrash = run.runs;
    const sql = run.compiled.query?.sql;
    if (again && sql) run.block(sql, msg('engine_crashedAgain', { reason }));
    data.notice = msg('engine_restarting', { reason });
    const failed = await this.#load(undefined, false);
    if (failed) {
      data.notice = null;
      return;
    }
    data.notice = again ? null : msg('engine_restarted', { reason });
    run.resume();
  }

  /** Starts the engine and loads the demo dataset in the current language. */
  async start(): Promise<void> {
    await this.#load(undefined, true);
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
    this.data.notice = null;
    const failed = await this.#load(load, respec);
    if (failed) throw failed;
  }

  /** Loads a dataset (undefined: the current one again) and picks its report; returns the error. */
  async #load(
    loader: DatasetLoader | null | undefined,
    resetSpec: boolean | ((spec: ReportSpec) => ReportSpec),
  ): Promise<unknown> {
    const { data, run, report } = this;
    run.hold(data.model ? 'dataset' : 'engine');
    try {
      // The report for the new data is picked in the step that shows the data, not after an
      // await: the page then draws once, with the new report running.
      await data.load(
        loader,
        () => (run.phase = 'dataset'),
        () => {
          if (typeof resetSpec === 'function') report.spec = resetSpec(report.spec);
          else if (resetSpec) report.spec = this.linkSpec() ?? report.defaultReport();
          this.startSpec = null;
          this.startPreset = null;
          run.release();
        },
      );
      return null;
    } catch (e) {
      run.release();
      run.fail(messageOf(e));
      return e;
    }
  }

  /**
   * The report a link asked for, on the data now loaded: a preset link's report built as the
   * gallery builds it (before the data is there, nothing), else the link's spec.
   */
  linkSpec(
    preset: PresetLink | null = this.startPreset,
    spec: ReportSpec | null = this.startSpec,
  ): ReportSpec | null {
    const { catalog, model } = this.data;
    if (!preset) return spec;
    if (!catalog || !model) return null;
    return resolvePreset(preset.id, { catalog, model, period: preset.period }).spec;
  }

  /** Switches the UI language and reloads the demo with that language's labels. */
  async setLanguage(lang: Lang): Promise<void> {
    if (!this.locale.set(lang)) return;
    const { spec } = this.report;
    const filters = spec.filters.filter(
      (f) => !(LABEL_OPS.has(f.op) && this.labels.field(f.field)?.type === 'text'),
    );
    if (filters.length !== spec.filters.length) this.report.spec = { ...spec, filters };
    if (this.data.started && this.data.isDemo) await this.#load(undefined, false);
  }

  destroy(): void {
    this.run.stop();
    this.data.close();
  }
}
