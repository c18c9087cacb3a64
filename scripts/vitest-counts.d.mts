export function vitestCounts(
  file: string,
  status: number,
): { passed: number; failed: number; skipped: number };
