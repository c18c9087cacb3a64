/**
 * HTML5 drag-and-drop payloads. The item kind is also encoded in a MIME type, because during
 * `dragover` the browser reveals only the types, not the data.
 */
import type { Zone } from '../../state/report/spec-edit.ts';

export type DragItem =
  | { kind: 'field'; id: string }
  | { kind: 'measure'; id: string }
  | { kind: 'chip'; zone: Zone; index: number };

const MIME = 'application/x-crm-item';
const kindMime = (kind: DragItem['kind'], zone?: Zone) =>
  `application/x-crm-${kind}${zone ? `-${zone}` : ''}`;

export function startDrag(e: DragEvent, item: DragItem): void {
  if (!e.dataTransfer) return;
  e.dataTransfer.effectAllowed = 'copyMove';
  e.dataTransfer.setData(MIME, JSON.stringify(item));
  e.dataTransfer.setData(kindMime(item.kind, item.kind === 'chip' ? item.zone : undefined), '1');
  e.dataTransfer.setData('text/plain', item.kind === 'chip' ? '' : item.id);
}

export function readDrag(e: DragEvent): DragItem | null {
  const raw = e.dataTransfer?.getData(MIME);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as DragItem;
  } catch {
    return null;
  }
}

/** Whether a zone accepts what is being dragged (from the MIME types alone). */
export function accepts(e: DragEvent, zone: Zone): boolean {
  const types = e.dataTransfer?.types ?? [];
  const has = (t: string) => types.includes(t);
  if (zone === 'measures') return has(kindMime('measure')) || has(kindMime('chip', 'measures'));
  if (zone === 'filters') return has(kindMime('field')) || has(kindMime('chip', 'filters'));
  return (
    has(kindMime('field')) || has(kindMime('chip', 'rows')) || has(kindMime('chip', 'columns'))
  );
}
