/**
 * The fast loader (typed buffers, memo, dates as epoch ms, sampled detection) against the loader
 * it replaced, on every fixture: same staging tables, same rejected rows, same parse failures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as XLSX from '@e965/xlsx';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { quoteIdent as q } from '../../../src/query/sql/escape.ts';
import { readFile } from '../../../src/ingest/read/readers.ts';
import { scanTable } from '../../../src/ingest/detect/detect.ts';
import { loadStaging, type LoadColumn } from '../../../src/ingest/parse/convert.ts';
import { writeUtf8 } from '../../../src/ingest/parse/columns.ts';
import { FileReportBuilder } from '../../../src/ingest/report.ts';
import { parseNumber, parseNumberFull } from '../../../src/ingest/parse/values.ts';
import { referenceLoad } from '../corpus/reference-load.ts';
import * as C from '../corpus/corpus.ts';
import { OLIST_DIR } from '../../fixtures/olist-dir.ts';
import { sharedEngine } from '../../fixtures/engine.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const local = (p: string) => new Uint8Array(readFileSync(new URL(p, import.meta.url)));
const OLIST = OLIST_DIR;

function xlsx(): Uint8Array {
  const rows = C.records();
  const ws = XLSX.utils.aoa_to_sheet(
    [Object.keys(rows[0]!), ...rows.map((r) => Object.values(r))],
    { cellDates: true },
  );
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, 'Deals');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/** Every kind of value the rules know, good and bad, repeated so the memo is exercised. */
function messy(): Uint8Array {
  const amounts = [
    '1 234,50',
    '(1.234,50)',
    '12%',
    '−5',
    '₽ 100',
    '1.2.3',
    'abc',
    '',
    '—',
    '7e3',
    '0',
  ];
  const dates = [
    '01.02.2024',
    '31.02.2024',
    '2024-03-04T10:20:30.5Z',
    '2024-03-04 10:20+03:00',
    '45292',
    '13/01/2024 5:06 PM',
    '99.99.99',
    'n/a',
    '1/2/24',
  ];
  const flags = ['да', 'нет', 'TRUE', 'false', 'maybe', ''];
  const lines = ['ID;Бюджет;Дата создания;Оплачено;Этап;Примечание'];
  for (let i = 0; i < 6000; i++)
    lines.push(
      [
        String(i),
        amounts[i % amounts.length],
        dates[(i * 7) % dates.length],
        flags[i % flags.length],
        i % 5 ? 'Переговоры' : 'Успешно реализовано',
        i % 13 ? `"текст ""${i}"";\nдалее"` : '  пробелы  ',
      ].join(';'),
    );
  lines.splice(100, 0, '1;2', '"unclosed;1;2;3;4;5');
  return utf8(lines.join('\r\n') + '\r\n');
}

const FIXTURES: [string, Uint8Array, { sheet?: string }?][] = [
  ['amocrm_export.csv', C.amocrm()],
  ['DEAL_20240401.csv', C.bitrix24()],
  ['deals-pipedrive.csv', C.pipedrive()],
  ['hubspot.csv', C.hubspot()],
  ['report1712345.csv', C.salesforce()],
  ['Сделки 2024.csv', C.excelRu()],
  ['1c.csv', C.oneC()],
  ['deals.xlsx', xlsx()],
  ['deals.json', utf8(JSON.stringify(C.records()))],
  ['deals.parquet', local('../../fixtures/ingest/deals.parquet')],
  [
    'deals.arrow',
    tableToIPC(
      tableFromArrays({
        id: C.records().map((r) => r['Deal ID']),
        Amount: Float64Array.from(C.records().map((r) => r.Amount)),
      }),
      'file',
    ),
  ],
  ['amocrm-deals.cp1251.csv', local('../../fixtures/ingest/amocrm-deals.cp1251.csv')],
  ['broken-deals.csv', local('../../fixtures/ingest/broken-deals.csv')],
  ['deals-amocrm.csv', local('../../../public/examples/deals-amocrm.csv')],
  ['clients.csv', local('../../../public/examples/clients.csv')],
  [
    'broken.csv',
    utf8(
      'id,amount,stage,owner\n1,100,Closed Won,A\n2,200\n3,"300,Closed Lost,B\n4,400,Closed Won,A,extra\n5,abc,open,B\n6,600,Closed Won,A,\n',
    ),
  ],
  ['messy.csv', messy()],
  ...[
    'olist_marketing_qualified_leads_dataset.csv',
    'olist_closed_deals_dataset.csv',
    'olist_sellers_dataset.csv',
  ].map((n): [string, Uint8Array] => [n, new Uint8Array(readFileSync(join(OLIST, n)))]),
];

