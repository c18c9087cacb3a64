/**
 * DuckDB's reader with the value rules in SQL (parse/sql-load.ts) against the JS loader, on every
 * text fixture: the same staging table (types and values), the same rejected rows and the same
 * parse failures (column, count, row and text of each example), with every column also loaded as
 * every other type. Files the SQL path cannot promise that for must go to the JS loader, and the
 * test says which ones do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteIdent as q } from '../../../src/query/sql/escape.ts';
import { readFile } from '../../../src/ingest/read/readers.ts';
import { scanTable } from '../../../src/ingest/detect/detect.ts';
import { convertCell, loadStaging, type LoadColumn } from '../../../src/ingest/parse/convert.ts';
import { loadCsvSql, typingSql, type Fallback } from '../../../src/ingest/parse/sql-load.ts';
import {
  JS_SPACE,
  jsTrim,
  re2,
  sqlConversion,
  textValue,
} from '../../../src/ingest/parse/sql-rules.ts';
import { isNullText, NULL_TOKENS } from '../../../src/ingest/parse/values.ts';
import { quoteString } from '../../../src/query/sql/escape.ts';
import { FileReportBuilder } from '../../../src/ingest/report.ts';
import type { ValueFormat, ValueType } from '../../../src/ingest/types.ts';
import * as C from '../corpus/corpus.ts';
import { OLIST_DIR } from '../../fixtures/olist-dir.ts';
import { sharedEngine } from '../../fixtures/engine.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);
const local = (p: string) => new Uint8Array(readFileSync(new URL(p, import.meta.url)));

/** Every kind of value the rules know, good and bad, on a file DuckDB may read. */
function messy(broken: boolean): Uint8Array {
  const amounts = [
    '1 234,50',
    '(1.234,50)',
    '12%',
    '0,7%',
    '35%',
    '57 %',
    '1,5e3%',
    '−5',
    '₽ 100',
    '100 РУБ.',
    'US$ 7',
    '1.2.3',
    'abc',
    '',
    '—',
    '7e3',
    '1e400',
    '0',
    ' 12 ',
    '1.234.567,8',
    '1,5',
    '(n/a)',
    '+-3',
  ];
  const dates = [
    '01.02.2024',
    '31.02.2024',
    '29.02.2023',
    '2024-03-04T10:20:30.5Z',
    '2024-03-04 10:20+03:00',
    '2024-12-31T23:59:59.9996',
    '2024-01-01t01:02:03 utc',
    '45292',
    '45292.75',
    '99999',
    '13/01/2024 5:06 PM',
    '12/11/24 12:00 am',
    '2024/7/4 8:09',
    '99.99.99',
    'n/a',
    '1/2/24',
    '01.02.69',
    '01.02.70 23:59:59',
  ];
  const flags = ['да', 'нет', 'TRUE', 'false', 'maybe', '', 'ДА', ' Y '];
  const lines = ['ID;Бюджет;Дата создания;Оплачено;Этап;Примечание'];
  for (let i = 0; i < 3000; i++)
    lines.push(
      [
        String(i),
        amounts[i % amounts.length],
        dates[(i * 7) % dates.length],
        flags[i % flags.length],
        i % 5 ? 'Переговоры' : 'Успешно реализовано',
        i % 13 ? `"текст ""${i}"";\nдалее"` : '  пробелы\u00a0 ',
      ].join(';'),
    );
  if (broken) lines.splice(100, 0, '1;2', '"unclosed;1;2;3;4;5');
  return utf8(lines.join('\r\n') + '\r\n\r\n');
}

