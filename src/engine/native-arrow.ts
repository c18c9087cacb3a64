/**
 * Arrow in and out of native DuckDB. `@duckdb/node-api` exposes no Arrow interface (its C Arrow
 * calls are not bound), so results are converted chunk by chunk into the Arrow types DuckDB-WASM
 * returns with `QUERY_CONFIG` — BIGINT, HUGEINT and DECIMAL as DOUBLE — so that code reading a
 * result cannot tell the two engines apart; and Arrow types are mapped to the column types tables
 * are created with (the rows themselves go in through `native-append.ts`). Node-only, like
 * `native.ts`.
 */
import {
  Bool,
  DateDay,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int8,
  Int,
  List,
  RecordBatch,
  Schema,
  Struct,
  TimeMicrosecond,
  TimestampMicrosecond,
  Type,
  Uint16,
  Uint32,
  Uint8,
  Utf8,
  makeData,
  makeVector,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import {
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBStructValue,
  DuckDBTypeId,
  type DuckDBDataChunk,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { quoteIdent } from '../query/sql/escape.ts';

const MS_PER_DAY = 86_400_000;

/** The Arrow type DuckDB-WASM gives a DuckDB type; anything the workbench never produces is refused. */
export function arrowType(t: DuckDBType): DataType {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return new Bool();
    case DuckDBTypeId.TINYINT:
      return new Int8();
    case DuckDBTypeId.SMALLINT:
      return new Int16();
    case DuckDBTypeId.INTEGER:
      return new Int32();
    case DuckDBTypeId.UTINYINT:
      return new Uint8();
    case DuckDBTypeId.USMALLINT:
      return new Uint16();
    case DuckDBTypeId.UINTEGER:
      return new Uint32();
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.DECIMAL:
    case DuckDBTypeId.DOUBLE:
      return new Float64();
    case DuckDBTypeId.FLOAT:
      return new Float32();
    case DuckDBTypeId.VARCHAR:
    case DuckDBTypeId.ENUM:
    case DuckDBTypeId.UUID:
      return new Utf8();
    case DuckDBTypeId.DATE:
      return new DateDay();
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return new TimestampMicrosecond();
    case DuckDBTypeId.TIMESTAMP_TZ:
      return new TimestampMicrosecond('UTC');
    case DuckDBTypeId.TIME:
      return new TimeMicrosecond();
    case DuckDBTypeId.LIST:
      return new List(new Field('l', arrowType(t.valueType), true));
    case DuckDBTypeId.STRUCT:
      return new Struct(
        t.entryNames.map((n, i) => new Field(n, arrowType(t.entryTypes[i]!), true)),
      );
    case DuckDBTypeId.SQLNULL:
      return new Int32();
    default:
      throw new Error(`result type ${t.toString()} is not supported by the native engine`);
  }
}

/** Microseconds since the epoch of any DuckDB timestamp value. */
function micros(v: DuckDBValue): bigint {
  const x = v as { micros?: bigint; millis?: bigint; seconds?: bigint; nanos?: bigint };
  if (x.micros !== undefined) return x.micros;
  if (x.millis !== undefined) return x.millis * 1000n;
  if (x.seconds !== undefined) return x.seconds * 1_000_000n;
  if (x.nanos !== undefined) return x.nanos / 1000n;
  throw new Error(`not a timestamp: ${String(v)}`);
}

/** One DuckDB value as the JS value Arrow's builders take for `t`. */
function jsValue(v: DuckDBValue, t: DataType): unknown {
  if (v === null) return null;
  switch (t.typeId) {
    case Type.Float:
      if (typeof v === 'bigint') return Number(v);
      if (v instanceof DuckDBDecimalValue) return v.toDouble();
      return v;
    case Type.Date:
      return (v as DuckDBDateValue).days * MS_PER_DAY;
    case Type.Timestamp:
      // Arrow's builder multiplies milliseconds by 1000 into a BigInt: it must be whole.
      return Number(micros(v) / 1000n);
    case Type.Time:
      return (v as { micros: bigint }).micros;
    case Type.Utf8:
      return typeof v === 'string' ? v : String(v);
    case Type.List: {
      const child = (t as List).children[0]!.type;
      return (v as DuckDBListValue).items.map((x) => jsValue(x, child));
    }
    case Type.Struct: {
      const out: Record<string, unknown> = {};
      const entries = (v as DuckDBStructValue).entries;
      for (const f of (t as Struct).children)
        out[f.name] = jsValue(entries[f.name] ?? null, f.type);
      return out;
    }
    default:
      return v;
  }
}

/** Typed arrays of the flat number-like columns, filled without Arrow's (slow) builders. */
const FLAT: Partial<Record<Type, (t: DataType, n: number) => ArrayLike<unknown>>> = {
  [Type.Float]: (t, n) =>
    (t as Float32).precision === 1 ? new Float32Array(n) : new Float64Array(n),
  [Type.Int]: (t, n) => {
    const { bitWidth, isSigned } = t as Int;
    if (bitWidth === 8) return isSigned ? new Int8Array(n) : new Uint8Array(n);
    if (bitWidth === 16) return isSigned ? new Int16Array(n) : new Uint16Array(n);
    return isSigned ? new Int32Array(n) : new Uint32Array(n);
  },
  [Type.Date]: (_, n) => new Int32Array(n),
  [Type.Timestamp]: (_, n) => new BigInt64Array(n),
};

/** One flat value as stored in its typed array (days for dates, microseconds for timestamps). */
function flatValue(v: DuckDBValue, t: DataType): number | bigint {
  switch (t.typeId) {
    case Type.Date:
      return (v as DuckDBDateValue).days;
    case Type.Timestamp:
      return micros(v);
    default:
      return jsValue(v, t) as number;
  }
}

/** A top-level column: flat types straight into typed arrays, the rest by Arrow's builders. */
function toVector(values: DuckDBValue[], t: DataType): Vector {
  const make = FLAT[t.typeId];
  if (make) {
    const data = make(t, values.length) as unknown as { [i: number]: number | bigint };
    const valid = new Uint8Array((values.length + 7) >> 3);
    let nulls = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v === null) nulls++;
      else {
        data[i] = flatValue(v, t);
        valid[i >> 3]! |= 1 << (i & 7);
      }
    }
    return makeVector(
      makeData({
        type: t as Float64,
        length: values.length,
        nullCount: nulls,
        nullBitmap: nulls ? valid : null,
        data: data as unknown as Float64Array,
      }),
    );
  }
  if (t.typeId === Type.Utf8) return utf8Vector(values);
  return vectorFromArray(
    values.map((v) => jsValue(v, t)),
    t,
  );
}

