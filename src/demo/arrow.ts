/**
 * Arrow vectors straight from typed arrays. Building a million-row string column through JS
 * strings costs seconds; writing the UTF-8 bytes and offsets directly costs milliseconds.
 */
import {
  Dictionary,
  Float64,
  Int32,
  makeData,
  makeVector,
  TimestampMicrosecond,
  Utf8,
  type Vector,
} from 'apache-arrow';

const encoder = new TextEncoder();

function validity(
  n: number,
  isNull: (i: number) => boolean,
): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (isNull(i)) nulls++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { bitmap, nulls };
}

function utf8Vector(
  n: number,
  offsets: Int32Array,
  bytes: Uint8Array,
  isNull?: (i: number) => boolean,
): Vector<Utf8> {
  const v = isNull ? validity(n, isNull) : { bitmap: undefined, nulls: 0 };
  return makeVector(
    makeData({
      type: new Utf8(),
      length: n,
      nullCount: v.nulls,
      nullBitmap: v.nulls > 0 ? v.bitmap : undefined,
      valueOffsets: offsets,
      data: bytes,
    }),
  );
}

/** Text column from dictionary codes; a negative code is NULL. */
export function utf8FromCodes(codes: ArrayLike<number>, dict: readonly string[]): Vector<Utf8> {
  return utf8Join([{ codes, dict }]);
}

export type TextVector = Vector<Dictionary<Utf8, Int32>>;

/**
 * Dictionary-encoded text column from codes (negative is NULL). DuckDB reads it as plain VARCHAR,
 * and it costs four bytes a row instead of the text: five million activities' manager and client
 * columns would otherwise be hundreds of megabytes written byte by byte. `id` must be unique
 * within a table and is passed in (not auto-numbered) so repeated runs serialise identically.
 */
export function textCodes(
  codes: ArrayLike<number>,
  dict: readonly string[] | Vector<Utf8>,
  id: number,
): TextVector {
  const src = asInt32(codes);
  const n = src.length;
  let nulls = 0;
  for (let i = 0; i < n; i++) if (src[i]! < 0) nulls++;
  // Null slots still need a valid index for readers that look before checking validity.
  const indices = nulls === 0 ? src : src.map((c) => (c < 0 ? 0 : c));
  // Not `vectorFromArray`: Arrow's builders compile a null check with `Function`, which the
  // page's Content-Security-Policy (no 'unsafe-eval') refuses.
  const values = Array.isArray(dict) ? utf8Strings(dict) : (dict as Vector<Utf8>);
  const bitmap = nulls > 0 ? validity(n, (i) => src[i]! < 0).bitmap : undefined;
  return makeVector(
    makeData({
      type: new Dictionary(new Utf8(), new Int32(), id),
      length: n,
      nullCount: nulls,
      nullBitmap: bitmap,
      data: indices,
      dictionary: values,
    }),
  );
}

/** A text column holding `dict` as it is. */
function utf8Strings(dict: readonly string[]): Vector<Utf8> {
  return utf8FromCodes(
    Int32Array.from(dict, (_, i) => i),
    dict,
  );
}

export interface Part {
  codes: ArrayLike<number>;
  dict: readonly string[];
}

/** One concrete array type, so the hot loops below stay monomorphic whatever the caller had. */
function asInt32(codes: ArrayLike<number>): Int32Array {
  // The constructor converts typed arrays natively; `Int32Array.from` would iterate in JS.
  return codes instanceof Int32Array ? codes : new Int32Array(codes);
}

/**
 * Text column whose rows concatenate one dictionary entry from each part (for example product,
 * separator, client). The row is NULL when the first part's code is negative.
 */
