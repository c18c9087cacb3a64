/**
 * The self-hosted DuckDB-WASM bundles as Vite asset URLs: no CDN, works from any sub-path
 * (`base: './'` turns these into `new URL(..., import.meta.url)`). Only the bundle that
 * `selectBundle` picks is fetched: `coi` (threads) when the page is cross-origin isolated (the
 * host sends COOP/COEP, docs/datasets.md "Security headers"), else `eh`, else `mvp`. Each wasm is
 * ≈35 MB in `dist/`; a page only ever downloads one of them.
 */
import type { DuckDBBundles } from '@duckdb/duckdb-wasm';
import mvpModule from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehModule from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import coiModule from '@duckdb/duckdb-wasm/dist/duckdb-coi.wasm?url';
import coiWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.worker.js?url';
import coiPthread from '@duckdb/duckdb-wasm/dist/duckdb-browser-coi.pthread.worker.js?url';

/** mvp for old engines, eh (wasm exceptions) for current browsers, coi (threads) when isolated. */
export const BUNDLES: DuckDBBundles = {
  mvp: { mainModule: mvpModule, mainWorker: mvpWorker },
  eh: { mainModule: ehModule, mainWorker: ehWorker },
  coi: { mainModule: coiModule, mainWorker: coiWorker, pthreadWorker: coiPthread },
};

/**
 * DuckDB's thread count for a bundle: the threaded build gets the machine's cores (it defaults
 * to one), the others run on one thread whatever they are told.
 */
export function threadsFor(pthreadWorker: string | null): number | undefined {
  if (!pthreadWorker) return undefined;
  return Math.max(1, Math.min(16, globalThis.navigator?.hardwareConcurrency ?? 1));
}
