/**
 * The one function registry: a `fn` node names a logical function (`median`, `format_date`,
 * `series`…) and each dialect says how to write it. A function with no entry for a dialect is
 * written as a plain call of its own name, which both dialects accept.
 *
 * Every ClickHouse mapping here is checked against chdb (test/query/sql/dialect-chdb.test.ts):
 * the same values as DuckDB, including NULLs, ties and empty inputs.
 */
import type { Expr, SqlFunction } from './ast.ts';
import type { Dialect } from './dialect.ts';

/**
 * Writes one call. `args` are the printed arguments; `inner` is what goes between the
 * parentheses of an aggregate (`DISTINCT x`, `*`); `raw` the argument nodes, for mappings that
 * depend on a literal (a date part, a format).
 */
export type Render = (args: string[], inner: string, raw: Expr[]) => string;

const call =
  (name: string): Render =>
  (_args, inner) =>
    `${name}(${inner})`;

/** A literal string argument (a date part, a format): mappings that depend on it need it fixed. */
function literalText(e: Expr | undefined, what: string): string {
  if (e?.kind !== 'lit' || typeof e.value !== 'string')
    throw new Error(`${what} must be a literal string`);
  return e.value;
}

/** Round half away from zero, as DuckDB does; ClickHouse rounds a float's ties to even. */
function roundHalfAway(x: string, digits: string | undefined): string {
  const away = (v: string) => `if(${v} < 0, -floor(-(${v}) + 0.5), floor(${v} + 0.5))`;
  if (digits === undefined) return away(x);
  const m = `pow(10, ${digits})`;
  return `(${away(`(${x}) * ${m}`)} / ${m})`;
}

/** The strftime letters whose meaning is the same in ClickHouse's formatDateTime. */
const SAME_FORMAT_LETTERS = new Set(['Y', 'm', 'd', 'G', 'V', 'H', 'S', '%']);

function clickhouseFormat(raw: Expr | undefined): string {
  const format = literalText(raw, 'a date format');
  for (const m of format.matchAll(/%(.)/g)) {
    if (!SAME_FORMAT_LETTERS.has(m[1]!))
      throw new Error(`date format letter %${m[1]} has no ClickHouse mapping`);
  }
  return format;
}

/**
 * `series(from, to[, step])` in ClickHouse: one row per value, as arrayJoin over an array. Like
 * DuckDB's, a NULL bound gives no rows (ClickHouse's range() refuses a Nullable bound outright).
 * A month step is multiplied, where DuckDB adds it repeatedly: the same dates from a month's
 * first day (every caller starts at a period start), not from the 31st.
 */
function clickhouseSeries(args: string[], raw: Expr[]): string {
  const [from, to] = args as [string, string];
  const anyNull = `isNull(${from}) OR isNull(${to})`;
  const [a, b] = [`assumeNotNull(${from})`, `assumeNotNull(${to})`];
  const step = raw[2];
  if (!step) return `arrayJoin(range(${a}, if(${anyNull}, ${a}, ${b} + 1)))`;
  if (step.kind !== 'interval') throw new Error('a series step must be an interval');
  const [unit, add] = step.unit === 'MONTH' ? ['month', 'addMonths'] : ['day', 'addDays'];
  const n = step.amount;
  const count = `if(${anyNull}, 0, greatest(intDiv(dateDiff('${unit}', ${a}, ${b}), ${n}) + 1, 0))`;
  return `arrayJoin(arrayMap(i -> ${add}(${a}, i * ${n}), range(0, ${count})))`;
}

/** DuckDB's spelling where it differs from the plain call of the logical name. */
const DUCKDB: Partial<Record<SqlFunction, Render>> = {
  format_date: call('strftime'),
  current_date: () => 'current_date',
  bit_and: (a) => `(${a[0]} & ${a[1]})`,
  int_div: (a) => `(${a[0]} // ${a[1]})`,
  series: (_a, inner) => `unnest(generate_series(${inner}))`,
};

