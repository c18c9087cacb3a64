import { createBrowserEngine } from '../../src/engine/browser.ts';
import { engineSuite } from './suite.ts';

engineSuite('browser (duckdb-wasm worker)', (opts) => createBrowserEngine(opts));
