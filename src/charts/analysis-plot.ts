/**
 * Plot options for the CRM analyses (funnel, cohorts, relationship dynamics and its transition
 * matrix, LTV segments) and the pivot's scatter. Pure, like plot-spec.ts: they read result
 * columns by the keys documented in docs/metrics.md "## Analyses" and build marks, no DOM.
 */
import * as Plot from '@observablehq/plot';
import type { OutputColumn } from '../query/compiled.ts';
import { LOCALES, formatter, toNumber } from './format.ts';
import { labelMargin } from './plot-spec.ts';
import type { ResultLike } from './result.ts';
import {
  NONE,
  base,
  rows,
  splitKey,
  text,
  type AnalysisPlot,
  type AnalysisPlotOptions,
} from './plot-kit.ts';
import { scatterPlot } from './scatter-plot.ts';

export type { AnalysisPlot, AnalysisPlotOptions } from './plot-kit.ts';

/** Relationship statuses in `status_order`, each with a fixed colour (the same on every chart). */
export const STATUS_COLORS: readonly (readonly [string, string])[] = [
  ['new', '#4e79a7'],
  ['repeat', '#76b7b2'],
  ['regular', '#59a14f'],
  ['returned', '#edc948'],
  ['lapsed', '#f28e2b'],
  ['lost', '#e15759'],
];

/** RFM segments in the order of the rules that assign them (docs/metrics.md, LTV). */
export const SEGMENTS = [
  'Champions',
  'New',
  'Loyal',
  'At risk',
  'Hibernating',
  'Promising',
] as const;

export type AnalysisChartKind =
  'funnel' | 'cohort' | 'dynamics' | 'transitions' | 'ltv' | 'scatter';

/**
 * Funnel: horizontal bars of `reached` per step in funnel order, labelled with the count and the
 * step conversion. With a split, one small funnel per split value (first 8).
 */
export function funnelPlot(
  columns: OutputColumn[],
  result: ResultLike,
  o: AnalysisPlotOptions,
): AnalysisPlot {
  const split = splitKey(columns, ['stage', 'position']);
  const data = rows(result, [
    'stage',
    'position',
    'reached',
    'step_conversion',
    ...(split ? [split] : []),
  ]).map((r) => ({
    stage: text(r.stage, o.empty),
    position: toNumber(r.position) ?? 0,
    reached: toNumber(r.reached) ?? 0,
    conv: toNumber(r.step_conversion),
    split: split ? text(r[split], o.empty) : '',
  }));
  if (data.length === 0) return NONE;
  const notes: AnalysisPlot['notes'] = [];
  const int = formatter('int', o.lang);
  const pct = formatter('pct', o.lang);
  const stages = [...new Map(data.map((d) => [d.stage, d.position])).entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([s]) => s);
  const splits = [...new Set(data.map((d) => d.split))];
  if (splits.length > 8) notes.push({ key: 'topSeries', shown: 8, total: splits.length });
  const keep = new Set(splits.slice(0, 8));
  const shown = data.filter((d) => keep.has(d.split));
  const label = (d: (typeof data)[number]) =>
    d.conv === null ? int(d.reached) : `${int(d.reached)} · ${pct(d.conv)}`;
  const title = (d: (typeof data)[number]) =>
    `${d.split ? `${d.split}\n` : ''}${d.stage}\n${o.label('reached')}: ${int(d.reached)}${
      d.conv === null ? '' : `\n${o.label('step_conversion')}: ${pct(d.conv)}`
    }`;
  const facets = split ? Math.min(splits.length, 8) : 1;
  return {
    notes,
    options: {
      ...base(o.width),
      height: Math.max(140, facets * (stages.length * 26 + 16) + 50),
      marginLeft: labelMargin(stages),
      marginRight: 110,
      x: {
        grid: true,
        label: o.label('reached'),
        nice: true,
        tickFormat: formatter('int', o.lang, { compact: true }),
      },
      y: { domain: stages, label: null },
      ...(split ? { fy: { domain: splits.slice(0, 8), label: null } } : {}),
      marks: [
        Plot.barX(shown, {
          x: 'reached',
          y: 'stage',
          ...(split ? { fy: 'split' } : {}),
          fill: 'var(--accent, #3b6fd8)',
          title,
          tip: true,
        }),
        Plot.text(shown, {
          x: 'reached',
          y: 'stage',
          ...(split ? { fy: 'split' } : {}),
          text: label,
          textAnchor: 'start',
          dx: 4,
          fill: 'currentColor',
        }),
        Plot.ruleX([0]),
      ],
    },
  };
}

/**
 * Cohorts: a triangle heatmap — cohort (rows, oldest first) × periods since the first purchase,
 * coloured by retention with the share written in each cell. The colour scale stops at the
 * largest retention after period 0 (period 0 is 100 % by definition and would wash out the rest).
 */
