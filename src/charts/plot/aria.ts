/**
 * What a screen reader hears of a chart, in the UI language. Plot names each part of its SVG in
 * English: a mark's group by its type ("bar", "line"), an axis' parts ("y-axis tick", "x-axis
 * tick label", "x-axis label") and grid ("y-grid"). An axis' `ariaLabel` option replaces only its
 * "x-axis" part — "tick" and "label" are written inside Plot — so the names are translated once
 * the chart is drawn (`drawChart`, where Chart.svelte calls `Plot.plot`), from the messages;
 * a name Plot did not give (none of our builders sets one) is left as it is. Every axis is
 * called by what it shows, the field's or measure's label (the chart's `axisNames`: «подписи
 * делений оси «Выручка, ₽»», "Manager axis tick label"): its letters ("X", "FY") are Plot's and
 * name nothing a reader chose. A letter is read only for an axis a chart did not name.
 */
import * as Plot from '@observablehq/plot';
import type { Lang, MessageKey } from '../../lib/i18n.ts';
import { msg, render } from '../../lib/message.ts';
import type { AxisLetter, Chart } from './chart.ts';

type AxisNames = NonNullable<Chart['axisNames']>;

const AXIS_PART = {
  '': 'plotAria_axis',
  ' tick': 'plotAria_axisTick',
  ' tick label': 'plotAria_axisTickLabel',
  ' label': 'plotAria_axisLabel',
} as const satisfies Record<string, MessageKey>;

/** The same parts of an axis the chart named (a split's facets by its field's label). */
const NAMED_AXIS_PART = {
  '': 'plotAria_namedAxis',
  ' tick': 'plotAria_namedAxisTick',
  ' tick label': 'plotAria_namedAxisTickLabel',
  ' label': 'plotAria_namedAxisLabel',
} as const satisfies Record<keyof typeof AXIS_PART, MessageKey>;

const AXIS = /^(fx|fy|x|y)-axis( tick label| tick| label)?$/;
const GRID = /^(fx|fy|x|y)-grid$/;

const MARKS = new Set([
  'area',
  'bar',
  'cell',
  'dot',
  'line',
  'rule',
  'text',
  'tick',
  'tip',
  'rect',
  'frame',
  'link',
  'arrow',
]);

/**
 * A part's name in the UI language, or null when Plot did not name it. An axis in `names` is
 * called by that name («ось «Источник»»), one left out by Plot's letter (X, Y).
 */
export function ariaName(name: string, lang: Lang, names: AxisNames = {}): string | null {
  const axis = AXIS.exec(name);
  if (axis) {
    const part = (axis[2] ?? '') as keyof typeof AXIS_PART;
    const named = names[axis[1] as AxisLetter];
    return named
      ? render(lang, msg(NAMED_AXIS_PART[part], { axis: named }))
      : render(lang, msg(AXIS_PART[part], { axis: axis[1]!.toUpperCase() }));
  }
  const grid = GRID.exec(name);
  if (grid) {
    const named = names[grid[1] as AxisLetter];
    return named
      ? render(lang, msg('plotAria_namedGrid', { axis: named }))
      : render(lang, msg('plotAria_grid', { axis: grid[1]!.toUpperCase() }));
  }
  if (MARKS.has(name)) return render(lang, msg(`plotAria_${name}` as MessageKey));
  return null;
}

/** Renames the parts Plot named under `root` (and `root` itself). */
function rename(root: Element, lang: Lang, names: AxisNames): void {
  const els = [root, ...root.querySelectorAll('[aria-label]')];
  for (const el of els) {
    const plot = el.getAttribute('aria-label') ?? '';
    const name = ariaName(plot, lang, names);
    if (name === null) continue;
    el.setAttribute('aria-label', name);
    // Plot's own name stays for finding a part in any language (the e2e tests), as the
    // label now names the axis by its field.
    if (AXIS.test(plot) || GRID.test(plot)) el.setAttribute('data-plot-part', plot);
  }
}

/**
 * Draws a chart's options with Plot (the DOM edge of the chart pipeline: Chart.svelte draws
 * through here): the SVG named by `label`, every part Plot named in `lang` — also the pointer's
 * tip, which Plot draws anew as the pointer moves.
 */
export function drawChart(
  options: Plot.PlotOptions,
  lang: Lang,
  label: string,
  names: AxisNames = {},
): Element {
  const node = Plot.plot({ ...options, ariaLabel: options.ariaLabel ?? label });
  rename(node, lang, names);
  new MutationObserver((changes) => {
    for (const c of changes)
      for (const added of c.addedNodes) if (added instanceof Element) rename(added, lang, names);
  }).observe(node, { childList: true, subtree: true });
  return node;
}
