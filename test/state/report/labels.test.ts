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

  it("names a compared funnel's columns after its own, as the pivot names a measure's", () => {
    const col = (key: string, role: 'previous' | 'delta' | 'growth', measure: string) =>
      ({ key, role, measure, format: 'int' }) as const;
    const en = labelsIn('en');
    const ru = labelsIn('ru');
    expect(en.analysisColumnLabel(col('reached_previous', 'previous', 'reached'))).toBe(
      'Reached, previous',
    );
    expect(en.analysisColumnLabel(col('reached_growth', 'growth', 'reached'))).toBe('Reached, Δ %');
    expect(ru.analysisColumnLabel(col('reached_previous', 'previous', 'reached'))).toBe(
      'Дошли, пред.',
    );
    expect(ru.analysisColumnLabel(col('step_conversion_delta', 'delta', 'step_conversion'))).toBe(
      `${translator('ru')('col_step_conversion')}, Δ`,
    );
  });
});

describe('Labels.analysisKeyLabel', () => {
  it('names a split’s field by its label (a funnel by source), a grain with it', () => {
    expect(labelsIn('ru').analysisKeyLabel('source')).toBe('Источник');
    expect(labelsIn('en').analysisKeyLabel('source')).toBe('Source');
    expect(labelsIn('ru').analysisKeyLabel('created_at:month')).toMatch(/^Дата создания · /);
    // An analysis's own column and a measure keep their names.
    expect(labelsIn('en').analysisKeyLabel('reached')).toBe(translator('en')('col_reached'));
    expect(labelsIn('en').analysisKeyLabel('unknown_key')).toBe('unknown_key');
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

describe('Labels.categoryLabel', () => {
  it("names an analysis split's date bucket as the pivot does, a text value as it is", () => {
    expect(labelsIn('ru').categoryLabel('created_at:quarter', '2025-Q1')).toBe('1 кв. 2025');
    expect(labelsIn('en').categoryLabel('created_at:month', '2025-03')).toBe('Mar 2025');
    expect(labelsIn('ru').categoryLabel('source', '2025-03')).toBe('2025-03');
    expect(labelsIn('ru').categoryLabel('segment', 'At risk')).not.toBe('At risk');
  });
});

describe('yes/no fields', () => {
  const flags = {
    fields: [
      {
        id: 'has_company',
        table: 'deals',
        column: 'has_company',
        type: 'boolean',
        label: { en: 'has_company', ru: 'has_company' },
      },
      { id: 'note', table: 'deals', column: 'note', type: 'text', label: { en: 'n', ru: 'n' } },
    ],
    measures: [],
  } as unknown as Catalog;
  const labelsOf = (lang: 'en' | 'ru') =>
    new Labels({ catalog: flags, currency: null }, { lang, t: translator(lang) });

  it('shows true/false in the UI language (Olist has_company, has_gtin), text as it is', () => {
    expect(labelsOf('ru').fieldValueLabel('has_company', 'true')).toBe('да');
    expect(labelsOf('ru').fieldValueLabel('has_company', 'false')).toBe('нет');
    expect(labelsOf('en').fieldValueLabel('has_company', 'true')).toBe('yes');
    expect(labelsOf('ru').fieldValueLabel('note', 'true')).toBe('true');
  });

  it('names a drivers member by its field, one field or a pair', () => {
    const ru = labelsOf('ru');
    expect(ru.driverMember('has_company', 'false', null)).toBe('нет');
    expect(ru.driverMember('has_company', null, null)).toBe('(пусто)');
    expect(ru.driverMember('note × has_company', 'true', 'true')).toBe('true · да');
    expect(ru.driverMember('status', 'won', null)).toBe('выиграна');
  });
});

describe('a deals role column the dataset lacks', () => {
  it('is named by the role, in the UI language (the forecast list on Olist: title, stage)', () => {
    const title = { key: 'title', role: 'dimension', format: 'text' } as const;
    const stage = { key: 'stage', role: 'dimension', format: 'text' } as const;
    expect(labelsIn('ru').analysisColumnLabel(title)).toBe('Название');
    expect(labelsIn('ru').analysisColumnLabel(stage)).toBe('Этап');
    expect(labelsIn('en').analysisColumnLabel(stage)).toBe('Stage');
    expect(labelsIn('en').fieldLabel('landing_page_id')).toBe('landing_page_id');
  });
});

describe('Labels.leftOutNames', () => {
  it('names what "open without" leaves out, measures then columns, in the UI language', () => {
    // The catalog lacks both: a report opened without them was made on other data.
    const left = { measures: ['weighted_pipeline'], fields: ['stage'] };
    expect(labelsIn('en').leftOutNames(left)).toBe('Weighted pipeline, Stage');
    expect(labelsIn('ru').leftOutNames(left)).toBe('Взвешенная воронка, Этап');
    expect(labelsIn('ru').leftOutNames({ measures: [], fields: [] })).toBe('');
  });
});
