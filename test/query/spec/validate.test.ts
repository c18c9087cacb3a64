import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SpecError, validateSpec } from '../../../src/query/spec/validate.ts';
import {
  ANALYSES,
  DYNAMICS_VIEWS,
  FILTER_OPS,
  GRAINS,
  SPEC_VERSION,
  defaultSpec,
  type AnalysisKind,
  type ReportSpec,
} from '../../../src/query/spec/spec.ts';

/** Asserts a SpecError whose message starts with the path. */
function rejects(input: unknown, path: string, detail?: RegExp) {
  let err: unknown;
  try {
    validateSpec(input);
  } catch (e) {
    err = e;
  }
  expect(err, `expected ${JSON.stringify(input)} to be rejected`).toBeInstanceOf(SpecError);
  const msg = (err as Error).message;
  expect(
    msg.startsWith(`${path}:`),
    `message ${JSON.stringify(msg)} should start with ${path}:`,
  ).toBe(true);
  if (detail) expect(msg).toMatch(detail);
}

describe('validateSpec: defaults', () => {
  it('an empty object is the default spec', () => {
    expect(validateSpec({})).toEqual(defaultSpec());
    expect(validateSpec({ v: SPEC_VERSION })).toEqual(defaultSpec());
  });

  it('fills everything not given and keeps what is', () => {
    const s = validateSpec({ measures: ['revenue'], rows: [{ field: 'manager' }], totals: false });
    expect(s).toEqual({
      ...defaultSpec(),
      measures: ['revenue'],
      rows: [{ field: 'manager' }],
      totals: false,
    });
  });

  it('null period/compare/limit mean "none"', () => {
    const s = validateSpec({ period: null, compare: null, limit: null });
    expect([s.period, s.compare, s.limit]).toEqual([null, null, null]);
  });

  it('a sort key without a direction sorts descending', () => {
    expect(validateSpec({ sort: [{ key: 'revenue' }] }).sort).toEqual([
      { key: 'revenue', dir: 'desc' },
    ]);
  });

  it('does not share default objects between results', () => {
    const a = validateSpec({});
    a.rows.push({ field: 'x' });
    (a.options as Record<string, unknown>).grain = 'day';
    expect(validateSpec({})).toEqual(defaultSpec());
  });
});

