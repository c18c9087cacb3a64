// A printed band of columns repeats the report's period and filters under its title, so a page
// torn off the printout says what its numbers count — in the UI's language.
import { describe, expect, it } from 'vitest';
import { contextLine } from '../../../src/charts/report/context-line.ts';
import { type PresentLabels } from '../../../src/charts/report/present.ts';
import { heading } from '../../../src/charts/report/heading.ts';
import { translator, type Lang } from '../../../src/lib/i18n.ts';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';

const labelsIn = (lang: Lang): PresentLabels => ({
  lang,
  t: translator(lang),
  currency: null,
  columnLabel: (c) => c.key,
  valueLabel: (c) => c.key,
  dimensionLabel: (d) => d.field,
  measureLabel: (id) => id,
  filterLabel: (f) => `${f.field}: ${(f.values ?? []).join(', ')}`,
  analysisColumnLabel: (c) => c.key,
  analysisKeyLabel: (k) => k,
  categoryLabel: (_k, v) => v,
  measure: () => ({ shareable: true, additive: true }),
});

const year: ReportSpec = {
  ...defaultSpec(),
  period: { from: '2025-01-01', to: '2025-12-31' },
  compare: 'year',
  filters: [{ field: 'source', op: 'in', values: ['Web'] }],
};

describe('a printed band’s context line', () => {
  it('names the period, both sides of a comparison, and the filters (EN)', () => {
    const L = labelsIn('en');
    expect(contextLine(heading(year, L), L.t)).toBe(
      'Period: Jan 1, 2025 – Dec 31, 2025 (2025 vs 2024) · Filters: source: Web',
    );
    const plain = { ...year, compare: null, filters: [] };
    expect(contextLine(heading(plain, L), L.t)).toBe(
      'Period: Jan 1, 2025 – Dec 31, 2025 · Filters: none',
    );
  });

  it('speaks Russian in the Russian UI', () => {
    const L = labelsIn('ru');
    expect(contextLine(heading(year, L), L.t)).toBe(
      'Период: 1 янв. 2025 г. – 31 дек. 2025 г. (2025 и 2024) · Фильтры: source: Web',
    );
    const all = contextLine(heading({ ...year, period: null, filters: [] }, L), L.t);
    expect(all).toBe(`Период: ${L.t('allTime')} · Фильтры: нет`);
  });
});
