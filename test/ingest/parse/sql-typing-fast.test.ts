/**
 * The cheaper typing expressions (issue #11, h/typing) against the JS rules: the text columns'
 * value with the reader's NULL answered first, the one-pattern plain-number test, and the typing
 * query's fast paths taking the reader's NULLs with every full-rules step gated on them. Each through the piece
 * alone against `convertCell` / `String.prototype.trim`, and through the whole load against the
 * JS loader (tables in row order, reports), for both locales, both marks and every date order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteString } from '../../../src/query/sql/escape.ts';
import { readFile } from '../../../src/ingest/read/readers.ts';
import { convertCell, loadStaging, type LoadColumn } from '../../../src/ingest/parse/convert.ts';
import { loadCsvSql, typingSql } from '../../../src/ingest/parse/sql-load.ts';
import { sampleShapes } from '../../../src/ingest/parse/sql-dates.ts';
import { JS_SPACE, sqlConversion, textValue } from '../../../src/ingest/parse/sql-rules.ts';
import { isNullText, NULL_TOKENS } from '../../../src/ingest/parse/values.ts';
import { FileReportBuilder } from '../../../src/ingest/report.ts';
import type { ValueFormat, ValueType } from '../../../src/ingest/types.ts';
import { sharedEngine } from '../../fixtures/engine.ts';

const db = sharedEngine();

const rowsOf = (values: (string | null)[]) =>
  values.map((v, i) => `(${i}, ${v === null ? 'NULL' : quoteString(v)})`).join(', ');

/** Numbers at every edge of the rules, and the plain shapes just inside and outside them. */
const EDGE_NUMBERS = [
  ...['0', '00', '007', '-0', '+0', '.5', '5.', ',5', '5,', '1,5', '1.5', '1,5,5', '1.5.5'],
  ...['1 234,5', '1.234,5', '1,234.5', '1 234.5', '1\u00a0234,5', '1\u202f234,5', "1'234,5"],
  ...['1.234.567,89', '1,234,567.89', '12.34,5', '1,23,456', ' 1', '1 ', '\t1', '1\u00a0'],
  ...['+1', '-1', '−1', '(1)', '(1,5)', '-(1)', '1-', '1e5', '1E5', '1e-5', '1,5e3', '1.5e3'],
  ...['e5', '1e', 'inf', 'Infinity', '-inf', 'nan', 'NaN', '1e400', '-1e400', '0x10', '1_000'],
  ...['50%', '50,5%', '%50', '100 ₽', '₽100', '$1,234.50', '1 234,50 руб.', 'USD 5', '€5', '5р.'],
  ...['١٢', '１２', '12а', 'двенадцать', '', ' ', 'null', 'NULL', '—', '-', 'n/a', '(blank)'],
  ...['123456789012345', '1234567890123456', '123456789012345,123456789012345'],
  ...['1234567890123456,5', '1,1234567890123456', '0000000000000001', '9'.repeat(40)],
  ...['999999999999999.999999999999999', '1' + '0'.repeat(99), '1' + '0'.repeat(100)],
];

