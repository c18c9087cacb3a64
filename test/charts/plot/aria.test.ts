// Plot's English names of a chart's parts, in the UI language (drawChart renames them).
import { describe, expect, it } from 'vitest';
import { ariaName } from '../../../src/charts/plot/aria.ts';

describe('ariaName', () => {
  it('names axes, grids and marks in Russian', () => {
    expect(ariaName('y-axis tick', 'ru')).toBe('деления оси Y');
    expect(ariaName('x-axis tick label', 'ru')).toBe('подписи делений оси X');
    expect(ariaName('fy-axis label', 'ru')).toBe('название оси FY');
    expect(ariaName('x-axis', 'ru')).toBe('ось X');
    expect(ariaName('y-grid', 'ru')).toBe('сетка по оси Y');
    expect(ariaName('bar', 'ru')).toBe('столбцы');
    expect(ariaName('tip', 'ru')).toBe('подсказка');
  });

  it('keeps Plot’s English in English and leaves names Plot did not give', () => {
    expect(ariaName('y-axis tick label', 'en')).toBe('Y-axis tick label');
    expect(ariaName('line', 'en')).toBe('line');
    expect(ariaName('Revenue by month', 'ru')).toBeNull();
    expect(ariaName('z-axis tick', 'ru')).toBeNull();
  });
});
