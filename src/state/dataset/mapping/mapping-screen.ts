/**
 * The mapping screen for DatasetState: files dropped or picked (after the memory check), or the
 * shown dataset's stored files again, are read by the ingest worker and turned into editable
 * drafts of each file's table kind and columns; "Import" remembers the choices and hands the
 * import to the dataset (runImport). The screen's state lives on the host DatasetState hands in.
 */
import type { Inspection } from '../../../ingest/read/inspect.ts';
import type { WorkerFile } from '../../../ingest/protocol.ts';
import type { Progress, TableKind } from '../../../ingest/types.ts';
import type { IngestClient } from '../ingest-client.ts';
import type { Engine } from '../../../engine/types.ts';
import type { StoredMeta } from '../stored/dataset-store.ts';
import { buildDrafts, savedKinds, toImport, toSaved } from './import-draft.ts';
import { firstUnlinked, withAdded } from './add-files.ts';
import { columnParam } from '../../../ingest/read/headers.ts';
import { msg } from '../../../lib/message.ts';
import { recallMapping, rememberMapping } from './mapping-memory.ts';
import { checkMemory, type MemoryEnv } from '../memory.ts';
import type { DatasetState } from '../dataset.svelte.ts';
import type { DialogHost } from '../import-run.ts';

/** The dataset state's public parts the mapping screen reads and writes. */
export type MappingHost = DialogHost &
  Pick<DatasetState, 'stages' | 'readErrors' | 'memory' | 'current' | 'runImport' | 'adding'>;

/** Its private parts, as closures. */
export interface MappingInternals {
  client: IngestClient;
  /** Where mappings are remembered per header set (localStorage). */
  storage: Storage | null;
  memory(): MemoryEnv;
  /** The stored files of a dataset. */
  files(meta: StoredMeta): Promise<WorkerFile[]>;
  /** The files the shown dataset was imported from in this page, when it is not stored. */
  shownFiles(): WorkerFile[] | null;
  /** The shown dataset's name. */
  shownName(): string;
  /** The engine an import will run on, if started: the files' bytes go to it while the screen shows. */
  engine(): Engine | null;
  /** A new cancel controller for this read. */
  newAbort(): void;
  /** Progress from zero, for `rows` rows (0: unknown). */
  startProgress(rows: number): void;
  /** The cancel signal and progress callback of the running read. */
  run(): { signal?: AbortSignal; onProgress: (p: Progress) => void };
  fail(e: unknown): void;
}

export class MappingScreen {
  #host: MappingHost;
  #own: MappingInternals;

  constructor(host: MappingHost, own: MappingInternals) {
    this.#host = host;
    this.#own = own;
  }

