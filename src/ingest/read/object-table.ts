/** A table over records already parsed (JSON, Parquet): one column per key, in first-seen order. */
import { checkWidth, dedupeHeaders } from './headers.ts';
import type { Cell, RawRow, RawTable } from '../types.ts';

export function objectTable(
  name: string,
  keys: string[],
  objects: Record<string, unknown>[],
  format: RawTable['format'],
): RawTable {
  const headers = dedupeHeaders(keys);
  checkWidth(headers);
  return {
    file: name,
    headers,
    format,
    ruLocale: /[а-яё]/i.test(keys.join(' ')),
    *rows(): Iterable<RawRow> {
      for (let r = 0; r < objects.length; r++) {
        const o = objects[r]!;
        yield {
          row: r + 1,
          cells: keys.map((k) => (Object.hasOwn(o, k) ? toCell(o[k]) : null)),
        };
      }
    },
  };
}

/** A value as a cell; a nested one as its JSON text (a bigint in it as its digits). */
export function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (
    typeof v === 'string' ||
    typeof v === 'number' ||
    typeof v === 'boolean' ||
    typeof v === 'bigint' ||
    v instanceof Date
  )
    return v;
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
}
