/**
 * Prints expressions and statements as SQL of the current dialect (`dialect.ts`): the only
 * printer. Escaping goes through escape.ts; function names through the registry (functions.ts).
 */
import { BINARY_OPS, SQL_FUNCTIONS, SQL_TYPES, type Expr, type SqlType } from './ast.ts';
import { currentDialect } from './dialect.ts';
import { dateLiteral, likeContains, numberLiteral, quoteIdent, quoteString } from './escape.ts';
import { renderFunction, resultType } from './functions.ts';
import type { FromItem, Join, OrderKey, Query, Select, SelectItem } from './stmt.ts';

const FUNCTIONS: ReadonlySet<string> = new Set(SQL_FUNCTIONS);
const OPS: ReadonlySet<string> = new Set(BINARY_OPS);
const TYPES: ReadonlySet<string> = new Set(SQL_TYPES);
const UNITS: ReadonlySet<string> = new Set(['DAY', 'MONTH']);
const JOINS: ReadonlySet<string> = new Set([
  'INNER',
  'LEFT',
  'CROSS',
  'SEMI',
  'ANTI',
  'POSITIONAL',
]);

/** ClickHouse's names where DuckDB's differ (its `TIMESTAMP` is whole seconds). */
const CLICKHOUSE_TYPES: Partial<Record<SqlType, string>> = {
  TIMESTAMP: 'DateTime64(6)',
  VARCHAR: 'String',
  DOUBLE: 'Float64',
  INTEGER: 'Int32',
  BIGINT: 'Int64',
  BOOLEAN: 'Bool',
};

/** Text pasted into SQL as a keyword must be one of ours; types cannot promise that at run time. */
function known(set: ReadonlySet<string>, word: string, what: string): string {
  if (!set.has(word)) throw new Error(`not a known SQL ${what}: ${JSON.stringify(word)}`);
  return word;
}

function typeName(type: SqlType): string {
  known(TYPES, type, 'type');
  return currentDialect() === 'clickhouse' ? (CLICKHOUSE_TYPES[type] ?? type) : type;
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
    case 'fn':
      return resultType(currentDialect(), e.name)(printCall(e));
    case 'bin':
      return `(${printExpr(e.left)} ${known(OPS, e.op, 'operator')} ${printExpr(e.right)})`;
    case 'not':
      return `(NOT ${printExpr(e.expr)})`;
    case 'isnull':
      return `(${printExpr(e.expr)} IS ${e.negate ? 'NOT ' : ''}NULL)`;
    case 'in':
      if (e.values.length === 0) return e.negate ? 'TRUE' : 'FALSE';
      return `(${printExpr(e.expr)} ${e.negate ? 'NOT ' : ''}IN (${e.values.map(printExpr).join(', ')}))`;
    case 'like': {
      const pattern = quoteString(likeContains(e.contains));
      // ClickHouse's LIKE escapes with `\` always and has no ESCAPE clause.
      const escape = currentDialect() === 'clickhouse' ? '' : ` ESCAPE '\\'`;
      return `(${printExpr(e.expr)} ILIKE ${pattern}${escape})`;
    }
    case 'case': {
      const whens = e.whens.map(([w, t]) => ` WHEN ${printExpr(w)} THEN ${printExpr(t)}`).join('');
      const otherwise = e.otherwise ? ` ELSE ${printExpr(e.otherwise)}` : '';
      return `CASE${whens}${otherwise} END`;
    }
    case 'cast':
      return `CAST(${printExpr(e.expr)} AS ${typeName(e.type)})`;
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
      // A window call's type fix goes around the whole `f(…) OVER (…)`.
      if (e.fn.kind !== 'fn') return `${printExpr(e.fn)} OVER (${parts.join(' ')})`;
      return resultType(
        currentDialect(),
        e.fn.name,
      )(`${printCall(e.fn)} OVER (${parts.join(' ')})`);
    }
    case 'exists':
      return `EXISTS (${printQuery(e.query)})`;
    case 'subquery':
      return `(${printQuery(e.query)})`;
  }
}

/**
 * ClickHouse settings every compiled statement needs for the semantics the compiler assumes:
 * NULL (not 0 or '') for the missing side of an outer join and for a rolled-up grouping column,
 * casts that keep NULL, and NULL (not 0 or nan) for an aggregate over no rows, as in SQL.
 */
