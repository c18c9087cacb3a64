/**
 * The SELECTs that type a text table by the value rules (`sql-rules.ts`): which columns keep only
 * their fast paths, the typing statement, and the staging table's statement around it with the
 * failure columns. Pure SQL generation; `sql-load.ts` runs it.
 */
import { quoteIdent as q, quoteString as s } from '../../query/sql/escape.ts';
import type { ValueType } from '../types.ts';
import type { LoadColumn } from './convert.ts';
import { EXACT_DIGITS, roundsSql } from './precision.ts';
import { jsTrim, nullText, sqlConversion, textValue, type Stage } from './sql-rules.ts';

const SQL_TYPE: Record<ValueType, string> = {
  text: 'VARCHAR',
  number: 'DOUBLE',
  date: 'TIMESTAMP',
  boolean: 'BOOLEAN',
};

/** How `typingSql` types: see there. */
export interface TypingOptions {
  /** Source columns passed through beside the typed ones, under their own names. */
  keep?: readonly string[];
  /**
   * Only the fast paths for the columns at these positions (`deferredColumns`): such a column is
   * its fast path's value or NULL, and the row's raw texts, as a struct of `c<i>`, go under
   * `slowRaw` on the rows where one of them gave NULL for a text that was there (its full rules
   * may read it, or it is a failure); NULL elsewhere.
   */
  defer?: { columns: ReadonlySet<number>; slowRaw: string };
  /**
   * Header positions of the columns no field of which needs the text rule's check (the file's
   * `CsvShape.textChecks`): a text column among them is its raw text, the reader's NULL for an
   * empty field included.
   */
  clean?: ReadonlySet<number>;
  /**
   * Header positions DuckDB's reader has typed (`readerTyping`): a column at one of them is its
   * source column as read, with no fast path and no rules (and no failure).
   */
  typed?: ReadonlySet<number>;
}

/**
 * The positions of the columns whose fast path took every non-empty text of their sample: the
 * full rules can wait for the rows it leaves (`typeSlowRows`), which a clean column has none or
 * few of. A column whose sample has texts it leaves (markers, currencies, other shapes) keeps
 * its full rules in the statement: rewriting many rows afterwards costs more than they do.
 */
export function deferredColumns(
  columns: LoadColumn[],
  ru: boolean,
  samples: ReadonlyMap<number, readonly string[]>,
): Set<number> {
  const out = new Set<number>();
  columns.forEach((c, i) => {
    if (c.type === 'text') return;
    const fast = sqlConversion('x', c.type, c.format, ru, '_', samples.get(c.index)).fast;
    if (
      fast &&
      (samples.get(c.index) ?? []).every((v) => v === '' || fast.takes.some((re) => re.test(v)))
    )
      out.add(i);
  });
  return out;
}

/**
 * The SELECT that types the text table `from` into `columns` (exported for tests and the bench);
 * `samples`, some raw texts of each column by its index (`sampleTexts`), pick its fast path.
 */
