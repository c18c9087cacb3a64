/**
 * ClickHouse column types for an Arrow schema, for the typed `CREATE TABLE … ENGINE = MergeTree`
 * that Arrow data is inserted into. Every column is Nullable: the canonical tables hold NULL for
 * a role the source did not have, as DuckDB does. Read back through `normalise` (ch-arrow.ts),
 * each type comes out as the Arrow type it went in as.
 */
import {
  Type,
  type DataType,
  type Decimal,
  type Dictionary,
  type Schema,
  type Timestamp,
} from 'apache-arrow';
import { quoteIdent, quoteString } from '../query/sql/escape.ts';

/** DuckDB and apache-arrow name a timestamp's unit; ClickHouse its digits after the second. */
const DIGITS = [0, 3, 6, 9];

function baseType(type: DataType, column: string): string {
  switch (type.typeId) {
    case Type.Utf8:
    case Type.LargeUtf8:
      return 'String';
    case Type.Bool:
      return 'Bool';
    case Type.Int: {
      const t = type as unknown as { bitWidth: number; isSigned: boolean };
      return `${t.isSigned ? 'Int' : 'UInt'}${t.bitWidth}`;
    }
    case Type.Float: {
      const precision = (type as unknown as { precision: number }).precision;
      return precision === 2 ? 'Float64' : 'Float32';
    }
    case Type.Decimal: {
      const d = type as Decimal;
      return `Decimal(${d.precision}, ${d.scale})`;
    }
    case Type.Date:
      return 'Date32';
    case Type.Timestamp: {
      const t = type as Timestamp;
      return `DateTime64(${DIGITS[t.unit] ?? 6}, ${quoteString(t.timezone ?? 'UTC')})`;
    }
    case Type.Dictionary:
      return baseType((type as Dictionary).dictionary, column);
    case Type.Null:
      return 'String';
    default:
      throw new Error(`column ${column}: Arrow type ${String(type)} has no ClickHouse column type`);
  }
}

/** The column list `(a Nullable(String), …)` for `schema`. */
export function columnsDdl(schema: Schema): string {
  return `(${schema.fields
    .map((f) => `${quoteIdent(f.name)} Nullable(${baseType(f.type, f.name)})`)
    .join(', ')})`;
}

/** `CREATE TABLE name (…) ENGINE = MergeTree ORDER BY tuple()`. */
export function createTableSql(table: string, schema: Schema): string {
  return `CREATE TABLE ${quoteIdent(table)} ${columnsDdl(schema)} ENGINE = MergeTree ORDER BY tuple()`;
}
