import { describe, expect, it } from 'vitest';
import { translator } from '../../../src/lib/i18n.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import {
  columnLabel,
  dimensionLabel,
  filterLabel,
  measureLabel,
  type LabelContext,
} from '../../../src/state/report/report-labels.ts';

// Only what the label functions read: field and measure ids with their labels.
const catalog = {
  fields: [
    { id: 'manager', label: { en: 'Manager', ru: 'Менеджер' }, type: 'text' },
    { id: 'amount', label: { en: 'Amount', ru: 'Сумма' }, type: 'number' },
  ],
  measures: [{ id: 'revenue', label: { en: 'Revenue', ru: 'Выручка' } }],
} as unknown as Catalog;
const en: LabelContext = { catalog, lang: 'en', t: translator('en') };
const ru: LabelContext = { catalog, lang: 'ru', t: translator('ru') };

describe('report labels', () => {
  it('catalog labels in the UI language; unknown ids as they are', () => {
    expect(measureLabel(en, 'revenue')).toBe('Revenue');
    expect(measureLabel(ru, 'revenue')).toBe('Выручка');
    expect(measureLabel(en, 'nope')).toBe('nope');
    expect(measureLabel(en, 'sum:amount')).toMatch(/Amount$/);
  });

  it('a CRM measure this data lacks (a link from other data) by its name, not its id', () => {
    expect(measureLabel(en, 'lost_amount')).toBe('Lost amount');
    expect(measureLabel(ru, 'lost_amount')).toBe('Сумма проигранных');
  });

  it('grains, bins and comparison suffixes on result columns', () => {
    expect(dimensionLabel(en, { field: 'period', grain: 'quarter' })).toBe(
      `${en.t('period')} · ${en.t('grain_quarter')}`,
    );
    expect(columnLabel(en, { key: 'amount:bins', role: 'dimension', format: 'text' })).toBe(
      'Amount',
    );
    expect(
      columnLabel(en, { key: 'revenue_delta', role: 'delta', measure: 'revenue', format: 'money' }),
    ).toBe(`Revenue, ${en.t('deltaSuffix')}`);
  });

  it('filter chips: a few values listed, many counted, empty named', () => {
    expect(filterLabel(en, { field: 'manager', op: 'in', values: ['Ann', null] })).toBe(
      `Manager: Ann, ${en.t('empty')}`,
    );
    expect(filterLabel(en, { field: 'manager', op: 'in', values: ['a', 'b', 'c'] })).toBe(
      `Manager: ${en.t('filterValues', { n: 3 })}`,
    );
    expect(filterLabel(en, { field: 'amount', op: 'between', values: [1, null] })).toBe(
      `Amount: 1 – ${en.t('empty')}`,
    );
  });

  it('a deal status filter names its values in the UI language, as the table does', () => {
    // "Статус: open" stood on the open-deals presets of the Russian UI.
    const status = { field: 'status', op: 'in', values: ['open'] } as const;
    expect(filterLabel(ru, { ...status, values: ['open'] })).toMatch(/: открыта$/);
    expect(filterLabel(ru, { ...status, values: ['won', 'lost'] })).toMatch(
      /: выиграна, проиграна$/,
    );
    expect(filterLabel(ru, { field: 'status', op: 'neq', values: ['lost'] })).toMatch(/проиграна$/);
    expect(filterLabel(en, { ...status, values: ['open'] })).toMatch(/: open$/);
    // Other fields keep their values as they are, a status-like word included.
    expect(filterLabel(ru, { field: 'manager', op: 'in', values: ['open'] })).toBe(
      'Менеджер: open',
    );
  });
});
