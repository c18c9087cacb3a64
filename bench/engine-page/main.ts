/**
 * The benchmark's yardstick for a cold start (bench/startup.ts): the same DuckDB-WASM engine the
 * app uses, started on an empty page and asked one plain query. Built on its own
 * (`vite.config.ts` here), never shipped.
 */
import { createBrowserEngine } from '../../src/engine/browser.ts';

const engine = createBrowserEngine();
const t = await engine.query('SELECT 42 AS answer');
(globalThis as { __engineReady?: number }).__engineReady = t.numRows === 1 ? performance.now() : -1;
