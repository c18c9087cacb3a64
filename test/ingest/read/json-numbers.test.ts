/**
 * JSON numbers a DOUBLE cannot hold as written (parse/precision.ts): `JSON.parse` would round
 * them before anything saw them, so the reader keeps them as written — a whole number as a
 * bigint, any other as its text — and leaves every other value as JSON.parse makes it.
 */
import { describe, expect, it } from 'vitest';
import { readFile } from '../../../src/ingest/read/readers.ts';
import { exactNumbers } from '../../../src/ingest/read/json.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function cells(name: string, text: string) {
  const raw = await readFile(name, utf8(text));
  return { headers: raw.headers, rows: [...raw.rows()].map((r) => r.cells) };
}

describe('the JSON reader', () => {
  it('keeps the digits of numbers a double would round, and nothing else changes', async () => {
    const t = await cells(
      'deals.json',
      `[{"id":12345678901234567890,"amount":123456789012345.678,"n":10,"big":9007199254740993},
        {"id":-98765432109876543210,"amount":0.5,"n":1e3,"big":9007199254740992},
        {"id":1234567890123456,"amount":1.23456789012345678e5,"n":-0,"big":null},
        {"id":1,"amount":0.30000000000000004,"n":1.7976931348623157e308,"big":123456789012345.67}]`,
    );
    expect(t.headers).toEqual(['id', 'amount', 'n', 'big']);
    expect(t.rows).toEqual([
      [12345678901234567890n, '123456789012345.678', 10, 9007199254740993n],
      [-98765432109876543210n, 0.5, 1000, 9007199254740992],
      [1234567890123456, '1.23456789012345678e5', -0, null],
      // What a program writes for 0.1 + 0.2, the largest double, 17 digits a double writes back:
      // each is the double the text says, so JSON.parse's number is kept.
      [1, 0.1 + 0.2, Number.MAX_VALUE, 123456789012345.67],
    ]);
  });

  it('leaves strings that look like numbers alone, escapes and brackets included', async () => {
    const t = await cells(
      'x.json',
      `[{"a":"12345678901234567890","b":"say \\"12345678901234567890\\" [","c":12345678901234567890}]`,
    );
    expect(t.rows).toEqual([
      ['12345678901234567890', 'say "12345678901234567890" [', 12345678901234567890n],
    ]);
  });

  it('reads JSON lines the same way', async () => {
    const t = await cells(
      'x.jsonl',
      '{"id":12345678901234567890,"v":1}\n{"id":2,"v":123456789012345.678}\n{"id":3,"v":0.30000000000000004}\n',
    );
    expect(t.rows).toEqual([
      [12345678901234567890n, 1],
      [2, '123456789012345.678'],
      [3, 0.1 + 0.2],
    ]);
  });

  it('keeps a text that holds the marker it uses as it is', async () => {
    const t = await cells('x.json', `[{"a":"\\ue000123","b":12345678901234567890}]`);
    expect(t.rows).toEqual([['\ue000123', 12345678901234567890n]]);
  });

  it('a nested value keeps the digits in its text', async () => {
    const t = await cells('x.json', `[{"a":{"id":12345678901234567890,"x":[1.5]}}]`);
    expect(t.rows).toEqual([['{"id":"12345678901234567890","x":[1.5]}']]);
  });
});

describe('exactNumbers', () => {
  it('finds the number tokens a double would round, outside strings only', () => {
    const text = `[{"a":"99999999999999999999","b":99999999999999999999,"c":[1,-12345678901234567.5e2]}]`;
    expect(exactNumbers(text).map(([from, to]) => text.slice(from, to))).toEqual([
      '99999999999999999999',
      '-12345678901234567.5e2',
    ]);
  });

  it('leaves a malformed token for the parse to refuse', async () => {
    expect(exactNumbers('[{"a":1234567890123456.7.8,"b":012345678901234567}]')).toEqual([]);
    await expect(readFile('x.json', utf8('[{"a":1234567890123456.7.8}]'))).rejects.toThrow();
  });

  it('finds none in an ordinary file', () => {
    expect(exactNumbers('[{"id":1,"amount":1234567890.25,"t":1709251200000}]')).toEqual([]);
  });
});
