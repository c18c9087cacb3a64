/**
 * Replacing the dataset DatasetState shows: files imported (then stored, and snapshotted in the
 * background), a stored dataset (from its snapshot, else its files), or the demo. The previous
 * dataset comes back when a load fails or is cancelled; the report shown follows the new data
 * (dataset-spec.ts), and the page then says where the data came from and what was lost.
 */
import type { WorkerFile, WorkerOptions } from '../../ingest/protocol.ts';
import type { ImportReport } from '../../ingest/report.ts';
import type { ReportSpec } from '../../query/spec/spec.ts';
import type { DatasetModel } from '../../crm/model.ts';
import type { Engine } from '../../engine/types.ts';
import { messageOf, msg, type Message } from '../../lib/message.ts';
import type { DatasetLoader, Workbench } from '../session/workbench.svelte.ts';
import {
  isQuotaError,
  storedLoader,
  type RestoreProgress,
  type StoredLoad,
} from './stored/dataset-persist.ts';
import type { StoredMeta } from './stored/dataset-store.ts';
import type { StoredDatasets } from './stored/stored-datasets.svelte.ts';
import { specForNewData, specProblem } from './dataset-spec.ts';
import { restoreProgress } from './import-progress.ts';
import type { DialogHost, ImportRun } from './import-run.ts';
import type { DatasetLinks } from './links/dataset-links.svelte.ts';
import type { DatasetDeps, DatasetState } from './dataset.svelte.ts';

/** The dataset state's public parts a load reads and writes. */
export type LoadHost = DialogHost &
  Pick<
    DatasetState,
    | 'report'
    | 'reportOpen'
    | 'linkReports'
    | 'shownLink'
    | 'linkFailure'
    | 'notices'
    | 'loadedFrom'
    | 'restoreError'
    | 'current'
    | 'snapshot'
    | 'refreshStored'
    | 'shownFiles'
  >;

/** Its private parts. */
export interface LoadInternals {
  wb: Workbench;
  deps: DatasetDeps;
  stored: StoredDatasets;
  run: ImportRun;
  /** The link being imported: the report its manifest opens on, and notices about it. */
  links: Pick<DatasetLinks, 'wantName' | 'manifestNotices'>;
}

/** How long an import's save waits at most for the first report of its data to settle. */
export const SAVE_AFTER_REPORT_MS = 2000;

export class DatasetLoad {
  #host: LoadHost;
  #own: LoadInternals;
  /** Why the report a link asked for could not open. */
  #specNotice: Message | null = null;
  /** The options the files in `shownFiles` were imported with: a failed add brings them back. */
  #shownOptions: WorkerOptions = {};
  #shownName = '';

  constructor(host: LoadHost, own: LoadInternals) {
    this.#host = host;
    this.#own = own;
  }

