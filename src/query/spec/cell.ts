/** A cell of a pivot as its dimension values: what drill-down and exports address a value by. */
import type { Scalar } from './spec.ts';

/** A dimension rolled up into a subtotal or total at this cell. */
export const ROLLED_UP: unique symbol = Symbol('rolled-up');

/** Dimension key → the cell's value of that dimension, or {@link ROLLED_UP}. */
export type CellKey = Record<string, Scalar | typeof ROLLED_UP>;
