/**
 * `?data=<url>`: fetches one data file, or a manifest and the files it names, under the fetch
 * rule of manifest.ts. Returns what importFiles needs; reports bytes received as it goes.
 */
import { msg } from '../../lib/message.ts';
import type { WorkerFile, WorkerOptions } from '../../ingest/protocol.ts';
import {
  allowedUrl,
  fileNameOf,
  isManifest,
  ManifestError,
  parseManifest,
  type Manifest,
} from './manifest.ts';

export interface LinkDataset {
  name: string;
  files: WorkerFile[];
  options: WorkerOptions;
  manifest: Manifest | null;
}

export interface FetchProgress {
  url: string;
  received: number;
  /** From Content-Length, when the server sends it. */
  total: number | null;
}

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** Fetches `url` into a Blob, reporting progress; clear errors for HTTP failures. */
export async function fetchBlob(
  url: URL,
  onProgress: (p: FetchProgress) => void,
  signal?: AbortSignal,
  fetchFn: Fetch = fetch,
): Promise<Blob> {
  let res: Response;
  try {
    res = await fetchFn(url.href, { signal, credentials: 'same-origin' });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ManifestError(
      msg('link_fetch', { url: url.href, reason: e instanceof Error ? e.message : String(e) }),
    );
  }
  if (!res.ok)
    throw new ManifestError(
      msg('link_http', { url: url.href, status: `${res.status} ${res.statusText}`.trim() }),
    );
  const total = Number(res.headers.get('content-length')) || null;
  if (!res.body) return res.blob();
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.length;
    onProgress({ url: url.href, received, total });
  }
  return new Blob(parts as BlobPart[], { type: res.headers.get('content-type') ?? '' });
}

/** Loads what a `data` link names. `page` is the page's URL (location.href). */
export async function loadLink(
  data: string,
  page: string,
  onProgress: (p: FetchProgress) => void,
  signal?: AbortSignal,
  fetchFn: Fetch = fetch,
): Promise<LinkDataset> {
  const url = allowedUrl(data, page, page, data);
  const blob = await fetchBlob(url, onProgress, signal, fetchFn);
  const name = fileNameOf(url);
  let json: unknown = null;
  if (/\.json$/i.test(url.pathname) || blob.type.includes('json')) {
    try {
      json = JSON.parse(await blob.text());
    } catch (e) {
      if (/\.json$/i.test(url.pathname) && !/^\s*\[/.test(await blob.slice(0, 64).text()))
        throw new ManifestError(
          msg('link_fileNotJson', { name, reason: e instanceof Error ? e.message : String(e) }),
        );
    }
  }
  if (!isManifest(json)) {
    return {
      name: name.replace(/\.[^.]+$/, ''),
      files: [{ name, blob }],
      options: {},
      manifest: null,
    };
  }
  const manifest = parseManifest(json, name.replace(/\.[^.]+$/, ''));
  const files: WorkerFile[] = [];
  const maps: NonNullable<WorkerOptions['maps']> = {};
  const seen = new Set<string>();
  for (const f of manifest.files) {
    const u = allowedUrl(f.url, url.href, page, data);
    let fname = fileNameOf(u);
    for (let k = 2; seen.has(fname); k++) fname = `${k}-${fileNameOf(u)}`;
    seen.add(fname);
    const b = await fetchBlob(u, onProgress, signal, fetchFn);
    files.push({
      name: fname,
      blob: b,
      ...(f.kind ? { kind: f.kind } : {}),
      ...(f.encoding ? { encoding: f.encoding } : {}),
    });
    if (f.map) maps[fname] = f.map as NonNullable<WorkerOptions['maps']>[string];
  }
  const options: WorkerOptions = {};
  if (Object.keys(maps).length) options.maps = maps;
  if (manifest.won) options.won = manifest.won;
  if (manifest.lost) options.lost = manifest.lost;
  return { name: manifest.name, files, options, manifest };
}
