#!/usr/bin/env node
// chdb (embedded ClickHouse) is ~550 MB, so it is not a dependency `npm start` installs: it lives
// in .engines/chdb, installed on demand — by `npm run install:chdb` or by `npm test`, the way the
// test command installs Chromium. src/engine/chdb.ts loads it from there.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The pinned chdb release (ClickHouse 26.7 in @chdb/lib-linux-x64-gnu). */
export const CHDB_VERSION = '3.4.0';
export const INSTALL_COMMAND = 'npm run install:chdb';

export function chdbDir(root) {
  return join(root, '.engines', 'chdb');
}

export function chdbInstalled(root) {
  return existsSync(join(chdbDir(root), 'node_modules', 'chdb', 'package.json'));
}

/** Installs chdb into .engines/chdb if it is missing; returns whether it is there afterwards. */
export function ensureChdb(root) {
  if (chdbInstalled(root)) return true;
  const dir = chdbDir(root);
  console.log(`chdb not found in ${dir}: installing chdb@${CHDB_VERSION} (≈550 MB)…`);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'package.json'))) {
    writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
  }
  const r = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--save-exact', `chdb@${CHDB_VERSION}`],
    { cwd: dir, stdio: 'inherit' },
  );
  if (r.status !== 0 || !chdbInstalled(root)) {
    console.error(`Installing chdb failed; retry with:  ${INSTALL_COMMAND}`);
    return false;
  }
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = new URL('..', import.meta.url).pathname;
  process.exit(ensureChdb(root) ? 0 : 1);
}
