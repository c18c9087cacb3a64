/**
 * Header names that CRM exports use for each role, in Russian and English: amoCRM/Kommo,
 * Bitrix24, Pipedrive, HubSpot, Salesforce, Zoho, 1C and hand-made Excel sheets. Written in any
 * case and spacing; `normalizeHeader` makes them comparable.
 */

/** Lower case, ё→е, punctuation and underscores to single spaces. */
export function normalizeHeader(h: string): string {
  return h
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

type Dict = Record<string, string[]>;

export const DEAL_HEADERS: Dict = {
  id: ['id', 'deal id', 'record id', 'opportunity id', 'lead id', 'mql id', 'ид', 'id сделки', 'номер сделки',
    'идентификатор', 'deal number', 'order id', 'order number', 'номер заказа', 'номер документа', 'номер', 'документ', 'код заказа'],
  title: ['title', 'name', 'deal name', 'deal title', 'opportunity name', 'название', 'название сделки',
    'наименование', 'сделка', 'наименование сделки', 'subject'],
  created_at: ['created', 'created at', 'created date', 'create date', 'created time', 'date created', 'deal created',
    'deal created on', 'add time', 'deal add time', 'дата создания', 'дата создания сделки', 'создана', 'создано',
    'first contact date', 'order date', 'дата заказа', 'дата документа', 'дата', 'date', 'дата начала'],
  closed_at: ['closed', 'closed at', 'close date', 'closed date', 'closing date', 'closed time', 'deal close date',
    'won time', 'won date', 'deal won time', 'lost time', 'дата закрытия', 'закрыта', 'дата завершения',
    'дата закрытия сделки', 'дата окончания', 'date closed'],
  status: ['status', 'deal status', 'статус', 'статус сделки', 'состояние', 'is won', 'won', 'result', 'результат'],
  stage: ['stage', 'deal stage', 'pipeline stage', 'этап', 'этап сделки', 'стадия', 'стадия сделки', 'сделка этап'],
  pipeline: ['pipeline', 'deal pipeline', 'sales pipeline', 'воронка', 'воронка продаж', 'направление', 'category', 'layout'],
  amount: ['amount', 'deal amount', 'value', 'deal value', 'opportunity amount', 'budget', 'revenue', 'total', 'total amount',
    'order total', 'sum', 'бюджет', 'сумма', 'сумма сделки', 'сумма заказа', 'сумма документа', 'итого', 'стоимость',
    'выручка', 'amount in company currency'],
  currency: ['currency', 'deal currency', 'amount currency', 'opportunity currency', 'currency code', 'валюта'],
  source: ['source', 'lead source', 'deal source', 'original source', 'origin', 'channel', 'источник', 'источник сделки',
    'источник лида', 'канал', 'канал продаж', 'utm source'],
  lost_reason: ['lost reason', 'loss reason', 'reason lost', 'closed lost reason', 'reason for loss', 'причина отказа',
    'причина проигрыша', 'причина закрытия', 'причина потери'],
  manager: ['owner', 'deal owner', 'opportunity owner', 'owner name', 'responsible', 'assigned to', 'sales rep', 'manager',
    'salesperson', 'user', 'sr id', 'ответственный', 'ответственный менеджер', 'менеджер', 'ответственный пользователь',
    'сотрудник', 'продавец'],
  client: ['client', 'customer', 'company', 'company name', 'account', 'account name', 'organization', 'organization name',
    'associated company', 'seller id', 'контрагент', 'клиент', 'компания', 'покупатель', 'название компании', 'заказчик',
    'организация'],
  product: ['product', 'products', 'product name', 'sku', 'item', 'товар', 'продукт', 'номенклатура', 'услуга', 'товары'],
};

export const ACTIVITY_HEADERS: Dict = {
  id: ['id', 'activity id', 'task id', 'ид'],
  type: ['type', 'activity type', 'task type', 'event type', 'тип', 'тип активности', 'тип задачи', 'тип события', 'вид'],
  at: ['date', 'at', 'activity date', 'due date', 'done time', 'completed at', 'date time', 'start time', 'created',
    'дата', 'время', 'дата активности', 'дата выполнения', 'дата создания', 'срок'],
  manager: DEAL_HEADERS.manager!,
  deal_id: ['deal', 'deal id', 'opportunity id', 'related deal', 'сделка', 'id сделки', 'номер сделки'],
  client: DEAL_HEADERS.client!,
};

export const HISTORY_HEADERS: Dict = {
  deal_id: ACTIVITY_HEADERS.deal_id!,
  stage: ['stage', 'new stage', 'to stage', 'stage to', 'deal stage', 'этап', 'новый этап', 'этап сделки', 'стадия', 'новая стадия'],
  entered_at: ['entered at', 'changed at', 'change date', 'date', 'timestamp', 'time', 'дата изменения', 'дата перехода',
    'дата', 'время', 'дата смены этапа'],
};

/** File-name words that tell the table kind when the columns alone cannot. */
export const KIND_NAME_HINTS: Record<string, RegExp> = {
  stage_history: /history|истори|stage.?change|transitions|переход/i,
  activities: /activit|task|call|event|задач|звонк|активн|событ/i,
  clients: /client|customer|compan|account|seller|клиент|компан|контрагент|покупател/i,
  managers: /manager|user|owner|employee|staff|team|менеджер|сотрудник|пользоват/i,
  products: /product|item|catalog|sku|товар|продукт|номенклатур/i,
  orders: /order|purchase|sale|invoice|заказ|покупк|продаж|реализац|счет/i,
  deals: /deal|lead|opportunit|mql|сделк|лид/i,
};

/** Stage (or status) values that mean the deal is won / lost. Compared after normalizeHeader. */
export const WON_WORDS = ['won', 'closed won', 'win', 'успешно реализовано', 'сделка успешна', 'успешно', 'выиграна',
  'выиграно', 'сделка заключена', 'оплачено', 'продажа', 'реализовано', 'успех', 'true', 'yes', 'да', 'closed (won)'];
export const LOST_WORDS = ['lost', 'closed lost', 'lose', 'закрыто и не реализовано', 'сделка провалена', 'провалена',
  'проиграна', 'проиграно', 'не реализовано', 'отказ', 'неуспешно', 'false', 'no', 'нет', 'closed (lost)', 'отменено', 'отменен'];
