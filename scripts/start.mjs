#!/usr/bin/env node
// `npm start`: install dependencies if needed, then serve the workbench on the demo dataset.
import { spawn } from 'node:child_process';
import { ensureDeps } from './ensure-deps.mjs';

const root = new URL('..', import.meta.url).pathname;
ensureDeps(root);
const port = process.env.PORT ?? '5173';
// `npm start -- --isolated` (or CRM_ISOLATED=1): COOP/COEP headers, so DuckDB runs with threads.
const isolated = process.argv.includes('--isolated') || process.env.CRM_ISOLATED === '1';
console.log(
  `Opening the workbench at http://127.0.0.1:${port}/ (demo dataset loads by itself${isolated ? '; cross-origin isolated: DuckDB uses threads' : ''})`,
);
const vite = spawn('node_modules/.bin/vite', ['--host', '127.0.0.1', '--port', port, '--open'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...(isolated ? { CRM_ISOLATED: '1' } : {}) },
});
vite.on('exit', (code) => process.exit(code ?? 0));
