import { describe, expect, it } from 'vitest';
import { decodeText, cyrillicScore } from '../../src/ingest/decode.ts';
import { parseCsv } from '../../src/ingest/csv.ts';
import { sniffCsv } from '../../src/ingest/sniff.ts';
import { encodeCp1251 } from './cp1251.ts';

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
    expect(out[1]).toEqual({ line: 2, error: 'unclosed quote; row skipped' });
    expect(out.slice(2)).toEqual([
      { line: 3, fields: ['2', 'ok'] },
      { line: 4, fields: ['3', 'fine'] },
    ]);
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
