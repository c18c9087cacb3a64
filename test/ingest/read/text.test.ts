import { english, type Message } from '../../../src/lib/message.ts';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeText, cyrillicScore, utf8Lines } from '../../../src/ingest/read/encoding/decode.ts';
import { parseCsv } from '../../../src/ingest/read/csv/csv.ts';
import { sniffCsv } from '../../../src/ingest/read/csv/sniff.ts';
import { encodeCp1251 } from '../corpus/cp1251.ts';

describe('decodeText', () => {
  it('reads UTF-8 with and without BOM', () => {
    const bytes = new TextEncoder().encode('\uFEFFDeal owner,Amount\n');
    expect(decodeText(bytes)).toEqual({ text: 'Deal owner,Amount\n', encoding: 'utf-8' });
    expect(decodeText(new TextEncoder().encode('Бюджет;Этап')).encoding).toBe('utf-8');
  });

  it('detects Windows-1251 by invalid UTF-8 and Cyrillic runs', () => {
    const bytes = encodeCp1251(
      'Бюджет;Ответственный;Этап сделки\n1 000;Иванов;Успешно реализовано\n',
    );
    expect(cyrillicScore(bytes)).toBeGreaterThan(0.9);
    const d = decodeText(bytes);
    expect(d.encoding).toBe('windows-1251');
    expect(d.text).toContain('Ответственный');
  });

  it('keeps Western Windows-1252 text Western', () => {
    const bytes = Uint8Array.from(
      [...'Caf']
        .map((c) => c.charCodeAt(0))
        .concat([0xe9, 0x2c, 0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]),
    );
    expect(decodeText(bytes)).toEqual({ text: 'Café,Müller', encoding: 'windows-1252' });
  });

  it('reads UTF-16 LE with BOM and without', () => {
    const s = 'a;b\n1;Я\n';
    const le = new Uint8Array(2 + s.length * 2);
    le[0] = 0xff;
    le[1] = 0xfe;
    for (let i = 0; i < s.length; i++) {
      le[2 + i * 2] = s.charCodeAt(i) & 0xff;
      le[3 + i * 2] = s.charCodeAt(i) >> 8;
    }
    expect(decodeText(le).text).toBe(s);
    expect(decodeText(le.subarray(2)).text).toBe(s);
  });

  it('reads a file of UTF-8 and Windows-1251 lines line by line, naming the odd ones', () => {
    const utf8 = (t: string) => new TextEncoder().encode(t);
    const join = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
    const bytes = join(
      utf8('Сделка;Бюджет\nПоставка А;100\n'),
      encodeCp1251('Поставка Б;200\n'),
      utf8('Delivery C;300\nПоставка Г;400\n'),
      encodeCp1251('Ёлка;500'),
    );
    expect(decodeText(bytes)).toEqual({
      text: 'Сделка;Бюджет\nПоставка А;100\nПоставка Б;200\nDelivery C;300\nПоставка Г;400\nЁлка;500',
      encoding: 'utf-8',
      mixed: { encoding: 'windows-1251', lines: [3, 6], count: 2 },
    });
    // Mostly Windows-1251 with one pasted UTF-8 line: the file is 1251, the UTF-8 line is named.
    const mostly = join(
      encodeCp1251('Сделка;Бюджет\nПоставка А;100\nПоставка Б;200\n'),
      utf8('Поставка В;300\n'),
    );
    expect(decodeText(mostly)).toMatchObject({
      text: 'Сделка;Бюджет\nПоставка А;100\nПоставка Б;200\nПоставка В;300\n',
      encoding: 'windows-1251',
      mixed: { encoding: 'utf-8', lines: [4], count: 1 },
    });
    // A plain Windows-1251 file stays what it was.
    expect(decodeText(encodeCp1251('Сделка;Бюджет\nПоставка;1\n')).mixed).toBeUndefined();
  });

  it('judges a line valid UTF-8 exactly when a strict decoder does', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    const valid = (b: Uint8Array) => {
      try {
        strict.decode(b);
        return true;
      } catch {
        return false;
      }
    };
    // Random bytes, and real text cut anywhere (truncated and broken sequences).
    const line = fc.oneof(
      fc.uint8Array({ maxLength: 24 }),
      fc
        .tuple(fc.string({ unit: 'binary', maxLength: 12 }), fc.nat(40))
        .map(([t, k]) => new TextEncoder().encode(t).subarray(0, k)),
    );
    fc.assert(
      fc.property(line, (raw) => {
        const b = raw.filter((x) => x !== 0x0a);
        let kind = 'ascii';
        utf8Lines(b, (_l, _s, k) => (kind = k));
        return (kind !== 'legacy') === valid(b);
      }),
      { numRuns: 3000 },
    );
  });

  it('honours an explicit encoding and rejects binary junk', () => {
    expect(decodeText(encodeCp1251('Да'), 'cp1251').text).toBe('Да');
    expect(() => decodeText(Uint8Array.from([0x50, 0x4b, 0, 1, 2, 3, 0, 0]))).toThrow(/binary/);
  });
});

