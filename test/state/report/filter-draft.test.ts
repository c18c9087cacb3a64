// The filter editor's rules: a filter on a date field at a grain (a month from a link or a saved
// report) lists its periods by name, in the UI language, and Apply keeps the grain and the keys,
// so the URL and the saved report read as before. Other fields as they always were.
import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/lib/i18n.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import {
  draftFilter,
  filterOps,
  listsValues,
  valueKey,
  type FilterInputs,
} from '../../../src/state/report/filter-draft.ts';
import { Labels } from '../../../src/state/report/labels.ts';

const catalog = {
  fields: [{ id: 'created_at', label: { en: 'Created', ru: 'Создана' }, type: 'date' }],
  measures: [],
} as unknown as Catalog;
const labelsIn = (lang: 'en' | 'ru') =>
  new Labels({ catalog, currency: null }, { lang, t: translator(lang) });

const inputs = (over: Partial<FilterInputs>): FilterInputs => ({
  field: 'created_at',
  type: 'date',
  grain: 'month',
  op: 'in',
  picked: [],
  a: '',
  b: '',
  ...over,
});

describe('a filter on a date field by month', () => {
  it('picks periods: its values are listed', () => {
    expect(filterOps('date', 'month')).toEqual(['in', 'not_in', 'is_null', 'not_null']);
    expect(listsValues('date', 'month')).toBe(true);
    expect(filterOps('date', undefined)).toEqual(['between', 'is_null', 'not_null']);
    expect(listsValues('date', undefined)).toBe(false);
  });

  it('lists each period by its name (EN/RU), as the grid and the chip name it', () => {
    const key = valueKey('created_at', 'month');
    expect(labelsIn('en').fieldValueLabel(key, '2025-03')).toBe('Mar 2025');
    expect(labelsIn('ru').fieldValueLabel(key, '2025-03')).toBe('март 2025');
    const q = valueKey('created_at', 'quarter');
    expect(labelsIn('ru').fieldValueLabel(q, '2025-Q1')).toBe('1 кв. 2025');
    expect(labelsIn('en').fieldValueLabel(q, '2025-Q1')).toBe('Q1 2025');
  });

  it('keeps the grain and the keys on Apply, as a link writes them', () => {
    const f = draftFilter(inputs({ picked: ['2025-03', '2025-04'] }));
    expect(Object.keys(f ?? {})).toEqual(['field', 'op', 'grain', 'values']);
    expect(f).toEqual({
      field: 'created_at',
      grain: 'month',
      op: 'in',
      values: ['2025-03', '2025-04'],
    });
    expect(draftFilter(inputs({ op: 'not_in', picked: ['2025-03'] }))).toEqual({
      field: 'created_at',
      grain: 'month',
      op: 'not_in',
      values: ['2025-03'],
    });
    expect(draftFilter(inputs({}))).toBeNull();
  });
});

describe('other fields', () => {
  it('are drafted as before', () => {
    const text = { field: 'source', type: 'text', grain: undefined } as const;
    expect(valueKey('source', undefined)).toBe('source');
    expect(draftFilter(inputs({ ...text, picked: ['Web'] }))).toEqual({
      field: 'source',
      op: 'in',
      values: ['Web'],
    });
    expect(draftFilter(inputs({ ...text, op: 'contains', a: ' we ' }))).toEqual({
      field: 'source',
      op: 'contains',
      values: ['we'],
    });
    const amount = { field: 'amount', type: 'number', grain: undefined } as const;
    expect(draftFilter(inputs({ ...amount, op: 'between', a: '1,5', b: null }))).toEqual({
      field: 'amount',
      op: 'gte',
      values: [1.5],
    });
    expect(draftFilter(inputs({ ...amount, op: 'gt', a: 'x' }))).toBeNull();
    const date = { type: 'date', grain: undefined } as const;
    expect(
      draftFilter(inputs({ ...date, op: 'between', a: '2025-01-01', b: '2025-03-31' })),
    ).toEqual({ field: 'created_at', op: 'between', values: ['2025-01-01', '2025-03-31'] });
    expect(draftFilter(inputs({ ...date, op: 'is_null' }))).toEqual({
      field: 'created_at',
      op: 'is_null',
    });
  });
});
