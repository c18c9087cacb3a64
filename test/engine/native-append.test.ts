/**
 * Arrow → native DuckDB, column chunk by column chunk (`native-append.ts`): every Arrow type the
 * workbench produces, with NULLs, across DuckDB chunk and Arrow batch boundaries and from sliced
 * columns, must arrive with the exact value and type. Values are checked in DuckDB itself (SQL
 * literals and functions), not only after the trip back to Arrow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Bool,
  DateDay,
  DateMillisecond,
  Dictionary,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  RecordBatch,
  Schema,
  Table,
  TimestampMicrosecond,
  TimestampMillisecond,
  TimestampNanosecond,
  TimestampSecond,
  type Timestamp,
  Uint16,
  Uint32,
  Uint8,
  Utf8,
  makeData,
  makeVector,
  vectorFromArray,
  type DataType,
} from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { createNativeEngine } from '../../src/engine/native.ts';
import { appendArrow } from '../../src/engine/native-append.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import { quoteString } from '../../src/query/sql/escape.ts';

/** Strings that break naive CSV, SQL or C-string handling, of both inline (≤ 12 B) and heap size. */
const HOSTILE = [
  '',
  ' ',
  "O'Brien; DROP TABLE deals; --",
  'a"b""c',
  'line\nbreak\r\nand\ttab',
  'back\\slash\\',
  'nul\u0000inside',
  'Привет, 世界 🎉',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩‍👩‍👧‍👦',
  'ё',
  '123456789012',
  '1234567890123',
  'ж'.repeat(5000),
  'NULL',
  '\\N',
];

const N = 5000; // more than two DuckDB chunks (2048 rows)

/** Row i's value of each column, or null: the independent reference. */
const isNull = (i: number, k: number) => (i * 7 + k) % 11 === 0;
const DAY = 86_400_000;
const ref = {
  b: (i: number) => (isNull(i, 1) ? null : i % 3 === 0),
  i8: (i: number) => (isNull(i, 2) ? null : ((i * 37) % 256) - 128),
  i16: (i: number) => (isNull(i, 3) ? null : ((i * 997) % 65536) - 32768),
  i32: (i: number) => (isNull(i, 4) ? null : ((i * 2_654_435_761) % 2 ** 31) - 2 ** 30),
  i64: (i: number) => (isNull(i, 5) ? null : BigInt(i) * 3_000_000_000_000n - 7n),
  u8: (i: number) => (isNull(i, 6) ? null : (i * 13) % 256),
  u16: (i: number) => (isNull(i, 7) ? null : (i * 131) % 65536),
  u32: (i: number) => (isNull(i, 8) ? null : (i * 2_654_435_761) % 2 ** 32),
  f32: (i: number) => (isNull(i, 9) ? null : Math.fround(i / 7)),
  // Decimal amounts, tiny and huge magnitudes, negative zero.
  f64: (i: number) =>
    isNull(i, 10) ? null : [0.1, 1e-300, -0.0, 1.7976931348623157e308, i * 0.01 - 12.34][i % 5]!,
  s: (i: number) => (isNull(i, 11) ? null : `${HOSTILE[i % HOSTILE.length]}#${i}`),
  dict: (i: number) => (isNull(i, 12) ? null : HOSTILE[(i * 5) % HOSTILE.length]!),
  // Days around the epoch and far from it, before 1970 included.
  day: (i: number) => (isNull(i, 13) ? null : (i % 200) * 365 - 30_000),
  ts: (i: number) =>
    isNull(i, 14) ? null : -2_000_000_000_000_000n + BigInt(i) * 987_654_321_123n,
};

function dictionaryColumn(): ReturnType<typeof makeVector> {
  const keys = Int32Array.from({ length: N }, (_, i) => (i * 5) % HOSTILE.length);
  const valid = new Uint8Array(Math.ceil(N / 8));
  for (let i = 0; i < N; i++) if (!isNull(i, 12)) valid[i >> 3]! |= 1 << (i & 7);
  const dictionary = vectorFromArray(HOSTILE, new Utf8());
  return makeVector(
    makeData({
      type: new Dictionary(new Utf8(), new Int32()),
      length: N,
      nullCount: Array.from({ length: N }, (_, i) => isNull(i, 12)).filter(Boolean).length,
      nullBitmap: valid,
      data: keys,
      dictionary,
    }),
  );
}

