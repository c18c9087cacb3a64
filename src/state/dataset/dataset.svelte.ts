/**
 * Which dataset the workbench shows and how it got there: the demo, files the user dropped (with
 * the mapping screen), a `?data=` link, or one stored in OPFS. The page's one object for all of
 * it; the work is done beside it: the mapping screen's steps in mapping/mapping-screen.ts,
 * replacing the shown dataset (import, stored, demo) in dataset-load.ts, the running read or
 * load with its cancel and progress in import-run.ts, the catalog of stored datasets in
 * stored/stored-datasets.svelte.ts, opening a link in links/dataset-links.svelte.ts.
 */
import type { WorkerFile, WorkerOptions } from '../../ingest/protocol.ts';
import type { FileError, ImportReport } from '../../ingest/report.ts';
import type { TableKind } from '../../ingest/types.ts';
import type { ReportSpec } from '../../query/spec/spec.ts';
import type { DatasetStore, StoredMeta } from './stored/dataset-store.ts';
import { StoredDatasets } from './stored/stored-datasets.svelte.ts';
import type { StageDraft, TableDraft } from './mapping/import-draft.ts';
import type { AddingTo } from './mapping/add-files.ts';
import type { IngestClient } from './ingest-client.ts';
import type { ImportProgress } from './import-progress.ts';
import { ImportRun } from './import-run.ts';
import { DatasetLoad } from './dataset-load.ts';
import { DatasetLinks, type NamedReport } from './links/dataset-links.svelte.ts';
import { MappingScreen } from './mapping/mapping-screen.ts';
import type { MemoryCheck, MemoryEnv } from './memory.ts';
import { SnapshotKeeper } from './stored/snapshot-keeper.svelte.ts';
import { pageBundle, type PageBundle } from './links/page-bundle.ts';
import type { Lang } from '../../lib/i18n.ts';
import type { Workbench } from '../session/workbench.svelte.ts';
import type { Message } from '../../lib/message.ts';
import { WARM_CATALOG_SQL } from '../../ingest/catalog-warm.ts';

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
  /** The bound on an import's save waiting for the first report (dataset-load.ts). */
  saveAfterReportMs?: number;
  /**
   * Resolves when the page is idle (`requestIdleCallback`): the ingest worker is started then,
   * once the first report has settled. Default: at once.
   */
  idle?: () => Promise<void>;
}

/**
 * How long the ingest worker's start waits for the first report at most: a report that runs
 * long (a large stored dataset) only delays it.
 */
const WARM_AFTER_REPORT_MS = 10_000;

export class DatasetState {
  stage = $state<ImportStage>('closed');
  /** Files waiting on the mapping screen. */
  sources = $state.raw<WorkerFile[]>([]);
  tables = $state<TableDraft[]>([]);
  stages = $state<StageDraft[]>([]);
  readErrors = $state.raw<FileError[]>([]);
  /**
   * The files the shown dataset was imported from in this page, kept while it is not stored
   * (no OPFS, a full disk) so that "Add files…" can rebuild it; null for any other data.
   */
  shownFiles = $state.raw<WorkerFile[] | null>(null);
  /** The dataset the files on the mapping screen are added to ("Add files…"), or null. */
  adding = $state.raw<AddingTo | null>(null);
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
  #run: ImportRun;
  #links: DatasetLinks;
  #mapping: MappingScreen;
  #load: DatasetLoad;

