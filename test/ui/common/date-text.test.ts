import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  clampDate,
  formatDateText,
  parseDateText,
} from '../../../src/ui/common/date-text.ts';

describe('period field text', () => {
  it('writes an ISO date the way the language does', () => {
    expect(formatDateText('2024-03-05', 'ru')).toBe('05.03.2024');
    expect(formatDateText('2024-03-05', 'en')).toBe('03/05/2024');
    expect(formatDateText('', 'ru')).toBe('');
  });

  it('reads day and month in the language’s order, and ISO in both', () => {
    expect(parseDateText('5.3.2024', 'ru')).toBe('2024-03-05');
    expect(parseDateText('05/03/2024', 'ru')).toBe('2024-03-05');
    expect(parseDateText('3/5/2024', 'en')).toBe('2024-03-05');
    expect(parseDateText(' 2024-03-05 ', 'en')).toBe('2024-03-05');
    expect(parseDateText('2024-03-05', 'ru')).toBe('2024-03-05');
    expect(parseDateText('', 'ru')).toBe('');
  });

  it('refuses what is not a calendar date', () => {
    for (const s of ['31.02.2024', '29.02.2023', '13/13/2024', '1.1.24', 'вчера', '2024-13-01'])
      expect(parseDateText(s, s.includes('/') ? 'en' : 'ru'), s).toBeNull();
    expect(parseDateText('29.02.2024', 'ru')).toBe('2024-02-29');
  });

  it('steps by days and months, and keeps within the bounds', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-01-01', -1)).toBe('2023-12-31');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-03-15', -3)).toBe('2023-12-15');
    expect(clampDate('2025-01-01', '2024-01-01', '2024-12-31')).toBe('2024-12-31');
    expect(clampDate('2023-01-01', '2024-01-01', null)).toBe('2024-01-01');
  });
});
