/**
 * Delimited text → RawTable, from text decoded whole or, for a big UTF-8 file, decoded only as far
 * as it is needed (`utf8Text`): the mapping screen parses only a sample of rows, and DuckDB reads
 * a plain CSV's own bytes, so neither needs the whole text of a 150 MB export decoded.
 */
import { msg } from '../../../lib/message.ts';
import { looksBinary, utf16WithoutBom } from '../encoding/decode.ts';
import { checkedFacts } from '../big-file/blob-read.ts';
import { nativeBytes } from '../encoding/native-bytes.ts';
import { utf8Facts } from '../encoding/utf8-check.ts';
import { shapeLines } from './csv-data.ts';
import { hasEscapedNul } from '../big-file/head-text.ts';
import { SNIFF_CHARS, sniffCsv } from './sniff.ts';
import { isCsvError, parseCsv, width as csvWidth, type CsvError, type CsvRecord } from './csv.ts';
import type { RawRow, RawTable, RowIssue } from '../../types.ts';
import { ReadError } from '../errors.ts';
import { MAX_COLUMNS } from '../limits.ts';
import { checkWidth, columnParam, dedupeHeaders } from '../headers.ts';

/**
 * Text read as far as it is needed. The mapping screen parses only a sample of rows, and DuckDB
 * reads a plain CSV's own bytes: neither needs the whole text of a 150 MB export decoded (0.7 s,
 * and twice the file's size in memory), so it is decoded on first use of `all()` only.
 */
export interface TextSource {
  /** The start of the text, cut just after a '\n'; the whole text when `whole`. */
  head: string;
  whole: boolean;
  all(): string;
  /**
   * Lines of the whole text (`countLines`), when known without decoding it; or how to count them
   * on the file's bytes, given the table's `csv` and width (`shapeLines`).
   */
  lines?: number | ((csv: NonNullable<RawTable['csv']>, width: number) => number);
  /** Whether the text has a NUL character or the JSON escape of one. */
  nul?: boolean;
  /**
   * A longer start of the text than `text` (a head or a text this returned), cut just after a
   * '\n' like the head; undefined when there is none short of `all()`.
   */
  more?(text: string): string | undefined;
}

/** Bytes of a big file decoded for the mapping screen's sample (several times its 20,000 rows). */
export const HEAD_BYTES = 8 << 20;

export function wholeText(text: string): TextSource {
  return { head: text, whole: true, all: () => text };
}

/**
 * A file of more than `headBytes` that is valid UTF-8 (with or without a BOM), as a lazy text;
 * null for anything else, which `decodeText` decodes whole as before. The checks run in
 * `decodeText`'s order, so a file is called UTF-8 here exactly when it would be there.
 */
export function utf8Text(
  bytes: Uint8Array,
  headBytes: number,
): (TextSource & { nul: boolean }) | null {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const start = bom ? 3 : 0;
  if (bytes.length - start <= headBytes) return null;
  if (!bom && (bytes[0] === 0xff || bytes[0] === 0xfe)) {
    const b1 = bytes[1];
    if ((bytes[0] === 0xff && b1 === 0xfe) || (bytes[0] === 0xfe && b1 === 0xff)) return null;
  }
  if (!bom && (utf16WithoutBom(bytes) || looksBinary(bytes))) return null;
  const checked = checkedFacts(bytes, start);
  const native = checked === undefined ? nativeBytes() : undefined;
  let lines: NonNullable<TextSource['lines']>;
  let nul: boolean;
  if (native) {
    // The validity and NULs natively; the LFs counted by the shape pass the import makes anyway.
    if (!native.isUtf8(bytes.subarray(start))) return null;
    nul = native.has(bytes, 0, start) || native.has(bytes, '\\u0000', start);
    let counted: number | undefined;
    lines = (csv, width) => (counted ??= shapeLines(csv, width, bytes, start));
  } else {
    const facts = checked === undefined ? utf8Facts(bytes, start) : checked;
    if (!facts) return null;
    lines = facts.lf + (bytes[bytes.length - 1] === 10 ? 0 : 1);
    nul = facts.nul || (facts.backslash && hasEscapedNul(bytes, start));
  }
  const cut = bytes.lastIndexOf(10, start + headBytes - 1) + 1;
  // Decoded like `decodeText` does (a BOM removed; TextDecoder drops one more, as there).
  const decode = (end?: number) => new TextDecoder('utf-8').decode(bytes.subarray(start, end));
  let all: string | undefined;
  if (cut <= start) {
    all = decode();
    return { head: all, whole: true, all: () => all!, lines, nul };
  }
  const heads = growingHead(bytes, start, headBytes, cut);
  return { ...heads, whole: false, all: () => (all ??= decode()), lines, nul };
}

/**
 * The head of `bytes` decoded in steps, as far as the reader reads: an eighth of `headBytes`,
 * then twice as much each time up to `cut` (the whole head, after its last '\n' before
 * `headBytes`). The sample of a 300k-deal export is ≈ 4 MB of text, that of its stage history
 * < 1 MB: decoding all 8 MB of each head cost ≈ 3× what they use (TextDecoder ≈ 10 ns a byte in
 * Node). Each step decodes only its new bytes, cut after a '\n' (never inside a character), and
 * the longest text made is kept with the first.
 */