function column<T extends DataType>(type: T, f: (i: number) => unknown) {
  return vectorFromArray(
    Array.from({ length: N }, (_, i) => f(i)),
    type,
  );
}

/** The whole table, in two record batches. */
function table(): Table {
  const ms = (i: number) => {
    const d = ref.day(i);
    return d === null ? null : new Date(d * DAY);
  };
  const tsMicros = (i: number) => ref.ts(i);
  const cols = {
    b: column(new Bool(), ref.b),
    i8: column(new Int8(), ref.i8),
    i16: column(new Int16(), ref.i16),
    i32: column(new Int32(), ref.i32),
    i64: column(new Int64(), ref.i64),
    u8: column(new Uint8(), ref.u8),
    u16: column(new Uint16(), ref.u16),
    u32: column(new Uint32(), ref.u32),
    f32: column(new Float32(), ref.f32),
    f64: column(new Float64(), ref.f64),
    s: column(new Utf8(), ref.s),
    dict: dictionaryColumn(),
    day: column(new DateDay(), ms),
    dayms: column(new DateMillisecond(), ms),
    ts: rawTimestamps(new TimestampMicrosecond(), tsMicros, 1n),
    tstz: rawTimestamps(new TimestampMicrosecond('UTC'), tsMicros, 1n),
    tsms: rawTimestamps(new TimestampMillisecond(), tsMicros, 1000n),
    tss: rawTimestamps(new TimestampSecond(), tsMicros, 1_000_000n),
    tsns: rawTimestamps(new TimestampNanosecond(), tsMicros, -1000n),
  };
  const whole = new Table(cols);
  const schema = new Schema(whole.schema.fields.map((f) => new Field(f.name, f.type, true)));
  // Two batches, the second starting at an odd row: validity bitmaps read at a bit offset.
  const cut = 2999;
  const batch = (from: number, to: number) =>
    new RecordBatch(
      schema,
      makeData({
        type: whole.batches[0]!.data.type,
        length: to - from,
        nullCount: 0,
        children: whole.batches[0]!.data.children.map((c) => c.slice(from, to - from)),
      }),
    );
  return new Table([batch(0, cut), batch(cut, N)]);
}

/** Timestamps as raw int64 in the column's unit (micros ÷ per; a negative `per` multiplies). */
function rawTimestamps(type: Timestamp, micros: (i: number) => bigint | null, per: bigint) {
  const values = new BigInt64Array(N);
  const valid = new Uint8Array(Math.ceil(N / 8));
  let nulls = 0;
  for (let i = 0; i < N; i++) {
    const v = micros(i);
    if (v === null) nulls++;
    else {
      values[i] = per < 0n ? v * -per : v / per;
      valid[i >> 3]! |= 1 << (i & 7);
    }
  }
  return makeVector(
    makeData({ type, length: N, nullCount: nulls, nullBitmap: valid, data: values }),
  );
}

