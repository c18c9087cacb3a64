/**
 * Relationship dynamics compared with an earlier period ("do we have more regular clients than
 * this quarter last year, and did we lose more"): each period's clients and revenue per status
 * beside those of the period it is compared with. Keys follow the pivot's and the funnel's:
 * `<v>_previous`, `<v>_delta`, `<v>_growth` right after each value (docs/metrics.md,
 * "Relationship dynamics compared with an earlier period").
 */
import type { OutputColumn } from '../../../query/compiled.ts';
import { EARLIER, growthValue } from '../../../query/growth.ts';
import { bin, caseWhen, cast, lit, type Expr } from '../../../query/sql/ast.ts';
import type { Status } from './dynamics-status.ts';

/** The statuses whose rise is bad news: fewer of them is the better change. */
const WORSE_WHEN_MORE: readonly Status[] = ['lapsed', 'lost'];

type Values = Record<'clients' | 'revenue', Expr>;

/** Each value, its earlier value, Δ and growth (as the pivot's: none from 0, query/growth.ts). */
export function comparedValues(now: Values, before: Values): [Expr, string][] {
  // Whether the earlier period had clients of the status: a status count reads 0 without any,
  // so only it tells "new" (none before) from "from 0" (clients whose revenue was 0), as the
  // pivot's and LTV's `<m>_earlier` (query/growth.ts, ltv-compare.ts).
  const had = cast(caseWhen([[bin('>', before.clients, lit(0)), lit(1)]], lit(0)), 'INTEGER');
  const earlier: [Expr, string][] = [
    [had, `clients${EARLIER}`],
    [had, `revenue${EARLIER}`],
  ];
  return [...values(now, before), ...earlier];
}

function values(now: Values, before: Values): [Expr, string][] {
  return (['clients', 'revenue'] as const).flatMap((k): [Expr, string][] => {
    const delta = bin('-', now[k], before[k]);
    const growth = growthValue(delta, before[k]);
    return [
      [now[k], k],
      [before[k], `${k}_previous`],
      [delta, `${k}_delta`],
      [cast(growth, 'DOUBLE'), `${k}_growth`],
    ];
  });
}

/**
 * The compared columns. The clients' growth is what "which status grew or shrank" reads: kept on
 * a narrow tile, and ranked among the statuses of each period (and split member), a rise of
 * lapsed or lost clients counting as a fall (charts/pivot/flat-marks.ts).
 */
export function comparedColumns(rankedWithin: string[]): OutputColumn[] {
  const earlier = (['clients', 'revenue'] as const).map((m): OutputColumn => ({
    key: `${m}${EARLIER}`,
    role: 'earlier',
    measure: m,
    format: 'int',
  }));
  return [...valueColumns(rankedWithin), ...earlier];
}

function valueColumns(rankedWithin: string[]): OutputColumn[] {
  return (
    [
      ['clients', 'int'],
      ['revenue', 'money'],
    ] as const
  ).flatMap(([key, format]): OutputColumn[] => [
    { key, role: 'measure', format, ...(key === 'clients' ? { essential: true as const } : {}) },
    { key: `${key}_previous`, role: 'previous', measure: key, format },
    { key: `${key}_delta`, role: 'delta', measure: key, format },
    {
      key: `${key}_growth`,
      role: 'growth',
      measure: key,
      format: 'pct',
      ...(key === 'clients'
        ? {
            essential: true as const,
            rankedWithin,
            rankReversed: { key: 'status', values: [...WORSE_WHEN_MORE] },
          }
        : {}),
    },
  ]);
}
