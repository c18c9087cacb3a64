/**
 * The funnel chart: reached per step in funnel order, with the step conversion (pure; keys as in
 * docs/metrics.md "## Analyses").
 */
import * as Plot from '@observablehq/plot';
import { formatter, toNumber } from '../format.ts';
import { labelMargin } from './plot-margins.ts';
import {
  nothing,
  base,
  rows,
  splitKey,
  text,
  type Chart,
  type ChartInput,
  type ChartOptions,
} from './chart.ts';

/**
 * Funnel: horizontal bars of `reached` per step in funnel order, labelled with the count and the
 * step conversion. With a split, one small funnel per split value (first 8).
 */
export function funnelPlot({ columns, result }: ChartInput, o: ChartOptions): Chart {
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
  if (data.length === 0) return nothing('funnel');
  const notes: Chart['notes'] = [];
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
    kind: 'funnel',
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