const FIXTURES: [string, Uint8Array, Fallback | 'sql'][] = [
  ['amocrm_export.csv', C.amocrm(), 'sql'],
  ['DEAL_20240401.csv', C.bitrix24(), 'sql'],
  ['deals-pipedrive.csv', C.pipedrive(), 'sql'],
  ['deals-pipedrive-times.csv', C.pipedrive('times'), 'sql'],
  ['hubspot.csv', C.hubspot(), 'sql'],
  ['report1712345.csv', C.salesforce(), 'sql'],
  ['zoho.csv', C.zoho(), 'sql'],
  ['zoho-us.csv', C.zoho('us'), 'sql'],
  ['zoho-calls.csv', C.zohoCalls(), 'sql'],
  ['kommo.csv', C.kommo(), 'sql'],
  ['Сделки 2024.csv', C.excelRu(), 'sql'],
  ['1c.csv', C.oneC(), 'sql'],
  ['amocrm-deals.cp1251.csv', local('../../fixtures/ingest/amocrm-deals.cp1251.csv'), 'sql'],
  ['broken-deals.csv', local('../../fixtures/ingest/broken-deals.csv'), 'shape'],
  ['deals-amocrm.csv', local('../../../public/examples/deals-amocrm.csv'), 'sql'],
  ['clients.csv', local('../../../public/examples/clients.csv'), 'sql'],
  ['messy.csv', messy(false), 'sql'],
  ['messy-broken.csv', messy(true), 'shape'],
  ['sep.csv', utf8('sep=;\r\na;b\r\n1;2,5\r\n3;x\r\n'), 'sql'],
  ['bom.csv', utf8('\ufeffa,b\n1,2024-01-02\n2,bad\n'), 'sql'],
  ['trailing.csv', utf8('a,b\n1,2,\n3,4\n'), 'shape'],
  ['after-quote.csv', utf8('a,b\n"1"x,2\n3,4\n'), 'shape'],
  ['lone-cr.csv', utf8('a,b\r1,2\r3,4\r'), 'shape'],
  ['inch.csv', utf8('a,b\nMonitor 27",2\n'), 'shape'],
  ['one-column.csv', utf8('a\n1\n\n2\n'), 'shape'],
  ['nul.csv', utf8('a,b\n1\u0000,2\n'), 'not-csv'],
  ['big-line.csv', utf8(`a,b\n${'x'.repeat(3_000_000)},1\n2,3\n`), 'read'],
  ...[
    'olist_marketing_qualified_leads_dataset.csv',
    'olist_closed_deals_dataset.csv',
    'olist_sellers_dataset.csv',
  ].map((n): [string, Uint8Array, 'sql'] => [
    n,
    new Uint8Array(readFileSync(join(OLIST_DIR, n))),
    'sql',
  ]),
];

const db = sharedEngine();
const count = async (sql: string) => Number((await db.engine.query(sql)).get(0)!.toArray()[0]);

/** Both tables hold the same rows (as multisets), of the same column types. */
async function sameTables(a: string, b: string, cols: LoadColumn[]): Promise<void> {
  const types = async (t: string) =>
    (
      await db.engine.query(
        `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '${t}' ORDER BY ordinal_position`,
      )
    )
      .toArray()
      .map((r) => JSON.stringify(r.toJSON()));
  expect(await types(a)).toEqual(await types(b));
  const list = cols.map((c) => q(c.name)).join(', ');
  for (const [x, y] of [
    [a, b],
    [b, a],
  ])
    expect(
      await count(
        `SELECT count(*)::DOUBLE FROM (SELECT ${list} FROM ${x} EXCEPT ALL SELECT ${list} FROM ${y})`,
      ),
    ).toBe(0);
}

/** Loads with both paths; returns which way the SQL path went. */
async function both(name: string, bytes: Uint8Array, all?: (cols: LoadColumn[]) => LoadColumn[]) {
  const raw = await readFile(name, bytes);
  const t = scanTable(raw);
  const cols: LoadColumn[] = t.proposal.columns.map((c) => ({
    index: c.index,
    name: raw.headers[c.index]!,
    type: c.type,
    format: c.format,
  }));
  const load = all ? all(cols) : cols;
  const js = new FileReportBuilder(name, 'deals');
  const sql = new FileReportBuilder(name, 'deals');
  await loadStaging(db.engine, raw, load, '_js', js, { batchRows: 1000 });
  const res = await loadCsvSql(db.engine, raw, load, '_sql', sql);
  return { res, js, sql, load };
}

describe('DuckDB reader + SQL rules = JS loader', () => {
  it.each(FIXTURES)('%s', async (name, bytes, way) => {
    const types = ['text', 'number', 'date', 'boolean'] as const;
    const { res, js, sql, load } = await both(name, bytes, (cols) => [
      ...cols,
      ...cols.flatMap((c, k) =>
        types
          .filter((ty) => ty !== c.type)
          .map((ty) => ({ ...c, type: ty, name: `${c.name}#${ty}${k}` })),
      ),
    ]);
    expect('rows' in res ? 'sql' : res.fallback).toBe(way);
    if ('fallback' in res) return;
    expect(sql.report).toEqual(js.report);
    await sameTables('_sql', '_js', load);
    if (name === 'messy.csv') expect(sql.report.failures.length).toBeGreaterThan(10);
  });
});

