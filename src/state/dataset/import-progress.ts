/**
 * What the progress bar of the import dialog shows, from the events of whatever is loading: the
 * ingest pipeline (per file and phase), a link download, or a snapshot being restored.
 */
import type { Progress } from '../../ingest/types.ts';
import type { RestoreProgress } from './stored/dataset-persist.ts';
import type { FetchProgress } from './links/link-fetch.ts';

export interface ImportProgress {
  /** 0..1, or null when the total is unknown. */
  fraction: number | null;
  /** The file (or, restoring, the table) being worked on. */
  file: string;
  phase: Progress['phase'] | 'fetch' | 'save' | 'restore';
  rows: number;
}

/** Sums the ingest pipeline's per-file progress into one bar. */
export class IngestProgress {
  #totalRows: number;
  #done: Record<string, number> = {};

  /** `totalRows`: the rows the mapping screen expects (0: unknown). */
  constructor(totalRows: number) {
    this.#totalRows = totalRows;
  }

  get start(): ImportProgress {
    return { fraction: this.#totalRows ? 0 : null, file: '', phase: 'read', rows: 0 };
  }

  next(p: Progress): ImportProgress {
    this.#done[`${p.phase}:${p.file}`] = p.rows;
    // Reading only scans a sample now; the rows loaded are the import's progress.
    const sum = Object.entries(this.#done)
      .filter(([k]) => k.startsWith('load:'))
      .reduce((s, [, v]) => s + v, 0);
    const fraction = this.#totalRows
      ? Math.min(p.phase === 'link' ? 0.99 : 0.98, sum / this.#totalRows)
      : null;
    return { fraction, file: p.file, phase: p.phase, rows: p.rows };
  }
}

export function fetchProgress(p: FetchProgress): ImportProgress {
  return {
    fraction: p.total ? p.received / p.total : null,
    file: p.url,
    phase: 'fetch',
    rows: p.received,
  };
}

export function restoreProgress(p: RestoreProgress): ImportProgress {
  return { fraction: p.fraction, file: p.table, phase: 'restore', rows: 0 };
}
