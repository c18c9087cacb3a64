/**
 * Stage or status text → open / won / lost. The built-in words cover the CRMs' default closing
 * stages in Russian and English; the user's `won`/`lost` lists extend them.
 */
import { LOST_WORDS, normalizeHeader, WON_WORDS } from '../../crm/synonyms.ts';

export type Outcome = 'open' | 'won' | 'lost';

export interface OutcomeWords {
  won?: string[];
  lost?: string[];
}

/** Classifies one value; anything not known to close a deal is open. */
export function outcomeOf(value: string, words: OutcomeWords = {}): Outcome {
  const v = normalizeHeader(value);
  const won = new Set([...WON_WORDS, ...(words.won ?? [])].map(normalizeHeader));
  const lost = new Set([...LOST_WORDS, ...(words.lost ?? [])].map(normalizeHeader));
  if (won.has(v)) return 'won';
  if (lost.has(v)) return 'lost';
  // "Closed Won - renewal", "Closed Lost (no budget)": Salesforce and HubSpot add suffixes.
  if (/^closed won\b/.test(v)) return 'won';
  if (/^closed lost\b/.test(v)) return 'lost';
  return 'open';
}

/** Maps every distinct value; only the closing ones are listed (the rest default to open). */
export function outcomeMap(
  values: Iterable<string>,
  words: OutcomeWords = {},
): Map<string, Outcome> {
  const out = new Map<string, Outcome>();
  for (const v of values) {
    const o = outcomeOf(v, words);
    if (o !== 'open') out.set(v, o);
  }
  return out;
}
