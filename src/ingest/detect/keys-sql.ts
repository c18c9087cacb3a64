/**
 * The whole-file key sets of `completeKeys`, gathered in SQL from the text table DuckDB read the
 * file into (`readTextTable`), instead of a second JS pass over every record: the same trimmed
 * values, the same "no value" rule, and the same cap (the first `MAX_DISTINCT` distinct values in
 * file order), so the plan that reads them cannot tell the two apart. When only deals and their
 * child tables are linked, the plan's few questions (overlaps, uniqueness) are answered in SQL
 * from those same sets, and no value is moved into JS unless the answer needs JS's lower case.
 */
import type { Engine } from '../../engine/types.ts';
import { quoteIdent as q, quoteString } from '../../query/sql/escape.ts';
import { MAX_DISTINCT } from '../parse/infer.ts';
import { textValue } from '../parse/sql-rules.ts';
import { readTextTable, type TextRead, type TextTable } from '../parse/sql-load.ts';
import type { ImportOptions, RawTable } from '../types.ts';
import { completeKeys, type Scanned } from './detect.ts';
import { keyQuestions, type KeyFacts, type KeyPair, type LinkCount } from './key-questions.ts';
import { colOf } from './key-sets.ts';
import { keyColumns } from './relations.ts';

/**
 * A file's rows as the key questions read them: its text table (`readTextTable`, every column
 * raw) or its typed staging table (`TypedKeys`), whose key columns are text-typed role columns
 * and so already hold `textValue` of the raw text — the same values, with no text table at all.
 */
export type KeyTable = TextTable | TypedKeys;

/** A typed staging table (rows in file order), with the column holding each key column's values. */
export interface TypedKeys {
  typed: string;
  rows: number;
  /** Header index → the staging column holding that column's `textValue` (VARCHAR). */
  columns: Map<number, string>;
  /** The table becomes the canonical one itself, renamed (`singleDeals`, `singleHistory`). */
  asIs?: boolean;
}

/**
 * A key column's values (`textValue`; NULL for "no value") with the first row and the count of
 * each. From a text table: grouped by the raw text first, so `textValue` runs once per distinct
 * text, not per row. From a typed table the values are there already.
 */
const grouped = (k: KeyTable, col: number) => {
  if ('typed' in k) {
    const name = k.columns.get(col);
    if (name === undefined) throw new Error(`keys-sql: column ${col} of ${k.typed} is not a key`);
    return `(SELECT ${q(name)} AS v, min(rowid) AS first, count(*) AS k FROM ${q(k.typed)} GROUP BY 1)`;
  }
  // A column the shape pass found clean is its raw text (`CsvShape.textChecks`).
  const value = k.shape.textChecks[col] === 0 ? 'raw' : textValue('raw');
  return `(SELECT v, min(first) AS first, sum(k) AS k
    FROM (SELECT ${value} AS v, first, k
      FROM (SELECT ${q(`c${col}`)} AS raw, min(rowid) AS first, count(*) AS k FROM ${q(k.table)} GROUP BY raw))
    GROUP BY v)`;
};

/** Fills the key sets of `cols` of `t` from its text or typed table; rows and issues become the file's. */
export async function completeKeysSql(
  engine: Engine,
  t: Scanned,
  text: KeyTable,
  cols: number[],
  signal?: AbortSignal,
): Promise<void> {
  if (t.proposal.sampled === undefined) return;
  for (const i of cols) {
    signal?.throwIfAborted();
    // Each value with its first row and count, then the capped list in file order. `textValue`
    // (NULL exactly for "no value" texts) runs once per distinct raw text; the NULL group is
    // dropped above the window, where the filter is not pushed down to run per row again.
    const res = await engine.query(
      `SELECT v, seen, n FROM (
         SELECT v, first, sum(k) FILTER (WHERE v IS NOT NULL) OVER ()::DOUBLE AS seen,
           count(v) OVER ()::DOUBLE AS n
         FROM ${grouped(text, i)})
       WHERE v IS NOT NULL ORDER BY first LIMIT ${MAX_DISTINCT}`,
    );
    const head = res.get(0)?.toJSON() as { seen: number; n: number } | undefined;
    const st = t.stats[i]!;
    st.resetKeys();
    const col = res.getChild('v')!;
    for (let k = 0; k < res.numRows; k++) st.distinct.add(String(col.get(k)));
    st.seen = Number(head?.seen ?? 0);
    st.distinctOverflow = Number(head?.n ?? 0) > MAX_DISTINCT;
  }
  // DuckDB read the file only because every record is whole (`csvShape`): none was skipped.
  t.rows = text.rows;
  t.issues = 0;
  t.proposal.rows = text.rows;
}

