/**
 * A list table's header when some columns are one compared measure's ("Reached" over "Q3 2025 |
 * Q3 2024 | Δ | Δ %", charts/pivot/flat-table.ts `FlatHeader.group`): the measure named once
 * over its columns, each column by its part below; the other columns span both header rows.
 */
import type { FlatHeader } from '../../charts/pivot/flat-table.ts';

type Header = Pick<FlatHeader, 'key' | 'label' | 'numeric' | 'group'>;

/** A cell of the header's first row: a group over `span` columns, or one column over both rows. */
export interface HeadBand {
  key: string;
  label: string;
  span: number;
  grouped: boolean;
  numeric: boolean;
}

/** Whether any column is grouped: the header then has two rows. */
export const hasGroups = (headers: readonly Header[]): boolean => headers.some((h) => h.group);

/** Whether column `j` is the first of its group (the group is set off by a line before it). */
export function startsGroup(headers: readonly Header[], j: number): boolean {
  const g = headers[j]?.group;
  return g !== undefined && headers[j - 1]?.group?.label !== g.label;
}

/** The header's first row: runs of columns of one group merged, the others as they are. */
export function headBands(headers: readonly Header[]): HeadBand[] {
  const out: HeadBand[] = [];
  headers.forEach((h, j) => {
    const last = out.at(-1);
    if (h.group && last?.grouped && !startsGroup(headers, j)) last.span++;
    else
      out.push({
        key: h.key,
        label: h.group?.label ?? h.label,
        span: 1,
        grouped: h.group !== undefined,
        numeric: h.numeric,
      });
  });
  return out;
}

/**
 * A cell's name where each row is a block of named cells (too narrow for the table): a group's
 * first cell says the measure and its part ("Reached, Q3 2025"), the rest of the line only their
 * parts ("Q3 2024", "Δ"), as the table's two header rows read.
 */
export function cellName(headers: readonly Header[], j: number): string {
  const h = headers[j];
  if (!h) return '';
  if (!h.group) return h.label;
  return startsGroup(headers, j) ? `${h.group.label}, ${h.group.short}` : h.group.short;
}

/** The most columns a group spans: a stacked row's line holds one group. */
export function widestGroup(headers: readonly Header[]): number {
  return Math.max(1, ...headBands(headers).map((b) => (b.grouped ? b.span : 1)));
}
