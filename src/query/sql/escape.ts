/**
 * The one place where values and names become SQL text. Everything the compiler prints goes
 * through these functions; nothing else concatenates user input into SQL.
 */
import { currentDialect } from './dialect.ts';

/** ClickHouse reads `\` as an escape inside quotes too; DuckDB takes it literally. */
const escapeBackslash = (s: string) =>
  currentDialect() === 'clickhouse' ? s.replaceAll('\\', '\\\\') : s;

/** `"name"` with embedded quotes doubled; NUL bytes are rejected because DuckDB truncates at them. */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new SqlEscapeError('empty identifier');
  if (name.includes('\u0000')) throw new SqlEscapeError('identifier contains a NUL character');
  return `"${escapeBackslash(name).replaceAll('"', '""')}"`;
}

/** `'text'` with embedded quotes doubled. */
export function quoteString(value: string): string {
  if (value.includes('\u0000')) throw new SqlEscapeError('string contains a NUL character');
  return `'${escapeBackslash(value).replaceAll("'", "''")}'`;
}

/** A finite number as a SQL literal; NaN and ±Infinity become NULL (they are never data here). */
export function numberLiteral(value: number): string {
  if (!Number.isFinite(value)) return 'NULL';
  if (Number.isInteger(value) && Math.abs(value) < Number.MAX_SAFE_INTEGER) return String(value);
  // Exponent form keeps full precision; DOUBLE so DuckDB does not pick a narrow DECIMAL.
  return `${value.toExponential()}::DOUBLE`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `DATE 'YYYY-MM-DD'` for a real calendar date; anything else is an error, never passed through. */
export function dateLiteral(value: string): string {
  if (!isIsoDate(value))
    throw new SqlEscapeError(`not a date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  return `DATE '${value}'`;
}

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Escapes `%`, `_` and the escape character itself for `LIKE … ESCAPE '\'`. */
export function likeContains(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class SqlEscapeError extends Error {
  override name = 'SqlEscapeError';
}
