/**
 * Which dataset the workbench shows and how it got there: the demo, files the user dropped (with
 * the mapping screen), a `?data=` link, or one stored in OPFS. Owns the import flow — inspect,
 * map, import with progress and cancel, the import report — and the stored datasets, whose
 * snapshots (dataset-persist.ts) are written after an import and read back on load. The mapping
 * screen's steps are mapping-screen.ts, the catalog of stored datasets stored-datasets.svelte.ts,
 * opening a link links/dataset-links.svelte.ts; this class loads and shows a dataset.
 */
import type { WorkerFile, WorkerOptions } from '../../ingest/protocol.ts';
import type { FileError, ImportReport } from '../../ingest/report.ts';
import type { Progress, TableKind } from '../../ingest/types.ts';
import type { ReportSpec } from '../../query/spec/spec.ts';
import type { DatasetModel } from '../../crm/model.ts';
import type { Engine } from '../../engine/types.ts';
import {
  isQuotaError,
  storedLoader,
  type RestoreProgress,
  type StoredLoad,
} from './stored/dataset-persist.ts';
import type { DatasetStore, StoredMeta } from './stored/dataset-store.ts';
import { StoredDatasets } from './stored/stored-datasets.svelte.ts';
import { specForNewData, specProblem } from './dataset-spec.ts';
import type { StageDraft, TableDraft } from './mapping/import-draft.ts';
import { IngestError, type IngestClient } from './ingest-client.ts';
import { IngestProgress, restoreProgress, type ImportProgress } from './import-progress.ts';
import { DatasetLinks, type NamedReport } from './links/dataset-links.svelte.ts';
import { MappingScreen } from './mapping/mapping-screen.ts';
import type { MemoryCheck, MemoryEnv } from './memory.ts';
import { SnapshotKeeper } from './stored/snapshot-keeper.svelte.ts';
import { pageBundle, type PageBundle } from './links/page-bundle.ts';
import type { Lang } from '../../lib/i18n.ts';
import type { DatasetLoader, Workbench } from '../session/workbench.svelte.ts';
import { messageOf, msg, type Message } from '../../lib/message.ts';

export type ImportStage =
  | 'closed'
  | 'memory'
  | 'inspecting'
  | 'mapping'
  | 'importing'
  | 'error'
  /** A link's data is on another site: asking the user first. */
  | 'consent';

type Storage_ = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

export interface DatasetDeps {
  client: IngestClient;
  store: DatasetStore;
  storage: Storage_ | null;
  memory: () => MemoryEnv;
  /** The page URL (link resolution) and its `data` parameter. */
  page: () => { href: string; data: string | null };
  /** sessionStorage: the crash-loop guard of links (link-guard.ts). */
  session?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null;
  /** `navigator.storage.persist`, asked on the first save so imports are not evicted. */
  persist?: () => Promise<boolean>;
}

export class DatasetState {
  stage = $state<ImportStage>('closed');
  /** Files waiting on the mapping screen. */
  sources = $state.raw<WorkerFile[]>([]);
  tables = $state<TableDraft[]>([]);
  stages = $state<StageDraft[]>([]);
  readErrors = $state.raw<FileError[]>([]);
  memory = $state.raw<MemoryCheck | null>(null);
  progress = $state<ImportProgress | null>(null);
  /** The last import's report, and whether its panel is open. */
  report = $state.raw<ImportReport | null>(null);
  reportOpen = $state(false);
  error = $state<Message | null>(null);
  /** Named reports from a link's manifest. */
  linkReports = $state.raw<NamedReport[]>([]);
  /**
   * The link the shown data came from (a `?data=` link, a bundle's manifest), or null when it has
   * none — the demo, or files imported here that no link can reach. The page URL's `data=`.
   */
  shownLink = $state<string | null>(null);
  /** What the user should know about the data shown (a manifest report that cannot open). */
  notices = $state.raw<Message[]>([]);
  /** How the shown dataset was loaded: its snapshot, or its files (null: the demo). */
  loadedFrom = $state<'snapshot' | 'files' | null>(null);
  /** Why the shown dataset's snapshot could not be used (its files were imported instead). */
  restoreError = $state<Message | null>(null);
  /** The shown dataset's snapshot being written after its import. */
  readonly snapshot: SnapshotKeeper;

