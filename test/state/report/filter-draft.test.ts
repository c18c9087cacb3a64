// The filter editor's rules: a filter on a date field at a grain (a month from a link or a saved
// report) lists its periods by name, in the UI language, and Apply keeps the grain and the keys,
// so the URL and the saved report read as before. Other fields as they always were.
import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/lib/i18n.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import {
  draftFilter,
  filterOps,
  grainChoices,
  inputsOf,
  listsValues,
  valueKey,
  withGrain,
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

describe('a date field filtered by dates or by periods, switched in the editor', () => {
  it('offers its dates, month, quarter and year; a link’s week among them; nothing elsewhere', () => {
    expect(grainChoices('date', undefined)).toEqual([undefined, 'month', 'quarter', 'year']);
    expect(grainChoices('date', 'month')).toEqual([undefined, 'month', 'quarter', 'year']);
    expect(grainChoices('date', 'week')).toEqual([undefined, 'week', 'month', 'quarter', 'year']);
    expect(grainChoices('text', undefined)).toEqual([]);
    expect(grainChoices('number', undefined)).toEqual([]);
  });

  it('from dates to months: picks periods, and Apply writes the filter a link has', () => {
    const dates = inputsOf('closed_at', 'date', undefined);
    expect(dates).toMatchObject({ grain: undefined, op: 'between', picked: [], a: '', b: '' });
    const months = withGrain({ ...dates, a: '2025-01-01', b: '2025-06-30' }, 'month');
    expect(months).toMatchObject({ grain: 'month', op: 'in', picked: [] });
    expect(draftFilter(months)).toBeNull();
    expect(draftFilter({ ...months, picked: ['2025-03', '2025-04'] })).toEqual({
      field: 'closed_at',
      op: 'in',
      grain: 'month',
      values: ['2025-03', '2025-04'],
    });
  });

  it('another grain clears the picked periods (a month’s key is no quarter), keeps “is not one of”', () => {
    const months: FilterInputs = inputs({ op: 'not_in', picked: ['2025-03'] });
    const quarters = withGrain(months, 'quarter');
    expect(quarters).toMatchObject({ grain: 'quarter', op: 'not_in', picked: [] });
    expect(withGrain(months, 'month')).toBe(months);
  });

  it('back to dates: between, with the bounds as typed before; “is empty” stays', () => {
    const typed = inputs({ grain: undefined, op: 'between', a: '2025-01-01', b: '2025-06-30' });
    const back = withGrain(withGrain(typed, 'year'), undefined);
    expect(back).toMatchObject({ grain: undefined, op: 'between', picked: [] });
    expect(draftFilter(back)).toEqual({
      field: 'created_at',
      op: 'between',
      values: ['2025-01-01', '2025-06-30'],
    });
    const empty = withGrain(inputs({ op: 'is_null' }), undefined);
    expect(draftFilter(empty)).toEqual({ field: 'created_at', op: 'is_null' });
  });

  it('a link’s month filter seeds the picks, never the date bounds', () => {
    const link = { field: 'created_at', grain: 'month', op: 'in', values: ['2025-03'] } as const;
    const i = inputsOf('created_at', 'date', { ...link, values: [...link.values] });
    expect(i).toMatchObject({ grain: 'month', op: 'in', picked: ['2025-03'], a: '', b: '' });
    // Switched to dates, the month's key is not taken for a date: nothing to apply yet.
    expect(draftFilter(withGrain(i, undefined))).toBeNull();
  });

  it('a date range open at one end is edited as a range', () => {
    const from = inputsOf('created_at', 'date', {
      field: 'created_at',
      op: 'gte',
      values: ['2025-01-01'],
    });
    expect(from).toMatchObject({ op: 'between', a: '2025-01-01', b: '' });
    const to = inputsOf('created_at', 'date', {
      field: 'created_at',
      op: 'lte',
      values: ['2025-06-30'],
    });
    expect(to).toMatchObject({ op: 'between', a: '', b: '2025-06-30' });
    expect(draftFilter(to)).toEqual({ field: 'created_at', op: 'lte', values: ['2025-06-30'] });
    // A number keeps its own condition.
    const n = inputsOf('amount', 'number', { field: 'amount', op: 'gte', values: [100] });
    expect(n).toMatchObject({ op: 'gte', a: '100', b: '' });
  });
});
