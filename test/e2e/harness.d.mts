import type { Browser, BrowserContext, Page } from 'playwright-core';

export const SUBPATH: string;
export const CHROMIUM_ARGS: string[];
export function serve(
  dir: string,
  opts?: { headers?: Record<string, string> },
): Promise<{ url: string; close(): Promise<void> }>;
export function launch(): Promise<Browser>;
export function openPage(
  browser: Browser,
  url: string,
  size?: { width?: number; height?: number },
): Promise<{ page: Page; context: BrowserContext; foreign: string[]; errors: string[] }>;
export function runTests(tests: [string, () => Promise<void>][]): Promise<{
  passed: number;
  failed: number;
  results: { name: string; ok: boolean; error?: string }[];
}>;
export function assert(cond: unknown, msg: string): asserts cond;
export function ready(page: Page, timeout?: number): Promise<void>;
export function toDashboard(page: Page, name: string): Promise<void>;
export function eachLanguage(
  browser: Browser,
  url: string,
  fn: (page: Page, lang: 'en' | 'ru') => Promise<void>,
  size?: { width?: number; height?: number },
): Promise<void>;
