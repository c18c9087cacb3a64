/**
 * UI strings and message templates in English and Russian. `t(lang, key, params)` fills `{name}`
 * placeholders; messages (`message.ts`) are rendered from the same dictionaries. Every key exists
 * in both languages (each Russian dictionary is typed by its English one).
 */
import { en } from './i18n-en.ts';
import { ru } from './i18n-ru.ts';
import { reportMessagesEn } from './messages-report-en.ts';
import { reportMessagesRu } from './messages-report-ru.ts';
import { dataMessagesEn } from './messages-data-en.ts';
import { dataMessagesRu } from './messages-data-ru.ts';
import { cliMessagesEn } from './messages-cli-en.ts';
import { cliMessagesRu } from './messages-cli-ru.ts';

export type Lang = 'en' | 'ru';
export const LANGS: readonly Lang[] = ['en', 'ru'];

/** A name in every language (a field's, a measure's, a table's). */
export type Labels = Record<Lang, string>;

/** The UI strings' keys (`i18n-en.ts`), which type the Russian UI dictionary. */
export type Dict = Record<keyof typeof en, string>;

const EN = { ...en, ...reportMessagesEn, ...dataMessagesEn, ...cliMessagesEn };

/** Every key: UI strings and message codes. */
export type MessageKey = keyof typeof EN;

export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = {
  en: EN,
  ru: { ...ru, ...reportMessagesRu, ...dataMessagesRu, ...cliMessagesRu },
};

export type Params = Record<string, string | number>;

/** Looks up a message and fills `{name}` placeholders. */
export function t(lang: Lang, key: MessageKey, params?: Params): string {
  const text = DICTIONARIES[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    name in params ? String(params[name]) : m,
  );
}

/** A translator bound to one language. */
export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(lang: Lang): Translate {
  return (key, params) => t(lang, key, params);
}

/** The browser's preferred UI language, if it is one we have. */
export function preferredLang(languages: readonly string[]): Lang {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'ru') return 'ru';
    if (base === 'en') return 'en';
  }
  return 'en';
}
