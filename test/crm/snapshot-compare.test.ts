/**
 * "Open deals by stage" and "Pipeline" compared with the same period last year, on the demo (it
 * has a stage history): the "previous" columns are the deals open at the end of the earlier period
 * (docs/metrics.md, "Snapshot measures"), checked against plain SQL written here, and the report
 * says so in a note: the header "Open, previous" alone read as a contradiction of "a snapshot of now".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/crm/catalog.ts';
import type { DatasetModel } from '../../src/crm/model.ts';
import { PRESETS, resolvePreset, type PresetId } from '../../src/crm/presets.ts';
import { compileReport } from '../../src/crm/report.ts';
import { loadDemo } from '../../src/demo/index.ts';
import { createNodeEngine } from '../../src/engine/node.ts';
import type { LazyEngine } from '../../src/engine/types.ts';
import { english, render } from '../../src/lib/message.ts';
import type { ReportSpec } from '../../src/query/spec/spec.ts';
import { runSql } from './presets-reference.ts';

let engine: LazyEngine;
let model: DatasetModel;
beforeAll(async () => {
  engine = await createNodeEngine();
  model = await loadDemo(engine, { deals: 3000 });
}, 60_000);
afterAll(async () => {
  await engine.close();
});

const PERIOD = { from: '2025-01-01', to: '2025-03-31' };

/** Open deals per stage at midnight `at`, each in the last stage it had entered before then. */
const openAt = (at: string) => `
  SELECT coalesce(h.stage, d.stage) AS stage, count(*)::INTEGER AS open,
         coalesce(sum(d.amount), 0)::DOUBLE AS pipeline
  FROM deals d
  LEFT JOIN (SELECT deal_id, arg_max(stage, entered_at) AS stage FROM stage_history
             WHERE entered_at < DATE '${at}' GROUP BY deal_id) h ON h.deal_id = d.id
  WHERE (d.created_at IS NULL OR d.created_at < DATE '${at}')
    AND (d.closed_at IS NULL OR d.closed_at >= DATE '${at}')
  GROUP BY 1`;

async function byStage(sql: string) {
  const t = await engine.query(sql);
  return new Map(
    t.toArray().map((r) => {
      const o = r.toJSON() as { stage: string; open: number; pipeline: number };
      return [o.stage, { open: Number(o.open), pipeline: Number(o.pipeline) }];
    }),
  );
}

function compared(id: PresetId): ReportSpec {
  const catalog = buildCatalog(model);
  const { spec } = resolvePreset(id, { catalog, model, period: PERIOD });
  // By stage only: the pipeline preset's manager and close-month split add nothing to the check.
  return { ...spec, rows: [{ field: 'stage' }], columns: [], compare: 'year', totals: false };
}

describe('snapshot measures compared with the same period last year (demo)', () => {
  it.each(['by-stage', 'pipeline'] as PresetId[])(
    '%s: now = open on 1 April 2025, previous = open on 1 April 2024, as plain SQL counts them',
    async (id) => {
      const spec = compared(id);
      const compiled = compileReport(spec, buildCatalog(model));
      const got = await runSql(engine, compiled);
      const now = await byStage(openAt('2025-04-01'));
      const before = await byStage(openAt('2024-04-01'));
      expect(got.length).toBeGreaterThan(2);
      for (const r of got) {
        const stage = r.stage as string;
        expect(r.open ?? 0, `${stage} open`).toBe(now.get(stage)?.open ?? 0);
        expect(r.open_previous ?? 0, `${stage} open_previous`).toBe(before.get(stage)?.open ?? 0);
        expect(r.pipeline ?? 0).toBeCloseTo(now.get(stage)?.pipeline ?? 0, 2);
      }
      // The two moments differ on the demo, so "previous" is not "now" again.
      expect(got.some((r) => r.open !== r.open_previous)).toBe(true);
      const notes = compiled.notes.map((n) => english(n));
      expect(
        notes.some((n) => /as of the end of the earlier period/.test(n)),
        notes.join(),
      ).toBe(true);
      const ru = compiled.notes.map((n) => render('ru', n)).join(' ');
      expect(ru).toMatch(/на конец прошлого периода/);
      expect(notes.join()).not.toMatch(/snapshot of now/);
    },
  );

  it('with a period and no comparison the note says "as of the end of the period"', () => {
    const spec = { ...compared('by-stage'), compare: null };
    const notes = compileReport(spec, buildCatalog(model)).notes.map((n) => render('en', n));
    expect(notes).toContain('Open, Pipeline: open deals as of the end of the period');
  });

  it('the presets of open deals say the period matters with a stage history (EN and RU)', () => {
    for (const id of ['by-stage', 'pipeline']) {
      const help = PRESETS.find((p) => p.id === id)!.help;
      expect(help.en, id).toMatch(/with a stage history, as of the end of the chosen period/);
      expect(help.ru, id).toMatch(/при наличии истории этапов, на конец выбранного периода/);
      expect(help.en, id).not.toMatch(/period does not change/);
    }
  });
});