export function typingSql(
  from: string,
  columns: LoadColumn[],
  ru: boolean,
  samples?: ReadonlyMap<number, readonly string[]>,
  opts: TypingOptions = {},
): string {
  const raw = (c: LoadColumn) => q(`c${c.index}`);
  const conversion = (c: LoadColumn, i: number) =>
    sqlConversion(raw(c), c.type, c.format, ru, `_${i}_`, samples?.get(c.index));
  const byReader = (c: LoadColumn) => opts.typed?.has(c.index) === true;
  const fasts = columns.map((c, i) =>
    c.type === 'text' || byReader(c) ? undefined : conversion(c, i).fast,
  );
  const fastCol = (i: number) => q(`_${i}_fast`);
  const only = (i: number) => opts.defer?.columns.has(i) === true;
  // A fast path also takes the reader's NULL (an empty field; its fast value is NULL too), and
  // every step of the full rules is a CASE that does nothing on the rows a fast path took: a
  // function over NULLs still costs its call on each vector, a CASE whose condition holds for
  // the whole vector evaluates nothing (≈ 5 % of a 1M-row file's typing, see docs/benchmarks.md).
  // A deferred column's fast value itself is the stage: no full rules follow.
  const first: Stage = fasts.flatMap((f, i): Stage => {
    if (!f) return [];
    const r = raw(columns[i]!);
    return [
      only(i)
        ? [`_${i}_fast`, `CASE WHEN ${f.test} THEN ${f.value} END`]
        : [`_${i}_fast`, `(${r} IS NULL OR ${f.test})`],
    ];
  });
  const convs = columns.map((c, i) => {
    if (byReader(c)) return { stages: [], value: raw(c) };
    if (c.type === 'text')
      return { stages: [], value: opts.clean?.has(c.index) ? raw(c) : textValue(raw(c)) };
    const conv = conversion(c, i);
    if (!fasts[i]) return conv;
    if (only(i)) return { stages: [], value: fastCol(i) };
    const gate = (e: string) => `CASE WHEN ${fastCol(i)} THEN NULL ELSE ${e} END`;
    return {
      ...conv,
      stages: conv.stages.map((st) => st.map(([a, e]): [string, string] => [a, gate(e)])),
    };
  });
  const depth = Math.max(0, ...convs.map((c) => c.stages.length));
  let sql = `SELECT * FROM ${q(from)}`;
  for (let k = -1; k < depth; k++) {
    const stage: Stage = k < 0 ? first : convs.flatMap((c) => c.stages[k] ?? []);
    if (stage.length === 0) continue;
    sql = `SELECT *, ${stage.map(([a, e]) => `${e} AS ${q(a)}`).join(', ')} FROM (${sql})`;
  }
  const out = columns.map((c, i) => {
    const f = fasts[i];
    const value =
      f && !only(i)
        ? `CASE WHEN ${fastCol(i)} THEN ${f.value} ELSE ${convs[i]!.value} END`
        : convs[i]!.value;
    return `CAST(${value} AS ${SQL_TYPE[c.type]}) AS ${q(c.name)}`;
  });
  for (const k of opts.keep ?? []) out.push(q(k));
  if (opts.defer) {
    const slow = columns.flatMap((c, i) =>
      only(i) ? [`(${fastCol(i)} IS NULL AND ${raw(c)} IS NOT NULL)`] : [],
    );
    const texts = [...new Set(columns.map((c) => c.index))].map(
      (k) => `${s(`c${k}`)}: ${q(`c${k}`)}`,
    );
    out.push(
      `${slow.length ? `CASE WHEN ${slow.join(' OR ')} THEN {${texts.join(', ')}} END` : 'NULL'} AS ${q(opts.defer.slowRaw)}`,
    );
  }
  return `SELECT ${out.join(', ')} FROM (${sql})`;
}

/**
 * The SELECT that makes the staging table from the text table `from`: the typed columns (or
 * `project` over them, alias `m`) and the failure columns `names.fails`. The columns at the
 * positions `defer` (`deferredColumns`) are typed by their fast paths alone, and the raw texts of
 * the rows they left go under `names.slow` (and `names.slowFlag` says which rows those are) for
 * `typeSlowRows`; their failure columns are NULL until then (a row with a value or no text at all
 * in each of them has no failure there).
 * `clean`, `typed`: as `TypingOptions`'s; a `typed` column's failure column is NULL.
 */
export function stagingSql(
  from: string,
  columns: LoadColumn[],
  ru: boolean,
  names: HelperNames,
  project?: string,
  samples?: ReadonlyMap<number, readonly string[]>,
  defer: ReadonlySet<number> = new Set(),
  keep: readonly string[] = [],
  clean: ReadonlySet<number> = new Set(),
  typed: ReadonlySet<number> = new Set(),
): string {
  const { fails } = names;
  const split = defer.size > 0;
  const gated = (f: FailColumn) => defer.has(columns.indexOf(f.c)) || typed.has(f.c.index);
  // A column the reader typed holds no rounded value: its shape has none (`field-shapes.ts`).
  const rounding = roundingColumns(names, typed);
  const typing = besideRaw(
    typingSql(from, columns, ru, samples, {
      keep,
      clean,
      typed,
      ...(split ? { defer: { columns: defer, slowRaw: names.slow } } : {}),
    }),
    [...fails.filter((f) => !gated(f)), ...rounding],
  );
  const out = [
    project ?? columns.map((c) => q(c.name)).join(', '),
    ...fails.map((f) => (gated(f) ? `CAST(NULL AS VARCHAR) AS ${q(f.name)}` : failedText(f))),
    ...rounding.map((f) => roundedText(f, ru)),
    ...[...keep, ...(split ? [names.slow] : [])].map((k) => `m.${q(k)}`),
    // Whether the row is slow, apart from its texts: counting a struct column reads its every
    // child (≈ 70 ms per 1M rows in DuckDB-WASM), a BOOLEAN column next to nothing.
    ...(split ? [`(m.${q(names.slow)} IS NOT NULL) AS ${q(names.slowFlag)}`] : []),
  ];
  return `SELECT ${out.join(', ')} FROM (${typing}) m`;
}

