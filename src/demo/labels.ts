/**
 * English and Russian text of the demo. Every list is index-aligned with `world.ts` and has the
 * same length in both languages, so switching language changes labels and nothing else.
 */
import type { Lang } from '../query/catalog.ts';

export interface DemoLabels {
  name: string;
  currency: string;
  pipelines: readonly string[];
  /** Per pipeline: its open stages, then the won stage, then the lost stage. */
  stages: readonly (readonly string[])[];
  sources: readonly string[];
  lostReasons: readonly string[];
  departments: readonly string[];
  levels: readonly string[];
  managers: readonly string[];
  regions: readonly string[];
  cities: readonly string[];
  industries: readonly string[];
  clientTypes: readonly [company: string, individual: string];
  clientStatuses: readonly [active: string, lapsed: string, prospect: string];
  products: readonly string[];
  categories: readonly string[];
  campaigns: readonly string[];
  companyRoots: readonly string[];
  companyNouns: readonly string[];
  legalForms: readonly string[];
  company(root: string, noun: string, form: string): string;
  maleFirst: readonly string[];
  femaleFirst: readonly string[];
  /** Surnames in their masculine form; `female` derives the feminine one where the language has it. */
  surnames: readonly string[];
  female(surname: string): string;
}

const en: DemoLabels = {
  name: 'Demo CRM',
  currency: 'USD',
  pipelines: ['B2B sales', 'Retail'],
  stages: [
    ['Lead', 'Qualified', 'Needs analysis', 'Proposal', 'Negotiation', 'Contract', 'Won', 'Lost'],
    ['New request', 'Contacted', 'Demo', 'Invoice sent', 'Paid', 'Cancelled'],
  ],
  sources: [
    'Website',
    'Inbound call',
    'Email campaign',
    'Referral',
    'Partner',
    'Trade show',
    'Cold call',
    'Social media',
    'Paid search',
    'Webinar',
    'Marketplace',
  ],
  lostReasons: [
    'No response',
    'Not a fit',
    'Duplicate or spam',
    'No budget',
    'Postponed',
    'Chose a competitor',
    'Price too high',
    'Contract terms',
    'Decided to do nothing',
  ],
  departments: ['Enterprise', 'Mid-market', 'SMB', 'Retail'],
  levels: ['Junior', 'Middle', 'Senior'],
  managers: [
    'Olivia Carter', 'James Whitfield', 'Daniel Brooks', 'Sophie Turner', 'Ethan Cole',
    'Grace Morgan', 'Henry Walsh', 'Chloe Bennett', 'Lucas Reid', 'Mia Foster',
    'Noah Fleming', 'Ava Sinclair', 'William Hayes', 'Emily Parker', 'Jack Dalton',
    'Isabella Grant', 'Samuel Price', 'Lily Chapman', 'Oscar Bell', 'Charlotte Hughes',
    'Thomas Ward', 'Ella Matthews', 'Leo Harrison', 'Ruby Spencer', 'Max Porter',
  ],
  regions: ['Central', 'North-West', 'Volga', 'Urals', 'Siberia', 'South', 'Far East'],
  cities: [
    'Moscow', 'Tula', 'Yaroslavl', 'Saint Petersburg', 'Kaliningrad', 'Kazan', 'Nizhny Novgorod',
    'Samara', 'Yekaterinburg', 'Chelyabinsk', 'Novosibirsk', 'Krasnoyarsk', 'Omsk', 'Krasnodar',
    'Rostov-on-Don', 'Vladivostok', 'Khabarovsk',
  ],
  industries: [
    'Retail', 'Manufacturing', 'IT', 'Construction', 'Logistics', 'Healthcare', 'Finance',
    'Education', 'Hospitality', 'Agriculture', 'Professional services',
  ],
  clientTypes: ['Company', 'Individual'],
  clientStatuses: ['Active', 'Lapsed', 'Prospect'],
  products: [
    'CRM Start licence', 'CRM Business licence', 'CRM Enterprise licence', 'Analytics add-on',
    'Implementation project', 'Integration', 'Training course', 'Support plan', 'POS terminal',
    'Barcode scanner', 'Receipt printer', 'Cloud storage plan', 'Premium support',
  ],
  categories: ['Software', 'Services', 'Hardware', 'Subscriptions'],
  campaigns: [
    'New Year kick-off', 'Spring promo', 'Summer deals', 'Back to business', 'Black Friday',
    'Year-end offer',
  ],
  companyRoots: [
    'North', 'Alpha', 'Vector', 'Granite', 'Orion', 'Delta', 'Zenith', 'Baltic', 'Ural', 'Volga',
    'Aurora', 'Polar', 'Taiga', 'Atlas', 'Meridian', 'Sever', 'Kedr', 'Rubin', 'Sapphire', 'Falcon',
    'Horizon', 'Nova', 'Optima', 'Prime', 'Quantum', 'Stella', 'Titan', 'Unity', 'Vega', 'Yantar',
  ],
  companyNouns: [
    'Trade', 'Logistics', 'Systems', 'Group', 'Industries', 'Tech', 'Stroy', 'Service', 'Market',
    'Foods', 'Pharm', 'Energy', 'Consulting', 'Holding', 'Retail', 'Motors', 'Agro', 'Soft', 'Lab',
    'Invest',
  ],
  legalForms: ['LLC', 'JSC', 'Ltd', 'Inc.'],
  company: (root, noun, form) => `${root} ${noun} ${form}`,
  maleFirst: [
    'Alexander', 'Michael', 'David', 'Andrew', 'Peter', 'Paul', 'George', 'Robert', 'Victor',
    'Nicholas', 'Steven', 'Arthur', 'Simon', 'Edward', 'Mark',
  ],
  femaleFirst: [
    'Anna', 'Maria', 'Elena', 'Natalie', 'Julia', 'Catherine', 'Sarah', 'Helen', 'Victoria',
    'Alice', 'Diana', 'Eva', 'Irene', 'Laura', 'Vera',
  ],
  surnames: [
    'Smith', 'Johnson', 'Brown', 'Taylor', 'Miller', 'Wilson', 'Moore', 'Anderson', 'Thomas',
    'Jackson', 'White', 'Harris', 'Martin', 'Thompson', 'Young', 'Allen', 'King', 'Wright', 'Scott',
    'Green',
  ],
  female: (surname) => surname,
};