const encoder = new TextEncoder();

/** A string column as one UTF-8 buffer and its offsets. */
function utf8Vector(values: DuckDBValue[]): Vector {
  const offsets = new Int32Array(values.length + 1);
  const valid = new Uint8Array((values.length + 7) >> 3);
  let bytes = new Uint8Array(values.length * 16 + 64);
  let at = 0;
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === null) nulls++;
    else {
      const text = typeof v === 'string' ? v : String(v);
      // UTF-8 takes at most 3 bytes per UTF-16 unit.
      if (at + text.length * 3 > bytes.length) {
        const grown = new Uint8Array(Math.max(bytes.length * 2, at + text.length * 3));
        grown.set(bytes.subarray(0, at));
        bytes = grown;
      }
      at += encoder.encodeInto(text, bytes.subarray(at)).written;
      valid[i >> 3]! |= 1 << (i & 7);
    }
    offsets[i + 1] = at;
  }
  return makeVector(
    makeData({
      type: new Utf8(),
      length: values.length,
      nullCount: nulls,
      nullBitmap: nulls ? valid : null,
      valueOffsets: offsets,
      data: bytes.subarray(0, at),
    }),
  );
}

/** Reads the schema of a result once: names and Arrow types. */
export function resultSchema(names: string[], types: DuckDBType[]): Schema {
  return new Schema(names.map((n, i) => new Field(n, arrowType(types[i]!), true)));
}

/** Converts DuckDB chunks (of one result) into one Arrow record batch. */
export function chunksToBatch(schema: Schema, chunks: DuckDBDataChunk[]): RecordBatch {
  const length = chunks.reduce((n, c) => n + c.rowCount, 0);
  const children = schema.fields.map((f, i) => {
    const values: DuckDBValue[] = [];
    for (const c of chunks) for (const v of c.getColumnValues(i)) values.push(v);
    return toVector(values, f.type).data[0] ?? makeData({ type: f.type, length: 0 });
  });
  return new RecordBatch(
    schema,
    makeData({ type: new Struct(schema.fields), length, nullCount: 0, children }),
  );
}

/** The DuckDB column type an Arrow type is stored as (the inverse of what queries return). */
export function sqlType(t: DataType): string {
  switch (t.typeId) {
    case Type.Bool:
      return 'BOOLEAN';
    case Type.Int: {
      const { bitWidth, isSigned } = t as Int;
      const name = { 8: 'TINYINT', 16: 'SMALLINT', 32: 'INTEGER', 64: 'BIGINT' }[bitWidth];
      return isSigned ? name! : `U${name!}`;
    }
    case Type.Float:
      return (t as Float32).precision === 1 ? 'FLOAT' : 'DOUBLE';
    case Type.Utf8:
    case Type.LargeUtf8:
      return 'VARCHAR';
    case Type.Dictionary:
      return sqlType((t as unknown as { dictionary: DataType }).dictionary);
    case Type.Date:
      return 'DATE';
    case Type.Timestamp:
      return (t as TimestampMicrosecond).timezone ? 'TIMESTAMPTZ' : 'TIMESTAMP';
    default:
      throw new Error(`Arrow type ${String(t)} cannot be loaded into the native engine`);
  }
}

/** `CREATE TABLE` for an Arrow schema. */
export function createTableSql(table: string, schema: Schema): string {
  const cols = schema.fields.map((f) => `${quoteIdent(f.name)} ${sqlType(f.type)}`);
  return `CREATE TABLE ${quoteIdent(table)} (${cols.join(', ')})`;
}
