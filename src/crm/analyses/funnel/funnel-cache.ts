/**
 * The funnel's per-deal step summary, built once per dataset and pipeline instead of on every
 * funnel: for each deal of the pipeline with stage history, the furthest step its history reached
 * (`max_pos`) and its time in each open step in µs (`us_<i>`), exactly as docs/metrics.md defines
 * it. Every funnel (any period, filter or split) is then a join of the funnel's deals to this table
 * and a grouping, at pivot cost; reading, joining and grouping the whole stage history was most of
 * the funnel's time (docs/benchmarks.md, "Funnel: one grouping by deal").
 *
 * The table follows the deals table row for row (a deal is a deals row: ids need not be unique,
 * and each row has its own close). It depends on the loaded tables, so whoever runs the funnel
 * builds it before the query (`CompiledQuery.prepare`) and forgets it when the dataset changes
 * (`PreparedTables`, `src/query/run/prepared.ts`). Its name is a hash of the SQL that builds it, so
 * pipelines and stage spellings that give different summaries get different tables.
 */
import type { Catalog } from '../../../query/catalog.ts';
import type { PreparedTable } from '../../../query/compiled.ts';
import { and, bin, caseWhen, col, eq, fn, lit, type Expr } from '../../../query/sql/ast.ts';
import { over } from '../../../query/sql/analytic.ts';
import { printCreateTable, printQuery } from '../../../query/sql/print.ts';
import {
  allCols,
  item,
  select,
  sub,
  table,
  type Cte,
  type Join,
  type Query,
} from '../../../query/sql/stmt.ts';
import { cte, deal, withNodes } from '../common.ts';
import { historyCteNodes, inPipeline, irregularCtes, micros, upTo } from './funnel-parts.ts';

/** What the summary depends on: the pipeline, its steps and their mapping from stage names. */
export interface FunnelCacheKey {
  pipeline: string;
  /** How many steps there are (open stages, then the won stage). */
  steps: number;
  openSteps: number;
  positionOf: (e: Expr) => Expr;
}

/** The deals row number. */
const dealRow = (): Expr => deal('rowid');

/**
 * CTEs `h` … `sd` of the summary: `sd` has one row per key `k` of CTE `d` (the deals of the pipeline:
 * `k`, `deal_id`, `closed`) whose history has rows, with `max_pos` and, with open steps, `us_<i>`.
 */
function summaryCtes(d: Query, openSteps: number, positionOf: (e: Expr) => Expr): Cte[] {
  const hp = (c: string) => col('hp', c);
  // `h` is read again by the irregular deals' part: computed once.
  const ctes: Cte[] = [
    cte('d', d),
    ...historyCteNodes(positionOf, openSteps).map((c) =>
      c.name === 'h' ? { ...c, materialized: true } : c,
    ),
  ];
  let perDeal: Query;
  if (openSteps === 0) {
    perDeal = select(
      [
        [hp('k'), 'k'],
        [hp('max_pos'), 'max_pos'],
      ],
      table('hp'),
    );
  } else {
    const dd = (c: string) => col('d', c);
    ctes.push(
      cte(
        'x',
        select(
          [
            [dd('k'), 'k'],
            [dd('closed'), 'closed'],
          ],
          table('d'),
          {
            joins: [{ type: 'INNER', item: table('hp'), on: eq(hp('k'), dd('k')) }],
            where: hp('irregular'),
          },
        ),
      ),
    );
    ctes.push(...irregularCtes(openSteps));
    const hx = (c: string) => col('hx', c);
    // Regular deals keep the one-grouping reading; irregular ones take their row-by-row stays.
    perDeal = select(
      [
        [hp('k'), 'k'],
        [hp('max_pos'), 'max_pos'],
        ...upTo(openSteps).map((i): [Expr, string] => [
          caseWhen([[hp('irregular'), hx(`us_${i}`)]], hp(`us_${i}`)),
          `us_${i}`,
        ]),
      ],
      table('hp'),
      { joins: [{ type: 'LEFT', item: table('hx'), on: eq(hx('k'), hp('k')) }] },
    );
  }
  ctes.push(cte('sd', perDeal));
  return ctes;
}