  constructor(wb: Workbench, deps: DatasetDeps) {
    this.#wb = wb;
    this.#deps = deps;
    this.#stored = new StoredDatasets(deps);
    this.snapshot = new SnapshotKeeper(deps.store);
    const run = (this.#run = new ImportRun(this));
    this.#links = new DatasetLinks(
      this,
      {
        newAbort: () => run.begin(),
        dropAbort: () => run.end(),
        fail: (e) => run.fail(e),
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
      shownFiles: () => this.shownFiles,
      shownName: () => this.current?.name ?? wb.data.model?.name ?? 'import',
      engine: () => wb.data.localEngine,
      newAbort: () => run.begin(),
      startProgress: (rows) => run.startProgress(rows),
      run: () => run.callbacks(),
      fail: (e) => run.fail(e),
    });
    this.#load = new DatasetLoad(this, {
      wb,
      deps,
      stored: this.#stored,
      run,
      links: this.#links,
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

  /**
   * First load: the `?data=` link, else the dataset shown last time, else the demo. Then, once
   * its first report has settled and the page is idle, the ingest worker starts (`warmImport`).
   */
  async start(): Promise<void> {
    try {
      await this.#firstLoad();
    } finally {
      // A worker that cannot start now is started (and its failure shown) by the next import.
      void this.#warmAfterFirstReport().catch(() => undefined);
    }
  }

  async #firstLoad(): Promise<void> {
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

  // ---- the mapping screen (mapping/mapping-screen.ts); its state is the fields above ----

  /** The file dialog is opening: the ingest worker starts while the user picks. */
  warmImport(): void {
    this.#deps.client.warm?.();
  }

  /**
   * A file dropped on the page (or picked without the menu's dialog) would otherwise pay the
   * ingest worker's start and its reader's (their scripts loaded and run, 0.1–0.5 s) before the
   * mapping screen. Not before the first report: the cold start keeps the CPU to itself.
   */
  async #warmAfterFirstReport(): Promise<void> {
    await this.#wb.run.settled(WARM_AFTER_REPORT_MS);
    await this.#deps.idle?.();
    this.warmImport();
    // The tab's engine (imports run on it) builds its catalog views now, not beside the
    // import's first steps: at the Import click it competed with the file's copy and shape pass
    // and held up its registration (≈ 0.15 s at 1M rows). Not started for a server's dataset.
    void this.#wb.data.localEngine?.query(WARM_CATALOG_SQL).catch(() => undefined);
  }

  /** Files dropped or picked: check memory, then inspect them. */
  open(files: File[], force = false): Promise<void> {
    return this.#mapping.open(files, force);
  }

  /** The shown dataset's stored files again, with `extra` files added, their mapping pre-filled. */
  remap(extra: File[] = []): Promise<void> {
    return this.#mapping.remap(extra);
  }

  /**
   * Whether files can be added to the dataset shown: files imported here (stored, or kept for
   * this page), not the demo, a link's data not stored, or a server.
   */
  get canAdd(): boolean {
    return (
      !this.#wb.data.isDemo &&
      this.#wb.data.model !== null &&
      (this.current !== null || this.shownFiles !== null)
    );
  }

  /**
   * "Add files…": the shown dataset's files and `files` on the mapping screen, rebuilt together
   * on "Import" under the dataset's name (mapping/add-files.ts). Without a dataset to add to,
   * the files are opened as a new import.
   */
  async addFiles(files: File[]): Promise<void> {
    if (!this.canAdd || !(await this.#mapping.add(files))) await this.open(files);
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
    this.#mapping.close();
  }

  cancel(): void {
    this.#run.cancel();
  }

  // ---- loading a dataset ----

  /**
   * Imports files as the new dataset and stores them; once the report is shown, a snapshot of the
   * built tables is written in the background. On failure or cancel the previous dataset is
   * loaded again (the import may have replaced some of its tables). Returns success.
   */
  runImport(
    name: string,
    files: WorkerFile[],
    options: WorkerOptions,
    opts: { rows?: number; link?: string; spec?: ReportSpec | null; replaces?: string } = {},
  ): Promise<boolean> {
    return this.#load.runImport(name, files, options, opts);
  }

  /**
   * Loads a stored dataset: from its snapshot, else by re-importing its files with its saved
   * mapping (and then snapshotting it). `quiet`: the page's first load, the report stays closed
   * unless the snapshot could not be used.
   */
  switchTo(meta: StoredMeta, quiet = false): Promise<boolean> {
    return this.#load.switchTo(meta, quiet);
  }

  /** Back to the built-in demo. */
  useDemo(): Promise<void> {
    return this.#load.useDemo();
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

  // ---- the link of the shown data ----

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
}
