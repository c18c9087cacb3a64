/**
 * Draws an index with probability proportional to its weight while weights keep changing (a
 * Fenwick tree: O(log n) per update and per draw), for picking returning clients among 100,000.
 */
import type { Rng } from './prng.ts';

export class WeightedSampler {
  private readonly tree: Float64Array;
  private readonly weights: Float64Array;
  private readonly top: number;
  private total = 0;

  constructor(size: number) {
    this.tree = new Float64Array(size + 1);
    this.weights = new Float64Array(size);
    let top = 1;
    while (top * 2 <= size) top *= 2;
    this.top = top;
  }

  /** Sets the weight of `index`. */
  set(index: number, weight: number): void {
    const delta = weight - this.weights[index]!;
    this.weights[index] = weight;
    this.total += delta;
    for (let i = index + 1; i < this.tree.length; i += i & -i) this.tree[i]! += delta;
  }

  /** An index drawn by weight (0 when all weights are zero). */
  draw(rng: Rng): number {
    let x = rng.next() * this.total;
    let pos = 0;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next < this.tree.length && this.tree[next]! <= x) {
        pos = next;
        x -= this.tree[next]!;
      }
    }
    // Rounding drift can point one past the last weighted index; fall back to its left neighbour.
    return Math.min(pos, this.weights.length - 1);
  }
}
