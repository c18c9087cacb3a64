/**
 * Relationship dynamics: every client gets a status in every period from their first purchase on
 * (new, repeat, regular, returned, lapsed, lost), counted per period, or followed from one period
 * to the next as a transition matrix. Rules: docs/metrics.md, "Relationship dynamics".
 */
import type { Catalog } from '../../query/catalog.ts';
import type { CompiledQuery } from '../../query/compiled.ts';
import { dateBucket } from '../../query/dimension.ts';
import type { ReportSpec } from '../../query/spec.ts';
import { agg, and, bin, col, eq, fn, lit, type Expr } from '../../query/sql/ast.ts';
import { afn, valuesTable } from '../../query/sql/analytic.ts';
import {
  dimCol,
  p,
  periodStep,
  q,
  select,
  splitColumn,
  splitSelect,
  valCol,
  withCtes,
} from './common.ts';
import { STATUSES, statusQuery } from './dynamics-status.ts';

export {
  STATUSES,
  TO_STATUS_FIELD,
  DEFAULT_LAPSE_AFTER,
  DEFAULT_REGULAR_AFTER,
  type Status,
} from './dynamics-status.ts';
export { compileDynamicsTransitions } from './dynamics-transitions.ts';

/**
 * Mode A: clients (and their revenue) per period and status — every shown period × status, zeros
 * included. Shown periods run from the first purchase period (or the period of `spec.period.from`)
 * to the last period.
 */
export function compileDynamics(spec: ReportSpec, catalog: Catalog): CompiledQuery {
  const { scope, grain, ctes, shownFrom } = statusQuery(spec, catalog);
  ctes.push(['range', `SELECT min(${q('first_per')}) AS ${q('first_per')} FROM ${q('first')}`]);
  const series = afn(
    'unnest',
    afn('generate_series', shownFrom, col('span', 'last_per'), periodStep(grain)),
  );
  ctes.push([
    'periods',
    `SELECT CAST(${q('per')} AS DATE) AS ${q('per')}\n  FROM (SELECT ${p(series)} AS ${q('per')} FROM ${q('range')} CROSS JOIN ${q('span')})`,
  ]);
  ctes.push([
    'statuses',
    `SELECT * FROM ${valuesTable(
      'statuses',
      ['status', 'status_order'],
      STATUSES.map((s, i) => [lit(s), lit(i + 1)]),
    )}`,
  ]);
  ctes.push([
    'splits',
    scope.split
      ? `SELECT DISTINCT ${q('split')} FROM ${q('first')}`
      : `SELECT NULL AS ${q('split')}`,
  ]);
  const t = (c: string) => col('t', c);
  ctes.push([
    't',
    select(
      [
        [col('st', 'split'), 'split'],
        [col('st', 'per'), 'per'],
        [col('st', 'status'), 'status'],
        [agg('count', []), 'clients'],
        [agg('sum', [col('st', 'revenue')]), 'revenue'],
      ],
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
  const on = and(
    bin('IS NOT DISTINCT FROM', t('split'), sp('split')),
    eq(t('per'), pr('per')),
    eq(t('status'), ss('status')),
  );
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
