/** The generator in a real browser: same bytes as in Node for the same seed, and a timing. */
import { tableToIPC } from 'apache-arrow';
import { expect, it } from 'vitest';
import { DEMO_TABLES, generateDemo } from '../../src/demo/index.ts';

/** FNV-1a over every table's IPC bytes: a fingerprint to compare across runtimes. */
function fingerprint(tables: ReturnType<typeof generateDemo>['tables']): string {
  let h = 0x811c9dc5;
  for (const name of DEMO_TABLES) {
    for (const b of tableToIPC(tables[name])) h = Math.imul(h ^ b, 0x01000193);
  }
  return (h >>> 0).toString(16);
}

it('generates the demo in the browser, deterministically', () => {
  const a = generateDemo({ seed: 11, deals: 3000, lang: 'ru' });
  const b = generateDemo({ seed: 11, deals: 3000, lang: 'ru' });
  expect(fingerprint(a.tables)).toBe(fingerprint(b.tables));
  expect(a.tables.deals.numRows).toBe(3000);
  expect(a.model.name).toBe('Демо CRM');

  const t0 = performance.now();
  const big = generateDemo({ deals: 100_000 });
  console.log(`demo: 100,000 deals in ${(performance.now() - t0).toFixed(0)} ms (browser)`);
  expect(big.tables.activities.numRows).toBeGreaterThan(450_000);
});
