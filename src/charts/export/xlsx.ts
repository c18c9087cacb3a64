/**
 * ExportGrid → XLSX bytes with SheetJS. Numbers are number cells with the screen's format;
 * every text is a text cell (`t: 's'`), so `=…` from the data is shown, never evaluated.
 * Import this module dynamically: the library is large and only exports need it.
 */
import * as XLSX from '@e965/xlsx';
import type { ExportCell, ExportGrid } from './export.ts';
import { gridDecimals } from './grid-decimals.ts';
import type { ValueFormat } from '../format.ts';

const NUMBER_FORMATS: Record<ValueFormat, string> = {
  int: '#,##0',
  number: '#,##0.##',
  money: '#,##0',
  pct: '0.0%',
  // Stored as points (×100): an Excel format can show "%" but not another scale.
  pp: '+0.0" pp";-0.0" pp";0.0" pp"',
  days: '0.0',
  text: '@',
  date: 'yyyy-mm-dd',
};

/** Days and plain numbers with the decimals their column shares (grid-decimals.ts). */
function fixedFormat(fmt: ValueFormat, decimals: number | undefined): string | null {
  if (decimals === undefined) return null;
  const fraction = decimals > 0 ? `.${'0'.repeat(decimals)}` : '';
  return fmt === 'days' ? `0${fraction}` : fmt === 'number' ? `#,##0${fraction}` : null;
}

function cell(c: ExportCell, decimals: Partial<Record<ValueFormat, number>> = {}) {
  if (c.v === null) return null;
  if (typeof c.v === 'number') {
    const fmt = c.fmt ?? 'number';
    return {
      t: 'n',
      v: c.fmt === 'pp' ? c.v * 100 : c.v,
      z: fixedFormat(fmt, decimals[fmt]) ?? NUMBER_FORMATS[fmt],
    } satisfies XLSX.CellObject;
  }
  return { t: 's', v: c.v } satisfies XLSX.CellObject;
}

/**
 * Sheet names Excel accepts: 1–31 characters, none of `[]:*?/\\`, no `'` at either end, and not
 * `History` (reserved, in any case). A title that breaks a rule is mended, never refused.
 */
export function sheetName(name: string): string {
  const n = name
    .replace(/[[\]:*?/\\]/g, ' ')
    .trim()
    .slice(0, 31)
    .replace(/^[\s']+|[\s']+$/g, '');
  if (!n) return 'Sheet1';
  return n.toLowerCase() === 'history' ? `${n} 1` : n;
}

/** One workbook with one sheet per grid. */
export function toXlsx(sheets: { name: string; grid: ExportGrid }[]): Uint8Array<ArrayBuffer> {
  const wb = XLSX.utils.book_new();
  const used = new Set<string>();
  for (const { name, grid } of sheets) {
    const ws: XLSX.WorkSheet = {};
    let width = 0;
    const decimals = gridDecimals(grid);
    grid.cells.forEach((row, r) => {
      width = Math.max(width, row.length);
      row.forEach((c, col) => {
        const x = cell(c, decimals[col]);
        if (x) ws[XLSX.utils.encode_cell({ r, c: col })] = x;
      });
    });
    ws['!ref'] = XLSX.utils.encode_range({
      s: { r: 0, c: 0 },
      e: { r: Math.max(0, grid.cells.length - 1), c: Math.max(0, width - 1) },
    });
    ws['!merges'] = grid.merges.map((m) => ({
      s: { r: m.r, c: m.c },
      e: { r: m.r + m.rows - 1, c: m.c + m.cols - 1 },
    }));
    ws['!cols'] = Array.from({ length: width }, (_, col) => {
      const longest = grid.cells.reduce(
        (a, row) => Math.max(a, String(row[col]?.v ?? '').length),
        6,
      );
      return { wch: Math.min(48, longest + 2) };
    });
    if (grid.headerRows > 0) ws['!freeze'] = { xSplit: 0, ySplit: grid.headerRows };
    // Excel compares sheet names without case.
    const base = sheetName(name);
    let n = base;
    for (let i = 2; used.has(n.toLowerCase()); i++) n = sheetName(`${base.slice(0, 27)} ${i}`);
    used.add(n.toLowerCase());
    XLSX.utils.book_append_sheet(wb, ws, n);
  }
  return new Uint8Array(
    XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer,
  );
}
