/**
 * A column's warnings on the mapping screen — values that will load empty, values that will load
 * rounded — made for the type it will load as. The scan counts, for every type, how many of a
 * column's values read as it and how many would round (`ColumnProposal.fits`), so the warnings can
 * follow a type the user or a role picks without a second look at the values (pure, no stats:
 * the page imports it).
 */
import { msg, type Message } from '../../lib/message.ts';
import type { MessageKey } from '../../lib/i18n.ts';
import { roleFieldType } from '../../crm/vocabulary.ts';
import { columnParam } from '../read/headers.ts';
import type { ColumnProposal, Role, TableKind, TypeFits, ValueType } from '../types.ts';

/** The warnings that are one column's forecast: `columnForecasts` makes them again. */
export const COLUMN_FORECASTS: ReadonlySet<MessageKey> = new Set([
  'import_notParsed',
  'import_notParsedSample',
  'import_willRound',
  'import_willRoundSample',
]);

/** The type a column loads as: its role's, when the role fixes one, else its own. */
export function loadsAs(kind: TableKind, role: Role | null, type: ValueType): ValueType {
  return (role && roleFieldType(kind, role)) || type;
}

/**
 * What loading a column as `type` will do to its values, counted over the scan's rows (`sampled`
 * when that is only the first rows of the file).
 */
export function columnForecasts(
  column: { header: string; nonNull: number; fits: TypeFits },
  type: ValueType,
  sampled?: number,
  at?: number,
): Message[] {
  const out: Message[] = [];
  const { nonNull } = column;
  // A blank header's column by its label ("Column 4"), as every message names it; `at`: its
  // position in the file.
  const header = columnParam(column.header, at);
  const { parsed, rounded } = column.fits[type];
  if (nonNull > 0 && parsed < nonNull && type !== 'text') {
    const params = { column: header, n: nonNull - parsed, type: msg(`valueType_${type}`) };
    out.push(
      sampled === undefined
        ? msg('import_notParsed', params)
        : msg('import_notParsedSample', { ...params, sampled }),
    );
  }
  if (rounded > 0)
    out.push(
      sampled === undefined
        ? msg('import_willRound', { column: header, n: rounded })
        : msg('import_willRoundSample', { column: header, n: rounded, sampled }),
    );
  return out;
}

/**
 * `warnings` with every column's forecast made again, for the type `typeOf` says it loads as
 * (`null`: not loaded, no forecast): the others first, as they were, then the columns' in order.
 */
export function withForecasts<C extends Pick<ColumnProposal, 'header' | 'nonNull' | 'fits'>>(
  warnings: readonly Message[],
  columns: readonly C[],
  typeOf: (c: C) => ValueType | null,
  sampled?: number,
): Message[] {
  const out = warnings.filter((w) => !COLUMN_FORECASTS.has(w.code));
  // The columns are in the file's order: a blank header's label is its position.
  columns.forEach((c, at) => {
    const type = typeOf(c);
    if (type) out.push(...columnForecasts(c, type, sampled, at));
  });
  return out;
}
