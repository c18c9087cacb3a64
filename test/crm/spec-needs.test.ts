/**
 * What a whole spec needs that the data lacks (src/crm/spec-needs.ts): a link or saved report
 * made on the demo, read against a lead export's catalog (no amounts, stages, lost reasons or
 * activities), the tiny CRM's (everything there) and by hand.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/crm/catalog.ts';
import { notInData, specLacks } from '../../src/crm/spec-needs.ts';
import { PRESET_IDS, resolvePreset } from '../../src/crm/presets.ts';
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