/** One column of values through both paths, typed as `type` with `format`. */
async function column(values: string[], type: ValueType, format: ValueFormat, ru: boolean) {
  const sep = ru ? ';' : ',';
  const cell = (v: string) => `"${v.replaceAll('"', '""')}"`;
  const text = [
    'id' + sep + (ru ? 'значение' : 'value'),
    ...values.map((v, i) => `${i}${sep}${cell(v)}`),
  ];
  const { res, js, sql } = await both('values.csv', utf8(text.join('\n') + '\n'), (cols) => [
    { ...cols[1]!, type, format },
  ]);
  expect('rows' in res).toBe(true);
  expect(sql.report).toEqual(js.report);
  const got = async (t: string) =>
    (await db.engine.query(`SELECT * FROM ${t}`))
      .toArray()
      .map((r) => String(Object.values(r.toJSON())[0]));
  expect(await got('_sql')).toEqual(await got('_js'));
}

describe('random values agree', () => {
  const numberText = fc.stringMatching(/^[ (−+-]{0,2}[0-9 .,'%$₽€eE]{0,12}(руб|RUB|\))?$/);
  const dateText = fc.oneof(
    fc.stringMatching(
      /^[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}( [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?( ?[AaPp][Mm])?)?$/,
    ),
    fc.stringMatching(
      /^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]{1,9})?)? ?(Z|[+-][0-9]{2}:?[0-9]{2}|UTC)?$/,
    ),
    fc.stringMatching(/^[0-9]{5}(\.[0-9]{1,6})?$/),
  );
  const orders = fc.constantFrom<ValueFormat>({}, { dateOrder: 'dmy' }, { dateOrder: 'mdy' });

  it('numbers, either decimal mark', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(numberText, { minLength: 1, maxLength: 40 }),
        fc.constantFrom(',' as const, '.' as const),
        fc.boolean(),
        async (vs, decimal, ru) => column(vs, 'number', { decimal }, ru),
      ),
      { numRuns: 40 },
    );
  });

  it('dates, every order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(dateText, { minLength: 1, maxLength: 40 }),
        orders,
        fc.boolean(),
        async (vs, format, ru) => column(vs, 'date', format, ru),
      ),
      { numRuns: 40 },
    );
  });

  it('any text, as each type', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: 'grapheme', maxLength: 12 }).filter((v) => !v.includes('\u0000')),
          { minLength: 1, maxLength: 30 },
        ),
        fc.constantFrom<ValueType>('text', 'number', 'date', 'boolean'),
        async (vs, type) => column(vs, type, {}, false),
      ),
      { numRuns: 40 },
    );
  });
});

/** Dates near every edge the rules check, in the shapes the fast paths take and just outside them. */
const EDGE_DATES = (() => {
  const out = [
    '00.00.0000',
    '00.01.2024',
    '01.00.2024',
    '32.01.2024',
    '01.13.2024',
    '13.01.2024',
    '12.13.2024',
    '29.02.2024',
    '29.02.2023',
    '29.02.1900',
    '29.02.2000',
    '30.02.2024',
    '31.04.2024',
    '02.29.2024',
    '02.30.2024',
    '01.02.0999',
    '01.02.1000',
    '31.12.9999 23:59:59',
    '01.02.2024 24:00:00',
    '01.02.2024 24:00',
    '01.02.2024 23:60:00',
    '01.02.2024 23:59:60',
    '01.02.2024 00:00',
    '01.02.2024 9:05',
    '01.02.2024  10:00',
    '01.02.2024T10:00',
    '01.02.2024,10:00:00',
    '01.02.2024 10:00:00.5',
    '01.02.24',
    '01.02.69',
    '01.02.70 10:00',
    '1.2.2024',
    '01.2.2024',
    ' 01.02.2024',
    '01.02.2024 ',
    '\u00a001.02.2024 10:00:00',
    '01. 2.2024',
    '0١.02.2024',
    '０１.０２.２０２４',
    '01.02.20245',
    '01-02-2024',
    '2024-02-29',
    '2023-02-29',
    '2024-02-30 10:00:00',
    '2024-02-29T10:00:00',
    '2024-02-29t10:00:00',
    '2024-02-29 10:00',
    '2024-02-29T10:00',
    '2024-02-29 24:00:00',
    '2024-02-29 24:00',
    '2024-02-29 23:59:60',
    '2024-13-01',
    '0999-01-01',
    '1000-01-01 00:00:00',
    '2024-02-29 10:00:00Z',
    '2024-02-29 10:00:00.250',
    ' 2024-02-29',
    '45292',
    '',
    'null',
    '—',
    'n/a',
  ];
  return out;
})();

