/**
 * The fixture corpus: the same six deals as each CRM exports them (headers, encodings, number
 * and date conventions), so every import must land on the same canonical numbers.
 */
import { encodeCp1251 } from './cp1251.ts';

export interface Deal {
  id: string;
  title: string;
  created: [number, number, number, number, number]; // y, m, d, h, min
  closed: [number, number, number] | null;
  outcome: 'won' | 'lost' | 'open';
  amount: number;
  manager: string;
  client: string;
  source: string;
  lostReason: string;
  product: string;
}

export const DEALS: Deal[] = [
  {
    id: '101',
    title: 'Поставка A',
    created: [2024, 1, 10, 9, 0],
    closed: [2024, 2, 1],
    outcome: 'won',
    amount: 1234.56,
    manager: 'Иванов',
    client: 'ООО Альфа',
    source: 'Сайт',
    lostReason: '',
    product: 'GTX',
  },
  {
    id: '102',
    title: 'Поставка B',
    created: [2024, 1, 15, 10, 30],
    closed: [2024, 2, 10],
    outcome: 'lost',
    amount: 5000,
    manager: 'Петров',
    client: 'ООО Бета',
    source: 'Звонок',
    lostReason: 'Дорого',
    product: 'GTX',
  },
  {
    id: '103',
    title: 'Поставка C',
    created: [2024, 2, 1, 11, 0],
    closed: null,
    outcome: 'open',
    amount: 10000,
    manager: 'Иванов',
    client: 'ООО Гамма',
    source: 'Сайт',
    lostReason: '',
    product: 'Pro',
  },
  {
    id: '104',
    title: 'Поставка D',
    created: [2024, 2, 20, 12, 15],
    closed: [2024, 3, 15],
    outcome: 'won',
    amount: 250000.5,
    manager: 'Петров',
    client: 'ООО Альфа',
    source: 'Реклама',
    lostReason: '',
    product: 'Pro',
  },
  {
    id: '105',
    title: 'Поставка E',
    created: [2024, 3, 1, 8, 0],
    closed: null,
    outcome: 'open',
    amount: 0,
    manager: 'Сидоров',
    client: 'ООО Дельта',
    source: 'Сайт',
    lostReason: '',
    product: 'GTX',
  },
  {
    id: '106',
    title: 'Поставка F',
    created: [2024, 3, 5, 16, 45],
    closed: [2024, 3, 25],
    outcome: 'lost',
    amount: 777,
    manager: 'Сидоров',
    client: 'ООО Бета',
    source: 'Звонок',
    lostReason: 'Нет бюджета',
    product: 'Pro',
  },
];

export const EXPECTED = {
  deals: 6,
  won: 2,
  lost: 2,
  amount: 267012.06,
  wonAmount: 251235.06,
  managers: 3,
};

