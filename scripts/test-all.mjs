#!/usr/bin/env node
// Runs every suite — unit + integration (Node, real DuckDB-WASM), browser (vitest in Chromium),
// end-to-end (the built site in Chromium) — and ends with one totals line: `N passed, N failed`.
// Browser suites need Debian's Chromium; when it is missing we install it if we can (root + apt),
// otherwise we fail with the exact command. Nothing is ever skipped silently.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureChdb } from './chdb.mjs';
import { ensureDeps } from './ensure-deps.mjs';
import { vitestCounts } from './vitest-counts.mjs';

const root = new URL('..', import.meta.url).pathname;
ensureDeps(root);
const out = join(root, 'test-results');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
for (const f of ['node.json', 'browser.json', 'e2e.json']) rmSync(join(out, f), { force: true });
mkdirSync(out, { recursive: true });

function run(cmd, args, opts = {}) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  return (
    spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env, ...opts }).status ?? 1
  );
}

function ensureChromium() {
  if (existsSync(chromium)) return true;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log(`Chromium not found at ${chromium}: installing Debian's chromium (≈2 min)…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', 'chromium'], { env });
  }
  if (existsSync(chromium)) return true;
  console.error(
    `\nChromium is required for the browser tests and was not found at ${chromium}.\n` +
      `Install it with:  sudo apt-get update && sudo apt-get install -y chromium\n` +
      `(or set CHROMIUM_PATH to a Chromium binary). Browser suites are counted as failed.`,
  );
  return false;
}

/**
 * The print test reads its PDFs with poppler's pdftotext/pdfinfo: installed like Chromium when
 * missing (root + apt); otherwise the print test fails and says how to install them.
 */
function ensurePoppler() {
  const has = () => spawnSync('pdftotext', ['-v']).error === undefined;
  if (has()) return;
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('pdftotext not found: installing poppler-utils for the print test…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', 'poppler-utils'], { env });
  }
  if (!has())
    console.error(
      '\npdftotext is required by the print test (test/e2e/print/print.e2e.mjs).\n' +
        'Install it with:  sudo apt-get update && sudo apt-get install -y poppler-utils\n',
    );
}

const suites = [];
function vitest(project) {
  const file = join(out, `${project}.json`);
  const status = run('node_modules/.bin/vitest', [
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${file}`,
  ]);
  suites.push({ name: project, ...vitestCounts(file, status) });
}

// The conformance suite runs on chdb too. A failed install is a failure, not a quiet skip.
if (!ensureChdb(root)) suites.push({ name: 'chdb install', passed: 0, failed: 1, skipped: 0 });
vitest('node');
if (ensureChromium()) {
  vitest('browser');
  ensurePoppler();
  const file = join(out, 'e2e.json');
  const status = run('node', ['test/e2e/run.mjs', '--json', file]);
  let r = { passed: 0, failed: 1, skipped: 0 };
  try {
    r = JSON.parse(readFileSync(file, 'utf8'));
    if (status !== 0 && r.failed === 0) r.failed = 1;
  } catch {
    /* the runner crashed: counted as one failure */
  }
  suites.push({ name: 'e2e', ...r });
} else {
  suites.push({ name: 'browser', passed: 0, failed: 1, skipped: 0 });
  suites.push({ name: 'e2e', passed: 0, failed: 1, skipped: 0 });
}

let passed = 0;
let failed = 0;
console.log('\nSuites:');
for (const s of suites) {
  console.log(
    `  ${s.name.padEnd(8)} ${s.passed} passed, ${s.failed} failed${s.skipped ? `, ${s.skipped} skipped` : ''}`,
  );
  passed += s.passed;
  failed += s.failed;
}
// A run that executed nothing must not look green.
if (passed + failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
