/**
 * The page URL: the page's own parameters in the query — `lang`, `demo` (the demo dataset's size),
 * `data` (the dataset link), and `engine=clickhouse&url=…[&database=…][&user=…]` (a ClickHouse
 * server to connect to; never a password) — and the report spec (src/query/spec/url.ts) after
 * `#`. Pure. A fragment naming only a preset (`#preset=funnel`, optionally with `from`/`to`) is
 * a preset link: it opens that report as the gallery would build it on the data loaded.
 */
import { LANGS, type Lang } from '../../lib/i18n.ts';
import { PAGE_KEYS, decodeSpec, encodeSpec } from '../../query/spec/url.ts';
import type { Period, ReportSpec } from '../../query/spec/spec.ts';
import { PRESET_IDS, isPresetId, type PresetId } from '../../crm/presets.ts';
import { messageOf, msg, type Message } from '../../lib/message.ts';

/** The largest demo a link may ask for (the benchmark's ceiling; more would exhaust a tab). */
export const MAX_DEMO_DEALS = 2_000_000;

/** A ClickHouse server the page connects to (the password is asked for, never in a link). */
export interface ServerLink {
  url: string;
  database: string | null;
  user: string | null;
}

/** The page parameters naming a server, in the order a link writes them. */
const SERVER_KEYS = ['engine', 'url', 'database', 'user'] as const;

export interface PageParams {
  /** The spec in the link, when it has one and it is valid. */
  spec: ReportSpec | null;
  /** Why the link's spec (or a page parameter) was refused. */
  error: Message | null;
  /**
   * Whether `error` refused the link's report (its spec or preset); false when only a page
   * parameter (`lang`, `demo`, `local`, the server's) was, and the report opens as linked.
   */
  reportRefused: boolean;
  lang: Lang | null;
  demoDeals: number | null;
  /** `engine=clickhouse&url=…`: the server whose dialog opens pre-filled. */
  server: ServerLink | null;
  /** A link naming only a preset (then `spec` is null): the report to build on the data. */
  preset: PresetLink | null;
  /**
   * `local=1`: the report was made on data imported in the sender's browser, which no link
   * carries (`localNote`).
   */
  local: boolean;
}

/** `#preset=<id>[&from=…&to=…]`: a preset's report, built on whatever data the page loads. */
export interface PresetLink {
  id: PresetId;
  period: Period | null;
}

/** The report keys a preset link may carry besides `preset`: the spec version and a period. */
const PRESET_LINK_KEYS = new Set(['v', 'preset', 'from', 'to']);

/**
 * The preset a link names when it names nothing else of a report (a host's menu linking to
 * "the funnel", whatever the data); undefined for any other link. A name that is no preset is
 * an error naming the ones there are.
 */
function presetLink(
  params: URLSearchParams,
  spec: ReportSpec,
  errors: Message[],
): PresetLink | null | undefined {
  if (spec.preset === undefined) return undefined;
  for (const key of params.keys())
    if (!PRESET_LINK_KEYS.has(key) && !(PAGE_KEYS as readonly string[]).includes(key))
      return undefined;
  if (!isPresetId(spec.preset)) {
    errors.push(msg('link_preset', { id: spec.preset, ids: PRESET_IDS.join(', ') }));
    return null;
  }
  return { id: spec.preset, period: spec.period };
}

/**
 * The server a link names, from the query or (like the report) after `#`; `engine` other than
 * `clickhouse`, or a `url` that is not http(s), is refused with a message.
 */
function readServer(
  search: URLSearchParams,
  hash: URLSearchParams,
  errors: Message[],
): ServerLink | null {
  const from = search.has('engine') || search.has('url') ? search : hash;
  const engine = from.get('engine');
  const url = from.get('url');
  if (engine === null && url === null) return null;
  if (engine !== 'clickhouse') {
    errors.push(msg('link_engine', { engine: engine ?? '' }));
    return null;
  }
  if (!url || !/^https?:\/\/[^/@\s]+(\/[^@\s]*)?$/i.test(url)) {
    errors.push(msg('link_at', { key: 'url', problem: msg('ch_badUrl', { url: url ?? '' }) }));
    return null;
  }
  return { url, database: from.get('database') || null, user: from.get('user') || null };
}

/** Whether the search string carries a report at all (anything but the page's own parameters). */
export function hasSpec(params: URLSearchParams): boolean {
  for (const key of params.keys()) if (!(PAGE_KEYS as readonly string[]).includes(key)) return true;
  return false;
}

/**
 * Whether a URL fragment is a report (`#v=1&rows=…`) rather than an anchor the page jumps to
 * (`#report-result`): report parameters always come as `key=value`.
 */