  /** Files dropped or picked: check memory, then inspect them for the mapping screen. */
  async open(files: File[], force: boolean): Promise<void> {
    const host = this.#host;
    if (files.length === 0 || host.busy) return;
    host.sources = files.map((f) => ({ name: f.name, blob: f }));
    host.adding = null;
    host.error = null;
    host.memory = checkMemory(files, this.#own.memory());
    if (!host.memory.ok && !force) {
      host.stage = 'memory';
      return;
    }
    await this.inspect();
  }

  /**
   * The mapping screen again for the shown dataset's stored files, with `extra` files added (a
   * stage history the funnel asks for): each file's mapping is pre-filled and can be changed.
   */
  async remap(extra: File[]): Promise<void> {
    const host = this.#host;
    if (host.busy) return;
    const files = [...(await this.#shown()), ...extra.map((f) => ({ name: f.name, blob: f }))];
    if (files.length === 0) return;
    host.sources = files;
    host.adding = null;
    host.error = null;
    host.memory = null;
    await this.inspect();
  }

  /**
   * "Add files…": the shown dataset's files (stored, or imported in this page) with `extra`, on
   * the mapping screen, theirs pre-filled as they were imported; "Import" then rebuilds the
   * dataset from all of them under its name. Returns false when there is nothing to add to.
   */
  async add(extra: File[]): Promise<boolean> {
    const host = this.#host;
    if (host.busy || extra.length === 0) return false;
    const kept = await this.#shown();
    if (kept.length === 0) return false;
    const added = extra.map((f) => ({ name: f.name, blob: f }));
    host.sources = withAdded(kept, added);
    host.adding = {
      name: this.#own.shownName(),
      replaces: host.current?.id ?? null,
      added: added.map((f) => f.name),
    };
    host.error = null;
    host.memory = null;
    await this.inspect();
    return true;
  }

  /** The files of the dataset shown: its stored ones, else those imported in this page. */
  async #shown(): Promise<WorkerFile[]> {
    const cur = this.#host.current;
    if (cur) return this.#own.files(cur).catch(() => []);
    return this.#own.shownFiles() ?? [];
  }

  /** (Re-)reads the pending files with their current per-file settings. */
  async inspect(): Promise<void> {
    const host = this.#host;
    const own = this.#own;
    host.stage = 'inspecting';
    own.newAbort();
    own.startProgress(0);
    const recall = (key: string) => recallMapping(own.storage as Storage, key);
    try {
      const early = own.engine() ?? undefined;
      let inspection: Inspection = await own.client.inspect(host.sources, {}, own.run(), early);
      // A remembered kind pre-fills a file the user has not set; once they pick a kind, it is
      // theirs: re-reading the file must not put the remembered one back.
      const kinds = savedKinds(inspection, recall);
      for (const s of host.sources) if (s.kind !== undefined) kinds.delete(s.name);
      if (kinds.size > 0) {
        host.sources = host.sources.map((s) =>
          kinds.has(s.name) ? { ...s, kind: kinds.get(s.name)! } : s,
        );
        inspection = await own.client.inspect(host.sources, {}, own.run(), early);
      }
      const { tables, stages } = buildDrafts(inspection, host.sources, recall);
      host.tables = tables;
      host.stages = stages;
      host.readErrors = inspection.errors;
      host.stage = 'mapping';
    } catch (e) {
      own.fail(e);
    } finally {
      host.progress = null;
    }
  }

  /** Changes a file's encoding, sheet or table kind and reads it again. */
  async setSource(
    index: number,
    patch: { encoding?: string; sheet?: string; kind?: TableKind },
  ): Promise<void> {
    this.#host.sources = this.#host.sources.map((s, i) => {
      if (i !== index) return s;
      const next = { ...s, ...patch };
      for (const k of ['encoding', 'sheet'] as const) if (!next[k]) delete next[k];
      return next;
    });
    await this.inspect();
  }

  /** The screen closed without an import: what was registered for it goes. */
  close(): void {
    // The refusal belongs to the screen: closed, it must not stay on the page as a notice.
    if (this.#host.error?.code === 'add_noLink') this.#host.error = null;
    this.#host.adding = null;
    this.#own.client.forget();
  }

  /** "Import": remembers the mapping per header set, then imports. */
  async confirm(): Promise<void> {
    const { sources, tables, stages, adding } = this.#host;
    // A file that joins nothing would be imported as a table no report can reach: the dataset
    // stays as it was and the screen says which file and column, so the user can map the key.
    const unlinked = adding ? firstUnlinked(tables, adding.added) : null;
    if (unlinked) {
      this.#host.error = msg('add_noLink', {
        file: unlinked.file,
        column: columnParam(unlinked.column),
      });
      return;
    }
    for (const t of tables)
      rememberMapping(this.#own.storage as Storage, t.key, toSaved(t, stages));
    const { files, options } = toImport(sources, tables, stages);
    const name = adding?.name ?? sources[0]?.name.replace(/\.[^.]+$/, '') ?? 'import';
    const rows = tables.reduce((s, t) => s + t.rows, 0);
    const replaces = adding?.replaces;
    if (
      await this.#host.runImport(name, files, options, { rows, ...(replaces ? { replaces } : {}) })
    )
      this.#host.adding = null;
  }
}