/**
 * The whole key sets of the sampled tables, which decide how the tables link, from the text
 * tables DuckDB reads the files into (kept in `texts` for staging), else by a JS pass over the
 * records. When only deals and their child tables are linked, the engine answers the plan's few
 * questions itself (`keyFactsSql`) and only what it cannot answer exactly is moved into JS sets.
 */
export async function gatherKeys(
  engine: Engine,
  tables: Scanned[],
  options: Pick<ImportOptions, 'csvLoader' | 'signal'>,
  texts: Map<RawTable, TextRead>,
): Promise<KeyFacts | undefined> {
  if (tables.length < 2) return undefined;
  const text = new Map<Scanned, KeyTable>();
  const js: Scanned[] = [];
  for (const t of tables) {
    if (t.proposal.sampled === undefined) continue;
    const read = options.csvLoader === 'js' ? null : await readTextTable(engine, t.raw, options);
    if (read) texts.set(t.raw, read);
    if (read && 'text' in read) text.set(t, read.text);
    else js.push(t);
  }
  return keyFacts(engine, tables, text, js, options.signal);
}

/**
 * The plan's key facts once each sampled table's rows are in a text or typed table (`tables`)
 * or left to JS (`js`): the questions answered in SQL when only deals and their child tables are
 * linked, else the key sets gathered into JS. The tables' row counts are set first: they choose
 * the main table, which decides the questions.
 */
export async function keyFacts(
  engine: Engine,
  tables: Scanned[],
  text: Map<Scanned, KeyTable>,
  js: Scanned[],
  signal?: AbortSignal,
): Promise<KeyFacts | undefined> {
  for (const [t, k] of text) await completeKeysSql(engine, t, k, [], signal);
  const questions = js.length === 0 ? keyQuestions(tables) : null;
  if (!questions) {
    for (const t of tables) {
      if (t.proposal.sampled === undefined) continue;
      const cols = keyColumns(t, tables);
      const tt = text.get(t);
      if (tt) await completeKeysSql(engine, t, tt, cols, signal);
      else completeKeys(t, signal, cols);
    }
    return undefined;
  }
  return keyFactsSql(engine, questions, text, signal);
}

interface KeyColumn {
  t: Scanned;
  col: number;
  text: KeyTable;
  /** The CTE names' suffix. */
  n: number;
}

/**
 * Answers `questions` over the text tables, as the value sets would — in one query, and a second
 * for the titles a child's ids leave room for (`KeyPair.unless`): each column's
 * first `MAX_DISTINCT` distinct values in file order (`completeKeysSql`), compared lower-cased.
 * DuckDB's `lower` is JS's `toLowerCase` on ASCII only, so an overlap is the engine's when its
 * `from` values are all ASCII: then only ASCII values of `to` can match, and the one non-ASCII
 * character JS lower-cases to ASCII (U+212A KELVIN SIGN → k) is mapped first. Other overlaps,
 * and those with a table that has no text table, are left to the sets, gathered for them here.
 */
