import { describe, expect, it } from 'vitest';
import {
  sharedDecimals,
  labelDecimals,
  dimensionLabel,
  formatDate,
  formatMoment,
  formatSize,
  formatValue,
  MINUS,
  MISSING,
} from '../../src/charts/format.ts';

// ru-RU groups with a no-break space (U+00A0 or U+202F depending on ICU): compare normalised.
const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('formatValue', () => {
  it('writes a negative number with a minus sign (U+2212), not a hyphen, in every numeric format', () => {
    // Intl wrote "-12" and «-9,8 %» on screen, tiles and print, beside Plot's own "−12" ticks.
    const cases: [unknown, Parameters<typeof formatValue>[1], 'en' | 'ru', object, string][] = [
      [-12, 'int', 'en', {}, '−12'],
      [-1_234, 'int', 'ru', {}, '−1 234'],
      [-2.5, 'number', 'en', {}, '−2.50'],
      [-0.098, 'pct', 'ru', {}, '−9,8 %'],
      [-0.03, 'pp', 'ru', {}, '−3,0 п.п.'],
      [-351_836, 'money', 'en', { currency: 'USD' }, '−$351,836'],
      [-409_599, 'money', 'ru', { currency: 'RUB' }, '−409 599 ₽'],
      [-1_500_000, 'money', 'ru', { currency: 'RUB', compact: true }, '−1,5 млн ₽'],
      [-1_234_000, 'money', 'en', { currency: 'USD', compact: true, significant: 3 }, '−$1.23M'],
      [-3.5, 'days', 'en', {}, '−3.5 d'],
    ];
    for (const [v, format, lang, opts, want] of cases) {
      const text = norm(formatValue(v, format, lang, opts));
      expect(text, `${format} ${lang}`).toBe(want);
      expect(text).not.toContain('-');
    }
    expect(MINUS).toBe('\u2212');
    // Positive numbers, text and dates keep their own characters.
    expect(formatValue(12, 'int', 'en')).toBe('12');
    expect(formatValue('a-b', 'text', 'en')).toBe('a-b');
    expect(formatValue('2025-03-01', 'date', 'en')).toBe('Mar 1, 2025');
  });

  it('a rate change reads in percentage points, signed, in both languages', () => {
    expect(formatValue(0.026, 'pp', 'en')).toBe('+2.6\u00a0pp');
    expect(formatValue(-0.1, 'pp', 'en')).toBe('\u221210.0\u00a0pp');
    expect(formatValue(0.026, 'pp', 'ru')).toBe('+2,6\u00a0п.п.');
    expect(formatValue(0, 'pp', 'ru')).toBe('0,0\u00a0п.п.');
    expect(formatValue(null, 'pp', 'en')).toBe(MISSING);
  });

  it('rates, their changes and days keep one decimal, so a column lines up (37.0 % under 41.1 %)', () => {
    expect(formatValue(0.37, 'pct', 'en')).toBe('37.0%');
    expect(norm(formatValue(0.4, 'pct', 'ru'))).toBe('40,0 %');
    expect(norm(formatValue(0.411, 'pct', 'ru'))).toBe('41,1 %');
    expect(formatValue(0.4, 'pct', 'en', { compact: true })).toBe('40%');
    expect(norm(formatValue(12, 'days', 'ru'))).toBe('12,0 дн.');
    expect(formatValue(0.02, 'pp', 'en')).toBe('+2.0\u00a0pp');
  });

  it('a column shares its decimals: whole days whole, any fraction one decimal throughout', () => {
    const whole = sharedDecimals('days', [193, 2, null, 0]);
    expect(whole).toBe(0);
    expect(norm(formatValue(193, 'days', 'ru', { decimals: whole }))).toBe('193 дн.');
    expect(formatValue(0, 'days', 'en', { decimals: whole })).toBe('0\u00a0d');
    const mixed = sharedDecimals('days', [193, 2.5]);
    expect(mixed).toBe(1);
    expect(norm(formatValue(193, 'days', 'ru', { decimals: mixed }))).toBe('193,0 дн.');
    // A fraction that rounds away at one decimal is whole as shown.
    expect(sharedDecimals('days', [12.04, 3])).toBe(0);
    // Plain numbers: two decimals when any has a fraction (14.00 under 12.96), else none.
    expect(sharedDecimals('number', [14, 12.96])).toBe(2);
    expect(formatValue(14, 'number', 'en', { decimals: 2 })).toBe('14.00');
    expect(norm(formatValue(14, 'number', 'ru', { decimals: 2 }))).toBe('14,00');
    expect(sharedDecimals('number', [14, 3])).toBe(0);
    // Rates as a chart writes them: 59.0 % beside 65.3 %, or 59 % beside 65 %.
    expect(sharedDecimals('pct', [0.59, 0.653])).toBe(1);
    expect(sharedDecimals('pct', [0.59, 0.65])).toBe(0);
    expect(formatValue(0.59, 'pct', 'en', { compact: true, decimals: 1 })).toBe('59.0%');
    expect(norm(formatValue(0.59, 'pct', 'ru', { compact: true, decimals: 1 }))).toBe('59,0 %');
    // Their changes in points alike.
    expect(sharedDecimals('pp', [0.02, 0.026])).toBe(1);
    expect(formatValue(0.02, 'pp', 'en', { compact: true, decimals: 1 })).toBe('+2.0\u00a0pp');
    expect(formatValue(0.02, 'pp', 'ru', { compact: true, decimals: 0 })).toBe('+2\u00a0п.п.');
    // Nothing to decide on, or a format with its own rule.
    expect(sharedDecimals('days', [null])).toBeUndefined();
    expect(sharedDecimals('money', [1.5])).toBeUndefined();
  });

  it('formats integers', () => {
    expect(formatValue(1234567, 'int', 'en')).toBe('1,234,567');
    expect(norm(formatValue(1234567, 'int', 'ru'))).toBe('1 234 567');
    expect(formatValue(2.6, 'int', 'en')).toBe('3');
  });

  it('formats plain numbers whole or with two decimals, so a column of fractions lines up', () => {
    expect(formatValue(1234.567, 'number', 'en')).toBe('1,234.57');
    expect(norm(formatValue(1234.5, 'number', 'ru'))).toBe('1 234,50');
    expect(norm(formatValue(14.2, 'number', 'ru'))).toBe('14,20');
    expect(norm(formatValue(120, 'number', 'ru'))).toBe('120');
    expect(formatValue(0.004, 'number', 'en')).toBe('0.00');
  });

  it('formats money neutral, with a currency, and compact', () => {
    expect(formatValue(1500000, 'money', 'en')).toBe('1,500,000');
    expect(formatValue(1500000, 'money', 'en', { currency: 'USD' })).toBe('$1,500,000');
    expect(norm(formatValue(1500000, 'money', 'ru', { currency: 'RUB' }))).toBe('1 500 000 ₽');
    expect(formatValue(1500000, 'money', 'en', { compact: true })).toBe('1.5M');
    expect(norm(formatValue(1500000, 'money', 'ru', { compact: true }))).toBe('1,5 млн');
    // An unknown currency code does not throw.
    expect(formatValue(10, 'money', 'en', { currency: 'XX' })).toBe('10');
  });

  // A bar's value label (significant: 3) keeps the digits a reader compares, where the axis's
  // short form rounds to one decimal: 1.23M beside 1.2M, 123K where 123.5K was a digit too many.
  it('writes short forms to three significant digits when asked, in both languages', () => {
    const label = { compact: true, significant: 3 };
    expect(formatValue(1_234_567, 'money', 'en', { currency: 'USD', ...label })).toBe('$1.23M');
    expect(formatValue(1_234_567, 'money', 'en', { currency: 'USD', compact: true })).toBe('$1.2M');
    expect(formatValue(12_400, 'money', 'en', { currency: 'USD', ...label })).toBe('$12.4K');
    expect(norm(formatValue(12_400, 'money', 'ru', { currency: 'RUB', ...label }))).toBe(
      '12,4 тыс. ₽',
    );
    expect(norm(formatValue(1_234_567, 'money', 'ru', { currency: 'RUB', ...label }))).toBe(
      '1,23 млн ₽',
    );
    expect(formatValue(123_456, 'int', 'en', label)).toBe('123K');
    expect(norm(formatValue(123_456, 'number', 'ru', label))).toBe('123 тыс.');
    // A short form keeps its trailing zero, so labels side by side read alike: $5.30M beside
    // $5.37M (Intl dropped it: "$5.3M"), 13.0K for 12,951.
    expect(formatValue(5_300_000, 'money', 'en', { currency: 'USD', ...label })).toBe('$5.30M');
    expect(norm(formatValue(5_300_000, 'money', 'ru', { currency: 'RUB', ...label }))).toBe(
      '5,30 млн ₽',
    );
    expect(formatValue(12_951, 'int', 'en', label)).toBe('13.0K');
    expect(formatValue(-2_000, 'number', 'en', label)).toBe('\u22122.00K');
    expect(formatValue(21, 'int', 'en', label)).toBe('21');
    // A chart's labels without a suffix share the decimals `labelDecimals` gives.
    expect(labelDecimals([12.5, 13, 2_400])).toBe(1);
    expect(labelDecimals([3.256, 13])).toBe(2);
    expect(labelDecimals([12, 13, 2_401.5])).toBe(0);
    expect(formatValue(13, 'number', 'en', { ...label, decimals: 1 })).toBe('13.0');
    expect(norm(formatValue(13, 'money', 'ru', { currency: 'RUB', ...label, decimals: 1 }))).toBe(
      '13,0 ₽',
    );
    expect(formatValue(2_400, 'number', 'en', { ...label, decimals: 1 })).toBe('2.40K');
    // Small values stay as they are; rates have no short form.
    expect(formatValue(5, 'money', 'en', { currency: 'USD', ...label })).toBe('$5');
    expect(formatValue(0.374, 'pct', 'en', label)).toBe('37.4%');
  });

  it('formats rates as percentages of fractions', () => {
    expect(formatValue(0.256, 'pct', 'en')).toBe('25.6%');
    expect(norm(formatValue(0.256, 'pct', 'ru'))).toBe('25,6 %');
  });

  it('formats days', () => {
    expect(norm(formatValue(12.34, 'days', 'en'))).toBe('12.3 d');
    expect(norm(formatValue(12.34, 'days', 'ru'))).toBe('12,3 дн.');
  });

  it('shows missing values as a dash, never NaN', () => {
    expect(formatValue(null, 'money', 'en')).toBe(MISSING);
    expect(formatValue(NaN, 'int', 'ru')).toBe(MISSING);
    expect(formatValue(undefined, 'pct', 'en')).toBe(MISSING);
    expect(formatValue(5n, 'int', 'en')).toBe('5');
  });

  it('formats dates from epoch ms and ISO strings in UTC', () => {
    const ms = Date.UTC(2017, 2, 5);
    expect(formatDate(ms, 'en')).toBe('Mar 5, 2017');
    expect(formatDate('2017-03-05', 'ru')).toMatch(/^5 мар\.? 2017/);
    expect(formatValue('not a date', 'date', 'en')).toBe(MISSING);
  });

  it('writes the moment of a print to the minute, in the reader’s time zone and language', () => {
    const at = new Date(2026, 11, 7, 14, 5);
    expect(formatMoment(at, 'en')).toMatch(/^Dec 7, 2026,? 2:05\sPM$/);
    expect(formatMoment(at, 'ru')).toMatch(/^7 дек\. 2026 г\.,? 14:05$/);
  });
});

