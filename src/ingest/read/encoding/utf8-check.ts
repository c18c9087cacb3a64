/**
 * UTF-8 validity checked on the bytes, without decoding them (faster than a fatal TextDecoder on
 * Cyrillic text, about as fast on ASCII, and no string of twice the file's size made), whole or
 * as the bytes arrive: the ingest worker checks a file's chunks while the rest is still being read.
 */

/** What one pass over valid UTF-8 learns, so its text need not be decoded to learn it. */
export interface Utf8Facts {
  /** LF bytes (each is a '\n' of the text, and nothing else is). */
  lf: number;
  /** Whether any byte is 0 (a U+0000 of the text). */
  nul: boolean;
  /** Whether any byte is a backslash. */
  backslash: boolean;
}

/**
 * Checks that `b[from…]` is valid UTF-8: null when it is not. Same validity as the WHATWG decoder:
 * no overlongs, surrogates or code points past U+10FFFF.
 */
export function utf8Facts(b: Uint8Array, from = 0): Utf8Facts | null {
  const check = new Utf8Check(from);
  check.advance(b, b.length);
  return check.finish(b);
}

/**
 * A check over bytes that arrive in order into one buffer. `advance` checks what has arrived; a
 * character cut by the end of what has arrived is checked again from its first byte once the
 * rest is there, so a chunk boundary inside a character changes nothing.
 */
export class Utf8Check {
  #facts: Utf8Facts = { lf: 0, nul: false, backslash: false };
  /** The first byte not yet checked; -1 once the bytes are known not to be UTF-8. */
  #at: number;

  constructor(from = 0) {
    this.#at = from;
  }

  /** Checks `b` up to `end` (the bytes arrived so far; `b` may be a bigger copy of the same bytes). */
  advance(b: Uint8Array, end: number): void {
    if (this.#at >= 0) this.#at = scan(b, this.#at, end, false, this.#facts);
  }

  /** The facts once every byte of `b` has arrived; null when they are not valid UTF-8. */
  finish(b: Uint8Array): Utf8Facts | null {
    if (this.#at >= 0) this.#at = scan(b, this.#at, b.length, true, this.#facts);
    return this.#at < 0 ? null : { ...this.#facts };
  }
}

/**
 * Checks `b[i…end)` into `acc`: the first byte not checked (a character cut at `end`, unless
 * `last`, when a cut character is invalid), or -1 for bytes that are not UTF-8.
 */
function scan(b: Uint8Array, i: number, end: number, last: boolean, acc: Utf8Facts): number {
  // Four ASCII bytes at a time where they are aligned: the bulk of most exports. Signed words, so
  // one with a non-ASCII byte stays a small integer to V8, not a double.
  const lead = b.byteOffset & 3;
  const words = new Int32Array(b.buffer, b.byteOffset - lead, (lead + end) >> 2);
  const wordsEnd = words.length;
  let { lf, nul, backslash } = acc;
  let bad = false;
  while (i < end) {
    if (((lead + i) & 3) === 0) {
      let k = (lead + i) >> 2;
      // NUL and backslash bytes are only noted, so their tests are OR-ed over the run.
      let marks = 0;
      for (; k < wordsEnd; k++) {
        const w = words[k]!;
        if ((w & 0x80808080) !== 0) break;
        const lfs = zeroBytes(w ^ 0x0a0a0a0a);
        if (lfs !== 0) lf += Math.imul(lfs >>> 7, 0x01010101) >>> 24;
        marks |= (zeroBytes(w) >>> 7) | zeroBytes(w ^ 0x5c5c5c5c);
      }
      if ((marks & 0x01010101) !== 0) nul = true;
      if ((marks & 0x80808080) !== 0) backslash = true;
      i = (k << 2) - lead;
      if (i >= end) break;
    }
    const c = b[i]!;
    if (c < 0x80) {
      if (c === 0x0a) lf++;
      else if (c === 0) nul = true;
      else if (c === 0x5c) backslash = true;
      i++;
      continue;
    }
    // A run of two-byte characters (Cyrillic, Greek, accented Latin: most of a Russian export's
    // non-ASCII bytes) in a loop of its own, without the general case's width tests; a lead
    // byte whose second byte has not arrived goes to the general case.
    if (c >= 0xc2 && c <= 0xdf && i + 1 < end) {
      const stop = end - 1;
      do {
        if ((b[i + 1]! & 0xc0) !== 0x80) {
          bad = true;
          break;
        }
        i += 2;
        // One unsigned compare for 0xc2 ≤ lead ≤ 0xdf.
      } while (i < stop && (b[i]! - 0xc2) >>> 0 <= 0x1d);
      if (bad) break;
      continue;
    }
    // The bytes a character of this lead byte takes; the rest of it must have arrived.
    const size = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 ? 4 : 0;
    if (size === 0 || c > 0xf4) {
      bad = true;
      break;
    }
    if (i + size > end) {
      bad = last;
      break;
    }
    if (size === 2) {
      if ((b[i + 1]! & 0xc0) !== 0x80) {
        bad = true;
        break;
      }
    } else {
      const c1 = b[i + 1]!;
      const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
      const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
      if (
        c1 < lo ||
        c1 > hi ||
        (b[i + 2]! & 0xc0) !== 0x80 ||
        (size === 4 && (b[i + 3]! & 0xc0) !== 0x80)
      ) {
        bad = true;
        break;
      }
    }
    i += size;
  }
  acc.lf = lf;
  acc.nul = nul;
  acc.backslash = backslash;
  return bad ? -1 : i;
}

/**
 * LF bytes of `b[from…]`, four bytes at a time: the line count of a file whose validity was
 * learnt elsewhere (`native-bytes.ts`) and whose shape pass did not count them.
 */
export function countLf(b: Uint8Array, from = 0): number {
  const n = b.length;
  const lead = b.byteOffset & 3;
  const words = new Int32Array(b.buffer, b.byteOffset - lead, (lead + n) >> 2);
  let lf = 0;
  let i = from;
  for (; i < n && ((lead + i) & 3) !== 0; i++) if (b[i] === 0x0a) lf++;
  let k = (lead + i) >> 2;
  for (; k < words.length; k++) {
    const lfs = zeroBytes(words[k]! ^ 0x0a0a0a0a);
    if (lfs !== 0) lf += Math.imul(lfs >>> 7, 0x01010101) >>> 24;
  }
  for (i = Math.max(i, (k << 2) - lead); i < n; i++) if (b[i] === 0x0a) lf++;
  return lf;
}

/** The high bit set in each zero byte of a word (of any bytes), and only there. */
function zeroBytes(x: number): number {
  return ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080;
}
