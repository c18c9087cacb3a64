/**
 * Client lifetime value: revenue, purchases, tenure and frequency per client, with RFM scores and a
 * segment; and the distribution of clients over revenue buckets. Rules: docs/metrics.md, "LTV".
 */
import type { Catalog } from '../../query/catalog.ts';
import type { CompiledQuery, OutputColumn } from '../../query/compiled.ts';
import { msg, type Message } from '../../lib/message.ts';
import { answerable, leftOutNote, type Need } from '../needs.ts';
import { binLabels, numberBins } from '../../query/dimension.ts';
import { CompileError } from '../../query/resolve.ts';
import type { ReportSpec } from '../../query/spec/spec.ts';
import {
  agg,
  and,
  bin,
  caseWhen,
  cast,
  col,
  dateLit,
  eq,
  fn,
  lit,
  type Expr,
} from '../../query/sql/ast.ts';
import { afn, over } from '../../query/sql/analytic.ts';
import { printQuery } from '../../query/sql/print.ts';
import { comparisonPeriod } from '../../query/period/period.ts';
import { compareLtv } from './ltv-compare.ts';
import { allCols, select, table, type Cte, type Query, type Select } from '../../query/sql/stmt.ts';
import {
  cte,
  dealScope,
  dimCol,
  essential,
  secondary,
  purchases,
  splitColumn,
  splitSelect,
  valCol,
  withNodes,
  ymd,
  type DealScope,
} from './common.ts';

export const LTV_KEYS = [
  'client',
  'revenue',
  'won_deals',
  'first_purchase',
  'last_purchase',
  'tenure_days',
  'purchase_frequency',
  'avg_deal',
  'recency_days',
  'r_score',
  'f_score',
  'm_score',
  'segment',
];

const AMOUNT: Need[] = ['amount'];

/** Segment names, in the order their rules are tried (first match wins). */
export const RFM_SEGMENTS = [
  'Champions',
  'New',
  'Loyal',
  'At risk',
  'Hibernating',
  'Promising',
] as const;

/** Default revenue bucket edges of {@link compileLtvDistribution}. */
export const LTV_BUCKETS = [1_000, 5_000, 10_000, 50_000, 100_000];

/** Purchases per client: revenue (NULL amounts count as 0), won deals, first and last purchase day. */
function perClientCtes(spec: ReportSpec, catalog: Catalog, allowSplit: boolean) {
  const scope = dealScope(spec, catalog, LTV_KEYS, allowSplit);
  const pc = (c: string) => col('p', c);
  const ctes: Cte[] = [
    cte('p', purchases(scope, spec.period)),
    cte(
      'c',
      select(
        [
          [pc('client'), 'client'],
          [pc('split'), 'split'],
          [fn('coalesce', agg('sum', [pc('amount')]), lit(0)), 'revenue'],
          [agg('count', []), 'won_deals'],
          [agg('min', [pc('day')]), 'first_day'],
          [agg('max', [pc('day')]), 'last_day'],
        ],
        table('p'),
        { groupBy: [pc('client'), pc('split')] },
      ),
    ),
  ];
  return { scope, ctes };
}

/**
 * A 1–5 score by quintile of rank: `1 + floor(5·(rank − 1) / n)`. Like ntile(5), but clients with
 * equal values share a score instead of being split between scores by an arbitrary tie-break.
 */
function quintile(value: Expr): Expr {
  const rank = over(fn('rank'), [], [value]);
  const n = over(agg('count', []), []);
  return cast(
    bin('+', lit(1), afn('floor', bin('/', bin('*', lit(5), bin('-', rank, lit(1))), n))),
    'INTEGER',
  );
}

/** The segment rules over the scores and the won-deal count (see docs/metrics.md). */
function segment(r: Expr, f: Expr, deals: Expr): Expr {
  const ge = (e: Expr, n: number) => bin('>=', e, lit(n));
  const le = (e: Expr, n: number) => bin('<=', e, lit(n));
  return caseWhen(
    [
      [and(ge(r, 4), ge(f, 4)), lit('Champions')],
      [and(ge(r, 4), eq(deals, lit(1))), lit('New')],
      [and(ge(r, 3), ge(f, 3)), lit('Loyal')],
      [and(le(r, 2), ge(f, 3)), lit('At risk')],
      [le(r, 2), lit('Hibernating')],
    ],
    lit('Promising'),
  );
}

/**
 * The LTV table as a statement and the scope it reads (see {@link compileLtv}); the drill-down
 * reads it whole, as a CTE, to list a segment's clients.
 */
