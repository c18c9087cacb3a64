/**
 * The forecast's charts (pure; keys as in docs/metrics.md, "Pipeline forecast"): expected revenue
 * per slice (won deals when the data has no amounts) as bars with its 90 % range as a rule and, as of a past date, what was won as a dot;
 * a backtest as won deals per as-of date — forecast, baseline and what happened.
 */
import * as Plot from '@observablehq/plot';
import { formatDate, formatter, toNumber } from '../../format.ts';
import {
  base,
  nothing,
  rows,
  splitKey,
  type Chart,
  type ChartInput,
  type ChartOptions,
} from '../chart.ts';
import { forecastShape } from '../chart-choice.ts';
import { textWidth, tickDepth, xTitleMargin } from '../plot-margins.ts';

const OWN = ['period', 'period_end', 'as_of'];

interface Slice {
  period: string;
  expected: number;
  low: number | null;
  high: number | null;
  actual: number | null;
}

/** What the bars count: revenue, or won deals when the data has no amounts. */
interface Keys {
  expected: string;
  low: string;
  high: string;
  actual: string;
}
const REVENUE: Keys = {
  expected: 'expected_revenue',
  low: 'low',
  high: 'high',
  actual: 'actual_revenue',
};
const WON: Keys = {
  expected: 'expected_won',
  low: 'won_low',
  high: 'won_high',
  actual: 'actual_won',
};

/**
 * Revenue, unless no slice expects any (a dataset without deal amounts, like a lead export):
 * then the won deals, which the same result carries, or the bars would all be zero.
 */
function keysOf({ columns, result }: ChartInput): Keys {
  if (!columns.some((c) => c.key === WON.expected)) return REVENUE;
  const read = rows(result, [REVENUE.expected]);
  return read.some((r) => (toNumber(r[REVENUE.expected]) ?? 0) !== 0) ? REVENUE : WON;
}

/** One slice per period: the total row of a split, the sum of its members without one. */
function slices({ columns, result }: ChartInput, k: Keys): Slice[] {
  const keys = columns.map((c) => c.key);
  const split = splitKey(columns, OWN);
  const grouped = keys.includes('_grouping');
  const read = rows(result, ['period', k.expected, k.low, k.high, k.actual, '_grouping']);
  const out = new Map<string, Slice>();
  for (const r of read) {
    if (grouped && Number(r._grouping) !== 1) continue;
    const period = String(r.period);
    const cur = out.get(period) ?? { period, expected: 0, low: null, high: null, actual: null };
    cur.expected += toNumber(r[k.expected]) ?? 0;
    const actual = toNumber(r[k.actual]);
    if (actual !== null) cur.actual = (cur.actual ?? 0) + actual;
    // A range does not add up over members: drawn for a whole (unsplit or total) row only.
    if (!split || grouped) [cur.low, cur.high] = [toNumber(r[k.low]), toNumber(r[k.high])];
    out.set(period, cur);
  }
  return [...out.values()];
}

export function forecastPlot(input: ChartInput, o: ChartOptions): Chart {
  const shape = forecastShape(input.columns.map((c) => c.key));
  if (shape === 'backtest') return backtestPlot(input, o);
  const k = keysOf(input);
  const data = slices(input, k);
  if (!data.length) return nothing('forecast');
  const money =
    k === REVENUE
      ? formatter('money', o.lang, { ...(o.money ?? {}), compact: true })
      : formatter('number', o.lang);
  // Nothing expected anywhere: a 0–1 axis, not Plot's empty [0, 0] domain that fills the frame.
  const flat = data.every((d) => d.expected === 0 && !d.high && !d.actual);
  const ranged = data.filter((d) => d.low !== null && d.high !== null);
  const actual = data.filter((d) => d.actual !== null);
  // Slices are named by their first day, written the UI language's way (the table's too); the
  // names turn when they cannot stand side by side under their bars.
  const day = (iso: string) => formatDate(iso, o.lang);
  const names = data.map((d) => day(d.period));
  const room = (o.width - 80) / data.length;
  const rotate =
    data.length > 12 || Math.max(...names.map((n) => textWidth(n, 10))) > room - 8 ? -45 : 0;
  return {
    kind: 'forecast',
    notes: [],
    options: {
      ...base(o.width),
      height: 260,
      marginLeft: 60,
      // Turned, the periods reach deep under the axis; its title goes below them.
      // A date's comma and spaces are estimated narrower than drawn: a few px to spare.
      marginBottom: xTitleMargin(tickDepth(names, rotate) + (rotate ? 4 : 0)),
      x: { label: o.label('period'), type: 'band', tickRotate: rotate, tickFormat: day },
      y: {
        grid: true,
        label: o.label(k.expected),
        nice: true,
        tickFormat: money,
        ...(flat ? { domain: [0, 1] } : {}),
      },
      color: {
        legend: true,
        // What was won is a past as-of date's only.
        domain: [o.label(k.expected), o.label(k.actual)].slice(0, actual.length ? 2 : 1),
        range: ['var(--accent, #3b6fd8)', 'currentColor'],
      },
      marks: [
        Plot.barY(data, {
          x: 'period',
          y: 'expected',
          fill: () => o.label(k.expected),
          fillOpacity: 0.75,
          title: (d: Slice) =>
            `${day(d.period)}\n${o.label(k.expected)}: ${money(d.expected)}` +
            (d.low !== null && d.high !== null ? `\n${money(d.low)} – ${money(d.high)}` : '') +
            (d.actual !== null ? `\n${o.label(k.actual)}: ${money(d.actual)}` : ''),
          tip: true,
        }),
        Plot.ruleX(ranged, { x: 'period', y1: 'low', y2: 'high', strokeWidth: 2 }),
        Plot.dot(actual, {
          x: 'period',
          y: 'actual',
          fill: () => o.label(k.actual),
          r: 4,
        }),
        Plot.ruleY([0]),
      ],
    },
  };
}

/** Won deals per as-of date: the forecast, the baseline and what happened. */
function backtestPlot({ result }: ChartInput, o: ChartOptions): Chart {
  const series = ['expected_won', 'baseline_won', 'actual_won'] as const;
  const data = rows(result, ['as_of', ...series]).flatMap((r) =>
    series.map((s) => ({ as_of: String(r.as_of), series: o.label(s), value: toNumber(r[s]) ?? 0 })),
  );
  if (!data.length) return nothing('forecast');
  const num = formatter('number', o.lang);
  return {
    kind: 'forecast',
    notes: [],
    options: {
      ...base(o.width),
      height: 260,
      marginLeft: 50,
      x: {
        label: o.label('as_of'),
        type: 'point',
        padding: 0.3,
        tickFormat: (iso: string) => formatDate(iso, o.lang),
      },
      y: { grid: true, label: o.label('actual_won'), nice: true, zero: true },
      color: { legend: true, domain: series.map((s) => o.label(s)) },
      marks: [
        Plot.line(data, { x: 'as_of', y: 'value', stroke: 'series' }),
        Plot.dot(data, {
          x: 'as_of',
          y: 'value',
          fill: 'series',
          r: 3.5,
          title: (d: (typeof data)[number]) =>
            `${formatDate(d.as_of, o.lang)}\n${d.series}: ${num(d.value)}`,
          tip: true,
        }),
      ],
    },
  };
}
