/** Filters → boolean expressions, typed by the field so values are literals of the right kind. */
import type { FieldType } from '../catalog.ts';
import { CompileError } from '../resolve.ts';
import type { Filter, Scalar } from '../spec/spec.ts';
import {
  and,
  bin,
  cast,
  dateLit,
  inList,
  isNull,
  lit,
  notNull,
  not,
  type Expr,
} from '../sql/ast.ts';
import { isIsoDate } from '../sql/escape.ts';

function literal(v: Scalar, type: FieldType, field: string): Expr {
  if (v === null) return lit(null);
  if (type === 'number') {
    const n = typeof v === 'number' ? v : Number(v);
    if (typeof v === 'boolean' || !Number.isFinite(n)) {
      throw new CompileError('compile_filterNotNumber', { field, value: JSON.stringify(v) });
    }
    return lit(n);
  }
  if (type === 'date') {
    if (typeof v !== 'string' || !isIsoDate(v)) {
      throw new CompileError('compile_filterNotDate', { field, value: JSON.stringify(v) });
    }
    return dateLit(v);
  }
  if (type === 'boolean') return lit(v === true || v === 'true');
  return lit(String(v));
}

/**
 * `target` is the field's expression (already bucketed when the filter has a grain, in which case
 * values are bucket labels and compared as text).
 */
export function filterExpr(f: Filter, field: Expr, fieldType: FieldType): Expr {
  const type: FieldType = f.grain ? 'text' : fieldType;
  // Date values are calendar days, so a date field is compared as its day: `eq`/`in` would
  // otherwise never match a timestamp with a time, and `gt X` would overlap `lte X` on day X.
  const target = type === 'date' ? cast(field, 'DATE') : field;
  const values = f.values ?? [];
  const need = (n: number) => {
    if (values.length < n)
      throw new CompileError('compile_filterValues', { op: f.op, field: f.field, n });
  };
  const one = () => {
    need(1);
    return literal(values[0]!, type, f.field);
  };
  switch (f.op) {
    case 'in':
    case 'not_in': {
      const nonNull = values.filter((v) => v !== null).map((v) => literal(v, type, f.field));
      const hasNull = values.length !== nonNull.length;
      const member = inList(target, nonNull);
      const expr = hasNull ? bin('OR', member, isNull(target)) : member;
      // NOT IN must keep rows whose value is NULL unless NULL itself is excluded.
      if (f.op === 'in') return expr;
      return hasNull ? and(not(member), notNull(target)) : bin('OR', not(member), isNull(target));
    }
    case 'eq':
      return bin('=', target, one());
    case 'neq':
      return bin('OR', bin('<>', target, one()), isNull(target));
    case 'gt':
      return bin('>', target, one());
    case 'gte':
      return bin('>=', target, one());
    case 'lt':
      return bin('<', target, one());
    case 'lte':
      return dateAwareLte(target, one(), type);
    case 'between': {
      need(2);
      const lo = literal(values[0]!, type, f.field);
      const hi = literal(values[1]!, type, f.field);
      return and(bin('>=', target, lo), dateAwareLte(target, hi, type));
    }
    case 'contains':
      need(1);
      // DuckDB has no implicit cast to text for ILIKE: numbers and dates are matched as printed.
      return {
        kind: 'like',
        expr: type === 'text' ? target : cast(target, 'VARCHAR'),
        contains: String(values[0]),
      };
    case 'is_null':
      return isNull(target);
    case 'not_null':
      return notNull(target);
  }
}

/** A date upper bound is inclusive of the whole day, so timestamps on that day count. */
function dateAwareLte(target: Expr, hi: Expr, type: FieldType): Expr {
  if (type === 'date' && hi.kind === 'date') {
    const next = new Date(`${hi.value}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    return bin('<', target, dateLit(next.toISOString().slice(0, 10)));
  }
  return bin('<=', target, hi);
}