const CLICKHOUSE: Partial<Record<SqlFunction, Render>> = {
  approx_count_distinct: call('uniq'),
  median: (_a, inner) => `quantileExactInclusive(0.5)(${inner})`,
  quantile_cont: (a) => `quantileExactInclusive(${a[1]})(${a[0]})`,
  any_value: call('any'),
  arg_max: call('argMax'),
  round: (a) => roundHalfAway(a[0]!, a[1]),
  date_trunc: (a, _i, raw) =>
    literalText(raw[0], 'a date part') === 'week'
      ? `toMonday(${a[1]})`
      : `date_trunc(${a[0]}, ${a[1]})`,
  format_date: (a, _i, raw) => `formatDateTime(${a[0]}, '${clickhouseFormat(raw[1])}')`,
  // DuckDB's date parts are BIGINT; ClickHouse's small unsigned types would change the result type.
  year: (a) => `toInt64(toYear(${a[0]}))`,
  quarter: (a) => `toInt64(toQuarter(${a[0]}))`,
  month: (a) => `toInt64(toMonth(${a[0]}))`,
  trim: call('trimBoth'),
  epoch: (a) => `(toUnixTimestamp64Micro(toDateTime64(${a[0]}, 6)) / 1e6)`,
  epoch_us: (a) => `toUnixTimestamp64Micro(toDateTime64(${a[0]}, 6))`,
  current_date: () => 'today()',
  // ClickHouse's lag/lead give the type's default (0, '') past the edge; DuckDB gives NULL.
  lag: (a) => `lag(${['toNullable(' + a[0]! + ')', ...a.slice(1)].join(', ')})`,
  lead: (a) => `lead(${['toNullable(' + a[0]! + ')', ...a.slice(1)].join(', ')})`,
  isinf: call('isInfinite'),
  list_value: call('array'),
  // DuckDB: an INTEGER, NULL when absent; ClickHouse's indexOf: UInt64, 0 when absent.
  list_position: (a) => `toInt32(nullIf(indexOf(${a[0]}, ${a[1]}), 0))`,
  bit_and: call('bitAnd'),
  int_div: call('intDiv'),
  series: (a, _i, raw) => clickhouseSeries(a, raw),
  // No product aggregate: the values are gathered (in a window, its frame) and multiplied after.
  product: call('groupArray'),
  grouping: (a, _i, raw) => `grouping(${a.map((x, i) => groupKey(x, raw[i])).join(', ')})`,
};

/**
 * A GROUP BY key as ClickHouse must see it: a constant (the NULL of a dimension a fact cannot
 * reach) is made a column with `materialize`, since ClickHouse drops constant keys (so GROUPING
 * refuses them) and reads a number literal as a position. DuckDB keeps such a key as it is.
 */
export function groupKey(printed: string, raw: Expr | undefined): string {
  return raw?.kind === 'lit' ? `materialize(${printed})` : printed;
}

const RENDERS: Record<Dialect, Partial<Record<SqlFunction, Render>>> = {
  duckdb: DUCKDB,
  clickhouse: CLICKHOUSE,
};

/**
 * ClickHouse's counts and ranks are UInt64; DuckDB's BIGINT. Applied to the whole call (after any
 * FILTER), so results and what they meet in COALESCE or UNION have DuckDB's types.
 */
const CLICKHOUSE_RESULT: Partial<Record<SqlFunction, (call: string) => string>> = {
  count: (c) => `toInt64(${c})`,
  rank: (c) => `toInt64(${c})`,
  row_number: (c) => `toInt64(${c})`,
  product: (c) => `arrayProduct(${c})`,
};

/** Wraps a printed call (with its FILTER) so its type is the one DuckDB gives. */
export function resultType(dialect: Dialect, name: SqlFunction): (call: string) => string {
  return (dialect === 'clickhouse' && CLICKHOUSE_RESULT[name]) || ((c) => c);
}

/** How `name` is written in `dialect`. */
export function renderFunction(dialect: Dialect, name: SqlFunction): Render {
  return RENDERS[dialect][name] ?? call(name);
}
