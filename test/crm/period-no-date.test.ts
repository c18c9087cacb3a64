/**
 * A measure whose date this data lacks (revenue and won count by the close date; an export with
 * no close date column) cannot be limited to a period: it counts every row. The report used to
 * show that all-time figure under "This year" with nothing said; now a note names the measures
 * and the missing date, whenever a period applies (a chosen period, a `period` column or filter).
 */
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/crm/catalog.ts';
import type { DatasetModel } from '../../src/crm/model.ts';
import { compile } from '../../src/query/compile.ts';
import { render } from '../../src/lib/message.ts';
import { TINY_MODEL } from '../fixtures/tiny-crm.ts';
import { spec } from '../query/helpers.ts';
import type { ReportSpec } from '../../src/query/spec/spec.ts';

/** The tiny CRM as if its export had no close date: the column exists but was never fed. */
const noCloseDate: DatasetModel = {
  ...TINY_MODEL,
  tables: TINY_MODEL.tables.map((t) =>
    t.name !== 'deals'
      ? t
      : {
          ...t,
          columns: t.columns.map((c) => (c.name === 'closed_at' ? { ...c, role: undefined } : c)),
        },
  ),
};
const catalog = buildCatalog(noCloseDate);
const period = { from: '2024-01-01', to: '2024-12-31' };
const notes = (s: ReportSpec) =>
  compile(s, catalog)
    .notes.filter((n) => n.code === 'note_periodNoDate')
    .map((n) => render('en', n));

describe('a period over measures whose date the data lacks', () => {
  it('names them and the missing date when a period is chosen', () => {
    const got = notes(
      spec({ rows: [{ field: 'manager' }], measures: ['deals', 'revenue', 'won'], period }),
    );
    expect(got).toEqual([
      'Revenue, Won: this data has no “Closed” date, so the period does not apply to them: every row counts',
    ]);
    const ru = compile(spec({ measures: ['revenue', 'won'], period }), catalog).notes.find(
      (n) => n.code === 'note_periodNoDate',
    )!;
    expect(render('ru', ru)).toBe(
      'Выручка, Выиграно: в этих данных нет даты «Дата закрытия», поэтому период к ним не применяется: учтены все строки',
    );
  });

  it('names them for a period column or a period filter too', () => {
    expect(
      notes(spec({ columns: [{ field: 'period', grain: 'quarter' }], measures: ['revenue'] })),
    ).toHaveLength(1);
    expect(
      notes(
        spec({
          measures: ['won'],
          filters: [{ field: 'period', op: 'between', values: ['2024-01-01', '2024-06-30'] }],
        }),
      ),
    ).toHaveLength(1);
  });

  it('says nothing without a period, or when the data has the date', () => {
    expect(notes(spec({ rows: [{ field: 'manager' }], measures: ['revenue'] }))).toEqual([]);
    const full = buildCatalog(TINY_MODEL);
    expect(
      compile(spec({ measures: ['revenue'], period }), full).notes.map((n) => n.code),
    ).not.toContain('note_periodNoDate');
  });

  it('leaves snapshot measures (open deals now) out of it', () => {
    expect(notes(spec({ measures: ['open', 'deals'], period }))).toEqual([]);
  });
});
