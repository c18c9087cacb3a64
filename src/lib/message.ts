/**
 * Messages are data. Anything shown to a person (a compile note or error, an import warning, a
 * rejected row's reason, a link or manifest error…) is made as a `Message`, `{ code, params }`,
 * where `code` is a key of the i18n dictionaries (`i18n-en.ts`, `messages-en.ts` and their
 * Russian twins). It is turned into text only where it is shown: the UI renders it in the current
 * language (`render`), the CLI in its `--lang` with catalog things by id (`plain`), logs and
 * `Error.message` in English (`english`).
 *
 * Params, and how each kind is rendered:
 * - a string is shown as it is: a name, an id, a value or a file name from the data or the user,
 *   never translated;
 * - a number is written as it is (`12345`); the template groups it by the language with
 *   `{n:number}` (12,345 / 12 345) where it is a quantity that reads better so;
 * - a `Translated` record (`{ en, ru }`, e.g. a catalog label) is shown in the language;
 * - a `Named` thing (`{ id, label }`: a field or measure of the catalog) is shown by its label in
 *   the UI and by its id in the CLI's and the English rendering, which is what a CLI user types;
 * - a `Bytes` size (`bytes(n)`) is written in the language's units and decimal mark: "1.5 MB" /
 *   "1,5 МБ" — never pass a size, or any number, already formatted as a string: it would be
 *   English in the Russian UI;
 * - a nested `Message` is rendered in the same language (a reason inside a sentence);
 * - a list is rendered item by item and joined with ", ".
 *
 * Templates fill `{name}` and `{name:number}`; `{name|one|other}` picks a plural form of the
 * number `name` by the language's rules (English: one, other; Russian: one, few, many).
 *
 * Errors that reach a person extend `MessageError`: they carry the message, and their `.message`
 * is its English rendering. `messageOf` turns anything caught into a message; a foreign error
 * (DuckDB, the browser) keeps its own text as a `raw` message.
 *
 * To add a message: add the code and its English template to a `messages-*-en.ts` table (report,
 * data, cli), the Russian one to its `-ru.ts` twin (the type makes it required, `test/lib/messages.test.ts` checks that both
 * use the same placeholders), and make it with `msg(code, params)`.
 */
import { DICTIONARIES, type Labels, type Lang, type MessageKey } from './i18n.ts';
import { formatSize } from './size.ts';

/** A text in every UI language, such as a catalog label. */
export type Translated = Readonly<Labels>;

/** A thing of the catalog: shown by label in the UI, by id in the CLI's and English renderings. */
export interface Named {
  readonly id: string;
  readonly label: Translated;
}

/** A size in bytes, written per language when the message is rendered. */
export interface Bytes {
  readonly bytes: number;
}

export type MessageParam =
  string | number | Translated | Named | Bytes | Message | readonly MessageParam[];

export type MessageParams = Readonly<Record<string, MessageParam>>;

export interface Message {
  readonly code: MessageKey;
  readonly params?: MessageParams;
}

/** Makes a message (params are omitted when there are none, so messages compare simply). */
export function msg(code: MessageKey, params?: MessageParams): Message {
  return params && Object.keys(params).length > 0 ? { code, params } : { code };
}

/** A text that is not ours to translate (a database or browser error), shown as it is. */
export function raw(text: string): Message {
  return { code: 'raw', params: { text } };
}

/** Several messages as one, separated by "; ". */
export function sentences(items: readonly Message[]): Message | null {
  return items.reduce<Message | null>((a, b) => (a ? msg('sentences', { a, b }) : b), null);
}

/** Messages in the order they were first added, each once (notes gathered while compiling). */
export class MessageSet {
  #items = new Map<string, Message>();
  add(m: Message): void {
    const key = JSON.stringify(m);
    if (!this.#items.has(key)) this.#items.set(key, m);
  }
  list(): Message[] {
    return [...this.#items.values()];
  }
}

/** A size in bytes as a param. */
export function bytes(n: number): Bytes {
  return { bytes: n };
}

/** A catalog thing as a param. */
export function named(thing: { id: string; label: Translated }): Named {
  return { id: thing.id, label: thing.label };
}

export function isMessage(x: unknown): x is Message {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { code?: unknown }).code === 'string' &&
    (x as { code: string }).code in DICTIONARIES.en
  );
}

/** How things are named: by label (the UI) or by id (the CLI and logs). */
type Names = 'label' | 'id';

const LOCALE: Record<Lang, string> = { en: 'en-US', ru: 'ru-RU' };

function param(lang: Lang, names: Names, v: MessageParam): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((x: MessageParam) => param(lang, names, x)).join(', ');
  if ('code' in v) return fill(lang, names, v);
  if ('bytes' in v) return formatSize(v.bytes, lang);
  if ('label' in v) return names === 'id' ? v.id : v.label[lang];
  return (v as Translated)[lang];
}

/** `{name}`, `{name:number}` or `{name|form|form…}`; JSON-like braces (`{"field": …}`) are text. */
export const PLACEHOLDER = /\{(\w+)(?::(number))?((?:\|[^|{}]*)+)?\}/g;

const PLURAL_INDEX: Record<string, number> = { one: 0, few: 1, many: 2 };

function plural(lang: Lang, n: number, forms: string[]): string {
  const i = PLURAL_INDEX[new Intl.PluralRules(LOCALE[lang]).select(n)] ?? forms.length - 1;
  return forms[Math.min(i, forms.length - 1)]!;
}

function fill(lang: Lang, names: Names, m: Message): string {
  const params = m.params ?? {};
  return DICTIONARIES[lang][m.code].replace(
    PLACEHOLDER,
    (whole, name: string, format: string | undefined, forms: string | undefined) => {
      const v = params[name];
      if (v === undefined) return whole;
      if (typeof v === 'number') {
        if (forms !== undefined) return plural(lang, v, forms.slice(1).split('|'));
        if (format === 'number') return v.toLocaleString(LOCALE[lang]);
      }
      return param(lang, names, v);
    },
  );
}

/** The message in `lang`, catalog things by their labels: what the UI shows. */
export function render(lang: Lang, m: Message): string {
  return fill(lang, 'label', m);
}

/** The English rendering, catalog things by their ids: what logs and `Error.message` hold. */
export function english(m: Message): string {
  return fill('en', 'id', m);
}

/** The CLI's rendering in `lang` (`--lang`: notes and the error line): catalog things by their ids. */
export function plain(lang: Lang, m: Message): string {
  return fill(lang, 'id', m);
}

/** An error whose text is a message: the UI shows it in its language, the CLI in `--lang`. */
export class MessageError extends Error {
  override name = 'MessageError';
  readonly msg: Message;
  constructor(m: Message) {
    super(english(m));
    this.msg = m;
  }
}

/** What to show for anything caught: our message, or a foreign error's own text. */
export function messageOf(e: unknown): Message {
  if (e instanceof MessageError) return e.msg;
  return raw(e instanceof Error ? e.message : String(e));
}
