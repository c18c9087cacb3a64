/**
 * The funnel compared with an earlier period: hand-computed on the tiny CRM with its stage
 * history (a split member only one period has, a NULL member), and on the demo against the same
 * question asked of DuckDB in plain SQL over deals and stage_history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileFunnel } from '../../../src/crm/analyses/funnel/funnel.ts';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import type { DatasetModel } from '../../../src/crm/model.ts';
import { loadDemo } from '../../../src/demo/index.ts';
import { createNodeEngine } from '../../../src/engine/node.ts';
import type { LazyEngine } from '../../../src/engine/types.ts';
import type { Catalog } from '../../../src/query/catalog.ts';
import { CompileError } from '../../../src/query/resolve.ts';
import type { SpecOf } from '../../../src/query/spec/spec.ts';
import { rowsOf } from '../../query/helpers.ts';
import { tierMarks } from '../../../src/charts/pivot/flat-marks.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import { loadTinyWithHistory } from '../../fixtures/tiny-history.ts';
import { exec, expectRows, spec, type Row } from './helpers.ts';

let engine: LazyEngine;
beforeAll(async () => {
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
});

const Q1_2024 = { from: '2024-01-01', to: '2024-03-31' };
const pick = (rows: Row[], keys: string[]) =>
  rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));

describe('tiny CRM with stage history', () => {
  let model: DatasetModel;
  const run = (s: Partial<SpecOf<'funnel'>>) =>
    exec(engine, compileFunnel(spec({ analysis: 'funnel', ...s }), buildCatalog(model)));
  beforeAll(async () => {
    model = await loadTinyWithHistory(engine);
  });

  it('Q1 2024 against Q1 2023: both periods per step, the deltas and the growth', async () => {
    // Q1 2024 (created): d6 won, d7 lost at Lead, d8 won (no history), d9 open at Proposal.
    //   Lead 4; Proposal d6 d8 d9 = 3; Won d6 d8 = 2. Dropped: Lead d7.
    // Q1 2023: d1 won, d2 lost at Proposal, d3 won (skipped Proposal: reached it).
    //   Lead 3; Proposal 3; Won d1 d3 = 2. Dropped: Proposal d2.
    const rows = await run({ period: Q1_2024, compare: 'year' });
    expectRows(
      pick(rows, [
        'stage',
        'reached',
        'reached_previous',
        'reached_delta',
        'reached_growth',
        'step_conversion',
        'step_conversion_previous',
        'step_conversion_delta',
        'cumulative_conversion',
        'cumulative_conversion_previous',
        'cumulative_conversion_delta',
        'dropped',
        'dropped_previous',
      ]),
      [
        {
          stage: 'Lead',
          reached: 4,
          reached_previous: 3,
          reached_delta: 1,
          reached_growth: 1 / 3,
          step_conversion: null,
          step_conversion_previous: null,
          step_conversion_delta: null,
          cumulative_conversion: 1,
          cumulative_conversion_previous: 1,
          cumulative_conversion_delta: 0,
          dropped: 1,
          dropped_previous: 0,
        },
        {
          stage: 'Proposal',
          reached: 3,
          reached_previous: 3,
          reached_delta: 0,
          reached_growth: 0,
          step_conversion: 0.75,
          step_conversion_previous: 1,
          step_conversion_delta: -0.25,
          cumulative_conversion: 0.75,
          cumulative_conversion_previous: 1,
          cumulative_conversion_delta: -0.25,
          dropped: 0,
          dropped_previous: 1,
        },
        {
          stage: 'Won',
          reached: 2,
          reached_previous: 2,
          reached_delta: 0,
          reached_growth: 0,
          step_conversion: 2 / 3,
          step_conversion_previous: 2 / 3,
          step_conversion_delta: 0,
          cumulative_conversion: 0.5,
          cumulative_conversion_previous: 2 / 3,
          cumulative_conversion_delta: 0.5 - 2 / 3,
          dropped: null,
          dropped_previous: null,
        },
      ],
    );
    // The current period's own columns are the funnel without a comparison, unchanged.
    const plain = await run({ period: Q1_2024 });
    const own = Object.keys(plain[0]!);
    expect(pick(rows, own)).toEqual(plain);
  });

  it('split: members of one period only keep their rows, NULL matches NULL', async () => {
    // Q4 2023 (previous of Q1 2024): d10 only (no source, won: reached every step).
    // Q1 2024: Web d6 d8 (won); Referral d7 (lost at Lead), d9 (open at Proposal).
    const rows = await run({ period: Q1_2024, compare: 'previous', rows: [{ field: 'source' }] });
    expect(
      pick(rows, ['source', 'stage', 'reached', 'reached_previous', 'reached_growth']),
    ).toEqual([
      { source: 'Referral', stage: 'Lead', reached: 2, reached_previous: 0, reached_growth: null },
      {
        source: 'Referral',
        stage: 'Proposal',
        reached: 1,
        reached_previous: 0,
        reached_growth: null,
      },
      { source: 'Referral', stage: 'Won', reached: 0, reached_previous: 0, reached_growth: null },
      { source: 'Web', stage: 'Lead', reached: 2, reached_previous: 0, reached_growth: null },
      { source: 'Web', stage: 'Proposal', reached: 2, reached_previous: 0, reached_growth: null },
      { source: 'Web', stage: 'Won', reached: 2, reached_previous: 0, reached_growth: null },
      { source: null, stage: 'Lead', reached: 0, reached_previous: 1, reached_growth: -1 },
      { source: null, stage: 'Proposal', reached: 0, reached_previous: 1, reached_growth: -1 },
      { source: null, stage: 'Won', reached: 0, reached_previous: 1, reached_growth: -1 },
    ]);
    // Whether deals reached the step then: the growth of a step none reached before reads
    // "new" / «новый» as the pivot's and LTV's (it read "–"); a count is never "from 0".
    expect(rows.map((r) => r.reached_earlier)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1]);
    const c = compileFunnel(
      spec({
        analysis: 'funnel',
        period: Q1_2024,
        compare: 'previous',
        rows: [{ field: 'source' }],
      }),
      buildCatalog(model),
    );
    expect(tierMarks(c.columns, resultFromRows(rows)).get('reached_growth')).toEqual([
      'new',
      'new',
      null,
      'new',
      'new',
      'new',
      null,
      null,
      null,
    ]);
  });

  it('a comparison needs a period, as the pivot says', () => {
    expect(() =>
      compileFunnel(spec({ analysis: 'funnel', compare: 'year' }), buildCatalog(model)),
    ).toThrow(CompileError);
  });

  it('columns: the pivot-style keys, roles and formats; the summary table built once', () => {
    const c = compileFunnel(
      spec({ analysis: 'funnel', period: Q1_2024, compare: 'year' }),
      buildCatalog(model),
    );
    expect(c.columns.map((x) => [x.key, x.role, x.format])).toEqual([
      ['stage', 'dimension', 'text'],
      ['position', 'dimension', 'int'],
      ['reached', 'measure', 'int'],
      ['reached_previous', 'previous', 'int'],
      ['reached_delta', 'delta', 'int'],
      ['reached_growth', 'growth', 'pct'],
      ['step_conversion', 'measure', 'pct'],
      ['step_conversion_previous', 'previous', 'pct'],
      ['step_conversion_delta', 'delta', 'pp'],
      ['cumulative_conversion', 'measure', 'pct'],
      ['cumulative_conversion_previous', 'previous', 'pct'],
      ['cumulative_conversion_delta', 'delta', 'pp'],
      ['dropped', 'measure', 'int'],
      ['dropped_previous', 'previous', 'int'],
      ['lost_reasons', 'measure', 'text'],
      ['median_days_in_stage', 'measure', 'days'],
      // Hidden: what tells "new" from a number (docs/metrics.md), as LTV's.
      ['reached_earlier', 'earlier', 'int'],
    ]);
    expect(c.prepare).toHaveLength(1);
  });

  it('a filter value is escaped in both periods', async () => {
    const c = compileFunnel(
      spec({
        analysis: 'funnel',
        period: Q1_2024,
        compare: 'year',
        filters: [{ field: 'manager', op: 'in', values: [`O'Brien "Bob"`] }],
      }),
      buildCatalog(model),
    );
    expect(c.sql.split(`'O''Brien "Bob"'`)).toHaveLength(3);
    // Bob: Q1 2024 d7 d8; Q1 2023 d3.
    expect(pick(await exec(engine, c), ['reached', 'reached_previous'])).toEqual([
      { reached: 2, reached_previous: 1 },
      { reached: 1, reached_previous: 1 },
      { reached: 1, reached_previous: 1 },
    ]);
  });
});

describe('demo: against plain SQL over deals and stage_history', () => {
  let catalog: Catalog;
  beforeAll(async () => {
    catalog = buildCatalog(await loadDemo(engine, { deals: 3000 }));
  });

  /**
   * Deals created in [from, until) of the first pipeline reaching each step: the furthest step of
   * the deal's history or its current stage, every step for a won deal (docs/metrics.md).
   */
  async function reachedByHand(
    steps: string[],
    pipeline: string,
    from: string,
    until: string,
  ): Promise<number[]> {
    const list = steps.map((s) => `'${s.replaceAll("'", "''")}'`).join(', ');
    const sql = `
      WITH f AS (
        SELECT rowid AS k, id, status, stage FROM deals
        WHERE lower(trim(pipeline)) = lower(trim('${pipeline.replaceAll("'", "''")}'))
          AND created_at >= DATE '${from}' AND created_at < DATE '${until}'),
      h AS (
        SELECT f.k, max(list_position([${list}], stage_history.stage)) AS p
        FROM f JOIN stage_history ON stage_history.deal_id = f.id GROUP BY f.k),
      pos AS (
        SELECT coalesce(greatest(
          CASE WHEN f.status = 'won' THEN ${steps.length}
               ELSE list_position([${list}], f.stage) END, h.p), 1) AS p
        FROM f LEFT JOIN h ON h.k = f.k)
      SELECT s.i AS position, count(pos.p) FILTER (WHERE pos.p >= s.i)::INTEGER AS n
      FROM range(1, ${steps.length + 1}) s(i) CROSS JOIN pos GROUP BY s.i ORDER BY s.i`;
    return rowsOf(await engine.query(sql)).map((r) => Number(r['n']));
  }

  for (const compare of ['year', 'previous'] as const) {
    it(`Q3 2025 against ${compare === 'year' ? 'Q3 2024' : 'Q2 2025'}: reached and conversions`, async () => {
      const s = spec({
        analysis: 'funnel',
        period: { from: '2025-07-01', to: '2025-09-30' },
        compare,
      });
      const rows = await exec(engine, compileFunnel(s, catalog));
      const pipeline = catalog.pipelines[0]!;
      const stages = rows.map((r) => String(r['stage']));
      const now = await reachedByHand(stages, pipeline.name, '2025-07-01', '2025-10-01');
      const before = await reachedByHand(
        stages,
        pipeline.name,
        compare === 'year' ? '2024-07-01' : '2025-04-01',
        compare === 'year' ? '2024-10-01' : '2025-07-01',
      );
      expect(now[0]).toBeGreaterThan(0);
      expect(before[0]).toBeGreaterThan(0);
      expect(rows.map((r) => r['reached'])).toEqual(now);
      expect(rows.map((r) => r['reached_previous'])).toEqual(before);
      const conv = (ns: number[], i: number) => (i === 0 ? null : ns[i]! / ns[i - 1]!);
      expectRows(
        pick(rows, ['reached_delta', 'step_conversion_previous', 'step_conversion_delta']),
        now.map((n, i) => ({
          reached_delta: n - before[i]!,
          step_conversion_previous: conv(before, i),
          step_conversion_delta: i === 0 ? null : conv(now, i)! - conv(before, i)!,
        })),
      );
    });
  }
});
