/**
 * An RFC 4180 CSV reader that never gives up on a file: a broken record (unclosed quote) is
 * reported with its line and skipped, and reading goes on from the next line.
 */
import { msg, type Message } from '../../../lib/message.ts';

export interface CsvOptions {
  delimiter: string;
  quote: string;
  /** A record with more fields is an error (`tooWide`); the rest of its line is skipped unsplit. */
  maxFields?: number;
  /**
   * The header's width, once it is read. A record that runs on over several lines through a
   * quoted field, and then has another width or text after that field's closing quote, is a
   * stray quote, not a value with line breaks: it is an error (`strayQuote`), and reading goes
   * on from the next line, as for an unclosed quote. Otherwise the quote swallowed the good
   * rows down to the file's next quote (often a quote inside a value: `con"struction`).
   */
  width?: number;
}

/** One record: `line` is the 1-based line where it starts (multi-line fields span more). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

export interface CsvError {
  line: number;
  error: Message;
  tooWide?: boolean;
  /** A stray quote: the 0-based field it opened in and the line it closed on. */
  strayQuote?: { field: number; endLine: number };
}

const UNCLOSED_QUOTE = msg('read_unclosedQuote');
const LF = 10;
const CR = 13;

/** A place in the text between two records: its position and 1-based line. */
export interface CsvAt {
  pos: number;
  line: number;
}

/**
 * Yields records and errors in file order. Blank lines are skipped. `from`: where to start (a
 * place another call returned). `partial`: the text is only the start of the file, cut just after
 * a '\n'; a record whose quoted field does not close within it may close further on, so parsing
 * stops before it instead of calling it broken. Returns where it stopped, for the next call to
 * go on from over the whole text: every record before that is the one the whole text gives,
 * since no other rule looks past a record's own line end.
 */
export function* parseCsv(
  text: string,
  opts: CsvOptions,
  from: CsvAt = { pos: 0, line: 1 },
  partial = false,
): Generator<CsvRecord | CsvError, CsvAt> {
  const { delimiter, quote } = opts;
  const maxFields = opts.maxFields ?? Infinity;
  const d = delimiter.charCodeAt(0);
  const q = quote.charCodeAt(0);
  const n = text.length;
  let pos = from.pos;
  let line = from.line;
  while (pos < n) {
    const startLine = line;
    const startPos = pos;
    const fields: string[] = [];
    let broken = false;
    let wide = false;
    /** The first field whose quotes hold a line break, and the line its quote closes on. */
    let spanned: { field: number; endLine: number } | null = null;
    /** The first such field with text after its closing quote: no real value closes so. */
    let loose: { field: number; endLine: number } | null = null;
    for (;;) {
      let value: string;
      if (text.charCodeAt(pos) === q) {
        value = '';
        let p = pos + 1;
        for (;;) {
          const close = text.indexOf(quote, p);
          if (close < 0) {
            broken = true;
            break;
          }
          value += text.slice(p, close);
          if (text.charCodeAt(close + 1) === q) {
            value += quote;
            p = close + 2;
          } else {
            p = close + 1;
            break;
          }
        }
        if (broken) break;
        const lfs = countLf(text, pos, p);
        line += lfs;
        pos = p;
        // Lenient: text between a closing quote and the delimiter is kept, as spreadsheets do.
        const end = fieldEnd(text, pos, d);
        if (lfs > 0) {
          spanned ??= { field: fields.length, endLine: line };
          if (end > pos) loose ??= { field: fields.length, endLine: line };
        }
        if (end > pos) value += text.slice(pos, end);
        pos = end;
      } else {
        const end = fieldEnd(text, pos, d);
        value = text.slice(pos, end);
        pos = end;
      }
      fields.push(value);
      const c = text.charCodeAt(pos);
      if (c === d) {
        pos++;
        if (fields.length >= maxFields) {
          wide = true;
          break;
        }
        continue;
      }
      if (c === CR) pos += text.charCodeAt(pos + 1) === LF ? 2 : 1;
      else if (c === LF) pos++;
      line++;
      break;
    }
    if (wide) {
      yield {
        line: startLine,
        error: msg('read_tooManyFields', { max: maxFields }),
        tooWide: true,
      };
      const nl = text.indexOf('\n', pos);
      pos = nl < 0 ? n : nl + 1;
      line++;
      continue;
    }
    if (broken) {
      if (partial) return { pos: startPos, line: startLine };
      yield { line: startLine, error: UNCLOSED_QUOTE };
      // Resume on the line after the one where the broken record started.
      const nl = text.indexOf('\n', startPos);
      pos = nl < 0 ? n : nl + 1;
      line = startLine + 1;
      continue;
    }
    if (fields.length === 1 && fields[0] === '') continue;
    const stray =
      opts.width === undefined
        ? null
        : (loose ?? (spanned && width(fields, opts.width) !== opts.width ? spanned : null));
    if (stray) {
      yield {
        line: startLine,
        error: msg('read_strayQuote', {
          column: String(stray.field + 1),
          end: String(stray.endLine),
        }),
        strayQuote: stray,
      };
      const nl = text.indexOf('\n', startPos);
      pos = nl < 0 ? n : nl + 1;
      line = startLine + 1;
      continue;
    }
    yield { line: startLine, fields };
  }
  return { pos, line };
}

/** A record's width as a table reads it: trailing empty fields past the header's (Excel pads rows) do not count. */
export function width(fields: readonly string[], header: number): number {
  let k = fields.length;
  while (k > header && fields[k - 1] === '') k--;
  return k;
}

function fieldEnd(text: string, from: number, d: number): number {
  let i = from;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === d || c === LF || c === CR) return i;
    i++;
  }
  return n;
}

function countLf(text: string, from: number, to: number): number {
  let k = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) k++;
  return k;
}

export function isCsvError(r: CsvRecord | CsvError): r is CsvError {
  return 'error' in r;
}
