/**
 * Undo/redo of report specs. Specs are immutable, so the history is two stacks of references:
 * an edit pushes the spec it replaces, undo and redo move the current spec across.
 */
import type { ReportSpec } from '../../query/spec/spec.ts';

/** Edits remembered for undo; older ones are forgotten. */
export const HISTORY_LIMIT = 100;

export class SpecHistory {
  past = $state.raw<ReportSpec[]>([]);
  future = $state.raw<ReportSpec[]>([]);
  readonly canUndo = $derived(this.past.length > 0);
  readonly canRedo = $derived(this.future.length > 0);

  /** `current` is being replaced by an edit: remember it, and forget what was undone. */
  record(current: ReportSpec): void {
    this.past = [...this.past, current].slice(-HISTORY_LIMIT);
    this.future = [];
  }

  /** The spec before `current`, or null; `current` becomes redoable. */
  undo(current: ReportSpec): ReportSpec | null {
    const prev = this.past.at(-1);
    if (!prev) return null;
    this.future = [current, ...this.future];
    this.past = this.past.slice(0, -1);
    return prev;
  }

  /** The spec undone last, or null; `current` becomes undoable. */
  redo(current: ReportSpec): ReportSpec | null {
    const next = this.future[0];
    if (!next) return null;
    this.past = [...this.past, current];
    this.future = this.future.slice(1);
    return next;
  }
}