/** Dotted and ISO dates of every field value near the edges, and with stray characters. */
const edgeDate = fc
  .record({
    d: fc.integer({ min: 0, max: 32 }),
    m: fc.integer({ min: 0, max: 13 }),
    y: fc.constantFrom(0, 99, 999, 1000, 1899, 1900, 1970, 2000, 2023, 2024, 2100, 9999),
    h: fc.integer({ min: 0, max: 25 }),
    mi: fc.integer({ min: 0, max: 61 }),
    s: fc.integer({ min: 0, max: 61 }),
    time: fc.constantFrom('', 'hm', 'hms'),
    iso: fc.boolean(),
    sep: fc.constantFrom(' ', ' ', ' ', 'T', '  ', ','),
    pad: fc.constantFrom('', '', '', ' ', '\u00a0', 'x'),
  })
  .map(({ d, m, y, h, mi, s, time, iso, sep, pad }) => {
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    const t = time === '' ? '' : `${sep}${p(h)}:${p(mi)}${time === 'hms' ? `:${p(s)}` : ''}`;
    const date = iso ? `${p(y, 4)}-${p(m)}-${p(d)}` : `${p(d)}.${p(m)}.${p(y, 4)}`;
    return `${date}${t}${pad}`;
  });

describe('date fast paths', () => {
  const formats: ValueFormat[] = [{}, { dateOrder: 'dmy' }, { dateOrder: 'mdy' }];

  it('take clean dotted and ISO dates, each read as convertCell reads it (NULL where it fails)', async () => {
    const values = [...EDGE_DATES, ...fc.sample(edgeDate, 400)];
    const rows = values.map((v, i) => `(${i}, ${quoteString(v)})`).join(', ');
    for (const format of formats)
      for (const ru of [false, true]) {
        const fast = sqlConversion('v', 'date', format, ru, '_').fast!;
        const got = (
          await db.engine.query(
            `SELECT ${fast.test} AS taken, epoch_ms(${fast.value})::DOUBLE AS ms FROM (VALUES ${rows}) AS x(i, v) ORDER BY i`,
          )
        )
          .toArray()
          .map((r) => r.toJSON() as { taken: boolean; ms: number | null });
        const taken = got.flatMap((g, i) => (g.taken ? [i] : []));
        // Every clean shape is taken: dotted with two-digit fields, a four-digit year from 1000
        // and one space; ISO as before (its ranges in the pattern).
        const clean =
          /^([0-9]{2}\.[0-9]{2}\.[1-9][0-9]{3}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?|[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])( ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9])?)$/;
        expect(taken.map((i) => values[i])).toEqual(values.filter((v) => clean.test(v)));
        for (const i of taken) {
          const js = convertCell(values[i]!, 'date', format, ru);
          expect({ v: values[i], ms: got[i]!.ms }).toEqual({ v: values[i], ms: js ?? null });
        }
      }
  });

  it('with the full rules, load what the JS loader loads and report what it reports', async () => {
    for (const format of formats)
      for (const ru of [false, true]) await column(EDGE_DATES, 'date', format, ru);
    await fc.assert(
      fc.asyncProperty(
        fc.array(edgeDate, { minLength: 1, maxLength: 60 }),
        fc.constantFrom(...formats),
        fc.boolean(),
        async (vs, format, ru) => column(vs, 'date', format, ru),
      ),
      { numRuns: 30 },
    );
  });
});

