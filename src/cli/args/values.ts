/**
 * Option values read into their types; a value that does not fit is a UsageError naming the
 * option, the expected form and what was given.
 */
import { isIsoDate } from '../../query/sql/escape.ts';
import { parseHorizon } from '../../crm/analyses/forecast/forecast.ts';

/** A wrong command line: exit code 2 and one line on stderr. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Splits `a,b , c` into trimmed non-empty parts. */
export function list(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function wholeNumber(name: string, v: string, max: number): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new UsageError(`--${name}: expected a whole number from 1 to ${max}, got '${v}'`);
  }
  return n;
}

export function date(name: string, v: string): string {
  if (!isIsoDate(v)) throw new UsageError(`--${name}: expected a real date YYYY-MM-DD, got '${v}'`);
  return v;
}

export function horizon(v: string): string {
  if (!parseHorizon(v))
    throw new UsageError(
      `--horizon: expected months or weeks such as 3m or 12w (1 to 36), got '${v}'`,
    );
  return v;
}

export function oneOf<T extends string>(name: string, v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v)) {
    throw new UsageError(`--${name}: expected ${allowed.join(' or ')}, got '${v}'`);
  }
  return v as T;
}