const db = sharedEngine();
const count = async (sql: string) => Number((await db.engine.query(sql)).get(0)!.toArray()[0]);

describe('fast loader = reference loader', () => {
  it.each(FIXTURES)('%s', async (name, bytes, opts) => {
    const raw = await readFile(name, bytes, opts ?? {});
    const t = scanTable(raw);
    const cols: LoadColumn[] = t.proposal.columns.map((c) => ({
      index: c.index,
      name: raw.headers[c.index]!,
      type: c.type,
      format: c.format,
    }));
    // Also load every column as each other type, so failures of every kind are compared.
    const types = ['text', 'number', 'date', 'boolean'] as const;
    const all = [
      ...cols,
      ...cols.flatMap((c, k) =>
        types
          .filter((ty) => ty !== c.type)
          .map((ty) => ({ ...c, type: ty, name: `${c.name}#${ty}${k}` })),
      ),
    ];
    const fast = new FileReportBuilder(name, 'deals');
    const ref = new FileReportBuilder(name, 'deals');
    await loadStaging(db.engine, raw, all, '_fast', fast, { batchRows: 1000 });
    await referenceLoad(db.engine, raw, all, '_ref', ref);
    expect(fast.report).toEqual(ref.report);
    if (name === 'messy.csv') {
      expect(fast.report.rowsRejected).toBeGreaterThanOrEqual(2);
      expect(fast.report.failures.length).toBeGreaterThan(10);
    }
    const n = await count(`SELECT count(*)::DOUBLE FROM _ref`);
    expect(await count(`SELECT count(*)::DOUBLE FROM _fast`)).toBe(n);
    const colsSql = all.map((c) => q(c.name)).join(', ');
    expect(
      await count(
        `SELECT count(*)::DOUBLE FROM (SELECT ${colsSql} FROM _fast EXCEPT ALL SELECT ${colsSql} FROM _ref)`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*)::DOUBLE FROM (SELECT ${colsSql} FROM _ref EXCEPT ALL SELECT ${colsSql} FROM _fast)`,
      ),
    ).toBe(0);
  });
});

describe('fast paths agree with the full rules', () => {
  it('parseNumber', () => {
    const text = fc.stringMatching(/^[-+(]?[0-9 .,'%$₽)]{0,14}$/);
    fc.assert(
      fc.property(text, fc.constantFrom(',' as const, '.' as const), (s, d) => {
        expect(parseNumber(s, d)).toBe(parseNumberFull(s, d));
      }),
      { numRuns: 5000 },
    );
  });

  it('writeUtf8 = TextEncoder, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = new Uint8Array(s.length * 3);
        const n = writeUtf8(s, out, 0);
        expect([...out.subarray(0, n)]).toEqual([...new TextEncoder().encode(s)]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a file longer than the detection sample', () => {
  it('is detected from a sample, then loaded and checked whole', async () => {
    const { importFiles, detect } = await import('../../../src/ingest/index.ts');
    const lines = ['Deal ID,Amount,Deal Stage,Created'];
    for (let i = 1; i <= 30_000; i++)
      lines.push(
        `${i},${i === 25_000 ? 'oops' : i * 10},${i > 29_990 ? 'Closed Won' : 'Negotiation'},2024-01-0${1 + (i % 9)}`,
      );
    const bytes = utf8(lines.join('\n') + '\n');
    const d = await detect([{ name: 'deals.csv', bytes }]);
    expect(d.tables[0]!.sampled).toBe(20_000);
    expect(d.tables[0]!.rows).toBe(30_000);
    const { report } = await importFiles(db.engine, [{ name: 'deals.csv', bytes }]);
    expect(report.files[0]).toMatchObject({ rowsRead: 30_000, rowsLoaded: 30_000 });
    expect(report.files[0]!.failures).toEqual([
      {
        column: 'Amount',
        expected: 'number',
        count: 1,
        examples: [{ row: 25_001, value: 'oops' }],
      },
    ]);
    // A closing stage seen only after the sample still counts as won.
    expect(await count(`SELECT count(*)::DOUBLE FROM deals WHERE status = 'won'`)).toBe(10);
  });
});
