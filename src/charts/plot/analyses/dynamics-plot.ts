/**
 * Relationship dynamics: clients per status over time, and the status transition matrix (pure;
 * keys as in docs/metrics.md "## Analyses"). Statuses keep one colour on every chart.
 */
import { msg } from '../../../lib/message.ts';
import * as Plot from '@observablehq/plot';
import { formatter, toNumber } from '../../format.ts';
import { labelMargin } from '../plot-margins.ts';
import { comparedScale } from '../compare-colors.ts';
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

/** Relationship statuses in `status_order`, each with a fixed colour (the same on every chart). */
export const STATUS_COLORS: readonly (readonly [string, string])[] = [
  ['new', '#4e79a7'],
  ['repeat', '#76b7b2'],
  ['regular', '#59a14f'],
  ['returned', '#edc948'],
  ['lapsed', '#f28e2b'],
  ['lost', '#e15759'],
];

/** A period's count of clients in one status, the period's or (compared) its earlier side's. */
interface Bar {
  period: string;
  status: string;
  earlier: boolean;
  clients: number;
}

/** The widest a period's bar is drawn. */
const MAX_BAR = 96;

/** Marks the earlier period's status in the colour scale (its swatch and tint) apart from the period's. */
const EARLIER = '\u0001';

/**
 * Relationship dynamics: stacked bars of clients per status in each period, statuses in
 * `status_order` with fixed colours. Compared with an earlier period (`clients_previous` in the
 * result), each period has two stacks side by side, its own and the earlier one's in the same
 * statuses' colours lighter (compare-colors.ts), the legend listing the period's first.
 */
export function dynamicsPlot({ columns, result }: ChartInput, o: ChartOptions): Chart {
  const compared = columns.some((c) => c.key === 'clients_previous');
  const raw = rows(result, [
    'period',
    'status',
    'clients',
    ...(compared ? ['clients_previous'] : []),
  ]);
  const sums = new Map<string, Bar>();
  // With a split the counts of each (period, status) are added up: one bar per period.
  for (const r of raw) {
    const period = text(r.period, o.empty);
    const status = text(r.status, o.empty);
    for (const earlier of compared ? [false, true] : [false]) {
      const key = `${period}\u0000${status}${earlier ? EARLIER : ''}`;
      const cur = sums.get(key) ?? { period, status, earlier, clients: 0 };
      cur.clients += toNumber(earlier ? r.clients_previous : r.clients) ?? 0;
      sums.set(key, cur);
    }
  }
  const data = [...sums.values()];
  // Every count 0 (a period before the data): Plot stretched the empty domain [0, 0] over the
  // whole height, tall bars of nothing. The table says the zeros; the chart says there is no data.
  if (data.every((d) => d.clients === 0)) return nothing('dynamics');
  const int = formatter('int', o.lang);
  const periods = [...new Set(data.map((d) => d.period))].sort((a, b) =>
    a.localeCompare(b, undefined, { numeric: true }),
  );
  const statuses = STATUS_COLORS.map(([s]) => s);
  const cat = (s: string) => o.category?.('status', s) ?? s;
  // The sides by their periods ("Q3 2025", "Q3 2024"), else their columns' labels.
  const sideName = (earlier: boolean) => {
    const key = earlier ? 'clients_previous' : 'clients';
    return o.periodLabel?.(key) ?? o.label(key);
  };
  // Periods are keys ("2025-Q1", which sort in time) drawn by their names («1 кв. 2025»).
  const name = (p: string) => (p === o.empty ? p : (o.category?.('period', p) ?? p));
  const width = Math.max(280, Math.floor(o.width));
  // A tick's room from its longest name (~6 px a character at 11 px): «нед. 9, 2025» needs more
  // than "2025-03" did, and names closer than that draw over each other.
  const room = Math.max(56, Math.max(...periods.map((p) => name(p).length)) * 6 + 12);
  const maxTicks = Math.max(2, Math.floor((width - 60) / room));
  const step = Math.ceil(periods.length / maxTicks);
  // A period's band is the plot's width over few periods: one quarter (a compared quarter, a
  // short range) drew one bar 850 px wide. The bar keeps at most MAX_BAR px, centred in its band
  // (Plot's band: padding 0.1 inside and out over the plot's width less its margins).
  const band = ((width - 56 - 20) / (periods.length + 0.1)) * 0.9;
  const inset = Math.max(0, (band - MAX_BAR) / 2);
  const notes = splitAddedUp(splitKey(columns, ['period', 'status']), o);
  const x = {
    label: o.label('period'),
    ticks: periods.filter((_, i) => i % step === 0),
    tickFormat: name,
  };
  const y = {
    grid: true,
    label: o.label('clients'),
    tickFormat: formatter('int', o.lang, { compact: true }),
  };
  const title = (d: Bar) =>
    `${name(d.period)}${compared ? `\n${sideName(d.earlier)}` : ''}\n${cat(d.status)}: ${int(d.clients)}`;
  if (compared) {
    // The two stacks of a period stand together: each takes at most MAX_BAR px of its half of
    // the period's facet, the room left on its outer side (a facet: the plot's width over the
    // periods, 0.1 apart; a half: the facet's, 0.05 apart).
    const facet = ((width - 56 - 20) / (periods.length - 0.1)) * 0.9;
    const half = (facet / 1.95) * 0.95;
    const outer = Math.max(0, half - MAX_BAR);
    const stack = (earlier: boolean) =>
      Plot.barY(
        data.filter((d) => d.earlier === earlier),
        {
          fx: 'period',
          x: () => (earlier ? 'earlier' : 'now'),
          y: 'clients',
          fill: (d: Bar) => (earlier ? `${d.status}${EARLIER}` : d.status),
          order: earlier ? statuses.map((st) => `${st}${EARLIER}`) : statuses,
          ...(earlier ? { insetRight: outer } : { insetLeft: outer }),
          title,
          tip: true,
        },
      );
    return {
      kind: 'dynamics',
      notes,
      axisNames: { fx: o.label('period'), y: o.label('clients') },
      options: {
        ...base(width),
        height: 300,
        marginLeft: 56,
        fx: { ...x, domain: periods, paddingInner: 0.1, paddingOuter: 0 },
        x: { domain: ['now', 'earlier'], axis: null, paddingInner: 0.05, paddingOuter: 0 },
        y,
        color: {
          ...comparedScale(STATUS_COLORS, (st) => `${st}${EARLIER}`),
          legend: true,
          tickFormat: (k: string) =>
            k.endsWith(EARLIER)
              ? `${cat(k.slice(0, -EARLIER.length))} · ${sideName(true)}`
              : `${cat(k)} · ${sideName(false)}`,
        },
        marks: [stack(false), stack(true), Plot.ruleY([0])],
      },
    };
  }
  return {
    kind: 'dynamics',
    notes,
    options: {
      ...base(width),
      height: 300,
      marginLeft: 56,
      x: { ...x, domain: periods },
      y,
      color: {
        domain: statuses,
        range: STATUS_COLORS.map(([, c]) => c),
        legend: true,
        tickFormat: cat,
      },
      marks: [
        Plot.barY(data, {
          x: 'period',
          y: 'clients',
          fill: 'status',
          order: statuses,
          insetLeft: inset,
          insetRight: inset,
          title,
          tip: true,
        }),
        Plot.ruleY([0]),
      ],
    },
  };
}

