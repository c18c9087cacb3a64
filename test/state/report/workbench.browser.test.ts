// The workbench end to end in a real browser: DuckDB-WASM worker, demo data, compile, pivot.
import { english } from '../../../src/lib/message.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { createWorkbench } from '../../../src/state/page/boot.ts';
import type { Workbench } from '../../../src/state/report/workbench.svelte.ts';
import { buildPivot } from '../../../src/charts/pivot/pivot.ts';

const until = async (cond: () => boolean, ms = 60_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    flushSync();
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('Workbench (browser engine)', () => {
  let wb: Workbench;
  afterAll(() => wb?.destroy());

  it('loads the demo and runs the default report', async () => {
    wb = createWorkbench();
    await wb.start();
    await until(() => wb.phase === 'ready' && wb.result !== null);
    const r = wb.result!;
    expect(r.spec.rows).toEqual([{ field: 'manager' }]);
    expect(r.query.hasTotals).toBe(true);
    const layout = buildPivot(r.query.columns, r.table, {
      lang: 'en',
      empty: '(empty)',
      total: 'Total',
      all: 'All',
      subtotal: (g) => `Total ${g}`,
      dimension: (c) => c.key,
      value: (c) => c.key,
    });
    expect(layout.rows.at(-1)?.kind).toBe('total');
    expect(layout.skipped).toBe(0);
  });

  it('drops a superseded result and shows compile errors without crashing', async () => {
    wb.addField('rows', 'source');
    flushSync();
    wb.removeField('rows', 1);
    flushSync();
    await until(() => wb.phase === 'ready');
    expect(wb.result?.spec.rows).toEqual([{ field: 'manager' }]);

    wb.update({ ...wb.spec, rows: [{ field: 'no_such_field' }] });
    flushSync();
    expect(wb.phase).toBe('error');
    expect(english(wb.error!)).toMatch(/no_such_field/);
    wb.undo();
    flushSync();
    await until(() => wb.phase === 'ready');
    expect(wb.error).toBeNull();
  });
});
