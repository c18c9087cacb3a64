/**
 * DuckDB's reader without a text table (parse/sql-load.ts): one statement reads and types a file
 * that no key set needed, and the failure report reads the staging table alone. Differential: the
 * same staging table and the same report as typing a text table read first (the key-set path) and
 * as the JS loader, on every kind of fixture, each column also loaded as every other type.
 */
import { describe, expect, it } from 'vitest';
import { quoteIdent as q } from '../../../src/query/sql/escape.ts';
import { readFile } from '../../../src/ingest/read/readers.ts';
import { scanTable } from '../../../src/ingest/detect/detect.ts';
import { loadStaging, type LoadColumn } from '../../../src/ingest/parse/convert.ts';
import { loadCsvSql, readTextTable } from '../../../src/ingest/parse/sql-load.ts';
import { FileReportBuilder } from '../../../src/ingest/report.ts';
import * as C from '../corpus/corpus.ts';
import { recordedEngine } from '../corpus/import-compare.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Failures of every kind, values with spaces at either end, markers, quotes and line breaks. */
function failing(): Uint8Array {
  const amount = ['1 234,50', ' abc ', '', '—', '12%', '\u00a0x1\u00a0', 'n/a', '1e400', ' 7 '];
  const date = ['01.02.2024', '31.02.2024', ' later ', '', '45292', 'null', '2024-13-01'];
  const lines = ['id;Бюджет;Дата;_failed_0;_FAILED_1;Примечание'];
  for (let i = 0; i < 400; i++)
    lines.push(
      [
        String(i),
        amount[i % amount.length],
        date[(i * 3) % date.length],
        i % 4 ? 'да' : 'может быть',
        String(i * 2),
        i % 7 ? `"a ""q"";\nb"` : ' x ',
      ].join(';'),
    );
  return utf8(lines.join('\r\n') + '\r\n');
}

const FIXTURES: [string, Uint8Array][] = [
  ['amocrm_export.csv', C.amocrm()],
  ['DEAL_20240401.csv', C.bitrix24()],
  ['deals-pipedrive-times.csv', C.pipedrive('times')],
  ['hubspot.csv', C.hubspot()],
  ['zoho-us.csv', C.zoho('us')],
  ['Сделки 2024.csv', C.excelRu()],
  ['failing.csv', failing()],
  ['sep.csv', utf8('sep=;\r\na;b\r\n1;2,5\r\n3;x\r\n')],
  ['bom.csv', utf8('\ufeffa,b\n1,2024-01-02\n2,bad\n')],
];

const db = recordedEngine();
const { calls } = db;

const rows = async (sql: string) =>
  (await db.engine.query(sql)).toArray().map((r) => JSON.stringify(r.toJSON()));

/** Same column names and types, and the same rows in the same order. */
async function same(a: string, b: string): Promise<void> {
  const cols = async (t: string) =>
    rows(
      `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${t}' ORDER BY ordinal_position`,
    );
  expect(await cols(a)).toEqual(await cols(b));
  expect(await rows(`SELECT * FROM ${q(a)} ORDER BY rowid`)).toEqual(
    await rows(`SELECT * FROM ${q(b)} ORDER BY rowid`),
  );
}

describe('one statement = text table then typing = JS loader', () => {
  it.each(FIXTURES)('%s', async (name, bytes) => {
    const raw = await readFile(name, bytes);
    const t = scanTable(raw);
    const base: LoadColumn[] = t.proposal.columns.map((c) => ({
      index: c.index,
      name: raw.headers[c.index]!,
      type: c.type,
      format: c.format,
    }));
    const types = ['text', 'number', 'date', 'boolean'] as const;
    const load = [
      ...base,
      ...base.flatMap((c, k) =>
        types
          .filter((ty) => ty !== c.type)
          .map((ty) => ({ ...c, type: ty, name: `${c.name}#${ty}${k}` })),
      ),
    ];
    const direct = new FileReportBuilder(name, 'deals');
    const viaText = new FileReportBuilder(name, 'deals');
    const js = new FileReportBuilder(name, 'deals');
    const n = await loadStaging(db.engine, raw, load, '_js', js, { batchRows: 1000 });
    calls.length = 0;
    expect(await loadCsvSql(db.engine, raw, load, '_direct', direct)).toEqual({ rows: n });
    const directCalls = calls.slice();
    const read = await readTextTable(db.engine, raw);
    expect('text' in read).toBe(true);
    expect(await loadCsvSql(db.engine, raw, load, '_via_text', viaText, {}, read)).toEqual({
      rows: n,
    });
    expect(direct.report).toEqual(js.report);
    expect(viaText.report).toEqual(js.report);
    await same('_direct', '_via_text');
    await same('_direct', '_js');
    // No text table, no second read of the text for the report; nothing is left behind.
    const all = directCalls.join('\n');
    expect(all).not.toMatch(/_ingest_text_/);
    expect(all).not.toMatch(/POSITIONAL JOIN/);
    expect(directCalls.filter((s) => /read_csv\(/.test(s))).toHaveLength(1);
    expect(
      await rows(
        `SELECT table_name FROM information_schema.tables WHERE table_name LIKE '_ingest_%' ORDER BY 1`,
      ),
    ).toEqual([]);
    if (name === 'failing.csv') expect(js.report.failures.map((f) => f.count)).not.toEqual([]);
    for (const x of ['_direct', '_via_text', '_js']) await db.engine.exec(`DROP TABLE ${x}`);
  });
});
