// A note beside a result stands on its own in the status bar (StatusBar.svelte), so it is a
// sentence: a capital first letter, in English and in Russian ("filter on 'Region' does not
// apply to deals", «приближённо: нет истории этапов» started lowercase). A note that starts with
// a name ({measures}: …, «{key}» …) takes the name's own letter. A note nested in another
// ({then} of note_leftOutThen) starts a sentence of its own there too.
import { describe, expect, it } from 'vitest';
import { DICTIONARIES, LANGS, type MessageKey } from '../../src/lib/i18n.ts';
import { msg, render } from '../../src/lib/message.ts';

/** The message codes the status bar shows: its own lines and every note beside a result. */
const STATUS: MessageKey[] = [
  'statusEngine',
  'statusDataset',
  'statusImport',
  'statusRunning',
  'statusReady',
  'statusError',
  'statusIdle',
  'largeWaiting',
  'notInData',
  'undatedShow',
];
const codes = (Object.keys(DICTIONARIES.en) as MessageKey[]).filter(
  (k) => k.startsWith('note_') || STATUS.includes(k),
);

/** The template's first letter, unless a placeholder (a name, a number) opens it. */
function firstLetter(template: string): string | null {
  const start = template.replace(/^['«“"]/, '');
  if (start.startsWith('{')) return null;
  return start.match(/\p{L}/u)?.[0] ?? null;
}

describe('status-bar notes are sentences', () => {
  it('lists the notes', () => expect(codes.length).toBeGreaterThan(30));

  it.each(LANGS)('%s: every note starts with a capital letter', (lang) => {
    const lower = codes.filter((code) => {
      const letter = firstLetter(DICTIONARIES[lang][code]);
      return letter !== null && letter === letter.toLowerCase();
    });
    expect(lower).toEqual([]);
  });

  it.each(LANGS)('%s: a note after another one starts a sentence of its own', (lang) => {
    const text = render(
      lang,
      msg('note_leftOutThen', {
        columns: 'x',
        needs: 'y',
        then: msg('note_forecastByCount'),
      }),
    );
    const then = render(lang, msg('note_forecastByCount'));
    expect(text.endsWith(`. ${then}`)).toBe(true);
  });
});
