import { english, render, type Message } from '../../../src/lib/message.ts';
import { describe, expect, it } from 'vitest';
import {
  MAX_DEMO_DEALS,
  hasSpec,
  localNote,
  pageUrl,
  specParams,
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
  it('a fragment naming only a preset is a preset link, with its period if given', () => {
    const p = readPageParams('?lang=ru', '#preset=funnel');
    expect(p.spec).toBeNull();
    expect(p.error).toBeNull();
    expect(p.preset).toEqual({ id: 'funnel', period: null });
    expect(readPageParams('', '#v=1&preset=managers&from=2025-01-01&to=2025-03-31').preset).toEqual(
      {
        id: 'managers',
        period: { from: '2025-01-01', to: '2025-03-31' },
      },
    );
    // The old query-string place works too.
    expect(readPageParams('?preset=ltv&lang=en').preset).toEqual({ id: 'ltv', period: null });
  });

  it('a preset with any other part of a report is that report, labelled by the preset', () => {
    const p = readPageParams('', '#v=1&rows=manager&m=revenue&preset=managers');
    expect(p.preset).toBeNull();
    expect(p.spec?.preset).toBe('managers');
    expect(p.spec?.measures).toEqual(['revenue']);
  });

  it('a preset link naming no preset says which there are', () => {
    const p = readPageParams('', '#preset=funel');
    expect(p.spec).toBeNull();
    expect(p.preset).toBeNull();
    expect(englishOf(p.error)).toMatch(/no report 'funel' \(reports: by-source, .*funnel.*\)/);
    expect(english(readPageParams('', '#preset=funnel&from=2025-01-01').error!)).toMatch(/from/);
  });

  it('a page without a report has no spec and no error', () => {
    expect(readPageParams('')).toEqual({
      spec: null,
      error: null,
      reportRefused: false,
      lang: null,
      demoDeals: null,
      server: null,
      preset: null,
      local: false,
    });
    expect(readPageParams('?lang=ru&demo=5000')).toEqual({
      spec: null,
      error: null,
      reportRefused: false,
      lang: 'ru',
      demoDeals: 5000,
      server: null,
      preset: null,
      local: false,
    });
    expect(hasSpec(new URLSearchParams('lang=en&data=x'))).toBe(false);
  });

  it('caps the demo size and refuses nonsense', () => {
    expect(readPageParams('?demo=99999999').demoDeals).toBe(MAX_DEMO_DEALS);
    expect(englishOf(readPageParams('?demo=abc').error)).toMatch(/demo/);
    expect(englishOf(readPageParams('?lang=de').error)).toMatch(/lang/);
  });

  it("says what is wrong in sentences of their own, after the banner's: capitalised, no 'link:'", () => {
    const two = readPageParams('?lang=de&demo=abc').error!;
    expect(english(two)).toBe(
      "Parameter 'lang' is one of en, ru. Parameter 'demo' is a number of deals from 1 to 2,000,000.",
    );
    expect(render('ru', two)).toBe(
      'Параметр «lang» — одно из: en, ru. Параметр «demo» — число сделок от 1 до 2\u00a0000\u00a0000.',
    );
    const fromTo = readPageParams('', '#v=1&rows=manager&m=revenue&from=2024-01-01').error!;
    expect(english(fromTo)).toBe("Parameters 'from' and 'to' go together: give both or neither.");
    expect(render('ru', fromTo)).toBe(
      'Параметры «from» и «to» задаются вместе: оба или ни одного.',
    );
    const preset = readPageParams('', '#preset=nope').error!;
    expect(english(preset)).toMatch(/^There is no report 'nope' \(reports: by-source, .*\)\.$/);
    expect(render('ru', preset)).toMatch(/^Нет отчёта «nope» \(отчёты: by-source, .*\)\.$/);
  });

  it('round-trips a spec with the page parameters kept, readable and compact', () => {
    const s = spec({
      rows: [{ field: 'manager' }],
      columns: [{ field: 'period', grain: 'quarter' }],
      measures: ['revenue', 'won'],
      period: { from: '2024-01-01', to: '2024-12-31' },
      preset: 'managers',
    });
    const url = pageUrl(s, '?demo=1000&data=https%3A%2F%2Fx.org%2Fa.csv&lang=en', 'ru');
    expect(url).toBe(
      '?data=https://x.org/a.csv&lang=ru&demo=1000#v=1&rows=manager&cols=period:quarter&m=revenue,won&from=2024-01-01&to=2024-12-31&preset=managers',
    );
    const [search, hash] = url.split('#') as [string, string];
    const back = readPageParams(search, `#${hash}`);
    expect(back.error).toBeNull();
    expect(back.spec).toEqual(s);
    expect(back.demoDeals).toBe(1000);
  });

  it('keeps escaped commas in names apart from list commas', () => {
    const s = spec({ rows: [{ field: 'a,b:c' }], measures: ['deals'] });
    const [search, hash] = pageUrl(s, '', 'en').split('#') as [string, string];
    expect(readPageParams(search, `#${hash}`).spec).toEqual(s);
  });

  it("writes a cross-tab column's sort readably, as the README shows it: `@` and `~` (an empty member) as they are", () => {
    const s = spec({
      rows: [{ field: 'manager' }],
      columns: [{ field: 'source' }, { field: 'closed_at', grain: 'quarter' }],
      measures: ['revenue'],
      sort: [{ key: 'revenue', dir: 'desc', column: [null, '2024-Q3'] }],
    });
    const [search, hash] = pageUrl(s, '', 'en').split('#') as [string, string];
    expect(hash).toContain('sort=revenue:desc@~@2024-Q3');
    expect(readPageParams(search, `#${hash}`).spec).toEqual(s);
    // A member's own `@` and `~` stay escaped, so they never read as separators.
    const odd = spec({ ...s, sort: [{ key: 'revenue', dir: 'desc', column: ['a@b~c', '~'] }] });
    const [search2, hash2] = pageUrl(odd, '', 'en').split('#') as [string, string];
    expect(hash2).toContain('sort=revenue:desc@a%2540b%257Ec@%257E');
    expect(readPageParams(search2, `#${hash2}`).spec).toEqual(odd);
  });

  it('tells a refused page parameter from a refused report: the report of `?lang=de#…` still opens', () => {
    for (const bad of ['?lang=de', '?demo=abc', '?local=2', '?engine=mysql&url=http://x']) {
      const r = readPageParams(bad, '#v=1&rows=source&m=deals');
      expect(r.error, bad).not.toBeNull();
      expect(r.reportRefused, bad).toBe(false);
      expect(r.spec?.rows, bad).toEqual([{ field: 'source' }]);
    }
    expect(readPageParams('?lang=en', '#preset=funel').reportRefused).toBe(true);
    expect(readPageParams('?lang=de', '#v=1&rows=source&bogus=1').reportRefused).toBe(true);
    expect(readPageParams('?lang=en', '#v=1&rows=source&m=deals').reportRefused).toBe(false);
  });

  it('an invalid link gives a message and no spec', () => {
    const r = readPageParams('?v=1&rows=manager&bogus=1');
    expect(r.spec).toBeNull();
    expect(englishOf(r.error)).toMatch(/bogus/);
    expect(englishOf(readPageParams('?v=1&a=nonsense').error)).toMatch(
      /^Parameter 'a': expected one of pivot/,
    );
  });
});

