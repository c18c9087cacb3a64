// Ratio measures across facts (activities per won deal) against a plain-JS count over the fixture.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/query/compile.ts';
import { defaultSpec, type ReportSpec } from '../../src/query/spec/spec.ts';
import { ACTIVITIES, DEALS } from '../fixtures/tiny-crm.ts';
import { tinyCrm } from '../fixtures/engine.ts';

const db = tinyCrm();

async function rows(spec: ReportSpec) {
  const t = await db.engine.query(compile(spec, db.catalog).sql);
  return t.toArray().map((r) => r.toJSON() as Record<string, unknown>);
}

const inYear = (d: string | null, y: number | null) =>
  d !== null && (y === null || d.startsWith(String(y)));
function reference(manager: string | null | undefined, year: number | null): number | null {
  const acts = ACTIVITIES.filter(
    (a) => (manager === undefined || a.manager === manager) && inYear(a.at, year),
  ).length;
  const won = DEALS.filter(
    (d) =>
      (manager === undefined || d.manager === manager) &&
      d.status === 'won' &&
      inYear(d.closed_at, year),
  ).length;
  return won === 0 ? null : acts / won;
}

describe('activities_per_won', () => {
  it('equals activities / won per manager and in total, each by its own date', async () => {
    const out = await rows({
      ...defaultSpec(),
      rows: [{ field: 'manager' }],
      measures: ['activities_per_won'],
    });
    const managers = [...new Set(DEALS.map((d) => d.manager))];
    for (const m of managers) {
      const row = out.find((r) => r.manager === m && r._grouping === 0);
      expect(row?.activities_per_won, String(m)).toBeCloseTo(reference(m, null) ?? NaN, 10);
    }
    expect(out.find((r) => r._grouping === 1)?.activities_per_won).toBeCloseTo(
      reference(undefined, null)!,
      10,
    );
  });

  it('compares with last year from the parts of the previous period', async () => {
    const out = await rows({
      ...defaultSpec(),
      rows: [{ field: 'manager' }],
      measures: ['activities_per_won'],
      period: { from: '2024-01-01', to: '2024-12-31' },
      compare: 'year',
      totals: false,
    });
    for (const m of ['Анна', `O'Brien "Bob"`]) {
      const row = out.find((r) => r.manager === m)!;
      expect(row.activities_per_won).toBeCloseTo(reference(m, 2024)!, 10);
      expect(row.activities_per_won_previous).toBeCloseTo(reference(m, 2023)!, 10);
    }
  });

  it('is empty, not infinite, where nothing was won', async () => {
    const out = await rows({
      ...defaultSpec(),
      rows: [{ field: 'source' }],
      measures: ['activities_per_won', 'won'],
      period: { from: '2023-03-01', to: '2023-03-31' },
      totals: false,
    });
    expect(out.some((r) => r.won === 0)).toBe(true);
    for (const r of out) if (r.won === 0) expect(r.activities_per_won).toBeNull();
  });
});
