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
 * (`PreparedTables`, `src/query/prepared.ts`). Its name is a hash of the SQL that builds it, so
 * pipelines and stage spellings that give different summaries get different tables.
 */
import type { Catalog } from '../../query/catalog.ts';
import type { PreparedTable } from '../../query/compiled.ts';
import { caseWhen, col, eq, fn, lit, type Expr } from '../../query/sql/ast.ts';
import { deal, p, q, select, withCtes } from './common.ts';
import { historyCtes, inPipeline, irregularCtes, micros, upTo } from './funnel-parts.ts';

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
    q('deals'),
    [inPipeline(catalog, plan.pipeline)],
  );
  const hp = (c: string) => col('hp', c);
  const ctes: [string, string][] = [['d', d], ...historyCtes(plan.positionOf, openSteps)];
  let perDeal: string;
  if (openSteps === 0) {
    perDeal = select(
      [
        [hp('k'), 'k'],
        [hp('max_pos'), 'max_pos'],
      ],
      q('hp'),
    );
  } else {
    const dd = (c: string) => col('d', c);
    ctes.push([
      'x',
      select(
        [
          [dd('k'), 'k'],
          [dd('closed'), 'closed'],
        ],
        `${q('d')} JOIN ${q('hp')} ON ${p(eq(hp('k'), dd('k')))}`,
        [hp('irregular')],
      ),
    ]);
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
      `${q('hp')} LEFT JOIN ${q('hx')} ON ${p(eq(hx('k'), hp('k')))}`,
    );
  }
  ctes.push(['sd', perDeal]);
  const sd = (c: string) => col('sd', c);
  const won = eq(deal('status'), lit('won'));
  const current = caseWhen([[won, lit(plan.steps)]], plan.positionOf(deal('stage')));
  const reached = fn('coalesce', fn('greatest', current, sd('max_pos')), lit(1));
  const final = select(
    [
      [caseWhen([[inPipeline(catalog, plan.pipeline), reached]], null), 'reached_pos'],
      ...upTo(openSteps).map((i): [Expr, string] => [sd(`us_${i}`), `us_${i}`]),
    ],
    `${q('deals')} LEFT JOIN ${q('sd')} ON ${p(eq(sd('k'), dealRow()))}`,
    [],
    `ORDER BY ${p(dealRow())}`,
  );
  const body = withCtes(ctes, final, ['h']);
  const table = `_funnel_${hash(body)}`;
  return { table, sql: `CREATE OR REPLACE TABLE ${q(table)} AS\n${body}` };
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
