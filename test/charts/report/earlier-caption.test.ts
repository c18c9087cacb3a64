// A drill-down of an earlier value names the earlier period its rows come from, in the pivot
// and the compared analyses alike: "Clients, previous · Q3 2025" listed Q3 2024's clients, and
// the title said only "(previous period)" or nothing the reader could check.
import { describe, expect, it } from 'vitest';
import { earlierBucket } from '../../../src/charts/report/period-name.ts';
import { cellCaption, present } from '../../../src/charts/report/present.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { translator } from '../../../src/lib/i18n.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { comparisonShift } from '../../../src/query/period/period.ts';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';
import { Labels } from '../../../src/state/report/labels.ts';
import {
  drilledBucket,
  drilledEarlier,
  drillTitle,
  namesOwnBucket,
} from '../../../src/ui/report/drill/drill-text.ts';
import { ROLLED_UP } from '../../../src/query/spec/cell.ts';

const year = { unit: 'MONTH', amount: 12 } as const;

describe('earlierBucket: the bucket holding the first day moved back (dynamics epi)', () => {
  it('each grain a year back and a period back', () => {
    expect(earlierBucket('2025-Q3', year)).toBe('2024-Q3');
    expect(earlierBucket('2025-Q1', { unit: 'MONTH', amount: 3 })).toBe('2024-Q4');
    expect(earlierBucket('2025-03', { unit: 'MONTH', amount: 1 })).toBe('2025-02');
    expect(earlierBucket('2025', year)).toBe('2024');
    expect(earlierBucket('2025-03-07', { unit: 'DAY', amount: 7 })).toBe('2025-02-28');
    expect(earlierBucket('2025-W01', { unit: 'DAY', amount: 7 })).toBe('2024-W52');
    expect(earlierBucket('2021-W01', { unit: 'DAY', amount: 7 })).toBe('2020-W53');
    expect(earlierBucket('Анна', year)).toBe('Анна');
  });
});

const t = (lang: 'en' | 'ru') => ({ lang, t: translator(lang) });
const compared: ReportSpec = {
  ...defaultSpec(),
  analysis: 'funnel',
  period: { from: '2025-07-01', to: '2025-09-30' },
  compare: 'year',
};

describe('drill title of an earlier cell names its period', () => {
  it('a compared funnel "Reached, previous" (EN, RU)', () => {
    const target = { spec: compared, key: 'reached_previous', caption: 'Reached, previous · Won' };
    expect(drillTitle(target, t('en'))).toBe(
      'Rows behind the value: Reached, previous · Won (from Q3 2024)',
    );
    expect(drillTitle(target, t('ru'))).toBe(
      'Строки за значением: Reached, previous · Won (за 3 кв. 2024)',
    );
    expect(drilledEarlier(compared, 'reached_previous')).toEqual({
      from: '2024-07-01',
      to: '2024-09-30',
    });
  });

  it('a current cell names no period; an uncompared one keeps "previous period"', () => {
    expect(drillTitle({ spec: compared, key: 'reached', caption: 'Reached' }, t('en'))).toBe(
      'Rows behind the value: Reached',
    );
    expect(drilledEarlier(compared, 'reached')).toBeNull();
    const plain = { ...compared, compare: null };
    expect(drillTitle({ spec: plain, key: 'revenue_previous', caption: 'R' }, t('ru'))).toBe(
      'Строки за значением: R (предыдущий период)',
    );
  });

  it("dynamics: the row's period is the earlier one for Clients, previous", () => {
    const dyn = {
      ...defaultSpec(),
      analysis: 'dynamics',
      options: { grain: 'quarter' },
      period: { from: '2025-01-01', to: '2025-12-31' },
      compare: 'year',
    } as ReportSpec;
    expect(drilledBucket(dyn, 'clients_previous', '2025-Q3', t('en'))).toBe('Q3 2024');
    expect(drilledBucket(dyn, 'clients_previous', '2025-Q3', t('ru'))).toBe('3 кв. 2024');
    expect(
      drilledBucket({ ...dyn, compare: 'previous' }, 'clients_previous', '2025-Q3', t('en')),
    ).toBe('Q3 2024');
    expect(drilledBucket(dyn, 'clients', '2025-Q3', t('en'))).toBeNull();
  });
});

