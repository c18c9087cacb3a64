/**
 * The mapping screen's model, pure: drafts built from the inspection (and a remembered mapping),
 * and the files + options for importFiles built back from the drafts.
 */
import type { Message } from '../../../lib/message.ts';
import type { Inspection } from '../../../ingest/read/inspect.ts';
import type { WorkerFile, WorkerOptions } from '../../../ingest/protocol.ts';
import type { FileFormat, Relation, TypeFits, ValueType } from '../../../ingest/types.ts';
import { loadsAs, withForecasts } from '../../../ingest/detect/forecast.ts';
import { isLookupKind, kindRoles, type Role, type TableKind } from '../../../crm/vocabulary.ts';
import type { Outcome } from '../../../ingest/detect/outcome.ts';
import type { SavedMapping } from './mapping-memory.ts';
import { hasOwn, own } from '../../../lib/own.ts';
import type { Labels } from '../../../lib/i18n.ts';
import { blankHeaderLabel, isBlankHeader } from '../../../ingest/read/headers.ts';

export type { ValueType };

export interface ColumnDraft {
  header: string;
  role: Role | null;
  ignore: boolean;
  type: ValueType;
  detectedType: ValueType;
  confidence: number;
  nonNull: number;
  parsed: number;
  /** What loading it as each type would do to the values scanned: its warnings follow its type. */
  fits: TypeFits;
  /** How a blank header's column is shown ("Column 9"); its header stays `column_9`. */
  label?: Labels;
}

export interface TableDraft {
  /** Index of the source file in the pending list. */
  source: number;
  /** `name` or `name#sheet`. */
  file: string;
  key: string;
  kind: TableKind;
  detectedKind: TableKind;
  kindConfidence: number;
  rows: number;
  /** Rows the proposal was made from, when only the first rows were scanned. */
  sampled?: number;
  /** The row count is estimated from the head of a big file (`InspectedTable.fromHead`). */
  fromHead?: { bytes: number; total: number };
  format: FileFormat;
  headers: string[];
  preview: string[][];
  columns: ColumnDraft[];
  /** The proposal's warnings, the columns' as proposed: what to show is `tableWarnings`. */
  warnings: Message[];
  /** The detected joins this table takes part in, either side. */
  links: Relation[];
  /** A remembered mapping was applied. */
  remembered: boolean;
}

export interface StageDraft {
  value: string;
  outcome: Outcome;
  /** Position in the detected order (most frequent first); the list order is the user's. */
  rank: number;
  /** Win probability in % the user typed (open stages); unset: the detected guess. */
  percent?: number;
}

/** The list with stage `i` moved by `delta` places (clamped); the same list when it cannot move. */
export function moveStage(stages: StageDraft[], i: number, delta: number): StageDraft[] {
  const j = Math.max(0, Math.min(stages.length - 1, i + delta));
  if (j === i || !stages[i]) return stages;
  const out = [...stages];
  const [s] = out.splice(i, 1);
  out.splice(j, 0, s!);
  return out;
}

/**
 * The win probability shown for a stage, in %: won 100, lost 0, else the user's value or the
 * import's guess without a stage history (evenly rising over the open stages in list order).
 */
export function stagePercent(stages: StageDraft[], s: StageDraft): number {
  if (s.outcome === 'won') return 100;
  if (s.outcome === 'lost') return 0;
  if (s.percent !== undefined) return s.percent;
  const open = stages.filter((x) => x.outcome === 'open');
  return Math.round(((open.indexOf(s) + 1) / (open.length + 1)) * 100);
}

/** A typed percentage as a value to keep: clamped to 0..100, undefined when not a number. */
export function percentInput(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : Number.parseFloat(String(v).replace(',', '.'));
  return Number.isFinite(n) ? Math.max(0, Math.min(100, n)) : undefined;
}

/** The import options for the stage list: an order when the user moved a stage, typed %. */
function stageOptions(
  stages: StageDraft[],
): Pick<SavedMapping, 'stageOrder' | 'stageProbabilities'> {
  const out: Pick<SavedMapping, 'stageOrder' | 'stageProbabilities'> = {};
  if (stages.some((s, i) => s.rank !== i)) out.stageOrder = stages.map((s) => s.value);
  // fromEntries makes own entries even of a stage named `__proto__`; `p[name] = x` would not.
  const p: Record<string, number> = Object.fromEntries(
    stages
      .filter((s) => s.outcome === 'open' && s.percent !== undefined)
      .map((s) => [s.value, s.percent! / 100]),
  );
  if (Object.keys(p).length) out.stageProbabilities = p;
  return out;
}

