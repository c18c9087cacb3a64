/**
 * The first pass over every file: read, scan each column once, and propose a table kind and a
 * role and type per column. Pure (no engine), so the mapping screen can show it before loading.
 */
import { readFile, ReadError } from '../read/readers.ts';
import { columnParam } from '../read/headers.ts';
import {
  ColumnStats,
  inferColumn,
  roundedAs,
  roundsWholeOnly,
  typeFits,
  type Inferred,
} from '../parse/infer.ts';
import { withForecasts, loadsAs } from './forecast.ts';
import { assignRoles, detectKind, namesAmount, namesKey, type ColumnFacts } from './roles.ts';
import { HEADER_SYNONYMS, normalizeHeader } from '../../crm/synonyms.ts';
import { findRelations, keyColumns } from './relations.ts';
import type {
  ColumnProposal,
  Detection,
  ImportFile,
  ImportOptions,
  RawTable,
  Role,
  TableKind,
  TableProposal,
} from '../types.ts';
import type { FileError } from '../report.ts';
import { msg, type Message } from '../../lib/message.ts';
import type { MessageKey } from '../../lib/i18n.ts';
import { own } from '../../lib/own.ts';

/**
 * Warnings that foresee what loading will do (rows skipped, values emptied): the mapping screen
 * shows them; the import report counts what really happened instead.
 */
export const FORECASTS: ReadonlySet<MessageKey> = new Set([
  'import_brokenRows',
  'import_brokenRowsSample',
  'import_notParsed',
  'import_notParsedSample',
  'import_willRound',
  'import_willRoundSample',
]);

/** A table after the scan: the reader, per-column statistics and the proposal built from them. */
export interface Scanned {
  /** The file as handed in (per-file overrides). */
  source?: ImportFile;
  raw: RawTable;
  stats: ColumnStats[];
  rows: number;
  issues: number;
  proposal: TableProposal;
}

/** Roles each table kind may carry; lookups only have a key, found later from value overlap. */
function dictFor(kind: TableKind) {
  if (kind === 'activities') return HEADER_SYNONYMS.activities;
  if (kind === 'stage_history') return HEADER_SYNONYMS.stage_history;
  if (kind === 'deals' || kind === 'orders') return HEADER_SYNONYMS.deals;
  return {};
}

/**
 * Reads every file and scans it. Unreadable files are returned as errors, not thrown. `keys`
 * gathers the whole key sets of sampled tables (`completeKeys`); the import passes false and
 * gathers them in SQL where it can (`keys-sql.ts`).
 */
export async function scanFiles(
  files: ImportFile[],
  opts: Pick<
    ImportOptions,
    'encoding' | 'sheet' | 'map' | 'maps' | 'signal' | 'onProgress' | 'memoryBudget'
  > = {},
  keys = true,
): Promise<{ tables: Scanned[]; errors: FileError[] }> {
  const tables: Scanned[] = [];
  const errors: FileError[] = [];
  for (const f of files) {
    opts.signal?.throwIfAborted();
    let raw: RawTable;
    try {
      raw = await readFile(f.name, f.bytes, {
        encoding: f.encoding ?? opts.encoding,
        sheet: f.sheet ?? opts.sheet,
        ...(opts.memoryBudget ? { memoryBudget: opts.memoryBudget } : {}),
      });
    } catch (e) {
      if (e instanceof ReadError) {
        errors.push({ file: f.name, reason: e.msg });
        continue;
      }
      throw e;
    }
    const scanned = scanTable(raw, f.kind, opts, (rows) =>
      opts.onProgress?.({ file: f.name, phase: 'read', rows }),
    );
    scanned.source = f;
    tables.push(scanned);
  }
  if (keys && tables.length > 1)
    for (const t of tables) completeKeys(t, opts.signal, keyColumns(t, tables));
  return { tables, errors };
}

/**
 * Rows whose values decide the proposal. Typing evidence (decimal mark, date order, what parses)
 * settles long before this, and every value is still checked, counted and reported on import;
 * scanning a 1M-row export whole just for the mapping screen took minutes.
 */
export const SAMPLE_ROWS = 20_000;

/** What the pass over a table's first rows found: a pure function of the table and `sample`. */
interface SampleScan {
  stats: ColumnStats[];
  rows: number;
  issues: number;
  firstRow: number;
  lastRow: number;
  cut: boolean;
}

/**
 * Sample scans already made, by table and sample size. The ingest worker hands "Import" the same
 * table the mapping screen scanned (`readFile` keeps it by its bytes), and a table never changes
 * once read, so its first rows give the same statistics: the import takes copies of the mapping
 * screen's instead of a second pass (≈ 0.3 s on a 20,000-row sample of a wide export). The kept
 * statistics are never handed out: the key-set passes change the distinct values of theirs.
 */
