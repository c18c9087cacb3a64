/**
 * A chart as one standalone SVG document: the report title, the colour legend and Plot's chart,
 * on a white background (pure; the DOM edge that reads Plot's output is ui/download.ts).
 *
 * Plot draws an ordinal colour legend as HTML swatches beside its `<svg>`, so an export of the
 * `<svg>` alone loses which colour is which series. The swatches are redrawn here as SVG; a
 * continuous legend (a ramp) already is SVG and is placed as drawn.
 */

/** An SVG element's markup (XMLSerializer) with the size it is drawn at. */
export interface SvgPart {
  markup: string;
  width: number;
  height: number;
}

export interface LegendSwatch {
  label: string;
  /** A CSS colour, as Plot filled the swatch. */
  color: string;
}

export type ExportLegend =
  { kind: 'swatches'; items: LegendSwatch[] } | ({ kind: 'svg' } & SvgPart);

export interface ChartImage {
  title?: string;
  /** A second, smaller line under the title (the period). */
  subtitle?: string;
  chart: SvgPart;
  legends?: ExportLegend[];
  /**
   * Width of a text in px at a font size; the browser passes a canvas measure, tests the
   * estimate. Used to wrap the title and the swatches to the chart's width.
   */
  measure?: (text: string, size: number, bold: boolean) => number;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
/** The export's font: the page's stack, as a file opened elsewhere has no page to inherit it from. */
export const EXPORT_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const PAD = 12;
const TITLE = { size: 15, line: 20 };
const SUBTITLE = { size: 12, line: 17 };
const SWATCH = { size: 11, box: 12, gap: 5, between: 16, line: 18 };

const ESC: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Text and attribute values escaped for XML. */
export const escXml = (s: string) => s.replace(/[&<>"']/g, (c) => ESC[c]!);

/** A generous average glyph width: a wrapped line is better than a clipped one. */
const estimate = (text: string, size: number, bold: boolean) =>
  text.length * size * (bold ? 0.62 : 0.58);

/** Words into lines no wider than `width` (a single over-long word gets its own line). */
function wrap(text: string, width: number, fits: (s: string) => boolean): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && !fits(next)) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** An `<svg>` element's markup placed at (x, y) inside another SVG, with its size. */
function nested(part: SvgPart, x: number, y: number): string {
  const s = part.markup.trim();
  if (!/^<svg[\s>]/.test(s)) throw new Error('not an <svg> element');
  const end = s.indexOf('>');
  let head = s.slice(0, end).replace(/\s(x|y)="[^"]*"/g, '');
  if (!/\swidth=/.test(head)) head += ` width="${part.width}"`;
  if (!/\sheight=/.test(head)) head += ` height="${part.height}"`;
  return `${head} x="${x}" y="${y}"${s.slice(end)}`;
}

/** Swatch rows laid out left to right, wrapping at `width`; returns the markup and height. */
function swatches(
  items: LegendSwatch[],
  top: number,
  width: number,
  measure: NonNullable<ChartImage['measure']>,
): { markup: string; height: number } {
  let x = PAD;
  let row = 0;
  let out = '';
  for (const item of items) {
    const w = SWATCH.box + SWATCH.gap + measure(item.label, SWATCH.size, false);
    if (x > PAD && x + w > width - PAD) {
      row++;
      x = PAD;
    }
    const y = top + row * SWATCH.line;
    out +=
      `<rect x="${x}" y="${y + (SWATCH.line - SWATCH.box) / 2}" width="${SWATCH.box}" height="${SWATCH.box}" rx="2" fill="${escXml(item.color)}"/>` +
      `<text x="${x + SWATCH.box + SWATCH.gap}" y="${y + SWATCH.line / 2}" dominant-baseline="central">${escXml(item.label)}</text>`;
    x += w + SWATCH.between;
  }
  const height = items.length ? (row + 1) * SWATCH.line : 0;
  return { markup: `<g class="legend" font-size="${SWATCH.size}">${out}</g>`, height };
}

/**
 * The export document: title (wrapped), subtitle, legends, then the chart, as wide as the chart.
 * Returns the markup and the document's size (for the PNG canvas).
 */
export function chartDocument(img: ChartImage): SvgPart {
  const measure = img.measure ?? estimate;
  const width = Math.max(1, Math.round(img.chart.width));
  const room = width - 2 * PAD;
  let y = PAD;
  let body = '';
  const title = img.title?.trim();
  if (title) {
    const lines = wrap(title, room, (s) => measure(s, TITLE.size, true) <= room);
    const tspans = lines
      .map((l, i) => `<tspan x="${PAD}" dy="${i === 0 ? 0 : TITLE.line}">${escXml(l)}</tspan>`)
      .join('');
    body += `<text class="title" x="${PAD}" y="${y + TITLE.size}" font-size="${TITLE.size}" font-weight="600">${tspans}</text>`;
    y += lines.length * TITLE.line;
  }
  const subtitle = img.subtitle?.trim();
  if (subtitle) {
    body += `<text class="subtitle" x="${PAD}" y="${y + SUBTITLE.size}" font-size="${SUBTITLE.size}" fill="#555">${escXml(subtitle)}</text>`;
    y += SUBTITLE.line;
  }
  for (const legend of img.legends ?? []) {
    if (y > PAD) y += 4;
    if (legend.kind === 'swatches') {
      const s = swatches(legend.items, y, width, measure);
      body += s.markup;
      y += s.height;
    } else {
      body += nested(legend, PAD, y);
      y += legend.height;
    }
  }
  if (y > PAD) y += 6;
  else y = 0; // nothing above the chart: it keeps its own top margin only
  body += nested(img.chart, 0, y);
  const height = Math.round(y + img.chart.height + (y > 0 ? PAD / 2 : 0));
  const xlink = body.includes('xlink:') ? ` xmlns:xlink="${XLINK_NS}"` : '';
  const markup =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="${SVG_NS}"${xlink} width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${escXml(EXPORT_FONT)}">` +
    `<rect width="100%" height="100%" fill="#fff"/>${body}</svg>`;
  return { markup, width, height };
}
