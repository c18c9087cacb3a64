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

type Measure = 'clients' | 'revenue';
/** The values compared: the status view's clients and revenue, the matrix's clients alone. */
type Values = { clients: Expr; revenue?: Expr };
const FORMAT = { clients: 'int', revenue: 'money' } as const;
const measuresOf = (v: Values): Measure[] => (v.revenue ? ['clients', 'revenue'] : ['clients']);

/**
 * Each value, its earlier value, Δ and growth (as the pivot's: none from 0, query/growth.ts),
 * then each value's `<m>_earlier` flag.
 */
export function comparedValues(now: Values, before: Values): [Expr, string][] {
  // Whether the earlier period had clients of the status (or the move): a count reads 0
  // without any, so only it tells "new" (none before) from "from 0" (clients whose revenue was
  // 0), as the pivot's and LTV's `<m>_earlier` (query/growth.ts, ltv-compare.ts).
  const had = cast(caseWhen([[bin('>', before.clients, lit(0)), lit(1)]], lit(0)), 'INTEGER');
  const ms = measuresOf(now);
  const earlier = ms.map((k): [Expr, string] => [had, `${k}${EARLIER}`]);
  return [...ms.flatMap((k) => values(k, now[k]!, before[k]!)), ...earlier];
}

function values(k: Measure, now: Expr, before: Expr): [Expr, string][] {
  const delta = bin('-', now, before);
  return [
    [now, k],
    [before, `${k}_previous`],
    [delta, `${k}_delta`],
    [cast(growthValue(delta, before), 'DOUBLE'), `${k}_growth`],
  ];
}

/**
 * The compared columns of `measures`. The clients' growth is what "which status grew or shrank"
 * reads: kept on a narrow tile, and ranked among the rows of each `rankedWithin` group, a rise
 * of lapsed or lost clients (the row's `status` key: the status, or the matrix's `to_status`)
 * counting as a fall (charts/pivot/flat-marks.ts).
 */
export function comparedColumns(
  rankedWithin: string[],
  status = 'status',
  measures: readonly Measure[] = ['clients', 'revenue'],
): OutputColumn[] {
  const earlier = measures.map((m): OutputColumn => ({
    key: `${m}${EARLIER}`,
    role: 'earlier',
    measure: m,
    format: 'int',
  }));
  return [...measures.flatMap((m) => valueColumns(m, rankedWithin, status)), ...earlier];
}

function valueColumns(key: Measure, rankedWithin: string[], status: string): OutputColumn[] {
  const format = FORMAT[key];
  const clients = key === 'clients';
  return [
    { key, role: 'measure', format, ...(clients ? { essential: true as const } : {}) },
    { key: `${key}_previous`, role: 'previous', measure: key, format },
    { key: `${key}_delta`, role: 'delta', measure: key, format },
    {
      key: `${key}_growth`,
      role: 'growth',
      measure: key,
      format: 'pct',
      ...(clients
        ? {
            essential: true as const,
            rankedWithin,
            rankReversed: { key: status, values: [...WORSE_WHEN_MORE] },
          }
        : {}),
    },
  ];
}
