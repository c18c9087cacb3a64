/** Name resolution: field ids and measure ids → definitions, and fields → columns of a fact. */
import type { Catalog, FactDef, FieldDef, JoinDef, MeasureDef } from './catalog.ts';
import { agg, col, fn, type Expr, type SqlFunction } from './sql/ast.ts';

export class CompileError extends Error {
  override name = 'CompileError';
}

/** The pseudo-field "each measure's own date". */
export const PERIOD_FIELD = 'period';

export function requireField(catalog: Catalog, id: string): FieldDef {
  const f = catalog.fields.find((x) => x.id === id);
  if (!f) {
    const hint = suggest(
      id,
      catalog.fields.map((x) => x.id),
    );
    throw new CompileError(`unknown field '${id}'${hint}`);
  }
  return f;
}

export function requireFact(catalog: Catalog, id: string): FactDef {
  const f = catalog.facts.find((x) => x.id === id);
  if (!f) throw new CompileError(`unknown fact table '${id}'`);
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
    const hint = suggest(
      id,
      catalog.measures.map((m) => m.id),
    );
    throw new CompileError(`unknown measure '${id}'${hint}`);
  }
  const field = requireField(catalog, id.slice(i + 1));
  if (field.id === PERIOD_FIELD)
    throw new CompileError(
      `measure '${id}': '${PERIOD_FIELD}' is each measure's own date, not a column`,
    );
  if (g.numeric && field.type !== 'number') {
    throw new CompileError(`measure '${id}': field '${field.id}' is not a number`);
  }
  const fact =
    catalog.facts.find((f) => f.table === field.table) ??
    catalog.facts.find((f) => f.id === catalog.defaultFact) ??
    catalog.facts[0];
  if (!fact) throw new CompileError('the catalog has no fact table');
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

/** How a fact reaches a field: the column expression and the joins it needs, or null if it can't. */
export function fieldOnFact(
  fact: FactDef,
  field: FieldDef,
): { expr: Expr; joins: JoinDef[] } | null {
  const own = fact.conformed[field.id];
  if (own !== undefined) return { expr: col(fact.table, own), joins: [] };
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
    if (!path) throw new CompileError(`fact '${fact.id}' cannot reach table '${t}'`);
    out.push(...path);
  }
  return out;
}

/** `coalesce(x, 0)` for measures where "nothing" means zero. */
export function zeroIfNull(e: Expr): Expr {
  return fn('coalesce', e, { kind: 'lit', value: 0 });
}

function suggest(id: string, known: string[]): string {
  const low = id.toLowerCase();
  const near = known.filter((k) => k.toLowerCase().includes(low) || low.includes(k.toLowerCase()));
  return near.length
    ? ` (did you mean ${near
        .slice(0, 3)
        .map((n) => `'${n}'`)
        .join(', ')}?)`
    : '';
}
