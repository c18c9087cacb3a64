// Compared relationship dynamics as every surface shows it: the heading names both periods (on
// the transition matrix too), the table, its CSV and print grid carry the
// earlier period's columns under English and Russian headers, and the status that changed most
// for the better or the worse is marked with words that say so.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/charts/export/export.ts';
import { heading, reportPeriodText } from '../../../src/charts/report/heading.ts';
import { present } from '../../../src/charts/report/present.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { compileDynamics } from '../../../src/crm/analyses/dynamics/dynamics.ts';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import { translator, type Lang } from '../../../src/lib/i18n.ts';
import { comparesReport, defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';
import { Labels } from '../../../src/state/report/labels.ts';
import { midModel } from '../../fixtures/mid-crm.ts';

const catalog = buildCatalog(midModel());
const spec = {
  ...defaultSpec(),
  analysis: 'dynamics',
  options: { grain: 'quarter' },
  period: { from: '2025-01-01', to: '2025-03-31' },
  compare: 'year',
} as ReportSpec;
const labels = (lang: Lang) =>
  new Labels({ catalog, currency: null }, { lang, t: translator(lang) });

// 2025-Q1 against 2024-Q1: new +50 %, regular −10 %, lapsed −40 % (better), lost +80 % (worse).
const row = (status: string, clients: number, before: number) => ({
  period: '2025-Q1',
  status,
  status_order: 0,
  clients,
  clients_previous: before,
  clients_delta: clients - before,
  clients_growth: before === 0 ? null : (clients - before) / before,
  revenue: status === 'lapsed' || status === 'lost' ? 0 : clients * 100,
  revenue_previous: status === 'lapsed' || status === 'lost' ? 0 : before * 100,
  revenue_delta: 0,
  revenue_growth: null,
});
const table = resultFromRows([
  row('new', 30, 20),
  row('repeat', 0, 0),
  row('regular', 9, 10),
  row('returned', 2, 0),
  row('lapsed', 6, 10),
  row('lost', 18, 10),
]);
const { columns } = compileDynamics(spec as Parameters<typeof compileDynamics>[0], catalog);
const shown = { spec, columns, table };

describe('compared dynamics on screen, in exports and print', () => {
  it('headers in English and Russian, the CSV the same', () => {
    const en = present(shown, labels('en'), { maxColumns: 40 });
    const ru = present(shown, labels('ru'), { maxColumns: 40 });
    if (en.table.kind !== 'flat' || ru.table.kind !== 'flat') throw new Error('a flat table');
    const head = (p: typeof en) =>
      p.table.kind === 'flat' ? p.table.rows().headers.map((h) => h.label) : [];
    expect(head(en)).toEqual([
      'Period',
      'Status',
      'Clients',
      'Clients, previous',
      'Clients, Δ',
      'Clients, Δ %',
      'Revenue',
      'Revenue, previous',
      'Revenue, Δ',
      'Revenue, Δ %',
    ]);
    expect(head(ru)).toEqual([
      'Период',
      'Статус',
      'Клиенты',
      'Клиенты, пред.',
      'Клиенты, Δ',
      'Клиенты, Δ %',
      'Выручка',
      'Выручка, пред.',
      'Выручка, Δ',
      'Выручка, Δ %',
    ]);
    const csv = toCsv(ru.grid()).slice(1).split('\r\n');
    expect(csv[0]).toBe(
      head(ru)
        .map((h) => (h.includes(',') ? `"${h}"` : h))
        .join(','),
    );
    // Lost: 18 against 10, the growth a number in the file.
    expect(csv[6]).toBe('1 кв. 2025,Ушедшие,18,10,8,0.8,0,0,0,');
  });

  it('marks the status that changed most for the better and the worse, in both languages', () => {
    for (const lang of ['en', 'ru'] as const) {
      const L = labels(lang);
      const t = translator(lang);
      const p = present(shown, L, { maxColumns: 40 });
      if (p.table.kind !== 'flat') throw new Error('a flat table');
      const flat = p.table.rows();
      const j = flat.headers.findIndex((h) => h.key === 'clients_growth');
      // New +50 % is the best news, lost +80 % the worst; lapsed −40 % is better, not worst.
      expect(flat.marks?.map((r) => r[j]?.kind ?? null)).toEqual([
        'best',
        null,
        null,
        null,
        null,
        'worst',
      ]);
      expect(flat.marks?.[0]?.[j]?.title).toBe(t('dynamicsBestTitle'));
      const grid = p.grid();
      expect(grid.cells[6]?.[j]?.mark).toEqual({
        kind: 'worst',
        text: t('growthWorst'),
        title: t('dynamicsWorstTitle'),
      });
    }
  });

  it('the heading names both periods, on the transition matrix too', () => {
    const L = labels('en');
    expect(heading(spec, L).versus).toBe('Q1 2025 vs Q1 2024');
    expect(reportPeriodText(spec, L)).toBe('Q1 2025 vs Q1 2024');
    expect(comparesReport(spec)).toBe(true);
    const matrix = { ...spec, options: { view: 'transitions' } } as ReportSpec;
    expect(comparesReport(matrix)).toBe(true);
    expect([heading(matrix, L).compare, heading(matrix, L).versus]).toEqual([
      'Same period last year',
      'Q1 2025 vs Q1 2024',
    ]);
    expect(reportPeriodText(matrix, labels('ru'))).toBe('1 кв. 2025 и 1 кв. 2024');
  });

  // The pivot's and LTV's rule: "new" where the status had no clients before, "from 0" where it
  // had clients whose revenue was 0. Compared dynamics showed "–" for both.
  it('a growth without a number reads "new" or "from 0", on screen, in the grid and the CSV', () => {
    const tiered = resultFromRows([
      { ...row('new', 30, 20), revenue_previous: 0, clients_earlier: 1, revenue_earlier: 1 },
      { ...row('returned', 2, 0), clients_earlier: 0, revenue_earlier: 0 },
      { ...row('regular', 9, 10), clients_earlier: 1, revenue_earlier: 1 },
    ]);
    for (const lang of ['en', 'ru'] as const) {
      const t = translator(lang);
      const p = present({ spec, columns, table: tiered }, labels(lang), { maxColumns: 40 });
      if (p.table.kind !== 'flat') throw new Error('a flat table');
      const flat = p.table.rows();
      const at = (key: string) => flat.headers.findIndex((h) => h.key === key);
      const [cg, rg] = [at('clients_growth'), at('revenue_growth')];
      expect(flat.rows.map((r) => [r[cg], r[rg]])).toEqual([
        [flat.rows[0]![cg], t('growthFromZero')],
        [t('growthNew'), t('growthNew')],
        [flat.rows[2]![cg], '–'],
      ]);
      expect(flat.rows[0]![cg]).toMatch(/50/);
      // Tiles and print (the grid) and the CSV hold the same words.
      const grid = p.grid();
      const gc = grid.cells[0]!.indexOf(
        grid.cells[0]!.find((c) => c.v === flat.headers[cg]!.label)!,
      );
      const gr = grid.cells[0]!.indexOf(
        grid.cells[0]!.find((c) => c.v === flat.headers[rg]!.label)!,
      );
      expect([grid.cells[2]![gc]!.v, grid.cells[1]![gr]!.v]).toEqual([
        t('growthNew'),
        t('growthFromZero'),
      ]);
      const csv = toCsv(grid).split('\r\n')[2]!;
      expect(csv).toContain(t('growthNew'));
      // The hidden keys are not columns of the table or the files.
      expect(flat.headers.some((h) => h.key.endsWith('_earlier'))).toBe(false);
      expect(grid.cells[0]!.length).toBe(flat.headers.length);
    }
  });
});
