import { english, type Message } from '../../../src/lib/message.ts';
import { describe, expect, it } from 'vitest';
import {
  MAX_DEMO_DEALS,
  hasSpec,
  pageSearch,
  readPageParams,
} from '../../../src/state/page/page-params.ts';
import {
  setOption,
  setTransitions,
  showsTransitions,
  zoneUse,
} from '../../../src/state/report/analysis-edit.ts';
import { firstSentence } from '../../../src/state/library/gallery.svelte.ts';
import { defaultSpec, type ReportSpec, type SpecOf } from '../../../src/query/spec/spec.ts';

/** The English rendering of a link error, or null. */
const englishOf = (m: Message | null) => (m ? english(m) : null);

const spec = (patch: Partial<ReportSpec>): ReportSpec =>
  ({ ...defaultSpec(), ...patch }) as ReportSpec;
const dynamics = (options: SpecOf<'dynamics'>['options'] = {}): SpecOf<'dynamics'> => ({
  ...defaultSpec(),
  analysis: 'dynamics',
  options,
});

describe('page URL', () => {
  it('a page without a report has no spec and no error', () => {
    expect(readPageParams('')).toEqual({ spec: null, error: null, lang: null, demoDeals: null });
    expect(readPageParams('?lang=ru&demo=5000')).toEqual({
      spec: null,
      error: null,
      lang: 'ru',
      demoDeals: 5000,
    });
    expect(hasSpec(new URLSearchParams('lang=en&data=x'))).toBe(false);
  });

  it('caps the demo size and refuses nonsense', () => {
    expect(readPageParams('?demo=99999999').demoDeals).toBe(MAX_DEMO_DEALS);
    expect(englishOf(readPageParams('?demo=abc').error)).toMatch(/demo/);
    expect(englishOf(readPageParams('?lang=de').error)).toMatch(/lang/);
  });

  it('round-trips a spec with the page parameters kept, readable and compact', () => {
    const s = spec({
      rows: [{ field: 'manager' }],
      columns: [{ field: 'period', grain: 'quarter' }],
      measures: ['revenue', 'won'],
      period: { from: '2024-01-01', to: '2024-12-31' },
      preset: 'managers',
    });
    const search = pageSearch(s, '?demo=1000&data=https%3A%2F%2Fx.org%2Fa.csv&lang=en', 'ru');
    expect(search).toBe(
      '?data=https://x.org/a.csv&lang=ru&demo=1000&v=1&rows=manager&cols=period:quarter&m=revenue,won&from=2024-01-01&to=2024-12-31&preset=managers',
    );
    const back = readPageParams(search);
    expect(back.error).toBeNull();
    expect(back.spec).toEqual(s);
    expect(back.demoDeals).toBe(1000);
  });

  it('keeps escaped commas in names apart from list commas', () => {
    const s = spec({ rows: [{ field: 'a,b:c' }], measures: ['deals'] });
    expect(readPageParams(pageSearch(s, '', 'en')).spec).toEqual(s);
  });

  it('an invalid link gives a message and no spec', () => {
    const r = readPageParams('?v=1&rows=manager&bogus=1');
    expect(r.spec).toBeNull();
    expect(englishOf(r.error)).toMatch(/bogus/);
    expect(englishOf(readPageParams('?v=1&a=nonsense').error)).toMatch(/analysis/);
  });
});

describe('analysis edits', () => {
  it('sets and clears options without touching the input', () => {
    const s = dynamics({ grain: 'quarter' });
    const t = setOption(s, 'lapseAfter', 3);
    expect(t.options).toEqual({ grain: 'quarter', lapseAfter: 3 });
    expect(s.options).toEqual({ grain: 'quarter' });
    expect(setOption(t, 'grain', undefined).options).toEqual({ lapseAfter: 3 });
  });

  it('toggles the transition matrix through the view option', () => {
    const s = dynamics();
    const on = setTransitions(s, true);
    expect(on.options).toEqual({ view: 'transitions' });
    expect(on.columns).toEqual([]);
    expect(showsTransitions(on)).toBe(true);
    expect(showsTransitions(setTransitions(on, false))).toBe(false);
    expect(setTransitions(on, false).options).toEqual({});
  });

  it('says which zones an analysis reads', () => {
    expect(zoneUse('pivot')).toEqual({ rows: 'all', columns: true, measures: true });
    expect(zoneUse('funnel')).toEqual({ rows: 'split', columns: false, measures: false });
  });

  it('cards show the first sentence of the help', () => {
    expect(firstSentence('Which sources bring deals. Compare win rate.')).toBe(
      'Which sources bring deals.',
    );
    expect(firstSentence('No stop')).toBe('No stop');
  });
});