  #wb: Workbench;
  #deps: DatasetDeps;
  #stored: StoredDatasets;
  #abort: AbortController | null = null;
  #ingest = new IngestProgress(0);
  #links: DatasetLinks;
  #mapping: MappingScreen;
  /** Why the report a link asked for could not open. */
  #specNotice: Message | null = null;

  constructor(wb: Workbench, deps: DatasetDeps) {
    this.#wb = wb;
    this.#deps = deps;
    this.#stored = new StoredDatasets(deps);
    this.snapshot = new SnapshotKeeper(deps.store);
    this.#links = new DatasetLinks(
      this,
      {
        newAbort: () => (this.#abort = new AbortController()).signal,
        dropAbort: () => (this.#abort = null),
        fail: (e) => this.#fail(e),
        page: () => this.#deps.page().href,
        memory: () => this.#deps.memory(),
      },
      deps.session ?? null,
    );
    this.#mapping = new MappingScreen(this, {
      client: deps.client,
      storage: deps.storage as Storage | null,
      memory: () => this.#deps.memory(),
      files: (meta) => this.#stored.files(meta),
      newAbort: () => (this.#abort = new AbortController()),
      startProgress: (rows) => this.#startProgress(rows),
      run: () => this.#run(),
      fail: (e) => this.#fail(e),
    });
  }

  /** The datasets stored in this browser. */
  get stored(): StoredMeta[] {
    return this.#stored.list;
  }

  /** The stored dataset shown, or null for the demo. */
  get current(): StoredMeta | null {
    return this.#stored.current;
  }

  /** Whether the browser agreed to keep stored datasets (null: not asked or cannot tell). */
  get persisted(): boolean | null {
    return this.#stored.persisted;
  }

  /** Whether the data survives a reload here (OPFS available). */
  get persistent(): boolean {
    return this.#stored.available;
  }

  /** The link whose data could not be loaded and why: a banner with "try again". */
  get linkFailure(): { data: string; error: Message } | null {
    return this.#links.failure;
  }
  set linkFailure(v: { data: string; error: Message } | null) {
    this.#links.failure = v;
  }

  /** The other site a link wants to load from, while the user is asked (stage 'consent'). */
  get consentHost(): string | null {
    return this.#links.consentHost;
  }

  get busy(): boolean {
    return this.stage === 'inspecting' || this.stage === 'importing';
  }