/** The dynamics transition matrix: from-status (rows) × to-status (columns), coloured by clients. */
export function transitionsPlot({ columns, result }: ChartInput, o: ChartOptions): Chart {
  const sums = new Map<string, { from: string; to: string; clients: number }>();
  for (const r of rows(result, ['from_status', 'to_status', 'clients'])) {
    const from = r.from_status === null ? '' : String(r.from_status);
    const to = text(r.to_status, o.empty);
    const key = `${from}\u0000${to}`;
    const cur = sums.get(key) ?? { from, to, clients: 0 };
    cur.clients += toNumber(r.clients) ?? 0;
    sums.set(key, cur);
  }
  const data = [...sums.values()];
  if (data.length === 0) return nothing('transitions');
  const int = formatter('int', o.lang);
  const order = STATUS_COLORS.map(([s]) => s);
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : s === '' ? -1 : order.length);
  const byRank = (a: string, b: string) => rank(a) - rank(b) || a.localeCompare(b);
  const froms = [...new Set(data.map((d) => d.from))].sort(byRank);
  const tos = [...new Set(data.map((d) => d.to))].sort(byRank);
  const cat = (s: string) => (s === '' ? o.empty : (o.category?.('status', s) ?? s));
  const max = Math.max(...data.map((d) => d.clients));
  return {
    kind: 'transitions',
    notes: [
      ...splitAddedUp(splitKey(columns, ['from_status', 'to_status']), o),
      // One colour per cell: the earlier counts beside them would halve every cell, as cohorts'.
      ...(columns.some((c) => c.role === 'previous') ? [msg('transitionsEarlierNotDrawn')] : []),
    ],
    options: {
      ...base(o.width),
      height: froms.length * 34 + 90,
      marginLeft: labelMargin(froms.map(cat)),
      marginTop: 30,
      x: { domain: tos, label: o.label('to_status'), axis: 'top', tickFormat: cat },
      y: { domain: froms, label: o.label('from_status'), tickFormat: cat },
      color: {
        type: 'linear',
        scheme: 'purples',
        legend: true,
        label: o.label('clients'),
        tickFormat: formatter('int', o.lang, { compact: true }),
      },
      marks: [
        Plot.cell(data, {
          x: 'to',
          y: 'from',
          fill: 'clients',
          inset: 1,
          title: (d: (typeof data)[number]) => `${cat(d.from)} → ${cat(d.to)}: ${int(d.clients)}`,
          tip: true,
        }),
        Plot.text(data, {
          x: 'to',
          y: 'from',
          text: (d: (typeof data)[number]) => int(d.clients),
          fill: (d: (typeof data)[number]) => (d.clients > max * 0.55 ? 'white' : 'black'),
          fontSize: 11,
        }),
      ],
    },
  };
}
