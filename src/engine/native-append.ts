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
      return strings(d);
    case Type.Dictionary:
      return strings(d);
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

/** DuckDB's `duckdb_string_t` is 16 bytes: a uint32 length, then ≤ 12 bytes inline, else a pointer. */
const STRING_T = 16;
const INLINE = 12;

/** One chunk's string structs being built, and the long strings DuckDB must copy in itself. */
class Structs {
  readonly bytes: Uint8Array;
  readonly words: Uint32Array;
  mask: Uint8Array | undefined;
  /** Rows handed to DuckDB (their struct is read back), then pairs (row, row it repeats). */
  readonly assigned: number[] = [];
  readonly copies: number[] = [];
  constructor(readonly n: number) {
    this.bytes = new Uint8Array(n * STRING_T);
    this.words = new Uint32Array(this.bytes.buffer);
  }
  setNull(r: number): void {
    this.mask ??= new Uint8Array(Math.ceil(this.n / 64) * 8).fill(0xff);
    this.mask[r >> 3]! &= ~(1 << (r & 7));
  }
  inline(r: number, s: Uint8Array): void {
    this.words[r * 4] = s.length;
    const at = r * STRING_T + 4;
    for (let i = 0; i < s.length; i++) this.bytes[at + i] = s[i]!;
  }
  /** Copies the structs into the vector: DuckDB's own for the long strings, ours for the rest. */
  flush(vector: duckdb.Vector): void {
    const { bytes, assigned, copies, n } = this;
    if (assigned.length) {
      const written = duckdb.vector_get_data(vector, n * STRING_T);
      for (const r of assigned) {
        bytes.set(written.subarray(r * STRING_T, (r + 1) * STRING_T), r * STRING_T);
      }
      for (let i = 0; i < copies.length; i += 2) {
        const from = copies[i + 1]! * STRING_T;
        bytes.copyWithin(copies[i]! * STRING_T, from, from + STRING_T);
      }
    }
    duckdb.copy_data_to_vector(vector, 0, bytes.buffer as ArrayBuffer, 0, bytes.byteLength);
    if (!this.mask) return;
    duckdb.vector_ensure_validity_writable(vector);
    duckdb.copy_data_to_vector_validity(
      vector,
      0,
      this.mask.buffer as ArrayBuffer,
      0,
      this.mask.byteLength,
    );
  }
}

/**
 * Strings are written as DuckDB's 16-byte string structs, one copy per chunk. Short ones (≤ 12
 * bytes) are stored inline in the struct, so JS writes them itself; each longer one must be copied
 * into the vector's string heap by DuckDB (one call each).
 */
function strings(d: Data): Writer {
  if (d.type.typeId === Type.Dictionary) return dictionaryStrings(d);
  const slice = textSlices(d);
  return (vector, start, n) => {
    const out = new Structs(n);
    for (let r = 0; r < n; r++) {
      const s = slice(start + r);
      if (!s) out.setNull(r);
      else if (s.length <= INLINE) out.inline(r, s);
      else {
        duckdb.vector_assign_string_element_len(vector, r, s);
        out.assigned.push(r);
      }
    }
    out.flush(vector);
  };
}

/**
 * A dictionary's short values are made into structs once; a long value is copied in by DuckDB the
 * first time a chunk uses it, and its struct (length, prefix, pointer into the vector's heap) is
 * reused for the chunk's other rows with that value — most CRM text columns repeat a few hundred
 * names.
 */
function dictionaryStrings(d: Data): Writer {
  const values: (Uint8Array | null)[] = [];
  for (const part of d.dictionary!.data) {
    const slices = textSlices(part);
    for (let i = 0; i < part.length; i++) values.push(slices(i));
  }
  const short = new Structs(values.length);
  values.forEach((v, k) => {
    if (v && v.length <= INLINE) short.inline(k, v);
  });
  const firstRow = new Int32Array(values.length);
  const stamp = new Int32Array(values.length);
  const keys = d.values as Int32Array | Int8Array | Int16Array | Uint32Array;
  const nullable = d.nullCount > 0;
  let chunkNo = 0;
  return (vector, start, n) => {
    chunkNo++;
    const out = new Structs(n);
    for (let r = 0; r < n; r++) {
      if (nullable && !valid(d, start + r)) {
        out.setNull(r);
        continue;
      }
      const k = Number(keys[start + r]);
      const s = values[k];
      if (!s) out.setNull(r);
      else if (s.length <= INLINE) {
        const w = r * 4;
        const from = k * 4;
        out.words[w] = short.words[from]!;
        out.words[w + 1] = short.words[from + 1]!;
        out.words[w + 2] = short.words[from + 2]!;
        out.words[w + 3] = short.words[from + 3]!;
      } else if (stamp[k] === chunkNo) out.copies.push(r, firstRow[k]!);
      else {
        stamp[k] = chunkNo;
        firstRow[k] = r;
        duckdb.vector_assign_string_element_len(vector, r, s);
        out.assigned.push(r);
      }
    }
    out.flush(vector);
  };
}
