/** Header rows of any format: unique names, and a cap on how many columns a table may have. */
import { ReadError } from './errors.ts';
import { MAX_COLUMNS } from './limits.ts';
import { LANGS, type Labels } from '../../lib/i18n.ts';
import { msg, named, render, type MessageParam } from '../../lib/message.ts';

/**
 * The name a blank header at position `i` (0-based) gets: `column_N`, N counted from 1. It is the
 * column's id in the dataset, its saved reports and its links, in every language; only its label
 * is translated (`blankHeaderLabel`).
 */
export const blankHeaderName = (i: number): string => `column_${i + 1}`;

/**
 * Whether the header at position `i` is the name a blank header got. A file whose header really
 * reads `column_N` at position N is taken for one too: it is the name this reader writes, and
 * such a file is most likely a dataset of ours exported again.
 */
export const isBlankHeader = (name: string, i: number): boolean => name === blankHeaderName(i);

/** The label of a blank header's column in each language: "Column 9", «Столбец 9». */
export function blankHeaderLabel(i: number): Labels {
  const m = msg('import_blankColumn', { n: i + 1 });
  return Object.fromEntries(LANGS.map((lang) => [lang, render(lang, m)])) as Labels;
}

/**
 * A column as a message names it: a blank header's by its label ("Column 4", «Столбец 4"; the
 * CLI's English, by its id `column_4`, what its options take), any other by its header. `i`: its
 * position when known; without it a name `column_N` is taken for the blank header at N.
 */
export function columnParam(name: string, i?: number): MessageParam {
  const at = i ?? blankIndex(name);
  return at !== null && isBlankHeader(name, at)
    ? named({ id: name, label: blankHeaderLabel(at) })
    : name;
}

/** The label of a column named after a blank header (`column_4`: "Column 4"); none for others. */
export function blankLabelOf(name: string): Labels | undefined {
  const at = blankIndex(name);
  return at === null ? undefined : blankHeaderLabel(at);
}

/** The position a blank header's name (`column_N`) was given for; null for any other name. */
function blankIndex(name: string): number | null {
  const m = /^column_(\d+)$/.exec(name);
  return m ? Number(m[1]) - 1 : null;
}

/** Blank headers get `column_N`; repeats get ` (2)`, ` (3)`… so every column has a unique name. */
export function dedupeHeaders(raw: string[]): string[] {
  const seen = new Set<string>();
  return raw.map((h, i) => {
    let base = h.trim() || blankHeaderName(i);
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