function growingHead(
  bytes: Uint8Array,
  start: number,
  headBytes: number,
  cut: number,
): { head: string; more(text: string): string | undefined } {
  const cuts: number[] = [];
  for (let size = Math.max(1, headBytes >> 3); size < headBytes; size *= 2) {
    const at = bytes.lastIndexOf(10, start + size - 1) + 1;
    if (at > (cuts[cuts.length - 1] ?? start)) cuts.push(at);
  }
  if (cut > (cuts[cuts.length - 1] ?? start)) cuts.push(cut);
  // A piece after the first starts after a '\n': a U+FEFF there is text, not a BOM to drop.
  const piece = new TextDecoder('utf-8', { ignoreBOM: true });
  const head = new TextDecoder('utf-8').decode(bytes.subarray(start, cuts[0]));
  let longest = head;
  let built = 0;
  return {
    head,
    more(text) {
      if (text.length < longest.length) return longest;
      if (built + 1 >= cuts.length) return undefined;
      longest += piece.decode(bytes.subarray(cuts[built]!, cuts[built + 1]!));
      built++;
      return longest;
    },
  };
}

/** Delimited text (already decoded) → table. Header is the first record. */
export function readCsvText(name: string, text: string, encoding = 'utf-8'): RawTable {
  return readCsvSource(name, wholeText(text), encoding);
}

export function readCsvSource(name: string, source: TextSource, encoding: string): RawTable {
  // The sniffer's sample is the text's first SNIFF_CHARS: a head holds it unless it is shorter.
  let sample = source.head;
  while (!source.whole && sample.length <= SNIFF_CHARS) {
    const more = source.more?.(sample);
    if (more === undefined) {
      sample = source.all();
      break;
    }
    sample = more;
  }
  const sniffed = sniffCsv(sample);
  let body: string | undefined;
  const all = () => (body ??= source.all().slice(sniffed.skip));
  const head = source.whole ? all() : source.head.slice(sniffed.skip);
  // A line with millions of delimiters stops at the cap instead of becoming millions of strings.
  const opts = { delimiter: sniffed.delimiter, quote: sniffed.quote, maxFields: MAX_COLUMNS };
  // The records of the head, then of the rest: the whole text is decoded only if they are needed.
  // `width`: the header's, once it is read (a stray quote is told from a multi-line value by it).
  function* records(width?: number): Generator<CsvRecord | CsvError> {
    const o = width === undefined ? opts : { ...opts, width };
    if (source.whole) return yield* parseCsv(head, o);
    let at = yield* parseCsv(head, o, undefined, true);
    for (let text = source.more?.(source.head); text !== undefined; text = source.more?.(text))
      at = yield* parseCsv(text.slice(sniffed.skip), o, at, true);
    yield* parseCsv(all(), o, at);
  }
  let header: string[] | null = null;
  let headerLine = 0;
  for (const r of records()) {
    if (isCsvError(r))
      throw new ReadError(
        r.tooWide
          ? msg('read_tooWideHeader', { max: MAX_COLUMNS })
          : msg('read_headerLine', { line: String(r.line), problem: r.error }),
      );
    header = r.fields;
    headerLine = r.line;
    break;
  }
  if (!header) throw new ReadError(msg('read_noHeader'));
  const headers = dedupeHeaders(header);
  checkWidth(headers);
  const lineOffset = source.head.slice(0, sniffed.skip).split('\n').length - 1;
  const width = headers.length;
  const csv: NonNullable<RawTable['csv']> = {
    get text() {
      return all();
    },
    lineOffset,
    delimiter: sniffed.delimiter,
    quote: sniffed.quote,
  };
  return {
    file: name,
    headers,
    format: { type: 'csv', encoding, delimiter: sniffed.delimiter, quote: sniffed.quote },
    ruLocale:
      sniffed.delimiter === ';' || /[а-яё]/i.test(header.join(' ')) || encoding === 'windows-1251',
    lineCount: () => {
      const lines = source.lines;
      return typeof lines === 'function' ? lines(csv, width) : (lines ?? countLines(source.all()));
    },
    csv,
    *rows(onIssue?: (i: RowIssue) => void): Iterable<RawRow> {
      let first = true;
      for (const r of records(width)) {
        const row = (r.line ?? 0) + lineOffset;
        if (isCsvError(r)) {
          const q = r.strayQuote;
          const reason = q
            ? msg('read_strayQuote', {
                column:
                  q.field < headers.length
                    ? columnParam(headers[q.field]!, q.field)
                    : String(q.field + 1),
                end: String(q.endLine + lineOffset),
              })
            : r.error;
          onIssue?.({ row, reason });
          continue;
        }
        if (first && r.line === headerLine) {
          first = false;
          continue;
        }
        // Trailing delimiters (Excel pads rows) are not extra data.
        const fields = r.fields.slice(0, csvWidth(r.fields, width));
        if (fields.length !== width) {
          onIssue?.({
            row,
            reason: msg('read_rowWidth', { width, found: fields.length }),
          });
          continue;
        }
        yield { row, cells: fields };
      }
    },
  };
}

/** Lines in a text (a last line without a newline counts). */
export function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}