describe('native duckdb: Arrow import, chunk by chunk', () => {
  let engine: LazyEngine;
  beforeAll(async () => {
    engine = createNativeEngine({ threads: 2 });
    await engine.insertArrow('t', table());
  });
  afterAll(() => engine.close());

  const sqlRows = async (sql: string) =>
    (await engine.query(sql))
      .toArray()
      .map((r: { toJSON(): Record<string, unknown> }) => r.toJSON());

  it('creates the exact DuckDB column types', async () => {
    const types = await sqlRows(
      "SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_name = 't' ORDER BY ordinal_position",
    );
    expect(types.map((r) => `${String(r.c)} ${String(r.t)}`)).toEqual([
      'b BOOLEAN',
      'i8 TINYINT',
      'i16 SMALLINT',
      'i32 INTEGER',
      'i64 BIGINT',
      'u8 UTINYINT',
      'u16 USMALLINT',
      'u32 UINTEGER',
      'f32 FLOAT',
      'f64 DOUBLE',
      's VARCHAR',
      'dict VARCHAR',
      'day DATE',
      'dayms DATE',
      'ts TIMESTAMP',
      'tstz TIMESTAMP WITH TIME ZONE',
      'tsms TIMESTAMP',
      'tss TIMESTAMP',
      'tsns TIMESTAMP',
    ]);
  });

  it('keeps every number, flag and NULL in every row', async () => {
    const got = await sqlRows(
      `SELECT b, i8, i16, i32, i64::VARCHAR AS i64, u8, u16, u32, f32, f64,
              (f64 = 0 AND 1 / f64 < 0) AS negzero FROM t ORDER BY rowid`,
    );
    expect(got).toHaveLength(N);
    for (let i = 0; i < N; i++) {
      const r = got[i]!;
      const want = {
        b: ref.b(i),
        i8: ref.i8(i),
        i16: ref.i16(i),
        i32: ref.i32(i),
        i64: ref.i64(i)?.toString() ?? null,
        u8: ref.u8(i),
        u16: ref.u16(i),
        u32: ref.u32(i),
        f32: ref.f32(i),
        f64: ref.f64(i),
        negzero: ref.f64(i) === null ? null : Object.is(ref.f64(i), -0),
      };
      expect(r, `row ${i}`).toEqual(want);
    }
  });

  it('keeps every string byte for byte, empty strings apart from NULLs', async () => {
    const got = await sqlRows(
      'SELECT s, dict, octet_length(encode(s)) AS sb, octet_length(encode(dict)) AS db FROM t ORDER BY rowid',
    );
    const utf8 = (x: string | null) => (x === null ? null : Buffer.byteLength(x));
    for (let i = 0; i < N; i++) {
      expect(got[i], `row ${i}`).toEqual({
        s: ref.s(i),
        dict: ref.dict(i),
        sb: utf8(ref.s(i)),
        db: utf8(ref.dict(i)),
      });
    }
    // Compared inside DuckDB with SQL literals, independent of the trip back to Arrow.
    for (const h of HOSTILE) {
      // The escaper refuses NUL in a literal: it is spelled chr(0).
      const lit = h.split('\u0000').map(quoteString).join(' || chr(0) || ');
      const [c] = await sqlRows(`SELECT count(*) AS n FROM t WHERE dict = ${lit}`);
      const want = Array.from({ length: N }, (_, i) => ref.dict(i)).filter((x) => x === h).length;
      expect(c!.n, JSON.stringify(h)).toBe(want);
    }
    const [nulls] = await sqlRows(
      "SELECT count(*) FILTER (WHERE s IS NULL) AS sn, count(*) FILTER (WHERE dict = '') AS de FROM t",
    );
    expect(nulls).toEqual({
      sn: Array.from({ length: N }, (_, i) => i).filter((i) => isNull(i, 11)).length,
      de: Array.from({ length: N }, (_, i) => ref.dict(i)).filter((x) => x === '').length,
    });
  });

  it('keeps dates and timestamps of every unit to the microsecond', async () => {
    const got = await sqlRows(
      `SELECT (day - DATE '1970-01-01') AS day, (dayms - DATE '1970-01-01') AS dayms,
              epoch_us(ts)::VARCHAR AS ts, epoch_us(tstz)::VARCHAR AS tstz,
              epoch_us(tsms)::VARCHAR AS tsms, epoch_us(tss)::VARCHAR AS tss,
              epoch_us(tsns)::VARCHAR AS tsns
       FROM t ORDER BY rowid`,
    );
    for (let i = 0; i < N; i++) {
      const us = ref.ts(i);
      expect(got[i], `row ${i}`).toEqual({
        day: ref.day(i),
        dayms: ref.day(i),
        ts: us?.toString() ?? null,
        tstz: us?.toString() ?? null,
        tsms: us === null ? null : String((us / 1000n) * 1000n),
        tss: us === null ? null : String((us / 1_000_000n) * 1_000_000n),
        tsns: us?.toString() ?? null,
      });
    }
  });

  it('refuses an Arrow column that does not match the table it is appended to', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      await conn.run('CREATE TABLE u (v VARCHAR)');
      const appender = await conn.createAppender('u');
      expect(() =>
        appendArrow(appender, new Table({ v: vectorFromArray([1.5], new Float64()) })),
      ).toThrow('column "v": Arrow Float64 cannot be appended to a VARCHAR column');
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  });
});
