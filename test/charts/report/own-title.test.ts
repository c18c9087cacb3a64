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
import { setPeriod } from '../../../src/state/report/spec-edit.ts';
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
