/**
 * Writes the shown dataset's snapshot in the background after it is loaded, and says how that
 * went. One at a time: a new load stops the running one first, since it reads the very tables
 * the load replaces.
 */
import { messageOf, type Message } from '../../../lib/message.ts';
import type { DatasetModel } from '../../../crm/model.ts';
import type { Engine } from '../../../engine/types.ts';
import type { ImportReport } from '../../../ingest/report.ts';
import { isQuotaError, saveSnapshot } from './dataset-persist.ts';
import type { DatasetStore } from './dataset-store.ts';

/**
 * Whether the shown dataset's built tables are kept for a fast reload: being written, written, or
 * not kept (`full`: no space left in the browser's storage; `failed`: another reason).
 */
export type PersistState =
  | { state: 'saving' }
  | { state: 'saved'; bytes: number }
  | { state: 'full' | 'failed'; reason: Message };

export class SnapshotKeeper {
  /** null: nothing to keep (the demo, a dataset loaded from its snapshot, no OPFS). */
  state = $state.raw<PersistState | null>(null);

  #store: DatasetStore;
  #abort: AbortController | null = null;
  #running: Promise<void> = Promise.resolve();

  constructor(store: DatasetStore) {
    this.#store = store;
  }

  /** Starts writing `id`'s snapshot from the engine's tables (stopping any running one). */
  keep(id: string, engine: Engine, data: { model: DatasetModel; report: ImportReport }): void {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    this.state = { state: 'saving' };
    const settle = (s: PersistState) => {
      if (!abort.signal.aborted) this.state = s;
    };
    const prev = this.#running;
    this.#running = prev
      .then(() => saveSnapshot(engine, this.#store, id, data, abort.signal))
      .then(
        (m) => settle({ state: 'saved', bytes: m.bytes }),
        (e: unknown) =>
          settle({
            state: isQuotaError(e) ? 'full' : 'failed',
            reason: messageOf(e),
          }),
      );
  }

  /** Stops the snapshot being written; resolves once its partial files are removed. */
  async stop(): Promise<void> {
    this.#abort?.abort();
    this.#abort = null;
    this.state = null;
    await this.#running;
  }
}
