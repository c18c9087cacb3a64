/**
 * The status of every client in every period (relationship dynamics), as CTEs shared by the
 * status counts and the transition matrix. Rules: docs/metrics.md, "Relationship dynamics".
 */
import type { Catalog } from '../../query/catalog.ts';
import type { Grain, ReportSpec } from '../../query/spec.ts';
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
  notNull,
  type Expr,
} from '../../query/sql/ast.ts';
import { afn, over } from '../../query/sql/analytic.ts';
import {
  deal,
  dealScope,
  p,
  periodStart,
  periodStep,
  periodsBetween,
  purchasesQuery,
  q,
  select,
  type DealScope,
} from './common.ts';

/** Statuses in display order. */
export const STATUSES = ['new', 'repeat', 'regular', 'returned', 'lapsed', 'lost'] as const;
export type Status = (typeof STATUSES)[number];

/** The pseudo-field that, as `spec.columns[0]`, asks for the transition matrix. */
export const TO_STATUS_FIELD = 'to_status';

export const DEFAULT_LAPSE_AFTER = 2;
export const DEFAULT_REGULAR_AFTER = 3;

const KEYS = ['period', 'status', 'status_order', 'clients', 'revenue', 'from_status', 'to_status'];

export interface StatusQuery {
  scope: DealScope;
  grain: Grain;
  ctes: [string, string][];
  /** First and last period start shown. */
  shownFrom: Expr;
}

/**
 * CTE `st`: one row per (client, split, period `per`) from the client's first purchase period to the
 * last period, with `bought`, `revenue` and `status`. The last period is the one holding
 * `spec.period.to`, or else the latest created/closed date of any deal. History before the period
 * still counts; `shownFrom` is where the shown periods start.
 */
export function statusQuery(spec: ReportSpec, catalog: Catalog): StatusQuery {
  const grain = spec.options.grain ?? 'quarter';
  const lapseAfter = spec.options.lapseAfter ?? DEFAULT_LAPSE_AFTER;
  const regularAfter = spec.options.regularAfter ?? DEFAULT_REGULAR_AFTER;
  const scope = dealScope(spec, catalog, KEYS);
  const pc = (c: string) => col('p', c);
  const per = periodStart(pc('day'), grain);
  const ctes: [string, string][] = [['p', purchasesQuery(scope, null)]];
  ctes.push([
    'pp',
    select(
      [
        [pc('client'), 'client'],
        [pc('split'), 'split'],
        [per, 'per'],
        [fn('coalesce', agg('sum', [pc('amount')]), lit(0)), 'revenue'],
      ],
      q('p'),
      [],
      `GROUP BY ${p(pc('client'))}, ${p(pc('split'))}, ${p(per)}`,
    ),
  ]);
  const latest = agg('max', [
    fn('greatest', cast(deal('created_at'), 'DATE'), cast(deal('closed_at'), 'DATE')),
  ]);
  const last = spec.period
    ? periodStart(dateLit(spec.period.to), grain)
    : periodStart(latest, grain);
  ctes.push([
    'span',
    spec.period
      ? `SELECT ${p(last)} AS ${q('last_per')}`
      : `SELECT ${p(last)} AS ${q('last_per')} FROM ${q('deals')}`,
  ]);
  const pp = (c: string) => col('pp', c);
  ctes.push([
    'first',
    select(
      [
        [pp('client'), 'client'],
        [pp('split'), 'split'],
        [agg('min', [pp('per')]), 'first_per'],
      ],
      q('pp'),
      [],
      `GROUP BY ${p(pp('client'))}, ${p(pp('split'))}`,
    ),
  ]);
  const fr = (c: string) => col('first', c);
  const series = afn(
    'unnest',
    afn('generate_series', fr('first_per'), col('span', 'last_per'), periodStep(grain)),
  );
  ctes.push([
    'grid',
    `SELECT ${q('client')}, ${q('split')}, CAST(${q('per')} AS DATE) AS ${q('per')}\n  FROM (SELECT ${p(fr('client'))} AS ${q('client')}, ${p(fr('split'))} AS ${q('split')}, ${p(series)} AS ${q('per')}\n    FROM ${q('first')} CROSS JOIN ${q('span')})`,
  ]);
  const gr = (c: string) => col('grid', c);
  const bought = notNull(pp('per'));
  const w = (f: Expr) => over(f, [gr('client'), gr('split')], [gr('per')]);
  ctes.push([
    'g',
    select(
      [
        [gr('client'), 'client'],
        [gr('split'), 'split'],
        [gr('per'), 'per'],
        [bought, 'bought'],
        [fn('coalesce', pp('revenue'), lit(0)), 'revenue'],
        // Purchase periods so far (this one included) and the latest of them.
        [w(agg('sum', [caseWhen([[bought, lit(1)]], lit(0))])), 'n'],
        [w(agg('max', [pp('per')])), 'last_bought'],
      ],
      `${q('grid')} LEFT JOIN ${q('pp')} ON ${p(and(eq(pp('client'), gr('client')), bin('IS NOT DISTINCT FROM', pp('split'), gr('split')), eq(pp('per'), gr('per'))))}`,
    ),
  ]);
  const g = (c: string) => col('g', c);
  const gap = periodsBetween(grain, g('last_bought'), g('per'));
  const prevGap = over(afn('lag', gap), [g('client'), g('split')], [g('per')]);
  const status = caseWhen(
    [
      [and(g('bought'), eq(g('n'), lit(1))), lit('new')],
      [and(g('bought'), bin('>=', prevGap, lit(1))), lit('returned')],
      [and(g('bought'), bin('>=', g('n'), lit(regularAfter))), lit('regular')],
      [g('bought'), lit('repeat')],
      [bin('<=', gap, lit(lapseAfter)), lit('lapsed')],
    ],
    lit('lost'),
  );
  ctes.push([
    'st',
    select(
      [
        [g('client'), 'client'],
        [g('split'), 'split'],
        [g('per'), 'per'],
        [g('revenue'), 'revenue'],
        [status, 'status'],
      ],
      q('g'),
    ),
  ]);
  const shownFrom = spec.period
    ? periodStart(dateLit(spec.period.from), grain)
    : col('range', 'first_per');
  return { scope, grain, ctes, shownFrom };
}