export function hashHasSpec(hash: string): boolean {
  return hash.replace(/^#/, '').includes('=');
}

/**
 * Where a URL keeps its report: after `#` in links written since reports moved there (the
 * fragment never reaches the host, so filter values — client names — stay in the browser), in
 * the query string in older links, which keep working. The fragment wins when both have one.
 */
export function specParams(search: string, hash: string): URLSearchParams | null {
  if (hashHasSpec(hash)) return new URLSearchParams(hash.replace(/^#/, ''));
  const params = new URLSearchParams(search);
  return hasSpec(params) ? params : null;
}

/** Reads a page URL's search string and fragment. Never throws: a bad link gives `error`. */
export function readPageParams(search: string, hash = ''): PageParams {
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
    else errors.push(msg('link_demo', { max: MAX_DEMO_DEALS }));
  }
  const localRaw = params.get('local');
  if (localRaw !== null && localRaw !== '1') errors.push(msg('link_local'));
  let spec: ReportSpec | null = null;
  let preset: PresetLink | null = null;
  const specIn = specParams(search, hash);
  const pageErrors = errors.length;
  if (specIn) {
    try {
      spec = decodeSpec(specIn);
      const named = presetLink(specIn, spec, errors);
      if (named !== undefined) [spec, preset] = [null, named];
    } catch (e) {
      const m = messageOf(e);
      // Link errors are sentences of their own; a spec's is a clause, said of the link's report.
      errors.push(m.code.startsWith('link_') ? m : msg('link_spec', { problem: m }));
    }
  }
  const reportRefused = errors.length > pageErrors;
  const server = readServer(params, new URLSearchParams(hash.replace(/^#/, '')), errors);
  return {
    spec,
    // Each a sentence of its own, shown after the banner's: one after the other, no "; ".
    error: errors.reduce<Message | null>((a, b) => (a ? msg('link_and', { a, b }) : b), null),
    reportRefused,
    lang,
    demoDeals,
    server,
    preset,
    local: localRaw === '1',
  };
}

/**
 * What to tell someone who opened a link to a report made on data imported in the sender's
 * browser (`local=1`) when the page shows other data (the demo, a dataset of its own): the link
 * does not carry the data, so the numbers are not the sender's. Null when the page shows data
 * of this browser's own import (the sender reopening the link) or the link has no `local`.
 */
export function localNote(page: PageParams, showsLocal: boolean): Message | null {
  return page.local && !showsLocal ? msg('link_localData') : null;
}

// Commas, colons, slashes, `@` and `~` are safe in a query string and a fragment and keep links
// readable (`sort=revenue:desc@2024-Q3`, `~` an empty member): a literal `%2C` or `%40` inside a
// value was encoded as `%252C` or `%2540`, so only separators are touched.
const readable = (p: URLSearchParams) =>
  p
    .toString()
    .replace(/%2C/g, ',')
    .replace(/%3A/g, ':')
    .replace(/%2F/g, '/')
    .replace(/%40/g, '@')
    .replace(/%7E/g, '~');

/**
 * The page URL (search and fragment) for a spec: the page's own parameters in the query — `lang`
 * set, `demo` kept from `current`, `data` set to `data` and the server's to `server` (null
 * removes it, undefined keeps it), `local=1` while `local` (false removes it, undefined keeps
 * it) — and the report after `#`. A report in `current`'s query (an
 * old link) moves to the fragment.
 */
export function pageUrl(
  spec: ReportSpec,
  current: string,
  lang: Lang,
  data?: string | null,
  server?: ServerLink | null,
  local?: boolean,
): string {
  const old = new URLSearchParams(current);
  const out = new URLSearchParams();
  const named: Record<(typeof SERVER_KEYS)[number], string | null> | undefined =
    server === undefined
      ? undefined
      : {
          engine: server ? 'clickhouse' : null,
          url: server?.url ?? null,
          database: server?.database ?? null,
          user: server?.user ?? null,
        };
  for (const key of PAGE_KEYS) {
    const v =
      key === 'lang'
        ? lang
        : key === 'data' && data !== undefined
          ? data
          : key === 'local' && local !== undefined
            ? local
              ? '1'
              : null
            : named && (SERVER_KEYS as readonly string[]).includes(key)
              ? named[key as (typeof SERVER_KEYS)[number]]
              : old.get(key);
    if (v !== null) out.set(key, v);
  }
  const search = out.size > 0 ? `?${readable(out)}` : '';
  return `${search}#${readable(encodeSpec(spec))}`;
}