describe('parseCsv', () => {
  const rows = (text: string, delimiter = ',') => [...parseCsv(text, { delimiter, quote: '"' })];

  it('handles quotes, doubled quotes, embedded delimiters and newlines, CRLF', () => {
    expect(rows('a,b\r\n"x, y","he said ""hi"""\r\n"multi\nline",2\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'he said "hi"'] },
      { line: 3, fields: ['multi\nline', '2'] },
    ]);
  });

  it('skips blank lines and keeps line numbers', () => {
    expect(rows('a\n\n1\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 3, fields: ['1'] },
    ]);
  });

  it('reports an unclosed quote and resumes on the next line', () => {
    const out = rows('a,b\n1,"broken\n2,ok\n3,fine\n');
    expect(out[1]).toMatchObject({ line: 2 });
    expect(english((out[1] as { error: Message }).error)).toBe('unclosed quote; row skipped');
    expect(out.slice(2)).toEqual([
      { line: 3, fields: ['2', 'ok'] },
      { line: 4, fields: ['3', 'fine'] },
    ]);
  });

  it('with the width known, a quote that swallows the next lines is a stray quote: only its row is skipped', () => {
    // Olist's closed deals with a quote typed before a seller id: it closed only on line 4.
    const text = 'id,seller,segment\n1,"s1,pet\n2,s2,toys\n3,s3,x"y\n4,s4,home\n';
    const out = [...parseCsv(text, { delimiter: ',', quote: '"', width: 3 })];
    expect(out[1]).toMatchObject({ line: 2, strayQuote: { field: 1, endLine: 4 } });
    expect(out.slice(2)).toEqual([
      { line: 3, fields: ['2', 's2', 'toys'] },
      // Line 4's own quote, inside a field, is text.
      { line: 4, fields: ['3', 's3', 'x"y'] },
      { line: 5, fields: ['4', 's4', 'home'] },
    ]);
    // Closed inside a later value, the quote gives the header's width by chance: still stray.
    const chance = 'a,b,c\n1,"x,y\n2,y"z,w\n3,k,l\n';
    expect([...parseCsv(chance, { delimiter: ',', quote: '"', width: 3 })]).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, error: expect.anything(), strayQuote: { field: 1, endLine: 3 } },
      { line: 3, fields: ['2', 'y"z', 'w'] },
      { line: 4, fields: ['3', 'k', 'l'] },
    ]);
    // A value with line breaks of the right width is a value, with or without the width.
    const multi = 'a,b\n"one\ntwo",2\n';
    expect([...parseCsv(multi, { delimiter: ',', quote: '"', width: 2 })]).toEqual(rows(multi));
  });

  it('keeps text after a closing quote', () => {
    expect(rows('"12"3,x')[0]).toEqual({ line: 1, fields: ['123', 'x'] });
  });
});

describe('sniffCsv', () => {
  it.each([
    ['Имя;Бюджет;Дата\nA;1 234,56;01.02.2024\nB;2,5;02.02.2024\n', ';'],
    ['"Deal Name","Amount"\n"A, Inc",100\n"B",200\n', ','],
    ['a\tb\tc\n1\t2,5\t3\n', '\t'],
    ['a|b\n1|2\n', '|'],
  ])('finds the delimiter of %j', (text, d) => {
    expect(sniffCsv(text).delimiter).toBe(d);
  });

  it('obeys an Excel sep= line', () => {
    expect(sniffCsv('sep=;\na;b\n')).toEqual({ delimiter: ';', quote: '"', skip: 6 });
  });
});
