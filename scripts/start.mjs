#!/usr/bin/env node
// `npm start`: install dependencies if needed, then serve the workbench on the demo dataset.
import { spawn } from 'node:child_process';
import { ensureDeps } from './ensure-deps.mjs';

const root = new URL('..', import.meta.url).pathname;
ensureDeps(root);
const port = process.env.PORT ?? '5173';
console.log(`Opening the workbench at http://127.0.0.1:${port}/ (demo dataset loads by itself)`);
const vite = spawn('node_modules/.bin/vite', ['--host', '127.0.0.1', '--port', port, '--open'], {
  cwd: root,
  stdio: 'inherit',
});
vite.on('exit', (code) => process.exit(code ?? 0));
