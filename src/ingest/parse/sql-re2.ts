/**
 * JS's own tests on text as SQL: `String.prototype.trim`'s spaces and JS regular expressions as
 * RE2 (DuckDB's engine), for the rules of `sql-rules.ts` and `sql-dates.ts`.
 */
import { quoteString as s } from '../../query/sql/escape.ts';
import { NULL_TOKENS } from './values.ts';

/** Every UTF-16 unit `String.prototype.trim` removes (and `\s` matches), asked of the JS engine itself. */
export const JS_SPACE = (() => {
  let out = '';
  for (let c = 0; c < 0x10000; c++) {
    const ch = String.fromCharCode(c);
    if (ch.trim() === '') out += ch;
  }
  return out;
})();

const hex = (c: number) => `\\x{${c.toString(16)}}`;
const SPACE_CLASS = [...JS_SPACE].map((ch) => hex(ch.charCodeAt(0))).join('');
/** JS `.` without the `s` flag: anything but a line terminator. */
const JS_DOT = `[^${hex(10)}${hex(13)}${hex(0x2028)}${hex(0x2029)}]`;

/**
 * A JS regular expression as RE2 (DuckDB's engine): `\d`, `\s`, `.` and `\uXXXX` spelled out
 * with JS's meaning (RE2's `\s` and `.` differ), the `i` flag as `(?i)`. Anything this does not
 * know how to translate throws, so a new rule cannot silently mean something else in SQL.
 */
export function re2(re: RegExp): string {
  const src = re.source;
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      i++;
      if (n === 'd') out += inClass ? '0-9' : '[0-9]';
      else if (n === 's') out += inClass ? SPACE_CLASS : `[${SPACE_CLASS}]`;
      else if (n === 'u') {
        out += hex(parseInt(src.slice(i + 1, i + 5), 16));
        i += 4;
      } else if (n === '/') out += '/';
      else if (/[.()[\]{}?*+|^$\\-]/.test(n)) out += `\\${n}`;
      else throw new Error(`re2: cannot translate \\${n} in /${src}/`);
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '.') out += JS_DOT;
    else out += c;
  }
  if (/[^giu]/.test(re.flags)) throw new Error(`re2: flags ${re.flags} of /${src}/`);
  return (re.flags.includes('i') ? '(?i)' : '') + out;
}

/** A list literal; `list_contains` on it, not `IN`, which DuckDB plans as a join for long lists. */
export const list = (xs: Iterable<string>) => `[${[...xs].map(s).join(', ')}]`;

/**
 * A fast test on the raw text: `re` matches, and the text is no "no value" marker (checked only
 * when a marker could match). A text with a space at either end never matches these shapes, so
 * the raw text is the trimmed one.
 */
export function fastTest(raw: string, re: string, extra = ''): string {
  const js = new RegExp(re);
  const marker = [...NULL_TOKENS].some((v) => js.test(v));
  return `(regexp_matches(${raw}, ${s(re)})${extra}${marker ? ` AND NOT list_contains(${list(NULL_TOKENS)}, ${raw})` : ''})`;
}
