/**
 * The datasets kept in this browser (dataset-store.ts) as the page sees them: the list, which one
 * is shown (remembered for the next visit), whether the browser agreed to keep them, and saving,
 * removing and forgetting them. Loading one is DatasetState's; this is only the catalog.
 */
import type { WorkerFile, WorkerOptions } from '../../../ingest/protocol.ts';
import type { DatasetStore, StoredMeta } from './dataset-store.ts';
import { forgetMappings } from '../mapping/mapping-memory.ts';

type Storage_ = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const ACTIVE_KEY = 'crm-workbench.dataset';

export interface StoredDeps {
  store: DatasetStore;
  storage: Storage_ | null;
  /** `navigator.storage.persist`, asked on the first save so imports are not evicted. */
  persist?: () => Promise<boolean>;
}

export class StoredDatasets {
  list = $state.raw<StoredMeta[]>([]);
  /** The stored dataset shown, or null for the demo (or data kept only for this session). */
  current = $state.raw<StoredMeta | null>(null);
  /** Whether the browser agreed to keep stored datasets (null: not asked or cannot tell). */
  persisted = $state<boolean | null>(null);
  /** Whether the data survives a reload here (OPFS available). */
  readonly available: boolean;

  #deps: StoredDeps;

  constructor(deps: StoredDeps) {
    this.#deps = deps;
    this.available = deps.store.available;
  }

  async refresh(): Promise<void> {
    this.list = await this.#deps.store.list().catch(() => []);
  }

  /** The dataset shown last time, if it is still stored. */
  last(): StoredMeta | undefined {
    const id = this.#deps.storage?.getItem(ACTIVE_KEY);
    return this.list.find((m) => m.id === id);
  }

  /** The stored files of `meta`, ready to import again. */
  files(meta: StoredMeta): Promise<WorkerFile[]> {
    return this.#deps.store.load(meta);
  }

  /**
   * Stores an import's files and makes it the current dataset. A dataset from the same link is
   * replaced: opening the link again refreshes its dataset rather than adding a copy.
   */
  async save(
    head: { id: string; name: string; options: WorkerOptions; link?: string },
    files: WorkerFile[],
  ): Promise<StoredMeta> {
    const replaced = head.link ? this.list.filter((m) => m.link === head.link) : [];
    await this.#askPersist();
    const meta = await this.#deps.store.save(head, files);
    for (const old of replaced) await this.#deps.store.remove(old.id);
    this.setCurrent(meta);
    return meta;
  }

  remove(id: string): Promise<void> {
    return this.#deps.store.remove(id);
  }

  /** Deletes every stored dataset and remembered mapping. */
  async clear(): Promise<void> {
    await this.#deps.store.clear();
    forgetMappings(this.#deps.storage);
    this.#deps.storage?.removeItem(ACTIVE_KEY);
    this.list = [];
  }

  setCurrent(meta: StoredMeta | null): void {
    this.current = meta;
    try {
      if (meta) this.#deps.storage?.setItem(ACTIVE_KEY, meta.id);
      else this.#deps.storage?.removeItem(ACTIVE_KEY);
    } catch {
      // storage blocked: the choice lasts for this session
    }
  }

  /** Asks once per page that the browser keep stored datasets; a refusal only means eviction. */
  async #askPersist(): Promise<void> {
    if (this.persisted !== null || !this.#deps.persist) return;
    this.persisted = await this.#deps.persist().catch(() => false);
  }
}