describe('validateSpec: unknown keys name their path', () => {
  it.each([
    [{ colour: 'red' }, 'spec.colour'],
    [{ rows: [{ field: 'manager', grian: 'month' }] }, 'spec.rows[0].grian'],
    [{ columns: [{ field: 'a' }, { field: 'b', x: 1 }] }, 'spec.columns[1].x'],
    [{ filters: [{ field: 'source', op: 'in', value: ['Web'] }] }, 'spec.filters[0].value'],
    [{ period: { from: '2024-01-01', to: '2024-01-31', tz: 'UTC' } }, 'spec.period.tz'],
    [{ sort: [{ key: 'revenue', dir: 'asc', nulls: 'last' }] }, 'spec.sort[0].nulls'],
    [{ options: { grain: 'month', lapse: 2 } }, 'spec.options.lapse'],
    [JSON.parse('{"__proto__": {"polluted": true}}'), 'spec.__proto__'],
    [{ rows: [JSON.parse('{"field": "manager", "__proto__": {}}')] }, 'spec.rows[0].__proto__'],
  ])('%j → %s', (input, path) => {
    rejects(input, path, /unknown key/);
  });

  it('does not pollute Object.prototype', () => {
    try {
      validateSpec(JSON.parse('{"__proto__": {"polluted": true}}'));
    } catch {
      /* expected */
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('validateSpec: wrong types and values', () => {
  it.each([
    [null, 'spec'],
    [[], 'spec'],
    ['{}', 'spec'],
    [{ analysis: 'pie' }, 'spec.analysis'],
    [{ rows: 'manager' }, 'spec.rows'],
    [{ rows: ['manager'] }, 'spec.rows[0]'],
    [{ rows: [{}] }, 'spec.rows[0].field'],
    [{ rows: [{ field: '' }] }, 'spec.rows[0].field'],
    [{ rows: [{ field: 'created_at', grain: 'fortnight' }] }, 'spec.rows[0].grain'],
    [{ rows: [{ field: 'amount', bins: [1, 'x'] }] }, 'spec.rows[0].bins'],
    [{ rows: [{ field: 'amount', bins: 10 }] }, 'spec.rows[0].bins'],
    [{ measures: 'revenue' }, 'spec.measures'],
    [{ measures: ['revenue', 3] }, 'spec.measures[1]'],
    [{ measures: [''] }, 'spec.measures[0]'],
    [{ filters: [{ field: 'source', op: 'like' }] }, 'spec.filters[0].op'],
    [{ filters: [{ field: 'source' }] }, 'spec.filters[0].op'],
    [{ filters: [{ field: 'source', op: 'in', values: 'Web' }] }, 'spec.filters[0].values'],
    [
      { filters: [{ field: 'source', op: 'in', values: ['Web', { a: 1 }] }] },
      'spec.filters[0].values[1]',
    ],
    [{ filters: [{ field: 'source', op: 'in', values: [['Web']] }] }, 'spec.filters[0].values[0]'],
    [{ filters: [{ field: 'created_at', grain: 'hour', op: 'in' }] }, 'spec.filters[0].grain'],
    // Not JSON: a UI patch could carry them, and they would not survive a save.
    [{ filters: [{ field: 'amount', op: 'gt', values: [NaN] }] }, 'spec.filters[0].values[0]'],
    [
      { filters: [{ field: 'amount', op: 'between', values: [0, Infinity] }] },
      'spec.filters[0].values[1]',
    ],
    [{ date: '' }, 'spec.date'],
    [{ date: 5 }, 'spec.date'],
    [{ period: '2024' }, 'spec.period'],
    [{ period: { from: '2024-01-01' } }, 'spec.period.to'],
    [{ period: { from: 20240101, to: '2024-01-31' } }, 'spec.period.from'],
    [{ compare: 'last' }, 'spec.compare'],
    [{ compare: true }, 'spec.compare'],
    [{ sort: [{ key: 'revenue', dir: 'up' }] }, 'spec.sort[0].dir'],
    [{ sort: [{ dir: 'asc' }] }, 'spec.sort[0].key'],
    [{ sort: { key: 'revenue' } }, 'spec.sort'],
    [{ sort: [{ key: 'revenue', column: [] }] }, 'spec.sort[0].column'],
    [{ sort: [{ key: 'revenue', column: '2024-Q3' }] }, 'spec.sort[0].column'],
    [{ sort: [{ key: 'revenue', column: [2024] }] }, 'spec.sort[0].column[0]'],
    [{ limit: 0 }, 'spec.limit'],
    [{ limit: -5 }, 'spec.limit'],
    [{ limit: 2.5 }, 'spec.limit'],
    [{ limit: '10' }, 'spec.limit'],
    [{ limit: 1_000_001 }, 'spec.limit'],
    [{ limitOther: 'yes' }, 'spec.limitOther'],
    [{ limitOther: 1 }, 'spec.limitOther'],
    [{ totals: 'yes' }, 'spec.totals'],
    [{ totals: 1 }, 'spec.totals'],
    [{ show: 'percent' }, 'spec.show'],
    [{ chart: 'pie' }, 'spec.chart'],
    [{ options: [] }, 'spec.options'],
    [{ options: { grain: 'fortnight' } }, 'spec.options.grain'],
    [{ options: { lapseAfter: 0 } }, 'spec.options.lapseAfter'],
    [{ options: { regularAfter: 121 } }, 'spec.options.regularAfter'],
    [{ options: { regularAfter: 1.5 } }, 'spec.options.regularAfter'],
    [{ options: { pipeline: '' } }, 'spec.options.pipeline'],
    [{ title: 5 }, 'spec.title'],
    [{ preset: '' }, 'spec.preset'],
  ])('%j → %s', (input, path) => {
    rejects(input, path);
  });
});

describe('validateSpec: dates', () => {
  it.each([
    '2023-02-29',
    '2023-02-30',
    '2024-04-31',
    '2024-13-01',
    '2024-1-1',
    '2024-01-01T00:00',
    '',
    "2024-01-01'--",
  ])('rejects period.from %j', (from) => {
    rejects({ period: { from, to: '2025-01-01' } }, 'spec.period.from', /real date/);
    rejects({ period: { from: '2020-01-01', to: from } }, 'spec.period.to', /real date/);
  });

  it('rejects from after to, accepts a one-day period and leap days', () => {
    rejects({ period: { from: '2024-02-02', to: '2024-02-01' } }, 'spec.period', /after/);
    expect(validateSpec({ period: { from: '2024-02-29', to: '2024-02-29' } }).period).toEqual({
      from: '2024-02-29',
      to: '2024-02-29',
    });
  });
});

describe('validateSpec: version', () => {
  it.each([0, 2, '1', 1.5, 'v1'])('rejects v = %j naming both versions', (v) => {
    rejects({ v }, 'spec.v', new RegExp(`unsupported version .*reads ${SPEC_VERSION}`));
  });

  it('treats a missing or null v as the current version', () => {
    expect(validateSpec({ v: null }).v).toBe(SPEC_VERSION);
  });
});

// ---- round trip -------------------------------------------------------------------------------

const name = fc.string({ minLength: 1, maxLength: 12 });
const dim = fc.record(
  {
    field: name,
    grain: fc.constantFrom(...GRAINS),
    bins: fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), {
      maxLength: 3,
    }),
  },
  { requiredKeys: ['field'] },
);
const scalar = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
  fc.boolean(),
  fc.constant(null),
);
const filter = fc.record(
  {
    field: name,
    grain: fc.constantFrom(...GRAINS),
    op: fc.constantFrom(...FILTER_OPS),
    values: fc.array(scalar, { maxLength: 3 }),
  },
  { requiredKeys: ['field', 'op'] },
);
const isoDate = fc
  .date({
    min: new Date('1900-01-01T00:00:00Z'),
    max: new Date('2100-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));
const period = fc
  .tuple(isoDate, isoDate)
  .map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));
const grainArb = fc.constantFrom(...GRAINS);
const periods = fc.integer({ min: 1, max: 120 });
/** Each analysis with options it reads. */
const optionsArb: Record<AnalysisKind, fc.Arbitrary<object>> = {
  pivot: fc.constant({}),
  ltv: fc.constant({}),
  funnel: fc.record({ pipeline: name }, { requiredKeys: [] }),
  cohort: fc.record({ grain: grainArb }, { requiredKeys: [] }),
  dynamics: fc.record(
    {
      grain: grainArb,
      lapseAfter: periods,
      regularAfter: periods,
      view: fc.constantFrom(...DYNAMICS_VIEWS),
    },
    { requiredKeys: [] },
  ),
  forecast: fc.record(
    {
      asOf: isoDate,
      horizon: fc
        .tuple(fc.integer({ min: 1, max: 36 }), fc.constantFrom('m', 'w'))
        .map(([n, u]) => `${n}${u}`),
      backtest: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
};
const analysisArb = fc.oneof(
  fc.constant({}),
  fc
    .constantFrom(...ANALYSES)
    .chain((a) =>
      fc.record(
        { analysis: fc.constant(a), options: optionsArb[a] },
        { requiredKeys: ['analysis'] },
      ),
    ),
);
const bodyArb = fc.record(
  {
    v: fc.constant(1),
    rows: fc.array(dim, { maxLength: 3 }),
    columns: fc.array(dim, { maxLength: 2 }),
    measures: fc.array(name, { maxLength: 4 }),
    filters: fc.array(filter, { maxLength: 3 }),
    date: name,
    period: fc.option(period),
    compare: fc.option(fc.constantFrom('previous', 'year')),
    sort: fc.array(
      fc.record(
        {
          key: name,
          dir: fc.constantFrom('asc', 'desc'),
          column: fc.array(fc.option(fc.string({ maxLength: 8 })), { minLength: 1, maxLength: 2 }),
        },
        { requiredKeys: ['key', 'dir'] },
      ),
      { maxLength: 2 },
    ),
    limit: fc.option(fc.integer({ min: 1, max: 1_000_000 })),
    limitOther: fc.boolean(),
    totals: fc.boolean(),
    show: fc.constantFrom('value', 'pct_row', 'pct_col', 'pct_total'),
    chart: fc.constantFrom('auto', 'bar', 'line', 'heatmap', 'none'),
    title: fc.string({ maxLength: 20 }),
    preset: name,
  },
  { requiredKeys: [] },
);
const specArb = fc.tuple(bodyArb, analysisArb).map(([body, a]) => ({ ...body, ...a }));

describe('validateSpec: round trip', () => {
  it('validate → JSON.stringify → JSON.parse → validate gives an equal spec (property)', () => {
    fc.assert(
      fc.property(specArb, (input) => {
        const once = validateSpec(input);
        const twice = validateSpec(JSON.parse(JSON.stringify(once)));
        expect(twice).toEqual(once);
        // And validation only ever adds defaults: every given key survives unchanged.
        for (const [k, v] of Object.entries(input)) expect(once[k as keyof ReportSpec]).toEqual(v);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('a full hand-written spec survives unchanged', () => {
    const full: ReportSpec = {
      v: 1,
      analysis: 'dynamics',
      rows: [{ field: 'manager' }, { field: 'clients.headcount', bins: [10, 100] }],
      columns: [{ field: 'period', grain: 'quarter' }],
      measures: ['revenue', 'win_rate', 'sum:amount'],
      filters: [
        { field: 'source', op: 'in', values: ['Web', null] },
        { field: 'created_at', grain: 'year', op: 'eq', values: ['2024'] },
      ],
      date: 'auto',
      period: { from: '2024-01-01', to: '2024-03-31' },
      compare: 'year',
      sort: [{ key: 'revenue', dir: 'asc', column: ['2024-Q1'] }],
      limit: 10,
      limitOther: true,
      totals: false,
      show: 'pct_total',
      chart: 'bar_grouped',
      options: { grain: 'month', lapseAfter: 3, regularAfter: 2, view: 'transitions' },
      title: 'Отчёт "Q1"',
      preset: 'revenue-by-manager',
    };
    expect(validateSpec(JSON.parse(JSON.stringify(full)))).toEqual(full);
    const funnel: ReportSpec = { ...full, analysis: 'funnel', options: { pipeline: 'Sales' } };
    expect(validateSpec(JSON.parse(JSON.stringify(funnel)))).toEqual(funnel);
  });
});

describe('validateSpec: analysis options', () => {
  it('keeps the options the analysis reads', () => {
    const o = { grain: 'month', lapseAfter: 3, regularAfter: 4, view: 'transitions' };
    expect(validateSpec({ analysis: 'dynamics', options: o }).options).toEqual(o);
    expect(validateSpec({ analysis: 'cohort', options: { grain: 'week' } }).options).toEqual({
      grain: 'week',
    });
    expect(validateSpec({ analysis: 'funnel', options: { pipeline: 'B2B' } }).options).toEqual({
      pipeline: 'B2B',
    });
  });

  it('reads, checks and drops the v1 options an analysis does not read (old links keep working)', () => {
    const v1 = { grain: 'month', lapseAfter: 3, regularAfter: 4, pipeline: 'B2B' };
    expect(validateSpec({ options: v1 })).toEqual(defaultSpec());
    expect(validateSpec({ analysis: 'ltv', options: v1 }).options).toEqual({});
    expect(validateSpec({ analysis: 'funnel', options: v1 }).options).toEqual({ pipeline: 'B2B' });
    expect(validateSpec({ analysis: 'cohort', options: v1 }).options).toEqual({ grain: 'month' });
    expect(validateSpec({ analysis: 'dynamics', options: v1 }).options).toEqual({
      grain: 'month',
      lapseAfter: 3,
      regularAfter: 4,
    });
    rejects({ analysis: 'funnel', options: { grain: 'fortnight' } }, 'spec.options.grain');
  });

  it('rejects an option added since v1 on an analysis that does not read it', () => {
    for (const analysis of ['pivot', 'funnel', 'ltv', 'cohort'])
      rejects({ analysis, options: { view: 'transitions' } }, 'spec.options.view', /not an option/);
    rejects({ analysis: 'dynamics', options: { view: 'matrix' } }, 'spec.options.view');
  });

  it('reads the v1 transitions column [to_status] of dynamics as view: transitions', () => {
    const legacy = validateSpec({
      analysis: 'dynamics',
      columns: [{ field: 'to_status' }, { field: 'source' }],
      options: { grain: 'year' },
    });
    expect(legacy.columns).toEqual([{ field: 'source' }]);
    expect(legacy.options).toEqual({ grain: 'year', view: 'transitions' });
    expect(validateSpec(JSON.parse(JSON.stringify(legacy)))).toEqual(legacy);
    // Only dynamics ever read it; elsewhere it is an ordinary (unknown) field for the compiler.
    expect(validateSpec({ columns: [{ field: 'to_status' }] }).columns).toEqual([
      { field: 'to_status' },
    ]);
    rejects(
      { analysis: 'dynamics', columns: [{ field: 'to_status' }], options: { view: 'status' } },
      'spec.columns[0]',
    );
  });
});
