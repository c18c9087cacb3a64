/**
 * Relationship dynamics: every client gets a status in every period from their first purchase on
 * (new, repeat, regular, returned, lapsed, lost), counted per period, or followed from one period
 * to the next as a transition matrix. Rules: docs/metrics.md, "Relationship dynamics".
 */
import type { Catalog } from '../../query/catalog.ts';
import type { CompiledQuery } from '../../query/compiled.ts';
import { dateBucket } from '../../query/dimension.ts';
import type { Grain, ReportSpec } from '../../query/spec.ts';
import { agg, and, bin, caseWhen, cast, col, dateLit, eq, fn, isNull, lit, notNull, type Expr } from '../../query/sql/ast.ts';
import { afn, over, valuesTable } from '../../query/sql/analytic.ts';
import {
  deal,
  dealScope,
  dimCol,
  p,
  periodStart,
  periodStep,
  periodsBetween,
  purchasesQuery,
  q,
  select,
  splitColumn,
  splitSelect,
  valCol,
  withCtes,
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

interface StatusQuery {
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
function statusQuery(spec: ReportSpec, catalog: Catalog): StatusQuery {
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
      [[pc('client'), 'client'], [pc('split'), 'split'], [per, 'per'], [fn('coalesce', agg('sum', [pc('amount')]), lit(0)), 'revenue']],
      q('p'),
      [],
      `GROUP BY ${p(pc('client'))}, ${p(pc('split'))}, ${p(per)}`,
    ),
  ]);
  const latest = agg('max', [fn('greatest', cast(deal('created_at'), 'DATE'), cast(deal('closed_at'), 'DATE'))]);
  const last = spec.period ? periodStart(dateLit(spec.period.to), grain) : periodStart(latest, grain);
  ctes.push(['span', spec.period ? `SELECT ${p(last)} AS ${q('last_per')}` : `SELECT ${p(last)} AS ${q('last_per')} FROM ${q('deals')}`]);
  const pp = (c: string) => col('pp', c);
  ctes.push([
    'first',
    select([[pp('client'), 'client'], [pp('split'), 'split'], [agg('min', [pp('per')]), 'first_per']], q('pp'), [], `GROUP BY ${p(pp('client'))}, ${p(pp('split'))}`),
  ]);
  const fr = (c: string) => col('first', c);
  const series = afn('unnest', afn('generate_series', fr('first_per'), col('span', 'last_per'), periodStep(grain)));
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
    select([[g('client'), 'client'], [g('split'), 'split'], [g('per'), 'per'], [g('revenue'), 'revenue'], [status, 'status']], q('g')),
  ]);
  const shownFrom = spec.period ? periodStart(dateLit(spec.period.from), grain) : col('range', 'first_per');
  return { scope, grain, ctes, shownFrom };
}

/**
 * Mode A: clients (and their revenue) per period and status — every shown period × status, zeros
 * included. Shown periods run from the first purchase period (or the period of `spec.period.from`)
 * to the last period.
 */
