/**
 * Cold start in Chromium (`npm run bench -- --only startup`): the production build opened in a
 * fresh browser context (empty HTTP cache) until the default demo's first report is shown, timed
 * from navigation, with the longest main-thread stall before it (PerformanceObserver `longtask`).
 * The yardstick, in the same run and alternating with it: DuckDB-WASM's own start and one plain
 * query on an otherwise empty page (bench/engine-page), also cold. Their ratio is what the app
 * adds to the engine's start.
 */
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { launch, serve } from '../test/e2e/harness.mjs';
import { median, type BenchRow } from './specs.ts';

/** Installed before any page script: the longest task seen so far, in ms. */
const OBSERVE_STALLS = `(() => {
  globalThis.__longestTask = 0;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        globalThis.__longestTask = Math.max(globalThis.__longestTask, e.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {}
})()`;

function build(args: string[]): void {
  const b = spawnSync('node_modules/.bin/vite', ['build', ...args, '--logLevel', 'error'], {
    stdio: 'inherit',
  });
  if (b.status !== 0) throw new Error(`vite build ${args.join(' ')} failed`);
}

/**
 * Polls `expr` in the page until it is truthy and returns its value. With `evaluate` (CDP, outside
 * the page's CSP): `waitForFunction` evaluates a string predicate with eval, which the CSP forbids.
 */
export async function pollPage(page: Page, expr: string, timeoutMs = 600_000): Promise<unknown> {
  const start = Date.now();
  for (;;) {
    const v = await page.evaluate(expr);
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`not true after ${timeoutMs} ms: ${expr}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Opens `url` in a fresh context and returns the page's `performance.now()` once `ready` holds. */
export async function coldOpen(
  browser: Browser,
  url: string,
  ready: string,
): Promise<{ ms: number; stall: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(OBSERVE_STALLS);
    await page.goto(url);
    const ms = (await pollPage(page, `(${ready}) ? performance.now() : 0`, 300_000)) as number;
    // Long tasks are reported after they end: give the last one a moment to arrive.
    await page.waitForTimeout(50);
    const stall = (await page.evaluate('globalThis.__longestTask')) as number;
    return { ms, stall };
  } finally {
    await context.close();
  }
}

export async function benchStartup(runs: number, built = false): Promise<BenchRow[]> {
  if (!built) build(['--base', './']);
  build(['--config', 'bench/engine-page/vite.config.ts']);
  const app = await serve('dist');
  const yardstick = await serve('bench/out/engine-page');
  const browser = await launch();
  const appRuns: { ms: number; stall: number }[] = [];
  const engineRuns: { ms: number; stall: number }[] = [];
  try {
    // Run 0 warms the OS file cache and Chromium itself; it is not counted.
    for (let i = 0; i <= runs; i++) {
      const e = await coldOpen(browser, yardstick.url, 'globalThis.__engineReady > 0');
      const a = await coldOpen(browser, app.url, 'globalThis.__crm?.run.phase === "ready"');
      if (i > 0) {
        engineRuns.push(e);
        appRuns.push(a);
      }
    }
  } finally {
    await browser.close();
    await app.close();
    await yardstick.close();
  }
  const deals = 20_000; // the default demo
  const appMs = median(appRuns.map((r) => r.ms));
  const engineMs = median(engineRuns.map((r) => r.ms));
  console.log(`startup done: app ${appMs.toFixed(0)} ms, engine ${engineMs.toFixed(0)} ms`);
  return [
    {
      where: 'chromium',
      deals,
      what: 'cold page → first report (default demo, fresh context)',
      ms: appMs,
    },
    {
      where: 'chromium',
      deals,
      what: 'cold page → DuckDB-WASM started and SELECT 42 answered (empty page)',
      ms: engineMs,
    },
    {
      where: 'chromium',
      deals,
      what: 'ratio: cold first report ÷ engine start and a plain query',
      ms: appMs / engineMs,
      unit: '×',
    },
    {
      where: 'chromium',
      deals,
      what: 'longest main-thread stall until the first report (longtask, worst run)',
      ms: Math.max(...appRuns.map((r) => r.stall)),
    },
  ];
}
