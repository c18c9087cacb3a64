/**
 * UI strings in English and Russian. `t(lang, key, params)` fills `{name}` placeholders.
 * Every key exists in both languages (the Russian dictionary is typed by the English one).
 */
import { en } from './i18n-en.ts';
import { ru } from './i18n-ru.ts';

export type Lang = 'en' | 'ru';
export const LANGS: readonly Lang[] = ['en', 'ru'];

/** A name in every language (a field's, a measure's, a table's). */
export type Labels = Record<Lang, string>;

export type MessageKey = keyof typeof en;
export type Dict = Record<MessageKey, string>;

export const DICTIONARIES: Record<Lang, Dict> = { en, ru };

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