/** The kinds the mapping screen offers. */
/** Drafts from an inspection; `recall` gives the remembered mapping for a header-set key. */
export function buildDrafts(
  inspection: Inspection,
  sources: { name: string }[],
  recall: (key: string) => SavedMapping | null,
): { tables: TableDraft[]; stages: StageDraft[] } {
  const stages = new Map<string, StageDraft>();
  let savedOrder: string[] = [];
  const tables = inspection.tables.map((t): TableDraft => {
    const p = t.proposal;
    const base = p.file.replace(/#.*$/, '');
    const source = Math.max(
      0,
      sources.findIndex((s) => s.name === base),
    );
    const saved = recall(p.key);
    const useSaved = saved !== null && saved.kind === p.kind;
    const columns = p.columns.map((c): ColumnDraft => {
      const h = c.header;
      const role = useSaved && hasOwn(saved.roles, h) ? saved.roles[h]! : c.role;
      const type = (useSaved ? own(saved.types, h) : undefined) ?? c.type;
      return {
        header: h,
        ...(isBlankHeader(h, c.index) ? { label: blankHeaderLabel(c.index) } : {}),
        role: role && kindRoles(p.kind).includes(role) ? role : null,
        ignore: useSaved ? (saved.ignore ?? []).includes(h) : false,
        type,
        detectedType: c.type,
        confidence: useSaved && role !== c.role ? 1 : c.confidence,
        nonNull: c.nonNull,
        parsed: c.parsed,
        fits: c.fits,
      };
    });
    for (const s of t.stages)
      if (!stages.has(s.value)) stages.set(s.value, { ...s, rank: stages.size });
    if (useSaved) {
      for (const [v, p] of Object.entries(saved.stageProbabilities ?? {})) {
        const st = stages.get(v);
        const pct = percentInput(p * 100);
        if (st && pct !== undefined) st.percent = pct;
      }
      if (saved.stageOrder) savedOrder = saved.stageOrder;
      for (const [list, outcome] of [
        [saved.won, 'won'],
        [saved.lost, 'lost'],
      ] as const) {
        for (const v of list ?? []) {
          const st = stages.get(v);
          if (st) st.outcome = outcome;
        }
      }
    }
    return {
      source,
      file: p.file,
      key: p.key,
      kind: p.kind,
      detectedKind: p.kind,
      kindConfidence: p.confidence,
      rows: p.rows,
      ...(p.sampled === undefined ? {} : { sampled: p.sampled }),
      ...(t.fromHead ? { fromHead: t.fromHead } : {}),
      format: p.format,
      headers: t.headers,
      preview: t.preview,
      columns,
      warnings: p.warnings,
      links: inspection.relations.filter((r) => r.from === p.file || r.to === p.file),
      remembered: useSaved,
    };
  });
  const at = (s: StageDraft) => {
    const k = savedOrder.indexOf(s.value);
    return k < 0 ? savedOrder.length + s.rank : k;
  };
  return { tables, stages: [...stages.values()].sort((a, b) => at(a) - at(b)) };
}

/**
 * The warnings to show for a table as the user has it now: each column's for the type it will load
 * as (its role's, or the type picked; none when ignored), the table's own as proposed.
 */
export function tableWarnings(t: TableDraft): Message[] {
  return withForecasts(
    t.warnings,
    t.columns,
    (c) => (c.ignore ? null : loadsAs(t.kind, c.role, c.type)),
    t.sampled,
  );
}

/** A remembered kind that differs from the detected one: the sources to re-inspect with it forced. */
export function savedKinds(
  inspection: Inspection,
  recall: (key: string) => SavedMapping | null,
): Map<string, TableKind> {
  const out = new Map<string, TableKind>();
  for (const t of inspection.tables) {
    const saved = recall(t.proposal.key);
    if (saved && saved.kind !== t.proposal.kind)
      out.set(t.proposal.file.replace(/#.*$/, ''), saved.kind);
  }
  return out;
}

/** Types the user changed, by header (own entries, whatever the header is called). */
function changedTypes(t: TableDraft): Record<string, ValueType> {
  return Object.fromEntries(
    t.columns.filter((c) => c.type !== c.detectedType).map((c) => [c.header, c.type]),
  );
}

/** What to remember for one table. */
export function toSaved(t: TableDraft, stages: StageDraft[]): SavedMapping {
  const types = changedTypes(t);
  return {
    kind: t.kind,
    roles: Object.fromEntries(t.columns.map((c) => [c.header, c.role])),
    ...(Object.keys(types).length ? { types } : {}),
    ignore: t.columns.filter((c) => c.ignore).map((c) => c.header),
    ...(t.format.encoding ? { encoding: t.format.encoding } : {}),
    won: stages.filter((s) => s.outcome === 'won').map((s) => s.value),
    lost: stages.filter((s) => s.outcome === 'lost').map((s) => s.value),
    ...stageOptions(stages),
  };
}

/** The files (with per-file kind, types, ignored columns) and options for the import. */
export function toImport(
  sources: WorkerFile[],
  tables: TableDraft[],
  stages: StageDraft[],
): { files: WorkerFile[]; options: WorkerOptions } {
  const maps: NonNullable<WorkerOptions['maps']> = {};
  const files = sources.map((f, i) => {
    const out: WorkerFile = { ...f };
    const own = tables.filter((t) => t.source === i);
    const t = own[0];
    if (!t) return out;
    out.kind = t.kind;
    const types = changedTypes(t);
    if (Object.keys(types).length) out.types = types;
    const ignore = t.columns.filter((c) => c.ignore && c.role === null).map((c) => c.header);
    if (ignore.length) out.ignore = ignore;
    if (t.format.sheet && !f.sheet && (t.format.sheets?.length ?? 0) > 1)
      out.sheet = t.format.sheet;
    if (!isLookupKind(t.kind)) {
      const map: Partial<Record<Role, string | null>> = {};
      for (const r of kindRoles(t.kind))
        map[r] = t.columns.find((c) => c.role === r && !c.ignore)?.header ?? null;
      maps[t.file] = map;
    }
    return out;
  });
  const options: WorkerOptions = { maps };
  const won = stages.filter((s) => s.outcome === 'won').map((s) => s.value);
  const lost = stages.filter((s) => s.outcome === 'lost').map((s) => s.value);
  if (won.length) options.won = won;
  if (lost.length) options.lost = lost;
  Object.assign(options, stageOptions(stages));
  return { files, options };
}
