/**
 * Lookups by a name that came from data or a user (a column header, a file name, a stage, a
 * measure id). On a plain object, `constructor`, `toString` or `__proto__` would find the
 * prototype's members instead of nothing; these only see the record's own entries.
 */

/** `record[key]` when `key` is the record's own entry, else undefined. */
export function own<V>(
  record: Readonly<Record<string, V>> | undefined,
  key: string,
): V | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Whether `key` is the record's own entry (`key in record` without the prototype). */
export function hasOwn(record: object | undefined, key: string): boolean {
  return record !== undefined && Object.hasOwn(record, key);
}
