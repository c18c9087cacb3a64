import { english } from '../../src/lib/message.ts';
import { readFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { detect, importFiles, type ImportFile } from '../../src/ingest/index.ts';
import * as C from './corpus/corpus.ts';
import { sharedEngine } from '../fixtures/engine.ts';

function xlsx(): Uint8Array {
  const rows = C.records();
  const headers = Object.keys(rows[0]!);
  const ws = XLSX.utils.aoa_to_sheet([headers, ...rows.map((r) => Object.values(r))], {
    cellDates: true,
  });
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(
    wb,
    XLSX.utils.aoa_to_sheet([['notes'], ['exported from HubSpot']]),
    'About',
  );
  XLSX.utils.book_append_sheet(wb, ws, 'Deals');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

function arrow(): Uint8Array {
  const rows = C.records();
  return tableToIPC(
    tableFromArrays({
      'Deal ID': rows.map((r) => r['Deal ID']),
      Amount: Float64Array.from(rows.map((r) => r.Amount)),
      'Deal Stage': rows.map((r) => r['Deal Stage']),
      'Deal owner': rows.map((r) => r['Deal owner']),
    }),
    'file',
  );
}

const json = () => new TextEncoder().encode(JSON.stringify(C.records()));

const CASES: [string, ImportFile[], { sheet?: string }?][] = [
  ['amoCRM cp1251 ;', [{ name: 'amocrm_export.csv', bytes: C.amocrm() }]],
  ['Bitrix24', [{ name: 'DEAL_20240401.csv', bytes: C.bitrix24() }]],
  ['Pipedrive', [{ name: 'deals-pipedrive.csv', bytes: C.pipedrive() }]],
  [
    'Pipedrive, Won time and Lost time',
    [{ name: 'deals-pipedrive.csv', bytes: C.pipedrive('times') }],
  ],
  ['HubSpot UTF-8 BOM', [{ name: 'hubspot-crm-exports-all-deals.csv', bytes: C.hubspot() }]],
  ['Salesforce MM/DD/YYYY', [{ name: 'report1712345.csv', bytes: C.salesforce() }]],
  ['Zoho CRM Deals', [{ name: 'Deals_2024_04_01.csv', bytes: C.zoho() }]],
  ['Zoho CRM Deals, US user (12-hour)', [{ name: 'Deals_2024_04_01.csv', bytes: C.zoho('us') }]],
  ['Kommo (English)', [{ name: 'kommo_export_leads_2024-04-01.csv', bytes: C.kommo() }]],
  ['Excel-saved Russian CSV', [{ name: 'Сделки 2024.csv', bytes: C.excelRu() }]],
  ['XLSX (sheet chosen)', [{ name: 'deals.xlsx', bytes: xlsx() }], { sheet: 'Deals' }],
  [
    'Parquet',
    [
      {
        name: 'deals.parquet',
        bytes: new Uint8Array(
          readFileSync(new URL('../fixtures/ingest/deals.parquet', import.meta.url)),
        ),
      },
    ],
  ],
  ['JSON records', [{ name: 'deals.json', bytes: json() }]],
];

const db = sharedEngine();

const one = async (sql: string) =>
  (await db.engine.query(sql)).get(0)!.toJSON() as Record<string, number | string | null>;
const all = async (sql: string) =>
  (await db.engine.query(sql)).toArray().map((r) => r.toJSON() as Record<string, unknown>);

describe('every CRM export lands on the same canonical numbers', () => {
  it.each(CASES)('%s', async (_label, files, opts) => {
    const { report, model } = await importFiles(db.engine, files, opts ?? {});
    expect(report.errors).toEqual([]);
    expect(report.files[0]!.rowsRejected).toBe(0);
    expect(report.files[0]!.failures).toEqual([]);
    const r =
      await one(`SELECT count(*)::INT AS deals, count(*) FILTER (WHERE status = 'won')::INT AS won,
      count(*) FILTER (WHERE status = 'lost')::INT AS lost, round(sum(amount), 2)::DOUBLE AS amount,
      round(sum(amount) FILTER (WHERE status = 'won'), 2)::DOUBLE AS won_amount, count(DISTINCT manager)::INT AS managers,
      min(created_at)::DATE::VARCHAR AS first, count(closed_at) FILTER (WHERE status <> 'open')::INT AS closed FROM deals`);
    expect(r).toEqual({
      deals: 6,
      won: 2,
      lost: 2,
      amount: C.EXPECTED.amount,
      won_amount: C.EXPECTED.wonAmount,
      managers: 3,
      first: '2024-01-10',
      // Every closed deal, won or lost, has its close date (Pipedrive's Won time / Lost time too).
      closed: C.DEALS.filter((d) => d.closed).length,
    });
    expect(
      model.tables
        .find((t) => t.name === 'deals')!
        .columns.filter((c) => c.role)
        .map((c) => c.name),
    ).toEqual(expect.arrayContaining(['id', 'created_at', 'status', 'amount', 'manager']));
    expect(model.minDate).toBe('2024-01-10');
  });

  it('Arrow IPC reads (no dates in it)', async () => {
    await importFiles(db.engine, [{ name: 'deals.arrow', bytes: arrow() }]);
    expect(
      await one(
        `SELECT count(*)::INT AS n, count(*) FILTER (WHERE status = 'won')::INT AS won, round(sum(amount), 2)::DOUBLE AS a FROM deals`,
      ),
    ).toEqual({ n: 6, won: 2, a: C.EXPECTED.amount });
  });

  it('a 1C sales table is read as won deals', async () => {
    const { report } = await importFiles(db.engine, [
      { name: 'Реализация товаров.csv', bytes: C.oneC() },
    ]);
    expect(
      await one(`SELECT count(*)::INT AS n, count(*) FILTER (WHERE status = 'won')::INT AS won, round(sum(amount), 2)::DOUBLE AS a,
      min(closed_at)::VARCHAR AS c FROM deals`),
    ).toEqual({ n: 2, won: 2, a: C.EXPECTED.wonAmount, c: '2024-02-01 18:00:00' });
    expect(report.warnings.map(english)).toContain('Orders are loaded as won deals');
  });

  it.each([
    [
      'Zoho',
      'Deals_2024_04_01.csv',
      C.zoho('us'),
      { 'Closed Won': 'won', 'Closed Lost': 'lost', 'Closed-Lost to Competition': 'lost' },
    ],
    [
      'Kommo',
      'kommo_export_leads_2024-04-01.csv',
      C.kommo(),
      { 'Closed - won': 'won', 'Closed - lost': 'lost' },
    ],
    [
      'Bitrix24',
      'DEAL_20240401.csv',
      C.bitrix24(),
      { 'Сделка успешна': 'won', 'Сделка провалена': 'lost', 'Анализ причины провала': 'lost' },
    ],
  ])(
    '%s: its closing stages, and only those, are won or lost',
    async (_l, name, bytes, closing) => {
      const { model } = await importFiles(db.engine, [{ name, bytes }]);
      expect(
        Object.fromEntries(
          model.stages.filter((s) => s.outcome !== 'open').map((s) => [s.stage, s.outcome]),
        ),
      ).toEqual(closing);
    },
  );

  it('reads Zoho 12-hour times (12:15 PM is noon, 04:45 PM is 16:45)', async () => {
    await importFiles(db.engine, [{ name: 'Deals_2024_04_01.csv', bytes: C.zoho('us') }]);
    expect(
      await one(`SELECT string_agg(strftime(created_at, '%d.%m %H:%M'), ' ' ORDER BY created_at) AS t,
        string_agg(strftime(closed_at, '%m-%d'), ' ' ORDER BY created_at) AS c FROM deals`),
    ).toEqual({
      t: '10.01 09:00 15.01 10:30 01.02 11:00 20.02 12:15 01.03 08:00 05.03 16:45',
      c: '02-01 02-10 04-30 03-15 04-30 03-25',
    });
  });

  it.each([
    [
      'Zoho',
      'Deals_2024_04_01.csv',
      C.zoho(),
      {
        'Record Id': 'id',
        'Deal Owner': 'manager',
        'Deal Name': 'title',
        Amount: 'amount',
        'Closing Date': 'closed_at',
        'Account Name': 'client',
        Stage: 'stage',
        'Lead Source': 'source',
        'Created Time': 'created_at',
        'Reason For Loss': 'lost_reason',
        Pipeline: 'pipeline',
        Currency: 'currency',
      },
    ],
    [
      'Kommo',
      'kommo_export_leads_2024-04-01.csv',
      C.kommo(),
      {
        ID: 'id',
        'Lead title': 'title',
        Sale: 'amount',
        'Responsible user': 'manager',
        'Lead status': 'stage',
        Pipeline: 'pipeline',
        'Date created': 'created_at',
        'Closing date': 'closed_at',
        Company: 'client',
        'Loss reason': 'lost_reason',
        Source: 'source',
      },
    ],
  ])(
    'proposes the %s mapping; the other columns stay as they are',
    async (_l, name, bytes, roles) => {
      const t = (await detect([{ name, bytes }])).tables[0]!;
      expect(t.kind).toBe('deals');
      expect(
        Object.fromEntries(t.columns.filter((c) => c.role).map((c) => [c.header, c.role])),
      ).toEqual(roles);
    },
  );

  it('a Zoho Calls export beside the deals is read as activities, not as more deals', async () => {
    const files = [
      { name: 'Deals_2024_04_01.csv', bytes: C.zoho() },
      { name: 'Calls_2024_04_01.csv', bytes: C.zohoCalls() },
    ];
    const calls = (await detect(files)).tables[1]!;
    expect(calls.kind).toBe('activities');
    expect(
      Object.fromEntries(calls.columns.filter((c) => c.role).map((c) => [c.header, c.role])),
    ).toEqual({
      'Call Owner': 'manager',
      'Call Type': 'type',
      'Related To': 'deal_id',
      'Call Start Time': 'at',
    });
    const { model, report } = await importFiles(db.engine, files);
    expect(model.tables.find((t) => t.name === 'deals')!.rows).toBe(6);
    expect(
      await one(`SELECT count(*)::INT AS n, string_agg(DISTINCT type, ',' ORDER BY type) AS types,
        min("at")::VARCHAR AS first FROM activities`),
    ).toEqual({ n: 4, types: 'Inbound,Missed,Outbound', first: '2024-01-10 10:00:00' });
    // "Related To" holds the deal's name: each call is linked to its deal by title, client and all.
    expect(
      await all(`SELECT d.title, a.client FROM activities a JOIN deals d ON d.id = a.deal_id
        ORDER BY d.title`),
    ).toEqual(
      C.DEALS.filter((d) => d.closed)
        .map((d) => ({ title: d.title, client: d.client }))
        .sort((a, b) => (a.title < b.title ? -1 : 1)),
    );
    expect(report.warnings.map(english)).toContain(
      'Calls_2024_04_01.csv: linked to the deals by deal title, not by id',
    );
    expect(report.warnings.map(english).join('\n')).not.toMatch(/not found in deals/);
  });

  it('proposes the amoCRM mapping with confidences', async () => {
    const d = await detect([{ name: 'amocrm_export.csv', bytes: C.amocrm() }]);
    const t = d.tables[0]!;
    expect(t.kind).toBe('deals');
    expect(t.format).toMatchObject({ type: 'csv', encoding: 'windows-1251', delimiter: ';' });
    expect(Object.fromEntries(t.columns.map((c) => [c.header, c.role]))).toEqual({
      ID: 'id',
      'Название сделки': 'title',
      Бюджет: 'amount',
      Ответственный: 'manager',
      'Этап сделки': 'stage',
      Воронка: 'pipeline',
      'Дата создания': 'created_at',
      'Дата закрытия': 'closed_at',
      Компания: 'client',
      Источник: 'source',
      'Причина отказа': 'lost_reason',
      Товар: 'product',
    });
  });
});
