/**
 * The text of a big UTF-8 file known first by its head: the mapping screen needs a sample of rows
 * and the sniffer's first characters, not the other ~140 MB of a 1M-row export, so the ingest
 * worker inspects the head (`blob.slice`) before the whole file is read. The table read from the
 * head is the one the import reads once the whole bytes arrive and read as the head promised
 * (`adopt`): like `utf8Text`'s, its head text ends after a LF and the parser goes on from there
 * over the whole text, so the rows are the whole file's, and its sample is not scanned again.
 */
import { looksBinary, utf16WithoutBom } from '../encoding/decode.ts';
import { factsOf } from './blob-read.ts';
import { utf8Facts } from '../encoding/utf8-check.ts';
import type { TextSource } from '../csv/csv-table.ts';

/**
 * Thrown when reading a head needs text past it (a sample longer than the head, a JSON file, NUL
 * characters to count over the whole file): the caller reads a longer head or the whole file.
 */
export class NeedsMore extends Error {
  override name = 'NeedsMore';
}

const LF = 10;

export class HeadText implements TextSource {
  readonly whole = false;
  readonly head: string;
  readonly nul: boolean;
  #start: number;
  /** Bytes of the head's complete lines (from byte 0, a BOM included). */
  #cut: number;
  #headLines: number;
  #total: number;
  #file: { bytes: Uint8Array; lines: number; text?: string } | null = null;
  /** The head's complete lines, until the whole file is adopted (then checked against it). */
  #headBytes: Uint8Array | null;

  private constructor(
    bytes: Uint8Array,
    head: string,
    nul: boolean,
    start: number,
    lf: number,
    total: number,
  ) {
    this.head = head;
    this.nul = nul;
    this.#start = start;
    this.#cut = bytes.length;
    this.#headBytes = bytes;
    this.#headLines = lf;
    this.#total = total;
  }

  /**
   * The head's text when `bytes` (the first bytes of a file of `total` bytes) is the start of a
   * UTF-8 file as `utf8Text` would read it; null otherwise (a UTF-16 or binary-looking file, or
   * a head that is not UTF-8), which the caller reads whole as before.
   * Only the complete lines of `bytes` count: a cut inside a row or a character changes nothing.
   */
  static of(bytes: Uint8Array, total: number): HeadText | null {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    const start = bom ? 3 : 0;
    // The same tests as `utf8Text`, on the same first bytes (they look at 8 KB at most).
    if (total <= bytes.length) return null;
    if (!bom && (bytes[0] === 0xff || bytes[0] === 0xfe)) {
      const b1 = bytes[1];
      if ((bytes[0] === 0xff && b1 === 0xfe) || (bytes[0] === 0xfe && b1 === 0xff)) return null;
    }
    if (!bom && (utf16WithoutBom(bytes) || looksBinary(bytes))) return null;
    // Like `utf8Text`, the head's text ends after its last LF (the parser goes on from there).
    const cut = bytes.lastIndexOf(LF) + 1;
    if (cut <= start) return null;
    const facts = utf8Facts(bytes.subarray(0, cut), start);
    if (!facts) return null;
    const head = new TextDecoder('utf-8').decode(bytes.subarray(start, cut));
    // A NUL is removed over the whole file (and counted there): that needs the whole file.
    const nul = facts.nul || (facts.backslash && hasEscapedNul(bytes.subarray(0, cut), start));
    return new HeadText(bytes.subarray(0, cut), head, nul, start, facts.lf, total);
  }

  /**
   * Lines of the whole text: counted once the whole file is here, estimated from the head's
   * lines per byte before (what the mapping screen shows as an estimate, see `estimated`).
   */
  get lines(): number {
    if (this.#file) return this.#file.lines;
    const perByte = this.#headLines / (this.#cut - this.#start);
    return Math.max(this.#headLines + 1, Math.round(perByte * (this.#total - this.#start)));
  }

  /** Whether `lines` is still an estimate (the whole file not adopted). */
  get estimated(): boolean {
    return this.#file === null;
  }

  all(): string {
    if (!this.#file) throw new NeedsMore('the head of the file does not hold what is needed');
    return (this.#file.text ??= new TextDecoder('utf-8').decode(
      this.#file.bytes.subarray(this.#start),
    ));
  }

  /**
   * The whole file's bytes: true when they are what the head read promised (the same length,
   * the same first bytes, valid UTF-8, NUL characters nowhere or already in the head), so the
   * table read from the head is the whole file's. False: the caller reads them afresh.
   */
  adopt(whole: Uint8Array): boolean {
    if (this.#file) return this.#file.bytes === whole;
    if (whole.length !== this.#total || !sameStart(whole, this.#headBytes!)) return false;
    const facts = factsOf(whole, this.#start);
    if (!facts) return false;
    const nul = facts.nul || (facts.backslash && hasEscapedNul(whole, this.#start));
    if (nul !== this.nul) return false;
    const last = whole[whole.length - 1];
    this.#file = { bytes: whole, lines: facts.lf + (last === LF ? 0 : 1) };
    this.#headBytes = null;
    return true;
  }
}

/** Whether the ASCII text `\u0000` occurs in the bytes (the same bytes in UTF-8 and the text). */
export function hasEscapedNul(b: Uint8Array, from: number): boolean {
  const tail = [0x75, 0x30, 0x30, 0x30, 0x30];
  for (let i = b.indexOf(0x5c, from); i >= 0; i = b.indexOf(0x5c, i + 1))
    if (tail.every((c, k) => b[i + 1 + k] === c)) return true;
  return false;
}

/** Whether `b` starts with the bytes of `head` (a file changed between the two reads does not). */
function sameStart(b: Uint8Array, head: Uint8Array): boolean {
  if (b.length < head.length) return false;
  for (let i = 0; i < head.length; i++) if (b[i] !== head[i]) return false;
  return true;
}
