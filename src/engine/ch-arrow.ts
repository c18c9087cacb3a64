/**
 * What every ClickHouse engine shares, embedded (chdb.ts) or over HTTP (clickhouse.ts): the
 * settings that give ClickHouse the semantics the compiler assumes, and the normalisation of its
 * Arrow results to the types DuckDB-WASM returns, so result readers cannot tell the engines apart.
 * Browser-safe: no Node module here.
 */
import {
  Field,
  Float64,
  TimeUnit,
  TimestampMicrosecond,
  RecordBatch,
  Struct,
  Schema,
  Table,
  Type,
  makeData,
  makeVector,
  type DataType,
  type Vector,
} from 'apache-arrow';

/**
 * Settings that bring ClickHouse's semantics to the SQL standard the compiler assumes: NULL (not
 * a default value) for the missing side of an outer join and for a rolled-up grouping column,
 * NULL-propagating casts, UTC; and Arrow output apache-arrow JS can read (uncompressed, plain
 * strings, no dictionaries). chdb sets them once per session, the HTTP client on every request.
 */
export const CH_SETTINGS: Readonly<Record<string, string>> = {
  join_use_nulls: '1',
  group_by_use_nulls: '1',
  cast_keep_nullable: '1',
  union_default_mode: 'ALL',
  session_timezone: 'UTC',
  output_format_arrow_compression_method: 'none',
  output_format_arrow_string_as_string: '1',
  output_format_arrow_low_cardinality_as_dictionary: '0',
};

/** 64-bit integers and decimals become doubles, as with DuckDB-WASM's `QUERY_CONFIG`. */
function widen(type: DataType): boolean {
  return (
    (type.typeId === Type.Int && (type as unknown as { bitWidth: number }).bitWidth === 64) ||
    type.typeId === Type.Decimal
  );
}

/** `scale`: a decimal's digits after the point; Arrow hands decimals out unscaled. */
function toDoubles(v: Vector, scale = 0): Vector {
  const out = new Float64Array(v.length);
  const valid = new Uint8Array((v.length + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < v.length; i++) {
    const x: unknown = v.get(i);
    if (x === null || x === undefined) nulls++;
    else {
      out[i] = scale ? Number(x) / 10 ** scale : Number(x);
      valid[i >> 3]! |= 1 << (i & 7);
    }
  }
  return makeVector(
    makeData({
      type: new Float64(),
      length: v.length,
      nullCount: nulls,
      nullBitmap: nulls ? valid : null,
      data: out,
    }),
  );
}

/** ClickHouse stamps DateTime64 with the session's zone (UTC); DuckDB's TIMESTAMP has none. */
function zoned(type: DataType): boolean {
  return type.typeId === Type.Timestamp && !!(type as TimestampMicrosecond).timezone;
}

/** Result types as DuckDB-WASM gives them: see `widen` and `zoned`. */
export function normalise(t: Table): Table {
  if (!t.schema.fields.some((f) => widen(f.type) || zoned(f.type))) return t;
  const schema = new Schema(
    t.schema.fields.map((f) =>
      widen(f.type)
        ? new Field(f.name, new Float64(), true)
        : zoned(f.type)
          ? new Field(f.name, new TimestampMicrosecond(), true)
          : f,
    ),
  );
  const batches = t.batches.map((b) => {
    const children = b.schema.fields.map((f, i) => {
      const d = b.data.children[i]!;
      if (widen(f.type))
        return toDoubles(makeVector(d), (f.type as { scale?: number }).scale ?? 0).data[0]!;
      if (zoned(f.type)) {
        if ((f.type as TimestampMicrosecond).unit !== TimeUnit.MICROSECOND)
          throw new Error(`unexpected timestamp unit in column ${f.name}`);
        return makeData({
          type: new TimestampMicrosecond(),
          length: d.length,
          nullCount: d.nullCount,
          nullBitmap: d.nullBitmap,
          data: d.values as BigInt64Array,
        });
      }
      return d;
    });
    return new RecordBatch(
      schema,
      makeData({ type: new Struct(schema.fields), length: b.numRows, nullCount: 0, children }),
    );
  });
  return batches.length ? new Table(batches) : new Table(schema);
}
