/** Header rows of any format: unique names, and a cap on how many columns a table may have. */
import { ReadError } from './errors.ts';
import { MAX_COLUMNS } from './limits.ts';
import { msg } from '../../lib/message.ts';

/** Blank headers get `column_N`; repeats get ` (2)`, ` (3)`… so every column has a unique name. */
export function dedupeHeaders(raw: string[]): string[] {
  const seen = new Set<string>();
  return raw.map((h, i) => {
    let base = h.trim() || `column_${i + 1}`;
    base = base.replaceAll('\u0000', '');
    let name = base;
    for (let k = 2; seen.has(name.toLowerCase()); k++) name = `${base} (${k})`;
    seen.add(name.toLowerCase());
    return name;
  });
}

/** More columns than a table may have is an error, before any row is read. */
export function checkWidth(headers: string[]): void {
  if (headers.length > MAX_COLUMNS) {
    throw new ReadError(msg('read_tooWide', { n: headers.length, max: MAX_COLUMNS }));
  }
}
