// Threads where the host allows them: served with the COOP/COEP pair (scripts/csp.mjs
// ISOLATION_HEADERS, with the security headers a host sends), the built app is cross-origin
// isolated, DuckDB runs its threaded `coi` build from our own files (the main worker and its
// pthread worker), with as many threads as the machine has cores, and the demo report comes up.
// Without the headers it is the single-threaded `eh` build.
import { join } from 'node:path';
import { ISOLATION_HEADERS, SECURITY_HEADERS } from '../../../scripts/csp.mjs';
import { assert, openPage, serve } from '../harness.mjs';
import { ready } from '../main.e2e.mjs';

/** The page's DuckDB thread count, asked through the workbench's own engine. */
const threadsOf = (page) =>
  page.evaluate(async () => {
    const t = await window.__crm.data.run({
      sql: "SELECT current_setting('threads')::INTEGER AS n",
    });
    return Number(t.getChild('n').get(0));
  });

export function tests({ browser, url, root }) {
  return [
    [
      'threads: with COOP/COEP the page is isolated and DuckDB runs its threaded build',
      async () => {
        const server = await serve(join(root, 'dist'), {
          headers: { ...SECURITY_HEADERS, ...ISOLATION_HEADERS },
        });
        try {
          const s = await openPage(browser, server.url);
          const requests = [];
          s.page.on('request', (r) => requests.push(r.url()));
          await s.page.reload();
          await ready(s.page);
          assert(await s.page.evaluate(() => globalThis.crossOriginIsolated), 'isolated');
          const own = requests.filter((u) => u.startsWith(server.url));
          assert(
            own.some((u) => /duckdb-browser-coi\.worker/.test(u)),
            `coi worker from our build: ${own.join(' ')}`,
          );
          assert(
            own.some((u) => /duckdb-coi.*\.wasm/.test(u)),
            `coi wasm from our build: ${own.join(' ')}`,
          );
          assert(!own.some((u) => /duckdb-eh.*\.wasm/.test(u)), 'no eh wasm fetched');
          const cores = await s.page.evaluate(() => navigator.hardwareConcurrency);
          const threads = await threadsOf(s.page);
          assert(threads === Math.min(16, cores), `threads ${threads}, cores ${cores}`);
          assert(/\d{1,3}(,\d{3})+/.test(await s.page.locator('table').first().innerText()));
          assert(s.errors.length === 0, `console errors: ${s.errors.join(' | ')}`);
          assert(s.foreign.length === 0, `requests left 127.0.0.1: ${s.foreign.join(' ')}`);
          await s.context.close();
        } finally {
          await server.close();
        }
      },
    ],
    [
      'threads: without the headers DuckDB runs single-threaded (eh build)',
      async () => {
        const s = await openPage(browser, url);
        await ready(s.page);
        assert(!(await s.page.evaluate(() => globalThis.crossOriginIsolated)), 'not isolated');
        assert((await threadsOf(s.page)) === 1, 'one thread');
        await s.context.close();
      },
    ],
  ];
}
