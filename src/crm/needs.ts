/**
 * What a report, a measure or an analysis column needs from the data, stated as data beside its
 * definition (`preset-defs.ts`, `measures.ts`, the analyses' column lists), and the one check of
 * those needs against a dataset's catalog. A lead export without deal amounts then shows no
 * revenue of 0 for every client: the revenue column is left out and a note says why, and a report
 * that needs only what the data lacks is offered as "not in this data" instead of an empty table.
 */
import type { Catalog } from '../query/catalog.ts';
import { PERIOD_FIELD } from '../query/resolve.ts';
import { msg, named, type Message } from '../lib/message.ts';
import { DICTIONARIES, type Labels, type MessageKey } from '../lib/i18n.ts';
import type { DealRole } from './vocabulary.ts';

/**
 * A deals role column the source really had (`amount`, `stage`, `lost_reason`…), the activities
 * file, the stage history, the stage order (the funnel's steps), any lost deal, or a column of the user's own.
 */
export type Need =
  DealRole | 'activities' | 'stage_history' | 'stage_order' | 'lost_deals' | 'custom_field';

/** The parts of a catalog the check reads (`buildCatalog` checks its measures before it is whole). */
export type DataFacts = Pick<Catalog, 'fields' | 'facts' | 'pipelines' | 'hasLost'>;

/** Whether the data has one thing a definition needs. */
function has(data: DataFacts, need: Need): boolean {
  switch (need) {
    case 'activities':
      return data.facts.some((f) => f.id === 'activities');
    case 'stage_history':
      return data.facts.some((f) => f.id === 'deals' && f.asOf !== undefined);
    case 'stage_order':
      return data.pipelines.some((p) => p.stages.length > 0);
    case 'lost_deals':
      return data.hasLost !== false;
    case 'custom_field':
      return data.fields.some(
        (f) =>
          (f.table === 'deals' || f.table === 'clients') &&
          f.role === undefined &&
          f.id !== PERIOD_FIELD,
      );
    default:
      return data.fields.some((f) => f.table === 'deals' && f.role === need);
  }
}

/** The needs this data cannot meet, in the order given (none: the definition can answer). */
export function lacking(needs: readonly Need[], data: DataFacts): Need[] {
  return [...new Set(needs)].filter((n) => !has(data, n));
}

/** Of a definition's parts, each with its needs, the ones this data can answer. */
export function answerable<T extends { needs?: readonly Need[] }>(
  parts: readonly T[],
  data: DataFacts,
): { kept: T[]; left: T[]; lacks: Need[] } {
  const kept: T[] = [];
  const left: T[] = [];
  const lacks: Need[] = [];
  for (const p of parts) {
    const l = lacking(p.needs ?? [], data);
    (l.length ? left : kept).push(p);
    lacks.push(...l);
  }
  return { kept, left, lacks: [...new Set(lacks)] };
}

const NEED_CODES: Record<Need, MessageKey> = {
  id: 'need_id',
  title: 'need_title',
  created_at: 'need_created_at',
  closed_at: 'need_closed_at',
  status: 'need_status',
  stage: 'need_stage',
  pipeline: 'need_pipeline',
  amount: 'need_amount',
  currency: 'need_currency',
  source: 'need_source',
  lost_reason: 'need_lost_reason',
  manager: 'need_manager',
  client: 'need_client',
  product: 'need_product',
  activities: 'need_activities',
  stage_history: 'need_stage_history',
  stage_order: 'need_stage_order',
  lost_deals: 'need_lost_deals',
  custom_field: 'need_custom_field',
};

/** What is needed, as the user reads it: "needs deal amounts" / «нужны суммы сделок». */
export function needMessage(need: Need): Message {
  return msg(NEED_CODES[need]);
}

/** The needs as a message param: "needs deal amounts, needs deal stages". */
export function needsParam(needs: readonly Need[]): Message[] {
  return needs.map(needMessage);
}

/**
 * The one note of an analysis that left columns out: which (by their headers, `col_<key>`; by
 * key in the CLI), what they need, and what the analysis does instead.
 */
export function leftOutNote(
  keys: readonly string[],
  needs: readonly Need[],
  then?: Message,
): Message {
  return msg(then ? 'note_leftOutThen' : 'note_leftOut', {
    columns: keys.map((key) => named({ id: key, label: columnLabel(key) })),
    needs: needsParam(needs),
    ...(then ? { then } : {}),
  });
}

function columnLabel(key: string): Labels {
  const code = `col_${key}`;
  if (!(code in DICTIONARIES.en)) return { en: key, ru: key };
  const k = code as MessageKey;
  // Quoted: a header such as "Revenue, low" would read as two in a list joined by commas.
  return { en: `“${DICTIONARIES.en[k]}”`, ru: `«${DICTIONARIES.ru[k]}»` };
}

/**
 * Compile errors that say the data lacks what a report needs: a note to show calmly, not a
 * failure. The funnel's is said as its need (its own text repeats "not in this data"); the
 * drivers' (no text field to rank) has no need of the list and is said as it is.
 */
const LACKS_ERRORS: Readonly<Record<string, readonly Need[]>> = {
  compile_funnelNoStages: ['stage_order'],
  compile_driversNoFields: [],
};

export function isLacksError(m: Message): boolean {
  return m.code in LACKS_ERRORS;
}

/** What a "data lacks" error says the data needs (none: the error says it itself). */
export function lacksNeeds(m: Message): Need[] {
  return [...(LACKS_ERRORS[m.code] ?? [])];
}

/** What a "data lacks" error says, as the reason after "Not in this data:". */
export function lacksReason(m: Message): Message | Message[] {
  const needs = LACKS_ERRORS[m.code] ?? [];
  return needs.length ? needsParam(needs) : m;
}
