import { describe, expect, it } from 'vitest';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';
import { decodeSpec, encodeSpec, linkKey } from '../../../src/query/spec/url.ts';

const base = defaultSpec();
const with_ = (patch: Partial<ReportSpec>): ReportSpec => ({ ...base, ...patch }) as ReportSpec;

// A table of changes → the exact query string. These strings are links in the wild: keep them.
const CASES: [string, ReportSpec, string][] = [
  ['defaults', base, 'v=1'],
  [
    'rows and measures',
    with_({ rows: [{ field: 'manager' }], measures: ['revenue', 'won'] }),
    'v=1&rows=manager&m=revenue%2Cwon',
  ],
  [
    'time columns',
    with_({ columns: [{ field: 'period', grain: 'quarter' }] }),
    'v=1&cols=period%3Aquarter',
  ],
  [
    'period and comparison',
    with_({ period: { from: '2024-01-01', to: '2024-12-31' }, compare: 'year' }),
    'v=1&from=2024-01-01&to=2024-12-31&cmp=year',
  ],
  [
    'sort and limit',
    with_({ sort: [{ key: 'revenue_growth', dir: 'desc' }], limit: 10 }),
    'v=1&sort=revenue_growth%3Adesc&limit=10',
  ],
  [
    'sort by one table column (a member of the column dimension)',
    with_({
      columns: [{ field: 'period', grain: 'quarter' }],
      sort: [{ key: 'revenue', dir: 'desc', column: ['2024-Q3'] }],
    }),
    'v=1&cols=period%3Aquarter&sort=revenue%3Adesc%402024-Q3',
  ],
  ['top N with Other', with_({ limit: 5, limitOther: true }), 'v=1&limit=5&other=1'],
  [
    'totals off, show, chart',
    with_({ totals: false, show: 'pct_total', chart: 'line' }),
    'v=1&totals=0&show=pct_total&chart=line',
  ],
  [
    'bins',
    with_({ rows: [{ field: 'clients.headcount', bins: [10, 50, 250] }] }),
    'v=1&rows=clients.headcount%3Abins%2810%7E50%7E250%29',
  ],
  [
    'analysis and options',
    with_({ analysis: 'dynamics', options: { grain: 'quarter' } }),
    'v=1&a=dynamics&opt=%7B%22grain%22%3A%22quarter%22%7D',
  ],
  [
    'preset and title',
    with_({ preset: 'by-source', title: 'Q1 / Sources' }),
    'v=1&title=Q1+%2F+Sources&preset=by-source',
  ],
  [
    'a title given for another period than the one shown',
    with_({
      title: 'Q1 2023',
      period: { from: '2025-01-01', to: '2025-12-31' },
      titlePeriod: { from: '2023-01-01', to: '2023-03-31' },
    }),
    'v=1&from=2025-01-01&to=2025-12-31&title=Q1+2023&tp=2023-01-01..2023-03-31',
  ],
  [
    'a title given for all time, shown over a period',
    with_({
      title: 'All deals',
      period: { from: '2025-01-01', to: '2025-12-31' },
      titlePeriod: null,
    }),
    'v=1&from=2025-01-01&to=2025-12-31&title=All+deals&tp=all',
  ],
  [
    'a title given while comparing with a year, shown without the comparison',
    with_({
      title: 'Q1 2023 vs Q1 2022',
      period: { from: '2023-01-01', to: '2023-03-31' },
      titleCompare: 'year',
    }),
    'v=1&from=2023-01-01&to=2023-03-31&title=Q1+2023+vs+Q1+2022&tc=year',
  ],
  [
    'a title given without a comparison, shown compared over another period',
    with_({
      title: 'Q1 2023',
      period: { from: '2025-01-01', to: '2025-12-31' },
      compare: 'previous',
      titlePeriod: { from: '2023-01-01', to: '2023-03-31' },
      titleCompare: null,
    }),
    'v=1&from=2025-01-01&to=2025-12-31&cmp=previous&title=Q1+2023&tp=2023-01-01..2023-03-31&tc=none',
  ],
];

