import { describe, expect, it } from 'vitest';
import { defaultSpec, type ReportSpec } from '../../../src/query/spec/spec.ts';
import { HISTORY_LIMIT, SpecHistory } from '../../../src/state/report/history.svelte.ts';

const spec = (n: number): ReportSpec => ({ ...defaultSpec(), limit: n });

describe('SpecHistory', () => {
  it('undo walks back through edits, redo forward; a new edit forgets what was undone', () => {
    const h = new SpecHistory();
    let cur = spec(0);
    for (let i = 1; i <= 3; i++) {
      h.record(cur);
      cur = spec(i);
    }
    expect(h.canUndo).toBe(true);
    expect(h.canRedo).toBe(false);
    cur = h.undo(cur)!;
    cur = h.undo(cur)!;
    expect(cur.limit).toBe(1);
    expect(h.canRedo).toBe(true);
    cur = h.redo(cur)!;
    expect(cur.limit).toBe(2);
    h.record(cur);
    cur = spec(9);
    expect(h.canRedo).toBe(false);
    expect(h.redo(cur)).toBeNull();
    expect([h.undo(cur)?.limit, h.undo(spec(2))?.limit, h.undo(spec(1))?.limit]).toEqual([2, 1, 0]);
    expect(h.undo(spec(0))).toBeNull();
  });

  it(`keeps the last ${HISTORY_LIMIT} edits`, () => {
    const h = new SpecHistory();
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) h.record(spec(i));
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    expect(h.past[0]!.limit).toBe(20);
  });
});
