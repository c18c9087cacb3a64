/**
 * Arrow tables into native DuckDB, a column chunk at a time. Each DuckDB data chunk (≤ 2048 rows)
 * is filled by copying the Arrow buffers into its vectors — one copy per fixed-width column, the
 * validity bitmap as bytes, and each string handed over as its UTF-8 bytes (dictionary values
 * sliced once per dictionary) — then handed to the appender. Nothing is converted to a JS value
 * per row; `@duckdb/node-api`'s own `setColumns` made a JS object or string of every value and
 * re-encoded every string, which made the import several times slower than DuckDB reading the
 * same data from a file. Node-only, like `native.ts`.
 *
 * The raw vector calls come from `@duckdb/node-bindings`, the package `@duckdb/node-api` is built
 * on (same pinned version); the high-level API has no bulk vector write.
 */
import { isUtf8 } from 'node:buffer';
import {
  Type,
  makeVector,
  vectorFromArray,
  type Data,
  type DataType,
  type Dictionary,
  type Int,
  type Table,
  type TimestampMicrosecond,
  type Vector,
} from 'apache-arrow';
import { DuckDBDataChunk, DuckDBTypeId, type DuckDBAppender } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { sqlType } from './native-arrow.ts';

const MS_PER_DAY = 86_400_000;

/** Copies rows [start, start + n) of one Arrow column chunk into a DuckDB vector. */
type Writer = (vector: duckdb.Vector, start: number, n: number) => void;

/** The DuckDB type id a column of Arrow type `t` is stored as (see `sqlType`). */
const TYPE_IDS: Record<string, DuckDBTypeId> = {
  BOOLEAN: DuckDBTypeId.BOOLEAN,
  TINYINT: DuckDBTypeId.TINYINT,
  SMALLINT: DuckDBTypeId.SMALLINT,
  INTEGER: DuckDBTypeId.INTEGER,
  BIGINT: DuckDBTypeId.BIGINT,
  UTINYINT: DuckDBTypeId.UTINYINT,
  USMALLINT: DuckDBTypeId.USMALLINT,
  UINTEGER: DuckDBTypeId.UINTEGER,
  UBIGINT: DuckDBTypeId.UBIGINT,
  FLOAT: DuckDBTypeId.FLOAT,
  DOUBLE: DuckDBTypeId.DOUBLE,
  VARCHAR: DuckDBTypeId.VARCHAR,
  DATE: DuckDBTypeId.DATE,
  TIMESTAMP: DuckDBTypeId.TIMESTAMP,
  TIMESTAMPTZ: DuckDBTypeId.TIMESTAMP_TZ,
};

/** Appends every row of `data` through `appender`; the table's columns must be `sqlType`'s. */
export function appendArrow(appender: DuckDBAppender, data: Table): void {
  const types = Array.from({ length: appender.columnCount }, (_, i) => appender.columnType(i));
  if (types.length !== data.numCols) {
    throw new Error(`${data.numCols} Arrow columns for a table of ${types.length}`);
  }
  const columns = data.schema.fields.map((f, i) => {
    const want = TYPE_IDS[sqlType(f.type)];
    if (want !== types[i]!.typeId) {
      throw new Error(
        `column ${JSON.stringify(f.name)}: Arrow ${String(f.type)} cannot be appended to a ${types[i]!.toString()} column`,
      );
    }
    return plainColumn(data.getChildAt(i)!);
  });
  const size = duckdb.vector_size();
  for (let b = 0; b < data.batches.length; b++) {
    const rows = data.batches[b]!.numRows;
    const writers = columns.map((c) => writer(c.data[b]!));
    for (let at = 0; at < rows; at += size) {
      const n = Math.min(size, rows - at);
      const chunk = DuckDBDataChunk.create(types, n);
      for (let c = 0; c < writers.length; c++) {
        writers[c]!(duckdb.data_chunk_get_vector(chunk.chunk, c), at, n);
      }
      appender.appendDataChunk(chunk);
    }
  }
  appender.flushSync();
}

/** Dictionaries of anything but text are decoded once; text dictionaries are written as they are. */
function plainColumn(vec: Vector): Vector {
  const t = vec.type as DataType;
  if (t.typeId !== Type.Dictionary) return vec;
  const valueType = (t as Dictionary).dictionary;
  if (valueType.typeId === Type.Utf8 || valueType.typeId === Type.LargeUtf8) return vec;
  return vectorFromArray(vec.toArray() as unknown[], valueType);
}

