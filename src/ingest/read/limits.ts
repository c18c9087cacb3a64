/**
 * How big a file may become once read. The page's memory guard (`state/dataset/memory.ts`) checks
 * sizes on disk before reading; these caps check what a file expands to, which its size on disk
 * does not tell (a zipped workbook, one endless line).
 */

/** Beyond this a table is not a CRM export; refusing early beats a browser tab out of memory. */
export const MAX_COLUMNS = 2048;

/** The memory one import may use when the caller tells none (the page's default budget). */
export const DEFAULT_MEMORY_BUDGET = 2 * 2 ** 30;

/**
 * Peak bytes per byte of uncompressed workbook XML: the spreadsheet library keeps the XML, a
 * cell object per value and the strings (30 MB of sheet XML measured 650 MB).
 */
export const XML_FACTOR = 24;

/**
 * The budget where the import runs, when the caller gives none: the default, or half the device's
 * memory where the browser tells it (`navigator.deviceMemory`, also in workers), as the page does.
 */
export function deviceBudget(): number {
  const gib = (globalThis.navigator as { deviceMemory?: number } | undefined)?.deviceMemory;
  return gib && gib > 0
    ? Math.min(DEFAULT_MEMORY_BUDGET, (gib * 2 ** 30) / 2)
    : DEFAULT_MEMORY_BUDGET;
}

/** The uncompressed size a workbook's entries may have in all within `budget`. */
export function maxWorkbookXml(budget = DEFAULT_MEMORY_BUDGET): number {
  return Math.floor(budget / XML_FACTOR);
}

/** Peak bytes per character of JSON text once parsed into objects (keys, values, the text). */
export const JSON_FACTOR = 6;

/**
 * Nesting beyond this is not a table of records; a bound keeps the reader's recursion (and
 * `JSON.stringify` of a nested value) far from the stack limit.
 */
export const MAX_JSON_DEPTH = 64;
