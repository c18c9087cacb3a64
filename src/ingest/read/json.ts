/**
 * JSON exports (an array of records, or JSON lines) → RawTable. `JSON.parse` turns every number
 * into a double, so `12345678901234567890` would be `12345678901234567000` before any check saw
 * it, and an id column would lose digits silently where a CSV file's keeps them. The one pass
 * that measures the nesting also finds the number tokens a double cannot hold as written (the
 * rule of `parse/precision.ts`); only when there are some is the text parsed again with them
 * kept as written: a whole number as a bigint (exact; counted and loaded like a Parquet int64),
 * any other as its text (which a number column reads, counts and reports like a CSV value).
 *
 * Not `JSON.parse`'s source text access (`context.source` in a reviver): Node 20's V8 lacks it.
 */
import { msg } from '../../lib/message.ts';
import { EXACT_DIGITS, roundsText } from '../parse/precision.ts';
import { ReadError } from './errors.ts';
import { JSON_FACTOR, MAX_JSON_DEPTH } from './limits.ts';
import { objectTable } from './object-table.ts';
import { checkParsedSize } from './zip.ts';
import type { RawTable } from '../types.ts';

/** Reads JSON text: an array of records, or one record a line. */
export function readJson(name: string, text: string, encoding: string, budget?: number): RawTable {
  // Parsing makes every record at once; what that costs is known before it starts.
  checkParsedSize(text.length * JSON_FACTOR, budget);
  const scan = scanJson(text, MAX_JSON_DEPTH);
  if (scan.depth > MAX_JSON_DEPTH)
    throw new ReadError(msg('read_jsonDepth', { max: MAX_JSON_DEPTH }));
  let data: unknown;
  try {
    data = parseKept(text, scan.exact);
  } catch (e) {
    throw new ReadError(msg('read_json', { reason: (e as Error).message }));
  }
  if (!Array.isArray(data)) throw new ReadError(msg('read_jsonArray'));
  const objects = data.filter(
    (o): o is Record<string, unknown> => typeof o === 'object' && o !== null && !Array.isArray(o),
  );
  const keys = new Set<string>();
  for (const o of objects) for (const k of Object.keys(o)) keys.add(k);
  if (keys.size === 0)
    throw new ReadError(data.length > 0 ? msg('read_jsonRecords') : msg('read_noHeader'));
  return objectTable(name, [...keys], objects, { type: 'json', encoding });
}

function parse(t: string, reviver?: (k: string, v: unknown) => unknown): unknown {
  return t.startsWith('[')
    ? JSON.parse(t, reviver)
    : t
        .split(/\r?\n/)
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l, reviver) as unknown);
}

/** The parsed text, the number tokens at `exact` (`[from, to)`) kept as written. */
function parseKept(text: string, exact: [number, number][]): unknown {
  if (exact.length === 0) return parse(text.trim());
  const mark = markFor(text);
  const parts: string[] = [];
  let at = 0;
  for (const [from, to] of exact) {
    parts.push(text.slice(at, from), `"${mark}`, text.slice(from, to), '"');
    at = to;
  }
  parts.push(text.slice(at));
  return parse(parts.join('').trim(), (_k, v) =>
    typeof v === 'string' && v.startsWith(mark) ? keptNumber(v.slice(mark.length)) : v,
  );
}

/**
 * What marks a token turned into a string: a private-use character the text holds neither raw
 * nor escaped, so no string of the file can start with it.
 */
function markFor(text: string): string {
  for (let code = 0xe000; ; code++) {
    const mark = String.fromCharCode(code);
    const hex = code.toString(16);
    if (!text.includes(mark) && !new RegExp(`\\\\u${hex}`, 'i').test(text)) return mark;
  }
}

function keptNumber(token: string): bigint | string {
  return /^-?\d+$/.test(token) ? BigInt(token) : token;
}

/** The number tokens of JSON text a double would round (`[from, to)`, in order). */
export function exactNumbers(text: string): [number, number][] {
  return scanJson(text, Infinity).exact;
}

/**
 * One pass over JSON text: its deepest bracket nesting outside strings (stopping once past
 * `max`: linear, no recursion, so a file of a million `[` is refused rather than overflowing) and
 * the number tokens a double would round. Outside strings a token starts at `-` or a digit; one
 * of 15 characters or fewer cannot round (`mayRound`), so only longer ones are looked at, and an
 * ordinary file's numbers cost their characters' tests only. A malformed token is left as it
 * is, for the parse to refuse.
 */
function scanJson(text: string, max: number): { depth: number; exact: [number, number][] } {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  const exact: [number, number][] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > deepest && (deepest = depth) > max) return { depth: deepest, exact };
    } else if (c === 93 || c === 125) depth--;
    else if (c === 45 || (c >= 48 && c <= 57)) {
      let end = i + 1;
      while (end < text.length && numberChar(text.charCodeAt(end))) end++;
      if (end - i > EXACT_DIGITS) {
        const token = text.slice(i, end);
        if (NUMBER.test(token) && roundsText(token, '.')) exact.push([i, end]);
      }
      i = end - 1;
    }
  }
  return { depth: deepest, exact };
}

/** A JSON number token (RFC 8259). */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Digits, `.`, `e`/`E`, `+` and `-`: what a JSON number token is made of. */
function numberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}
