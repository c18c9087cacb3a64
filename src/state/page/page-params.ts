/**
 * The page URL: the report spec (src/query/url.ts) plus the page's own parameters — `lang`,
 * `demo` (the demo dataset's size) and `data` (a dataset link, kept as it is). Pure.
 */
import { LANGS, type Lang } from '../../lib/i18n.ts';
import { PAGE_KEYS, decodeSpec, encodeSpec } from '../../query/spec/url.ts';
import type { ReportSpec } from '../../query/spec/spec.ts';
import { messageOf, msg, sentences, type Message } from '../../lib/message.ts';

/** The largest demo a link may ask for (the benchmark's ceiling; more would exhaust a tab). */
export const MAX_DEMO_DEALS = 2_000_000;

export interface PageParams {
  /** The spec in the link, when it has one and it is valid. */
  spec: ReportSpec | null;
  /** Why the link's spec (or a page parameter) was refused. */
  error: Message | null;
  lang: Lang | null;
  demoDeals: number | null;
}

/** Whether the search string carries a report at all (anything but the page's own parameters). */
export function hasSpec(params: URLSearchParams): boolean {
  for (const key of params.keys()) if (!(PAGE_KEYS as readonly string[]).includes(key)) return true;
  return false;
}

/** Reads a page URL's search string. Never throws: a bad link gives `error` and no spec. */
export function readPageParams(search: string): PageParams {
  const params = new URLSearchParams(search);
  const errors: Message[] = [];
  const langRaw = params.get('lang');
  const lang = LANGS.includes(langRaw as Lang) ? (langRaw as Lang) : null;
  if (langRaw !== null && lang === null) errors.push(msg('link_lang', { langs: LANGS }));
  let demoDeals: number | null = null;
  const demo = params.get('demo');
  if (demo !== null) {
    const n = /^\d+$/.test(demo) ? Number(demo) : NaN;
    if (n >= 1) demoDeals = Math.min(n, MAX_DEMO_DEALS);
    else errors.push(msg('link_demo', { max: String(MAX_DEMO_DEALS) }));
  }
  let spec: ReportSpec | null = null;
  if (hasSpec(params)) {
    try {
      spec = decodeSpec(params);
    } catch (e) {
      errors.push(messageOf(e));
    }
  }
  return { spec, error: sentences(errors), lang, demoDeals };
}

/**
 * The search string for a spec, keeping the page's own parameters of `current` (the dataset link,
 * the demo size) and setting `lang`.
 */
export function pageSearch(spec: ReportSpec, current: string, lang: Lang): string {
  const old = new URLSearchParams(current);
  const out = new URLSearchParams();
  for (const key of PAGE_KEYS) {
    const v = key === 'lang' ? lang : old.get(key);
    if (v !== null) out.set(key, v);
  }
  for (const [k, v] of encodeSpec(spec)) out.set(k, v);
  // Commas, colons and slashes are safe in a query string and keep links readable (a literal
  // `%2C` inside a value was encoded as `%252C`, so only separators are touched).
  return `?${out.toString().replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%2F/g, '/')}`;
}