describe('spec ⇄ URL', () => {
  it.each(CASES)('%s', (_name, spec, expected) => {
    const encoded = encodeSpec(spec).toString();
    expect(encoded).toBe(expected);
    expect(decodeSpec(new URLSearchParams(encoded))).toEqual(spec);
  });

  it('round-trips hostile field names and filters', () => {
    const spec = with_({
      rows: [{ field: 'Регион, "город": 1%' }, { field: 'created_at', grain: 'week' }],
      measures: ['sum:a,b'],
      filters: [{ field: "O'Brien; DROP", op: 'in', values: ['x&y=z', null, 3] }],
      sort: [{ key: 'a:b', dir: 'asc' }],
    });
    const url = `https://host/app/?${encodeSpec(spec).toString()}`;
    expect(decodeSpec(new URL(url).searchParams)).toEqual(spec);
  });

  it('a sort column with several members, an empty one and hostile text round-trips', () => {
    const spec = with_({
      sort: [
        { key: 'a:b', dir: 'asc', column: ['2024', null, 'x@y~z, 1:2 %', '~', ''] },
        { key: 'won', dir: 'desc' },
      ],
    });
    const encoded = encodeSpec(spec).toString();
    expect(new URLSearchParams(encoded).get('sort')).toBe(
      'a%3Ab:asc@2024@~@x%40y%7Ez%2C 1%3A2 %25@%7E@,won:desc',
    );
    expect(decodeSpec(new URLSearchParams(encoded))).toEqual(spec);
  });

  it('the dynamics transition matrix is an option; old links with cols=to_status mean the same', () => {
    const spec = with_({ analysis: 'dynamics', options: { view: 'transitions' } });
    const encoded = 'v=1&a=dynamics&opt=%7B%22view%22%3A%22transitions%22%7D';
    expect(encodeSpec(spec).toString()).toBe(encoded);
    expect(decodeSpec(new URLSearchParams('v=1&a=dynamics&cols=to_status'))).toEqual(spec);
    const old = decodeSpec(
      new URLSearchParams('v=1&a=dynamics&cols=to_status&opt=%7B%22grain%22%3A%22year%22%7D'),
    );
    expect(encodeSpec(old).toString()).toBe(
      'v=1&a=dynamics&opt=%7B%22grain%22%3A%22year%22%2C%22view%22%3A%22transitions%22%7D',
    );
  });

  it('old links with options their analysis does not read open without them', () => {
    const spec = decodeSpec(
      new URLSearchParams('v=1&m=revenue&opt=%7B%22grain%22%3A%22month%22%7D'),
    );
    expect(spec).toEqual(with_({ measures: ['revenue'] }));
    expect(encodeSpec(spec).toString()).toBe('v=1&m=revenue');
  });

  it('old sort links read as they always did', () => {
    const sortOf = (q: string) => decodeSpec(new URLSearchParams(q)).sort;
    expect(sortOf('v=1&sort=revenue')).toEqual([{ key: 'revenue', dir: 'desc' }]);
    expect(sortOf('v=1&sort=revenue:asc,won')).toEqual([
      { key: 'revenue', dir: 'asc' },
      { key: 'won', dir: 'desc' },
    ]);
    // Hand-written keys with a raw `:` or `@` (the direction is whatever follows the last `:`).
    expect(sortOf('v=1&sort=created_at:month:desc')).toEqual([
      { key: 'created_at:month', dir: 'desc' },
    ]);
    expect(sortOf('v=1&sort=sum%3Aa%40b:asc')).toEqual([{ key: 'sum:a@b', dir: 'asc' }]);
    expect(sortOf('v=1&sort=a@b')).toEqual([{ key: 'a@b', dir: 'desc' }]);
  });

  it('rejects unknown parameters, bad JSON and invalid values with a clear message', () => {
    expect(() => decodeSpec(new URLSearchParams('v=1&rowz=manager'))).toThrow(
      /^Unknown parameter 'rowz'\.$/,
    );
    expect(() => decodeSpec(new URLSearchParams('v=1&f=%7Bbad'))).toThrow(/'f' is not valid JSON/);
    expect(() => decodeSpec(new URLSearchParams('v=1&from=2024-02-30&to=2024-03-01'))).toThrow(
      /Parameter 'from'/,
    );
    expect(() => decodeSpec(new URLSearchParams('v=1&from=2024-01-01'))).toThrow(/go together/);
    expect(() => decodeSpec(new URLSearchParams('v=2'))).toThrow(/unsupported version/);
    expect(() => decodeSpec(new URLSearchParams('v=1&limit=-3'))).toThrow(/limit/);
    expect(() => decodeSpec(new URLSearchParams('v=1&other=yes'))).toThrow(/'other' is 0 or 1/);
    expect(() => decodeSpec(new URLSearchParams('v=1&cols=created_at%3Afortnight'))).toThrow(
      /grain/,
    );
    expect(() => decodeSpec(new URLSearchParams('v=1&sort=revenue%3Aup%402024'))).toThrow(
      /sort\[0\]\.dir/,
    );
  });

  it("names a bad value by the link's own parameter, not the spec's path", () => {
    const error = (q: string) => {
      try {
        decodeSpec(new URLSearchParams(q));
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(error('v=1&cmp=prev')).toBe("Parameter 'cmp': expected one of previous, year.");
    expect(error('v=1&cols=created_at%3Afortnight')).toMatch(/^Parameter 'cols\[0\]\.grain'/);
    expect(error('v=1&from=2024-02-30&to=2024-03-01')).toMatch(/^Parameter 'from': /);
    expect(error('v=1&a=nope')).toMatch(/^Parameter 'a': /);
    expect(error('v=1&limitOther=1')).toMatch(/Unknown parameter 'limitOther'/);
    expect(linkKey('spec.limitOther')).toBe('other');
    expect(linkKey('spec.period')).toBe('from, to');
    expect(linkKey('spec.constructor')).toBeNull();
    expect(linkKey('filter')).toBeNull();
  });

  it('ignores the page parameters (dataset link, language)', () => {
    expect(decodeSpec(new URLSearchParams('v=1&data=deals.csv&lang=ru'))).toEqual(base);
  });
});

describe('the period a title was given for', () => {
  it('a link without it names its own period; an equal or malformed one is no such link', () => {
    const spec = decodeSpec(new URLSearchParams('v=1&from=2023-01-01&to=2023-03-31&title=Q1'));
    expect(spec.titlePeriod).toBeUndefined();
    const same = 'v=1&from=2023-01-01&to=2023-03-31&title=Q1&tp=2023-01-01..2023-03-31';
    expect(decodeSpec(new URLSearchParams(same))).toEqual(spec);
    expect(() => decodeSpec(new URLSearchParams(`${same}..x`))).toThrow(/Parameter 'tp'/);
    expect(() => decodeSpec(new URLSearchParams('v=1&title=Q1&tp=2023-13-01..2023-03-31'))).toThrow(
      /Parameter 'tp'/,
    );
  });
});

describe('the comparison a title was given for', () => {
  it('an old link with tp opens as it did: the period changed, the comparison not', () => {
    const old =
      'v=1&from=2025-01-01&to=2025-12-31&cmp=year&title=Q1+2023&tp=2023-01-01..2023-03-31';
    const spec = decodeSpec(new URLSearchParams(old));
    expect(spec.titlePeriod).toEqual({ from: '2023-01-01', to: '2023-03-31' });
    expect(spec.titleCompare).toBeUndefined();
    expect(spec.compare).toBe('year');
    expect(encodeSpec(spec).toString()).toBe(old);
  });

  it('an equal or unknown comparison is no such link', () => {
    const spec = decodeSpec(new URLSearchParams('v=1&from=2023-01-01&to=2023-03-31&title=Q1'));
    const same = 'v=1&from=2023-01-01&to=2023-03-31&title=Q1&tc=none';
    expect(decodeSpec(new URLSearchParams(same))).toEqual(spec);
    expect(() => decodeSpec(new URLSearchParams(`${same}x`))).toThrow(/Parameter 'tc'/);
    expect(linkKey('spec.titleCompare')).toBe('tc');
  });
});