export function ltvQuery(
  spec: ReportSpec,
  catalog: Catalog,
): { query: Query; scope: DealScope; columns: OutputColumn[]; notes: Message[] } {
  const { scope, ctes } = perClientCtes(spec, catalog, true);
  const c = (x: string) => col('c', x);
  const asOf = spec.period ? dateLit(spec.period.to) : col('a', 'as_of');
  ctes.push(cte('a', select([[agg('max', [col(null, 'day')]), 'as_of']], table('p'))));
  const tenure = fn('date_diff', lit('day'), c('first_day'), c('last_day'));
  ctes.push(
    cte(
      's',
      select(
        [
          [col('c', 'client'), 'client'],
          [c('split'), 'split'],
          [c('revenue'), 'revenue'],
          [c('won_deals'), 'won_deals'],
          [c('first_day'), 'first_day'],
          [c('last_day'), 'last_day'],
          [tenure, 'tenure_days'],
          [fn('date_diff', lit('day'), c('last_day'), asOf), 'recency_days'],
          [quintile(c('last_day')), 'r_score'],
          [quintile(c('won_deals')), 'f_score'],
          [quintile(c('revenue')), 'm_score'],
        ],
        table('c'),
        { joins: [{ type: 'CROSS', item: table('a') }] },
      ),
    ),
  );
  const s = (x: string) => col('s', x);
  const years = bin('/', cast(s('tenure_days'), 'DOUBLE'), lit(365.25));
  // Without deal amounts every client's revenue would read 0 and M would be 1 for all: those
  // columns are left out, said so, and clients are ranked by their purchases instead.
  const { kept, left, lacks } = answerable(
    [
      {
        key: 'revenue',
        expr: s('revenue'),
        column: essential(valCol('revenue', 'money')),
        needs: AMOUNT,
      },
      { key: 'won_deals', expr: s('won_deals'), column: valCol('won_deals', 'int') },
      {
        key: 'first_purchase',
        expr: ymd(s('first_day')),
        column: valCol('first_purchase', 'date'),
      },
      { key: 'last_purchase', expr: ymd(s('last_day')), column: valCol('last_purchase', 'date') },
      {
        key: 'tenure_days',
        expr: s('tenure_days'),
        column: secondary(valCol('tenure_days', 'days')),
      },
      {
        key: 'purchase_frequency',
        expr: bin('/', s('won_deals'), fn('greatest', years, lit(1))),
        column: secondary(valCol('purchase_frequency', 'number')),
      },
      {
        key: 'avg_deal',
        expr: bin('/', s('revenue'), s('won_deals')),
        column: secondary(valCol('avg_deal', 'money')),
        needs: AMOUNT,
      },
      {
        key: 'recency_days',
        expr: s('recency_days'),
        column: secondary(valCol('recency_days', 'days')),
      },
      { key: 'r_score', expr: s('r_score'), column: secondary(valCol('r_score', 'int')) },
      { key: 'f_score', expr: s('f_score'), column: secondary(valCol('f_score', 'int')) },
      {
        key: 'm_score',
        expr: s('m_score'),
        column: secondary(valCol('m_score', 'int')),
        needs: AMOUNT,
      },
      {
        key: 'segment',
        expr: segment(s('r_score'), s('f_score'), s('won_deals')),
        column: essential(valCol('segment', 'text')),
      },
    ],
    catalog,
  );
  const byRevenue = left.length === 0;
  const out: [Expr, string][] = [
    [s('client'), 'client'],
    ...splitSelect(scope, s('split')),
    ...kept.map((c): [Expr, string] => [c.expr, c.key]),
  ];
  const rank = byRevenue
    ? [{ expr: s('revenue'), desc: true }]
    : [
        { expr: s('won_deals'), desc: true },
        { expr: s('last_day'), desc: true },
      ];
  const final = select(out, table('s'), {
    orderBy: [...rank, { expr: s('client') }, { expr: s('split') }],
    ...(spec.limit != null ? { limit: Math.trunc(spec.limit) } : {}),
  });
  const columns: OutputColumn[] = [
    dimCol('client'),
    ...splitColumn(scope),
    ...kept.map((c) =>
      // The purchases rank the clients in revenue's place, so a narrow tile keeps them.
      !byRevenue && c.key === 'won_deals' ? essential(c.column) : c.column,
    ),
  ];
  const notes = byRevenue
    ? scope.notes
    : [
        ...scope.notes,
        leftOutNote(
          left.map((c) => c.key),
          lacks,
          msg('note_ltvByPurchases'),
        ),
      ];
  return { query: withNodes(ctes, final), scope, columns, notes };
}

