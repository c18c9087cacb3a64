/**
 * Which number texts a DOUBLE cannot hold as written (parse/precision.ts): the rule on a table of
 * texts, and its SQL form giving the same answer on real DuckDB, as both loaders count with them.
 */
import { describe, expect, it } from 'vitest';
import { roundsBigint, roundsSql, roundsText } from '../../../src/ingest/parse/precision.ts';
import { quoteString } from '../../../src/query/sql/escape.ts';
import { sharedEngine } from '../../fixtures/engine.ts';

/** [text, decimal mark, rounded] */
const CASES: [string, ',' | '.', boolean][] = [
  ['12345678901234567890', '.', true],
  ['1234567890123456.78', '.', true],
  ['123456789012345.67', '.', true],
  ['123456789012345,67', ',', true],
  ['1,234,567,890,123,456.78', '.', true],
  ['1 234 567 890 123 456,78 ₽', ',', true],
  ['-12345678901234567', '.', true],
  ['(12345678901234567)', '.', true],
  ['0.1234567890123456', '.', true],
  ['1.2345678901234567e5', '.', true],
  ['9007199254740993', '.', true],
  ['9007199254740991%', '.', true],
  // At most 15 significant digits: every such decimal comes back from a DOUBLE as written.
  ['123456789012345', '.', false],
  ['123456789012345.6', '.', true],
  ['12345678901234.5', '.', false],
  ['0.000000000000000000012345', '.', false],
  ['000000000000000000012.5', '.', false],
  ['1000000000000000000000', '.', false],
  ['1 000 000 000 000 000 000,00', ',', false],
  ['123456789012345.000000', '.', false],
  ['1.5e+300000000000000', '.', false],
  // A whole number up to 2^53 is a DOUBLE exactly.
  ['1234567890123456', '.', false],
  ['9007199254740992', '.', false],
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

  it('a native integer past 2^53 is rounded, up to it is not', () => {
    expect(roundsBigint(2n ** 53n)).toBe(false);
    expect(roundsBigint(-(2n ** 53n))).toBe(false);
    expect(roundsBigint(2n ** 53n + 1n)).toBe(true);
    expect(roundsBigint(-(2n ** 53n) - 1n)).toBe(true);
  });
});

describe('roundsSql', () => {
  const db = sharedEngine();

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
