/**
 * Plain-JS views of the generated tables, the independent reference the tests compute against.
 */
import type { Table } from 'apache-arrow';

/** A column as plain values (strings, numbers, epoch-ms timestamps, null). */
export function col<T = string | number | null>(table: Table, name: string): T[] {
  const v = table.getChild(name);
  if (!v) throw new Error(`no column ${name}`);
  return [...v] as T[];
}

/** Counts or sums per key. */
export function groupSum<K>(
  keys: readonly K[],
  value: (i: number) => number = () => 1,
): Map<K, number> {
  const out = new Map<K, number>();
  keys.forEach((k, i) => out.set(k, (out.get(k) ?? 0) + value(i)));
  return out;
}

export const year = (ms: number): number => new Date(ms).getUTCFullYear();

export const YEARS = [2023, 2024, 2025] as const;
