#!/usr/bin/env node
// End-to-end tests of the production build: `vite build`, then every *.e2e.mjs under test/e2e
// (its feature folders included) against dist/ served on 127.0.0.1 under a sub-path, in Debian's
// Chromium. Screenshots go to test-results/e2e/ for a person to look at. Flags: --no-build,
// --json FILE, --only NAME (the tests whose name contains NAME, and every test of a file whose
// name does: `--only tile-print`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, runTests, serve } from './harness.mjs';

const root = new URL('../..', import.meta.url).pathname;
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? '') : null;
};

if (!args.includes('--no-build')) {
  const b = spawnSync('node_modules/.bin/vite', ['build', '--base', './', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (b.status !== 0) {
    console.error('vite build failed');
    if (flag('--json'))
      writeFileSync(flag('--json'), JSON.stringify({ passed: 0, failed: 1, skipped: 0 }));
    process.exit(1);
  }
}

const shots = join(root, 'test-results', 'e2e');
mkdirSync(shots, { recursive: true });
const server = await serve(join(root, 'dist'));
const browser = await launch();
const only = flag('--only');
let total = { passed: 0, failed: 0, skipped: 0 };
try {
  const dir = join(root, 'test', 'e2e');
  // In file-name order, whatever folder a file is in: the order the suite has always run in.
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.e2e.mjs'))
    .sort((a, b) => (basename(a) < basename(b) ? -1 : 1));
  for (const f of files) {
    console.log(`\n${f}`);
    let tests;
    try {
      const mod = await import(pathToFileURL(join(dir, f)).href);
      tests = mod.tests({ browser, url: server.url, shots, root });
    } catch (e) {
      // A file that cannot load is a failed suite, never an absent one.
      console.log(`  ✗ ${f} failed to load: ${e instanceof Error ? e.stack : e}`);
      total.failed++;
      continue;
    }
    if (only && !basename(f).includes(only)) tests = tests.filter(([n]) => n.includes(only));
    const r = await runTests(tests);
    total.passed += r.passed;
    total.failed += r.failed;
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`\ne2e: ${total.passed} passed, ${total.failed} failed`);
if (flag('--json')) writeFileSync(flag('--json'), JSON.stringify(total));
process.exit(total.failed === 0 && total.passed > 0 ? 0 : 1);
