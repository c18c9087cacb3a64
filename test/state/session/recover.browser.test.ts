// When the DuckDB worker dies, the workbench notices, says so, starts a new database with the
// dataset loaded again and shows the same report; a report that kills the database each time it
// runs is not run again by itself (no crash loop), while the data still comes back.
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../until.ts';
import { flushSync } from 'svelte';
import { createBrowserEngine } from '../../../src/engine/browser.ts';
import type { Engine } from '../../../src/engine/types.ts';
import { loadDemo } from '../../../src/demo/index.ts';
import { english } from '../../../src/lib/message.ts';
import { Workbench } from '../../../src/state/session/workbench.svelte.ts';

/** The result as plain rows, to compare before and after a crash. */
const rowsOf = (wb: Workbench) =>
  JSON.stringify(wb.run.result!.table.toArray().map((r: { toJSON(): unknown }) => r.toJSON()));

describe('recovering from a crashed database', () => {
  let poison: string | null = null;
  let starts = 0;
  const wb = new Workbench({
    createEngine: (onStatus, onCrash) => {
      const engine = createBrowserEngine({
        onStatus: (s) => {
          if (s === 'ready') starts++;
          onStatus(s);
        },
        onCrash,
      });
      // A report whose query takes the database down with it, as an out-of-memory abort would.
      const query: Engine['query'] = async (sql) => {
        const p = engine.query(sql);
        if (sql === poison) await engine.simulateCrash();
        return p;
      };
      return { ...engine, query };
    },
    loadDemo: (engine, { lang }) => loadDemo(engine, { lang, deals: 3000 }),
    storage: null,
    languages: ['en'],
    lang: 'en',
    debounceMs: 0,
  });
  afterAll(() => wb.destroy());

  it('a crash while idle: notice, new database, the dataset loaded again, the same numbers', async () => {
    await wb.start();
    await until(() => wb.run.phase === 'ready' && wb.run.result !== null);
    const before = rowsOf(wb);
    const shown = wb.run.result;
    expect(starts).toBe(1);
    await wb.data.simulateCrash();
    flushSync();
    expect(english(wb.data.notice!)).toMatch(
      /^The database stopped \(its worker was terminated\); restarting/,
    );
    await until(() => wb.run.phase === 'ready' && wb.run.result !== shown);
    expect(starts).toBe(2);
    expect(english(wb.data.notice!)).toBe(
      'The database stopped (its worker was terminated) and was restarted; the data was loaded again.',
    );
    expect(rowsOf(wb)).toBe(before);
  });

  it('a report that crashes the database every time: data back, the report waits with a message', async () => {
    wb.report.addField('rows', 'source');
    flushSync();
    poison = wb.run.compiled.query!.sql;
    await until(() => wb.run.phase === 'error' && starts === 4);
    expect(english(wb.run.error!)).toMatch(
      /^The database stopped again \(its worker was terminated\) while running this report/,
    );
    expect(wb.data.model).not.toBeNull();
    // Once the report no longer kills it, "Retry" runs it.
    poison = null;
    wb.run.rerun();
    await until(() => wb.run.phase === 'ready');
    expect(wb.run.result!.spec.rows).toEqual([{ field: 'manager' }, { field: 'source' }]);
  });
});
