// The mapping screen's stage edits: `stageOrder` and `stageProbabilities` reach the stages table
// and the weighted pipeline, checked against a hand computation over the file.
import { english } from '../../src/lib/message.ts';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/crm/catalog.ts';
import { importFiles, ImportError, type ImportOptions } from '../../src/ingest/index.ts';
import { compile } from '../../src/query/compile.ts';
import { defaultSpec } from '../../src/query/spec/spec.ts';
import { sharedEngine } from '../fixtures/engine.ts';

const DEALS: [number, number, string][] = [
  [1, 100, 'Qualify'],
  [2, 200, 'Qualify'],
  [3, 50, 'Qualify'],
  [4, 1000, 'Proposal'],
  [5, 500, 'Proposal'],
  [6, 3000, 'Negotiation'],
  [7, 700, 'Closed won'],
  [8, 900, 'Closed lost'],
];
const csv =
  'Deal ID,Amount,Stage,Created\n' +
  DEALS.map(([id, amount, stage]) => `${id},${amount},${stage},2024-01-0${id}`).join('\n');
const files = [{ name: 'deals.csv', bytes: new TextEncoder().encode(csv) }];

const db = sharedEngine();

async function load(options: ImportOptions) {
  const { model, report } = await importFiles(db.engine, files, options);
  const stages = (
    await db.engine.query(
      'SELECT stage, position, probability, outcome FROM stages ORDER BY position',
    )
  )
    .toArray()
    .map((r) => r.toJSON() as { stage: string; position: number; probability: number });
  const spec = { ...defaultSpec(), measures: ['pipeline', 'weighted_pipeline'], totals: false };
  const [row] = (await db.engine.query(compile(spec, buildCatalog(model)).sql))
    .toArray()
    .map((r) => r.toJSON() as { pipeline: number; weighted_pipeline: number });
  return { stages, row: row!, report, model };
}

/** Open amount × probability of its stage, summed. */
const weighted = (p: Record<string, number>) =>
  DEALS.reduce((s, [, amount, stage]) => s + amount * (p[stage] ?? 0), 0);

describe('stage order and probabilities from the mapping screen', () => {
  it('detected: open stages by deal count, probability growing linearly', async () => {
    const { stages, row, report } = await load({});
    expect(stages.map((s) => s.stage)).toEqual([
      'Qualify',
      'Proposal',
      'Negotiation',
      'Closed won',
      'Closed lost',
    ]);
    expect(row.pipeline).toBe(4850);
    expect(row.weighted_pipeline).toBeCloseTo(
      weighted({ Qualify: 0.25, Proposal: 0.5, Negotiation: 0.75 }),
      6,
    );
    expect(report.warnings.map(english).join('\n')).toMatch(/Stage order guessed/);
  });

  it('uses the given order and probabilities (won 1, lost 0 stay fixed)', async () => {
    const { stages, row, model, report } = await load({
      stageOrder: ['Negotiation', 'Qualify', 'Proposal', 'Closed won', 'Closed lost'],
      stageProbabilities: { Negotiation: 0.9, Qualify: 0.1, 'Closed won': 0.5, 'Closed lost': 1 },
    });
    expect(stages).toEqual([
      { stage: 'Negotiation', position: 1, probability: 0.9, outcome: 'open' },
      { stage: 'Qualify', position: 2, probability: 0.1, outcome: 'open' },
      // not given: the linear guess for the 3rd of 3 open stages
      { stage: 'Proposal', position: 3, probability: 0.75, outcome: 'open' },
      { stage: 'Closed won', position: 4, probability: 1, outcome: 'won' },
      { stage: 'Closed lost', position: 5, probability: 0, outcome: 'lost' },
    ]);
    expect(model.stages.map((s) => s.stage)).toEqual(stages.map((s) => s.stage));
    expect(row.pipeline).toBe(4850);
    // 3000 × 0.9 + 350 × 0.1 + 1500 × 0.75 = 3860
    expect(row.weighted_pipeline).toBeCloseTo(3860, 6);
    expect(row.weighted_pipeline).toBeCloseTo(
      weighted({ Negotiation: 0.9, Qualify: 0.1, Proposal: 0.75 }),
      6,
    );
    expect(report.warnings.map(english).join('\n')).not.toMatch(/Stage order guessed/);
  });

  it('rejects a probability that is not a fraction 0..1, naming the stage', async () => {
    for (const bad of [NaN, Infinity, -0.1, 40, '0.4' as unknown as number]) {
      const err = await importFiles(db.engine, files, {
        stageProbabilities: { Qualify: bad },
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as Error).message).toMatch(/"Qualify" must be a number from 0 to 1/);
    }
  });
});