// A pivot by quarter, year on year: the earlier cell's caption names Q3 2024 itself, and the
// title read «… · 3 кв. 2024 (за 3 кв. 2024)».
describe('drill title: no "(from …)" where the cell names its earlier bucket', () => {
  const pivot: ReportSpec = {
    ...defaultSpec(),
    rows: [{ field: 'created_at', grain: 'quarter' }],
    measures: ['revenue'],
    period: { from: '2024-07-01', to: '2025-09-30' },
    compare: 'year',
  };
  const caption = { en: 'Revenue, previous · Q3 2024', ru: 'Выручка, пред. · 3 кв. 2024' };
  it('a pivot cell of a quarter (EN, RU)', () => {
    const cell = { 'created_at:quarter': '2025-Q3' };
    for (const lang of ['en', 'ru'] as const) {
      const target = { spec: pivot, key: 'revenue_previous', caption: caption[lang], cell };
      expect(drillTitle(target, t(lang))).toBe(
        `${lang === 'en' ? 'Rows behind the value' : 'Строки за значением'}: ${caption[lang]}`,
      );
    }
    expect(namesOwnBucket(pivot, cell)).toBe(true);
  });

  it('kept where the cell names no bucket: a total, a manager, a funnel', () => {
    const total = { 'created_at:quarter': ROLLED_UP };
    expect(
      drillTitle({ spec: pivot, key: 'revenue_previous', caption: 'R', cell: total }, t('ru')),
    ).toBe('Строки за значением: R (за 1 июл. 2023 г. – 30 сент. 2024 г.)');
    const byManager = { ...pivot, rows: [{ field: 'manager' }] };
    expect(namesOwnBucket(byManager, { manager: 'Анна' })).toBe(false);
    expect(namesOwnBucket(compared, { stage: 'Won' })).toBe(false);
    const target = {
      spec: compared,
      key: 'reached_previous',
      caption: 'Won',
      cell: { stage: 'Won' },
    };
    expect(drillTitle(target, t('en'))).toBe('Rows behind the value: Won (from Q3 2024)');
  });

  it("dynamics: a row's period names its bucket; a row without one keeps the parenthesis", () => {
    const dyn = {
      ...defaultSpec(),
      analysis: 'dynamics',
      options: { grain: 'quarter' },
      period: { from: '2025-01-01', to: '2025-12-31' },
      compare: 'year',
    } as ReportSpec;
    const row = { period: '2025-Q3', status: 'new', clients_previous: 4 };
    const target = {
      spec: dyn,
      key: 'clients_previous',
      caption: 'Clients, previous · Q3 2024',
      cell: row,
    };
    expect(drillTitle(target, t('en'))).toBe('Rows behind the value: Clients, previous · Q3 2024');
    expect(drillTitle({ ...target, caption: 'C', cell: { status: 'new' } }, t('ru'))).toBe(
      'Строки за значением: C (за 2024)',
    );
  });
});

describe("the pivot's earlier cell by quarter", () => {
  const catalog = {
    fields: [
      { id: 'manager', label: { en: 'Manager', ru: 'Менеджер' }, type: 'text' },
      { id: 'created_at', label: { en: 'Created', ru: 'Создана' }, type: 'date' },
    ],
    measures: [
      {
        id: 'revenue',
        label: { en: 'Revenue', ru: 'Выручка' },
        format: 'money',
        shareable: true,
        additive: true,
      },
    ],
  } as unknown as Catalog;
  const quarter: OutputColumn = {
    key: 'created_at:quarter',
    role: 'dimension',
    axis: 'row',
    format: 'text',
  };
  const cols: OutputColumn[] = [
    quarter,
    { key: 'revenue', role: 'measure', measure: 'revenue', format: 'money' },
    { key: 'revenue_previous', role: 'previous', measure: 'revenue', format: 'money' },
  ];
  const spec: ReportSpec = {
    ...defaultSpec(),
    rows: [{ field: 'created_at', grain: 'quarter' }],
    measures: ['revenue'],
    period: { from: '2025-01-01', to: '2025-12-31' },
    compare: 'year',
  };
  it('names Q3 2024 on the previous cell and Q3 2025 on the current (EN, RU)', () => {
    for (const [lang, now, before] of [
      ['en', 'Q3 2025', 'Q3 2024'],
      ['ru', '3 кв. 2025', '3 кв. 2024'],
    ] as const) {
      const L = new Labels({ catalog, currency: null }, { lang, t: translator(lang) });
      const p = present(
        {
          spec,
          columns: cols,
          table: resultFromRows([
            { 'created_at:quarter': '2025-Q3', revenue: 5, revenue_previous: 3 },
          ]),
        },
        L,
        { maxColumns: 40 },
      );
      if (p.table.kind !== 'pivot') throw new Error('a pivot');
      const { layout } = p.table;
      const prev = layout.leaves.findIndex((l) => l.column.role === 'previous');
      const cur = layout.leaves.findIndex((l) => l.column.role === 'measure');
      const r = layout.rows.findIndex((row) => row.kind === 'data');
      const cmp = { period: spec.period!, mode: 'year' as const };
      expect(cellCaption(layout, r, prev, L, cmp)).toMatch(new RegExp(` · ${before}$`));
      expect(cellCaption(layout, r, cur, L, cmp)).toMatch(new RegExp(` · ${now}$`));
      expect(comparisonShift(spec.period!, 'year')).toEqual(year);
    }
  });
});
