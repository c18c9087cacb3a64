// The Labels object the views read: an analysis's columns keep their names when the dataset's
// catalog lacks the measure they come from (a lead export without deal amounts has no revenue).
import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/lib/i18n.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import { Labels } from '../../../src/state/report/labels.ts';

const noRevenue = { fields: [], measures: [] } as unknown as Catalog;
const labelsIn = (lang: 'en' | 'ru') =>
  new Labels({ catalog: noRevenue, currency: null }, { lang, t: translator(lang) });

describe('Labels.analysisColumnLabel', () => {
  it('names the revenue column of an analysis without a revenue measure', () => {
    const col = { key: 'revenue', role: 'measure', format: 'money' } as const;
    expect(labelsIn('en').analysisColumnLabel(col)).toBe('Revenue');
    expect(labelsIn('ru').analysisColumnLabel(col)).toBe('Выручка');
    expect(labelsIn('ru').analysisKeyLabel('revenue')).toBe('Выручка');
  });
});

describe('Labels.fieldValueLabel', () => {
  it("shows a deal's stored status in the UI language and other values as they are", () => {
    expect(labelsIn('ru').fieldValueLabel('status', 'won')).toBe('выиграна');
    expect(labelsIn('ru').fieldValueLabel('status', 'lost')).toBe('проиграна');
    expect(labelsIn('en').fieldValueLabel('status', 'open')).toBe('open');
    expect(labelsIn('ru').fieldValueLabel('status', 'odd')).toBe('odd');
    expect(labelsIn('ru').fieldValueLabel('source', 'won')).toBe('won');
  });
});
