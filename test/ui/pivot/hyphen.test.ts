import { describe, expect, it } from 'vitest';
import { buildPivot } from '../../../src/charts/pivot/pivot.ts';
import { resultFromRows } from '../../../src/charts/result.ts';
import type { OutputColumn } from '../../../src/query/compiled.ts';
import { softHyphens, twoLineSplits, wordBreaks } from '../../../src/ui/pivot/hyphen.ts';
import { columnWidths } from '../../../src/ui/pivot/pivot-grid.ts';
import { KEY_LABELS } from '../../charts/pivot/key-labels.ts';

const parts = (w: string) => wordBreaks(w).map((b) => `${w.slice(0, b)}-${w.slice(b)}`);

describe('wordBreaks', () => {
  it('breaks between syllables, each side with a vowel and two letters', () => {
    expect(parts('Выиграно')).toEqual(['Выиг-рано', 'Выигра-но']);
    expect(parts('Проиграно')).toEqual(['Проиг-рано', 'Проигра-но']);
    expect(parts('Большой')).toEqual(['Боль-шой']);
    expect(parts('Clients')).toEqual([]);
  });

  it('never breaks a short word or one with other signs than letters', () => {
    for (const w of ['Won', 'Won,', '₽', 'Δ', '%', '2025', 'Q1-2025', 'a,b'])
      expect(wordBreaks(w)).toEqual([]);
  });

  it('keeps a comma after the letters with the second part («Выиграно, Δ»)', () => {
    expect(parts('Выиграно,')).toEqual(['Выиг-рано,', 'Выигра-но,']);
  });
});

describe('twoLineSplits', () => {
  it('splits at spaces, and inside a word only when asked', () => {
    expect(twoLineSplits('Выиграно', false)).toEqual([]);
    expect(twoLineSplits('Выиграно', true)).toContainEqual(['Выиг-', 'рано']);
    expect(twoLineSplits('Сумма выигранных', false)).toEqual([['Сумма', 'выигранных']]);
  });
});

describe('softHyphens', () => {
  const m = (t: string) => t.length * 8;
  it('marks where a word wider than its room may break, and leaves a fitting one alone', () => {
    expect(softHyphens('Выиграно', 40, m)).toBe('Выиг\u00adра\u00adно');
    expect(softHyphens('Выиграно', 64, m)).toBe('Выиграно');
    expect(softHyphens('Выручка, ₽', 64, m)).toBe('Выручка, ₽');
  });
});

describe('columnWidths short of room', () => {
  // The Russian default report at 1280 px: «Выиграно» over counts of two or three digits set
  // each won column's width, 98 px too many for the box in all.
  const manager: OutputColumn = { key: 'manager', role: 'dimension', axis: 'row', format: 'text' };
  const member: OutputColumn = { key: 'member', role: 'dimension', axis: 'column', format: 'text' };
  const won: OutputColumn = { key: 'won', role: 'measure', measure: 'won', format: 'int' };
  const r = resultFromRows(
    ['Q1', 'Q2', 'Q3', 'Q4'].flatMap((q) => [
      { manager: 'Ann', member: q, won: 12 },
      { manager: 'Bob', member: q, won: 120 },
    ]),
  );
  const named = { ...KEY_LABELS, value: () => 'Выиграно' };
  const p = buildPivot([manager, member, won], r, named);
  const fmt = p.leaves.map(() => (v: number | null) => String(v ?? ''));
  const m = (t: string) => t.length * 8;
  const sum = (w: number[]) => w.reduce((a, b) => a + b, 0);

  it('breaks a one-word header with a hyphen only when wrapping at spaces is not enough', () => {
    const oneLine = columnWidths(p, fmt, m);
    const value = p.labelColumns;
    expect(oneLine[value]).toBe('Выиграно\u00a0↓'.length * 8 + 17);
    // A pixel short: the sort arrow's room goes first, the word stays whole.
    const wrapped = columnWidths(p, fmt, m, sum(oneLine) - 1);
    expect(wrapped[value]).toBe('Выиграно'.length * 8 + 17);
    // Shorter still: no space to wrap at, so the word breaks: «Выиг-» (5 letters) sets it.
    const narrow = columnWidths(p, fmt, m, sum(wrapped) - 1);
    expect(narrow[value]).toBe(Math.max('Выиг-'.length * 8 + 17, 56));
    expect(sum(narrow)).toBeLessThan(sum(wrapped));
  });
});