  /** Imports files as the new dataset and stores them (DatasetState.runImport). */
  async runImport(
    name: string,
    files: WorkerFile[],
    options: WorkerOptions,
    opts: { rows?: number; link?: string; spec?: ReportSpec | null; replaces?: string },
  ): Promise<boolean> {
    const host = this.#host;
    const { deps, stored, run } = this.#own;
    await host.snapshot.stop();
    const got: { r?: { model: DatasetModel; report: ImportReport; engine: Engine } } = {};
    const load: DatasetLoader = async (engine) => {
      const r = await deps.client.import(engine, files, options, run.callbacks());
      // The dataset's own name (a published link's "Acme CRM") from the first report on: the
      // stored entry that also carries it comes only after saving, and never without storage.
      const model = { ...r.model, name };
      got.r = { ...r, model, engine };
      return model;
    };
    if (!(await this.#load(load, opts.spec ?? null, opts.rows ?? 0)) || !got.r) return false;
    const { model, report, engine } = got.r;
    // The stored entry shown until now is not this dataset: until this one is saved (after its
    // first report), the header names it from its model, not the previous import.
    stored.setCurrent(null);
    host.shownFiles = files;
    this.#shownOptions = options;
    this.#shownName = name;
    host.report = report;
    // Someone who opened a link (a consultant's published report) sees the report, not the import
    // notes, unless something was lost; the notes stay in the dataset menu. Own imports show it.
    host.reportOpen = !opts.link || hasProblems(report);
    host.loadedFrom = 'files';
    host.restoreError = null;
    this.#shown(opts.link ?? null);
    if (stored.available) {
      host.progress = { fraction: null, file: name, phase: 'save', rows: 0 };
      // The first report's queries go first: the browser copying the files into OPFS competed
      // with them for the CPU (≈ 0.1 s more to the report at 1M rows). Bounded, so a report that
      // runs for minutes only delays the save, and the save itself is unchanged.
      await this.#own.wb.run.settled(deps.saveAfterReportMs ?? SAVE_AFTER_REPORT_MS);
      // A new id each time: two imports never share a directory (a 32-bit hash of names and
      // sizes could, and one would overwrite the other).
      const id = newDatasetId();
      try {
        const meta = await stored.save(
          { id, name, options, ...(opts.link ? { link: opts.link } : {}) },
          files,
        );
        host.snapshot.keep(meta.id, engine, { model, report });
        host.shownFiles = null;
        // Files added to a stored dataset: the combined one takes its place in the list.
        if (opts.replaces && opts.replaces !== meta.id)
          await stored.remove(opts.replaces).catch(() => undefined);
      } catch (e) {
        stored.setCurrent(null);
        host.error = isQuotaError(e)
          ? msg('store_quota', { name })
          : msg('store_sessionOnly', { reason: messageOf(e) });
      }
      await host.refreshStored();
    }
    host.progress = null;
    return true;
  }

  /** Loads a stored dataset (DatasetState.switchTo). */
  async switchTo(meta: StoredMeta, quiet: boolean): Promise<boolean> {
    const host = this.#host;
    if (host.busy) return false;
    // Another dataset instead of the files on the mapping screen: their early bytes go.
    this.#own.deps.client.forget();
    await host.snapshot.stop();
    const prevReport = host.report;
    const got: { r?: StoredLoad } = {};
    if (
      !(await this.#load(
        this.#storedLoader(meta, (r) => (got.r = r)),
        null,
        0,
      )) ||
      !got.r
    ) {
      if (quiet) host.report = prevReport;
      if (host.error && host.error.code !== 'import_cancelled')
        host.error = msg('store_unreadable', { name: meta.name, reason: host.error });
      return false;
    }
    const r = got.r;
    host.shownFiles = null;
    this.#own.stored.setCurrent(meta);
    host.report = r.report;
    host.loadedFrom = r.from;
    host.restoreError = r.snapshotError ?? null;
    this.#shown(meta.link ?? null);
    host.reportOpen = r.snapshotError ? true : !quiet && (!meta.link || hasProblems(r.report));
    if (r.from === 'files') host.snapshot.keep(meta.id, r.engine, r);
    return true;
  }

  /** Back to the built-in demo. */
  async useDemo(): Promise<void> {
    const host = this.#host;
    if (host.busy) return;
    this.#own.deps.client.forget();
    await host.snapshot.stop();
    this.#own.stored.setCurrent(null);
    host.shownFiles = null;
    host.report = null;
    host.linkReports = [];
    host.loadedFrom = null;
    host.restoreError = null;
    this.#shown(null);
    await this.#own.wb
      .useDataset(null, this.#respec(null))
      .catch((e: unknown) => (host.error = messageOf(e)));
  }

  #respec(preferred: ReportSpec | null): (spec: ReportSpec) => ReportSpec {
    const wb = this.#own.wb;
    const { data, report } = wb;
    const wasDefault =
      data.model === null || JSON.stringify(report.spec) === JSON.stringify(report.defaultReport());
    return (spec) => {
      const fallback = report.defaultReport();
      if (!data.catalog || !data.model) return fallback;
      const link = wb.linkSpec();
      const want = link ?? preferred;
      if (want) {
        // A report the link asked for that does not fit this data is named, not swapped silently.
        const problem = specProblem(want, data.catalog);
        if (problem) {
          const name = link ? null : this.#own.links.wantName;
          this.#specNotice = name
            ? msg('link_report', { name, reason: problem })
            : msg('link_specStale', { reason: problem });
          return fallback;
        }
        // A report this data lacks columns for is kept, shown as not in this data.
        return specForNewData(want, false, data.catalog, data.model, fallback);
      }
      return specForNewData(spec, wasDefault, data.catalog, data.model, fallback);
    };
  }

  /**
   * Replaces the dataset through `loader`, with the progress dialog and cancel. On failure the
   * previous dataset is loaded again. Returns success.
   */
  async #load(loader: DatasetLoader, spec: ReportSpec | null, rows: number): Promise<boolean> {
    const host = this.#host;
    const run = this.#own.run;
    host.stage = 'importing';
    host.error = null;
    this.#specNotice = null;
    run.resume();
    run.startProgress(rows);
    try {
      await this.#own.wb.useDataset(loader, this.#respec(spec));
    } catch (e) {
      run.fail(e);
      // The cancel was for this load, not for bringing the previous dataset back.
      run.end();
      await this.#restore();
      return false;
    } finally {
      run.end();
    }
    host.stage = 'closed';
    host.sources = [];
    host.tables = [];
    return true;
  }

  #storedLoader(meta: StoredMeta, got: (r: StoredLoad) => void): DatasetLoader {
    const onRestore = (p: RestoreProgress) => (this.#host.progress = restoreProgress(p));
    // Built when it runs, so it sees the cancel signal of that load.
    return (engine) =>
      storedLoader(this.#own.deps, meta, { ...this.#own.run.callbacks(), onRestore }, got)(engine);
  }

  /** After a failed or cancelled import: the previous dataset again (its tables may be gone). */
  async #restore(): Promise<void> {
    const { wb, stored } = this.#own;
    const cur = this.#host.current;
    const files = this.#host.shownFiles;
    const options = this.#shownOptions;
    const name = this.#shownName;
    const { client } = this.#own.deps;
    // Data imported here but not stored (no OPFS, a full disk) is imported again from its files.
    const again: DatasetLoader | null = files
      ? async (engine) => ({ ...(await client.import(engine, files, options, {})).model, name })
      : null;
    try {
      await wb.useDataset(
        cur ? this.#storedLoader(cur, () => undefined) : again,
        this.#respec(null),
      );
    } catch {
      stored.setCurrent(null);
      await wb.useDataset(null, this.#respec(null)).catch(() => undefined);
    }
    this.#host.progress = null;
  }

  /** Another dataset is shown: the URL names its link, and a failed link is no longer pending. */
  #shown(link: string | null): void {
    const host = this.#host;
    host.shownLink = link;
    host.linkFailure = null;
    host.notices = [
      ...this.#own.links.manifestNotices,
      ...(this.#specNotice ? [this.#specNotice] : []),
    ];
    this.#specNotice = null;
  }
}

/** A stored dataset's id: random, so that no two imports can collide. */
export function newDatasetId(): string {
  return globalThis.crypto.randomUUID();
}

/** Whether an import lost anything: unreadable files, rejected rows or values that did not parse. */
function hasProblems(report: ImportReport | null): boolean {
  if (!report) return false;
  return (
    report.errors.length > 0 ||
    report.files.some((f) => f.rowsRejected > 0 || f.failures.length > 0)
  );
}
