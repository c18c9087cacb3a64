/**
 * The self-hosted DuckDB-WASM bundles as Vite asset URLs: no CDN, works from any sub-path
 * (`base: './'` turns these into `new URL(..., import.meta.url)`). Only the bundle that
 * `selectBundle` picks is fetched.
 *
 * The coi (threads) bundle is left out on purpose: it needs COOP/COEP headers, initialised slower
 * on our machines, and would add another ≈35 MB to `dist/`.
 */
import type { DuckDBBundles } from '@duckdb/duckdb-wasm';
import mvpModule from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import ehModule from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';

/** mvp for old engines, eh (wasm exceptions) for current Chromium/Firefox/Safari. */
export const BUNDLES: DuckDBBundles = {
  mvp: { mainModule: mvpModule, mainWorker: mvpWorker },
  eh: { mainModule: ehModule, mainWorker: ehWorker },
};
