import { describe, expect, it } from 'vitest';
import { DICTIONARIES, LANGS, type MessageKey } from '../../src/lib/i18n.ts';
import {
  bytes,
  MessageError,
  MessageSet,
  PLACEHOLDER,
  english,
  isMessage,
  messageOf,
  type MessageParam,
  msg,
  named,
  raw,
  render,
  sentences,
} from '../../src/lib/message.ts';
import { dataMessagesEn } from '../../src/lib/messages-data-en.ts';
import { cliMessagesEn } from '../../src/lib/messages-cli-en.ts';
import { compileErrorsEn, reportMessagesEn } from '../../src/lib/messages-report-en.ts';
import { COMPILE_ERROR_CODES } from '../../src/query/resolve.ts';
import { ownText, russianProblems } from './russian.ts';

const MESSAGE_CODES = [
  ...Object.keys(reportMessagesEn),
  ...Object.keys(dataMessagesEn),
  ...Object.keys(cliMessagesEn),
] as MessageKey[];

/** The params a template reads (`{n}`, `{n:number}` and `{n|one|other}` all read `n`). */
function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))].sort();
}

describe('dictionaries', () => {
  it('every key has a template in every language, with the same placeholders', () => {
    const keys = Object.keys(DICTIONARIES.en).sort();
    for (const lang of LANGS) expect(Object.keys(DICTIONARIES[lang]).sort()).toEqual(keys);
    const differ = keys.filter((k) => {
      const [en, ru] = [DICTIONARIES.en, DICTIONARIES.ru].map((d) => d[k as MessageKey]);
      return !en || !ru || placeholders(en).join() !== placeholders(ru).join();
    });
    expect(differ).toEqual([]);
  });

  it('every message has a Russian template of its own words, unless it is only params', () => {
    const latin = MESSAGE_CODES.filter((code) => {
      const own = ownText(DICTIONARIES.ru[code]);
      return /\p{L}/u.test(own) && !/[а-яё]/i.test(own);
    });
    expect(latin).toEqual([]);
    // The codes that are only params: a foreign text, or messages joined.
    expect(MESSAGE_CODES.filter((c) => !/\p{L}/u.test(ownText(DICTIONARIES.en[c])))).toEqual([
      'raw',
      'sentences',
      'spec_at',
      'link_and',
      'saved_invalid',
      'import_fileError',
      'cli_quoted',
      'cli_at',
      'cli_fileAt',
    ]);
  });

  it('compile error codes are enumerable and are exactly the compile_ messages', () => {
    expect(COMPILE_ERROR_CODES).toEqual(Object.keys(compileErrorsEn));
    expect(MESSAGE_CODES.filter((c) => c.startsWith('compile_'))).toEqual(COMPILE_ERROR_CODES);
  });
});

