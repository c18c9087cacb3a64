import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decimalEvidence,
  isNullText,
  parseBoolean,
  parseNumber,
  percentText,
  parseNumberFull,
  MAX_NUMBER_TEXT,
  CURRENCY,
  SPACES,
} from '../../../src/ingest/parse/values.ts';
import {
  formatTimestamp,
  parseDate,
  slashEvidence,
  excelSerialToMs,
  dottedEvidence,
} from '../../../src/ingest/parse/dates.ts';
import { ColumnStats, inferColumn } from '../../../src/ingest/parse/infer.ts';

describe('parseNumber', () => {
  it.each([
    ['1 234,56', ',', 1234.56],
    ['1\u00a0234\u00a0567', ',', 1234567],
    ["1'234.5", '.', 1234.5],
    ['1.234.567,8', ',', 1234567.8],
    ['1,234,567.8', '.', 1234567.8],
    ['12 500 ₽', ',', 12500],
    ['12 500 руб.', ',', 12500],
    ['$1,200.00', '.', 1200],
    ['€ 99,90', ',', 99.9],
    ['15%', '.', 0.15],
    ['-3,5', ',', -3.5],
    ['(120)', '.', -120],
    ['1e3', '.', 1000],
  ] as const)('%s with %s → %d', (raw, dec, want) => {
    expect(parseNumber(raw, dec)).toBeCloseTo(want, 9);
  });

  it('a percent is its number a hundred times smaller, rounded once', () => {
    // Times 0.01 (or over 100) these read 0.35000000000000003, 0.006999999999999999 and
    // 0.5700000000000001.
    expect(parseNumber('35%', '.')).toBe(0.35);
    expect(parseNumber('0.7%', '.')).toBe(0.007);
    expect(parseNumber('57 %', '.')).toBe(0.57);
    expect(parseNumber('-3,5%', ',')).toBe(-0.035);
    expect(parseNumber('(7%)', '.')).toBe(-0.07);
    expect(parseNumber('1.5e3%', '.')).toBe(15);
    expect(percentText('1.5E-3')).toBe('1.5e-5');
  });

  it.each([
    ['1,5', '.'],
    ['abc', '.'],
    ['12.3.4', '.'],
    ['1.5', ','],
    ['', '.'],
  ] as const)('rejects %j with %s', (raw, dec) => {
    expect(parseNumber(raw, dec)).toBeUndefined();
  });

  // Pieces of numbers, of every currency (in both cases), and letters that case-fold into them
  // (Kelvin sign, long s), so the quick rejection of non-numbers is tried at its edges.
  const PIECES = [
    ..."0123456789.,+-−()%eE \u00a0\u202f\u2009\t\ufeff'$€£¥₸₴₽:/xcoф—",
    ...['руб.', 'РУБ', 'р.', 'RUB', 'rur', 'USD', 'usd', 'EUR', 'GBP', 'kzt', 'UAH', 'BYN'],
    ...['US$', '\u212aZT', 'uſd', '1 234', '1.234', '1,234', '2023-01-01 09:02:34', 'D000001'],
  ];
  const textOf = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((ps) => ps.join(''));

  it('gives what the full rules give, on any text of number pieces', () => {
    fc.assert(
      fc.property(textOf, fc.constantFrom(',', '.'), (raw, dec) => {
        expect(parseNumber(raw, dec)).toBe(parseNumberFull(raw, dec));
      }),
      { numRuns: 20_000 },
    );
    for (const raw of ['12 500 ₽', '1\u212aZT', '5 uſd', 'Barcode', '09:02', '1e5', '(1,5)%'])
      for (const dec of [',', '.'] as const)
        expect(parseNumber(raw, dec)).toBe(parseNumberFull(raw, dec));
  });

  it('finds the decimal mark as the rules over the cleaned text do', () => {
    // The rules restated: evidence from the text with currencies and spaces removed.
    const byRules = (s: string) => {
      if (s.length > MAX_NUMBER_TEXT) return null;
      const t = s.replace(CURRENCY, '').replace(SPACES, '');
      const comma = t.lastIndexOf(',');
      const dot = t.lastIndexOf('.');
      if (comma >= 0 && dot >= 0) return comma > dot ? ',' : '.';
      const mark = comma >= 0 ? ',' : dot >= 0 ? '.' : null;
      if (!mark) return null;
      const parts = t.split(mark);
      if (parts.length > 2) return mark === ',' ? '.' : ',';
      if (/^\d{3}$/.test(parts[1]!) && /\d/.test(parts[0]!)) return null;
      return mark;
    };
    fc.assert(
      fc.property(textOf, (s) => {
        expect(decimalEvidence(s)).toBe(byRules(s));
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads the decimal mark from values', () => {
    expect(decimalEvidence('1 234,56')).toBe(',');
    expect(decimalEvidence('1,234.56')).toBe('.');
    expect(decimalEvidence('1,234')).toBeNull();
    expect(decimalEvidence('1.234.567')).toBe(',');
  });

  it('knows nulls and booleans', () => {
    expect(['', ' ', '—', '-', 'NULL'].every(isNullText)).toBe(true);
    expect(isNullText('0')).toBe(false);
    expect(parseBoolean('Да')).toBe(true);
    expect(parseBoolean('False')).toBe(false);
    expect(parseBoolean('1')).toBeUndefined();
  });
});

describe('parseDate', () => {
  const f = (s: string, o?: 'dmy' | 'mdy') => {
    const t = parseDate(s, o);
    return t === undefined ? undefined : formatTimestamp(t);
  };
  it.each([
    ['31.12.2024', '2024-12-31 00:00:00'],
    ['01.02.2024 13:45:07', '2024-02-01 13:45:07'],
    ['01.02.24 9:05', '2024-02-01 09:05:00'],
    ['2024-03-05', '2024-03-05 00:00:00'],
    ['2024-03-05T10:00:00Z', '2024-03-05 10:00:00'],
    ['2024-03-05T10:00:00+03:00', '2024-03-05 07:00:00'],
    ['2024/3/5', '2024-03-05 00:00:00'],
  ])('%s → %s', (raw, want) => expect(f(raw)).toBe(want));

  it('applies the column order to slash dates, with AM/PM', () => {
    expect(f('03/04/2024', 'mdy')).toBe('2024-03-04 00:00:00');
    expect(f('03/04/2024', 'dmy')).toBe('2024-04-03 00:00:00');
    expect(f('3/4/2024 1:30 PM', 'mdy')).toBe('2024-03-04 13:30:00');
    expect(f('13/04/2024', 'mdy')).toBeUndefined();
    expect(slashEvidence('13/04/2024')).toBe('dmy');
    expect(slashEvidence('04/13/2024')).toBe('mdy');
  });

  it('reads dotted dates day first unless the column says month first', () => {
    expect(f('03.04.2024')).toBe('2024-04-03 00:00:00');
    expect(f('03.15.2024 14:05', 'mdy')).toBe('2024-03-15 14:05:00');
    expect(f('03.15.2024')).toBeUndefined();
    // A slash date without a column order takes the caller's default; a dotted one stays day first.
    expect(formatTimestamp(parseDate('03/04/2024', undefined, 'mdy')!)).toBe('2024-03-04 00:00:00');
    expect(formatTimestamp(parseDate('03.04.2024', undefined, 'mdy')!)).toBe('2024-04-03 00:00:00');
  });

  it('rejects impossible dates and converts Excel serials', () => {
    expect(f('31.02.2024')).toBeUndefined();
    expect(f('2024-13-01')).toBeUndefined();
    expect(formatTimestamp(excelSerialToMs(45292.5))).toBe('2024-01-01 12:00:00');
  });
});

describe('inferColumn', () => {
  const infer = (values: string[], ru = false) => {
    const st = new ColumnStats();
    for (const v of values) st.add(v);
    return inferColumn(st, ru);
  };
  it('orders a dotted date column by its values: month first only when a value says so', () => {
    expect(infer(['03.04.2024', '05.06.2024'])).toMatchObject({
      type: 'date',
      format: { dateOrder: 'dmy' },
      parsed: 2,
    });
    expect(infer(['03.04.2024', '03.15.2024 10:00', '12.31.2023'])).toMatchObject({
      type: 'date',
      format: { dateOrder: 'mdy' },
      parsed: 3,
    });
    expect(infer(['13.04.2024', '01.02.2024'], true)).toMatchObject({
      format: { dateOrder: 'dmy' },
    });
  });
  it('decides types and column formats', () => {
    expect(infer(['1 234,56', '2,5', '—', '100'])).toMatchObject({
      type: 'number',
      format: { decimal: ',' },
    });
    expect(infer(['1,234', '2,000'], true)).toMatchObject({
      type: 'number',
      format: { decimal: ',' },
    });
    expect(infer(['1,234', '2,000'], false)).toMatchObject({
      type: 'number',
      format: { decimal: '.' },
    });
    expect(infer(['03/04/2024', '12/25/2024'])).toMatchObject({
      type: 'date',
      format: { dateOrder: 'mdy' },
    });
    expect(infer(['03/04/2024', '25/12/2024'])).toMatchObject({
      type: 'date',
      format: { dateOrder: 'dmy' },
    });
    expect(infer(['01234', '55555'])).toMatchObject({ type: 'text' });
    expect(infer(['True', 'False', ''])).toMatchObject({ type: 'boolean' });
    expect(infer(['cat', 'wolf'])).toMatchObject({ type: 'text' });
  });
  it('keeps a mostly numeric column numeric so the odd value is reported', () => {
    const values = Array.from({ length: 20 }, (_, i) => String(i));
    expect(infer([...values, 'n/a?'])).toMatchObject({ type: 'number', parsed: 20 });
  });
});

// A hostile cell must cost one pass, not a backtracking search: a megabyte of digits followed by
// a letter took minutes with the old number pattern. These would time out if that came back.
describe('huge cells', () => {
  const digits = '1'.repeat(1_000_000);
  it.each([
    digits + 'x',
    digits + '.' + digits + 'x',
    '(' + digits + ')x',
    '1 ' + '1'.repeat(200_000) + ',5x',
    digits,
  ])('are not numbers or dates (%#)', (cell) => {
    expect(parseNumber(cell, '.')).toBeUndefined();
    expect(parseNumber(cell, ',')).toBeUndefined();
    expect(parseNumberFull(cell, '.')).toBeUndefined();
    expect(decimalEvidence(cell)).toBeNull();
    expect(parseDate(cell)).toBeUndefined();
    expect(slashEvidence(cell)).toBeNull();
    expect(dottedEvidence(cell)).toBeNull();
  });
  it('a column holding one leaves the other values typed', () => {
    const st = new ColumnStats();
    for (let i = 0; i < 99; i++) st.add(`${i},5`);
    st.add(digits + 'x');
    expect(inferColumn(st, true)).toMatchObject({ type: 'number', format: { decimal: ',' } });
  });
  it('numbers up to the cap still parse, padded or not', () => {
    const spaced = '1' + ' 000'.repeat(20) + ',25'; // 84 characters with its marks
    expect(spaced.length).toBeLessThanOrEqual(MAX_NUMBER_TEXT);
    expect(parseNumber(spaced, ',')).toBe(1e60 + 0.25);
    expect(parseNumber('   12,5 ₽   ', ',')).toBe(12.5);
    expect(parseNumberFull('1.5e3', '.')).toBe(1500);
    expect(parseNumberFull('.5', '.')).toBe(0.5);
    expect(parseNumberFull('5.', '.')).toBe(5);
    expect(parseDate('  2024-02-29 10:00  ')).toBe(Date.UTC(2024, 1, 29, 10));
  });
});
