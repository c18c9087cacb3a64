// Compared relationship dynamics as every surface shows it: the heading names both periods (on
// the transition matrix too), the table, its CSV and print grid carry the
// earlier period's columns under English and Russian headers, and the status that changed most
// for the better or the worse is marked with words that say so.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/charts/export/export.ts';
import { heading, reportPeriodText } from '../../../src/charts/report/heading.ts';
import { present } from '../../../src/charts/report/present.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import {
  compileDynamics,
  compileDynamicsTransitions as compileTransitions,
} from '../../../src/crm/analyses/dynamics/dynamics.ts';
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

// The transition matrix compared: "Clients" over both ranges, Δ and Δ %; among the moves from one
// status, the one that changed most for the better and the worse, a rise of moves to lapsed or
// lost counting as a fall.
describe('the compared transition matrix on screen, in exports and print', () => {
  const matrix = { ...spec, options: { grain: 'quarter', view: 'transitions' } } as ReportSpec;
  const pair = (from: string | null, to: string, clients: number, before: number) => ({
    from_status: from,
    to_status: to,
    clients,
    clients_previous: before,
    clients_delta: clients - before,
    clients_growth: before === 0 ? null : (clients - before) / before,
    clients_earlier: before > 0 ? 1 : 0,
  });
  const rows = resultFromRows([
    pair(null, 'new', 30, 20),
    pair('new', 'repeat', 12, 10),
    pair('new', 'lapsed', 15, 10),
    pair('regular', 'regular', 40, 50),
    pair('regular', 'lapsed', 8, 10),
    pair('lapsed', 'returned', 3, 0),
  ]);
  const { columns: cols } = compileTransitions(
    matrix as Parameters<typeof compileTransitions>[0],
    catalog,
  );
  const shownMatrix = { spec: matrix, columns: cols, table: rows };

  it('groups the clients’ columns under their name, by the periods’ names, EN and RU', () => {
    for (const [lang, group, parts] of [
      ['en', 'Clients', ['Q1 2025', 'Q1 2024', 'Δ', 'Δ %']],
      ['ru', 'Клиенты', ['1 кв. 2025', '1 кв. 2024', 'Δ', 'Δ %']],
    ] as const) {
      const p = present(shownMatrix, labels(lang), { maxColumns: 40 });
      if (p.table.kind !== 'flat') throw new Error('a flat table');
      const headers = p.table.rows().headers;
      expect(headers.map((h) => h.key)).toEqual([
        'from_status',
        'to_status',
        'clients',
        'clients_previous',
        'clients_delta',
        'clients_growth',
      ]);
      expect(headers.slice(2).map((h) => [h.group?.label, h.group?.short])).toEqual(
        parts.map((s) => [group, s]),
      );
    }
  });

  it('marks the best and worst move from each status; a move to lapsed ranks turned', () => {
    for (const lang of ['en', 'ru'] as const) {
      const t = translator(lang);
      const p = present(shownMatrix, labels(lang), { maxColumns: 40 });
      if (p.table.kind !== 'flat') throw new Error('a flat table');
      const flat = p.table.rows();
      const j = flat.headers.findIndex((h) => h.key === 'clients_growth');
      // From new: repeat +20 % is the better news, lapsed +50 % the worse. From regular: lapsed
      // −20 % beats regular −20 %, read turned (+20 %). One move from NULL and from lapsed: no
      // rank; lapsed → returned, none before, reads "new".
      expect(flat.marks?.map((r) => r[j]?.kind ?? null)).toEqual([
        null,
        'best',
        'worst',
        'worst',
        'best',
        'new',
      ]);
      expect(flat.marks?.[1]?.[j]?.title).toBe(t('transitionsBestTitle'));
      // Print, tiles and files: the same marks and the word "new" for a move none made before.
      const grid = p.grid();
      expect(grid.cells[3]?.[j]?.mark?.title).toBe(t('transitionsWorstTitle'));
      const csv = toCsv(grid).split('\r\n');
      expect(csv[6]).toContain(t('growthNew'));
    }
  });
});
