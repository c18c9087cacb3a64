/**
 * Whether a CSV field may need the text rule's check (`textValue` in parse/sql-rules.ts): a JS
 * space (`String.prototype.trim`'s) as its first or last character, or a "no value" marker
 * (`NULL_TOKENS`) as its whole text. The shape pass (`csv-shape.ts`) asks it of every field it
 * already walks past, so a column none of whose fields needs it is typed as its raw text.
 *
 * "May": a yes can be wrong (the column keeps its check), a no never is. Both tables below are
 * derived from `JS_SPACE` and `NULL_TOKENS` themselves, never restated.
 */
import { JS_SPACE } from '../../parse/sql-re2.ts';
import { NULL_TOKENS } from '../../parse/values.ts';

const utf8 = new TextEncoder();

/** Each JS space's UTF-8 bytes as one number (all are in the BMP: three bytes at most). */
const SPACE_KEYS = new Set(
  [...JS_SPACE].map((ch) => utf8.encode(ch).reduce((k, byte) => k * 256 + byte, 0)),
);

/** The markers' UTF-8 bytes ('' aside: DuckDB gives an empty field as NULL already). */
const MARKERS = [...NULL_TOKENS].filter((t) => t !== '').map((t) => utf8.encode(t));
const MARKER_BYTES = Math.max(...MARKERS.map((m) => m.length));
/** The same in UTF-16 units, for the text pass. */
const MARKER_UNITS = Math.max(...[...NULL_TOKENS].map((t) => t.length));

/**
 * Pairs of bytes worth a closer look, by `first << 8 | second`: bit 1 for a field's first two
 * bytes (those of a space or a marker; any second byte after a one-byte one), bit 2 for its last
 * two (those of a space; any byte before a one-byte one). Most fields hit neither: Cyrillic ends
 * in bytes a space ends in too, but never in the same pair. A byte past the field (a delimiter)
 * or before the bytes (undefined, as 0) only makes a pair that `needsCheck` then rejects.
 */
export const EDGE = new Uint8Array(1 << 16);
/** Marks the pairs `x`, `y` with `bit`; an undefined byte stands for every byte. */
const mark = (x: number | undefined, y: number | undefined, bit: number) => {
  for (let other = 0; other < 256; other++) EDGE[((x ?? other) << 8) | (y ?? other)]! |= bit;
};
for (const ch of JS_SPACE) {
  const b = utf8.encode(ch);
  mark(b[0], b[1], 1);
  mark(b[b.length - 2], b[b.length - 1], 2);
}
for (const m of MARKERS) mark(m[0], m[1], 1);

/** Whether the field `b[s, e)` (non-empty) may need the check, by `EDGE` alone. */
export const atEdge = (b: Uint8Array, s: number, e: number): boolean =>
  ((EDGE[(b[s]! << 8) | b[s + 1]!]! & 1) | (EDGE[(b[e - 2]! << 8) | b[e - 1]!]! & 2)) !== 0;

/** Whether a JS space is the UTF-8 character that starts at `at` (any valid UTF-8). */
function spaceAt(b: Uint8Array, at: number, end: number): boolean {
  const c = b[at]!;
  const len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
  if (len === 4 || at + len > end) return false;
  let k = 0;
  for (let i = at; i < at + len; i++) k = k * 256 + b[i]!;
  return SPACE_KEYS.has(k);
}

/**
 * The exact answer for the field `b[s, e)` (non-empty, valid UTF-8, as DuckDB gives it: a quoted
 * field's bytes between its quotes), once `atEdge` said it may: its first or last character a JS
 * space, or its bytes a marker's. `quote`: the file's quote byte when the field was quoted and
 * held a doubled quote (its text then is shorter than its bytes), else -1.
 */
export function needsCheck(b: Uint8Array, s: number, e: number, quote = -1): boolean {
  if (spaceAt(b, s, e)) return true;
  // The last character's first byte: the last byte below 0x80 or at least 0xC0.
  let at = e - 1;
  while (at > s && (b[at]! & 0xc0) === 0x80) at--;
  if (spaceAt(b, at, e)) return true;
  if (quote >= 0) return e - s <= 2 * MARKER_BYTES && MARKERS.some((m) => m.includes(quote));
  if (e - s > MARKER_BYTES) return false;
  return MARKERS.some((m) => m.length === e - s && m.every((x, i) => b[s + i] === x));
}

/** `EDGE` for UTF-16 units: bit 1 for a field's first unit (a space's, a marker's), bit 2 for its last. */
const EDGE16 = new Uint8Array(1 << 16);
for (const ch of JS_SPACE) EDGE16[ch.charCodeAt(0)] = 3;
for (const t of NULL_TOKENS) if (t !== '') EDGE16[t.charCodeAt(0)]! |= 1;

/** Whether the field `text.slice(s, e)` (non-empty) may need the check, by `EDGE16` alone. */
export const atEdgeText = (text: string, s: number, e: number): boolean =>
  ((EDGE16[text.charCodeAt(s)]! & 1) | (EDGE16[text.charCodeAt(e - 1)]! & 2)) !== 0;

/** `needsCheck` for the UTF-16 text `text.slice(s, e)`, quotes already undone when `unquoted` is given. */
export function needsCheckText(text: string, s: number, e: number, unquoted?: string): boolean {
  if (e <= s) return false;
  // Bit 2 is set for the spaces alone.
  if (((EDGE16[text.charCodeAt(s)]! | EDGE16[text.charCodeAt(e - 1)]!) & 2) !== 0) return true;
  if (unquoted !== undefined) return NULL_TOKENS.has(unquoted);
  return e - s <= MARKER_UNITS && NULL_TOKENS.has(text.slice(s, e));
}
