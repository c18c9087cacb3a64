/**
 * A rough memory estimate before an import, so a too-large export gets a clear warning instead of
 * a crashed tab. Pure; the caller passes what the browser tells (`performance.memory`,
 * `navigator.deviceMemory`).
 */
import { own } from '../../lib/own.ts';

/** Peak bytes per source byte while importing, by format: bytes + decoded text + parse + DuckDB. */
const FACTOR: Record<string, number> = {
  xlsx: 25, // SheetJS expands a zipped workbook into cell objects
  xls: 25,
  parquet: 12, // compressed columns → JS objects
  json: 5,
  jsonl: 5,
  ndjson: 5,
  arrow: 3,
  feather: 3,
};
const TEXT_FACTOR = 4;
const BASE = 64 * 2 ** 20;
/** When the browser tells nothing: what a 64-bit Chromium tab reliably holds for one import. */
export const DEFAULT_BUDGET = 2 * 2 ** 30;

export interface MemoryEnv {
  /** `performance.memory.jsHeapSizeLimit` (Chromium). */
  jsHeapSizeLimit?: number;
  /** `navigator.deviceMemory`, GiB (capped at 8 by browsers). */
  deviceMemory?: number;
}

export interface MemoryCheck {
  estimate: number;
  budget: number;
  ok: boolean;
}

/** Estimated peak memory for importing these files. */
export function estimateImport(files: { name: string; size: number }[]): number {
  let total = BASE;
  for (const f of files) {
    const ext = /\.([a-z0-9]+)$/i.exec(f.name)?.[1]?.toLowerCase() ?? '';
    total += f.size * (own(FACTOR, ext) ?? TEXT_FACTOR);
  }
  return total;
}

/** The memory one import may use: the smallest of the JS heap limit, half the device, the default. */
export function memoryBudget(env: MemoryEnv = {}): number {
  let budget = DEFAULT_BUDGET;
  if (env.jsHeapSizeLimit && env.jsHeapSizeLimit > 0)
    budget = Math.min(budget, env.jsHeapSizeLimit);
  if (env.deviceMemory && env.deviceMemory > 0)
    budget = Math.min(budget, (env.deviceMemory * 2 ** 30) / 2);
  return budget;
}

/**
 * How many bytes a file named `name` may have so that importing it with `files` stays within the
 * budget (0 when the others already exceed it): the cap a linked file is downloaded under.
 */
export function bytesLeft(
  files: { name: string; size: number }[],
  name: string,
  env: MemoryEnv = {},
): number {
  const room = memoryBudget(env) - estimateImport(files);
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return Math.max(0, Math.floor(room / (FACTOR[ext] ?? TEXT_FACTOR)));
}

export function checkMemory(
  files: { name: string; size: number }[],
  env: MemoryEnv = {},
): MemoryCheck {
  const estimate = estimateImport(files);
  const budget = memoryBudget(env);
  return { estimate, budget, ok: estimate <= budget };
}

/** The browser's memory facts, where it tells them. */
export function browserMemoryEnv(): MemoryEnv {
  const perf = globalThis.performance as
    (Performance & { memory?: { jsHeapSizeLimit?: number } }) | undefined;
  const nav = globalThis.navigator as (Navigator & { deviceMemory?: number }) | undefined;
  const env: MemoryEnv = {};
  if (perf?.memory?.jsHeapSizeLimit) env.jsHeapSizeLimit = perf.memory.jsHeapSizeLimit;
  if (nav?.deviceMemory) env.deviceMemory = nav.deviceMemory;
  return env;
}
