/**
 * The gallery on data that lacks what some reports need: those are listed apart with what they
 * lack, the rest in menu order, and opening one of them does nothing (the page's card for it is
 * aria-disabled, so a click still reaches `apply`).
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import type { DatasetModel } from '../../../src/crm/model.ts';
import { PRESET_IDS } from '../../../src/crm/presets.ts';
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

function gallery(model: DatasetModel) {
  const updates: ReportSpec[] = [];
  const wb = {
    data: { catalog: buildCatalog(model), model },
    report: { spec: defaultSpec(), update: (s: ReportSpec) => updates.push(s) },
    view: { chartValue: null },
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
});