  /** First load: the `?data=` link, else the dataset shown last time, else the demo. */
  async start(): Promise<void> {
    await this.refreshStored();
    const { data } = this.#deps.page();
    if (data) {
      if (!this.#links.crashedBefore(data) && (await this.openLink(data))) return;
      await this.#wb.start();
      return;
    }
    const meta = this.#stored.last();
    if (meta && (await this.switchTo(meta, true))) return;
    await this.#wb.start();
  }

  refreshStored(): Promise<void> {
    return this.#stored.refresh();
  }

  // ---- the mapping screen (mapping-screen.ts); its state is the fields above ----

  /** Files dropped or picked: check memory, then inspect them. */
  open(files: File[], force = false): Promise<void> {
    return this.#mapping.open(files, force);
  }

  /** The shown dataset's stored files again, with `extra` files added, their mapping pre-filled. */
  remap(extra: File[] = []): Promise<void> {
    return this.#mapping.remap(extra);
  }

  inspect(): Promise<void> {
    return this.#mapping.inspect();
  }

  setSource(index: number, patch: { encoding?: string; sheet?: string; kind?: TableKind }) {
    return this.#mapping.setSource(index, patch);
  }

  /** "Import": remembers the mapping per header set, then imports. */
  confirm(): Promise<void> {
    return this.#mapping.confirm();
  }

  close(): void {
    if (this.stage === 'consent') return this.answerConsent(false);
    if (this.busy) return this.cancel();
    this.stage = 'closed';
    this.sources = [];
    this.tables = [];
  }

  cancel(): void {
    this.#abort?.abort();
  }

  // ---- loading a dataset ----

  /**
   * Imports files as the new dataset and stores them; once the report is shown, a snapshot of the
   * built tables is written in the background. On failure or cancel the previous dataset is
   * loaded again (the import may have replaced some of its tables). Returns success.
   */
  async runImport(
    name: string,
    files: WorkerFile[],
    options: WorkerOptions,
    opts: { rows?: number; link?: string; spec?: ReportSpec | null } = {},
  ): Promise<boolean> {
    await this.snapshot.stop();
    const got: { r?: { model: DatasetModel; report: ImportReport; engine: Engine } } = {};
    const load: DatasetLoader = async (engine) => {
      const r = await this.#deps.client.import(engine, files, options, this.#run());
      // The dataset's own name (a published link's "Acme CRM") from the first report on: the
      // stored entry that also carries it comes only after saving, and never without storage.
      const model = { ...r.model, name };
      got.r = { ...r, model, engine };
      return model;
    };
    if (!(await this.#load(load, opts.spec ?? null, opts.rows ?? 0)) || !got.r) return false;
    const { model, report, engine } = got.r;
    this.report = report;
    // Someone who opened a link (a consultant's published report) sees the report, not the import
    // notes, unless something was lost; the notes stay in the dataset menu. Own imports show it.
    this.reportOpen = !opts.link || hasProblems(report);
    this.loadedFrom = 'files';
    this.restoreError = null;
    this.#shown(opts.link ?? null);
    if (this.#stored.available) {
      this.progress = { fraction: null, file: name, phase: 'save', rows: 0 };
      // A new id each time: two imports never share a directory (a 32-bit hash of names and
      // sizes could, and one would overwrite the other).
      const id = newDatasetId();
      try {
        const meta = await this.#stored.save(
          { id, name, options, ...(opts.link ? { link: opts.link } : {}) },
          files,
        );
        this.snapshot.keep(meta.id, engine, { model, report });
      } catch (e) {
        this.#stored.setCurrent(null);
        this.error = isQuotaError(e)
          ? msg('store_quota', { name })
          : msg('store_sessionOnly', { reason: messageOf(e) });
      }
      await this.refreshStored();
    }
    this.progress = null;
    return true;
  }

  /**
   * Loads a stored dataset: from its snapshot, else by re-importing its files with its saved
   * mapping (and then snapshotting it). `quiet`: the page's first load, the report stays closed
   * unless the snapshot could not be used.
   */
  async switchTo(meta: StoredMeta, quiet = false): Promise<boolean> {
    if (this.busy) return false;
    await this.snapshot.stop();
    const prevReport = this.report;
    const got: { r?: StoredLoad } = {};
    if (
      !(await this.#load(
        this.#storedLoader(meta, (r) => (got.r = r)),
        null,
        0,
      )) ||
      !got.r
    ) {
      if (quiet) this.report = prevReport;
      if (this.error && this.error.code !== 'import_cancelled')
        this.error = msg('store_unreadable', { name: meta.name, reason: this.error });
      return false;
    }
    const r = got.r;
    this.#stored.setCurrent(meta);
    this.report = r.report;
    this.loadedFrom = r.from;
    this.restoreError = r.snapshotError ?? null;
    this.#shown(meta.link ?? null);
    this.reportOpen = r.snapshotError ? true : !quiet && (!meta.link || hasProblems(r.report));
    if (r.from === 'files') this.snapshot.keep(meta.id, r.engine, r);
    return true;
  }

  /** Back to the built-in demo. */
  async useDemo(): Promise<void> {
    if (this.busy) return;
    await this.snapshot.stop();
    this.#stored.setCurrent(null);
    this.report = null;
    this.linkReports = [];
    this.loadedFrom = null;
    this.restoreError = null;
    this.#shown(null);
    await this.#wb
      .useDataset(null, this.#respec(null))
      .catch((e: unknown) => (this.error = messageOf(e)));
  }

  async remove(meta: StoredMeta): Promise<void> {
    if (this.current?.id === meta.id) await this.snapshot.stop();
    await this.#stored.remove(meta.id);
    if (this.current?.id === meta.id) await this.useDemo();
    await this.refreshStored();
  }

  /** Deletes every stored dataset and remembered mapping, and shows the demo. */
  async forgetAll(): Promise<void> {
    await this.snapshot.stop();
    await this.#stored.clear();
    if (!this.#wb.data.isDemo) await this.useDemo();
    this.#stored.setCurrent(null);
  }

  /** `?data=<url>`: a file or a manifest (dataset-links.svelte.ts). Returns success. */
  openLink(data: string): Promise<boolean> {
    return this.#links.open(data);
  }

  /** The link that failed, once more (the banner's "try again"). */
  retryLink(): Promise<boolean> {
    return this.#links.retry();
  }

  /** The user's answer to "load data from another site?". */
  answerConsent(ok: boolean): void {
    this.#links.answerConsent(ok);
  }

  // ---- internals ----

  #respec(preferred: ReportSpec | null): (spec: ReportSpec) => ReportSpec {
    const wb = this.#wb;
    const { data, report } = wb;
    const wasDefault =
      data.model === null || JSON.stringify(report.spec) === JSON.stringify(report.defaultReport());
    return (spec) => {
      const fallback = report.defaultReport();
      if (!data.catalog || !data.model) return fallback;
      const want = wb.startSpec ?? preferred;
      if (want) {
        // A report the link asked for that does not fit this data is named, not swapped silently.
        const problem = specProblem(want, data.catalog);
        if (problem) {
          const name = wb.startSpec ? null : this.#links.wantName;
          this.#specNotice = name
            ? msg('link_report', { name, reason: problem })
            : msg('link_specStale', { reason: problem });
          return fallback;
        }
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
    this.stage = 'importing';
    this.error = null;
    this.#specNotice = null;
    this.#abort ??= new AbortController();
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
    this.#startProgress(rows);
    try {
      await this.#wb.useDataset(loader, this.#respec(spec));
    } catch (e) {
      this.#fail(e);
      // The cancel was for this load, not for bringing the previous dataset back.
      this.#abort = null;
      await this.#restore();
      return false;
    } finally {
      this.#abort = null;
    }
    this.stage = 'closed';
    this.sources = [];
    this.tables = [];
    return true;
  }

  #storedLoader(meta: StoredMeta, got: (r: StoredLoad) => void): DatasetLoader {
    const onRestore = (p: RestoreProgress) => (this.progress = restoreProgress(p));
    // Built when it runs, so it sees the cancel signal of that load.
    return (engine) => storedLoader(this.#deps, meta, { ...this.#run(), onRestore }, got)(engine);
  }

  /** After a failed or cancelled import: the previous dataset again (its tables may be gone). */
  async #restore(): Promise<void> {
    const cur = this.current;
    try {
      await this.#wb.useDataset(
        cur ? this.#storedLoader(cur, () => undefined) : null,
        this.#respec(null),
      );
    } catch {
      this.#stored.setCurrent(null);
      await this.#wb.useDataset(null, this.#respec(null)).catch(() => undefined);
    }
    this.progress = null;
  }

  /** Another dataset is shown: the URL names its link, and a failed link is no longer pending. */
  #shown(link: string | null): void {
    this.shownLink = link;
    this.linkFailure = null;
    this.notices = [
      ...this.#links.manifestNotices,
      ...(this.#specNotice ? [this.#specNotice] : []),
    ];
    this.#specNotice = null;
  }

  /**
   * The `data=` of the page URL: the shown data's link; while a link's data failed to load, that
   * link (a reload or a copy still names what was asked for).
   */
  get dataLink(): string | null {
    return this.linkFailure?.data ?? this.shownLink;
  }

  /** Whether the shown data lives only in this browser: a link to it would not carry it. */
  get localOnly(): boolean {
    return !this.#wb.data.isDemo && this.shownLink === null;
  }

  /** Whether the shown data can be made into a publish bundle here: it is stored in this browser. */
  get canBundle(): boolean {
    return !this.#wb.data.isDemo && this.current !== null;
  }

  /**
   * The shown dataset and `report` as a publish bundle (page-bundle.ts), built in the page from
   * the stored files; null when the shown data is not stored here.
   */
  async publishBundle(
    report: { name: string; spec: ReportSpec },
    lang: Lang,
  ): Promise<PageBundle | null> {
    const meta = this.current;
    if (!this.canBundle || !meta) return null;
    return pageBundle(meta, await this.#stored.files(meta), report, lang);
  }

  #fail(e: unknown): void {
    const aborted =
      (e instanceof IngestError && e.aborted) ||
      (e instanceof DOMException && e.name === 'AbortError');
    this.error = aborted ? msg('import_cancelled') : messageOf(e);
    this.stage = this.tables.length > 0 ? 'mapping' : aborted ? 'closed' : 'error';
    this.progress = null;
  }

  #startProgress(totalRows: number): void {
    this.#ingest = new IngestProgress(totalRows);
    this.progress = this.#ingest.start;
  }

  #run() {
    return {
      signal: this.#abort?.signal,
      onProgress: (p: Progress) => (this.progress = this.#ingest.next(p)),
    };
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
