/**
 * The check the message walks apply: a message shown in Russian has a Russian template, and the
 * rendering carries Russian words of its own unless its template is only params (a foreign text,
 * a file name and a nested reason…). Names, ids and numbers from the params may stay Latin.
 */
import { DICTIONARIES } from '../../src/lib/i18n.ts';
import { PLACEHOLDER, render, type Message, type MessageParam } from '../../src/lib/message.ts';

const LETTER = /\p{L}/u;
const CYRILLIC = /[а-яё]/i;

/** A template without its placeholders: the words it says itself. */
export function ownText(template: string): string {
  return template.replace(PLACEHOLDER, '');
}

function nested(p: MessageParam): Message[] {
  if (Array.isArray(p)) return p.flatMap((x: MessageParam) => nested(x));
  if (typeof p === 'object' && p !== null && 'code' in p) return [p];
  return [];
}

/** What is wrong with `m` in Russian (empty when nothing), nested messages included. */
export function russianProblems(m: Message, where = ''): string[] {
  const at = where ? `${where}: ` : '';
  const template = DICTIONARIES.ru[m.code] as string | undefined;
  if (template === undefined) return [`${at}no Russian template for "${m.code}"`];
  const problems: string[] = [];
  const text = render('ru', m);
  if (LETTER.test(ownText(template)) && !CYRILLIC.test(text))
    problems.push(`${at}${m.code} reads Latin-only in Russian: ${text}`);
  const left = text.match(PLACEHOLDER);
  if (left) problems.push(`${at}${m.code} left ${left.join(', ')} unfilled: ${text}`);
  for (const p of Object.values(m.params ?? {}))
    for (const inner of nested(p)) problems.push(...russianProblems(inner, where));
  return problems;
}