const CLICKHOUSE_SETTINGS = [
  'join_use_nulls = 1',
  'group_by_use_nulls = 1',
  'cast_keep_nullable = 1',
  'aggregate_functions_null_for_empty = 1',
  // A type mismatch is an error here, not a Variant column no reader expects.
  'use_variant_as_common_type = 0',
];

/** A top-level statement as sent to the engine: ClickHouse's carries its `SETTINGS`. */
export function withSettings(sql: string): string {
  return currentDialect() === 'clickhouse'
    ? `${sql}
SETTINGS ${CLICKHOUSE_SETTINGS.join(', ')}`
    : sql;
}

/** A function call as the registry writes it, with its FILTER. */
function printCall(e: Extract<Expr, { kind: 'fn' }>): string {
  known(FUNCTIONS, e.name, 'function');
  const args = e.args.map(printExpr);
  const list = e.name === 'count' && e.args.length === 0 ? '*' : args.join(', ');
  const inner = `${e.distinct ? 'DISTINCT ' : ''}${list}`;
  const call = renderFunction(currentDialect(), e.name)(args, inner, e.args);
  return e.filter ? `${call} FILTER (WHERE ${printExpr(e.filter)})` : call;
}

/** A whole statement, CTEs first; nested queries are indented by two spaces per level. */
export function printQuery(query: Query, indent = ''): string {
  const next = indent + '  ';
  const head = query.with?.length
    ? `WITH ${query.with
        .map((c) => {
          // ClickHouse computes a CTE once per reference; AS MATERIALIZED is DuckDB's.
          const as = c.materialized && currentDialect() === 'duckdb' ? 'AS MATERIALIZED' : 'AS';
          return `${quoteIdent(c.name)} ${as} (\n${next}${printQuery(c.query, next)}\n${indent})`;
        })
        .join(',\n' + indent)}\n${indent}`
    : '';
  if (query.kind === 'union')
    return (
      head + query.parts.map((q) => printQuery(q, indent)).join(`\n${indent}UNION ALL\n${indent}`)
    );
  return head + printSelect(query, indent);
}

function printSelect(s: Select, indent: string): string {
  const lines = [
    `SELECT ${s.distinct ? 'DISTINCT ' : ''}${s.columns.map(printItem).join(`,\n${indent}    `)}`,
  ];
  if (s.from) lines.push(`FROM ${printFrom(s.from, indent)}`);
  for (const j of s.joins ?? []) lines.push(`  ${printJoinNode(j, indent + '  ')}`);
  if (s.where) lines.push(`WHERE ${printExpr(s.where)}`);
  if (s.groupingSets)
    lines.push(
      `GROUP BY GROUPING SETS (${s.groupingSets.map((g) => `(${g.map(printExpr).join(', ')})`).join(', ')})`,
    );
  else if (s.groupBy?.length) lines.push(`GROUP BY ${s.groupBy.map(printExpr).join(', ')}`);
  if (s.having) lines.push(`HAVING ${printExpr(s.having)}`);
  if (s.qualify) lines.push(`QUALIFY ${printExpr(s.qualify)}`);
  if (s.orderBy?.length) lines.push(`ORDER BY ${s.orderBy.map(printOrder).join(', ')}`);
  if (s.limit != null) lines.push(`LIMIT ${count(s.limit)}`);
  if (s.offset != null) lines.push(`OFFSET ${count(s.offset)}`);
  return lines.join(`\n${indent}`);
}

function count(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new Error(`not a row count: ${n}`);
  return String(n);
}

function printItem(c: SelectItem): string {
  if (c.kind === 'item') {
    const bare = c.as === null || (c.expr.kind === 'col' && !c.expr.table && c.expr.name === c.as);
    // ClickHouse's predicates are UInt8; a selected one is made the Bool DuckDB returns.
    const e =
      currentDialect() === 'clickhouse' && isPredicate(c.expr)
        ? `toBool(${printExpr(c.expr)})`
        : printExpr(c.expr);
    return bare ? e : `${e} AS ${quoteIdent(c.as!)}`;
  }
  let out = c.table ? `${quoteIdent(c.table)}.*` : '*';
  if (c.except?.length)
    out += ` ${currentDialect() === 'clickhouse' ? 'EXCEPT' : 'EXCLUDE'} (${c.except.map(quoteIdent).join(', ')})`;
  if (c.replace?.length)
    out += ` REPLACE (${c.replace.map(([e, a]) => `${printExpr(e)} AS ${quoteIdent(a)}`).join(', ')})`;
  return out;
}

