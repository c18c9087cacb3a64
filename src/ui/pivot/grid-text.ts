import type { ExportGrid } from '../../charts/export/export.ts';

/**
 * Which value columns of a grid hold text (a funnel's stage, its lost reasons, a client's
 * segment): those read from the left like labels. An analysis grid has no label columns, and
 * every column right-aligned as a number left its names ragged in print and on dashboard tiles.
 * A column holds text when its body has a string and no number.
 */
export function textColumns(grid: ExportGrid, labelColumns: number): boolean[] {
  const width = Math.max(0, ...grid.cells.map((r) => r.length));
  const text = Array.from({ length: width }, () => false);
  const number = Array.from({ length: width }, () => false);
  for (const row of grid.cells.slice(grid.headerRows))
    row.forEach((cell, c) => {
      if (typeof cell.v === 'string' && cell.v !== '') text[c] = true;
      else if (typeof cell.v === 'number') number[c] = true;
    });
  return text.map((t, c) => c >= labelColumns && t && !number[c]);
}