export function compileDynamics(spec: ReportSpec, catalog: Catalog): CompiledQuery {
  const { scope, grain, ctes, shownFrom } = statusQuery(spec, catalog);
  ctes.push(['range', `SELECT min(${q('first_per')}) AS ${q('first_per')} FROM ${q('first')}`]);
  const series = afn('unnest', afn('generate_series', shownFrom, col('span', 'last_per'), periodStep(grain)));
  ctes.push([
    'periods',
    `SELECT CAST(${q('per')} AS DATE) AS ${q('per')}\n  FROM (SELECT ${p(series)} AS ${q('per')} FROM ${q('range')} CROSS JOIN ${q('span')})`,
  ]);
  ctes.push(['statuses', `SELECT * FROM ${valuesTable('statuses', ['status', 'status_order'], STATUSES.map((s, i) => [lit(s), lit(i + 1)]))}`]);
  ctes.push(['splits', scope.split ? `SELECT DISTINCT ${q('split')} FROM ${q('first')}` : `SELECT NULL AS ${q('split')}`]);
  const t = (c: string) => col('t', c);
  ctes.push([
    't',
    select(
      [[col('st', 'split'), 'split'], [col('st', 'per'), 'per'], [col('st', 'status'), 'status'], [agg('count', []), 'clients'], [agg('sum', [col('st', 'revenue')]), 'revenue']],
      q('st'),
      [],
      'GROUP BY ALL',
    ),
  ]);
  const sp = (c: string) => col('splits', c);
  const pr = (c: string) => col('periods', c);
  const ss = (c: string) => col('statuses', c);
  const out: [Expr, string][] = [
    ...splitSelect(scope, sp('split')),
    [dateBucket(pr('per'), grain), 'period'],
    [ss('status'), 'status'],
    [ss('status_order'), 'status_order'],
    [fn('coalesce', t('clients'), lit(0)), 'clients'],
    [fn('coalesce', t('revenue'), lit(0)), 'revenue'],
  ];
  const on = and(bin('IS NOT DISTINCT FROM', t('split'), sp('split')), eq(t('per'), pr('per')), eq(t('status'), ss('status')));
  const from = `${q('splits')} CROSS JOIN ${q('periods')} CROSS JOIN ${q('statuses')}\n  LEFT JOIN ${q('t')} ON ${p(on)}`;
  const order = `ORDER BY ${p(sp('split'))} ASC NULLS LAST, ${p(pr('per'))}, ${p(ss('status_order'))}`;
  return {
    sql: withCtes(ctes, `${select(out, from)}\n${order}`),
    columns: [
      ...splitColumn(scope),
      dimCol('period'),
      dimCol('status'),
      valCol('status_order', 'int'),
      valCol('clients', 'int'),
      valCol('revenue', 'money'),
    ],
    hasTotals: false,
    notes: scope.notes,
  };
}

/**
 * Mode B: the transition matrix. For every shown period t and client with a status in t, the pair
 * (status in t − 1, status in t), counted over all shown periods. `from_status` is NULL for a
 * client's first period (so the NULL → new row counts new clients). Only pairs that occur are listed.
 */
export function compileDynamicsTransitions(spec: ReportSpec, catalog: Catalog): CompiledQuery {
  const { scope, ctes, shownFrom } = statusQuery(spec, catalog);
  ctes.push(['range', `SELECT min(${q('first_per')}) AS ${q('first_per')} FROM ${q('first')}`]);
  const st = (c: string) => col('st', c);
  ctes.push([
    'tr',
    select(
      [[st('split'), 'split'], [st('per'), 'per'], [over(afn('lag', st('status')), [st('client'), st('split')], [st('per')]), 'from_status'], [st('status'), 'to_status']],
      q('st'),
    ),
  ]);
  const tr = (c: string) => col('tr', c);
  const order = (e: Expr) => caseWhen(STATUSES.map((s, i) => [eq(e, lit(s)), lit(i + 1)] as [Expr, Expr]), null);
  const out: [Expr, string][] = [
    ...splitSelect(scope, tr('split')),
    [tr('from_status'), 'from_status'],
    [tr('to_status'), 'to_status'],
    [agg('count', []), 'clients'],
  ];
  const tail = [
    `GROUP BY ${p(tr('split'))}, ${p(tr('from_status'))}, ${p(tr('to_status'))}`,
    `ORDER BY ${p(tr('split'))} ASC NULLS LAST, ${p(isNull(tr('from_status')))} DESC, ${p(order(tr('from_status')))}, ${p(order(tr('to_status')))}`,
  ].join('\n');
  const sql = withCtes(ctes, `${select(out, `${q('tr')} CROSS JOIN ${q('range')}`, [bin('>=', tr('per'), shownFrom)])}\n${tail}`);
  return {
    sql,
    columns: [...splitColumn(scope), dimCol('from_status'), { ...dimCol('to_status'), axis: 'column' }, valCol('clients', 'int')],
    hasTotals: false,
    notes: scope.notes,
  };
}
