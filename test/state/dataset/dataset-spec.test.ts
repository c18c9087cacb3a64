/**
 * Which report shows after the data changes (src/state/dataset/dataset-spec.ts) when the report
 * is not in the data: a link's or a saved report's spec the data lacks columns for is kept (the
 * page says what it needs), and kept through a new import while it waits — with its period and
 * comparison — until the data can answer it; an unknown field is still a problem.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import type { DatasetModel } from '../../../src/crm/model.ts';
import { specForNewData, specProblem } from '../../../src/state/dataset/dataset-spec.ts';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';
import { TINY_MODEL } from '../../fixtures/tiny-crm.ts';

/** The tiny CRM whose lost reasons were not mapped. */
const noReasons: DatasetModel = {
  ...TINY_MODEL,
  tables: TINY_MODEL.tables.map((t) =>
    t.name === 'deals' ? { ...t, columns: t.columns.filter((c) => c.name !== 'lost_reason') } : t,
  ),
};
const lacking = buildCatalog(noReasons);
const whole = buildCatalog(TINY_MODEL);
const fallback = defaultSpec();
const lost: ReportSpec = {
  ...defaultSpec(),
  rows: [{ field: 'lost_reason' }],
  measures: ['lost'],
  period: { from: '2023-04-01', to: '2023-06-30' },
  compare: 'year',
  preset: 'lost-reasons',
};

describe('a report the data lacks columns for', () => {
  it('is no problem for a link: it is kept and shown as not in this data', () => {
    expect(specProblem(lost, lacking)).toBeNull();
    expect(specProblem({ ...lost, rows: [{ field: 'nope' }], preset: undefined }, whole)).toEqual(
      expect.objectContaining({ code: 'compile_unknownField' }),
    );
  });

  it('waits through a new import, period and comparison kept, and opens once it can', () => {
    const next = (spec: ReportSpec, model: DatasetModel, waiting: boolean) =>
      specForNewData(spec, false, buildCatalog(model), model, fallback, waiting);
    expect(next(lost, noReasons, true)).toBe(lost);
    expect(next(lost, TINY_MODEL, true)).toEqual(lost);
    // A report that was shown (not waiting) gives the default when the new data lacks for it.
    expect(next(lost, noReasons, false)).toBe(fallback);
  });
});
