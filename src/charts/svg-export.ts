/** A chart's SVG as a standalone file: namespaces, size and a white background (pure). */

/**
 * Plot's `<svg>` markup (from XMLSerializer) → a document that opens on its own: the SVG
 * namespace, explicit width/height, and a white background rectangle (transparent PNGs of a
 * chart print black on some viewers).
 */
export function standaloneSvg(markup: string, width: number, height: number): string {
  let s = markup.trim();
  if (!/^<svg[\s>]/.test(s)) throw new Error('not an <svg> element');
  const open = s.slice(0, s.indexOf('>') + 1);
  let head = open;
  if (!/\sxmlns=/.test(head))
    head = head.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
  if (!/\sxmlns:xlink=/.test(head) && s.includes('xlink:'))
    head = head.replace(/^<svg/, '<svg xmlns:xlink="http://www.w3.org/1999/xlink"');
  if (!/\swidth=/.test(head)) head = head.replace(/^<svg/, `<svg width="${width}"`);
  if (!/\sheight=/.test(head)) head = head.replace(/^<svg/, `<svg height="${height}"`);
  s = head + `<rect width="100%" height="100%" fill="#fff"/>` + s.slice(open.length);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${s}`;
}