async function keyFactsSql(
  engine: Engine,
  questions: NonNullable<ReturnType<typeof keyQuestions>>,
  text: Map<Scanned, KeyTable>,
  signal?: AbortSignal,
): Promise<KeyFacts> {
  const cols = new Map<string, KeyColumn>();
  const id = (t: Scanned, col: number) => `${t.raw.file}\u0000${col}`;
  const column = (t: Scanned, col: number): KeyColumn | undefined => {
    const tt = text.get(t);
    if (!tt) return undefined;
    const k = id(t, col);
    const c = cols.get(k) ?? { t, col, text: tt, n: cols.size };
    cols.set(k, c);
    return c;
  };
  const pairs = questions.pairs.map((p) => {
    const from = column(p.from, p.fromCol);
    const to = column(p.to, p.toCol);
    const sql = from && to ? { from, to, count: !p.unless && linkable(p, from, to) } : undefined;
    return { ...p, sql };
  });
  const unique = questions.unique.map((u) => ({ ...u, sql: column(u.table, u.col) }));
  const pairKey = (p: KeyPair) => `${id(p.from, p.fromCol)}\u0001${id(p.to, p.toCol)}`;
  const overlaps = new Map<string, number>();
  const rest = new Map<Scanned, Set<number>>();
  const gather = (t: Scanned, col: number) => {
    if (text.has(t)) rest.set(t, (rest.get(t) ?? new Set()).add(col));
  };
  const answer = (asked: typeof pairs, row: Record<string, unknown>) =>
    asked.forEach((p, i) => {
      if (p.sql && row[`ascii${p.sql.from.n}`] !== false) {
        const size = Number(row[`norm${p.sql.from.n}`] ?? 0);
        overlaps.set(pairKey(p), size === 0 ? 0 : Number(row[`hit${i}`] ?? 0) / size);
      } else {
        gather(p.from, p.fromCol);
        gather(p.to, p.toCol);
      }
    });
  // First what every plan reads; then the titles, only for the children whose ids leave room
  // (an overlap of 1 with the ids, the usual export, settles the link without them).
  const first = pairs.filter((p) => !p.unless);
  signal?.throwIfAborted();
  const row = await factsQuery(engine, used(first, unique), first);
  answer(first, row);
  const counted = new Map<Scanned, LinkCount>();
  first.forEach((p, i) => {
    const c = p.sql?.count ? { from: p.sql.from.text, to: p.sql.to.text } : undefined;
    if (c && 'typed' in c.from && 'typed' in c.to)
      counted.set(p.from, {
        child: c.from.typed,
        deals: c.to.typed,
        misses: Number(row[`miss${i}`] ?? 0),
        clashes: Number(row[`clash${p.sql!.to.n}`] ?? 0),
      });
  });
  const then = pairs.filter((p) => p.unless && (overlaps.get(pairKey(p.unless)) ?? 0) < 1);
  signal?.throwIfAborted();
  if (then.length > 0) answer(then, await factsQuery(engine, used(then, []), then));
  const num = (k: string) => Number(row[k] ?? 0);
  const uniqueness = new Map<string, number>();
  for (const u of unique) {
    if (!u.sql) continue;
    const seen = num(`seen${u.sql.n}`);
    uniqueness.set(id(u.table, u.col), seen === 0 ? 0 : num(`cap${u.sql.n}`) / seen);
  }
  for (const [t, c] of rest) await completeKeysSql(engine, t, text.get(t)!, [...c], signal);

  // A question nobody foresaw would read a text-table column's sample as if it were whole.
  const whole = (t: Scanned, col: number) => !text.has(t) || (rest.get(t)?.has(col) ?? false);
  const unforeseen = (what: string) => new Error(`keys-sql: ${what} was not foreseen`);
  return {
    counted,
    overlap(from, fromCol, to, toCol) {
      const v = overlaps.get(`${id(from, fromCol)}\u0001${id(to, toCol)}`);
      if (v === undefined && !(whole(from, fromCol) && whole(to, toCol)))
        throw unforeseen('an overlap');
      return v;
    },
    uniqueness(t, col) {
      const v = uniqueness.get(id(t, col));
      if (v === undefined && !whole(t, col)) throw unforeseen('a uniqueness');
      return v;
    },
  };
}

/** `count`: the pair's link check is counted too (`LinkCount`). */
type SqlPair = { sql?: { from: KeyColumn; to: KeyColumn; count?: boolean } };

/**
 * Whether `from` → `to` is a stage history's deal column against the deals' ids where both typed
 * tables become the canonical ones as they are: then `historyAsTyped`'s link check is over the
 * very rows the facts group, and the groups answer it.
 */
function linkable(p: KeyPair, from: KeyColumn, to: KeyColumn): boolean {
  const typed = (k: KeyTable) => 'typed' in k && k.asIs === true;
  return (
    p.from.proposal.kind === 'stage_history' &&
    colOf(p.to, 'id') === p.toCol &&
    typed(from.text) &&
    typed(to.text)
  );
}

/** The columns `pairs` and `unique` read in SQL, each once, in the order they were numbered. */
function used(pairs: SqlPair[], unique: { sql?: KeyColumn }[]): KeyColumn[] {
  const cols = new Set<KeyColumn>();
  for (const p of pairs) if (p.sql) cols.add(p.sql.from).add(p.sql.to);
  for (const u of unique) if (u.sql) cols.add(u.sql);
  return [...cols].sort((a, b) => a.n - b.n);
}

