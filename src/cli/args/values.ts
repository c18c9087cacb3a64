/**
 * Option values read into their types; a value that does not fit is a UsageError naming the
 * option, the expected form and what was given.
 */
import { isIsoDate } from '../../query/sql/escape.ts';
import { parseHorizon } from '../../crm/analyses/forecast/forecast.ts';
import { MessageError, msg, type Message } from '../../lib/message.ts';

/**
 * A wrong command line: exit code 2 and one line on stderr, in `--lang` (its `.message` is the
 * English rendering).
 */
export class UsageError extends MessageError {
  override name = 'UsageError';
}

/** `--name: problem`, the problem rendered in the language. */
export function optionError(name: string, problem: Message): UsageError {
  return new UsageError(msg('cli_at', { option: `--${name}`, problem }));
}

/** `a or b or c`, joined in the language. */
export function either(items: readonly string[]): Message | string {
  return items.slice(1).reduce<Message | string>((a, b) => msg('cli_or', { a, b }), items[0] ?? '');
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
    throw optionError(name, msg('cli_wholeNumber', { max, value: v }));
  }
  return n;
}

export function date(name: string, v: string): string {
  if (!isIsoDate(v)) throw optionError(name, msg('cli_date', { value: v }));
  return v;
}

export function horizon(v: string): string {
  if (!parseHorizon(v)) throw optionError('horizon', msg('cli_horizon', { value: v }));
  return v;
}

export function oneOf<T extends string>(name: string, v: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(v)) {
    throw optionError(name, msg('cli_oneOf', { allowed: either(allowed), value: v }));
  }
  return v as T;
}