describe('number fast path', () => {
  it("takes exactly parseNumber's plain shapes with the column's mark, read as convertCell reads them", async () => {
    const values = [
      ...['0', '007', '123456789012345', '1234567890123456', '1,5', '1.5', '1,', ',5', '1,5,5'],
      ...[
        '1.234,5',
        ' 1',
        '1 ',
        '+1',
        '-1',
        '١٢',
        '1e5',
        '',
        'null',
        '999999999999999,999999999999999',
      ],
      ...fc.sample(fc.stringMatching(/^[0-9]{0,17}([.,][0-9]{0,17})?$/), 200),
    ];
    const rows = values.map((v, i) => `(${i}, ${quoteString(v)})`).join(', ');
    for (const decimal of [',', '.'] as const) {
      const fast = sqlConversion('v', 'number', { decimal }, false, '_').fast!;
      const got = (
        await db.engine.query(
          `SELECT ${fast.test} AS taken, CASE WHEN ${fast.test} THEN ${fast.value} END AS n FROM (VALUES ${rows}) AS x(i, v) ORDER BY i`,
        )
      )
        .toArray()
        .map((r) => r.toJSON() as { taken: boolean; n: number });
      const plain = (v: string) =>
        /^\d{1,15}$/.test(v) || (/^\d{1,15}[.,]\d{1,15}$/.test(v) && v.includes(decimal));
      expect(values.filter((_, i) => got[i]!.taken)).toEqual(values.filter(plain));
      for (const [i, g] of got.entries())
        if (g.taken) expect(g.n).toBe(convertCell(values[i]!, 'number', { decimal }, false));
    }
  });
});

describe('jsTrim', () => {
  it('trims what String.prototype.trim trims, one character or many, and nothing else', async () => {
    const values = ['', 'a', 'a b', '\u0301a', 'a\u0301', 'x😀', '😀', '\u200b a \u200b'];
    for (const sp of JS_SPACE)
      values.push(
        sp,
        `${sp}a`,
        `a${sp}`,
        `${sp}${sp}a b${sp}`,
        `a${sp}b`,
        `${sp}\u0301`,
        `😀${sp}`,
      );
    const rows = values.map((v, i) => `(${i}, ${quoteString(v)})`).join(', ');
    const got = (
      await db.engine.query(
        `SELECT ${jsTrim('v')} AS t FROM (VALUES ${rows}) AS x(i, v) ORDER BY i`,
      )
    )
      .toArray()
      .map((r) => (r.toJSON() as { t: string }).t);
    expect(got).toEqual(values.map((v) => v.trim()));
  });
});

describe('textValue', () => {
  it('is the trimmed text, or NULL for a "no value" marker with or without spaces around it', async () => {
    const values = ['a', 'a b', ' a ', '\u00a0x', 'x\u3000', 'null x', 'n/a.', '\u200bnull'];
    for (const m of NULL_TOKENS) values.push(m, ` ${m}`, `${m}\t`, `\u00a0${m}\u00a0`, `x${m}`);
    for (const sp of JS_SPACE) values.push(sp, `${sp}a`, `a${sp}`, `${sp}${sp}`);
    const rows = values.map((v, i) => `(${i}, ${quoteString(v)})`).join(', ');
    const got = (
      await db.engine.query(
        `SELECT ${textValue('v')} AS t FROM (VALUES ${rows}, (${values.length}, NULL)) AS x(i, v) ORDER BY i`,
      )
    )
      .toArray()
      .map((r) => (r.toJSON() as { t: string | null }).t);
    expect(got).toEqual([...values.map((v) => (isNullText(v) ? null : v.trim())), null]);
  });

  it('types a text column in one expression, with no intermediate columns', () => {
    const sql = typingSql('raw', [{ index: 0, name: 'a', type: 'text', format: {} }], false);
    expect(sql).not.toContain('_0_');
    expect(sql).toBe(
      `SELECT CAST(${textValue('"c0"')} AS VARCHAR) AS "a" FROM (SELECT * FROM "raw")`,
    );
  });
});

describe('re2', () => {
  it('spells out what RE2 reads differently and refuses what it cannot translate', () => {
    expect(re2(/^\d.$/)).toBe('^[0-9][^\\x{a}\\x{d}\\x{2028}\\x{2029}]$');
    expect(re2(/a/i)).toBe('(?i)a');
    expect(() => re2(/\w/)).toThrow();
  });
});