/** Random number-like texts: digits and every mark, sign, space, currency and letter the rules read. */
const numberText = fc.oneof(
  fc.stringMatching(/^[0-9]{0,17}([.,][0-9]{0,17})?$/),
  fc.stringMatching(/^[ (−+-]{0,2}[0-9 .,'%$₽€eE\u00a0\u202f]{0,14}(руб|RUB|\))?$/),
);

describe('the plain-number test', () => {
  it("is PLAIN_INT with an optional mark and digits: one anchored pattern, the column's mark", () => {
    expect(sqlConversion('v', 'number', { decimal: ',' }, true, '_').fast!.test).toContain(
      `'^[0-9]{1,15}(?:[,][0-9]{1,15})?$'`,
    );
    expect(sqlConversion('v', 'number', { decimal: '.' }, false, '_').fast!.test).toContain(
      `'^[0-9]{1,15}(?:[.][0-9]{1,15})?$'`,
    );
  });

  it("takes exactly parseNumber's plain shapes, read as convertCell reads them", async () => {
    const values = [...EDGE_NUMBERS, ...fc.sample(numberText, 400)];
    for (const decimal of [',', '.'] as const) {
      const fast = sqlConversion('v', 'number', { decimal }, false, '_').fast!;
      const got = (
        await db.engine.query(
          `SELECT ${fast.test} AS taken, CASE WHEN ${fast.test} THEN ${fast.value} END AS n FROM (VALUES ${rowsOf(values)}) AS x(i, v) ORDER BY i`,
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

describe("a text column's value", () => {
  it("answers the reader's NULL before any other test", () => {
    expect(textValue('v').startsWith('CASE WHEN v IS NULL THEN NULL WHEN ')).toBe(true);
  });

  it('is trim and the marker test of JS, at every edge of the spaces and the markers, NULL for NULL', async () => {
    const edges = [0, 1, 8, 9, 13, 14, 31, 32, 33, 126, 127, 159, 160, 161, 0x400, 0x4ff];
    edges.push(0x167f, 0x1680, 0x1681, 0x1fff, 0x2000, 0x200a, 0x200b, 0x2027, 0x2028, 0x202f);
    edges.push(0x205f, 0x2060, 0x2fff, 0x3000, 0x3001, 0xfefe, 0xfeff, 0xff00, 0xffff, 0x1f600);
    const values = ['', 'a', 'Иванова', 'ООО Клиент 1', 'Сайт', '12345678', '(blank)x'];
    for (const c of edges) {
      const ch = String.fromCodePoint(c);
      values.push(ch, `${ch}a`, `a${ch}`, `${ch}Ж${ch}`, `${ch}null`, `null${ch}`, `${ch}—${ch}`);
    }
    for (const sp of JS_SPACE) values.push(sp, `${sp}a${sp}`, `${sp}null`, `Ж${sp}`);
    for (const m of NULL_TOKENS) values.push(m, `${m}${m}`, ` ${m} `, `\u3000${m}`, `${m}x`);
    values.push(...fc.sample(fc.string({ unit: 'grapheme', maxLength: 10 }), 300));
    const clean = values.filter((v) => !v.includes('\u0000'));
    const got = (
      await db.engine.query(
        `SELECT ${textValue('v')} AS t FROM (VALUES ${rowsOf([...clean, null])}) AS x(i, v) ORDER BY i`,
      )
    )
      .toArray()
      .map((r) => (r.toJSON() as { t: string | null }).t);
    expect(got).toEqual([...clean.map((v) => (isNullText(v) ? null : v.trim())), null]);
  });
});

/** Slash dates at every edge the rules check, in the fast path's shapes and just outside them. */
const EDGE_SLASH = [
  ...['01/02/2024', '13/01/2024', '01/13/2024', '02/29/2024', '29/02/2024', '29/02/2023'],
  ...['30/02/2024', '02/30/2024', '31/04/2024', '04/31/2024', '00/00/0000', '01/00/2024'],
  ...['01/02/0999', '01/02/1000', '31/12/9999 23:59:59', '12/31/9999 23:59:59', '01/02/20245'],
  ...['01/02/2024 24:00', '01/02/2024 24:00:00', '01/02/2024 23:60', '01/02/2024 23:59:60'],
  ...['01/02/2024 00:00', '01/02/2024 10:00 PM', '01/02/2024 10:00:00 am', '01/02/2024 12:00PM'],
  ...['1/2/2024', '01/2/2024', '01/02/24', '01/02/69', '01/02/70 10:00', '01/02/2024  10:00'],
  ...['01/02/2024T10:00', '01/02/2024,10:00', ' 01/02/2024', '01/02/2024 ', '0١/02/2024'],
  ...['\u00a001/02/2024 10:00:00', '01/ 2/2024', '2024/02/01', '01/02/2024 10:00:00.5', ''],
  ...['01.02.2024', '2024-02-29 10:00:00', 'null', '—'],
];

/** Slash dates of every field value near the edges, with times, AM/PM and stray characters. */
const edgeSlash = fc
  .record({
    a: fc.integer({ min: 0, max: 32 }),
    b: fc.integer({ min: 0, max: 32 }),
    y: fc.constantFrom(0, 99, 999, 1000, 1900, 2000, 2023, 2024, 9999),
    h: fc.integer({ min: 0, max: 25 }),
    mi: fc.integer({ min: 0, max: 61 }),
    s: fc.integer({ min: 0, max: 61 }),
    time: fc.constantFrom('', 'hm', 'hms'),
    sep: fc.constantFrom(' ', ' ', ' ', 'T', '  ', ','),
    ap: fc.constantFrom('', '', '', ' PM', 'am'),
    pad: fc.constantFrom('', '', '', ' ', '\u00a0', 'x'),
  })
  .map(({ a, b, y, h, mi, s, time, sep, ap, pad }) => {
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    const t = time === '' ? '' : `${sep}${p(h)}:${p(mi)}${time === 'hms' ? `:${p(s)}` : ''}${ap}`;
    return `${p(a)}/${p(b)}/${p(y, 4)}${t}${pad}`;
  });

/**
 * A date fast path takes exactly the `values` that `takes` says, and reads each of them as
 * `convertCell` does (NULL where the rules fail it).
 */
async function expectDatesTaken(
  fast: { test: string; value: string },
  values: string[],
  format: ValueFormat,
  ru: boolean,
  takes: (v: string) => boolean,
): Promise<void> {
  const got = (
    await db.engine.query(
      `SELECT ${fast.test} AS taken, epoch_ms(${fast.value})::DOUBLE AS ms FROM (VALUES ${rowsOf(values)}) AS x(i, v) ORDER BY i`,
    )
  )
    .toArray()
    .map((r) => r.toJSON() as { taken: boolean; ms: number | null });
  const taken = got.flatMap((g, i) => (g.taken ? [i] : []));
  expect(taken.map((i) => values[i])).toEqual(values.filter(takes));
  for (const i of taken)
    expect({ v: values[i], format, ru, ms: got[i]!.ms }).toEqual({
      v: values[i],
      format,
      ru,
      ms: convertCell(values[i]!, 'date', format, ru) ?? null,
    });
}

describe('the slash-date fast path', () => {
  const formats: ValueFormat[] = [{}, { dateOrder: 'dmy' }, { dateOrder: 'mdy' }];

  it('takes clean slash dates in the column order, each read as convertCell reads it (NULL where it fails)', async () => {
    const values = [...EDGE_SLASH, ...fc.sample(edgeSlash, 400)];
    // The shapes the date fast path takes: dotted and slash with two-digit fields, a four-digit
    // year from 1000, one space and no AM/PM; ISO as before.
    const clean =
      /^(([0-9]{2}\.[0-9]{2}\.|[0-9]{2}\/[0-9]{2}\/)[1-9][0-9]{3}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?|[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])( ([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9])?)$/;
    for (const format of formats)
      for (const ru of [false, true]) {
        const fast = sqlConversion('v', 'date', format, ru, '_').fast!;
        await expectDatesTaken(fast, values, format, ru, (v) => clean.test(v));
      }
  });

  it('with the full rules, loads what the JS loader loads and reports what it reports', async () => {
    for (const ru of [false, true]) await file(EDGE_SLASH, ru);
    await fc.assert(
      fc.asyncProperty(
        fc.array(edgeSlash, { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        async (vs, ru) => file(vs, ru),
      ),
      { numRuns: 20 },
    );
  });
});

/** A date of every field value near the edges, in a strptime format's layout (two-digit fields). */
const dateIn = (format: string) =>
  fc
    .record({
      y: fc.constantFrom(0, 999, 1000, 1900, 2000, 2023, 2024, 2100, 9999),
      m: fc.integer({ min: 0, max: 13 }),
      d: fc.integer({ min: 0, max: 32 }),
      h: fc.integer({ min: 0, max: 25 }),
      mi: fc.integer({ min: 0, max: 61 }),
      s: fc.integer({ min: 0, max: 61 }),
      pad: fc.constantFrom('', '', '', '', ' ', '\u00a0', 'x', '0', 'Z', '.5'),
    })
    .map(({ y, m, d, h, mi, s, pad }) => {
      const p = (n: number, w = 2) => String(n).padStart(w, '0');
      const f = { Y: p(y, 4), m: p(m), d: p(d), H: p(h), M: p(mi), S: p(s) };
      return format.replace(/%([YmdHMS])/g, (_, k: keyof typeof f) => f[k]) + pad;
    });

/** The shapes a date column's sample can pick, with texts of other shapes among them. */
const SHAPE_FORMATS = [
  ...['%Y-%m-%d %H:%M:%S', '%Y-%m-%d', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M'],
  ...['%d.%m.%Y', '%d.%m.%Y %H:%M', '%d.%m.%Y %H:%M:%S', '%m.%d.%Y %H:%M:%S'],
  ...['%d/%m/%Y', '%m/%d/%Y %H:%M', '%d/%m/%Y %H:%M:%S'],
];

describe("the date fast path of a column's sampled shapes", () => {
  const formats: ValueFormat[] = [{}, { dateOrder: 'dmy' }, { dateOrder: 'mdy' }];
  const samples = [
    ['2024-01-02 10:00:00', '2024-01-02 11:00:00', '2024-01-02'],
    ['02.01.2024 10:00:00', '02.01.2024', '', '02.01.2024', '2024-01-02'],
    ['01/02/2024', '01/02/2024 10:00', '2024-01-02T10:00', '2024-01-02T10:00:00'],
    ['2024-01-02 10:00', '13.01.2024 10:00', '01/13/2024 10:00:00'],
  ];

  it('takes the shapes a sample holds, most frequent first, one per length, at most three', () => {
    expect(sampleShapes(samples[0]!, false, false)).toEqual(['%Y-%m-%d %H:%M:%S', '%Y-%m-%d']);
    expect(sampleShapes(samples[1]!, false, false)).toEqual(['%d.%m.%Y', '%d.%m.%Y %H:%M:%S']);
    expect(sampleShapes(samples[2]!, false, true)).toEqual([
      '%Y-%m-%dT%H:%M:%S',
      '%Y-%m-%dT%H:%M',
      '%m/%d/%Y',
    ]);
    expect(sampleShapes(['x', '', '1.2.2024', '2024-1-2', ' 2024-01-02'], false, false)).toEqual(
      [],
    );
    // No shape seen: the generic fast path, as without a sample.
    const none = sqlConversion('v', 'date', {}, false, '_', ['x']).fast!;
    expect(none).toEqual(sqlConversion('v', 'date', {}, false, '_').fast!);
  });

  it('takes exactly the texts of those shapes, each read as convertCell reads it (NULL where it fails)', async () => {
    const values = [...EDGE_DATES, ...EDGE_SLASH];
    for (const f of SHAPE_FORMATS) values.push(...fc.sample(dateIn(f), 120));
    for (const sample of [...samples, ...SHAPE_FORMATS.map((f) => fc.sample(dateIn(f), 3))])
      for (const format of formats)
        for (const ru of [false, true]) {
          const fast = sqlConversion('v', 'date', format, ru, '_', sample).fast!;
          const dotMdy = format.dateOrder === 'mdy';
          const slashMdy = (format.dateOrder ?? (ru ? 'dmy' : 'mdy')) === 'mdy';
          const shapes = sampleShapes(sample, dotMdy, slashMdy).map(shapeMatcher);
          // A sample of no clean shape keeps the generic fast path (tested above).
          if (shapes.length === 0) {
            expect(fast).toEqual(sqlConversion('v', 'date', format, ru, '_').fast);
            continue;
          }
          await expectDatesTaken(fast, values, format, ru, (v) => shapes.some((re) => re.test(v)));
        }
  });

  it('with the full rules, loads what the JS loader loads and reports what it reports', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...SHAPE_FORMATS).chain((f) =>
          fc.array(fc.oneof({ arbitrary: dateIn(f), weight: 4 }, fc.constantFrom(...EDGE_DATES)), {
            minLength: 1,
            maxLength: 60,
          }),
        ),
        fc.boolean(),
        async (vs, ru) => file(vs, ru),
      ),
      { numRuns: 30 },
    );
  });
});

/** A strptime format's texts, spelled independently of the code: digits, a year from 1000. */
function shapeMatcher(format: string): RegExp {
  const esc = format.replace(/[.]/g, '\\.');
  return new RegExp(`^${esc.replace('%Y', '[1-9]\\d{3}').replace(/%[mdHMS]/g, '\\d{2}')}$`);
}

/** Every kind of typed column: both marks, every date order, under either locale. */
const KINDS: [ValueType, ValueFormat][] = [
  ['number', { decimal: ',' }],
  ['number', { decimal: '.' }],
  ['number', {}],
  ['date', { dateOrder: 'dmy' }],
  ['date', { dateOrder: 'mdy' }],
  ['date', {}],
  ['text', {}],
];

/** Dates the fast paths take and just outside them, with the reader's empty fields among them. */
const EDGE_DATES = [
  ...['01.02.2024', '01.02.2024 10:00', '01.02.2024 10:00:00', '30.02.2024', '01.13.2024'],
  ...['1.2.2024', '01.02.24', ' 01.02.2024', '01.02.2024 24:00', '2024-02-29', '2024-02-30'],
  ...['2024-02-29 10:00:00', '2024-02-29T10:00', '02/01/2024', '2/1/24 3:04 PM', '45292'],
  ...['', '', 'null', '—', 'x'],
];

describe('the typing query: the fast paths take the reader NULLs, the full rules run only on the rest', () => {
  it('gates every step of the full rules on the fast path, and none where there is none', () => {
    const cols: LoadColumn[] = KINDS.map(([type, format], i) => ({
      index: i,
      name: `v${i}`,
      type,
      format,
    }));
    const sql = typingSql('raw', cols, true);
    for (const [i, c] of cols.entries()) {
      if (c.type === 'text') continue;
      expect(sql).toContain(`("c${i}" IS NULL OR `);
      const steps = [...sql.matchAll(new RegExp(`(\\S+) AS "_${i}_[a-z0-9]+"`, 'g'))];
      expect(steps.length).toBeGreaterThan(3);
      expect(sql).not.toContain(`"_${i}_rest"`);
    }
    expect((sql.match(/THEN NULL ELSE/g) ?? []).length).toBeGreaterThan(20);
  });

  it('types every value as convertCell does, NULL for the reader NULL', async () => {
    const values = [...EDGE_NUMBERS, ...EDGE_DATES, ...fc.sample(numberText, 100)];
    const all: (string | null)[] = [...values, null];
    for (const ru of [false, true]) {
      const cols: LoadColumn[] = KINDS.map(([type, format], i) => ({
        index: 0,
        name: `v${i}`,
        type,
        format,
      }));
      await db.engine.exec(
        `CREATE OR REPLACE TABLE raw AS SELECT i, v AS c0 FROM (VALUES ${rowsOf(all)}) AS x(i, v)`,
      );
      const sql = typingSql('raw', cols, ru).replace('FROM "raw"', 'FROM "raw" ORDER BY i');
      const got = (await db.engine.query(sql))
        .toArray()
        .map((r) => Object.values(r.toJSON() as Record<string, unknown>));
      for (const [k, [type, format]] of KINDS.entries())
        expect({ ru, type, format, got: got.map((g) => norm(g[k])) }).toEqual({
          ru,
          type,
          format,
          got: all.map((v) => (v === null ? null : norm(convertCell(v, type, format, ru)))),
        });
    }
  });

  it('loads what the JS loader loads and reports what it reports, empty fields among the values', async () => {
    for (const ru of [false, true]) await file([...EDGE_NUMBERS, ...EDGE_DATES], ru);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(numberText, fc.constantFrom(...EDGE_DATES)), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.boolean(),
        async (vs, ru) => file(vs, ru),
      ),
      { numRuns: 25 },
    );
  });
});

/** Typed values as comparable plain data: dates as epoch ms, whichever side they come from. */
function norm(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'bigint') return Number(v);
  return v;
}

/**
 * One file with the values as a column of every kind at once (text too), empty fields unquoted
 * (the reader's NULL), loaded by both paths: tables in row order and reports must be equal.
 */
async function file(values: string[], ru: boolean) {
  const sep = ru ? ';' : ',';
  // A bare `'` would make the reader take `'` for the file's quote (then neither path is SQL's).
  const cell = (v: string) =>
    /^[^"'\n\r;,]*$/.test(v) && v.trim() === v ? v : `"${v.replaceAll('"', '""')}"`;
  const header = ['id', ...KINDS.map((_, k) => `k${k}`)].join(sep);
  const lines = values.map((v, i) => [String(i), ...KINDS.map(() => cell(v))].join(sep));
  const name = 'kinds.csv';
  const raw = await readFile(name, new TextEncoder().encode([header, ...lines].join('\n') + '\n'));
  const load: LoadColumn[] = KINDS.map(([type, format], k) => ({
    index: k + 1,
    name: raw.headers[k + 1]!,
    type,
    format,
  }));
  const js = new FileReportBuilder(name, 'deals');
  const sql = new FileReportBuilder(name, 'deals');
  await loadStaging(db.engine, raw, load, '_js', js, { batchRows: 1000 });
  const res = await loadCsvSql(db.engine, raw, load, '_sql', sql);
  expect('rows' in res).toBe(true);
  expect(sql.report).toEqual(js.report);
  const rows = async (t: string) =>
    (await db.engine.query(`SELECT * FROM ${t} ORDER BY rowid`))
      .toArray()
      .map((r) => Object.values(r.toJSON() as Record<string, unknown>).map(norm));
  expect(await rows('_sql')).toEqual(await rows('_js'));
}
