/**
 * LTV compared with an earlier period ("which clients bring more money than last year, which bring
 * less, who stopped buying"): the period's LTV table beside each client's revenue and won deals
 * over the earlier period (`comparisonPeriod`, the pivot's arithmetic), with Δ and growth named as
 * the pivot's: `revenue_previous`, `revenue_delta`, `revenue_growth`, `won_deals_*`
 * (docs/metrics.md, "LTV compared with an earlier period").
 */
import type { CompiledQuery, OutputColumn } from '../../query/compiled.ts';
import { EARLIER, growthValue } from '../../query/growth.ts';
import { agg, bin, caseWhen, cast, col, fn, lit, type Expr } from '../../query/sql/ast.ts';
import { printQuery } from '../../query/sql/print.ts';
import { prefixCtes } from '../../query/sql/rename.ts';
import { select, table, unionByName, type OrderKey, type Query } from '../../query/sql/stmt.ts';
import type { Message } from '../../lib/message.ts';
import { cte, withNodes } from './common.ts';

/** The values an earlier period is read for; each only where the LTV table has it. */
const COMPARED = ['revenue', 'won_deals'] as const;

/** The period's LTV table, unordered and unlimited, as `ltvQuery` built it. */
export interface LtvNow {
  query: Query;
  columns: OutputColumn[];
  notes: Message[];
  /** The split's output key, if the table is split. */
  split: string | null;
}

/** The statement's CTEs and its final SELECT, apart: both periods' CTEs go into one WITH. */
function unnest(q: Query): { ctes: NonNullable<Query['with']>; body: Query } {
  const { with: ctes = [], ...body } = q;
  return { ctes, body: body as Query };
}

/**
 * Both periods in one statement. `earlier` is a statement with a row per client (and split value)
 * over the earlier period: `client`, `split`, `revenue`, `won_deals`. The rows of both are
 * stacked and merged per client and split value — a client of only one period keeps a row, and a
 * NULL split value matches itself, which a join would not — so a client who bought before and not
 * now is listed with revenue and won deals 0 (growth −100 %) and no purchase dates, scores or
 * segment: those describe the period's purchases, and the period's quintiles are not moved by
 * clients without any. A client new in the period has no growth (nothing before): `_earlier` 0
 * says so, as the pivot's does (query/growth.ts), and the table reads "new".
 */
export function compareLtv(now: LtvNow, earlier: Query, limit: number | null): CompiledQuery {
  const a = unnest(prefixCtes(now.query, 'n_'));
  const b = unnest(prefixCtes(earlier, 'p_'));
  const split = now.split;
  const keys = ['client', ...(split ? [split] : [])];
  const compared = COMPARED.filter((k) => now.columns.some((c) => c.key === k));
  const values = now.columns.filter((c) => !keys.includes(c.key)).map((c) => c.key);
  const nowPass = select(
    [...keys, ...values].map((k): [Expr, string] => [col('lnow', k), k]),
    table('lnow'),
  );
  const prevPass = select(
    [
      [col('lprev', 'client'), 'client'],
      ...(split ? [[col('lprev', 'split'), split] as [Expr, string]] : []),
      ...compared.map((k): [Expr, string] => [col('lprev', k), `${k}_previous`]),
    ],
    table('lprev'),
  );
  const u = (k: string) => col('lu', k);
  const merged = select(
    [
      ...keys.map((k): [Expr, string] => [u(k), k]),
      ...[...values, ...compared.map((k) => `${k}_previous`)].map((k): [Expr, string] => [
        agg('max', [u(k)]),
        k,
      ]),
    ],
    table('lu'),
    { groupBy: keys.map(u) },
  );
  // Revenue and won deals read 0 for a client of only one period; the rest stays empty.
  const m = (k: string): Expr => {
    const c = col('lm', k);
    const base = k.replace(/_previous$/, '');
    if (base === 'won_deals') return cast(fn('coalesce', c, lit(0)), 'BIGINT');
    if (base === 'revenue') return cast(fn('coalesce', c, lit(0)), 'DOUBLE');
    return c;
  };
  const had = bin('>', m('won_deals_previous'), lit(0));
  const out: [Expr, string][] = [];
  const columns: OutputColumn[] = [];
  for (const c of now.columns) {
    out.push([m(c.key), c.key]);
    columns.push(c);
    if (!(compared as readonly string[]).includes(c.key)) continue;
    const prev = m(`${c.key}_previous`);
    const delta = bin('-', m(c.key), prev);
    const growth = growthValue(delta, prev);
    out.push(
      [prev, `${c.key}_previous`],
      [delta, `${c.key}_delta`],
      [cast(growth, 'DOUBLE'), `${c.key}_growth`],
    );
    const measure = c.key;
    columns.push(
      { key: `${c.key}_previous`, role: 'previous', measure, format: c.format },
      {
        key: `${c.key}_delta`,
        role: 'delta',
        measure,
        format: c.format,
        // Who brings more money and who less, in money: kept on a narrow tile and ranked across
        // every row. Growth is not ranked: every client who stopped buying ties at −100 %.
        ...(c.key === 'revenue' ? { essential: true as const, rankedWithin: [] } : {}),
      },
      { key: `${c.key}_growth`, role: 'growth', measure, format: 'pct' },
    );
  }
  for (const k of compared) {
    out.push([cast(caseWhen([[had, lit(1)]], lit(0)), 'INTEGER'), `${k}${EARLIER}`]);
    columns.push({ key: `${k}${EARLIER}`, role: 'earlier', measure: k, format: 'int' });
  }
  const first = compared[0] ?? 'won_deals';
  const orderBy: OrderKey[] = [
    { expr: m(first), desc: true },
    { expr: m(`${first}_previous`), desc: true },
    // Without amounts, as the table alone: the latest purchase first among equal counts.
    ...(first === 'won_deals' && values.includes('last_purchase')
      ? [{ expr: col('lm', 'last_purchase'), desc: true }]
      : []),
    ...keys.map((k) => ({ expr: col('lm', k) })),
  ];
  const final = select(out, table('lm'), {
    orderBy,
    ...(limit != null ? { limit: Math.trunc(limit) } : {}),
  });
  const statement = withNodes(
    [
      ...a.ctes,
      cte('lnow', a.body),
      ...b.ctes,
      cte('lprev', b.body),
      cte('lu', unionByName([nowPass, prevPass])),
      cte('lm', merged),
    ],
    final,
  );
  return { sql: printQuery(statement), columns, hasTotals: false, notes: now.notes };
}
