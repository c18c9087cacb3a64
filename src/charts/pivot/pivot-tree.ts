/**
 * The members of each pivot axis as a tree (row dimensions, column dimensions), flattened into
 * table order with each group's (sub)total after its members. Pure.
 */
import { ROLLED_UP } from '../../query/spec/cell.ts';
import type { Scalar } from '../../query/spec/spec.ts';
import type { EntryKind, PathMember } from './pivot-layout.ts';
import { memberKey, OTHER, pathKey, TOTAL, type Member, type Path } from './pivot-path.ts';

/** How siblings are ordered (given their parent path and level), or null: first appearance. */
export type Order = ((parent: Path, level: number) => (a: Member, b: Member) => number) | null;

/** Rollup-shaped paths only: once a level is rolled up, every deeper level is too. */
export function isRollup(p: Path): boolean {
  let rolled = false;
  for (const m of p) {
    if (m === TOTAL) rolled = true;
    else if (rolled) return false;
  }
  return true;
}

/** A member of one axis and the members under it, in first-appearance order. */
export interface Node {
  value: Member;
  children: Map<string, Node>;
}

/** One table row or column: a path of members, a data member or a (sub)total. */
export interface Entry {
  path: Path;
  kind: EntryKind;
  /** Levels kept (not rolled up). */
  depth: number;
}

/** Adds a path's members to the tree, down to its first rolled-up level. */
export function insert(root: Node, path: Path): void {
  let node = root;
  for (const m of path) {
    if (m === TOTAL) return;
    const k = memberKey(m);
    let child = node.children.get(k);
    if (!child) {
      child = { value: m, children: new Map() };
      node.children.set(k, child);
    }
    node = child;
  }
}

/** Tree order: children (first-appearance or sorted), then the group's (sub)total if present. */
export function flatten(
  node: Node,
  prefix: Path,
  levels: number,
  present: Set<string>,
  order: Order,
  out: Entry[],
): void {
  if (prefix.length === levels) {
    out.push({ path: prefix, kind: 'data', depth: levels });
    return;
  }
  const children = [...node.children.values()];
  if (order) {
    const cmp = order(prefix, prefix.length);
    children.sort((a, b) => cmp(a.value, b.value));
  }
  for (const child of children)
    flatten(child, [...prefix, child.value], levels, present, order, out);
  const totalPath: Path = [...prefix, ...Array<Member>(levels - prefix.length).fill(TOTAL)];
  if (present.has(pathKey(totalPath))) {
    out.push({
      path: totalPath,
      kind: prefix.length === 0 ? 'total' : 'subtotal',
      depth: prefix.length,
    });
  }
}

/** A tree member as the layout states it: rolled-up and Other read ROLLED_UP, bigints as numbers. */
export function toMember(v: Member): PathMember {
  if (v === TOTAL || v === OTHER) return ROLLED_UP;
  if (typeof v === 'bigint') return Number(v);
  if (v === undefined) return null;
  return v as Scalar;
}
