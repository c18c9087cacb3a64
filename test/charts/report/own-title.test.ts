// A consultant's report named "Q1 2023": once the client picks another period, the name above the
// controls, the printed title and the export's file name say the period changed, as the name no
// longer names what is shown — and stop saying it when the period is back or the report is saved.
import { describe, expect, it } from 'vitest';
import { ownTitle, reportTitle } from '../../../src/charts/report/heading.ts';
import { tableFileName } from '../../../src/charts/export/export.ts';
import type { PresentLabels } from '../../../src/charts/report/present.ts';
import { translator, type Lang } from '../../../src/lib/i18n.ts';
import { defaultSpec, titled, type ReportSpec } from '../../../src/query/spec/spec.ts';
import { validateSpec } from '../../../src/query/spec/validate.ts';
import { setCompare, setPeriod } from '../../../src/state/report/spec-edit.ts';
import { tileSpec } from '../../../src/state/library/saved.ts';

const words = (lang: Lang) => ({ lang, t: translator(lang) });
const Q1 = { from: '2023-01-01', to: '2023-03-31' };
const YEAR = { from: '2025-01-01', to: '2025-12-31' };
const named: ReportSpec = { ...defaultSpec(), measures: ['revenue'], title: 'Q1 2023', period: Q1 };

describe('a report named for a period', () => {
  it('says "(period changed)" in EN and RU once its period is another, not before', () => {
    expect(ownTitle(named, words('en'))).toBe('Q1 2023');
    const moved = setPeriod(named, YEAR);
    expect(moved.titlePeriod).toEqual(Q1);
    expect(ownTitle(moved, words('en'))).toBe('Q1 2023 (period changed)');
    expect(ownTitle(moved, words('ru'))).toBe('Q1 2023 (период изменён)');
    // The printed heading and the file names read the same title.
    expect(reportTitle(moved, words('en') as PresentLabels)).toBe('Q1 2023 (period changed)');
    expect(tableFileName(reportTitle(moved, words('ru') as PresentLabels), YEAR, 'csv')).toMatch(
      /^Q1 2023 \(период изменён\) 2025-01-01/,
    );
  });

  it('names what is shown again back on its period, over all time, or once saved', () => {
    const moved = setPeriod(setPeriod(named, YEAR), { from: '2024-01-01', to: '2024-12-31' });
    expect(moved.titlePeriod).toEqual(Q1);
    const back = setPeriod(moved, Q1);
    expect(back).toEqual(named);
    expect(ownTitle(back, words('en'))).toBe('Q1 2023');
    expect(ownTitle(setPeriod(named, null), words('en'))).toBe('Q1 2023 (period changed)');
    const saved = titled(moved, 'Q1 2023');
    expect(saved.titlePeriod).toBeUndefined();
    expect(ownTitle(saved, words('en'))).toBe('Q1 2023');
  });

  it('a report without a name of its own keeps none; a saved one round-trips', () => {
    const plain = setPeriod({ ...named, title: undefined }, YEAR);
    expect(plain.titlePeriod).toBeUndefined();
    expect(ownTitle(plain, words('en'))).toBe('');
    const moved = setPeriod(named, YEAR);
    expect(validateSpec(JSON.parse(JSON.stringify(moved)))).toEqual(moved);
    // An equal period says nothing, and without a title there is nothing to say.
    expect(validateSpec({ ...named, titlePeriod: Q1 }).titlePeriod).toBeUndefined();
    expect(validateSpec({ period: YEAR, titlePeriod: Q1 }).titlePeriod).toBeUndefined();
  });

  it("a dashboard's own period changes a tile's too", () => {
    const tile = tileSpec(named, { reportIds: [], period: YEAR, filters: [] });
    expect(ownTitle(tile, words('en'))).toBe('Q1 2023 (period changed)');
    expect(
      ownTitle(tileSpec(named, { reportIds: [], period: null, filters: [] }), words('en')),
    ).toBe('Q1 2023');
  });
});

// "Q1 2023 vs Q1 2022": the name says the comparison too. Switched off or to the previous period,
// it named a comparison no longer shown with nothing to say so.
describe('a report named for a comparison', () => {
  const vs: ReportSpec = { ...named, title: 'Q1 2023 vs Q1 2022', compare: 'year' };

  it('says "(comparison changed)" in EN and RU once the comparison is off or another', () => {
    expect(ownTitle(vs, words('en'))).toBe('Q1 2023 vs Q1 2022');
    const off = setCompare(vs, null);
    expect(off.titleCompare).toBe('year');
    expect(ownTitle(off, words('en'))).toBe('Q1 2023 vs Q1 2022 (comparison changed)');
    expect(ownTitle(off, words('ru'))).toBe('Q1 2023 vs Q1 2022 (сравнение изменено)');
    const other = setCompare(off, 'previous');
    expect(other.titleCompare).toBe('year');
    expect(ownTitle(other, words('en'))).toBe('Q1 2023 vs Q1 2022 (comparison changed)');
    expect(reportTitle(other, words('ru') as PresentLabels)).toBe(
      'Q1 2023 vs Q1 2022 (сравнение изменено)',
    );
  });

  it('a name given without a comparison is marked once one is added', () => {
    const added = setCompare(named, 'previous');
    expect(added.titleCompare).toBeNull();
    expect(ownTitle(added, words('en'))).toBe('Q1 2023 (comparison changed)');
  });

  it('says both when the period and the comparison changed, each alone when one did', () => {
    // All time has no comparison: the period and the comparison go together.
    const all = setPeriod(vs, null);
    expect(all.compare).toBeNull();
    expect(ownTitle(all, words('en'))).toBe('Q1 2023 vs Q1 2022 (period and comparison changed)');
    expect(ownTitle(all, words('ru'))).toBe('Q1 2023 vs Q1 2022 (период и сравнение изменены)');
    expect(ownTitle(setPeriod(vs, YEAR), words('en'))).toBe('Q1 2023 vs Q1 2022 (period changed)');
    // Back on both, the name stands alone again and the spec is the named one.
    const back = setCompare(setPeriod(all, Q1), 'year');
    expect(back).toEqual(vs);
    expect(ownTitle(back, words('en'))).toBe('Q1 2023 vs Q1 2022');
  });

  it('saved under a name it names what is shown; a changed one round-trips', () => {
    const off = setCompare(vs, null);
    expect(titled(off, 'Q1 2023').titleCompare).toBeUndefined();
    expect(validateSpec(JSON.parse(JSON.stringify(off)))).toEqual(off);
    const both = setPeriod(vs, null);
    expect(validateSpec(JSON.parse(JSON.stringify(both)))).toEqual(both);
    // An equal comparison says nothing, and without a title there is nothing to say.
    expect(validateSpec({ ...vs, titleCompare: 'year' }).titleCompare).toBeUndefined();
    expect(validateSpec({ ...vs, title: undefined, titleCompare: null }).titleCompare).toBe(
      undefined,
    );
    expect(setCompare({ ...vs, title: undefined }, null).titleCompare).toBeUndefined();
  });
});