const sampleScans = new WeakMap<RawTable, Map<number, SampleScan>>();

function sampleScan(
  raw: RawTable,
  sample: number,
  opts: Pick<ImportOptions, 'signal'>,
  progress?: (rows: number) => void,
): SampleScan {
  const known = sampleScans.get(raw)?.get(sample);
  if (known) {
    progress?.(Math.min(known.rows, sample));
    return { ...known, stats: known.stats.map((s) => s.clone()) };
  }
  const stats = raw.headers.map(() => new ColumnStats());
  let rows = 0;
  let issues = 0;
  let firstRow = 0;
  let lastRow = 0;
  let cut = false;
  for (const r of raw.rows(() => issues++)) {
    if (rows >= sample) {
      if (raw.lineCount) {
        cut = true;
        break;
      }
      rows++;
      continue;
    }
    for (let i = 0; i < stats.length; i++) stats[i]!.add(r.cells[i] ?? null);
    if (rows === 0) firstRow = r.row;
    lastRow = r.row;
    if (++rows % 10_000 === 0) {
      opts.signal?.throwIfAborted();
      progress?.(rows);
    }
  }
  const scan = { stats, rows, issues, firstRow, lastRow, cut };
  const kept = { ...scan, stats: stats.map((s) => s.clone()) };
  sampleScans.set(raw, (sampleScans.get(raw) ?? new Map<number, SampleScan>()).set(sample, kept));
  return scan;
}

/**
 * One pass over the first `sample` rows to gather column statistics, then the proposal. The rows
 * of a longer text file are estimated from its line count; other formats are counted exactly.
 * A table scanned before (the mapping screen's, at "Import") is not scanned again.
 */
export function scanTable(
  raw: RawTable,
  kind?: TableKind,
  opts: Pick<ImportOptions, 'map' | 'maps' | 'signal'> = {},
  progress?: (rows: number) => void,
  sample = SAMPLE_ROWS,
): Scanned {
  const { stats, issues, firstRow, lastRow, cut, ...scan } = sampleScan(
    raw,
    sample,
    opts,
    progress,
  );
  let { rows } = scan;
  const sampled = rows > sample || cut ? Math.min(rows, sample) : undefined;
  if (cut && raw.lineCount) {
    // The rest of the file has about as many rows per line as the sample.
    const lines = raw.lineCount();
    const perLine = rows / Math.max(1, lastRow - firstRow + 1);
    rows = Math.max(rows + 1, rows + Math.round((lines - lastRow) * perLine));
  }
  const proposal = propose(raw, stats, rows, issues, kind, opts, sampled);
  return { raw, stats, rows, issues, proposal };
}

/**
 * Gathers the distinct values of a sampled table over all its rows: which table extends which,
 * and which column keys a lookup, is decided by value overlap and needs whole key sets.
 */
export function completeKeys(
  t: Scanned,
  signal?: AbortSignal,
  cols: number[] = t.stats.map((_, i) => i),
): void {
  if (t.proposal.sampled === undefined) return;
  for (const i of cols) t.stats[i]!.resetKeys();
  let rows = 0;
  let issues = 0;
  for (const r of t.raw.rows(() => issues++)) {
    for (const i of cols) t.stats[i]!.addKey(r.cells[i] ?? null);
    if (++rows % 50_000 === 0) signal?.throwIfAborted();
  }
  t.rows = rows;
  t.issues = issues;
  t.proposal.rows = rows;
}

