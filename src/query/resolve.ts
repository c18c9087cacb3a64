/** Name resolution: field ids and measure ids → definitions, and fields → columns of a fact. */
import type { Catalog, FactDef, FieldDef, JoinDef, MeasureDef } from './catalog.ts';
import { agg, col, fn, type Expr, type SqlFunction } from './sql/ast.ts';
import { compileErrorsEn } from '../lib/messages-report-en.ts';
import { MessageError, msg, named, type MessageParam, type MessageParams } from '../lib/message.ts';
import { own } from '../lib/own.ts';

export type CompileErrorCode = keyof typeof compileErrorsEn;

/** Every code a `CompileError` may carry. */
export const COMPILE_ERROR_CODES = Object.keys(compileErrorsEn) as CompileErrorCode[];

/** A spec the compiler cannot turn into SQL; its message names the cause (see `lib/message.ts`). */
export class CompileError extends MessageError {
  override name = 'CompileError';
  constructor(code: CompileErrorCode, params?: MessageParams) {
    super(msg(code, params));
  }
}

/** A field as a message param: by label when the catalog has it, else its id as written. */
export function fieldParam(catalog: Catalog, id: string): MessageParam {
  const f = catalog.fields.find((x) => x.id === id);
  return f ? named(f) : id;
}

/** A measure as a message param, like `fieldParam`. */
export function measureParam(catalog: Catalog, id: string): MessageParam {
  const m = catalog.measures.find((x) => x.id === id);
  return m ? named(m) : id;
}

/** The pseudo-field "each measure's own date". */
export const PERIOD_FIELD = 'period';

export function requireField(catalog: Catalog, id: string): FieldDef {
  const f = catalog.fields.find((x) => x.id === id);
  if (!f) {
    const near = suggest(
      id,
      catalog.fields.map((x) => x.id),
    );
    throw near
      ? new CompileError('compile_unknownFieldNear', { id, near })
      : new CompileError('compile_unknownField', { id });
  }
  return f;
}

export function requireFact(catalog: Catalog, id: string): FactDef {
  const f = catalog.facts.find((x) => x.id === id);
  if (!f) throw new CompileError('compile_unknownFact', { id });
  return f;
}

const GENERIC: Record<string, { fn: SqlFunction; distinct?: boolean; numeric: boolean }> = {
  sum: { fn: 'sum', numeric: true },
  avg: { fn: 'avg', numeric: true },
  min: { fn: 'min', numeric: true },
  max: { fn: 'max', numeric: true },
  median: { fn: 'median', numeric: true },
  count_distinct: { fn: 'count', distinct: true, numeric: false },
};

export const GENERIC_AGGREGATES = Object.keys(GENERIC);

/**
 * A catalog measure, or a generic aggregate over any field written `sum:<field>`,
 * `avg:<field>`, `min:`, `max:`, `median:`, `count_distinct:<field>`.
 */
export function resolveMeasure(catalog: Catalog, id: string): MeasureDef {
  const known = catalog.measures.find((m) => m.id === id);
  if (known) return known;
  const i = id.indexOf(':');
  const g = i > 0 ? GENERIC[id.slice(0, i)] : undefined;
  if (!g) {
    const near = suggest(
      id,
      catalog.measures.map((m) => m.id),
    );
    throw near
      ? new CompileError('compile_unknownMeasureNear', { id, near })
      : new CompileError('compile_unknownMeasure', { id });
  }
  const field = requireField(catalog, id.slice(i + 1));
  if (field.id === PERIOD_FIELD)
    throw new CompileError('compile_periodNotColumn', { measure: id, field: named(field) });
  if (g.numeric && field.type !== 'number') {
    throw new CompileError('compile_fieldNotNumber', { measure: id, field: named(field) });
  }
  const fact =
    catalog.facts.find((f) => f.table === field.table) ??
    catalog.facts.find((f) => f.id === catalog.defaultFact) ??
    catalog.facts[0];
  if (!fact) throw new CompileError('compile_noFact');
  const [aggName, label] = [id.slice(0, i), field.label];
  return {
    id,
    label: { en: `${aggName} of ${label.en}`, ru: `${aggName}: ${label.ru}` },
    description: { en: `${aggName} of ${label.en}`, ru: `${aggName}: ${label.ru}` },
    fact: fact.id,
    date: fact.date,
    expr: agg(g.fn, [col(field.table, field.column)], { distinct: g.distinct ?? false }),
    format: g.distinct ? 'int' : 'number',
    additive: aggName === 'sum',
    shareable: aggName === 'sum',
  };
}

/**
 * `fieldOnFact` for one query: each field reached from `fact` adds the joins it needs to `joins`,
 * which the query then writes once.
 */
export function reacher(fact: FactDef, joins: JoinDef[]): (field: FieldDef) => Expr | null {
  return (field) => {
    const r = fieldOnFact(fact, field);
    if (!r) return null;
    joins.push(...r.joins);
    return r.expr;
  };
}

/** How a fact reaches a field: the column expression and the joins it needs, or null if it can't. */
export function fieldOnFact(
  fact: FactDef,
  field: FieldDef,
): { expr: Expr; joins: JoinDef[] } | null {
  const conformed = own(fact.conformed, field.id);
  if (conformed !== undefined) return { expr: col(fact.table, conformed), joins: [] };
  if (field.table === fact.table) return { expr: col(fact.table, field.column), joins: [] };
  const joins = joinPath(fact, field.table);
  return joins ? { expr: col(field.table, field.column), joins } : null;
}

/** The joins needed to reach `table`, dependencies first. */
export function joinPath(fact: FactDef, table: string): JoinDef[] | null {
  if (table === fact.table) return [];
  const step = fact.joins.find((j) => j.table === table);
  if (!step) return null;
  const before = joinPath(fact, step.from);
  return before ? [...before, step] : null;
}

/** Resolves the tables a measure expression names into joins on its fact. */
export function joinsForTables(fact: FactDef, tables: Iterable<string>): JoinDef[] {
  const out: JoinDef[] = [];
  for (const t of tables) {
    const path = joinPath(fact, t);
    if (!path) throw new CompileError('compile_unreachable', { fact: fact.id, table: t });
    out.push(...path);
  }
  return out;
}

/** `coalesce(x, 0)` for measures where "nothing" means zero. */
export function zeroIfNull(e: Expr): Expr {
  return fn('coalesce', e, { kind: 'lit', value: 0 });
}

/** Up to three known ids close to `id`, quoted, or null. */
function suggest(id: string, known: string[]): string[] | null {
  const low = id.toLowerCase();
  const near = known.filter((k) => k.toLowerCase().includes(low) || low.includes(k.toLowerCase()));
  return near.length ? near.slice(0, 3).map((n) => `'${n}'`) : null;
}
