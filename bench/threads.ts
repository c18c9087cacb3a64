/**
 * Threads where the host allows them (`npm run bench -- --only threads`): the same build served
 * twice in one run — plainly (DuckDB's single-threaded `eh` build) and with the COOP/COEP pair
 * (cross-origin isolated: the threaded `coi` build with one thread per core) — opening the demo
 * at the given size and timing the same reports on each. Reports the ratio single ÷ threaded.
 */
import { ISOLATION_HEADERS } from '../scripts/csp.mjs';
import type { DatasetModel } from '../src/crm/model.ts';
import { launch, openPage, serve } from '../test/e2e/harness.mjs';
import { TIME_SPEC } from './browser.ts';
import { pollPage } from './startup.ts';
import { BENCH_SPECS, median, type BenchRow } from './specs.ts';

const REPORTS = [
  'by source (deals, won, revenue, win rate)',
  'manager × quarter (revenue, totals)',
  'funnel, all time (stage history)',
  'LTV per client with RFM',
  'relationship dynamics by quarter',
];

export async function benchThreads(deals: number, runs: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const browser = await launch();
  const ms: Record<string, Record<string, number>> = {};
  try {
    for (const [mode, headers] of [
      ['single thread (eh)', {}],
      ['threads (coi, COOP/COEP)', ISOLATION_HEADERS],
    ] as const) {
      const server = await serve('dist', { headers });
      try {
        const t0 = performance.now();
        const { page, context } = await openPage(browser, `${server.url}?demo=${deals}`);
        await pollPage(page, 'globalThis.__crm?.run.phase === "ready"');
        const times: Record<string, number> = {
          'page open → first report': performance.now() - t0,
        };
        const threads = (await page.evaluate(
          `globalThis.__crm.data.run({ sql: "SELECT current_setting('threads')::INTEGER AS n" }).then((t) => Number(t.getChild('n').get(0)))`,
        )) as number;
        const maxDate = (await page.evaluate('globalThis.__crm.data.model.maxDate')) as string;
        const model = { maxDate } as DatasetModel;
        for (const name of REPORTS) {
          const make = BENCH_SPECS[name]!;
          const q: number[] = [];
          for (let i = 0; i <= runs; i++) {
            const spec = { ...make(model), title: `bench ${i}` };
            const t = (await page.evaluate(`(${TIME_SPEC})(${JSON.stringify(spec)})`)) as {
              queryMs: number;
            };
            if (i > 0) q.push(t.queryMs);
          }
          times[`query: ${name}`] = median(q);
        }
        ms[mode] = times;
        for (const [what, v] of Object.entries(times))
          rows.push({ where: `chromium, ${mode}, ${threads} thread(s)`, deals, what, ms: v });
        await context.close();
      } finally {
        await server.close();
      }
    }
  } finally {
    await browser.close();
  }
  const [single, coi] = [ms['single thread (eh)']!, ms['threads (coi, COOP/COEP)']!];
  for (const what of Object.keys(single))
    rows.push({
      where: 'chromium',
      deals,
      what: `ratio single ÷ threaded: ${what}`,
      ms: single[what]! / coi[what]!,
      unit: '×',
    });
  return rows;
}
