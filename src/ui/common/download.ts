/** The DOM edge of exports: save bytes as a file, read a drawn chart, render SVG to PNG. */
import { MessageError, msg } from '../../lib/message.ts';
import {
  EXPORT_FONT,
  chartDocument,
  type ExportLegend,
  type SvgPart,
} from '../../charts/export/svg-export.ts';

/** Saves data through a temporary link (a real download the browser names `name`). */
export function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function svgPart(svg: SVGSVGElement): SvgPart {
  const box = svg.getBoundingClientRect();
  const width = Math.round(box.width) || Number(svg.getAttribute('width')) || 640;
  const height = Math.round(box.height) || Number(svg.getAttribute('height')) || 400;
  return { markup: new XMLSerializer().serializeToString(svg), width, height };
}

/**
 * What Plot drew, from the element `Plot.plot` returned: its `<svg>` alone, or a `<figure>`
 * holding the legends then the chart (the chart is its last `<svg>` child). A legend is a ramp
 * `<svg>` or a `<div>` of swatches, each a filled `<svg>` followed by its label.
 */
export function readPlot(plot: Element): { chart: SvgPart; legends: ExportLegend[] } {
  if (plot instanceof SVGSVGElement) return { chart: svgPart(plot), legends: [] };
  const children = [...plot.children];
  const chart = children.filter((c): c is SVGSVGElement => c instanceof SVGSVGElement).at(-1);
  if (!chart) throw new MessageError(msg('export_noChart'));
  const legends: ExportLegend[] = [];
  for (const c of children.slice(0, children.indexOf(chart))) {
    if (c instanceof SVGSVGElement) {
      legends.push({ kind: 'svg', ...svgPart(c) });
      continue;
    }
    const items = [...c.children].flatMap((item) => {
      const swatch = item.querySelector('svg');
      const color = swatch?.getAttribute('fill');
      return color ? [{ color, label: item.textContent?.trim() ?? '' }] : [];
    });
    if (items.length) legends.push({ kind: 'swatches', items });
  }
  return { chart: svgPart(chart), legends };
}

/** Text widths in the export's font (a canvas measure), for wrapping the title and legend. */
function canvasMeasure(): ((text: string, size: number, bold: boolean) => number) | undefined {
  const ctx = document.createElement('canvas').getContext('2d');
  if (!ctx) return undefined;
  return (text, size, bold) => {
    ctx.font = `${bold ? '600 ' : ''}${size}px ${EXPORT_FONT}`;
    return ctx.measureText(text).width;
  };
}

/** A drawn chart (the element Plot.plot returned) as one SVG document with title and legend. */
export function chartImage(plot: Element, title: string, subtitle?: string): SvgPart {
  const { chart, legends } = readPlot(plot);
  const measure = canvasMeasure();
  return chartDocument({
    title,
    ...(subtitle ? { subtitle } : {}),
    chart,
    legends,
    ...(measure ? { measure } : {}),
  });
}

/** PNG of the SVG at `scale`× (drawImage of the SVG blob on a canvas). */
export async function svgToPng(
  markup: string,
  width: number,
  height: number,
  scale = 2,
): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image();
    img.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new MessageError(msg('export_image')));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new MessageError(msg('export_canvas'));
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new MessageError(msg('export_png')))),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
