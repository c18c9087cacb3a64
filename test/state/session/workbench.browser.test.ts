// The workbench end to end in a real browser: DuckDB-WASM worker, demo data, compile, pivot.
import { english } from '../../../src/lib/message.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { until } from '../until.ts';
import { flushSync } from 'svelte';
import { createWorkbench } from '../../../src/state/page/boot.ts';
import type { Workbench } from '../../../src/state/session/workbench.svelte.ts';
import { buildPivot } from '../../../src/charts/pivot/pivot.ts';
import { KEY_LABELS } from '../../charts/pivot/key-labels.ts';

describe('Workbench (browser engine)', () => {
  let wb: Workbench;
  afterAll(() => wb?.destroy());

  it('loads the demo and runs the default report', async () => {
    wb = createWorkbench();
    await wb.start();
    await until(() => wb.run.phase === 'ready' && wb.run.result !== null);
    const r = wb.run.result!;
    expect(r.spec.rows).toEqual([{ field: 'manager' }]);
    expect(r.query.hasTotals).toBe(true);
    const layout = buildPivot(r.query.columns, r.table, KEY_LABELS);
    expect(layout.rows.at(-1)?.kind).toBe('total');
    expect(layout.skipped).toBe(0);
  });

  it('drops a superseded result and shows compile errors without crashing', async () => {
    wb.report.addField('rows', 'source');
    flushSync();
    wb.report.removeField('rows', 1);
    flushSync();
    await until(() => wb.run.phase === 'ready');
    expect(wb.run.result?.spec.rows).toEqual([{ field: 'manager' }]);

    wb.report.update({ ...wb.report.spec, rows: [{ field: 'no_such_field' }] });
    flushSync();
    expect(wb.run.phase).toBe('error');
    expect(english(wb.run.error!)).toMatch(/no_such_field/);
    // The previous report's table is gone: the error stands alone.
    expect(wb.run.result).toBeNull();
    wb.report.undo();
    flushSync();
    await until(() => wb.run.phase === 'ready');
    expect(wb.run.error).toBeNull();
  });
});
