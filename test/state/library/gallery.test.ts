/**
 * The gallery on data that lacks what some reports need: those are listed apart with what they
 * lack, the rest in menu order, and opening one of them does nothing (the page's card for it is
 * aria-disabled, so a click still reaches `apply`); a report the data cannot answer has no help
 * banner over its panel.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import type { DatasetModel } from '../../../src/crm/model.ts';
import { PRESET_IDS } from '../../../src/crm/presets.ts';
import { specLacks } from '../../../src/crm/spec-needs.ts';
import { Gallery } from '../../../src/state/library/gallery.svelte.ts';
import type { Workbench } from '../../../src/state/session/workbench.svelte.ts';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';
import { TINY_MODEL } from '../../fixtures/tiny-crm.ts';

/** The tiny CRM without deal amounts. */
const noAmounts: DatasetModel = {
  ...TINY_MODEL,
  tables: TINY_MODEL.tables.map((t) =>
    t.name === 'deals'
      ? {
          ...t,
          columns: t.columns.map((c) => (c.name === 'amount' ? { name: c.name, type: c.type } : c)),
        }
      : t,
  ),
};

function gallery(model: DatasetModel, spec: ReportSpec = defaultSpec()) {
  const updates: ReportSpec[] = [];
  const catalog = buildCatalog(model);
  const wb = {
    data: { catalog, model },
    report: { spec, update: (s: ReportSpec) => updates.push(s) },
    view: { chartValue: null },
    // What ReportRun.notInData reads first: what the spec lacks.
    run: {
      notInData: specLacks(spec, catalog).length ? { needs: specLacks(spec, catalog) } : null,
    },
  } as unknown as Workbench;
  return { g: new Gallery(wb), updates };
}

describe('gallery', () => {
  it('offers every preset on data that has what they need', () => {
    const { g } = gallery(TINY_MODEL);
    expect(g.available.map((p) => p.id)).toEqual([...PRESET_IDS]);
    expect(g.unavailable).toEqual([]);
  });

  it('lists the presets that need deal amounts apart, and opens none of them', () => {
    const { g, updates } = gallery(noAmounts);
    expect(g.unavailable.map((u) => [u.preset.id, u.lacks])).toEqual([
      ['pipeline', ['amount']],
      ['won-size', ['amount']],
    ]);
    expect(g.available.map((p) => p.id)).toEqual(
      PRESET_IDS.filter((id) => id !== 'pipeline' && id !== 'won-size'),
    );
    g.apply('won-size');
    expect(updates).toEqual([]);
    g.apply('by-source');
    expect(updates.map((s) => s.preset)).toEqual(['by-source']);
  });

  it('shows no help banner over a preset the data cannot answer, and shows it where it can', () => {
    const wonSize = { ...defaultSpec(), measures: ['won'], preset: 'won-size' } as ReportSpec;
    expect(gallery(TINY_MODEL, wonSize).g.showHelp).toBe(true);
    expect(gallery(noAmounts, wonSize).g.showHelp).toBe(false);
  });

  it('a report opened without what the data lacks: the help banner names what was left out', () => {
    const { g } = gallery(TINY_MODEL, { ...defaultSpec(), preset: 'managers' } as ReportSpec);
    g.dismissHelp();
    expect(g.showHelp).toBe(false);
    g.leftOut(['revenue', 'avg_won']);
    expect(g.dropped).toEqual(['revenue', 'avg_won']);
    expect(g.showHelp).toBe(true);
  });
});