const ru: DemoLabels = {
  name: 'Демо CRM',
  currency: 'RUB',
  pipelines: ['B2B-продажи', 'Розница'],
  stages: [
    ['Лид', 'Квалификация', 'Выявление потребностей', 'Коммерческое предложение', 'Переговоры', 'Договор', 'Успешно', 'Проиграна'],
    ['Новая заявка', 'Связались', 'Демонстрация', 'Счёт выставлен', 'Оплачено', 'Отменена'],
  ],
  sources: [
    'Сайт',
    'Входящий звонок',
    'Email-рассылка',
    'Рекомендация',
    'Партнёр',
    'Выставка',
    'Холодный звонок',
    'Соцсети',
    'Контекстная реклама',
    'Вебинар',
    'Маркетплейс',
  ],
  lostReasons: [
    'Нет ответа',
    'Нецелевой клиент',
    'Дубль или спам',
    'Нет бюджета',
    'Отложили',
    'Выбрали конкурента',
    'Дорого',
    'Условия договора',
    'Решили ничего не делать',
  ],
  departments: ['Крупный бизнес', 'Средний бизнес', 'Малый бизнес', 'Розница'],
  levels: ['Младший', 'Специалист', 'Ведущий'],
  managers: [
    'Ольга Карпова', 'Дмитрий Белов', 'Даниил Быстров', 'Софья Тихонова', 'Егор Колесов',
    'Галина Морозова', 'Григорий Волков', 'Ксения Беляева', 'Лука Родионов', 'Мария Фомина',
    'Никита Флёров', 'Алина Синицына', 'Вадим Гаев', 'Екатерина Панова', 'Яков Далматов',
    'Ирина Гранина', 'Семён Прайсов', 'Лилия Чаплина', 'Олег Белкин', 'Светлана Юрьева',
    'Тимофей Вардин', 'Элина Матвеева', 'Лев Харитонов', 'Римма Спиридонова', 'Максим Портнов',
  ],
  regions: ['Центр', 'Северо-Запад', 'Поволжье', 'Урал', 'Сибирь', 'Юг', 'Дальний Восток'],
  cities: [
    'Москва', 'Тула', 'Ярославль', 'Санкт-Петербург', 'Калининград', 'Казань', 'Нижний Новгород',
    'Самара', 'Екатеринбург', 'Челябинск', 'Новосибирск', 'Красноярск', 'Омск', 'Краснодар',
    'Ростов-на-Дону', 'Владивосток', 'Хабаровск',
  ],
  industries: [
    'Розничная торговля', 'Производство', 'ИТ', 'Строительство', 'Логистика', 'Медицина', 'Финансы',
    'Образование', 'HoReCa', 'Сельское хозяйство', 'Профессиональные услуги',
  ],
  clientTypes: ['Компания', 'Физлицо'],
  clientStatuses: ['Активный', 'Ушедший', 'Потенциальный'],
  products: [
    'Лицензия CRM Старт', 'Лицензия CRM Бизнес', 'Лицензия CRM Корпорация', 'Модуль аналитики',
    'Проект внедрения', 'Интеграция', 'Курс обучения', 'План поддержки', 'POS-терминал',
    'Сканер штрихкодов', 'Принтер чеков', 'Облачное хранилище', 'Премиум-поддержка',
  ],
  categories: ['Программы', 'Услуги', 'Оборудование', 'Подписки'],
  campaigns: [
    'Новогодний старт', 'Весенняя акция', 'Летние скидки', 'Снова в деле', 'Чёрная пятница',
    'Предложение года',
  ],
  companyRoots: [
    'Север', 'Альфа', 'Вектор', 'Гранит', 'Орион', 'Дельта', 'Зенит', 'Балтика', 'Урал', 'Волга',
    'Аврора', 'Полюс', 'Тайга', 'Атлас', 'Меридиан', 'Северянин', 'Кедр', 'Рубин', 'Сапфир', 'Сокол',
    'Горизонт', 'Нова', 'Оптима', 'Прайм', 'Квант', 'Стелла', 'Титан', 'Единство', 'Вега', 'Янтарь',
  ],
  companyNouns: [
    'Трейд', 'Логистик', 'Системс', 'Групп', 'Индастриз', 'Тех', 'Строй', 'Сервис', 'Маркет',
    'Продукт', 'Фарм', 'Энерго', 'Консалт', 'Холдинг', 'Ритейл', 'Моторс', 'Агро', 'Софт', 'Лаб',
    'Инвест',
  ],
  legalForms: ['ООО', 'АО', 'ПАО', 'ЗАО'],
  company: (root, noun, form) => `${form} «${root} ${noun}»`,
  maleFirst: [
    'Александр', 'Михаил', 'Денис', 'Андрей', 'Пётр', 'Павел', 'Георгий', 'Роман', 'Виктор',
    'Николай', 'Степан', 'Артём', 'Сергей', 'Эдуард', 'Марк',
  ],
  femaleFirst: [
    'Анна', 'Мария', 'Елена', 'Наталья', 'Юлия', 'Екатерина', 'Софья', 'Алёна', 'Виктория',
    'Алиса', 'Дарья', 'Ева', 'Ирина', 'Лариса', 'Вера',
  ],
  surnames: [
    'Смирнов', 'Иванов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков',
    'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов',
    'Степанов', 'Никитин',
  ],
  female: (surname) => `${surname}а`,
};

/** The demo's text in one language. */
export function demoLabels(lang: Lang): DemoLabels {
  return lang === 'ru' ? ru : en;
}
