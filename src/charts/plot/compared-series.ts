/**
 * The series of a compared pivot chart: the period and its earlier side, in the order every
 * compared chart lists them, split by a member where the report has a second dimension. Pure.
 */
import { msg } from '../../lib/message.ts';
import { comparedScale, NOW_COLOR, SERIES_COLORS } from './compare-colors.ts';
import type { ChartNote } from './chart.ts';
import { inOwnOrder, inTime, rankBy, type Datum } from './plot-order.ts';

/**
 * The two sides of a compared chart in the order every one lists them, its legend and its bars:
 * the period first, the earlier one after it (the funnel drew "Q3 2025, Q3 2024", the pivot
 * "Q3 2024, Q3 2025" under the same report heading).
 */
export function comparedSides<T>(now: T, earlier: T): [T, T] {
  return [now, earlier];
}

/**
 * Under a comparison, the categories ranked by the period's own value, largest first: a manager
 * with a bigger last year does not come first (the sum of both sides ranked them so). A category
 * with no value now ranks by 0.
 */
export function rankByNow(data: Datum[]): string[] {
  const ranked = rankBy(
    data.filter((d) => !d.earlier),
    (d) => d.x,
  );
  const seen = new Set(ranked);
  return [...ranked, ...rankBy(data, (d) => d.x).filter((x) => !seen.has(x))];
}

/**
 * A compared chart's series: the two periods, or, split by a second dimension, each member's
 * two periods — its largest members by the period's own value (half of `max`, as each draws
 * two; date members the latest, in time; stages in pipeline order), the rest left out with a note. `seriesDomain` lists
 * each member's sides together (the bars of a group); the colour scale lists the period's
 * entries first, each member in its colour, then its earlier side that colour lighter
 * (compare-colors.ts).
 */
export function comparedSplit(
  all: Datum[],
  sides: [now: string, earlier: string],
  max: number,
  notes: ChartNote[],
): { data: Datum[]; seriesDomain: string[]; scale: { domain: string[]; range: string[] } } {
  if (!all.some((d) => d.member !== undefined))
    return {
      data: all,
      seriesDomain: sides,
      scale: comparedScale([[sides[0], NOW_COLOR]], () => sides[1]),
    };
  const ranked = rankBy(
    all.filter((d) => !d.earlier),
    (d) => d.member!,
  );
  const keys = new Map(
    all.flatMap((d) => (d.memberKey ? [[d.member!, d.memberKey] as const] : [])),
  );
  const most = Math.max(1, Math.floor(max / 2));
  const kept = keys.size > 0 ? inTime(ranked, keys).slice(-most) : ranked.slice(0, most);
  if (ranked.length > most) notes.push(msg('topSeries', { shown: most, total: ranked.length }));
  const places = new Map(
    all.flatMap((d) => (d.memberPlace !== undefined ? [[d.member!, d.memberPlace] as const] : [])),
  );
  const members = inOwnOrder(inTime(kept, keys), places);
  const keep = new Set(members);
  const name = (m: string, side: string) => `${m} · ${side}`;
  const earlierOf = new Map(members.map((m) => [name(m, sides[0]), name(m, sides[1])]));
  return {
    data: all.filter((d) => keep.has(d.member!)),
    seriesDomain: members.flatMap((m) => comparedSides(name(m, sides[0]), name(m, sides[1]))),
    scale: comparedScale(
      members.map((m, i) => [name(m, sides[0]), SERIES_COLORS[i % SERIES_COLORS.length]!] as const),
      (now) => earlierOf.get(now)!,
    ),
  };
}