/**
 * One row per client (per client and split value when `spec.rows[0]` is given), sorted by revenue,
 * highest first (by purchases, then the latest, on data without deal amounts); `spec.limit`
 * keeps the top N. `spec.period` limits the purchases considered and its end is the date recency
 * is measured from (otherwise the last purchase in scope).
 */
export function compileLtv(spec: ReportSpec, catalog: Catalog): CompiledQuery {
  if (spec.compare) return compileLtvCompared(spec, catalog);
  const { query, columns, notes } = ltvQuery(spec, catalog);
  return { sql: printQuery(query), columns, hasTotals: false, notes };
}

/**
 * With `spec.compare`: the table over the period beside each client's revenue and won deals over
 * the earlier period (ltv-compare.ts); `spec.limit` keeps the top N of the merged rows.
 */
function compileLtvCompared(spec: ReportSpec, catalog: Catalog): CompiledQuery {
  // As the pivot: a comparison needs a period to step back from.
  if (!spec.period || !spec.compare) throw new CompileError('compile_compareNeedsPeriod');
  const now = ltvQuery({ ...spec, limit: null }, catalog);
  // The rows are ordered once, after both periods are merged.
  const { orderBy: _, ...unordered } = now.query as Select;
  const earlierSpec = { ...spec, period: comparisonPeriod(spec.period, spec.compare) };
  const { ctes } = perClientCtes(earlierSpec, catalog, true);
  const c = (x: string) => col('c', x);
  const earlier = withNodes(
    ctes,
    select(
      [
        [c('client'), 'client'],
        [c('split'), 'split'],
        [c('revenue'), 'revenue'],
        [c('won_deals'), 'won_deals'],
      ],
      table('c'),
    ),
  );
  return compareLtv(
    { ...now, query: unordered, split: now.scope.split?.key ?? null },
    earlier,
    spec.limit,
  );
}

/**
 * Clients by lifetime revenue bucket (`<1000`, `1000–4999`, … `≥100000` for the default edges),
 * every bucket listed even when empty. Same purchases as {@link compileLtv}; no split.
 */
export function compileLtvDistribution(
  spec: ReportSpec,
  catalog: Catalog,
  edges: number[] = LTV_BUCKETS,
): CompiledQuery {
  if (
    edges.length === 0 ||
    edges.some((e, i) => !Number.isFinite(e) || (i > 0 && e <= edges[i - 1]!))
  ) {
    throw new CompileError('compile_ltvEdges');
  }
  const { scope, ctes } = perClientCtes(spec, catalog, false);
  const labels = binLabels(edges);
  const rows = labels.map((l, i) => [lit(l), lit(i + 1)]);
  ctes.push(
    cte('buckets', {
      kind: 'select',
      columns: [allCols()],
      from: { kind: 'values', rows, as: 'buckets', columns: ['bucket', 'bucket_order'] },
    }),
  );
  const bucket = numberBins(col('c', 'revenue'), edges);
  // Not `AS "revenue"`: ClickHouse reads an alias in every clause, so the bucket of `revenue`
  // would be the bucket of this sum.
  ctes.push(
    cte(
      'by_bucket',
      select(
        [
          [bucket, 'bucket'],
          [agg('count', []), 'clients'],
          [agg('sum', [col('c', 'revenue')]), 'bucket_revenue'],
        ],
        table('c'),
        { groupBy: [bucket] },
      ),
    ),
  );
  const b = (x: string) => col('b', x);
  const clients = fn('coalesce', b('clients'), lit(0));
  const revenue = fn('coalesce', b('bucket_revenue'), lit(0));
  const share = (e: Expr) =>
    bin('/', cast(e, 'DOUBLE'), fn('nullif', over(agg('sum', [e]), []), lit(0)));
  const out: [Expr, string][] = [
    [col('buckets', 'bucket'), 'revenue_bucket'],
    [clients, 'clients'],
    [revenue, 'revenue'],
    [share(clients), 'share_clients'],
    [share(revenue), 'share_revenue'],
  ];
  const final = select(out, table('buckets'), {
    joins: [
      {
        type: 'LEFT',
        item: table('by_bucket', 'b'),
        on: eq(b('bucket'), col('buckets', 'bucket')),
      },
    ],
    orderBy: [{ expr: col('buckets', 'bucket_order') }],
  });
  return {
    sql: printQuery(withNodes(ctes, final)),
    columns: [
      dimCol('revenue_bucket'),
      valCol('clients', 'int'),
      valCol('revenue', 'money'),
      valCol('share_clients', 'pct'),
      valCol('share_revenue', 'pct'),
    ],
    hasTotals: false,
    notes: scope.notes,
  };
}