describe('render', () => {
  const manager = named({ id: 'manager', label: { en: 'Manager', ru: 'Менеджер' } });

  it('names catalog things by label in the UI and by id in English for the CLI', () => {
    const m = msg('compile_noGrain', { field: manager });
    expect(render('en', m)).toBe("'Manager' is not a date, it has no grain");
    expect(render('ru', m)).toBe('«Менеджер» — не дата, у неё нет шага');
    expect(english(m)).toBe("'manager' is not a date, it has no grain");
  });

  it('lists, nested messages and translated records follow the language', () => {
    const won = named({ id: 'won', label: { en: 'Won deals', ru: 'Выиграно' } });
    const m = msg('note_cannotSplit', { measures: [won, 'sum:x'], key: 'source' });
    expect(english(m)).toBe("won, sum:x cannot be split by 'source'");
    expect(render('ru', m)).toBe('Выиграно, sum:x нельзя разбить по «source»');
    const nested = msg('import_notParsed', {
      column: 'Сумма',
      n: 2,
      type: msg('valueType_number'),
    });
    expect(english(nested)).toBe('"Сумма": 2 value(s) are not number and will be NULL');
    expect(render('ru', nested)).toContain('не типа «число»');
    expect(render('ru', msg('raw', { text: { en: 'Hello', ru: 'Привет' } }))).toBe('Привет');
  });

  it('a note on the data starts with a capital letter in every language', () => {
    // Shown on their own: the import report's "Notes on the data", the CLI's note lines.
    const notes: [MessageKey, Record<string, MessageParam>][] = [
      ['import_sharedTitleActivities', { n: 2 }],
      ['import_sharedTitleHistory', { n: 2 }],
      ['import_orphanActivities', { n: 2 }],
      ['import_orphanHistory', { n: 2 }],
      [
        'import_unmatchedDeals',
        { n: 2, k: 1, column: 'Client', lookup: 'Clients', examples: "'A'" },
      ],
      [
        'import_unmatchedRows',
        { n: 2, k: 1, from: 'Deals', column: 'Region', lookup: 'Regions', examples: "'A'" },
      ],
      ['import_allOpen', {}],
      ['import_stageOrderGuessed', {}],
      ['import_statusFromStage', {}],
    ];
    for (const lang of LANGS)
      for (const [key, params] of notes)
        expect(render(lang, msg(key, params)), `${lang} ${key}`).toMatch(/^[\p{Lu}\d]/u);
  });

  it('groups numbers only where the template says so, and picks plural forms', () => {
    const one = msg('import_orphanActivities', { n: 1 });
    const many = msg('import_orphanActivities', { n: 12345 });
    expect(english(one)).toBe('1 activity names a deal not found in deals');
    expect(english(many)).toBe('12,345 activities name a deal not found in deals');
    expect(render('ru', many)).toBe('Активностей со сделкой, которой нет в сделках: 12\u00a0345');
    const lines = (count: number) =>
      render(
        'ru',
        msg('import_mixedEncoding', {
          count,
          lines: ['3'],
          more: '',
          encoding: 'windows-1251',
          fileEncoding: 'utf-8',
        }),
      );
    expect(lines(1)).toMatch(/^строка 3 /);
    expect(lines(3)).toMatch(/^строки 3 /);
    expect(lines(5)).toMatch(/^строк 3 /);
    expect(english(msg('read_tooWide', { n: 10000, max: 2048 }))).toBe(
      '10000 columns; at most 2048 are supported (is the delimiter right?)',
    );
  });

  it('a link parameter that is not JSON: «некорректный», one word, as the other JSON errors', () => {
    expect(render('ru', msg('link_notJson', { key: 'f' }))).toBe(
      'Параметр «f» — некорректный JSON.',
    );
  });

  it('writes sizes and bounds in the language: «1,5 МБ», «2 000 000», never the English form', () => {
    const tooBig = msg('link_tooBig', { url: 'https://x.test/d.csv', max: bytes(1.5 * 2 ** 20) });
    expect(english(tooBig)).toContain('larger than 1.5 MB,');
    expect(render('ru', tooBig)).toContain('больше 1,5 МБ');
    expect(render('ru', msg('link_demo', { max: 2_000_000 }))).toBe(
      'Параметр «demo» — число сделок от 1 до 2\u00a0000\u00a0000.',
    );
    expect(english(msg('spec_wholeNumber', { min: 1, max: 1_000_000 }))).toBe(
      'expected a whole number from 1 to 1,000,000',
    );
    expect(render('ru', msg('spec_wholeNumber', { min: 1, max: 1_000_000 }))).toBe(
      'нужно целое число от 1 до 1\u00a0000\u00a0000',
    );
  });

  it('keeps JSON-like braces of a template as text', () => {
    expect(english(msg('spec_dimension'))).toBe('expected an object like {"field": "manager"}');
    expect(render('ru', msg('spec_dimension'))).toBe('нужен объект вида {"field": "manager"}');
  });
});

describe('messages as errors and values', () => {
  it('an error carries its message; its text is the English rendering', () => {
    const e = new MessageError(msg('compile_noMeasure'));
    expect(e.message).toBe('choose at least one measure');
    expect(messageOf(e)).toEqual({ code: 'compile_noMeasure' });
    expect(messageOf(new Error('Catalog Error: x'))).toEqual(raw('Catalog Error: x'));
    expect(render('ru', messageOf('boom'))).toBe('boom');
  });

  it('several messages read as one, separated by "; "', () => {
    expect(sentences([])).toBeNull();
    const m = sentences([msg('saved_notJson'), msg('spec_object'), raw('x')])!;
    expect(english(m)).toBe('not JSON; expected an object; x');
  });

  it('a set keeps each message once, in order', () => {
    const s = new MessageSet();
    s.add(msg('note_noSplit'));
    s.add(msg('note_firstSplitOnly'));
    s.add(msg('note_noSplit'));
    expect(s.list().map((m) => m.code)).toEqual(['note_noSplit', 'note_firstSplitOnly']);
  });

  it('recognises messages, e.g. read back from storage', () => {
    expect(isMessage(JSON.parse(JSON.stringify(msg('import_allOpen'))))).toBe(true);
    expect(isMessage({ code: 'no_such_code' })).toBe(false);
    expect(isMessage('no status or stage column: every deal is open')).toBe(false);
  });

  it('the walk helper flags Latin-only Russian and codes without a template', () => {
    expect(russianProblems(msg('compile_noMeasure'))).toEqual([]);
    expect(russianProblems({ code: 'nope' as MessageKey })).toHaveLength(1);
    expect(russianProblems(msg('raw', { text: 'English only' }))).toEqual([]);
    expect(russianProblems(msg('import_fileError', { file: 'a.csv', reason: raw('bad') }))).toEqual(
      [],
    );
  });
});
