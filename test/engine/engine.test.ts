import { createNodeEngine } from '../../src/engine/node.ts';
import { engineSuite } from './suite.ts';

engineSuite('node (blocking duckdb-wasm)', (opts) => createNodeEngine(opts));