export function cohortPlot(
  columns: OutputColumn[],
  result: ResultLike,
  o: AnalysisPlotOptions,
): AnalysisPlot {
  const split = splitKey(columns, ['cohort', 'period_index']);
  const data = rows(result, [
    'cohort',
    'period_index',
    'retention',
    'active_clients',
    'cohort_size',
    ...(split ? [split] : []),
  ])
    .map((r) => ({
      cohort: split
        ? `${text(r[split], o.empty)} · ${text(r.cohort, o.empty)}`
        : text(r.cohort, o.empty),
      k: toNumber(r.period_index) ?? 0,
      retention: toNumber(r.retention),
      active: toNumber(r.active_clients) ?? 0,
      size: toNumber(r.cohort_size) ?? 0,
    }))
    .filter((d) => d.retention !== null);
  if (data.length === 0) return NONE;
  const pct = formatter('pct', o.lang);
  const pct0 = new Intl.NumberFormat(LOCALES[o.lang], {
    style: 'percent',
    maximumFractionDigits: 0,
  });
  const int = formatter('int', o.lang);
  const cohorts = [...new Set(data.map((d) => d.cohort))].sort((a, b) =>
    a.localeCompare(b, undefined, { numeric: true }),
  );
  const ks = [...new Set(data.map((d) => d.k))].sort((a, b) => a - b);
  const later = data.filter((d) => d.k > 0).map((d) => d.retention ?? 0);
  const top = Math.max(0.01, ...later);
  const width = Math.max(280, Math.floor(o.width));
  const marginLeft = labelMargin(cohorts);
  const cell = (width - marginLeft - 10) / Math.max(1, ks.length);
  const fontSize = cell >= 30 ? 10 : cell >= 22 ? 8 : 0;
  const marks: Plot.Markish[] = [
    Plot.cell(data, {
      x: 'k',
      y: 'cohort',
      fill: 'retention',
      inset: 0.5,
      title: (d: (typeof data)[number]) =>
        `${d.cohort} · ${o.label('period_index')} ${d.k}\n${o.label('retention')}: ${pct(d.retention)} (${int(d.active)} / ${int(d.size)})`,
      tip: true,
    }),
  ];
  if (fontSize > 0) {
    marks.push(
      Plot.text(data, {
        x: 'k',
        y: 'cohort',
        text: (d: (typeof data)[number]) => pct0.format(d.retention ?? 0),
        fill: (d: (typeof data)[number]) => ((d.retention ?? 0) > top * 0.6 ? 'white' : 'black'),
        fontSize,
      }),
    );
  }
  return {
    notes: [],
    options: {
      ...base(width),
      height: Math.max(140, cohorts.length * 18 + 70),
      marginLeft,
      marginTop: 30,
      x: {
        domain: ks,
        label: o.label('period_index'),
        axis: 'top',
        ticks: ks.filter((k) => ks.length <= 24 || k % 3 === 0),
      },
      y: { domain: cohorts, label: null },
      color: {
        type: 'linear',
        scheme: 'blues',
        domain: [0, top],
        clamp: true,
        legend: true,
        label: o.label('retention'),
        tickFormat: pct,
      },
      marks,
    },
  };
}

/**
 * Relationship dynamics: stacked bars of clients per status in each period, statuses in
 * `status_order` with fixed colours.
 */
export function dynamicsPlot(
  columns: OutputColumn[],
  result: ResultLike,
  o: AnalysisPlotOptions,
): AnalysisPlot {
  const raw = rows(result, ['period', 'status', 'clients']);
  const sums = new Map<string, { period: string; status: string; clients: number }>();
  // With a split the counts of each (period, status) are added up: one bar per period.
  for (const r of raw) {
    const period = text(r.period, o.empty);
    const status = text(r.status, o.empty);
    const key = `${period}\u0000${status}`;
    const cur = sums.get(key) ?? { period, status, clients: 0 };
    cur.clients += toNumber(r.clients) ?? 0;
    sums.set(key, cur);
  }
  const data = [...sums.values()];
  if (data.length === 0) return NONE;
  const int = formatter('int', o.lang);
  const periods = [...new Set(data.map((d) => d.period))].sort((a, b) =>
    a.localeCompare(b, undefined, { numeric: true }),
  );
  const statuses = STATUS_COLORS.map(([s]) => s);
  const cat = (s: string) => o.category?.('status', s) ?? s;
  const width = Math.max(280, Math.floor(o.width));
  const maxTicks = Math.max(2, Math.floor((width - 60) / 56));
  const step = Math.ceil(periods.length / maxTicks);
  return {
    notes: splitKey(columns, ['period', 'status'])
      ? [{ key: 'extraDims', shown: 2, total: 3 }]
      : [],
    options: {
      ...base(width),
      height: 300,
      marginLeft: 56,
      x: {
        domain: periods,
        label: o.label('period'),
        ticks: periods.filter((_, i) => i % step === 0),
      },
      y: {
        grid: true,
        label: o.label('clients'),
        tickFormat: formatter('int', o.lang, { compact: true }),
      },
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
          title: (d: (typeof data)[number]) => `${d.period}\n${cat(d.status)}: ${int(d.clients)}`,
          tip: true,
        }),
        Plot.ruleY([0]),
      ],
    },
  };
}