/**
 * Columns' `cap`, `seen`, `ascii`, `norm` and pairs' `hit`, `miss`, `clash`, as one record. Each
 * is one branch of a UNION ALL, not a scalar subquery of one row: DuckDB plans a row of nine
 * subqueries as a join of nine relations, and ordering that join cost more than the answers on a
 * 300k-deal export (`EXPLAIN` alone ≈ 115 ms of CPU against ≈ 30 as branches, which counts the
 * plan's text too; preparing such a row alone took ≈ 87 ms: docs/benchmarks.md, twenty-third
 * round). The CLI's engine is cold and plans each statement once.
 */
async function factsQuery(
  engine: Engine,
  cols: KeyColumn[],
  pairs: SqlPair[],
): Promise<Record<string, unknown>> {
  if (cols.length === 0) return {};
  const ctes: string[] = [];
  const out: string[] = [];
  const froms = new Set(pairs.flatMap((p) => (p.sql ? [p.sql.from.n] : [])));
  const tos = new Set(pairs.flatMap((p) => (p.sql ? [p.sql.to.n] : [])));
  for (const c of cols) {
    const n = c.n;
    ctes.push(
      // Not every reader of `g` drops the "no value" group: a filter on `v` that all of them
      // share is pushed down to the scan, which then runs `textValue` on every row.
      `g${n} AS MATERIALIZED (SELECT * FROM ${grouped(c.text, c.col)})`,
      // The cap's sort only when there is more to cap.
      `c${n} AS MATERIALIZED (SELECT v FROM g${n} WHERE v IS NOT NULL AND (SELECT count(v) FROM g${n}) <= ${MAX_DISTINCT}
        UNION ALL (SELECT v FROM g${n} WHERE v IS NOT NULL AND (SELECT count(v) FROM g${n}) > ${MAX_DISTINCT}
          ORDER BY first LIMIT ${MAX_DISTINCT}))`,
    );
    out.push(
      branch(`cap${n}`, `count(*)`, `c${n}`),
      branch(`seen${n}`, `coalesce(sum(k) FILTER (WHERE v IS NOT NULL), 0)`, `g${n}`),
    );
    if (froms.has(n)) {
      ctes.push(`n${n} AS MATERIALIZED (SELECT DISTINCT lower(v) AS v FROM c${n})`);
      out.push(
        branch(`ascii${n}`, `coalesce(bool_and(strlen(v) = length(v)), true)::INTEGER`, `c${n}`),
        branch(`norm${n}`, `count(*)`, `n${n}`),
      );
    }
    if (tos.has(n))
      ctes.push(
        `t${n} AS MATERIALIZED (SELECT lower(v) AS v FROM (SELECT replace(v, '\u212a', 'k') AS v FROM c${n}) WHERE strlen(v) = length(v))`,
      );
  }
  const clashes = new Set<number>();
  pairs.forEach((p, i) => {
    if (!p.sql) return;
    const { from, to } = p.sql;
    out.push(branch(`hit${i}`, `count(*)`, `n${from.n} SEMI JOIN t${to.n} USING (v)`));
    if (!p.sql.count) return;
    // `linkCheckSql` over the groups: each distinct deal id once instead of every history row.
    out.push(
      branch(
        `miss${i}`,
        `coalesce(sum(k), 0)`,
        `g${from.n} WHERE v IS NOT NULL AND v NOT IN (SELECT v FROM g${to.n} WHERE v IS NOT NULL)`,
      ),
    );
    if (clashes.has(to.n)) return;
    clashes.add(to.n);
    // The groups hold each id once: two in one lower-cased group are two spellings.
    out.push(
      branch(
        `clash${to.n}`,
        `count(*)`,
        `(SELECT 1 FROM g${to.n} WHERE v IS NOT NULL GROUP BY lower(v) HAVING count(*) > 1)`,
      ),
    );
  });
  const res = await engine.query(`WITH ${ctes.join(',\n')}\n${out.join('\nUNION ALL ')}`);
  const row: Record<string, unknown> = {};
  const keys = res.getChild('k')!;
  const values = res.getChild('v')!;
  for (let i = 0; i < res.numRows; i++) {
    const k = String(keys.get(i));
    const v = Number(values.get(i));
    row[k] = k.startsWith('ascii') ? v === 1 : v;
  }
  return row;
}

/** One answer of `factsQuery`: `what` over `from`, as a row (`k`, `v`). */
const branch = (name: string, what: string, from: string) =>
  `SELECT ${quoteString(name)} AS k, (${what})::DOUBLE AS v FROM ${from}`;
