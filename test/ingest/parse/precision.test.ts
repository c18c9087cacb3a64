/**
 * Which number texts a DOUBLE cannot hold as written (parse/precision.ts): the rule on a table of
 * texts, and its SQL form giving the same answer on real DuckDB, as both loaders count with them.
 */
import { describe, expect, it } from 'vitest';
import { roundsBigint, roundsSql, roundsText } from '../../../src/ingest/parse/precision.ts';
import { quoteString } from '../../../src/query/sql/escape.ts';
import { sharedEngine } from '../../fixtures/engine.ts';
import { createNativeEngine } from '../../../src/engine/native.ts';

/** [text, decimal mark, rounded] */
const CASES: [string, ',' | '.', boolean][] = [
  ['12345678901234567890', '.', true],
  ['1234567890123456.78', '.', true],
  ['123456789012345.678', '.', true],
  ['123456789012345,678', ',', true],
  ['1,234,567,890,123,456.78', '.', true],
  ['1 234 567 890 123 456,78 ₽', ',', true],
  ['-12345678901234567', '.', true],
  ['(12345678901234567)', '.', true],
  ['0.12345678901234567891', '.', true],
  ['1.23456789012345678e5', '.', true],
  ['9007199254740993', '.', true],
  ['18014398509481985', '.', true],
  ['12345678901234567168', '.', true],
  ['999999999999999.99', '.', true],
  // Past the largest double: it would load as infinity, which no reader keeps.
  ['1.7976931348623159e308', '.', true],
  // The decimal the text means, not the double's exact binary value: 0.1 is not rounded.
  ['0.1000000000000000055511151231257827', '.', true],
  // A percent is its text two places smaller (one rounding): the rule holds with the point moved.
  ['9007199254740991%', '.', true],
  ['12.34567890123456%', '.', false],
  // At most 15 significant digits: every such decimal comes back from a DOUBLE as written.
  ['123456789012345', '.', false],
  ['12345678901234.5', '.', false],
  ['0.000000000000000000012345', '.', false],
  ['000000000000000000012.5', '.', false],
  ['1000000000000000000000', '.', false],
  ['1 000 000 000 000 000 000,00', ',', false],
  ['123456789012345.000000', '.', false],
  ['1.5e+300000000000000', '.', false],
  ['1.50000000000000000', '.', false],
  ['-0.0000000000000000', '.', false],
  // 16 or 17 digits that a double's shortest form writes back: the number the file says.
  ['0.30000000000000004', '.', false],
  ['+0.30000000000000004', '.', false],
  ['0.300000000000000040', '.', false],
  ['3.0000000000000004e-1', '.', false],
  ['30000000000000004E-17', '.', false],
  ['0,30000000000000004', ',', false],
  ['1.7976931348623157e308', '.', false],
  ['123456789012345.67', '.', false],
  ['123 456 789 012 345,67 ₽', ',', false],
  ['0.1234567890123456', '.', false],
  ['12345678901234567000', '.', false],
  ['1234567890123456', '.', false],
  ['9007199254740992', '.', false],
  ['9007199254740994', '.', false],
  ['18014398509481984', '.', false],
  ['-9007199254740992', '.', false],
  ['9 007 199 254 740 992 USD', '.', false],
  ['9007199254740992.000', '.', false],
  // Short texts are never looked at.
  ['12345.6789', '.', false],
  ['', '.', false],
];

describe('roundsText', () => {
  it.each(CASES)('%s (mark %s): %s', (text, decimal, rounded) => {
    expect(roundsText(text, decimal)).toBe(rounded);
  });

  it('as its text would: the texts of doubles compared, not where 2^53 is', () => {
    expect(roundsBigint(2n ** 53n)).toBe(false);
    expect(roundsBigint(-(2n ** 53n))).toBe(false);
    expect(roundsBigint(2n ** 53n + 1n)).toBe(true);
    expect(roundsBigint(-(2n ** 53n) - 1n)).toBe(true);
    expect(roundsBigint(2n ** 53n + 2n)).toBe(false);
    expect(roundsBigint(12345678901234567000n)).toBe(false);
    expect(roundsBigint(12345678901234567890n)).toBe(true);
    for (const [text, , rounded] of CASES)
      if (/^-?\d+$/.test(text)) expect(roundsBigint(BigInt(text)), text).toBe(rounded);
  });
});

describe.each([
  ['DuckDB-WASM', undefined],
  ['native DuckDB', () => createNativeEngine()],
] as const)('roundsSql on %s', (_, make) => {
  const db = make ? sharedEngine(make) : sharedEngine();

  it('says what roundsText says, text by text', async () => {
    const selects = CASES.map(
      ([text, decimal], i) => `SELECT ${i} AS i, ${roundsSql(quoteString(text), decimal)} AS r`,
    );
    const got = (await db.engine.query(`${selects.join(' UNION ALL ')} ORDER BY i`))
      .toArray()
      .map((row) => (row.toJSON() as { r: boolean }).r);
    expect(got).toEqual(
      CASES.map(([text, decimal]) => text.length > 15 && roundsText(text, decimal)),
    );
  });
});
