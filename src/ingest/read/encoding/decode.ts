/**
 * Bytes → text. Russian CRM exports are often Windows-1251 with no marker, so when the bytes are
 * not valid UTF-8 we choose between Windows-1251 and Windows-1252 by how Cyrillic the result looks.
 */
import { MessageError, msg } from '../../../lib/message.ts';

export interface Decoded {
  text: string;
  encoding: string;
  /**
   * Lines in another encoding than the file's (rows pasted from another export): which one, the
   * first few 1-based line numbers, and how many in all. Each line is read in its own encoding.
   */
  mixed?: { encoding: string; lines: number[]; count: number };
}

export class DecodeError extends MessageError {
  override name = 'DecodeError';
}

/** Decodes with a BOM, an explicit encoding, or the detected one. Throws DecodeError on binary data. */
export function decodeText(bytes: Uint8Array, encoding?: string): Decoded {
  if (encoding) {
    const label = normalizeLabel(encoding);
    return { text: stripBom(new TextDecoder(label).decode(bytes)), encoding: label };
  }
  const bom = bomEncoding(bytes);
  if (bom)
    return {
      text: new TextDecoder(bom.encoding).decode(bytes.subarray(bom.length)),
      encoding: bom.encoding,
    };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  if (looksBinary(bytes)) throw new DecodeError(msg('read_binary'));
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    const encoding = cyrillicScore(bytes) >= 0.5 ? 'windows-1251' : 'windows-1252';
    return (
      decodeMixed(bytes, encoding) ?? { text: new TextDecoder(encoding).decode(bytes), encoding }
    );
  }
}

/** Shown as examples of mixed lines; the rest are counted. */
const MIXED_EXAMPLES = 5;

/**
 * A file that is not valid UTF-8 but has lines that are, with non-ASCII text in them: two exports
 * pasted together. Decoding it whole in the legacy encoding would turn the UTF-8 lines into
 * mojibake ("РЎРґРµР»РєР°") without a word, so each line is read in its own encoding and the
 * minority's lines are reported. Null when no line is UTF-8 beyond ASCII.
 */
function decodeMixed(bytes: Uint8Array, legacy: string): Decoded | null {
  // A first pass only counts, so a plain legacy file (the common case) allocates nothing per line.
  let utf8 = 0;
  let bad = 0;
  utf8Lines(bytes, (_line, _start, kind) => {
    if (kind === 'utf8') utf8++;
    else if (kind === 'legacy') bad++;
  });
  if (utf8 === 0 || bad === 0) return null;
  const minorityLegacy = bad <= utf8;
  const minority: number[] = [];
  const fromUtf8 = new TextDecoder('utf-8');
  const fromLegacy = new TextDecoder(legacy);
  let text = '';
  // Runs of lines in one encoding decode in one call; ASCII lines join either run.
  let runStart = 0;
  let runLegacy = false;
  utf8Lines(bytes, (line, start, kind) => {
    if (kind === 'ascii') return;
    const isLegacy = kind === 'legacy';
    if (isLegacy === minorityLegacy) minority.push(line);
    if (isLegacy === runLegacy) return;
    if (start > runStart)
      text += (runLegacy ? fromLegacy : fromUtf8).decode(bytes.subarray(runStart, start));
    runStart = start;
    runLegacy = isLegacy;
  });
  text += (runLegacy ? fromLegacy : fromUtf8).decode(bytes.subarray(runStart));
  return {
    text: stripBom(text),
    encoding: minorityLegacy ? 'utf-8' : legacy,
    mixed: {
      encoding: minorityLegacy ? legacy : 'utf-8',
      lines: minority.slice(0, MIXED_EXAMPLES),
      count: minority.length,
    },
  };
}

type LineKind = 'ascii' | 'utf8' | 'legacy';

/** Calls `each` for every line (split at LF, one byte in both encodings): ASCII, valid UTF-8 or not. */
export function utf8Lines(
  b: Uint8Array,
  each: (line: number, start: number, kind: LineKind) => void,
): void {
  let start = 0;
  let line = 1;
  let high = false;
  let bad = false;
  let need = 0;
  // The allowed range of the byte after a lead byte (overlongs and surrogates are invalid).
  let lo = 0x80;
  let hi = 0xbf;
  for (let i = 0; i <= b.length; i++) {
    const c = i < b.length ? b[i]! : 0x0a;
    if (c === 0x0a) {
      if (need > 0) bad = true;
      // The loop's extra LF at the end makes no phantom line after a final newline.
      if (i < b.length || start < b.length)
        each(line, start, bad ? 'legacy' : high ? 'utf8' : 'ascii');
      start = i + 1;
      line++;
      high = bad = false;
      need = 0;
      lo = 0x80;
      hi = 0xbf;
      continue;
    }
    if (need > 0) {
      if (c < lo || c > hi) {
        bad = true;
        need = 0;
        lo = 0x80;
        hi = 0xbf;
      } else {
        need--;
        lo = 0x80;
        hi = 0xbf;
      }
      continue;
    }
    if (c < 0x80) continue;
    high = true;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else bad = true;
  }
}

function normalizeLabel(encoding: string): string {
  const e = encoding.toLowerCase().replace(/[_\s]/g, '-');
  if (e === 'cp1251' || e === '1251' || e === 'win1251') return 'windows-1251';
  if (e === 'utf8') return 'utf-8';
  return e;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function bomEncoding(b: Uint8Array): { encoding: string; length: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** ASCII-heavy UTF-16 has a zero in every other byte; Excel's "Unicode text" sometimes drops the BOM. */
export function utf16WithoutBom(b: Uint8Array): string | null {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenZero++;
    if (b[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * C0 control bytes (other than tab/CR/LF/FF) do not occur in text exports, and binary formats are
 * full of them. A few NULs do occur (legacy exports pad fields with them; they are removed later),
 * so only a NUL-heavy sample counts as binary; UTF-16, all NULs, is recognised before this.
 */
export function looksBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, 8192);
  let control = 0;
  let nul = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i]!;
    if (c === 0) nul++;
    else if (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  return n > 0 && (control / n > 0.01 || nul > Math.max(8, n * 0.1));
}

/**
 * Share of high bytes that sit next to another high byte and are 1251 letters (0xC0–0xFF, Ё, ё).
 * Russian words are runs of high bytes; Windows-1252 accents are isolated inside Latin words.
 */
export function cyrillicScore(b: Uint8Array): number {
  let high = 0;
  let inRuns = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c < 0x80) continue;
    high++;
    const letter = c >= 0xc0 || c === 0xa8 || c === 0xb8;
    if (letter && ((b[i - 1] ?? 0) >= 0x80 || (b[i + 1] ?? 0) >= 0x80)) inRuns++;
  }
  return high === 0 ? 0 : inRuns / high;
}

export { utf8Facts, type Utf8Facts } from './utf8-check.ts';
