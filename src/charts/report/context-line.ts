/**
 * What a report counts, in one line: its period (with both sides when it is compared) and its
 * filters. A printed band of columns repeats it under the title, so a page torn off the printout
 * still says which period and filters its numbers are for.
 */
import type { Translate } from '../../lib/i18n.ts';
import type { Heading } from './heading.ts';

export function contextLine(head: Heading, t: Translate): string {
  const { period, versus, filters } = head;
  return versus
    ? t('printContextCompared', { period, versus, filters })
    : t('printContext', { period, filters });
}
