/**
 * Datasets from a link: `?data=<url>` names one data file or a dataset manifest. Pure: parsing,
 * validation and the fetch rule, no I/O.
 *
 * The fetch rule: only http(s); the exact `data` URL may be on any origin (the person who made the
 * link chose it); every other URL — a manifest's files — must be on the page's own origin.
 */
import { MessageError, msg } from '../../../lib/message.ts';
import { TABLE_KINDS, type TableKind } from '../../../crm/vocabulary.ts';

export interface ManifestFile {
  url: string;
  kind?: TableKind;
  /** role → column header, as in ImportOptions.maps. */
  map?: Record<string, string | null>;
  encoding?: string;
}

export interface Manifest {
  name: string;
  files: ManifestFile[];
  won?: string[];
  lost?: string[];
  reports?: { name: string; spec: unknown }[];
}

/** A dataset link or manifest that is refused; the message says why. */
export class ManifestError extends MessageError {
  override name = 'ManifestError';
}

/** The most files a manifest may name: each is a download and a table the tab has to hold. */
export const MAX_MANIFEST_FILES = 50;

const TOP_KEYS = new Set(['name', 'files', 'won', 'lost', 'reports']);
const FILE_KEYS = new Set(['url', 'kind', 'map', 'encoding']);

/** Resolves `url` against `base` and applies the fetch rule; throws ManifestError when refused. */
export function allowedUrl(url: string, base: string, page: string, dataUrl: string): URL {
  let u: URL;
  try {
    u = new URL(url, base);
  } catch {
    throw new ManifestError(msg('link_badUrl', { url }));
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new ManifestError(msg('link_protocol', { protocol: u.protocol, url }));
  const exact = u.href === new URL(dataUrl, page).href;
  if (!exact && u.origin !== new URL(page).origin)
    throw new ManifestError(msg('link_otherSite', { url: u.href, origin: u.origin }));
  return u;
}

const isObj = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function strings(x: unknown, what: string): string[] {
  if (!Array.isArray(x) || !x.every((v) => typeof v === 'string'))
    throw new ManifestError(msg('manifest_strings', { key: what }));
  return x as string[];
}

/** Whether parsed JSON looks like a manifest (an object with `files`) rather than data. */
export function isManifest(json: unknown): boolean {
  return isObj(json) && 'files' in json;
}

/** Validates a parsed manifest. Unknown keys are errors, so a typo does not pass silently. */
export function parseManifest(json: unknown, fallbackName = 'dataset'): Manifest {
  if (!isObj(json)) throw new ManifestError(msg('manifest_object'));
  for (const k of Object.keys(json))
    if (!TOP_KEYS.has(k)) throw new ManifestError(msg('manifest_unknownKey', { key: k }));
  const name = json.name ?? fallbackName;
  if (typeof name !== 'string' || name.trim() === '') throw new ManifestError(msg('manifest_name'));
  if (!Array.isArray(json.files) || json.files.length === 0)
    throw new ManifestError(msg('manifest_files'));
  if (json.files.length > MAX_MANIFEST_FILES)
    throw new ManifestError(
      msg('manifest_tooMany', { n: json.files.length, max: MAX_MANIFEST_FILES }),
    );
  const files = json.files.map((f, i): ManifestFile => {
    const at = `files[${i}]`;
    if (typeof f === 'string') return { url: f };
    if (!isObj(f)) throw new ManifestError(msg('manifest_file', { at }));
    for (const k of Object.keys(f))
      if (!FILE_KEYS.has(k)) throw new ManifestError(msg('manifest_fileKey', { key: k, at }));
    if (typeof f.url !== 'string' || f.url === '')
      throw new ManifestError(msg('manifest_url', { at }));
    const out: ManifestFile = { url: f.url };
    if (f.kind !== undefined) {
      if (!TABLE_KINDS.includes(f.kind as TableKind))
        throw new ManifestError(msg('manifest_kind', { at, kinds: TABLE_KINDS }));
      out.kind = f.kind as TableKind;
    }
    if (f.map !== undefined) {
      if (!isObj(f.map) || !Object.values(f.map).every((v) => v === null || typeof v === 'string'))
        throw new ManifestError(msg('manifest_map', { at }));
      out.map = f.map as Record<string, string | null>;
    }
    if (f.encoding !== undefined) {
      if (typeof f.encoding !== 'string') throw new ManifestError(msg('manifest_encoding', { at }));
      out.encoding = f.encoding;
    }
    return out;
  });
  const m: Manifest = { name: name.trim(), files };
  if (json.won !== undefined) m.won = strings(json.won, 'won');
  if (json.lost !== undefined) m.lost = strings(json.lost, 'lost');
  if (json.reports !== undefined) {
    if (!Array.isArray(json.reports)) throw new ManifestError(msg('manifest_reports'));
    m.reports = json.reports.map((r, i) => {
      if (!isObj(r) || typeof r.name !== 'string' || !isObj(r.spec))
        throw new ManifestError(msg('manifest_report', { i }));
      return { name: r.name, spec: r.spec };
    });
  }
  return m;
}

/** The file name a URL stands for (its last path segment), for the report and the mapping. */
export function fileNameOf(url: URL): string {
  const last = decodeURIComponent(url.pathname.split('/').filter(Boolean).at(-1) ?? '');
  return last || url.hostname || 'data';
}
