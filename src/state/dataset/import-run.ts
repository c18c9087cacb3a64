/**
 * The one thing the import dialog runs at a time — files read for the mapping screen, an import, a
 * link's download, a stored dataset's restore: its cancel signal, its progress bar, and how its
 * failure or cancel leaves the dialog. DatasetState owns one; the mapping screen, links and loads
 * share it, so "Cancel" stops whichever is running.
 */
import type { Progress } from '../../ingest/types.ts';
import { messageOf, msg } from '../../lib/message.ts';
import { IngestError } from './ingest-client.ts';
import { IngestProgress } from './import-progress.ts';
import type { DatasetState } from './dataset.svelte.ts';

/**
 * The import dialog's state on DatasetState: what a run writes, and what the mapping screen and
 * a load write besides their own parts.
 */
export type DialogHost = Pick<
  DatasetState,
  'busy' | 'stage' | 'error' | 'progress' | 'sources' | 'tables'
>;

export class ImportRun {
  #host: DialogHost;
  #abort: AbortController | null = null;
  #ingest = new IngestProgress(0);

  constructor(host: DialogHost) {
    this.#host = host;
  }

  /** A new cancel controller for what starts now; its signal. */
  begin(): AbortSignal {
    return (this.#abort = new AbortController()).signal;
  }

  /**
   * The running controller kept (a link's download goes on into its import, one cancel for
   * both), or a new one when there is none or it was already cancelled.
   */
  resume(): void {
    this.#abort ??= new AbortController();
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
  }

  /** Nothing runs any more: a later cancel must not reach what runs next. */
  end(): void {
    this.#abort = null;
  }

  cancel(): void {
    this.#abort?.abort();
  }

  /** The progress bar from zero, for `totalRows` rows (0: unknown). */
  startProgress(totalRows: number): void {
    this.#ingest = new IngestProgress(totalRows);
    this.#host.progress = this.#ingest.start;
  }

  /** The cancel signal and progress callback to hand the ingest client. */
  callbacks(): { signal?: AbortSignal; onProgress: (p: Progress) => void } {
    return {
      signal: this.#abort?.signal,
      onProgress: (p: Progress) => (this.#host.progress = this.#ingest.next(p)),
    };
  }

  /** A failure (or cancel) shown: back to the mapping screen when there is one. */
  fail(e: unknown): void {
    const host = this.#host;
    const aborted =
      (e instanceof IngestError && e.aborted) ||
      (e instanceof DOMException && e.name === 'AbortError');
    host.error = aborted ? msg('import_cancelled') : messageOf(e);
    host.stage = host.tables.length > 0 ? 'mapping' : aborted ? 'closed' : 'error';
    host.progress = null;
  }
}