describe('dimensionLabel', () => {
  it('labels nulls with the empty word and keeps bucket labels', () => {
    expect(dimensionLabel(null, 'text', 'en', '(empty)')).toBe('(empty)');
    expect(dimensionLabel('', 'text', 'ru', '(пусто)')).toBe('(пусто)');
    expect(dimensionLabel('2017-Q3', 'text', 'ru', '(пусто)')).toBe('2017-Q3');
    expect(dimensionLabel(Date.UTC(2017, 0, 2), 'date', 'en', '-')).toBe('Jan 2, 2017');
  });
});

describe('formatSize', () => {
  it('writes sizes with the UI language’s units and decimal mark', () => {
    expect(formatSize(512, 'en')).toBe('512 B');
    expect(formatSize(1536, 'en')).toBe('1.5 KB');
    expect(formatSize(1.5 * 1024 * 1024, 'ru')).toBe('1,5 МБ');
    expect(formatSize(100 * 1024 * 1024, 'ru')).toBe('100 МБ');
    expect(formatSize(3 * 1024 ** 3, 'ru')).toBe('3,0 ГБ');
    // No Latin unit left in the Russian text.
    for (const n of [1, 2048, 5e6, 7e9]) expect(formatSize(n, 'ru')).not.toMatch(/[A-Za-z]/);
  });
});
