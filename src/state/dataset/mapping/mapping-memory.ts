/**
 * Remembers a confirmed mapping per header set (`mappingKey(headers)`) in localStorage, so the
 * next export from the same CRM opens with the user's choices already applied.
 */
import type { Role, TableKind, ValueType } from '../../../ingest/types.ts';

export interface SavedMapping {
  kind: TableKind;
  /** header → role (null: custom field). */
  roles: Record<string, Role | null>;
  /** header → type, only where the user changed it. */
  types?: Record<string, ValueType>;
  ignore?: string[];
  encoding?: string;
  won?: string[];
  lost?: string[];
  /** Stage values in the order the user set (only when they moved one). */
  stageOrder?: string[];
  /** Stage value → win probability 0..1 the user typed for an open stage. */
  stageProbabilities?: Record<string, number>;
}

type KV = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & {
  readonly length: number;
  key(i: number): string | null;
};

export const MAPPING_PREFIX = 'crm-workbench.mapping.';

export function rememberMapping(storage: KV | null, key: string, m: SavedMapping): void {
  try {
    storage?.setItem(MAPPING_PREFIX + key, JSON.stringify(m));
  } catch {
    // storage full or blocked: the mapping is only a convenience
  }
}

/** The saved mapping for `key`, or null (also when what is stored is not a mapping). */
export function recallMapping(storage: KV | null, key: string): SavedMapping | null {
  try {
    const raw = storage?.getItem(MAPPING_PREFIX + key);
    if (!raw) return null;
    const m = JSON.parse(raw) as unknown;
    if (typeof m !== 'object' || m === null) return null;
    const { kind, roles } = m as Partial<SavedMapping>;
    if (typeof kind !== 'string' || typeof roles !== 'object' || roles === null) return null;
    return m as SavedMapping;
  } catch {
    return null;
  }
}

/** Removes every remembered mapping; returns how many. */
export function forgetMappings(storage: KV | null): number {
  if (!storage) return 0;
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (k?.startsWith(MAPPING_PREFIX)) keys.push(k);
  }
  for (const k of keys) storage.removeItem(k);
  return keys.length;
}
