/**
 * The import dialog's words for what it does: importing files as a dataset, or adding them to the
 * dataset shown ("Add files…"), whose button read "Import" though it adds and keeps the dataset.
 */
import type { MessageKey } from '../../lib/i18n.ts';

export interface ImportWords {
  /** The dialog's title while it reads or imports. */
  title: MessageKey;
  /** The mapping screen's button. */
  action: MessageKey;
  /** The progress while it imports and no file is named. */
  busy: MessageKey;
}

/** The words of an import, or of an addition to the dataset shown (`adding`). */
export function importWords(adding: boolean): ImportWords {
  return adding
    ? { title: 'addFiles', action: 'addAction', busy: 'addingData' }
    : { title: 'importFiles', action: 'importAction', busy: 'importingData' };
}
