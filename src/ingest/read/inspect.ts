/**
 * What the mapping screen shows before anything is loaded: the detection, the first rows of each
 * table, and the distinct stage values of deal tables with the outcome each one maps to.
 */
import { scanFiles } from '../detect/detect.ts';
import { findRelations } from '../detect/relations.ts';
import { outcomeOf, type Outcome } from '../detect/outcome.ts';
import type { ImportFile, ImportOptions, RawTable, Relation, TableProposal } from '../types.ts';
import type { FileError } from '../report.ts';
import { headOf, readFromHead } from './readers.ts';

export interface InspectedTable {
  proposal: TableProposal;
  headers: string[];
  /** The first rows as text, for the preview. */
  preview: string[][];
  /**
   * Distinct values of the stage (or status) column, capped: open stages first, then won, then
   * lost, each in the order the file first has them.
   */
  stages: { value: string; outcome: Outcome }[];
  /**
   * Read from the head of a big file only (the rest is read while the screen shows): the row
   * count is estimated from the head's rows per byte, and what only the whole file can tell
   * (its encoding past the head, broken rows there) is checked by the import.
   */
  fromHead?: { bytes: number; total: number };
}

export interface Inspection {
  tables: InspectedTable[];
  relations: Relation[];
  errors: FileError[];
}

const PREVIEW_ROWS = 8;
const MAX_STAGES = 60;
const GROUP: Record<Outcome, number> = { open: 0, won: 1, lost: 2 };

/** Reads and scans the files (no engine) for the mapping screen. */
export async function inspectFiles(
  files: ImportFile[],
  opts: InspectOptions = {},
): Promise<Inspection> {
  return (await inspectTables(files, opts)).inspection;
}

type InspectOptions = Pick<
  ImportOptions,
  'encoding' | 'sheet' | 'map' | 'maps' | 'signal' | 'onProgress' | 'won' | 'lost' | 'memoryBudget'
>;

/** `inspectFiles`, with the tables read, for the ingest worker to get the import ready. */
export async function inspectTables(
  files: ImportFile[],
  opts: InspectOptions = {},
): Promise<{ inspection: Inspection; tables: RawTable[] }> {
  const { tables, errors } = await scanFiles(files, opts);
  const relations = findRelations(tables);
  const inspection: Inspection = {
    relations,
    errors,
    tables: tables.map((t) => {
      const preview: string[][] = [];
      for (const r of t.raw.rows()) {
        preview.push(r.cells.map(cellText));
        if (preview.length >= PREVIEW_ROWS) break;
      }
      const col =
        t.proposal.columns.find((c) => c.role === 'status') ??
        t.proposal.columns.find((c) => c.role === 'stage');
      const stages =
        col && (t.proposal.kind === 'deals' || t.proposal.kind === 'orders')
          ? [...(t.stats[col.index]?.distinct ?? [])]
              .slice(0, MAX_STAGES)
              .map((value) => ({ value, outcome: outcomeOf(value, opts) }))
              // The screen lists them "as a deal moves", and the import ranks them so too: a
              // file that starts with a won deal must not put "won" at the top.
              .sort((a, b) => GROUP[a.outcome] - GROUP[b.outcome])
          : [];
      const head = readFromHead(t.raw) && t.source ? headOf(t.source.bytes) : undefined;
      return {
        proposal: t.proposal,
        headers: t.raw.headers,
        preview,
        stages,
        ...(head ? { fromHead: head } : {}),
      };
    }),
  };
  return { inspection, tables: tables.map((t) => t.raw) };
}

function cellText(c: unknown): string {
  if (c === null || c === undefined) return '';
  if (c instanceof Date)
    return Number.isNaN(c.getTime()) ? '' : c.toISOString().replace('T00:00:00.000Z', '');
  return String(c);
}
