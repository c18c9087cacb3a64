/** The LTV chart: revenue by RFM segment (pure; keys as in docs/metrics.md "## Analyses"). */
import * as Plot from '@observablehq/plot';
import { msg } from '../../../lib/message.ts';
import { formatter, labelDecimals, toNumber } from '../../format.ts';
import { labelMargin } from '../plot-margins.ts';
import {
  nothing,
  base,
  rows,
  splitAddedUp,
  splitKey,
  text,
  type Chart,
  type ChartInput,
  type ChartOptions,
} from '../chart.ts';

/** RFM segments in the order of the rules that assign them (docs/metrics.md, LTV). */
export const SEGMENTS = [
  'Champions',
  'New',
  'Loyal',
  'At risk',
  'Hibernating',
  'Promising',
] as const;

/**
 * LTV: revenue by RFM segment (bars in rule order), each labelled with its number of clients;
 * without any revenue (a dataset without deal amounts) the bars count the clients instead.
 */
export function ltvPlot({ columns, result }: ChartInput, o: ChartOptions): Chart {
  const sums = new Map<string, { segment: string; revenue: number; clients: number }>();
  let unsegmented = 0;
  for (const r of rows(result, ['segment', 'revenue'])) {
    // A compared LTV's client who bought only in the earlier period has no segment and no
    // revenue now: there is no bar to add them to, and the chart says so.
    if (r.segment === null || r.segment === undefined) {
      unsegmented++;
      continue;
    }
    const segment = text(r.segment, o.empty);
    const cur = sums.get(segment) ?? { segment, revenue: 0, clients: 0 };
    cur.revenue += toNumber(r.revenue) ?? 0;
    cur.clients += 1;
    sums.set(segment, cur);
  }
  const data = [...sums.values()];
  const notes = [
    ...splitAddedUp(splitKey(columns, ['client']), o),
    ...(unsegmented ? [msg('ltvLapsedNotDrawn')] : []),
  ];
  if (data.length === 0) return nothing('ltv', notes);
  const known = SEGMENTS as readonly string[];
  const domain = data
    .map((d) => d.segment)
    .sort(
      (a, b) => (known.indexOf(a) + 1 || 99) - (known.indexOf(b) + 1 || 99) || a.localeCompare(b),
    );
  const cat = (s: string) => o.category?.('segment', s) ?? s;
  const money = formatter('money', o.lang, { ...(o.money ?? {}), compact: true });
  // A bar's label to three significant digits, decimals shared by the bars; the axis's round
  // ticks keep the short form.
  const moneyText = formatter('money', o.lang, {
    ...(o.money ?? {}),
    compact: true,
    significant: 3,
    decimals: labelDecimals(data.map((d) => d.revenue)),
  });
  const int = formatter('int', o.lang);
  const byRevenue = data.some((d) => d.revenue !== 0);
  const x = byRevenue ? 'revenue' : 'clients';
  return {
    kind: 'ltv',
    notes,
    // The segments' axis has no title (its ticks name them): a screen reader hears the field.
    axisNames: { y: o.label('segment') },
    options: {
      ...base(o.width),
      height: domain.length * 30 + 60,
      marginLeft: labelMargin(domain.map(cat)),
      marginRight: 150,
      x: {
        grid: true,
        label: o.label(x),
        nice: true,
        tickFormat: byRevenue ? money : int,
      },
      y: { domain, label: null, tickFormat: cat },
      marks: [
        Plot.barX(data, {
          x,
          y: 'segment',
          fill: 'var(--accent, #3b6fd8)',
          title: (d: (typeof data)[number]) =>
            `${cat(d.segment)}\n` +
            (byRevenue ? `${o.label('revenue')}: ${money(d.revenue)}\n` : '') +
            `${o.label('clients')}: ${int(d.clients)}`,
          tip: true,
        }),
        Plot.text(data, {
          x,
          y: 'segment',
          text: (d: (typeof data)[number]) =>
            (byRevenue ? `${moneyText(d.revenue)} · ` : '') +
            `${int(d.clients)} ${o.label('clientsShort')}`,
          textAnchor: 'start',
          dx: 4,
          fill: 'currentColor',
        }),
        Plot.ruleX([0]),
      ],
    },
  };
}
