/**
 * Expression helpers the CRM analyses need beyond the pivot compiler: a few more functions (still a
 * closed list, so a function name is never user text), window calls, and a VALUES table. Printed by
 * the one printer; nothing here concatenates values.
 */
import { type Expr, type SqlFunction } from './ast.ts';
import { printFrom } from './print.ts';

/** Functions only the analyses emit. Candidates to fold into `SqlFunction`. */
export type AnalyticFunction = 'lag' | 'lead' | 'floor' | 'cume_dist' | 'isinf';

/** A call of one of {@link AnalyticFunction}; the printer prints any `fn` node the same way. */
export function afn(name: AnalyticFunction, ...args: Expr[]): Expr {
  return { kind: 'fn', name: name as SqlFunction, args };
}

/** `f OVER (PARTITION BY … ORDER BY …)`; order keys are `[expr, desc?]`. */
export function over(f: Expr, partitionBy: Expr[], orderBy: (Expr | [Expr, boolean])[] = []): Expr {
  return {
    kind: 'over',
    fn: f,
    partitionBy,
    orderBy: orderBy.map((o) =>
      Array.isArray(o) ? { expr: o[0], desc: o[1] } : { expr: o, desc: false },
    ),
  };
}

/** `(VALUES (…), (…)) AS "alias"("c1", "c2")` from literal rows; an empty list is an error. */
export function valuesTable(alias: string, columns: string[], rows: Expr[][]): string {
  return printFrom({ kind: 'values', rows, as: alias, columns });
}
