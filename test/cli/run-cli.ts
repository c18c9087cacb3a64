/** Runs the CLI (`tsx src/cli/main.ts …`) as a user would, for the CLI tests. */
import { execFile } from 'node:child_process';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export const root = new URL('../..', import.meta.url).pathname;

export function crm(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'node_modules/.bin/tsx',
      ['src/cli/main.ts', ...args],
      { cwd: root, timeout: 240_000, maxBuffer: 16 << 20 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
