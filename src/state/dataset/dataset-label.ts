/**
 * The dataset in words, as the header's dataset menu names it and a printed report says what it
 * was made from: the server connected to, the demo, else the imported dataset's own name.
 */
import type { Translate } from '../../lib/i18n.ts';

export interface DatasetLabelSource {
  /** The loaded model's name; null before anything is loaded. */
  model: { name: string } | null;
  isDemo: boolean;
  /** The stored dataset's name, which the user may have changed from the file's. */
  stored: { name: string } | null;
  server: { url: string; database: string | null } | null;
}

/** "" when nothing is loaded yet. */
export function datasetLabel(s: DatasetLabelSource, t: Translate): string {
  if (!s.model) return '';
  if (s.server)
    return t('chConnected', {
      server: `${s.server.url}${s.server.database ? ` · ${s.server.database}` : ''}`,
    });
  if (s.isDemo) return `${t('demoData')}: ${s.model.name}`;
  return s.stored?.name ?? s.model.name;
}
