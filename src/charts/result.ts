/**
 * The minimal read interface of a query result: an Arrow `Table` satisfies it, and tests can
 * pass a tiny in-memory stand-in. Views read columns by key, never rows as JS objects.
 */
export interface ColumnLike {
  get(index: number): unknown;
}

export interface ResultLike {
  readonly numRows: number;
  getChild(name: string): ColumnLike | null;
}

/** A result from plain row objects (tests, fixtures). */
export function resultFromRows(rows: Record<string, unknown>[]): ResultLike {
  return {
    numRows: rows.length,
    getChild(name) {
      if (rows.length > 0 && !rows.some((r) => name in r)) return null;
      return { get: (i) => rows[i]?.[name] ?? null };
    },
  };
}

/** Reads a column into an array (null when the column is missing). */
export function columnValues(result: ResultLike, key: string): unknown[] | null {
  const col = result.getChild(key);
  if (!col) return null;
  const out = new Array<unknown>(result.numRows);
  for (let i = 0; i < result.numRows; i++) out[i] = col.get(i) ?? null;
  return out;
}
