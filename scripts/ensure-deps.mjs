// Installs npm dependencies on a fresh clone, so `npm start` and `npm test` are each one command.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function ensureDeps(root) {
  if (existsSync(join(root, 'node_modules', '.bin', 'vite'))) return;
  console.log('First run: installing dependencies (npm ci)…');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('npm ci failed; see the messages above.');
    process.exit(1);
  }
}
