/**
 * The funnel chart: reached per step in funnel order, with the step conversion (pure; keys as in
 * docs/metrics.md "## Analyses").
 */
import { msg } from '../../../lib/message.ts';
import * as Plot from '@observablehq/plot';
import { formatter, toNumber } from '../../format.ts';
import { fitText, labelMargin, PLOT_MIN, textWidth, truncate } from '../plot-margins.ts';
import { comparedScale, NOW_COLOR } from '../compare-colors.ts';
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

/** Room right of the bars for their value labels, in px. */
const VALUE_ROOM = 110;

/** Marks an earlier period's row of the y axis apart from its step's (the tick names the step once). */
const EARLIER = '\u0001';

/**
 * Funnel: horizontal bars of `reached` per step in funnel order, labelled with the count and the
 * step conversion. With a split, one small funnel per split value (first 8, `maxFacets`). Compared with an
 * earlier period (`reached_previous` in the result), each step has two bars, the period's and
 * below it the earlier one's, lighter, named by their periods in a legend ("Q3 2025", "Q3 2024").
 */
export function funnelPlot({ columns, result }: ChartInput, o: ChartOptions): Chart {
  const split = splitKey(columns, ['stage', 'position']);
  const compared = columns.some((c) => c.key === 'reached_previous');
  const data = rows(result, [
    'stage',
    'position',
    'reached',
    'step_conversion',
    ...(compared ? ['reached_previous', 'step_conversion_previous'] : []),
    ...(split ? [split] : []),
  ]).flatMap((r) => {
    const one = (earlier: boolean) => {
      const suffix = earlier ? '_previous' : '';
      const stage = text(r.stage, o.empty);
      return {
        stage,
        row: earlier ? `${stage}${EARLIER}` : stage,
        side: earlier ? 'reached_previous' : 'reached',
        position: toNumber(r.position) ?? 0,
        reached: toNumber(r[`reached${suffix}`]) ?? 0,
        conv: toNumber(r[`step_conversion${suffix}`]),
        split: split ? text(r[split], o.empty) : '',
      };
    };
    return compared ? [one(false), one(true)] : [one(false)];
  });
  if (data.length === 0) return nothing('funnel');
  const notes: Chart['notes'] = [];
  const int = formatter('int', o.lang);
  const pct = formatter('pct', o.lang);
  const stages = [...new Map(data.map((d) => [d.stage, d.position])).entries()]
    .sort((a, b) => a[1] - b[1])
    .map(([s]) => s);
  const yDomain = compared ? stages.flatMap((s) => [s, `${s}${EARLIER}`]) : stages;
  const sideName = (side: string) => o.periodLabel?.(side) ?? o.label(side);
  const splits = [...new Set(data.map((d) => d.split))];
  const most = o.maxFacets ?? 8;
  // A cap below the default is a tile's: it says the report has the rest.
  if (splits.length > most)
    notes.push(
      msg(o.maxFacets === undefined ? 'topSeries' : 'topFunnels', {
        shown: most,
        total: splits.length,
      }),
    );
  const keep = new Set(splits.slice(0, most));
  const shown = data.filter((d) => keep.has(d.split));
  const label = (d: (typeof data)[number]) =>
    d.conv === null ? int(d.reached) : `${int(d.reached)} · ${pct(d.conv)}`;
  const title = (d: (typeof data)[number]) =>
    `${d.split ? `${d.split}\n` : ''}${d.stage}${compared ? `\n${sideName(d.side)}` : ''}\n${o.label('reached')}: ${int(d.reached)}${
      d.conv === null ? '' : `\n${o.label('step_conversion')}: ${pct(d.conv)}`
    }`;
  const facets = split ? Math.min(splits.length, most) : 1;
  const perStage = compared ? 40 : 26;
  // The members' names go right of the room kept for the bars' value labels ("7 226 · 82,8 %"),
  // which reach past the frame: in that room they ran out of the chart («Контекстная рекла»).
  const facetRoom = split
    ? Math.ceil(Math.max(...splits.slice(0, most).map((s) => textWidth(truncate(s))))) + 8
    : 0;
  // A narrow chart (a tile) shrinks both margins to leave the bars room (keepPlotArea does it
  // for every chart): done here, so the names' padding shrinks with them and they are cut to fit.
  const marginLeft = labelMargin(stages);
  const wanted = marginLeft + VALUE_ROOM + facetRoom;
  const scale = Math.min(1, Math.max(0, o.width - PLOT_MIN) / wanted);
  const valueRoom = Math.floor(VALUE_ROOM * scale);
  const nameRoom = Math.floor(facetRoom * scale);
  const facetName = (s: string) => fitText(truncate(s), nameRoom - 8);
  return {
    kind: 'funnel',
    notes,
    // The steps' axis has no title (its ticks name the steps): a screen reader hears the field.
    axisNames: { y: o.label('stage'), ...(split ? { fy: o.label(split) } : {}) },
    options: {
      ...base(o.width),
      height: Math.max(140, facets * (stages.length * perStage + 16) + (compared ? 80 : 50)),
      marginLeft: Math.floor(marginLeft * scale),
      marginRight: valueRoom + nameRoom,
      x: {
        grid: true,
        label: o.label('reached'),
        nice: true,
        tickFormat: formatter('int', o.lang, { compact: true }),
      },
      y: {
        domain: yDomain,
        label: null,
        // The step is named once, beside its period's bar; the earlier bar sits right below it.
        ...(compared
          ? {
              tickFormat: (s: string) => (s.endsWith(EARLIER) ? '' : s),
              tickSize: 0,
              paddingInner: 0.15,
            }
          : {}),
      },
      ...(compared
        ? {
            color: {
              // The earlier period's bars: the same hue, lighter, so the period's own bars lead.
              ...comparedScale([['reached', NOW_COLOR]], () => 'reached_previous'),
              legend: true,
              tickFormat: sideName,
            },
          }
        : {}),
      ...(split
        ? {
            fy: {
              domain: splits.slice(0, most),
              label: null,
              tickSize: 0,
              tickPadding: valueRoom,
              tickFormat: facetName,
            },
          }
        : {}),
      marks: [
        Plot.barX(shown, {
          x: 'reached',
          y: compared ? 'row' : 'stage',
          ...(split ? { fy: 'split' } : {}),
          fill: compared ? 'side' : 'var(--accent, #3b6fd8)',
          title,
          tip: true,
        }),
        Plot.text(shown, {
          x: 'reached',
          y: compared ? 'row' : 'stage',
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
