/**
 * What a whole spec needs that the data lacks (src/crm/spec-needs.ts): a link or saved report
 * made on the demo, read against a lead export's catalog (no amounts, stages, lost reasons or
 * activities), the tiny CRM's (everything there) and by hand; and the same spec without what
 * the data lacks ("Open without: …"), offered only when the rest can run.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/crm/catalog.ts';
import { notInData, specLacks, specWithout } from '../../src/crm/spec-needs.ts';
import { compileReport } from '../../src/crm/report.ts';
import { PRESET_IDS, presetLacks, resolvePreset } from '../../src/crm/presets.ts';
import { english, render } from '../../src/lib/message.ts';
import { defaultSpec, type ReportSpec } from '../../src/query/spec/spec.ts';
import { TINY_MODEL } from '../fixtures/tiny-crm.ts';
import type { DatasetModel } from '../../src/crm/model.ts';

const tiny = buildCatalog(TINY_MODEL);
// A lead export: deals with a source, a manager and clients, but no amount, stage, lost reason,
// stage history or activities.
const LEADS: DatasetModel = {
  ...TINY_MODEL,
  tables: TINY_MODEL.tables
    .filter((t) => t.name === 'deals' || t.name === 'clients')
    .map((t) =>
      t.name === 'deals'
        ? {
            ...t,
            columns: t.columns.filter(
              (c) => !['amount', 'stage', 'lost_reason', 'pipeline'].includes(c.name),
            ),
          }
        : t,
    ),
  stages: [],
};
const leads = buildCatalog(LEADS);
const spec = (s: Partial<ReportSpec>) => ({ ...defaultSpec(), ...s }) as ReportSpec;

describe('specLacks', () => {
  it('every preset made on the full data is answerable there', () => {
    for (const id of PRESET_IDS) {
      const { spec: s } = resolvePreset(id, { catalog: tiny, model: TINY_MODEL, period: null });
      expect(specLacks(s, tiny), id).toEqual([]);
    }
  });

  it('a preset, a measure, a field, a filter and the funnel, each by what it needs', () => {
    expect(specLacks(spec({ preset: 'lost-reasons' }), leads)).toEqual(
      expect.arrayContaining(['lost_reason']),
    );
    expect(specLacks(spec({ measures: ['deals', 'revenue'] }), leads)).toEqual(['amount']);
    expect(specLacks(spec({ measures: ['deals'], rows: [{ field: 'stage' }] }), leads)).toEqual([
      'stage',
    ]);
    expect(
      specLacks(
        spec({ measures: ['deals'], filters: [{ field: 'lost_reason', op: 'in', values: ['x'] }] }),
        leads,
      ),
    ).toEqual(['lost_reason']);
    expect(specLacks(spec({ analysis: 'funnel', measures: ['deals'] }), leads)).toEqual([
      'stage_order',
    ]);
    // The activities fact is a need of its own.
    expect(specLacks(spec({ measures: ['activities'] }), leads)).toEqual(['activities']);
  });

  it('LTV ignores its measure; an unknown field or measure is not a need (a compile error)', () => {
    expect(specLacks(spec({ analysis: 'ltv', measures: ['revenue'] }), leads)).toEqual([]);
    expect(specLacks(spec({ measures: ['nonsense'], rows: [{ field: 'nope' }] }), leads)).toEqual(
      [],
    );
    // The same specs on the full data lack nothing.
    expect(specLacks(spec({ measures: ['revenue'], rows: [{ field: 'stage' }] }), tiny)).toEqual(
      [],
    );
  });

  it('says it as the gallery does, in both languages', () => {
    const m = notInData(['amount', 'stage']);
    expect(english(m)).toBe('This report needs deal amounts, needs deal stages');
    expect(render('ru', m)).toBe('Для этого отчёта нужны суммы сделок, нужны этапы сделок');
  });
});

// The tiny CRM without stages (so without stage probabilities): amounts, sources and lost reasons
// are there, the weighted pipeline and the funnel are not.
const NO_STAGES: DatasetModel = {
  ...TINY_MODEL,
  tables: TINY_MODEL.tables.map((t) =>
    t.name === 'deals'
      ? { ...t, columns: t.columns.filter((c) => !['stage', 'pipeline'].includes(c.name)) }
      : t,
  ),
  stages: [],
};
const noStages = buildCatalog(NO_STAGES);
const PERIOD = { from: '2023-04-01', to: '2023-06-30' };

describe('specWithout', () => {
  it('a saved report with the weighted pipeline on data without stages: only that measure goes', () => {
    const saved = spec({
      rows: [{ field: 'manager' }],
      measures: ['deals', 'weighted_pipeline', 'revenue'],
      period: PERIOD,
      compare: 'year',
      sort: [{ key: 'weighted_pipeline_growth', dir: 'desc' }],
      title: 'Pipeline by manager',
    });
    const before = JSON.stringify(saved);
    const w = specWithout(saved, noStages);
    expect(w?.left).toEqual({ measures: ['weighted_pipeline'], fields: [] });
    expect(w?.spec).toEqual({ ...saved, measures: ['deals', 'revenue'], sort: [] });
    // The period, comparison and title stay; the spec it came from is untouched (undo).
    expect(JSON.stringify(saved)).toBe(before);
    expect(specLacks(w!.spec, noStages)).toEqual([]);
    expect(() => compileReport(w!.spec, noStages)).not.toThrow();
  });

  it('measures, grouped and filtered columns the data lacks go, each named once; sorts on them too', () => {
    const link = spec({
      rows: [{ field: 'lost_reason' }, { field: 'manager' }],
      columns: [{ field: 'stage' }],
      measures: ['deals', 'revenue'],
      filters: [
        { field: 'lost_reason', op: 'in', values: ['Price'] },
        { field: 'source', op: 'in', values: ['Web'] },
      ],
      period: PERIOD,
      compare: 'previous',
      sort: [
        { key: 'lost_reason', dir: 'asc' },
        { key: 'deals', dir: 'desc', column: ['Won'] },
        { key: 'revenue_delta', dir: 'desc' },
      ],
    });
    const w = specWithout(link, leads);
    expect(w?.left).toEqual({ measures: ['revenue'], fields: ['lost_reason', 'stage'] });
    expect(w?.spec).toEqual({
      ...link,
      rows: [{ field: 'manager' }],
      columns: [],
      measures: ['deals'],
      filters: [{ field: 'source', op: 'in', values: ['Web'] }],
      // The sort read in the stage column falls back to the row total: that axis is gone.
      sort: [{ key: 'deals', dir: 'desc' }],
    });
    expect(() => compileReport(w!.spec, leads)).not.toThrow();
  });

  it('is not offered when what is missing is the core, or when nothing is missing', () => {
    // The preset's own needs: lost reasons without lost reasons.
    const lost = resolvePreset('lost-reasons', { catalog: tiny, model: TINY_MODEL, period: null });
    expect(specWithout(lost.spec, leads)).toBeNull();
    // The funnel without stages; its measure is not what is missing.
    expect(specWithout(spec({ analysis: 'funnel', measures: ['deals'] }), leads)).toBeNull();
    // Every measure of a pivot.
    expect(specWithout(spec({ measures: ['revenue', 'pipeline'] }), leads)).toBeNull();
    // The date the period applies to.
    const byClose = spec({ measures: ['deals', 'revenue'], date: 'closed_at', period: PERIOD });
    const noClose = buildCatalog({
      ...LEADS,
      tables: LEADS.tables.map((t) =>
        t.name === 'deals' ? { ...t, columns: t.columns.filter((c) => c.name !== 'closed_at') } : t,
      ),
    });
    expect(specLacks(byClose, noClose)).toContain('closed_at');
    expect(specWithout(byClose, noClose)).toBeNull();
    // Nothing lacking, an analysis that reads no measure, a field nobody defines (an error).
    expect(
      specWithout(spec({ measures: ['revenue'], rows: [{ field: 'stage' }] }), tiny),
    ).toBeNull();
    expect(specWithout(spec({ analysis: 'ltv', measures: ['revenue'] }), leads)).toBeNull();
    expect(specWithout(spec({ measures: ['deals'], rows: [{ field: 'nope' }] }), leads)).toBeNull();
  });

  it('every preset made on the full data opens on a lead export without what it lacks, or not at all', () => {
    for (const id of PRESET_IDS) {
      const { spec: s } = resolvePreset(id, { catalog: tiny, model: TINY_MODEL, period: null });
      const w = specWithout(s, leads);
      const lacks = specLacks(s, leads);
      if (w) {
        expect(lacks.length, id).toBeGreaterThan(0);
        expect(w.spec.preset, id).toBe(id);
        expect(specLacks(w.spec, leads), id).toEqual([]);
        expect(() => compileReport(w.spec, leads), id).not.toThrow();
      } else if (lacks.length) {
        // Not offered: its core is missing, the preset's own needs or every measure.
        const core = presetLacks(id, leads).length > 0 || s.analysis === 'funnel';
        const allMeasures = s.measures.every(
          (m) => specLacks(spec({ measures: [m] }), leads).length,
        );
        expect(core || allMeasures, id).toBe(true);
      }
    }
  });
});
