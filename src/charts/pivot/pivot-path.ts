/**
 * Paths through a pivot's dimension tree: one member per dimension, a member being a dimension
 * value, the rolled-up TOTAL, or OTHER (the "rest" of a top N, computed by the SQL).
 */

export const TOTAL = Symbol('total');
export const OTHER = Symbol('other');
export type Member = unknown; // a dimension value, TOTAL or OTHER
export type Path = Member[];

export function memberKey(v: Member): string {
  if (v === TOTAL) return 'T';
  if (v === OTHER) return 'O';
  if (v === null || v === undefined) return 'N';
  return `${typeof v}:${String(v)}`;
}

export function pathKey(p: Path): string {
  return p.map(memberKey).join('\u0001');
}

/** The path with its levels from `depth` on rolled up. */
export function rolledUp(p: Path, depth: number, levels: number): Path {
  return [...p.slice(0, depth), ...Array<Member>(levels - depth).fill(TOTAL)];
}

/** Natural member order: numbers numerically, text with numeric collation, empty then Other last. */
export function compareMembers(a: Member, b: Member): number {
  const rank = (v: Member) => (v === OTHER ? 2 : v === null || v === undefined ? 1 : 0);
  const ra = rank(a);
  const rb = rank(b);
  if (ra || rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
