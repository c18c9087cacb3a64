/** The cohort chart: a retention triangle (pure; keys as in docs/metrics.md "## Analyses"). */
import * as Plot from '@observablehq/plot';
import { msg } from '../../../lib/message.ts';
import { LOCALES, formatter, toNumber } from '../../format.ts';
import { labelMargin, rampLegend } from '../plot-margins.ts';
import {
  nothing,
  base,
  rows,
  splitKey,
  text,
  type Chart,
  type ChartInput,
  type ChartOptions,
} from '../chart.ts';

/**
 * Cohorts: a triangle heatmap — cohort (rows, oldest first) × periods since the first purchase,
 * coloured by retention with the share written in each cell. The colour scale stops at the
 * largest retention after period 0 (period 0 is 100 % by definition and would wash out the rest).
 */
export function cohortPlot({ columns, result }: ChartInput, o: ChartOptions): Chart {
  const split = splitKey(columns, ['cohort', 'period_index']);
  // A row is its keys ("Web · 2025-03", which sort by split, then in time), drawn by its names
  // («Web · март 2025»): each part named by its own column, never the joined text.
  const names = new Map<string, string>();
  const part = (key: string, v: unknown) => {
    const shown = text(v, o.empty);
    return v === null || v === undefined || v === '' ? shown : (o.category?.(key, shown) ?? shown);
  };
  const rowOf = (r: Record<string, unknown>) => {
    const id = split
      ? `${text(r[split], o.empty)} · ${text(r.cohort, o.empty)}`
      : text(r.cohort, o.empty);
    if (!names.has(id))
      names.set(
        id,
        split ? `${part(split, r[split])} · ${part('cohort', r.cohort)}` : part('cohort', r.cohort),
      );
    return id;
  };
  const data = rows(result, [
    'cohort',
    'period_index',
    'retention',
    'active_clients',
    'cohort_size',
    ...(split ? [split] : []),
  ])
    .map((r) => ({
      cohort: rowOf(r),
      k: toNumber(r.period_index) ?? 0,
      retention: toNumber(r.retention),
      active: toNumber(r.active_clients) ?? 0,
      size: toNumber(r.cohort_size) ?? 0,
    }))
    .filter((d) => d.retention !== null);
  if (data.length === 0) return nothing('cohort');
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
  // Without a client back after period 0 (one cohort, no later period yet) the ramp would read
  // 0–1 %, a scale no cell is on: period 0 is 100 % by definition and says nothing of retention.
  const ramp = later.some((v) => v > 0);
  const name = (c: string) => names.get(c) ?? c;
  const width = Math.max(280, Math.floor(o.width));
  // A split cohort's tick names its member and month whole («Контекстная реклама · февраль
  // 2025»): the margin fits the whole name (cut to 28 characters it lost its first letter), up to
  // two fifths of a wide chart.
  const marginLeft = labelMargin(
    cohorts.map(name),
    40,
    Math.max(220, Math.floor(width * 0.4)),
    Infinity,
  );
  const cell = (width - marginLeft - 10) / Math.max(1, ks.length);
  const fontSize = cell >= 30 ? 10 : cell >= 22 ? 8 : 0;
  const marks: Plot.Markish[] = [
    Plot.cell(data, {
      x: 'k',
      y: 'cohort',
      fill: 'retention',
      inset: 0.5,
      title: (d: (typeof data)[number]) =>
        `${name(d.cohort)} · ${o.label('period_index')} ${d.k}\n${o.label('retention')}: ${pct(d.retention)} (${int(d.active)} / ${int(d.size)})`,
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
    kind: 'cohort',
    // A heatmap has one colour per cell: the earlier cohorts beside them would halve every cell.
    notes: columns.some((c) => c.role === 'previous') ? [msg('cohortEarlierNotDrawn')] : [],
    // The cohorts' axis has no title (its ticks name them): a screen reader hears the field.
    axisNames: { y: o.label('cohort') },
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
      y: { domain: cohorts, label: null, tickFormat: name },
      color: {
        type: 'linear',
        scheme: 'blues',
        domain: [0, top],
        clamp: true,
        label: o.label('retention'),
        // Round ticks as an axis has (20 %, not 20,0 %); a cell's tooltip keeps the decimal.
        ...(ramp
          ? rampLegend(formatter('pct', o.lang, { compact: true }), [0, top])
          : { legend: false }),
      },
      marks,
    },
  };
}
