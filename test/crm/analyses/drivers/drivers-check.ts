/** Runs drivers of change and checks every row against ./drivers-reference.ts, and the sums. */
import { expect } from 'vitest';
import { driverFields } from '../../../../src/crm/analyses/drivers/drivers.ts';
import { compileReport } from '../../../../src/crm/report.ts';
import type { LazyEngine } from '../../../../src/engine/types.ts';
import type { Catalog } from '../../../../src/query/catalog.ts';
import { comparisonPeriod } from '../../../../src/query/period/period.ts';
import type { CompareMode, Period } from '../../../../src/query/spec/spec.ts';
import type { Data } from '../../presets-reference.ts';
import { driversRef, type RefRow } from './drivers-reference.ts';
import { exec, spec, type Row } from '../helpers.ts';

/** Every SQL row against the reference, and the sums that must hold. */
function check(got: Row[], want: { total: RefRow; rows: RefRow[] }, m: string, ratio: boolean) {
  const close = (a: unknown, b: number | null | undefined, what: string) => {
    if (b === null || b === undefined) return expect(a, what).toBeNull();
    expect(typeof a, what).toBe('number');
    expect(Math.abs((a as number) - b), `${what}: ${String(a)} vs ${b}`).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(b)),
    );
  };
  const [total, ...rows] = got;
  expect(total!.dimension).toBeNull();
  close(total![m], want.total.value, 'total');
  close(total![`${m}_previous`], want.total.previous, 'total previous');
  close(total![`${m}_delta`], want.total.delta, 'total delta');
  const key = (d: unknown, a: unknown, b: unknown) => JSON.stringify([d, a, b]);
  const ref = new Map(want.rows.map((r) => [key(r.dimension, r.member, r.member_2), r]));
  expect(rows.length).toBe(want.rows.length);
  const sums = new Map<string, number>();
  for (const r of rows) {
    const w = ref.get(key(r.dimension, r.member, r.member_2 ?? null));
    const what = `${String(r.dimension)}=${String(r.member)}`;
    expect(w, what).toBeDefined();
    close(r[m], w!.value, `${what} value`);
    close(r[`${m}_previous`], w!.previous, `${what} previous`);
    close(r[`${m}_delta`], w!.delta, `${what} delta`);
    close(r[`${m}_growth`], w!.growth, `${what} growth`);
    close(r.share_of_change, w!.share, `${what} share`);
    if (ratio) {
      close(r.mix, w!.mix, `${what} mix`);
      close(r.rate, w!.rate, `${what} rate`);
      close((r.mix as number) + (r.rate as number), r[`${m}_delta`] as number, `${what} mix+rate`);
    }
    const d = String(r.dimension);
    sums.set(d, (sums.get(d) ?? 0) + (r[`${m}_delta`] as number));
  }
  for (const [d, s] of sums) close(s, total![`${m}_delta`] as number, `sum over ${d}`);
}

export async function checkDrivers(
  engine: LazyEngine,
  catalog: Catalog,
  data: Data,
  m: string,
  period: Period,
  compare: CompareMode,
  by: string[] = [],
) {
  const c = compileReport(
    spec({
      analysis: 'drivers',
      measures: [m],
      period,
      compare,
      rows: by.map((field) => ({ field })),
    }),
    catalog,
  );
  const got = await exec(engine, c);
  const fact = catalog.facts.find((f) => f.id === 'deals')!;
  const dims = by.length
    ? [...by.map((f) => [f]), ...(by.length === 2 ? [by] : [])]
    : driverFields(catalog, fact).map((f) => [f.id]);
  const ref = driversRef(data, m, period, comparisonPeriod(period, compare), dims);
  // A dimension with one member explains nothing and is left out.
  const count = new Map<string | null, number>();
  for (const r of ref.rows) count.set(r.dimension, (count.get(r.dimension) ?? 0) + 1);
  const want = { ...ref, rows: ref.rows.filter((r) => count.get(r.dimension)! > 1) };
  // Both periods have data, so the check compares real numbers.
  expect(want.total.value).toBeGreaterThan(0);
  expect(want.total.previous).toBeGreaterThan(0);
  expect(want.rows.length).toBeGreaterThan(dims.length);
  check(got, want, m, m === 'win_rate' || m === 'avg_won');
  return got;
}