/**
 * The table holding the per-deal summary of `plan`'s pipeline, and the statement that builds it
 * (`CREATE OR REPLACE TABLE … AS …`): one row per deals row, in the deals' row order, so that the
 * funnel pairs them with `POSITIONAL JOIN` instead of hashing a million keys. Columns:
 * `reached_pos` (the furthest step reached, by the history or the current stage; NULL for a deal
 * of another pipeline) and, with open steps, `us_1` … `us_<openSteps>`.
 */
export function funnelCache(catalog: Catalog, plan: FunnelCacheKey): PreparedTable {
  const { openSteps } = plan;
  const d = select(
    [
      [dealRow(), 'k'],
      [deal('id'), 'deal_id'],
      [micros(deal('closed_at')), 'closed'],
    ],
    table('deals'),
    { where: inPipeline(catalog, plan.pipeline) },
  );
  const ctes = summaryCtes(d, openSteps, plan.positionOf);
  const sd = (c: string) => col('sd', c);
  const won = eq(deal('status'), lit('won'));
  const current = caseWhen([[won, lit(plan.steps)]], plan.positionOf(deal('stage')));
  const reached = fn('coalesce', fn('greatest', current, sd('max_pos')), lit(1));
  const final = select(
    [
      [caseWhen([[inPipeline(catalog, plan.pipeline), reached]], null), 'reached_pos'],
      ...upTo(openSteps).map((i): [Expr, string] => [sd(`us_${i}`), `us_${i}`]),
    ],
    table('deals'),
    {
      joins: [{ type: 'LEFT', item: table('sd'), on: eq(sd('k'), dealRow()) }],
      orderBy: [{ expr: dealRow() }],
    },
  );
  const body = withNodes(ctes, final);
  const name = `_funnel_${hash(printQuery(body))}`;
  return { table: name, sql: printCreateTable(name, body) };
}

/** The summary as `funnelInline` gives it: CTEs, the joins that pair a deals row with its summary row. */
export interface InlineSummary {
  ctes: Cte[];
  /** Joined to `deals`: they make `sd`'s columns (`max_pos`, `us_<i>`) readable per deals row. */
  joins: Join[];
  /** The furthest step the deals row reached, for a deal of the pipeline. */
  reached: Expr;
}

/**
 * The summary inside the funnel's own statement, for engines where a table built beforehand does
 * not fit: a ClickHouse server answers each request on its own (a temporary table would not
 * survive to the next one) and the user's database is not ours to write. ClickHouse also has no
 * row numbers nor `POSITIONAL JOIN`, and computes a CTE once per reference, so the deals are keyed
 * by what the summary of a row depends on — its id and close — numbered in that order (the same
 * numbers on every reference), and joined back by that key. Rows sharing id and close share the
 * summary, as they do in the cached table.
 */
export function funnelInline(catalog: Catalog, plan: FunnelCacheKey): InlineSummary {
  const id = deal('id');
  const closed = micros(deal('closed_at'));
  const keys = select(
    [
      [id, 'deal_id'],
      [closed, 'closed'],
    ],
    table('deals'),
    { where: inPipeline(catalog, plan.pipeline), groupBy: [id, closed] },
  );
  const number = over(fn('row_number'), [], [col(null, 'deal_id'), col(null, 'closed')]);
  const d: Query = {
    kind: 'select',
    columns: [allCols(), item(number, 'k')],
    from: sub(keys, 'dk'),
  };
  const dd = (c: string) => col('d', c);
  const joins: Join[] = [
    {
      type: 'LEFT',
      item: table('d'),
      on: and(eq(dd('deal_id'), id), bin('IS NOT DISTINCT FROM', dd('closed'), closed)),
    },
    { type: 'LEFT', item: table('sd'), on: eq(col('sd', 'k'), dd('k')) },
  ];
  const won = eq(deal('status'), lit('won'));
  const current = caseWhen([[won, lit(plan.steps)]], plan.positionOf(deal('stage')));
  const reached = fn('coalesce', fn('greatest', current, col('sd', 'max_pos')), lit(1));
  return { ctes: summaryCtes(d, plan.openSteps, plan.positionOf), joins, reached };
}

/** A short stable hash of text (53-bit, cyrb53), in base 36: names the cache table. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
