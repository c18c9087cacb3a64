/**
 * A size in bytes written in a UI language: 1536 → "1.5 KB" / "1,5 КБ". In lib/ so that a message
 * carrying a size (`bytes(n)` in message.ts) and the UI's own labels write it the same way.
 */
import type { Lang } from './i18n.ts';

const SIZE_UNITS: Record<Lang, readonly string[]> = {
  en: ['B', 'KB', 'MB', 'GB'],
  ru: ['Б', 'КБ', 'МБ', 'ГБ'],
};

const LOCALE: Record<Lang, string> = { en: 'en-US', ru: 'ru-RU' };

/** One decimal below 10 of a unit ("1.5 MB"), whole above ("100 MB"); bytes always whole. */
export function formatSize(bytes: number, lang: Lang): string {
  const units = SIZE_UNITS[lang];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  const digits = i > 0 && n < 10 ? 1 : 0;
  const num = n.toLocaleString(LOCALE[lang], {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return `${num} ${units[i]}`;
}
