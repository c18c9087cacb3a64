/**
 * The sample scan tests each text value once per distinct value while a column's values repeat
 * (`ColumnStats` keeps what it found by value). The counts must be those of testing every value:
 * checked against a plain count written here from the value rules, on columns that repeat, that
 * do not, and that change from one to the other.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import * as values from '../../../src/ingest/parse/values.ts';
import { dottedEvidence, parseDate, slashEvidence } from '../../../src/ingest/parse/dates.ts';
import { ColumnStats } from '../../../src/ingest/parse/infer.ts';
import { roundsText, wholeText } from '../../../src/ingest/parse/precision.ts';

vi.mock('../../../src/ingest/parse/values.ts', { spy: true });

/** Every counter, each value tested on its own. */
function plainCounts(cells: (string | null)[]) {
  const c = {
    nonNull: 0,
    text: 0,
    numDot: 0,
    numComma: 0,
    evDot: 0,
    evComma: 0,
    leadingZero: 0,
    dates: 0,
    dmy: 0,
    mdy: 0,
    dotted: 0,
    dotDmy: 0,
    dotMdy: 0,
    bools: 0,
    roundDot: 0,
    roundComma: 0,
    roundWholeDot: 0,
    roundWholeComma: 0,
    maxLength: 0,
    distinct: new Set<string>(),
    seen: 0,
  };
  for (const cell of cells) {
    if (cell === null || values.isNullText(cell)) continue;
    const s = cell.trim();
    c.nonNull++;
    c.text++;
    c.seen++;
    c.distinct.add(s);
    c.maxLength = Math.max(c.maxLength, s.length);
    if (values.parseNumber(s, '.') !== undefined) {
      c.numDot++;
      if (roundsText(s, '.')) c.roundDot++;
      if (roundsText(s, '.') && wholeText(s, '.')) c.roundWholeDot++;
    }
    if (values.parseNumber(s, ',') !== undefined) {
      c.numComma++;
      if (roundsText(s, ',')) c.roundComma++;
      if (roundsText(s, ',') && wholeText(s, ',')) c.roundWholeComma++;
    }
    const ev = values.decimalEvidence(s);
    if (ev === '.') c.evDot++;
    if (ev === ',') c.evComma++;
    if (/^0\d+$/.test(s)) c.leadingZero++;
    const slash = slashEvidence(s);
    if (slash === 'dmy') c.dmy++;
    if (slash === 'mdy') c.mdy++;
    const dotted = dottedEvidence(s);
    if (dotted !== null) c.dotted++;
    if (dotted === 'dmy') c.dotDmy++;
    if (dotted === 'mdy') c.dotMdy++;
    if (slash !== null || dotted !== null || parseDate(s) !== undefined) c.dates++;
    if (values.parseBoolean(s) !== undefined) c.bools++;
  }
  return c;
}

function counts(cells: (string | null)[]) {
  const st = new ColumnStats();
  for (const c of cells) st.add(c);
  const {
    nativeNumber: _n,
    nativeDate: _d,
    nativeBool: _b,
    nativeRounded: _r,
    distinctOverflow: _o,
    ...rest
  } = st;
  return rest;
}

/** Values of every kind the rules tell apart, with spaces and markers around some. */
const VALUES = [
  '',
  ' ',
  'NULL',
  '-',
  'n/a',
  '12',
  ' 12 ',
  '012',
  '0',
  '1 234,50',
  '1.234,5',
  '1,234.5',
  '12,5',
  '12.5',
  '(12)',
  '100 ₽',
  '$5',
  '01.02.2024',
  '13.02.2024 10:00:00',
  '02.13.2024',
  '01/02/2024',
  '13/02/2024',
  '02/13/2024 1:00 PM',
  '2024-01-02',
  '2024-01-02T10:00:00Z',
  'да',
  'нет',
  'TRUE',
  'yes',
  'Иванова',
  'ООО Клиент 7',
  // Around the tests `evidence` skips: what a digit, a number character or a short text opens.
  'ИСТИНА',
  'Ложь',
  'NO',
  'T',
  '\u212a',
  'D000001',
  '2023-01-01 09:02:34',
  '0x10',
  '1e5',
  '+5',
  '\u22125',
  '.5',
  '٣',
  'US$5',
  'руб. 100',
  'Sarah Smith',
  '123456789012345.67',
  '123456789012345,67',
  '123456789012345.678',
  '123456789012345,678',
  '0.30000000000000004',
  '12345678901234567890',
  '1 234 567 890 123 456,78',
];
const cell = fc.oneof(
  fc.constantFrom(...VALUES),
  fc.constant(null),
  fc.string({ maxLength: 8 }),
  fc.integer({ min: 0, max: 99_999 }).map(String),
);

describe('ColumnStats', () => {
  it('counts as testing every value, columns that repeat or not', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 1500 }), (cells) => {
        expect(counts(cells)).toEqual(plainCounts(cells));
      }),
      { numRuns: 150 },
    );
  });

  it('counts as testing every value when a column turns from repeating to unique and back', () => {
    const cells = [
      ...Array.from({ length: 2000 }, (_, i) => VALUES[i % VALUES.length]!),
      ...Array.from({ length: 6000 }, (_, i) => `${i},${i % 100}`),
      ...Array.from({ length: 2000 }, (_, i) => VALUES[i % 7]!),
    ];
    expect(counts(cells)).toEqual(plainCounts(cells));
    const unique = Array.from({ length: 9000 }, (_, i) => (i % 3 ? String(i) : `0${i}`));
    expect(counts(unique)).toEqual(plainCounts(unique));
  });

  it('tests a repeated value once', () => {
    const cells = Array.from({ length: 5000 }, (_, i) => ['12,5', 'Иванова', '01.02.2024'][i % 3]!);
    vi.mocked(values.parseNumber).mockClear();
    vi.mocked(values.mayBeNumber).mockClear();
    vi.mocked(values.isNullText).mockClear();
    counts(cells);
    // Each mark's test for the two values that may be numbers ('Иванова' holds letters).
    expect(vi.mocked(values.parseNumber).mock.calls).toHaveLength(4);
    expect(vi.mocked(values.mayBeNumber).mock.calls).toHaveLength(3);
    expect(vi.mocked(values.isNullText).mock.calls).toHaveLength(3);
  });
});