export function utf8Join(parts: readonly Part[]): Vector<Utf8> {
  const codes = parts.map((p) => asInt32(p.codes));
  const dicts = parts.map((p) => flatten(p.dict));
  const n = codes[0]?.length ?? 0;
  // Part by part rather than row by row: each pass touches one code array and one dictionary.
  const cursor = new Int32Array(n + 1);
  for (let p = 0; p < parts.length; p++) {
    const c = codes[p]!;
    const starts = dicts[p]!.starts;
    for (let i = 0; i < n; i++) {
      const code = c[i]!;
      if (code >= 0) cursor[i + 1]! += starts[code + 1]! - starts[code]!;
    }
  }
  for (let i = 0; i < n; i++) cursor[i + 1]! += cursor[i]!;
  const offsets = cursor.slice();
  const bytes = new Uint8Array(offsets[n] ?? 0);
  for (let p = 0; p < parts.length; p++) {
    const c = codes[p]!;
    const { bytes: src, starts } = dicts[p]!;
    for (let i = 0; i < n; i++) {
      const code = c[i]!;
      if (code < 0) continue;
      let at = cursor[i]!;
      // A byte loop over one flat buffer beats `set` for strings this short.
      for (let b = starts[code]!, e = starts[code + 1]!; b < e; b++) bytes[at++] = src[b]!;
      cursor[i] = at;
    }
  }
  const first = codes[0];
  return utf8Vector(n, offsets, bytes, first ? (i) => first[i]! < 0 : undefined);
}

/** A dictionary's UTF-8 bytes back to back, with each entry's start (and the end). */
function flatten(dict: readonly string[]): { bytes: Uint8Array; starts: Int32Array } {
  const encoded = dict.map((s) => encoder.encode(s));
  const starts = new Int32Array(dict.length + 1);
  encoded.forEach((e, i) => (starts[i + 1] = starts[i]! + e.length));
  const bytes = new Uint8Array(starts[dict.length]!);
  encoded.forEach((e, i) => bytes.set(e, starts[i]!));
  return { bytes, starts };
}

/** Ids `${prefix}1` … `${prefix}n`, zero-padded to `width` digits (ASCII only), like `D000042`. */
export function sequentialIds(prefix: string, n: number, width: number): Vector<Utf8> {
  const head = encoder.encode(prefix);
  const len = head.length + width;
  const offsets = new Int32Array(n + 1);
  const bytes = new Uint8Array(n * len);
  for (let i = 0; i < n; i++) {
    const at = i * len;
    for (let k = 0; k < head.length; k++) bytes[at + k] = head[k]!;
    let v = i + 1;
    for (let k = len - 1; k >= head.length; k--) {
      const q = (v / 10) | 0;
      bytes[at + k] = 48 + v - q * 10;
      v = q;
    }
    offsets[i + 1] = at + len;
  }
  return utf8Vector(n, offsets, bytes);
}

/** Digits needed for ids up to `n`, never fewer than `min`. */
export function idWidth(n: number, min: number): number {
  return Math.max(min, String(n).length);
}

/**
 * TIMESTAMP column from epoch milliseconds (NaN is NULL). Microseconds because DuckDB reads an
 * Arrow millisecond timestamp as TIMESTAMP_MS, a different type from the canonical TIMESTAMP.
 */
export function timestamps(ms: Float64Array): Vector<TimestampMicrosecond> {
  const n = ms.length;
  const words = new Uint32Array(n * 2);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    const us = ms[i]! * 1000;
    if (Number.isNaN(us)) {
      nulls++;
      continue;
    }
    // Little-endian int64 split by hand: BigInt per row would dominate the run time.
    const hi = Math.floor(us / 4294967296);
    words[2 * i] = us - hi * 4294967296;
    words[2 * i + 1] = hi;
  }
  const v = nulls > 0 ? validity(n, (i) => Number.isNaN(ms[i])) : { bitmap: undefined, nulls };
  return makeVector(
    makeData({
      type: new TimestampMicrosecond(),
      length: n,
      nullCount: v.nulls,
      nullBitmap: v.nulls > 0 ? v.bitmap : undefined,
      data: new BigInt64Array(words.buffer),
    }),
  );
}

/** DOUBLE column; NaN is NULL. */
export function float64(values: Float64Array): Vector<Float64> {
  const v = validity(values.length, (i) => Number.isNaN(values[i]));
  return makeVector(
    makeData({
      type: new Float64(),
      length: values.length,
      nullCount: v.nulls,
      nullBitmap: v.nulls > 0 ? v.bitmap : undefined,
      data: values,
    }),
  );
}

/** INTEGER column; `nullValue` marks NULL. */
export function int32(values: Int32Array, nullValue?: number): Vector<Int32> {
  const v = validity(values.length, (i) => values[i] === nullValue);
  return makeVector(
    makeData({
      type: new Int32(),
      length: values.length,
      nullCount: v.nulls,
      nullBitmap: v.nulls > 0 ? v.bitmap : undefined,
      data: values,
    }),
  );
}
