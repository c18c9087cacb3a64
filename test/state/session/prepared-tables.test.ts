/**
 * The funnel's per-deal summary is a table built from the loaded dataset on first use
 * (`CompiledQuery.prepare`). It must be built once per dataset, and never read after the dataset
 * changed: here two datasets whose funnels compile to the same SQL (same stages, so the same
 * summary table name) but whose stage histories differ.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFunnel } from '../../../src/crm/analyses/funnel/funnel.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { LazyEngine } from '../../../src/engine/types.ts';
import { PreparedTables } from '../../../src/query/run/prepared.ts';
import { defaultSpec, type SpecOf } from '../../../src/query/spec/spec.ts';
import { DataSource } from '../../../src/state/session/data-source.svelte.ts';
import { HISTORY, historyTable, loadTinyWithHistory } from '../../fixtures/tiny-history.ts';
import { rowsOf } from '../../query/helpers.ts';

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

const FUNNEL: SpecOf<'funnel'> = { ...defaultSpec(), analysis: 'funnel', options: {} };

describe('prepared tables', () => {
  it('a dataset change rebuilds the funnel summary before the next funnel', async () => {
    const data = new DataSource(
      { createEngine: () => engine, loadDemo: () => Promise.reject(new Error('no demo')) },
      () => 'en',
      () => undefined,
    );
    await data.load(loadTinyWithHistory);
    const funnel = () => compileFunnel(FUNNEL, data.catalog!);
    const reached = async () => rowsOf(await data.run(funnel())).map((r) => [r.reached, r.dropped]);
    const a = funnel();
    expect(a.prepare?.length).toBe(1);
    expect(await reached()).toEqual([
      [10, 1],
      [8, 1],
      [5, null],
    ]);

    // Dataset B: the same stages, so the same summary table, but other history.
    await data.load(async (e) => {
      const model = await loadTinyWithHistory(e);
      const rows = HISTORY.filter((r) => !(r.deal_id === 'd2' && r.stage === 'Proposal'));
      await e.insertArrow('stage_history', historyTable(rows));
      return { ...model, id: 'tiny-history-b' };
    });
    expect(funnel().prepare).toEqual(a.prepare);
    // d2 (lost) now stopped at Lead: Proposal reached by 7, two dropped at Lead, none at Proposal.
    expect(await reached()).toEqual([
      [10, 2],
      [7, 0],
      [5, null],
    ]);
  });

  it('builds each table once, however many queries read it; a failed build is retried', async () => {
    const built: string[] = [];
    let fail = true;
    const exec = async (sql: string) => {
      built.push(sql);
      if (fail) throw new Error('cancelled');
    };
    const p = new PreparedTables();
    const q = { prepare: [{ table: 't', sql: 'CREATE t' }] };
    await expect(p.ensure(q, exec)).rejects.toThrow('cancelled');
    fail = false;
    await Promise.all([p.ensure(q, exec), p.ensure(q, exec)]);
    await p.ensure({}, exec);
    expect(built).toEqual(['CREATE t', 'CREATE t']);
    p.clear();
    await p.ensure(q, exec);
    expect(built).toHaveLength(3);
  });
});