/** The writer of one Arrow column chunk, by its type. */
function writer(d: Data): Writer {
  const t = d.type as DataType;
  switch (t.typeId) {
    case Type.Int:
    case Type.Float:
      if ((t as Int).bitWidth === 16 && t.typeId === Type.Float) return converted(d, Float64Array);
      return copied(d, d.values as ArrayBufferView & { BYTES_PER_ELEMENT: number });
    case Type.Bool:
      return converted(d, Uint8Array, (i) => bit(d.values as Uint8Array, d.offset + i));
    case Type.Date:
      if (d.values instanceof Int32Array) return copied(d, d.values);
      return converted(d, Int32Array, (i) =>
        Math.floor(Number((d.values as BigInt64Array)[i]) / MS_PER_DAY),
      );
    case Type.Timestamp: {
      const values = d.values as BigInt64Array;
      const unit = (t as TimestampMicrosecond).unit;
      // Arrow's TimeUnit: SECOND 0, MILLISECOND 1, MICROSECOND 2, NANOSECOND 3.
      if (unit === 2) return copied(d, values);
      const toMicros =
        unit === 0
          ? (v: bigint) => v * 1_000_000n
          : unit === 1
            ? (v: bigint) => v * 1000n
            : (v: bigint) => floorDiv(v + 500n, 1000n);
      return converted(d, BigInt64Array, (i) => toMicros(values[i]!));
    }
    case Type.Utf8:
    case Type.LargeUtf8:
      return strings(textSlices(d));
    case Type.Dictionary:
      return strings(dictionarySlices(d));
    default:
      throw new Error(`Arrow type ${String(t)} cannot be loaded into the native engine`);
  }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

function bit(bitmap: Uint8Array, i: number): number {
  return (bitmap[i >> 3]! >> (i & 7)) & 1;
}

/** Arrow's layout is DuckDB's: the values are copied as bytes. */
function copied(d: Data, values: ArrayBufferView & { BYTES_PER_ELEMENT: number }): Writer {
  const width = values.BYTES_PER_ELEMENT;
  return (vector, start, n) => {
    duckdb.copy_data_to_vector(
      vector,
      0,
      values.buffer as ArrayBuffer,
      values.byteOffset + start * width,
      n * width,
    );
    writeValidity(d, vector, start, n);
  };
}

type TypedArray = Uint8Array | Int32Array | Float64Array | BigInt64Array;
type TypedCtor<A extends TypedArray> = new (n: number) => A;

/** Values converted into a chunk-sized typed array, then copied. Nulls' slots are left at 0. */
function converted<A extends TypedArray>(
  d: Data,
  Ctor: TypedCtor<A>,
  value?: (i: number) => A[number],
): Writer {
  const vec = makeVector(d);
  const get = value ?? ((i: number) => vec.get(i) as A[number]);
  return (vector, start, n) => {
    const out = new Ctor(n) as unknown as { [i: number]: A[number] } & TypedArray;
    for (let r = 0; r < n; r++) if (valid(d, start + r)) out[r] = get(start + r);
    duckdb.copy_data_to_vector(
      vector,
      0,
      out.buffer as ArrayBuffer,
      out.byteOffset,
      out.byteLength,
    );
    writeValidity(d, vector, start, n);
  };
}

function valid(d: Data, i: number): boolean {
  return d.nullCount === 0 || !d.nullBitmap || bit(d.nullBitmap, d.offset + i) === 1;
}

/** DuckDB's validity mask has Arrow's bit order (least significant first), in 64-bit words. */
function writeValidity(d: Data, vector: duckdb.Vector, start: number, n: number): void {
  if (d.nullCount === 0 || !d.nullBitmap) return;
  const bytes = new Uint8Array(Math.ceil(n / 64) * 8);
  const from = d.offset + start;
  if ((from & 7) === 0) {
    bytes.set(d.nullBitmap.subarray(from >> 3, (from >> 3) + Math.ceil(n / 8)));
    // Bits past the chunk's end are not rows; clear them so the mask means what it says.
    if (n & 7) bytes[n >> 3]! &= (1 << (n & 7)) - 1;
  } else {
    for (let r = 0; r < n; r++) if (bit(d.nullBitmap, from + r)) bytes[r >> 3]! |= 1 << (r & 7);
  }
  duckdb.vector_ensure_validity_writable(vector);
  duckdb.copy_data_to_vector_validity(vector, 0, bytes.buffer as ArrayBuffer, 0, bytes.byteLength);
}

/** Each row's UTF-8 bytes, or null. */
type Slices = (row: number) => Uint8Array | null;

/**
 * A string column's rows as views of its UTF-8 buffer. Bytes that are not UTF-8 (DuckDB's VARCHAR
 * must be) are decoded with replacement characters first, as Node's string decoding does.
 */
function textSlices(d: Data): Slices {
  const bytes = d.values as Uint8Array;
  const offsets = d.valueOffsets as Int32Array | BigInt64Array;
  const at = (i: number) => Number(offsets[i]!);
  const clean = isUtf8(bytes.subarray(at(0), at(d.length)));
  return (row) => {
    if (!valid(d, row)) return null;
    const s = bytes.subarray(at(row), at(row + 1));
    return clean ? s : Buffer.from(Buffer.from(s).toString('utf8'));
  };
}

/** A dictionary column's rows as its dictionary's slices, each dictionary sliced once. */
function dictionarySlices(d: Data): Slices {
  const dictionary = d.dictionary!;
  const values: (Uint8Array | null)[] = [];
  for (const part of dictionary.data) {
    const slices = textSlices(part);
    for (let i = 0; i < part.length; i++) values.push(slices(i));
  }
  const keys = d.values as Int32Array | Int8Array | Int16Array | Uint32Array | BigInt64Array;
  return (row) => (valid(d, row) ? values[Number(keys[row]!)]! : null);
}

function strings(slices: Slices): Writer {
  return (vector, start, n) => {
    // Nulls come from the column's bitmap or, in a dictionary, from a null entry.
    let mask: Uint8Array | undefined;
    for (let r = 0; r < n; r++) {
      const s = slices(start + r);
      if (s) duckdb.vector_assign_string_element_len(vector, r, s);
      else {
        mask ??= new Uint8Array(Math.ceil(n / 64) * 8).fill(0xff);
        mask[r >> 3]! &= ~(1 << (r & 7));
      }
    }
    if (!mask) return;
    duckdb.vector_ensure_validity_writable(vector);
    duckdb.copy_data_to_vector_validity(vector, 0, mask.buffer as ArrayBuffer, 0, mask.byteLength);
  };
}
