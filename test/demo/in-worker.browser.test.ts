/**
 * The browser generates the demo in a worker and moves its tables into DuckDB as IPC bytes: the
 * tables and the model must be exactly those of `generateDemo` on the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TABLES, generateDemo } from '../../src/demo/index.ts';
import { generateInWorker, loadDemoInWorker } from '../../src/demo/in-worker.ts';
import { createBrowserEngine } from '../../src/engine/browser.ts';
import type { LazyEngine } from '../../src/engine/types.ts';

let engine: LazyEngine;
beforeAll(async () => {
  engine = createBrowserEngine();
  await engine.start();
});
afterAll(async () => {
  await engine.close();
});

const OPTS = { deals: 800, lang: 'ru' as const, seed: 7 };

describe('demo generated in a worker', () => {
  it('loads the same tables and model as generateDemo on the page', async () => {
    const model = await loadDemoInWorker(engine, OPTS);
    const here = generateDemo(OPTS);
    expect(model).toEqual(here.model);
    for (const name of DEMO_TABLES) {
      await engine.insertArrow(`page_${name}`, here.tables[name]);
      const diff = async (a: string, b: string) =>
        Number(
          (
            await engine.query(
              `SELECT count(*)::DOUBLE AS n FROM (SELECT * FROM "${a}" EXCEPT ALL SELECT * FROM "${b}")`,
            )
          )
            .getChild('n')
            ?.get(0),
        );
      const n = Number(
        (await engine.query(`SELECT count(*)::DOUBLE AS n FROM "${name}"`)).getChild('n')?.get(0),
      );
      expect(n, name).toBe(here.tables[name].numRows);
      expect(await diff(name, `page_${name}`), name).toBe(0);
      expect(await diff(`page_${name}`, name), name).toBe(0);
    }
  });

  it('reports a generator error instead of hanging', async () => {
    await expect(generateInWorker({ deals: -1 })).rejects.toThrow(/demo: deals must be/);
  });
});