function propose(
  raw: RawTable,
  stats: ColumnStats[],
  rows: number,
  issues: number,
  forcedKind: TableKind | undefined,
  opts: Pick<ImportOptions, 'map' | 'maps'>,
  sampled?: number,
): TableProposal {
  const inferred = stats.map((s, i) => guessType(s, raw.headers[i]!, raw.ruLocale));
  const facts: ColumnFacts[] = raw.headers.map((header, i) => ({
    header,
    type: inferred[i]!.type,
    uniqueness: stats[i]!.nonNull === 0 ? 0 : stats[i]!.distinct.size / stats[i]!.nonNull,
    nonNull: stats[i]!.nonNull,
  }));
  const detected = forcedKind ? { kind: forcedKind, confidence: 1 } : detectKind(raw.file, facts);
  const forced = forcedMap(raw, detected.kind, opts);
  const roles = assignRoles(facts, dictFor(detected.kind), forced);
  const warnings: Message[] = [];
  if (issues > 0)
    warnings.push(
      sampled === undefined
        ? msg('import_brokenRows', { n: issues })
        : msg('import_brokenRowsSample', { n: issues, sampled }),
    );
  if (rows === 0) warnings.push(msg('import_noRows'));
  const mixed = raw.format.mixed;
  if (mixed) {
    warnings.push(
      msg('import_mixedEncoding', {
        count: mixed.count,
        lines: mixed.lines.map(String),
        more:
          mixed.count > mixed.lines.length ? msg('import_mixedMore', { count: mixed.count }) : '',
        encoding: mixed.encoding,
        fileEncoding: raw.format.encoding ?? '',
      }),
    );
  }
  const nul = raw.format.nul;
  if (nul)
    warnings.push(
      msg('import_nulRemoved', {
        file: raw.file,
        count: nul.count,
        cells: nul.cells,
        row: nul.row,
        column: columnParam(nul.column, raw.headers.indexOf(nul.column)),
      }),
    );
  const columns: ColumnProposal[] = raw.headers.map((header, i) => {
    const inf = inferred[i]!;
    return {
      index: i,
      header,
      role: roles[i]?.role ?? null,
      type: inf.type,
      format: inf.format,
      confidence: roles[i]?.confidence ?? 0,
      nonNull: stats[i]!.nonNull,
      parsed: inf.parsed,
      fits: typeFits(stats[i]!, raw.ruLocale),
    };
  });
  // A role column loads as its role's type, whatever its values looked like (`loadType`).
  warnings.push(
    ...withForecasts([], columns, (c) => loadsAs(detected.kind, c.role, c.type), sampled),
  );
  return {
    file: raw.file,
    kind: detected.kind,
    confidence: detected.confidence,
    columns,
    rows,
    ...(sampled === undefined ? {} : { sampled }),
    format: raw.format,
    warnings,
    key: mappingKey(raw.headers),
  };
}

/**
 * A column's type from its values, except that a number column a DOUBLE would change is text
 * when it holds codes, to keep every digit whatever role it ends up with or loses on the mapping
 * screen (a role's type wins anyway: an id loads as text, an amount as a number):
 * - every value it would change is written as a whole number (`roundsWholeOnly`: 18–20-digit
 *   ids, tax or account numbers), whatever the header (`external_ref`, `inn`), or
 * - its header names a key (`namesKey`), whatever the values;
 * but not under a header that names an amount ("Deal amount" reads as a key too): its whole
 * numbers are money, and one absurd value must not cost the column its amount role.
 * A measurement (`1234567890123456.78`, `1.2e19`) stays a number, with its 'will be rounded'
 * warning. Ids with leading zeros are text already. Both readers type the column as proposed,
 * so they agree.
 */
function guessType(st: ColumnStats, header: string, ru: boolean): Inferred {
  const inf = inferColumn(st, ru);
  if (inf.type !== 'number' || roundedAs(st, 'number', ru) === 0) return inf;
  if (!namesAmount(header) && (namesKey(header) || roundsWholeOnly(st, ru)))
    return { type: 'text', format: {}, parsed: st.nonNull };
  return inf;
}

/** The user's mapping for this table: `maps[file]`, or `map` for the deals table. */
function forcedMap(
  raw: RawTable,
  kind: TableKind,
  opts: Pick<ImportOptions, 'map' | 'maps'>,
): Partial<Record<Role, string | null>> {
  const mine = own(opts.maps, raw.file) ?? own(opts.maps, raw.file.replace(/#.*$/, ''));
  if (mine) return mine;
  return kind === 'deals' || kind === 'orders' ? (opts.map ?? {}) : {};
}

/**
 * Proposes, for each file, its table kind and the role and type of each column, and the joins
 * between the tables. Reads the files but never touches DuckDB.
 */
export async function detect(files: ImportFile[], opts: ImportOptions = {}): Promise<Detection> {
  const { tables, errors } = await scanFiles(files, opts);
  const relations = findRelations(tables);
  const warnings = errors.map((e) => msg('import_fileError', { file: e.file, reason: e.reason }));
  return { tables: tables.map((t) => t.proposal), relations, warnings };
}

/**
 * A stable id for a set of headers (order, case and punctuation ignored), so a confirmed mapping
 * can be offered again for the next export from the same CRM.
 */
export function mappingKey(headers: string[]): string {
  const norm = [...new Set(headers.map(normalizeHeader))].sort().join('\u0001');
  let h = 0x811c9dc5;
  for (let i = 0; i < norm.length; i++) {
    h ^= norm.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `h${headers.length}-${h.toString(16).padStart(8, '0')}`;
}
