/** The checks spec validation is made of: each names the path of what it rejects. */
import { MessageError, msg, type Message } from '../../lib/message.ts';

/** A spec (a link, a saved report, `--spec`) that is not valid; the message names the path. */
export class SpecError extends MessageError {
  override name = 'SpecError';
}

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function fail(path: string, problem: Message): never {
  throw new SpecError(msg('spec_at', { path, problem }));
}

export function keysOnly(o: Obj, allowed: readonly string[], path: string) {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) fail(`${path}.${k}`, msg('spec_unknownKey', { allowed }));
  }
}

export function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length === 0) fail(path, msg('spec_nonEmptyString'));
  return v;
}

export function oneOf<T extends string>(v: unknown, list: readonly T[], path: string): T {
  if (typeof v !== 'string' || !list.includes(v as T)) fail(path, msg('spec_oneOf', { list }));
  return v as T;
}