const COMPARISONS: ReadonlySet<string> = new Set([
  '=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  'AND',
  'OR',
  'IS NOT DISTINCT FROM',
]);

/** Whether an expression is a truth value (a comparison, a test, a boolean function). */
function isPredicate(e: Expr): boolean {
  switch (e.kind) {
    case 'bin':
      return COMPARISONS.has(e.op);
    case 'not':
    case 'isnull':
    case 'in':
    case 'like':
    case 'exists':
      return true;
    case 'fn':
      return e.name === 'isinf';
    default:
      return false;
  }
}

function printOrder(o: OrderKey): string {
  return `${printExpr(o.expr)} ${o.desc ? 'DESC' : 'ASC'} NULLS ${o.nullsFirst ? 'FIRST' : 'LAST'}`;
}

export function printFrom(f: FromItem, indent = ''): string {
  switch (f.kind) {
    case 'table':
      return f.as ? `${quoteIdent(f.name)} AS ${quoteIdent(f.as)}` : quoteIdent(f.name);
    case 'subquery':
      return `(\n${indent}  ${printQuery(f.query, indent + '  ')}\n${indent}) AS ${quoteIdent(f.as)}`;
    case 'values': {
      if (f.rows.length === 0) throw new Error('a VALUES table needs at least one row');
      if (currentDialect() === 'clickhouse') {
        // ClickHouse's VALUES takes no column aliases: the rows as a union of SELECTs instead.
        // DuckDB types an integer literal INTEGER, ClickHouse the smallest unsigned type.
        const value = (e: Expr) =>
          e.kind === 'lit' && typeof e.value === 'number' && Number.isInteger(e.value)
            ? `toInt32(${printExpr(e)})`
            : printExpr(e);
        const rows = f.rows.map(
          (r) =>
            `SELECT ${r.map((e, i) => `${value(e)} AS ${quoteIdent(f.columns[i]!)}`).join(', ')}`,
        );
        return `(${rows.join(' UNION ALL ')}) AS ${quoteIdent(f.as)}`;
      }
      const body = f.rows.map((r) => `(${r.map(printExpr).join(', ')})`).join(', ');
      return `(VALUES ${body}) AS ${quoteIdent(f.as)}(${f.columns.map(quoteIdent).join(', ')})`;
    }
  }
}

export function printJoinNode(j: Join, indent = ''): string {
  const type = known(JOINS, j.type, 'join');
  const item = printFrom(j.item, indent);
  if (type === 'CROSS') return `CROSS JOIN ${item}`;
  if (type === 'POSITIONAL') {
    if (currentDialect() === 'clickhouse')
      throw new Error('ClickHouse has no POSITIONAL JOIN: rows have no order to pair by');
    return `POSITIONAL JOIN ${item}`;
  }
  if (!j.on) throw new Error(`a ${type} JOIN needs a condition`);
  // ClickHouse spells semi and anti joins LEFT SEMI / LEFT ANTI.
  const kw =
    currentDialect() === 'clickhouse' && (type === 'SEMI' || type === 'ANTI')
      ? `LEFT ${type}`
      : type;
  return `${kw} JOIN ${item} ON ${printExpr(j.on)}`;
}

/**
 * `CREATE OR REPLACE TABLE name AS query`: a table built from a query before the statements that
 * read it (`CompiledQuery.prepare`). DuckDB's only: ClickHouse's needs an ENGINE, and a table
 * built on a user's server is not ours to write (the ClickHouse callers inline the query instead).
 */
export function printCreateTable(name: string, query: Query): string {
  if (currentDialect() === 'clickhouse')
    throw new Error('tables are not built before a query on ClickHouse: inline it instead');
  return `CREATE OR REPLACE TABLE ${quoteIdent(name)} AS\n${printQuery(query)}`;
}
