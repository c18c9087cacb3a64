/**
 * Which report shows after the data changes (src/state/dataset/dataset-spec.ts) when the report
 * is not in the data: a link's, a saved report's or the open report's spec the data lacks columns
 * for is kept (the page says what it needs), through a new import too — with its period and
 * comparison — until the data can answer it; an unknown field is still a problem.
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../../src/crm/catalog.ts';
import type { DatasetModel } from '../../../src/crm/model.ts';
import { specForNewData, specProblem } from '../../../src/state/dataset/dataset-spec.ts';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';
import { TINY_MODEL } from '../../fixtures/tiny-crm.ts';
import { compileReport } from '../../../src/crm/report.ts';
import { messageOf } from '../../../src/lib/message.ts';

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
    const next = (spec: ReportSpec, model: DatasetModel) =>
      specForNewData(spec, false, buildCatalog(model), model, fallback);
    expect(next(lost, noReasons)).toBe(lost);
    expect(next(lost, TINY_MODEL)).toEqual(lost);
  });

  it('the report the user had open is kept too when the new data cannot answer it', () => {
    // Open and answered on the whole CRM, then the same data without lost reasons imported: the
    // same rule as for a report that was already waiting — kept as it was, shown on the panel.
    expect(specProblem(lost, whole)).toBeNull();
    expect(specForNewData(lost, false, lacking, noReasons, fallback)).toBe(lost);
    // Unless it was the old data's default (nothing built): the new data's default then.
    expect(specForNewData(lost, true, lacking, noReasons, fallback)).toBe(fallback);
    // A report that does not compile there (a field no dataset of this kind has) still gives way.
    const unknown = { ...lost, rows: [{ field: 'nope' }], preset: undefined };
    expect(specForNewData(unknown, false, whole, TINY_MODEL, fallback)).toBe(fallback);
  });

  it("an analysis's own 'data lacks' error is no problem either: drivers without a text field", () => {
    // Deals with dates, a status and amounts, and nothing to rank members of.
    const bare: DatasetModel = {
      ...TINY_MODEL,
      tables: TINY_MODEL.tables
        .filter((t) => t.name === 'deals')
        .map((t) => ({
          ...t,
          columns: t.columns.filter((c) =>
            ['id', 'created_at', 'closed_at', 'status', 'amount'].includes(c.name),
          ),
        })),
      stages: [],
    };
    const drivers = {
      ...defaultSpec(),
      analysis: 'drivers',
      measures: ['revenue'],
      period: { from: '2024-01-01', to: '2024-03-31' },
      compare: 'previous',
      preset: 'drivers',
    } as ReportSpec;
    const catalog = buildCatalog(bare);
    const error = (() => {
      try {
        compileReport(drivers, catalog);
        return null;
      } catch (e) {
        return messageOf(e).code;
      }
    })();
    expect(error).toBe('compile_driversNoFields');
    expect(specProblem(drivers, catalog)).toBeNull();
    expect(specForNewData(drivers, false, catalog, bare, fallback)).toBe(drivers);
  });
});
