/**
 * Files added to the dataset shown ("Add files…"), pure: the dataset's own files with the new
 * ones, and the check that each new file links to what is there before anything is imported.
 * The dataset is then rebuilt from all of them, so its snapshot and reload need nothing new.
 */
import type { WorkerFile } from '../../../ingest/protocol.ts';
import { KEY_ROLE } from '../../../crm/vocabulary.ts';
import type { TableDraft } from './import-draft.ts';

/** The dataset files are being added to, while the mapping screen shows. */
export interface AddingTo {
  /** Its name: the combined dataset keeps it. */
  name: string;
  /** Its stored entry, replaced by the combined one once that is saved (null: not stored). */
  replaces: string | null;
  /** The names of the files added. */
  added: string[];
}

/**
 * The dataset's files followed by the added ones. An added file named like one of the dataset's
 * takes its place: a newer export of the same table replaces the old, it is not read twice.
 */
export function withAdded(kept: WorkerFile[], extra: WorkerFile[]): WorkerFile[] {
  const names = new Set(extra.map((f) => f.name));
  return [...kept.filter((f) => !names.has(f.name)), ...extra];
}

/** An added file that links to nothing of the dataset, and the column tried for the link. */
export interface Unlinked {
  file: string;
  column: string;
}

/**
 * The first added table that would not join the dataset: a lookup whose key matched no column,
 * or activities / a stage history whose deal column shares no value with the deals' ids. More
 * deals (kind deals or orders) are appended or extend the deals, so they always fit.
 */
export function firstUnlinked(tables: TableDraft[], added: readonly string[]): Unlinked | null {
  for (const t of tables) {
    if (!added.includes(t.file.replace(/#.*$/, ''))) continue;
    if (t.kind === 'deals' || t.kind === 'orders') continue;
    // A lookup is the `to` side of the deals' link to it; activities and history the `from` side.
    if (t.links.some((r) => r.overlap > 0)) continue;
    const tried = t.links.find((r) => r.from === t.file)?.fromColumn;
    const role = t.kind === 'activities' || t.kind === 'stage_history' ? 'deal_id' : KEY_ROLE;
    const column =
      tried ?? t.columns.find((c) => c.role === role && !c.ignore)?.header ?? t.headers[0] ?? '';
    return { file: t.file, column };
  }
  return null;
}