const p2 = (n: number) => String(n).padStart(2, '0');
const dmy = (d: readonly number[]) => `${p2(d[2]!)}.${p2(d[1]!)}.${d[0]}`;
const iso = (d: readonly number[]) => `${d[0]}-${p2(d[1]!)}-${p2(d[2]!)}`;
const mdy = (d: readonly number[]) => `${p2(d[1]!)}/${p2(d[2]!)}/${d[0]}`;
const hm = (d: Deal['created']) => `${p2(d[3])}:${p2(d[4])}`;
const ruMoney = (n: number) =>
  n
    .toFixed(2)
    .replace('.', ',')
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
/** `quoteAll`: every field in quotes, empty ones too, as Zoho writes them. */
const csv = (rows: string[][], d: string, quoteAll = false) =>
  rows
    .map((r) =>
      r
        .map((c) =>
          quoteAll || (/[",\n;]/.test(c) && d !== '\t') ? `"${c.replace(/"/g, '""')}"` : c,
        )
        .join(d),
    )
    .join('\r\n') + '\r\n';
const utf8 = (s: string) => new TextEncoder().encode(s);
const bom = (s: string) => utf8(`\uFEFF${s}`);

const AMO_STAGE = {
  won: 'Успешно реализовано',
  lost: 'Закрыто и не реализовано',
  open: 'Переговоры',
};
const B24_STAGE = { won: 'Сделка успешна', lost: 'Сделка провалена', open: 'Новая' };
const HS_STAGE = { won: 'Closed Won', lost: 'Closed Lost', open: 'Appointment Scheduled' };
const SF_STAGE = { won: 'Closed Won', lost: 'Closed Lost', open: 'Negotiation/Review' };
const XLS_STATUS = { won: 'Выиграна', lost: 'Проиграна', open: 'В работе' };
/** Per deal where a CRM has more than one closing stage of a kind (Bitrix24's, Zoho's second lost stage). */
const B24_DEAL_STAGE: Record<string, string> = { '106': 'Анализ причины провала' };
const ZOHO_STAGE: Record<string, [stage: string, probability: number]> = {
  '101': ['Closed Won', 100],
  '102': ['Closed Lost', 0],
  '103': ['Negotiation/Review', 90],
  '104': ['Closed Won', 100],
  '105': ['Qualification', 10],
  '106': ['Closed-Lost to Competition', 0],
};
const KOMMO_STAGE = { won: 'Closed - won', lost: 'Closed - lost', open: 'Initial contact' };

export const amocrm = () =>
  encodeCp1251(
    csv(
      [
        [
          'ID',
          'Название сделки',
          'Бюджет',
          'Ответственный',
          'Этап сделки',
          'Воронка',
          'Дата создания',
          'Дата закрытия',
          'Компания',
          'Источник',
          'Причина отказа',
          'Товар',
        ],
        ...DEALS.map((d) => [
          d.id,
          d.title,
          String(d.amount).replace('.', ','),
          d.manager,
          AMO_STAGE[d.outcome],
          'Продажи',
          `${dmy(d.created)} ${hm(d.created)}:00`,
          d.closed ? `${dmy(d.closed)} 18:00:00` : '',
          d.client,
          d.source,
          d.lostReason,
          d.product,
        ]),
      ],
      ';',
    ),
  );

export const bitrix24 = () =>
  bom(
    csv(
      [
        [
          'ID',
          'Название',
          'Стадия сделки',
          'Сумма',
          'Валюта',
          'Ответственный',
          'Дата создания',
          'Дата закрытия',
          'Компания',
          'Источник',
        ],
        ...DEALS.map((d) => [
          d.id,
          d.title,
          B24_DEAL_STAGE[d.id] ?? B24_STAGE[d.outcome],
          d.amount.toFixed(2),
          'RUB',
          d.manager,
          `${dmy(d.created)} ${hm(d.created)}:00`,
          d.closed ? dmy(d.closed) : '',
          d.client,
          d.source,
        ]),
      ],
      ';',
    ),
  );

/**
 * Pipedrive's deal export. `times`: the columns an export with Won time and Lost time carries
 * instead of "Deal closed on" (each deal's close date is in one or the other).
 */
export const pipedrive = (variant: 'closed-on' | 'times' = 'closed-on') => {
  const times = variant === 'times';
  const at = (d: Deal) => (d.closed ? `${iso(d.closed)} 18:00:00` : '');
  return utf8(
    csv(
      [
        [
          'Deal - ID',
          'Deal - Title',
          'Deal - Value',
          'Deal - Currency',
          'Deal - Status',
          'Deal - Stage',
          'Deal - Owner',
          'Deal - Organization',
          'Deal - Deal created',
          ...(times ? ['Deal - Won time', 'Deal - Lost time'] : ['Deal - Deal closed on']),
          'Deal - Lost reason',
          'Deal - Pipeline',
        ],
        ...DEALS.map((d) => [
          d.id,
          d.title,
          String(d.amount),
          'RUB',
          d.outcome,
          d.outcome === 'open' ? 'Proposal Made' : 'Negotiations Started',
          d.manager,
          d.client,
          `${iso(d.created)} ${hm(d.created)}:00`,
          ...(times
            ? [d.outcome === 'won' ? at(d) : '', d.outcome === 'lost' ? at(d) : '']
            : [at(d)]),
          d.lostReason,
          'Sales',
        ]),
      ],
      ',',
    ),
  );
};

export const hubspot = () =>
  bom(
    csv(
      [
        [
          'Record ID',
          'Deal Name',
          'Deal Stage',
          'Amount',
          'Close Date',
          'Create Date',
          'Deal owner',
          'Pipeline',
          'Associated Company',
          'Closed Lost Reason',
        ],
        ...DEALS.map((d) => [
          d.id,
          d.title,
          HS_STAGE[d.outcome],
          String(d.amount),
          d.closed ? `${iso(d.closed)} 18:00` : '',
          `${iso(d.created)} ${hm(d.created)}`,
          d.manager,
          'Sales Pipeline',
          d.client,
          d.lostReason,
        ]),
      ],
      ',',
    ),
  );

export const salesforce = () =>
  utf8(
    csv(
      [
        [
          'Opportunity ID',
          'Opportunity Name',
          'Account Name',
          'Amount',
          'Close Date',
          'Created Date',
          'Stage',
          'Opportunity Owner',
          'Lead Source',
        ],
        ...DEALS.map((d) => [
          d.id,
          d.title,
          d.client,
          `$${d.amount.toLocaleString('en-US', { minimumFractionDigits: 2 })}`,
          d.closed ? mdy(d.closed) : '',
          `${mdy(d.created)} ${hm(d.created)}`,
          SF_STAGE[d.outcome],
          d.manager,
          d.source,
        ]),
      ],
      ',',
    ),
  );

/** A close date for an open deal: Zoho requires an expected one. */
const EXPECTED_CLOSE: [number, number, number] = [2024, 4, 30];
const hm12 = (h: number, m: number) =>
  `${p2(h % 12 === 0 ? 12 : h % 12)}:${p2(m)} ${h < 12 ? 'AM' : 'PM'}`;

/**
 * Zoho CRM, Deals module → Export: every field quoted, `zcrm_` record ids, the Closing Date
 * filled for open deals too (it is the expected date until the deal closes). Date-times come in
 * the exporting user's format: `yyyy-MM-dd HH:mm:ss`, or `MM/dd/yyyy hh:mm a` for a US user.
 */
export const zoho = (dates: 'iso' | 'us' = 'iso') => {
  const day = dates === 'iso' ? iso : mdy;
  const at = (d: readonly number[], h: number, m: number) =>
    dates === 'iso' ? `${iso(d)} ${p2(h)}:${p2(m)}:00` : `${mdy(d)} ${hm12(h, m)}`;
  return utf8(
    csv(
      [
        [
          'Record Id',
          'Deal Owner',
          'Deal Name',
          'Amount',
          'Closing Date',
          'Account Name',
          'Stage',
          'Type',
          'Probability (%)',
          'Next Step',
          'Expected Revenue',
          'Lead Source',
          'Campaign Source',
          'Contact Name',
          'Created By',
          'Modified By',
          'Created Time',
          'Modified Time',
          'Description',
          'Reason For Loss',
          'Pipeline',
          'Currency',
          'Exchange Rate',
          'Tag',
        ],
        ...DEALS.map((d) => {
          const [stage, probability] = ZOHO_STAGE[d.id]!;
          return [
            `zcrm_4876876000000124${d.id}`,
            d.manager,
            d.title,
            d.amount.toFixed(2),
            day(d.closed ?? EXPECTED_CLOSE),
            d.client,
            stage,
            d.client === 'ООО Альфа' ? 'Existing Business' : 'New Business',
            String(probability),
            '',
            ((d.amount * probability) / 100).toFixed(2),
            d.source,
            '',
            '',
            d.manager,
            d.manager,
            at(d.created, d.created[3], d.created[4]),
            d.closed ? at(d.closed, 18, 0) : at(d.created, d.created[3], d.created[4]),
            '',
            d.lostReason,
            'Standard (Standard)',
            'RUB',
            '1',
            '',
          ];
        }),
      ],
      ',',
      true,
    ),
  );
};

/**
 * Zoho CRM, Calls module → Export, beside the deals: a few calls on the deals. "Related To" is
 * the deal the call is about, written as its name, as the list export writes lookups.
 */
export const zohoCalls = () =>
  utf8(
    csv(
      [
        [
          'Record Id',
          'Call Owner',
          'Subject',
          'Call Type',
          'Call Purpose',
          'Related To',
          'Contact Name',
          'Call Start Time',
          'Call Duration',
          'Call Duration (in seconds)',
          'Description',
          'Call Result',
          'Created Time',
        ],
        ...DEALS.filter((d) => d.closed).map((d, i) => {
          const start = `${iso(d.created)} ${p2(d.created[3] + 1)}:00:00`;
          const missed = d.id === '106';
          return [
            `zcrm_4876876000000310${d.id}`,
            d.manager,
            `${d.title}: follow-up`,
            missed ? 'Missed' : i % 2 ? 'Inbound' : 'Outbound',
            missed ? '' : 'Negotiation',
            d.title,
            '',
            start,
            missed ? '00:00' : '05:00',
            missed ? '0' : '300',
            '',
            missed ? '' : 'Interested',
            start,
          ];
        }),
      ],
      ',',
      true,
    ),
  );

/**
 * Kommo (amoCRM international), Leads → Export in English. Kommo's Sale is a whole number; the
 * corpus keeps the kopecks so that every file sums to the same total.
 */
export const kommo = () =>
  utf8(
    csv(
      [
        [
          'ID',
          'Lead title',
          'Sale',
          'Responsible user',
          'Lead status',
          'Pipeline',
          'Date created',
          'Created by',
          'Modified',
          'Modified by',
          'Closing date',
          'Tags',
          'Company',
          'Main contact',
          'Loss reason',
          'Source',
        ],
        ...DEALS.map((d) => [
          d.id,
          d.title,
          String(d.amount),
          d.manager,
          d.id === '103' ? 'Negotiation' : KOMMO_STAGE[d.outcome],
          'Sales pipeline',
          `${dmy(d.created)} ${hm(d.created)}:00`,
          d.manager,
          d.closed ? `${dmy(d.closed)} 18:00:00` : `${dmy(d.created)} ${hm(d.created)}:00`,
          d.manager,
          d.closed ? `${dmy(d.closed)} 18:00:00` : '',
          '',
          d.client,
          '',
          d.lostReason,
          d.source,
        ]),
      ],
      ',',
    ),
  );

export const excelRu = () =>
  encodeCp1251(
    csv(
      [
        [
          'Номер',
          'Сделка',
          'Клиент',
          'Менеджер',
          'Сумма',
          'Статус',
          'Дата создания',
          'Дата закрытия',
        ],
        ...DEALS.map((d) => [
          d.id,
          d.title,
          d.client,
          d.manager,
          `${ruMoney(d.amount)} ₽`.replace(' ₽', ' руб.'),
          XLS_STATUS[d.outcome],
          dmy(d.created),
          d.closed ? dmy(d.closed) : '—',
        ]),
      ],
      ';',
    ),
  );

/** 1C "Реализация товаров": only sales, so only the won deals. */
export const oneC = () =>
  encodeCp1251(
    csv(
      [
        ['Номер документа', 'Дата документа', 'Контрагент', 'Сумма документа', 'Ответственный'],
        ...DEALS.filter((d) => d.outcome === 'won').map((d) => [
          `РТ-${d.id}`,
          `${dmy(d.closed!)} 18:00:00`,
          d.client,
          ruMoney(d.amount),
          d.manager,
        ]),
      ],
      ';',
    ),
  );

/** Rows for XLSX / Parquet / Arrow / JSON writers: natives, not text. */
export const records = () =>
  DEALS.map((d) => ({
    'Deal ID': d.id,
    'Deal Name': d.title,
    Amount: d.amount,
    'Deal Stage': HS_STAGE[d.outcome],
    'Create Date': new Date(
      Date.UTC(d.created[0], d.created[1] - 1, d.created[2], d.created[3], d.created[4]),
    ),
    'Close Date': d.closed ? new Date(Date.UTC(d.closed[0], d.closed[1] - 1, d.closed[2])) : null,
    'Deal owner': d.manager,
    Company: d.client,
  }));

/** The CRM exports above as files, under the names their CRMs give them (shared by the tests). */
export const crmExports = (): [string, Uint8Array][] => [
  ['amocrm_export.csv', amocrm()],
  ['DEAL_20240401.csv', bitrix24()],
  ['deals-pipedrive.csv', pipedrive()],
  ['deals-pipedrive-times.csv', pipedrive('times')],
  ['hubspot.csv', hubspot()],
  ['report1712345.csv', salesforce()],
  ['zoho.csv', zoho()],
  ['kommo.csv', kommo()],
  ['Сделки 2024.csv', excelRu()],
  ['1c.csv', oneC()],
];