describe('the report after #', () => {
  const s = spec({
    rows: [{ field: 'client' }],
    measures: ['revenue'],
    filters: [{ field: 'client', op: 'in', values: ['ООО «Ромашка»', 'Acme, Inc.'] }],
  });

  it('new links keep filter values out of the query string the host sees', () => {
    const url = pageUrl(s, '?lang=en', 'en');
    const [search, hash] = url.split('#') as [string, string];
    expect(search).toBe('?lang=en');
    expect(search).not.toMatch(/Acme|%D0%9E|f=/);
    expect(hash).toMatch(/^v=1&rows=client&m=revenue&f=/);
    expect(readPageParams(search, `#${hash}`).spec).toEqual(s);
  });

  it('old ? links still open their report, and move it after # when written again', () => {
    const old = '?lang=en&v=1&rows=manager&m=revenue,won';
    const r = readPageParams(old, '');
    expect(r.error).toBeNull();
    expect(r.spec?.rows).toEqual([{ field: 'manager' }]);
    expect(pageUrl(r.spec!, old, 'en')).toBe('?lang=en#v=1&rows=manager&m=revenue,won');
  });

  it('the fragment wins over an old query; an anchor is not a report', () => {
    expect(specParams('?v=1&rows=manager', '#v=1&rows=source')?.get('rows')).toBe('source');
    expect(specParams('?v=1&rows=manager', '#report-result')?.get('rows')).toBe('manager');
    expect(specParams('?lang=en', '#report-result')).toBeNull();
    expect(readPageParams('?lang=ru', '#report-result')).toEqual({
      spec: null,
      error: null,
      reportRefused: false,
      lang: 'ru',
      demoDeals: null,
      server: null,
      preset: null,
      local: false,
    });
    expect(englishOf(readPageParams('', '#v=1&rows=x&bogus=1').error)).toMatch(/bogus/);
  });

  it('data= follows the dataset: set, removed, or kept', () => {
    const cur = '?data=old.csv&lang=en';
    expect(pageUrl(s, cur, 'en', 'ex/m.json').split('#')[0]).toBe('?data=ex/m.json&lang=en');
    expect(pageUrl(s, cur, 'en', null).split('#')[0]).toBe('?lang=en');
    expect(pageUrl(s, cur, 'en').split('#')[0]).toBe('?data=old.csv&lang=en');
  });

  it('local=1 follows data imported in this browser: set, removed, or kept; anything else is refused', () => {
    const cur = '?lang=en&local=1';
    expect(pageUrl(s, '?lang=en', 'en', null, undefined, true).split('#')[0]).toBe(
      '?lang=en&local=1',
    );
    expect(pageUrl(s, cur, 'en', null, undefined, false).split('#')[0]).toBe('?lang=en');
    expect(pageUrl(s, cur, 'en').split('#')[0]).toBe(cur);
    const opened = readPageParams(cur, '#v=1&rows=source');
    expect(opened.local).toBe(true);
    expect(opened.error).toBeNull();
    expect(opened.spec?.rows).toEqual([{ field: 'source' }]);
    expect(readPageParams('?lang=en').local).toBe(false);
    const bad = readPageParams('?local=yes');
    expect(bad.local).toBe(false);
    expect(englishOf(bad.error)).toMatch(/'local' takes 1/);
  });

  it("a report made on the sender's import says so where the page shows other data", () => {
    const opened = readPageParams('?local=1', '#v=1&rows=source');
    // The demo (or a dataset of the reader's): the numbers are not the sender's.
    expect(englishOf(localNote(opened, false))).toMatch(/^This link's report was made on data/);
    // The sender reopening it on the import this browser keeps: nothing to say.
    expect(localNote(opened, true)).toBeNull();
    expect(localNote(readPageParams('', '#v=1&rows=source'), false)).toBeNull();
  });

  it('a ClickHouse server in the query or after #: address, database and user, never a password', () => {
    const want = { url: 'http://localhost:8123', database: 'crm', user: 'ann' };
    const q = readPageParams('?engine=clickhouse&url=http://localhost:8123&database=crm&user=ann');
    expect(q.server).toEqual(want);
    expect(q.error).toBeNull();
    const h = readPageParams(
      '',
      '#engine=clickhouse&url=http://localhost:8123&database=crm&user=ann&v=1&rows=source',
    );
    expect(h.server).toEqual(want);
    expect(h.spec?.rows).toEqual([{ field: 'source' }]);
    expect(readPageParams('?engine=clickhouse&url=https://ch.example.com:8443').server).toEqual({
      url: 'https://ch.example.com:8443',
      database: null,
      user: null,
    });
    expect(englishOf(readPageParams('?engine=postgres&url=http://x').error)).toBe(
      "Parameter 'engine' is 'postgres'; only clickhouse can be named in a link.",
    );
    expect(englishOf(readPageParams('?engine=clickhouse&url=http://u:p@x:8123').error)).toMatch(
      /^Parameter 'url': not a ClickHouse server address: .*\)\.$/,
    );
    expect(readPageParams('?engine=clickhouse&url=javascript:alert(1)').server).toBeNull();
    const url = pageUrl(s, '?lang=en', 'en', null, want).split('#')[0]!;
    expect(url).toBe('?lang=en&engine=clickhouse&url=http://localhost:8123&database=crm&user=ann');
    expect(pageUrl(s, url, 'en', null, null).split('#')[0]).toBe('?lang=en');
    expect(pageUrl(s, url, 'en', null).split('#')[0]).toBe(url);
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
