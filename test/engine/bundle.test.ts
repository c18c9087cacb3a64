/**
 * The browser bundle must never include a native engine (a Node addon would break the build or,
 * worse, the page). Walks the static and dynamic imports reachable from the browser entry (and
 * workers started by URL) and checks none is a native engine module or package.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const NATIVE =
  /(^|\/)src\/engine\/(native|chdb)[^/]*$|^(@duckdb\/node-api|@duckdb\/node-bindings|chdb)(\/|$)/;

/** Specifiers a source file imports: `from '…'`, `import('…')`, `new URL('…', import.meta.url)`. */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  const re =
    /\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s+['"]([^'"]+)['"]|new\s+URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g;
  for (const m of text.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3] ?? m[4])!);
  return out;
}

/** Every module reachable from `entry`: project files by path, packages by name. */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.startsWith('/')) continue; // a package: recorded, not followed
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) {
        seen.add(spec);
        continue;
      }
      const path = resolve(dirname(file), spec);
      const found = [path, `${path}.ts`, `${path}/index.ts`].find(
        (p) => existsSync(p) && !p.endsWith('/'),
      );
      if (found && /\.(ts|svelte|js|mjs)$/.test(found)) stack.push(found);
    }
  }
  return seen;
}

describe('browser bundle', () => {
  it('the import walk sees a native engine when one is imported (the check can fail)', () => {
    expect(importsOf("import { x } from '../engine/native.ts';\nawait import('chdb');")).toEqual([
      '../engine/native.ts',
      'chdb',
    ]);
    expect(NATIVE.test(resolve(root, 'src/engine/native.ts').slice(root.length + 1))).toBe(true);
    expect(
      reachable(resolve(root, 'src/cli/engine.ts')).has(resolve(root, 'src/engine/native.ts')),
    ).toBe(true);
  });

  it('reaches no native engine module or package from src/main.ts', () => {
    const all = [...reachable(resolve(root, 'src/main.ts'))];
    expect(all.length).toBeGreaterThan(50);
    const rel = all.map((p) => (p.startsWith(root) ? p.slice(root.length + 1) : p));
    expect(rel.filter((p) => NATIVE.test(p))).toEqual([]);
    expect(rel).toContain('src/engine/browser.ts');
  });
});
