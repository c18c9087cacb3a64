/**
 * Why "show as" is off, or leaves some measures as values, in the UI language (TableBar.svelte).
 * Pure.
 */
import type { Lang, Translate } from '../../lib/i18n.ts';
import type { ShowAs } from '../../query/spec/spec.ts';

export interface ShowAsFacts {
  /** Whether a measure's share means something (`MeasureDef.shareable`). */
  shareable: (measure: string) => boolean;
  /** The measures left as values under the current "show as" (the pivot's layout says). */
  notShareable: string[];
  name: (measure: string) => string;
  t: Translate;
  lang: Lang;
}

/** The hint, or '' when there is nothing to say. */
export function showAsHint(
  spec: { totals: boolean; show: ShowAs; measures: string[] },
  f: ShowAsFacts,
): string {
  // A report of rates alone (win rate by source) had the control greyed out with no word why;
  // turning totals on would not help it.
  const none = spec.measures.some(f.shareable) ? [] : spec.measures;
  if (!spec.totals && none.length === 0) return f.t('showAsNeedsTotals');
  const values = none.length ? none : spec.show !== 'value' ? f.notShareable : [];
  if (values.length === 0) return '';
  // Each name in quotes of its own: «A, B» read as one name.
  const quote = (s: string) => (f.lang === 'ru' ? `«${s}»` : `“${s}”`);
  return f.t('showAsNotShareable', { names: values.map((m) => quote(f.name(m))).join(', ') });
}
