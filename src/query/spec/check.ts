/** The checks spec validation is made of: each names the path of what it rejects. */

export class SpecError extends Error {
  override name = 'SpecError';
}

export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function fail(path: string, msg: string): never {
  throw new SpecError(`${path}: ${msg}`);
}

export function keysOnly(o: Obj, allowed: readonly string[], path: string) {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) fail(`${path}.${k}`, `unknown key (allowed: ${allowed.join(', ')})`);
  }
}

export function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v.length === 0) fail(path, 'expected a non-empty string');
  return v;
}

export function oneOf<T extends string>(v: unknown, list: readonly T[], path: string): T {
  if (typeof v !== 'string' || !list.includes(v as T))
    fail(path, `expected one of ${list.join(', ')}`);
  return v as T;
}