export interface FailColumn {
  c: LoadColumn;
  name: string;
}

/** The rounding columns of a load whose reader typed the columns at `typed` (`stagingSql`). */
export function roundingColumns(names: HelperNames, typed: ReadonlySet<number>): FailColumn[] {
  return names.rounded.filter((f) => !typed.has(f.c.index));
}

/** Names of the load's own columns beside the typed ones: none is a header's, in any case. */
export interface HelperNames {
  fails: FailColumn[];
  /** The raw texts of the rows the fast paths left (`stagingSql`). */
  slow: string;
  /** A slow row's position (`typeSlowRows`). */
  row: string;
  /** Whether a row has raw texts under `slow`, as a BOOLEAN (cheap to count). */
  slowFlag: string;
  /**
   * One per number column: its raw text where the value loads rounded (`parse/precision.ts`),
   * else NULL, counted by `reportFailures` in the scan that counts the failures.
   */
  rounded: FailColumn[];
}

/** One failure column per typed column, and the other helper columns' names. */
export function helperNames(columns: LoadColumn[]): HelperNames {
  const taken = new Set(columns.map((c) => c.name.toLowerCase()));
  const free = (base: string) => {
    let name = base;
    while (taken.has(name.toLowerCase())) name = `_${name}`;
    taken.add(name.toLowerCase());
    return name;
  };
  const fails: FailColumn[] = [];
  for (const c of columns)
    if (c.type !== 'text') fails.push({ c, name: free(`_failed_${fails.length}`) });
  const names = { slow: free('_slow_raw'), row: free('_slow_row'), slowFlag: free('_slow_any') };
  const rounded: FailColumn[] = [];
  for (const c of columns)
    if (c.type === 'number') rounded.push({ c, name: free(`_rounded_${rounded.length}`) });
  return { fails, ...names, rounded };
}

/**
 * `typingSql`'s SELECT with each typed column's raw text beside the typed values, under the
 * failure column's name. Its last SELECT reads its stages, which carry every raw column
 * (`SELECT *`), so the raw text comes at no extra pass; the failure report then needs no second
 * read of the text (the POSITIONAL JOIN it was), and no text table need exist at all.
 */
function besideRaw(typing: string, fails: FailColumn[]): string {
  if (fails.length === 0) return typing;
  if (!typing.startsWith('SELECT ')) throw new Error('typingSql: expected a SELECT');
  const raws = fails.map((f) => `${q(`c${f.c.index}`)} AS ${q(f.name)}, `).join('');
  return `SELECT ${raws}${typing.slice('SELECT '.length)}`;
}

/**
 * The raw text (first 80 code points) of a value its number column loads rounded, else NULL:
 * a value (not NULL) of a long text, then the digits' rule (`roundsSql`), on long texts only.
 */
function roundedText(f: FailColumn, ru: boolean): string {
  const r = q(f.name);
  const decimal = f.c.format.decimal ?? (ru ? ',' : '.');
  return `CASE WHEN ${q(f.c.name)} IS NULL OR strlen(${r}) <= ${EXACT_DIGITS} THEN NULL WHEN ${roundsSql(r, decimal)} THEN left(${r}, 80) END AS ${r}`;
}

/**
 * The raw text (first 80 code points, as the JS loader shows) of a value that is not "no value"
 * yet came out NULL, else NULL. The first WHEN settles nearly every row with two NULL tests (a
 * WHEN's OR stops at the first that holds), so the marker test runs only on the NULL values the
 * reader did not give as NULL: an empty field no longer goes through it.
 */
function failedText(f: FailColumn): string {
  const r = q(f.name);
  return `CASE WHEN ${q(f.c.name)} IS NOT NULL OR ${r} IS NULL THEN NULL WHEN NOT ${nullText(r, jsTrim(r))} THEN left(${r}, 80) END AS ${r}`;
}