/** The dynamics transition matrix: from-status (rows) × to-status (columns), coloured by clients. */
export function transitionsPlot(
  columns: OutputColumn[],
  result: ResultLike,
  o: AnalysisPlotOptions,
): AnalysisPlot {
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
  if (data.length === 0) return NONE;
  const int = formatter('int', o.lang);
  const order = STATUS_COLORS.map(([s]) => s);
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : s === '' ? -1 : order.length);
  const byRank = (a: string, b: string) => rank(a) - rank(b) || a.localeCompare(b);
  const froms = [...new Set(data.map((d) => d.from))].sort(byRank);
  const tos = [...new Set(data.map((d) => d.to))].sort(byRank);
  const cat = (s: string) => (s === '' ? o.empty : (o.category?.('status', s) ?? s));
  const max = Math.max(...data.map((d) => d.clients));
  return {
    notes: splitKey(columns, ['from_status', 'to_status'])
      ? [{ key: 'extraDims', shown: 2, total: 3 }]
      : [],
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

/** LTV: revenue by RFM segment (bars in rule order), each labelled with its number of clients. */
export function ltvPlot(
  _columns: OutputColumn[],
  result: ResultLike,
  o: AnalysisPlotOptions,
): AnalysisPlot {
  const sums = new Map<string, { segment: string; revenue: number; clients: number }>();
  for (const r of rows(result, ['segment', 'revenue'])) {
    const segment = text(r.segment, o.empty);
    const cur = sums.get(segment) ?? { segment, revenue: 0, clients: 0 };
    cur.revenue += toNumber(r.revenue) ?? 0;
    cur.clients += 1;
    sums.set(segment, cur);
  }
  const data = [...sums.values()];
  if (data.length === 0) return NONE;
  const known = SEGMENTS as readonly string[];
  const domain = data
    .map((d) => d.segment)
    .sort(
      (a, b) => (known.indexOf(a) + 1 || 99) - (known.indexOf(b) + 1 || 99) || a.localeCompare(b),
    );
  const cat = (s: string) => o.category?.('segment', s) ?? s;
  const money = formatter('money', o.lang, { ...(o.money ?? {}), compact: true });
  const int = formatter('int', o.lang);
  return {
    notes: [],
    options: {
      ...base(o.width),
      height: domain.length * 30 + 60,
      marginLeft: labelMargin(domain.map(cat)),
      marginRight: 150,
      x: { grid: true, label: o.label('revenue'), nice: true, tickFormat: money },
      y: { domain, label: null, tickFormat: cat },
      marks: [
        Plot.barX(data, {
          x: 'revenue',
          y: 'segment',
          fill: 'var(--accent, #3b6fd8)',
          title: (d: (typeof data)[number]) =>
            `${cat(d.segment)}\n${o.label('revenue')}: ${money(d.revenue)}\n${o.label('clients')}: ${int(d.clients)}`,
          tip: true,
        }),
        Plot.text(data, {
          x: 'revenue',
          y: 'segment',
          text: (d: (typeof data)[number]) =>
            `${money(d.revenue)} · ${int(d.clients)} ${o.label('clientsShort')}`,
          textAnchor: 'start',
          dx: 4,
          fill: 'currentColor',
        }),
        Plot.ruleX([0]),
      ],
    },
  };
}

/** The chart an analysis result gets; `scatter` only for a pivot that asks for it. */
export function analysisChart(
  analysis: 'pivot' | 'funnel' | 'ltv' | 'cohort' | 'dynamics',
  columns: OutputColumn[],
): AnalysisChartKind | null {
  switch (analysis) {
    case 'funnel':
      return 'funnel';
    case 'cohort':
      return 'cohort';
    case 'ltv':
      return columns.some((c) => c.key === 'segment') ? 'ltv' : null;
    case 'dynamics':
      return columns.some((c) => c.key === 'to_status') ? 'transitions' : 'dynamics';
    default:
      return null;
  }
}

const BUILDERS = {
  funnel: funnelPlot,
  cohort: cohortPlot,
  dynamics: dynamicsPlot,
  transitions: transitionsPlot,
  ltv: ltvPlot,
  scatter: scatterPlot,
} as const;

/** Builds the chart of a kind. */
export function buildAnalysisPlot(
  kind: AnalysisChartKind,
  columns: OutputColumn[],
  result: ResultLike,
  o: AnalysisPlotOptions,
): AnalysisPlot {
  return BUILDERS[kind](columns, result, o);
}
