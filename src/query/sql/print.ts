/** Prints the expression tree as DuckDB SQL. The only printer; all escaping via escape.ts. */
import { BINARY_OPS, SQL_FUNCTIONS, SQL_TYPES, type Expr } from './ast.ts';
import { dateLiteral, likeContains, numberLiteral, quoteIdent, quoteString } from './escape.ts';

const FUNCTIONS: ReadonlySet<string> = new Set(SQL_FUNCTIONS);
const OPS: ReadonlySet<string> = new Set(BINARY_OPS);
const TYPES: ReadonlySet<string> = new Set(SQL_TYPES);
const UNITS: ReadonlySet<string> = new Set(['DAY', 'MONTH']);

/** Text pasted into SQL as a keyword must be one of ours; types cannot promise that at run time. */
function known(set: ReadonlySet<string>, word: string, what: string): string {
  if (!set.has(word)) throw new Error(`not a known SQL ${what}: ${JSON.stringify(word)}`);
  return word;
}

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'col':
      return e.table ? `${quoteIdent(e.table)}.${quoteIdent(e.name)}` : quoteIdent(e.name);
    case 'lit':
      if (e.value === null) return 'NULL';
      if (typeof e.value === 'boolean') return e.value ? 'TRUE' : 'FALSE';
      if (typeof e.value === 'number') return numberLiteral(e.value);
      return quoteString(e.value);
    case 'date':
      return dateLiteral(e.value);
    case 'star':
      return '*';
    case 'fn': {
      known(FUNCTIONS, e.name, 'function');
      if (e.name === 'current_date') return 'current_date';
      const args =
        e.name === 'count' && e.args.length === 0 ? '*' : e.args.map(printExpr).join(', ');
      const call = `${e.name}(${e.distinct ? 'DISTINCT ' : ''}${args})`;
      return e.filter ? `${call} FILTER (WHERE ${printExpr(e.filter)})` : call;
    }
    case 'bin':
      return `(${printExpr(e.left)} ${known(OPS, e.op, 'operator')} ${printExpr(e.right)})`;
    case 'not':
      return `(NOT ${printExpr(e.expr)})`;
    case 'isnull':
      return `(${printExpr(e.expr)} IS ${e.negate ? 'NOT ' : ''}NULL)`;
    case 'in':
      if (e.values.length === 0) return e.negate ? 'TRUE' : 'FALSE';
      return `(${printExpr(e.expr)} ${e.negate ? 'NOT ' : ''}IN (${e.values.map(printExpr).join(', ')}))`;
    case 'like':
      return `(${printExpr(e.expr)} ILIKE ${quoteString(likeContains(e.contains))} ESCAPE '\\')`;
    case 'case': {
      const whens = e.whens.map(([w, t]) => ` WHEN ${printExpr(w)} THEN ${printExpr(t)}`).join('');
      const otherwise = e.otherwise ? ` ELSE ${printExpr(e.otherwise)}` : '';
      return `CASE${whens}${otherwise} END`;
    }
    case 'cast':
      return `CAST(${printExpr(e.expr)} AS ${known(TYPES, e.type, 'type')})`;
    case 'interval':
      if (!Number.isInteger(e.amount)) throw new Error('interval amount must be an integer');
      return `INTERVAL ${e.amount} ${known(UNITS, e.unit, 'interval unit')}`;
    case 'over': {
      const parts: string[] = [];
      if (e.partitionBy.length)
        parts.push(`PARTITION BY ${e.partitionBy.map(printExpr).join(', ')}`);
      if (e.orderBy.length)
        parts.push(
          `ORDER BY ${e.orderBy.map((o) => `${printExpr(o.expr)} ${o.desc ? 'DESC' : 'ASC'} NULLS LAST`).join(', ')}`,
        );
      return `${printExpr(e.fn)} OVER (${parts.join(' ')})`;
    }
  }
}
