import { english } from '../../../src/lib/message.ts';
import { describe, expect, it } from 'vitest';
import { defaultSpec } from '../../../src/query/spec/spec.ts';
import {
  mergeReports,
  parseDashboard,
  parseReports,
  serialiseReports,
  tileSpec,
  type SavedReport,
} from '../../../src/state/library/saved.ts';

const spec = { ...defaultSpec(), rows: [{ field: 'manager' }], measures: ['revenue'] };
const good: SavedReport = { id: 'r1', name: 'Revenue', spec, savedAt: '2024-01-01T00:00:00.000Z' };

describe('saved reports: storage round trip and validation', () => {
  it('round-trips through the versioned JSON', () => {
    const back = parseReports(serialiseReports([good]));
    expect(back.problems).toEqual([]);
    expect(back.value).toEqual([{ ...good, spec: { ...spec, title: 'Revenue' } }]);
  });

  it('reports bad entries by name and keeps the good ones', () => {
    const text = JSON.stringify({
      reports: [
        good,
        { id: 'r2', name: 'Broken', spec: { ...spec, bogus: 1 } },
        { id: 'r3', spec },
        'x',
        { ...good, name: 'Again' },
      ],
    });
    const back = parseReports(text);
    expect(back.value.map((r) => r.id)).toEqual(['r1']);
    expect(back.problems).toHaveLength(4);
    expect(english(back.problems[0]!)).toMatch(/“Broken”: spec\.bogus: unknown key/);
    expect(english(back.problems[3]!)).toMatch(/duplicate id/);
  });

  it('never throws on garbage', () => {
    for (const t of ['{', '[]', '{"reports": 3}', 'null', '', '"x"'])
      expect(() => parseReports(t)).not.toThrow();
    expect(parseReports('{').problems.map(english)).toEqual(['not JSON']);
  });

  it('import merges without duplicates and re-ids clashes', () => {
    const other = { ...good, name: 'Other', spec: { ...spec, measures: ['won'] } };
    const { reports, added } = mergeReports([good], [good, other], () => 'new');
    expect(added).toBe(1);
    expect(reports.map((r) => [r.id, r.name])).toEqual([
      ['r1', 'Revenue'],
      ['new', 'Other'],
    ]);
  });
});

describe('dashboard', () => {
  it('shared period replaces, shared filters add', () => {
    const own = {
      ...spec,
      period: { from: '2023-01-01', to: '2023-12-31' },
      filters: [{ field: 'source', op: 'in' as const, values: ['Web'] }],
      compare: 'year' as const,
    };
    const dash = {
      reportIds: ['r1'],
      period: { from: '2024-01-01', to: '2024-03-31' },
      filters: [{ field: 'manager', op: 'eq' as const, values: ['Анна'] }],
    };
    const t = tileSpec(own, dash);
    expect(t.period).toEqual(dash.period);
    expect(t.filters).toEqual([...own.filters, ...dash.filters]);
    expect(t.compare).toBe('year');
    expect(tileSpec(own, { ...dash, period: null }).period).toEqual(own.period);
  });

  it('validates the stored period and filters', () => {
    expect(
      parseDashboard(
        '{"reportIds":["a"],"period":{"from":"2024-02-30","to":"2024-03-01"}}',
      ).problems.map(english)[0],
    ).toMatch(/period/);
    expect(parseDashboard('{"reportIds":["a", 3],"filters":[]}').value.reportIds).toEqual(['a']);
  });
});
