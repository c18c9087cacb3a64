// A drill-down list's CSV and XLSX read as the list does: a deal's status, a yes/no field and a
// client's segment in the UI language, in English and in Russian; the export once wrote `won`
// under a list that showed «выиграна». Numbers and days stay data.
import { describe, expect, it } from 'vitest';
import { CSV_EXCEL, toCsv } from '../../../src/charts/export/export.ts';
import { translator } from '../../../src/lib/i18n.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { drillGrid, drillTextLabel } from '../../../src/state/report/drill-names.ts';
import { Labels } from '../../../src/state/report/labels.ts';

const field = (id: string, type: string, en: string, ru: string) => ({
  id,
  table: 'deals',
  column: id,
  type,
  label: { en, ru },
});
const catalog = {
  fields: [
    field('id', 'text', 'Deal', 'Сделка'),
    field('status', 'text', 'Status', 'Статус'),
    field('has_company', 'boolean', 'Company', 'Компания'),
    field('created_at', 'date', 'Created', 'Создана'),
    field('amount', 'number', 'Amount', 'Сумма'),
  ],
  measures: [],
} as unknown as Catalog;
const labelsIn = (lang: 'en' | 'ru') =>
  new Labels({ catalog, currency: 'RUB' }, { lang, t: translator(lang) });

const columns: OutputColumn[] = [
  { key: 'id', role: 'dimension', format: 'text' },
  { key: 'status', role: 'dimension', format: 'text' },
  { key: 'has_company', role: 'dimension', format: 'text' },
  { key: 'created_at', role: 'dimension', format: 'date' },
  { key: 'amount', role: 'dimension', format: 'money' },
];
const deals = [
  { id: 'won', status: 'won', has_company: 'true', created_at: Date.UTC(2025, 0, 5), amount: 10.5 },
  { id: 'D-2', status: 'lost', has_company: 'false', created_at: Date.UTC(2025, 1, 1), amount: 0 },
  { id: 'D-3', status: 'open', has_company: null, created_at: null, amount: null },
];

describe('drill-down export: the words the list shows', () => {
  it('Russian: statuses and yes/no in Russian, a deal id that reads "won" kept as it is', () => {
    const grid = drillGrid(labelsIn('ru'), 'deals', columns, deals);
    expect(toCsv(grid, CSV_EXCEL).slice(1).split('\r\n')).toEqual([
      'Сделка;Статус;Компания;Создана;Сумма',
      'won;выиграна;да;2025-01-05;10,5',
      'D-2;проиграна;нет;2025-02-01;0',
      'D-3;открыта;;;',
      '',
    ]);
  });

  it('English: the same words as the English list', () => {
    const grid = drillGrid(labelsIn('en'), 'deals', columns, deals);
    expect(grid.cells.map((r) => r.map((c) => c.v))).toEqual([
      ['Deal', 'Status', 'Company', 'Created', 'Amount'],
      ['won', 'won', 'yes', '2025-01-05', 10.5],
      ['D-2', 'lost', 'no', '2025-02-01', 0],
      ['D-3', 'open', null, null, null],
    ]);
  });

  it("a client list names its status and segment as the analysis's table does", () => {
    const clients: OutputColumn[] = [
      { key: 'client', role: 'dimension', format: 'text' },
      { key: 'status', role: 'dimension', format: 'text' },
      { key: 'segment', role: 'dimension', format: 'text' },
    ];
    const rows = [{ client: 'ООО Альфа', status: 'lapsed', segment: 'Champions' }];
    const ru = labelsIn('ru');
    const grid = drillGrid(ru, 'clients', clients, rows);
    expect(grid.cells[1]!.map((c) => c.v)).toEqual(['ООО Альфа', 'Уснувшие', 'Чемпионы']);
    expect(grid.cells[0]!.map((c) => c.v)).toEqual([
      ru.analysisColumnLabel(clients[0]!),
      'Статус',
      'Сегмент',
    ]);
    // The list on screen names a value with the same function.
    expect(drillTextLabel(ru, 'clients', clients[1]!, 'lapsed')).toBe('Уснувшие');
    expect(drillTextLabel(labelsIn('en'), 'clients', clients[1]!, 'lapsed')).toBe('Lapsed');
  });

  it("a dynamics client list names its last purchase's quarter as the table names periods", () => {
    const cols: OutputColumn[] = [
      { key: 'client', role: 'dimension', format: 'text' },
      { key: 'last_purchase', role: 'dimension', format: 'text' },
    ];
    const rows = [{ client: 'ООО Альфа', last_purchase: '2024-Q3' }];
    expect(drillGrid(labelsIn('ru'), 'clients', cols, rows).cells[1]!.map((c) => c.v)).toEqual([
      'ООО Альфа',
      '3 кв. 2024',
    ]);
    expect(drillTextLabel(labelsIn('en'), 'clients', cols[1]!, '2024-Q3')).toBe('Q3 2024');
  });
});
