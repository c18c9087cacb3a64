// A drill-down list exported as CSV (both dialects, with the Russian UI's headers) and imported
// back through the workbench's own import gives the same deals and the same numbers: the Excel
// dialect's decimal commas and quoted semicolons must not turn an amount into text or split a name,
// and the statuses the file writes as the Russian list shows them («выиграна») read back as codes.
import { describe, expect, it } from 'vitest';
import {
  CSV_EXCEL,
  CSV_PLAIN,
  listGrid,
  toCsv,
  type CsvDialect,
} from '../../../src/charts/export/export.ts';
import { TABLES } from '../../../src/crm/vocabulary.ts';
import { importFiles } from '../../../src/ingest/index.ts';
import { translator } from '../../../src/lib/i18n.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { Labels } from '../../../src/state/report/labels.ts';
import { sharedEngine } from '../../fixtures/engine.ts';

const db = sharedEngine();

const columns: OutputColumn[] = [
  { key: 'id', role: 'dimension', format: 'text' },
  { key: 'created_at', role: 'dimension', format: 'date' },
  { key: 'status', role: 'dimension', format: 'text' },
  { key: 'manager', role: 'dimension', format: 'text' },
  { key: 'client', role: 'dimension', format: 'text' },
  { key: 'amount', role: 'dimension', format: 'money' },
];
const ru = (c: OutputColumn) =>
  TABLES.deals.columns[c.key as keyof typeof TABLES.deals.columns].label.ru;
const shown = new Labels({ catalog: null, currency: null }, { lang: 'ru', t: translator('ru') });
const deals = [
  {
    id: 'D-1',
    created_at: Date.UTC(2024, 0, 5),
    status: 'won',
    manager: 'Иванов; продажи',
    client: 'ООО «Альфа», Москва',
    amount: 1234.5,
  },
  {
    id: 'D-2',
    created_at: Date.UTC(2024, 1, 29),
    status: 'lost',
    manager: 'Петрова',
    client: 'ИП "Бета"',
    amount: 0.1 + 0.2,
  },
  {
    id: 'D-3',
    created_at: Date.UTC(2024, 2, 31),
    status: 'won',
    manager: 'Иванов; продажи',
    client: 'Гамма',
    amount: 1500000.25,
  },
  {
    id: 'D-4',
    created_at: Date.UTC(2024, 3, 1),
    status: 'open',
    manager: 'Петрова',
    client: 'Гамма',
    amount: 99,
  },
];

async function roundTrip(dialect: CsvDialect, name: string) {
  const grid = listGrid(columns, ru, deals, (c, v) => shown.fieldValueLabel(c.key, v));
  const csv = toCsv(grid, dialect);
  expect(csv).toContain('выиграна');
  await importFiles(db.engine, [{ name, bytes: new TextEncoder().encode(csv) }]);
  const rows = (
    await db.engine.query(
      `SELECT id, strftime(created_at, '%Y-%m-%d') AS day, status, manager, client, amount FROM deals ORDER BY id`,
    )
  ).toArray();
  return rows.map((r) => r.toJSON() as Record<string, unknown>);
}

const expected = deals.map((d) => ({
  id: d.id,
  day: new Date(d.created_at).toISOString().slice(0, 10),
  status: d.status,
  manager: d.manager,
  client: d.client,
  amount: Number(d.amount.toPrecision(15)),
}));

describe('CSV export → import', () => {
  it('the Excel dialect (;, decimal comma) reads back as the same deals and numbers', async () => {
    expect(await roundTrip(CSV_EXCEL, 'Сделки (Excel).csv')).toEqual(expected);
  });

  it('the plain dialect reads back the same', async () => {
    expect(await roundTrip(CSV_PLAIN, 'Сделки.csv')).toEqual(expected);
  });
});
