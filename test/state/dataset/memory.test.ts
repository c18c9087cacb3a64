import { describe, expect, it } from 'vitest';
import {
  checkMemory,
  DEFAULT_BUDGET,
  estimateImport,
  memoryBudget,
} from '../../../src/state/dataset/memory.ts';

const MB = 2 ** 20;
const GB = 2 ** 30;

describe('memory estimate', () => {
  it('scales with size and format', () => {
    expect(estimateImport([{ name: 'd.csv', size: 100 * MB }])).toBe(64 * MB + 400 * MB);
    expect(estimateImport([{ name: 'd.xlsx', size: 10 * MB }])).toBe(64 * MB + 250 * MB);
    expect(
      estimateImport([
        { name: 'a.csv', size: MB },
        { name: 'b.parquet', size: MB },
      ]),
    ).toBe(64 * MB + 16 * MB);
  });

  it('budget: the smallest of the heap limit, half the device memory and the default', () => {
    expect(memoryBudget()).toBe(DEFAULT_BUDGET);
    expect(memoryBudget({ jsHeapSizeLimit: GB })).toBe(GB);
    expect(memoryBudget({ jsHeapSizeLimit: 4 * GB, deviceMemory: 2 })).toBe(GB);
    expect(memoryBudget({ deviceMemory: 8 })).toBe(DEFAULT_BUDGET);
  });

  it('a 100 MB CSV fits; a 1 GB CSV does not; a 200 MB workbook on a 4 GB device does not', () => {
    expect(checkMemory([{ name: 'd.csv', size: 100 * MB }]).ok).toBe(true);
    expect(checkMemory([{ name: 'd.csv', size: GB }]).ok).toBe(false);
    expect(checkMemory([{ name: 'd.xlsx', size: 200 * MB }], { deviceMemory: 4 }).ok).toBe(false);
  });
});
