/**
 * Chromium half of `npm run bench`: the production build served on 127.0.0.1, the demo generated in
 * the page at each size, then each representative report set as the workbench's spec. For every
 * report it records DuckDB's time (the engine call, worker round trip and Arrow decode included)
 * and the time from the spec change to the table on screen; the difference (less the edit debounce)
 * is the app's own overhead.
 */
import { spawnSync } from 'node:child_process';
import type { DatasetModel } from '../src/crm/model.ts';
import { launch, openPage, serve } from '../test/e2e/harness.mjs';
import { benchSpecs, median, type BenchRow } from './specs.ts';
import { pollPage } from './startup.ts';

interface Timing {
  queryMs: number;
  totalMs: number;
}

/**
 * Runs in the page: apply the spec, wait for its result and two frames (the table painted). Plain
 * JS text, not a TS function: the TS toolchain would wrap inner functions in helpers the page lacks.
 */
export const TIME_SPEC = `async (spec) => {
  const wb = globalThis.__crm;
  const want = JSON.stringify(spec);
  const t0 = performance.now();
  wb.report.update(spec);
  const run = wb.run;
  await new Promise((resolve, reject) => {
    const check = () => {
      if (run.phase === 'error') return reject(new Error('report failed: ' + run.error));
      if (run.phase === 'ready' && run.result && JSON.stringify(run.result.spec) === want) return resolve();
      setTimeout(check, 1);
    };
    check();
  });
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return { queryMs: run.result.ms, totalMs: performance.now() - t0 };
}`;

export async function benchBrowser(
  sizes: number[],
  runs: number,
  only?: string,
): Promise<BenchRow[]> {
  const b = spawnSync('node_modules/.bin/vite', ['build', '--base', './', '--logLevel', 'error'], {
    stdio: 'inherit',
  });
  if (b.status !== 0) throw new Error('vite build failed');
  const server = await serve('dist');
  const browser = await launch();
  const rows: BenchRow[] = [];
  const DEBOUNCE_MS = 120; // the workbench waits this long after an edit before it queries
  try {
    for (const deals of sizes) {
      const t0 = performance.now();
      const { page, context } = await openPage(browser, `${server.url}?demo=${deals}`);
      await pollPage(page, 'globalThis.__crm?.run.phase === "ready"');
      rows.push({
        where: 'chromium',
        deals,
        what: 'page open → engine started, demo generated and loaded, first report shown',
        ms: performance.now() - t0,
      });
      const maxDate = await page.evaluate(
        () =>
          (globalThis as unknown as { __crm: { data: { model: DatasetModel } } }).__crm.data.model
            .maxDate,
      );
      const model = { maxDate } as DatasetModel;
      for (const [name, make] of benchSpecs(only)) {
        const timings: Timing[] = [];
        for (let i = 0; i <= runs; i++) {
          // Alternate with an empty edit so each run is a real change; run 0 is the warm-up.
          const spec = { ...make(model), title: `bench ${i}` };
          const t = (await page.evaluate(`(${TIME_SPEC})(${JSON.stringify(spec)})`)) as Timing;
          if (i > 0) timings.push(t);
        }
        const q = median(timings.map((t) => t.queryMs));
        const total = median(timings.map((t) => t.totalMs));
        rows.push({ where: 'chromium', deals, what: `query: ${name}`, ms: q });
        rows.push({
          where: 'chromium',
          deals,
          what: `  app overhead (spec change → table painted, less DuckDB and the ${DEBOUNCE_MS} ms debounce)`,
          ms: Math.max(0, total - q - DEBOUNCE_MS),
        });
      }
      await context.close();
      console.log(`chromium ${deals.toLocaleString('en')} deals done`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}
